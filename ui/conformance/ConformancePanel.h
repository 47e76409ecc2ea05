#pragma once

#include "CallTarget.h"
#include "ConformanceReport.h"
#include "ReportWriter.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTableWidgetItem;
class QTreeWidget;
class QTreeWidgetItem;

namespace paybench {
struct Workspace;
namespace client {
class CallHistory;
}
} // namespace paybench

namespace paybench::conformance {
class ConformanceRun;
}

namespace paybench::ui {

// "Run checks" for one provider instance: a matrix (a row per check, a column per profile the
// profile choice runs) and the checklist in run order fill in live with a progress bar and
// Cancel; selecting a cell or a row shows that check's evidence (masked); re-run one check or
// all; export the report. The last report of each provider stays with it while the panel lives.
class ConformancePanel final : public QWidget
{
    Q_OBJECT
public:
    // Gives the provider with its secret credentials loaded (the lead wires it to the secret
    // store); nullopt and a plain error when it cannot.
    using TargetResolver = std::function<std::optional<contract::CallTarget>(
        const Workspace &workspace, const QString &providerCode, QString *error)>;

    explicit ConformancePanel(QWidget *parent = nullptr);
    ~ConformancePanel() override;
    Q_DISABLE_COPY_MOVE(ConformancePanel)

    void setWorkspace(const Workspace *workspace);
    void setProvider(const QString &code);
    // Default: CallTarget::fromWorkspace with the values the workspace holds.
    void setTargetResolver(TargetResolver resolver);
    // Not owned. Every call of a run is recorded there when set.
    void setHistory(client::CallHistory *history);
    void setProfiles(const QVector<const contract::RuntimeProfile *> &profiles);
    void setAnswerBudgetMs(int milliseconds);

    [[nodiscard]] bool isRunning() const;
    // The provider's latest report (also while it runs), if any.
    [[nodiscard]] std::optional<conformance::ConformanceReport> report() const;
    [[nodiscard]] QTreeWidget *checklist() const { return m_list; }
    // Rows: the checks of the catalogue; column 0 the check, then one per profile chosen.
    [[nodiscard]] QTableWidget *matrix() const { return m_matrix; }
    bool exportReport(conformance::ReportFormat format, const QString &path, QString *error);

public slots:
    void runChecks();
    void rerunSelected();
    void cancel();

signals:
    void runFinished(const paybench::conformance::ConformanceReport &report);

private:
    void rebuildList();
    void rebuildMatrix();
    void updateRow(int index);
    void updateCell(int index);
    // The matrix cell of check `index` of the run, if its profile is a column.
    [[nodiscard]] QTableWidgetItem *cellOf(int index) const;
    // The profiles the profile choice names: the matrix's columns, in order.
    [[nodiscard]] QVector<const contract::RuntimeProfile *> chosenProfiles() const;
    void matrixSelectionChanged();
    void selectCellOf(int index);
    void showEvidence();
    void updateButtons();
    void updateSummary();
    void exportWithDialog(conformance::ReportFormat format);
    [[nodiscard]] int selectedIndex() const;

    const Workspace *m_workspace = nullptr;
    QString m_provider;
    TargetResolver m_resolver;
    QPointer<client::CallHistory> m_history;
    QHash<QString, conformance::ConformanceRun *> m_runs; // by provider code, kept with results
    int m_done = 0;
    bool m_syncing = false; // the matrix and the list follow each other's selection

    QLabel *m_title;
    QComboBox *m_profile;
    QDoubleSpinBox *m_budget;
    QPushButton *m_run;
    QPushButton *m_rerun;
    QPushButton *m_cancel;
    QPushButton *m_export;
    QProgressBar *m_progress;
    QTabWidget *m_views;
    QTableWidget *m_matrix;
    QTreeWidget *m_list;
    QPlainTextEdit *m_evidence;
    QLabel *m_summary;
};

} // namespace paybench::ui
