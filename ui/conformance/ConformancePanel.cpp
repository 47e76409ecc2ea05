#include "ConformancePanel.h"

#include "CallHistory.h"
#include "ConformanceRun.h"
#include "SafeFileWriter.h"
#include "Workspace.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace paybench::ui {

using conformance::CheckResult;
using conformance::CheckVerdict;
using conformance::ConformanceRun;
using conformance::ReportFormat;

namespace {

enum Column { VerdictColumn, NumberColumn, CheckColumn, ProfileColumn, MessageColumn };

QColor verdictColor(CheckVerdict verdict)
{
    switch (verdict) {
    case CheckVerdict::Pass:
        return QColor(0x2e, 0x7d, 0x32);
    case CheckVerdict::Warn:
        return QColor(0xb2, 0x7b, 0x00);
    case CheckVerdict::Fail:
        return QColor(0xc6, 0x28, 0x28);
    case CheckVerdict::Skipped:
    case CheckVerdict::Pending:
        return QColor(0x70, 0x75, 0x7d);
    }
    return {};
}

} // namespace

ConformancePanel::ConformancePanel(QWidget *parent)
    : QWidget(parent),
      m_resolver([](const Workspace &workspace, const QString &code, QString *error) {
          return contract::CallTarget::fromWorkspace(workspace, code, error);
      }),
      m_title(new QLabel(this)), m_profile(new QComboBox(this)), m_budget(new QDoubleSpinBox(this)),
      m_run(new QPushButton(tr("Run checks"), this)),
      m_rerun(new QPushButton(tr("Re-run check"), this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_export(new QPushButton(tr("Export"), this)),
      m_progress(new QProgressBar(this)), m_list(new QTreeWidget(this)),
      m_evidence(new QPlainTextEdit(this)), m_summary(new QLabel(this))
{
    m_profile->addItem(tr("Documentation and every Openfront version"), QStringLiteral("all"));
    m_profile->addItem(tr("Every Openfront version"), QStringLiteral("openfront"));
    for (const contract::RuntimeProfile *profile : contract::runtimeProfiles())
        m_profile->addItem(profile->title(), profile->name());
    m_profile->setCurrentIndex(0);
    m_budget->setRange(0.1, 600);
    m_budget->setDecimals(1);
    m_budget->setValue(conformance::kDefaultAnswerBudgetMs / 1000.0);
    m_budget->setSuffix(tr(" s"));
    m_budget->setToolTip(tr("Every answer must arrive within this time"));
    m_run->setToolTip(tr("Run every check again"));
    m_rerun->setToolTip(tr("Re-run the selected check, with the checks it needs"));

    auto *exportMenu = new QMenu(m_export);
    exportMenu->addAction(tr("JUnit XML…"), this,
                          [this] { exportWithDialog(ReportFormat::JunitXml); });
    exportMenu->addAction(tr("HTML…"), this, [this] { exportWithDialog(ReportFormat::Html); });
    exportMenu->addAction(tr("JSON…"), this, [this] { exportWithDialog(ReportFormat::Json); });
    m_export->setMenu(exportMenu);

    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_list->setColumnCount(5);
    m_list->setHeaderLabels({tr("Verdict"), tr("#"), tr("Check"), tr("Profile"), tr("Result")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(true);

    m_evidence->setReadOnly(true);
    m_evidence->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_evidence->setPlaceholderText(tr("Select a check to see its evidence"));
    m_evidence->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_title, 1);
    bar->addWidget(new QLabel(tr("Profile:"), this));
    bar->addWidget(m_profile);
    bar->addWidget(new QLabel(tr("Answer budget:"), this));
    bar->addWidget(m_budget);
    bar->addWidget(m_run);
    bar->addWidget(m_rerun);
    bar->addWidget(m_cancel);
    bar->addWidget(m_export);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_list);
    splitter->addWidget(m_evidence);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_progress);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_summary);

    connect(m_run, &QPushButton::clicked, this, &ConformancePanel::runChecks);
    connect(m_rerun, &QPushButton::clicked, this, &ConformancePanel::rerunSelected);
    connect(m_cancel, &QPushButton::clicked, this, &ConformancePanel::cancel);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, [this] {
        showEvidence();
        updateButtons();
    });
    rebuildList();
}

ConformancePanel::~ConformancePanel()
{
    for (ConformanceRun *run : std::as_const(m_runs))
        run->disconnect(this);
}

void ConformancePanel::setWorkspace(const Workspace *workspace)
{
    m_workspace = workspace;
    updateButtons();
}

void ConformancePanel::setProvider(const QString &code)
{
    m_provider = code;
    rebuildList();
}

