#include "DiagnosisPanel.h"

#include "SeverityStyle.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace paybench::ui {

DiagnosisPanel::DiagnosisPanel(QWidget *parent)
    : ProviderPanel(parent), m_diagnosis(new support::PaymentDiagnosis(this)),
      m_bundle(new support::SupportBundleBuilder(this)), m_paymentId(new QLineEdit(this)),
      m_start(new QPushButton(tr("Diagnose"), this)),
      m_saveBundle(new QPushButton(tr("Save support bundle..."), this)),
      m_probeInBundle(new QCheckBox(tr("with probe"), this)), m_summary(new QLabel(this)),
      m_findings(new QTreeWidget(this)), m_timeline(new QTreeWidget(this))
{
    m_paymentId->setPlaceholderText(tr("payment id, e.g. pay_3f9c..."));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_probeInBundle->setChecked(true);
    m_findings->setHeaderLabels({tr("Finding"), tr("Severity"), tr("Advice")});
    m_findings->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_findings->setWordWrap(true);
    m_timeline->setHeaderLabels({tr("#"), tr("When (UTC)"), tr("Source"), tr("What")});
    m_timeline->header()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_timeline->setRootIsDecorated(false);
    m_timeline->setAlternatingRowColors(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Payment:"), this));
    bar->addWidget(m_paymentId, 1);
    bar->addWidget(m_start);
    bar->addSpacing(12);
    bar->addWidget(m_probeInBundle);
    bar->addWidget(m_saveBundle);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_findings);
    split->addWidget(m_timeline);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);

    connect(m_start, &QPushButton::clicked, this, &DiagnosisPanel::startDiagnosis);
    connect(m_paymentId, &QLineEdit::returnPressed, this, &DiagnosisPanel::startDiagnosis);
    connect(m_diagnosis, &support::PaymentDiagnosis::diagnosisFinished, this,
            [this](const support::DiagnosisReport &report) {
                showReport(report);
                emit diagnosisFinished(report);
            });
    connect(m_saveBundle, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save support bundle"),
            QStringLiteral("paybench-support-%1.zip").arg(provider()), tr("Zip archives (*.zip)"));
        if (!path.isEmpty())
            saveBundle(path, m_probeInBundle->isChecked());
    });
    connect(m_bundle, &support::SupportBundleBuilder::progressed, m_summary, &QLabel::setText);
    connect(m_bundle, &support::SupportBundleBuilder::bundleFinished, this,
            [this](bool ok, const QString &path, const QString &error, const QStringList &notes) {
                m_saveBundle->setEnabled(providerInstance() != nullptr);
                m_summary->setText(
                    ok ? tr("Support bundle written to %1. No credential value is in it.%2")
                             .arg(path.toHtmlEscaped(),
                                  notes.isEmpty()
                                      ? QString()
                                      : QStringLiteral("<br>") +
                                            notes.join(QStringLiteral("<br>")).toHtmlEscaped())
                       : tr("The support bundle was not written: %1").arg(error.toHtmlEscaped()));
                emit bundleFinished(ok, path, error);
            });
    providerChanged();
}

void DiagnosisPanel::setPaymentId(const QString &paymentId)
{
    m_paymentId->setText(paymentId);
}

void DiagnosisPanel::providerChanged()
{
    const bool ready = providerInstance() != nullptr;
    m_start->setEnabled(ready && !m_diagnosis->isRunning());
    m_saveBundle->setEnabled(ready && !m_bundle->isRunning());
    if (!ready)
        m_summary->setText(tr("Choose a provider, type the payment id and press Diagnose."));
}

void DiagnosisPanel::startDiagnosis()
{
    const QString paymentId = m_paymentId->text().trimmed();
    if (paymentId.isEmpty() || !providerInstance()) {
        m_summary->setText(tr("Type the payment id the customer or Openfront reported."));
        return;
    }
    m_start->setEnabled(false);
    m_summary->setText(tr("Asking the gateway about %1...").arg(paymentId.toHtmlEscaped()));
    withCallTarget(
        [this, paymentId](const std::optional<contract::CallTarget> &target, const QString &error) {
            if (!target) {
                m_summary->setText(tr("Cannot diagnose: %1").arg(error.toHtmlEscaped()));
                m_start->setEnabled(true);
                return;
            }
            const QVector<client::HistoryEntry> entries =
                history() && history()->isOpen()
                    ? support::paymentHistory(*history(), target->code, paymentId)
                    : QVector<client::HistoryEntry>();
            m_diagnosis->start(*target, paymentId, entries);
        });
}

void DiagnosisPanel::saveBundle(const QString &path, bool probe)
{
    if (!workspace() || !providerInstance())
        return;
    support::SupportBundleRequest request;
    request.workspace = *workspace();
    request.providerCode = provider();
    request.outputPath = path;
    request.probe = probe;
    request.paymentId = m_paymentId->text().trimmed();
    m_saveBundle->setEnabled(false);
    m_bundle->start(request, credentialResolver(), history());
}

void DiagnosisPanel::showReport(const support::DiagnosisReport &report)
{
    m_report = report;
    m_start->setEnabled(providerInstance() != nullptr);
    m_summary->setText(tr("Payment <b>%1</b>: <b style='color:%2'>%3</b>, %4 event(s), %5 "
                          "contradiction(s)")
                           .arg(report.paymentId.toHtmlEscaped(),
                                severityColor(report.result()).name(),
                                contract::severityName(report.result()))
                           .arg(report.timeline.size())
                           .arg(report.contradictions.size()));
    m_findings->clear();
    auto *contradictions = new QTreeWidgetItem(m_findings, {tr("Contradictions")});
    for (const support::Contradiction &c : report.contradictions) {
        auto *item = new QTreeWidgetItem(contradictions,
                                         {c.message, contract::severityName(c.severity), c.advice});
        item->setForeground(1, severityColor(c.severity));
        item->setToolTip(0, c.message);
        item->setToolTip(2, c.advice);
    }
    if (report.contradictions.isEmpty())
        new QTreeWidgetItem(contradictions, {tr("none")});
    for (const contract::CallResult &call : report.calls) {
        auto *top = new QTreeWidgetItem(
            m_findings,
            {functionSlug(call.call.function) + tr(" (now)"),
             contract::severityName(call.contract.result()),
             call.answer ? QString::fromUtf8(json::stringify(call.call.masker.mask(*call.answer)))
                         : call.failureDetails});
        top->setForeground(1, severityColor(call.contract.result()));
        for (const contract::Finding &finding : call.contract.findings) {
            if (finding.severity == contract::Severity::Pass)
                continue;
            auto *item = new QTreeWidgetItem(
                top, {finding.message, contract::severityName(finding.severity), finding.advice});
            item->setForeground(1, severityColor(finding.severity));
        }
    }
    m_findings->expandAll();
    m_findings->resizeColumnToContents(0);
    m_findings->resizeColumnToContents(1);

    m_timeline->clear();
    for (int i = 0; i < report.timeline.size(); ++i) {
        const support::TimelineEvent &event = report.timeline[i];
        new QTreeWidgetItem(m_timeline, {QString::number(i), event.at.toUTC().toString(Qt::ISODate),
                                         event.source, event.summary});
    }
    for (int column = 0; column < 3; ++column)
        m_timeline->resizeColumnToContents(column);
}

} // namespace paybench::ui
