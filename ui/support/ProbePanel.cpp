#include "ProbePanel.h"

#include "SeverityStyle.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace paybench::ui {

ProbePanel::ProbePanel(QWidget *parent)
    : ProviderPanel(parent), m_probe(new support::ConnectivityProbe(this)),
      m_summary(new QLabel(this)), m_timeout(new QSpinBox(this)),
      m_start(new QPushButton(tr("Probe"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_tree(new QTreeWidget(this))
{
    m_timeout->setRange(1, 120);
    m_timeout->setValue(5);
    m_timeout->setSuffix(tr(" s per step"));
    m_cancel->setEnabled(false);
    m_summary->setWordWrap(true);
    m_tree->setColumnCount(4);
    m_tree->setHeaderLabels({tr("Function / step"), tr("Result"), tr("Time"), tr("Details")});
    m_tree->header()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_tree->setAlternatingRowColors(true);
    m_tree->setWordWrap(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(new QLabel(tr("Time limit:"), this));
    bar->addWidget(m_timeout);
    bar->addWidget(m_start);
    bar->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_tree, 1);

    connect(m_start, &QPushButton::clicked, this, &ProbePanel::startProbe);
    connect(m_cancel, &QPushButton::clicked, m_probe, &support::ConnectivityProbe::cancel);
    connect(m_probe, &support::ConnectivityProbe::targetProbed, this,
            [this](int, const support::ProbeTarget &target) { showTarget(target); });
    connect(m_probe, &support::ConnectivityProbe::probeFinished, this,
            [this](const support::ProbeReport &report) {
                m_report = report;
                m_start->setEnabled(providerInstance() != nullptr);
                m_cancel->setEnabled(false);
                m_summary->setText(tr("Result: <b style='color:%1'>%2</b>%3")
                                       .arg(severityColor(report.result()).name(),
                                            contract::severityName(report.result()),
                                            report.cancelled ? tr(" (cancelled)") : QString()));
                emit probeFinished(report);
            });
    providerChanged();
}

void ProbePanel::providerChanged()
{
    const ProviderInstance *instance = providerInstance();
    m_start->setEnabled(instance != nullptr && !m_probe->isRunning());
    m_summary->setText(instance ? tr("Checks DNS, TCP, TLS and HTTP of every function URL of "
                                     "platform %1.")
                                      .arg(instance->platform)
                                : tr("Choose a provider to probe its function URLs."));
}

void ProbePanel::startProbe()
{
    const Platform *target = platform();
    if (!target)
        return;
    QVector<support::ProbeRequest> requests;
    support::ProbeOptions options;
    options.stepTimeoutMs = m_timeout->value() * 1000;
    QString error;
    m_tree->clear();
    if (!support::planPlatformProbe(*target, &requests, &options, &error)) {
        m_summary->setText(tr("Cannot probe platform %1: %2").arg(target->name, error));
        return;
    }
    m_start->setEnabled(false);
    m_cancel->setEnabled(true);
    m_summary->setText(tr("Probing %n URL(s)...", nullptr, int(requests.size())));
    m_probe->start(requests, options);
}

void ProbePanel::showTarget(const support::ProbeTarget &target)
{
    auto *top = new QTreeWidgetItem(m_tree, {target.label, contract::severityName(target.result()),
                                             QString(), target.url.toString()});
    top->setForeground(1, severityColor(target.result()));
    QFont bold = top->font(0);
    bold.setBold(true);
    top->setFont(0, bold);
    for (const support::ProbeStep &step : target.steps) {
        const QString result = step.skipped && step.severity == contract::Severity::Pass
                                   ? tr("skipped")
                                   : contract::severityName(step.severity);
        auto *item = new QTreeWidgetItem(
            top,
            {step.name, result, step.elapsedMs >= 0 ? tr("%1 ms").arg(step.elapsedMs) : QString(),
             step.advice.isEmpty() ? step.summary
                                   : step.summary + QStringLiteral("\n→ ") + step.advice});
        if (!step.skipped || step.severity != contract::Severity::Pass)
            item->setForeground(1, severityColor(step.severity));
        item->setToolTip(3, item->text(3));
    }
    top->setExpanded(true);
    for (int column = 0; column < 3; ++column)
        m_tree->resizeColumnToContents(column);
}

} // namespace paybench::ui
