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
#include <QTabWidget>
#include <QTableWidget>
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

// In a matrix cell: the index of the check in ConformanceRun::checks(), -1 for none; and, for a
// cell without a check, what to show in the detail area instead.
constexpr int kCheckIndexRole = Qt::UserRole;
constexpr int kCellNoteRole = Qt::UserRole + 1;

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

QColor verdictBackground(CheckVerdict verdict)
{
    switch (verdict) {
    case CheckVerdict::Pass:
        return QColor(0xe8, 0xf5, 0xe9);
    case CheckVerdict::Warn:
        return QColor(0xff, 0xf8, 0xe1);
    case CheckVerdict::Fail:
        return QColor(0xff, 0xeb, 0xee);
    case CheckVerdict::Skipped:
    case CheckVerdict::Pending:
        return QColor(0xf5, 0xf5, 0xf5);
    }
    return {};
}

// A symbol as well as a colour, for whoever does not tell the colours apart.
QString cellText(CheckVerdict verdict)
{
    switch (verdict) {
    case CheckVerdict::Pass:
        return QStringLiteral("✔ PASS");
    case CheckVerdict::Warn:
        return QStringLiteral("▲ WARN");
    case CheckVerdict::Fail:
        return QStringLiteral("✖ FAIL");
    case CheckVerdict::Skipped:
        return QStringLiteral("– SKIPPED");
    case CheckVerdict::Pending:
        return QObject::tr("pending");
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
      m_progress(new QProgressBar(this)), m_views(new QTabWidget(this)),
      m_matrix(new QTableWidget(this)), m_list(new QTreeWidget(this)),
      m_evidence(new QPlainTextEdit(this)), m_summary(new QLabel(this))
{
    m_profile->addItem(tr("All profiles"), QStringLiteral("all"));
    m_profile->setItemData(0, tr("The documentation and every Openfront version"), Qt::ToolTipRole);
    m_profile->addItem(tr("Every Openfront version"), QStringLiteral("openfront"));
    for (const contract::RuntimeProfile *profile : contract::runtimeProfiles())
        m_profile->addItem(profile->title(), profile->name());
    m_profile->setCurrentIndex(0);
    m_profile->setObjectName(QStringLiteral("checkProfiles"));
    // The longest choice (a version's title) must not set the panel's minimum width: the list
    // pops up as wide as it needs.
    m_profile->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_profile->setMinimumContentsLength(18);
    m_profile->setToolTip(tr("The profiles to run the checks for: the matrix's columns"));
    m_run->setObjectName(QStringLiteral("runChecks"));
    m_rerun->setObjectName(QStringLiteral("rerunCheck"));
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
    // A long provider code is cut (the tooltip has it), not allowed to widen the window.
    m_title->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    m_title->setMinimumWidth(120);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_matrix->setObjectName(QStringLiteral("checkMatrix"));
    m_matrix->setSelectionMode(QAbstractItemView::SingleSelection);
    m_matrix->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_matrix->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_matrix->setWordWrap(false);
    m_matrix->setTextElideMode(Qt::ElideRight);
    m_matrix->verticalHeader()->setVisible(false);
    m_matrix->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_matrix->verticalHeader()->setDefaultSectionSize(m_matrix->fontMetrics().height() + 8);
    m_matrix->horizontalHeader()->setMinimumSectionSize(60);
    m_matrix->horizontalHeader()->setHighlightSections(false);

    m_list->setObjectName(QStringLiteral("checklist"));
    m_list->setColumnCount(5);
    m_list->setHeaderLabels({tr("Verdict"), tr("#"), tr("Check"), tr("Profile"), tr("Result")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
    m_list->header()->setStretchLastSection(true);

    m_evidence->setObjectName(QStringLiteral("evidence"));
    m_evidence->setReadOnly(true);
    m_evidence->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_evidence->setPlaceholderText(
        tr("Select a cell of the matrix (or a check of the list) to see its message, advice, "
           "notes and calls"));
    // Wrapped: message and advice are long lines, and read better whole than scrolled.
    m_evidence->setLineWrapMode(QPlainTextEdit::WidgetWidth);

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

    m_views->setObjectName(QStringLiteral("checkViews"));
    m_views->setDocumentMode(true);
    m_views->addTab(m_matrix, tr("Matrix"));
    m_views->addTab(m_list, tr("In run order"));
    m_summary->setObjectName(QStringLiteral("summary"));
    // A thin bar, not a box that looks like a text field when idle.
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_summary->setWordWrap(true);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_views);
    splitter->addWidget(m_evidence);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

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
        if (!m_syncing)
            selectCellOf(selectedIndex());
    });
    connect(m_matrix, &QTableWidget::itemSelectionChanged, this,
            &ConformancePanel::matrixSelectionChanged);
    // The profile choice picks the matrix's columns (a run's results for them stay shown).
    connect(m_profile, &QComboBox::currentIndexChanged, this, [this] {
        rebuildMatrix();
        updateSummary();
        showEvidence();
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
    options.profiles =
        contract::selectRuntimeProfiles(m_profile->currentData().toString(), nullptr)
            .value_or(QVector<const contract::RuntimeProfile *>{&contract::documentedProfile()});
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
        if (QTableWidgetItem *cell = cellOf(index)) {
            cell->setText(tr("running…"));
            m_matrix->scrollToItem(cell);
        }
    });
    connect(run, &ConformanceRun::checkFinished, this, [this, code](int index) {
        if (code != m_provider)
            return;
        ++m_done;
        m_progress->setValue(m_done);
        updateRow(index);
        updateCell(index);
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
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        updateRow(i);
        updateCell(i);
    }
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
    // The tab already says "Checks": the provider is the news.
    m_title->setText(m_provider.isEmpty() ? tr("No provider selected") : m_provider);
    m_title->setToolTip(m_provider.isEmpty() ? QString() : tr("Conformance of %1").arg(m_provider));
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
    m_list->setColumnWidth(
        ProfileColumn,
        m_list->fontMetrics().horizontalAdvance(QStringLiteral("openfront@55912a7")) + 16);
    rebuildMatrix();
    updateSummary();
    updateButtons();
}

QVector<const contract::RuntimeProfile *> ConformancePanel::chosenProfiles() const
{
    return contract::selectRuntimeProfiles(m_profile->currentData().toString(), nullptr)
        .value_or(QVector<const contract::RuntimeProfile *>{&contract::documentedProfile()});
}

void ConformancePanel::rebuildMatrix()
{
    const QSignalBlocker blocker(m_matrix);
    const QVector<const contract::RuntimeProfile *> profiles = chosenProfiles();
    const QVector<conformance::CheckInfo> &catalog = conformance::checkCatalog();
    const ConformanceRun *run = m_runs.value(m_provider);
    m_matrix->clear();
    m_matrix->setRowCount(static_cast<int>(catalog.size()));
    m_matrix->setColumnCount(1 + static_cast<int>(profiles.size()));
    auto *checkHeader = new QTableWidgetItem(tr("Check"));
    checkHeader->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_matrix->setHorizontalHeaderItem(0, checkHeader);
    for (int column = 0; column < profiles.size(); ++column) {
        const contract::RuntimeProfile *profile = profiles.at(column);
        auto *header = new QTableWidgetItem(profile->name());
        header->setToolTip(profile->title());
        m_matrix->setHorizontalHeaderItem(column + 1, header);
    }
    for (int row = 0; row < catalog.size(); ++row) {
        const conformance::CheckInfo &info = catalog.at(row);
        auto *check =
            new QTableWidgetItem(QStringLiteral("%1  %2").arg(info.number).arg(info.title));
        check->setToolTip(QStringLiteral("<b>%1. %2</b><br>%3")
                              .arg(info.number)
                              .arg(info.id, info.title.toHtmlEscaped()));
        check->setFlags(Qt::ItemIsEnabled); // a row is not a check: its cells are
        m_matrix->setItem(row, 0, check);
        for (int column = 0; column < profiles.size(); ++column) {
            const contract::RuntimeProfile *profile = profiles.at(column);
            auto *cell = new QTableWidgetItem;
            cell->setData(kCheckIndexRole, -1);
            cell->setTextAlignment(Qt::AlignCenter);
            cell->setForeground(verdictColor(CheckVerdict::Pending));
            QString note;
            const bool applies =
                info.kind != conformance::CheckKind::Readiness || profile->isOpenfront();
            if (!applies) {
                cell->setText(QStringLiteral("—"));
                note = tr("Readiness (check 12) is judged per Openfront version: whether "
                          "checkout with this provider can work on that version. The "
                          "documentation has no checkout code to be ready for.");
            } else if (run && !run->options().profiles.contains(profile)) {
                cell->setText(tr("not run"));
                note = tr("The last run did not include %1: choose it (or all) and press Run "
                          "checks.")
                           .arg(profile->name());
            } else {
                cell->setText(cellText(CheckVerdict::Pending));
                note = tr("Runs when you press Run checks.");
            }
            cell->setData(kCellNoteRole,
                          QStringLiteral("%1. %2 (%3 profile)\n%4\n\n%5")
                              .arg(info.number)
                              .arg(info.title, profile->name(),
                                   applies ? cell->text().toUpper() : tr("NOT APPLICABLE"), note));
            cell->setToolTip(note);
            m_matrix->setItem(row, column + 1, cell);
        }
    }
    if (run) {
        for (int i = 0; i < run->checks().size(); ++i)
            updateCell(i);
    }
    QHeaderView *header = m_matrix->horizontalHeader();
    header->setSectionResizeMode(0, QHeaderView::Stretch);
    const int cellWidth = std::max(
        m_matrix->fontMetrics().horizontalAdvance(QStringLiteral("openfront@55912a7")) + 24, 110);
    for (int column = 1; column < m_matrix->columnCount(); ++column) {
        header->setSectionResizeMode(column, QHeaderView::Interactive);
        header->resizeSection(column, cellWidth);
    }
    selectCellOf(selectedIndex());
}

QTableWidgetItem *ConformancePanel::cellOf(int index) const
{
    const ConformanceRun *run = m_runs.value(m_provider);
    if (!run || index < 0 || index >= run->checks().size())
        return nullptr;
    const CheckResult &check = run->checks().at(index);
    const int column = static_cast<int>(chosenProfiles().indexOf(check.profile)) + 1;
    return column > 0 ? m_matrix->item(check.info().number - 1, column) : nullptr;
}

void ConformancePanel::updateCell(int index)
{
    QTableWidgetItem *cell = cellOf(index);
    if (!cell)
        return;
    const ConformanceRun *run = m_runs.value(m_provider);
    const CheckResult &check = run->checks().at(index);
    const contract::SecretMasker masker = run->target().masker();
    cell->setData(kCheckIndexRole, index);
    cell->setText(cellText(check.verdict));
    cell->setForeground(verdictColor(check.verdict));
    cell->setBackground(verdictBackground(check.verdict));
    QFont font = cell->font();
    font.setBold(check.verdict == CheckVerdict::Fail);
    cell->setFont(font);
    QString tip = QStringLiteral("<nobr><b>%1. %2</b> · %3</nobr><br>")
                      .arg(check.info().number)
                      .arg(check.info().id, check.profile->name());
    if (check.verdict == CheckVerdict::Pending) {
        tip += run->isRunning() ? tr("Waiting for its turn.") : tr("Not run yet.");
    } else {
        tip += QStringLiteral("<b>%1</b>: %2")
                   .arg(conformance::verdictName(check.verdict).toUpper(),
                        masker.mask(check.message).toHtmlEscaped());
        if (!check.advice.isEmpty())
            tip += tr("<br><i>Advice:</i> %1").arg(masker.mask(check.advice).toHtmlEscaped());
    }
    cell->setToolTip(tip);
}

void ConformancePanel::matrixSelectionChanged()
{
    if (m_syncing)
        return;
    const QList<QTableWidgetItem *> selected = m_matrix->selectedItems();
    QTableWidgetItem *cell = selected.isEmpty() ? nullptr : selected.first();
    const int index = cell ? cell->data(kCheckIndexRole).toInt() : -1;
    m_syncing = true;
    if (index >= 0 && index < m_list->topLevelItemCount())
        m_list->setCurrentItem(m_list->topLevelItem(index));
    else
        m_list->clearSelection();
    m_syncing = false;
    showEvidence();
    updateButtons();
    // A cell without a check result says why instead (not run, or not for this profile).
    if (index < 0 && cell)
        m_evidence->setPlainText(cell->data(kCellNoteRole).toString());
}

void ConformancePanel::selectCellOf(int index)
{
    m_syncing = true;
    QTableWidgetItem *found = nullptr;
    for (int row = 0; index >= 0 && !found && row < m_matrix->rowCount(); ++row) {
        for (int column = 1; !found && column < m_matrix->columnCount(); ++column) {
            QTableWidgetItem *cell = m_matrix->item(row, column);
            if (cell && cell->data(kCheckIndexRole).toInt() == index)
                found = cell;
        }
    }
    if (found)
        m_matrix->setCurrentItem(found);
    else
        m_matrix->clearSelection();
    m_syncing = false;
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
    const contract::SecretMasker masker = run->target().masker();
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
    // Each profile's failures, on the matrix's column header where they are looked for.
    for (int column = 1; column < m_matrix->columnCount(); ++column) {
        QTableWidgetItem *header = m_matrix->horizontalHeaderItem(column);
        const contract::RuntimeProfile *profile =
            header ? contract::findRuntimeProfile(header->text()) : nullptr;
        if (!profile)
            continue;
        int counts[5] = {0, 0, 0, 0, 0};
        for (const CheckResult &check : current.checks) {
            if (check.profile == profile)
                ++counts[static_cast<int>(check.verdict)];
        }
        header->setToolTip(tr("%1<br>%2 pass, %3 warn, %4 fail, %5 skipped")
                               .arg(profile->title().toHtmlEscaped())
                               .arg(counts[static_cast<int>(CheckVerdict::Pass)])
                               .arg(counts[static_cast<int>(CheckVerdict::Warn)])
                               .arg(counts[static_cast<int>(CheckVerdict::Fail)])
                               .arg(counts[static_cast<int>(CheckVerdict::Skipped)]));
    }
}

int ConformancePanel::selectedIndex() const
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    return selected.isEmpty() ? -1 : m_list->indexOfTopLevelItem(selected.first());
}

} // namespace paybench::ui