void ConformancePanel::setTargetResolver(TargetResolver resolver)
{
    m_resolver = std::move(resolver);
}

void ConformancePanel::setHistory(client::CallHistory *history)
{
    m_history = history;
}

void ConformancePanel::setProfiles(const QVector<const contract::RuntimeProfile *> &profiles)
{
    QString name = QStringLiteral("all");
    if (profiles.size() == 1)
        name = profiles.first()->name();
    else if (std::none_of(profiles.begin(), profiles.end(),
                          [](const contract::RuntimeProfile *p) { return !p->isOpenfront(); }))
        name = QStringLiteral("openfront");
    m_profile->setCurrentIndex(m_profile->findData(name));
}

void ConformancePanel::setAnswerBudgetMs(int milliseconds)
{
    m_budget->setValue(milliseconds / 1000.0);
}

bool ConformancePanel::isRunning() const
{
    const ConformanceRun *run = m_runs.value(m_provider);
    return run && run->isRunning();
}

std::optional<conformance::ConformanceReport> ConformancePanel::report() const
{
    const ConformanceRun *run = m_runs.value(m_provider);
    if (!run)
        return std::nullopt;
    return run->report();
}

void ConformancePanel::runChecks()
{
    if (!m_workspace || m_provider.isEmpty() || isRunning())
        return;
    QString error;
    const std::optional<contract::CallTarget> target = m_resolver(*m_workspace, m_provider, &error);
    if (!target) {
        m_summary->setText(tr("Cannot run the checks: %1").arg(error));
        return;
    }
    conformance::ConformanceOptions options;
    options.profiles = contract::selectRuntimeProfiles(m_profile->currentData().toString(), nullptr)
                           .value_or(QVector<const contract::RuntimeProfile *>{
                               &contract::documentedProfile()});
    options.answerBudgetMs = static_cast<int>(m_budget->value() * 1000);
    // A new run replaces the provider's last one (the report goes with it; history keeps calls).
    delete m_runs.take(m_provider);
    auto *run = new ConformanceRun(*target, options, this);
    if (m_history)
        run->setHistory(m_history);
    m_runs.insert(m_provider, run);
    const QString code = m_provider;
    connect(run, &ConformanceRun::checkStarted, this, [this, code](int index) {
        if (code != m_provider)
            return;
        if (QTreeWidgetItem *item = m_list->topLevelItem(index)) {
            item->setText(VerdictColumn, tr("running…"));
            m_list->scrollToItem(item);
        }
    });
    connect(run, &ConformanceRun::checkFinished, this, [this, code](int index) {
        if (code != m_provider)
            return;
        ++m_done;
        m_progress->setValue(m_done);
        updateRow(index);
        if (selectedIndex() == index)
            showEvidence();
    });
    connect(run, &ConformanceRun::runFinished, this,
            [this, code](const conformance::ConformanceReport &finished) {
                if (code == m_provider) {
                    updateSummary();
                    updateButtons();
                }
                emit runFinished(finished);
            });
    rebuildList();
    m_done = 0;
    run->start();
    m_progress->setRange(0, run->plannedCount());
    m_progress->setValue(0);
    updateButtons();
}

void ConformancePanel::rerunSelected()
{
    ConformanceRun *run = m_runs.value(m_provider);
    const int index = selectedIndex();
    if (!run || run->isRunning() || index < 0)
        return;
    m_done = 0;
    run->rerunCheck(index);
    m_progress->setRange(0, run->plannedCount());
    m_progress->setValue(0);
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        updateRow(i);
    updateButtons();
}

void ConformancePanel::cancel()
{
    if (ConformanceRun *run = m_runs.value(m_provider))
        run->cancel();
}

bool ConformancePanel::exportReport(ReportFormat format, const QString &path, QString *error)
{
    const std::optional<conformance::ConformanceReport> current = report();
    if (!current) {
        *error = tr("There is no report yet: run the checks first.");
        return false;
    }
    const QByteArray bytes = conformance::renderReport(format, {*current});
    return io::writeFileSafely(path, bytes, error);
}

void ConformancePanel::exportWithDialog(ReportFormat format)
{
    const QString filter = format == ReportFormat::JunitXml ? tr("JUnit XML (*.xml)")
                           : format == ReportFormat::Html   ? tr("HTML (*.html)")
                                                            : tr("JSON (*.json)");
    const QString suffix = format == ReportFormat::JunitXml ? QStringLiteral(".xml")
                           : format == ReportFormat::Html   ? QStringLiteral(".html")
                                                            : QStringLiteral(".json");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the conformance report"),
        QStringLiteral("conformance-%1%2").arg(m_provider, suffix), filter);
    if (path.isEmpty())
        return;
    QString error;
    if (!exportReport(format, path, &error))
        QMessageBox::warning(this, tr("Export failed"), tr("Cannot write %1: %2").arg(path, error));
}

void ConformancePanel::rebuildList()
{
    m_list->clear();
    m_evidence->clear();
    m_title->setText(m_provider.isEmpty() ? tr("No provider selected")
                                          : tr("Conformance of %1").arg(m_provider));
    const ConformanceRun *run = m_runs.value(m_provider);
    if (run) {
        for (int i = 0; i < run->checks().size(); ++i) {
            m_list->addTopLevelItem(new QTreeWidgetItem(m_list));
            updateRow(i);
        }
    } else {
        // Before the first run: the checks that would run, pending.
        for (const conformance::CheckInfo &info : conformance::checkCatalog()) {
            auto *item = new QTreeWidgetItem(m_list);
            item->setText(VerdictColumn, conformance::verdictName(CheckVerdict::Pending));
            item->setText(NumberColumn, QString::number(info.number));
            item->setText(CheckColumn, info.title);
        }
    }
    m_list->resizeColumnToContents(NumberColumn);
    m_list->setColumnWidth(CheckColumn, 380);
    updateSummary();
    updateButtons();
}

void ConformancePanel::updateRow(int index)
{
    const ConformanceRun *run = m_runs.value(m_provider);
    QTreeWidgetItem *item = m_list->topLevelItem(index);
    if (!run || !item || index >= run->checks().size())
        return;
    const CheckResult &check = run->checks().at(index);
    item->setText(VerdictColumn, conformance::verdictName(check.verdict));
    item->setForeground(VerdictColumn, verdictColor(check.verdict));
    QFont font = item->font(VerdictColumn);
    font.setBold(check.verdict == CheckVerdict::Fail);
    item->setFont(VerdictColumn, font);
    item->setText(NumberColumn, QString::number(check.info().number));
    item->setText(CheckColumn, check.info().title);
    item->setText(ProfileColumn, check.profile->name());
    const contract::SecretMasker masker(run->target().secretValues());
    item->setText(MessageColumn, masker.mask(check.message));
    item->setToolTip(MessageColumn, masker.mask(check.advice));
}

void ConformancePanel::showEvidence()
{
    const ConformanceRun *run = m_runs.value(m_provider);
    const int index = selectedIndex();
    if (!run || index < 0) {
        m_evidence->clear();
        return;
    }
    m_evidence->setPlainText(conformance::evidenceText(run->report(), index));
}

void ConformancePanel::updateButtons()
{
    const ConformanceRun *run = m_runs.value(m_provider);
    const bool running = run && run->isRunning();
    m_run->setEnabled(m_workspace && !m_provider.isEmpty() && !running);
    m_rerun->setEnabled(run && !running && selectedIndex() >= 0);
    m_cancel->setEnabled(running);
    m_export->setEnabled(run && !running);
    m_profile->setEnabled(!running);
    m_budget->setEnabled(!running);
}

void ConformancePanel::updateSummary()
{
    const ConformanceRun *run = m_runs.value(m_provider);
    if (!run && m_history) {
        // A run from an earlier session (or the CLI) is kept in the history.
        if (const auto stored = m_history->latestRun(
                m_provider, QString::fromLatin1(conformance::kHistoryRunKind))) {
            m_summary->setText(
                tr("Last run %1: %2 (report kept in the call history; run again to "
                   "see each check)")
                    .arg(QLocale().toString(stored->finishedAt.toLocalTime(), QLocale::ShortFormat),
                         stored->verdict));
            return;
        }
    }
    if (!run || run->isRunning()) {
        m_summary->setText(run ? tr("Running…") : tr("Not run yet"));
        return;
    }
    const conformance::ConformanceReport current = run->report();
    m_summary->setText(tr("%1 pass, %2 warn, %3 fail, %4 skipped in %5 ms%6")
                           .arg(current.count(CheckVerdict::Pass))
                           .arg(current.count(CheckVerdict::Warn))
                           .arg(current.count(CheckVerdict::Fail))
                           .arg(current.count(CheckVerdict::Skipped))
                           .arg(current.elapsedMs())
                           .arg(current.cancelled ? tr(" (cancelled)") : QString()));
}

int ConformancePanel::selectedIndex() const
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    return selected.isEmpty() ? -1 : m_list->indexOfTopLevelItem(selected.first());
}

} // namespace paybench::ui
