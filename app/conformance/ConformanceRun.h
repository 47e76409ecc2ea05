#pragma once

#include "CallHistory.h"
#include "CallTarget.h"
#include "ConformanceReport.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QVector>

namespace paybench::client {
class CallRunner;
} // namespace paybench::client

namespace paybench::conformance {

// The kind under which conformance runs are kept in the call history (CallHistory::latestRun).
inline constexpr const char *kHistoryRunKind = "conformance";

// Drives one provider through the checks of the chosen profiles, one call at a time, carrying
// values (paymentId, amounts) from step to step. A check whose prerequisite failed is skipped
// with the reason; a check that needs an endpoint Openfront handles with a built-in adapter
// (stripe, paypal, manual) is skipped with that reason. Re-running one check re-runs the checks
// it depends on first (a refund needs a fresh captured payment), then the summary checks.
class ConformanceRun final : public QObject
{
    Q_OBJECT
public:
    explicit ConformanceRun(contract::CallTarget target, ConformanceOptions options = {},
                            QObject *parent = nullptr);
    ~ConformanceRun() override;
    Q_DISABLE_COPY_MOVE(ConformanceRun)

    // Every call is recorded there (masked) when set; the history must outlive the run.
    void setHistory(client::CallHistory *history) { m_history = history; }
    // Tests: fixed cart, event and idempotency ids.
    void setIdGenerator(contract::IdGenerator ids) { m_ids = std::move(ids); }

    [[nodiscard]] const contract::CallTarget &target() const { return m_target; }
    [[nodiscard]] const ConformanceOptions &options() const { return m_options; }
    // All checks of all profiles, in order, with their latest results (Pending before a run).
    [[nodiscard]] const QVector<CheckResult> &checks() const { return m_checks; }
    [[nodiscard]] bool isRunning() const { return m_running; }
    // How many checks the current (or last) start() or rerunCheck() runs.
    [[nodiscard]] int plannedCount() const { return m_plannedCount; }
    [[nodiscard]] ConformanceReport report() const;

    // Runs every check (again). Ignored while running.
    void start();
    // Re-runs check `index` of checks(), with its prerequisites and the summary checks of its
    // profile. Ignored while running or for an unknown index.
    void rerunCheck(int index);
    // Stops after the call in flight; the checks not done are skipped as cancelled.
    void cancel();

signals:
    void checkStarted(int index);
    void checkFinished(int index, const paybench::conformance::CheckResult &result);
    void runFinished(const paybench::conformance::ConformanceReport &report);

private:
    void runQueue(QVector<int> queue);
    void startNext();
    void sendNext();
    void onCallFinished(quint64 id, const contract::CallResult &result);
    void finishCheck();
    void finishRun();
    [[nodiscard]] int indexOf(const contract::RuntimeProfile *profile, CheckKind kind) const;
    [[nodiscard]] QString skipReason(const CheckResult &check) const;
    [[nodiscard]] QVector<contract::PreparedCall> planCalls(const CheckResult &check,
                                                            QStringList *notes);
    [[nodiscard]] contract::CallSpec baseSpec(PaymentFunction function,
                                              const contract::RuntimeProfile *profile) const;
    void judge(CheckResult &check) const;
    void judgeSummary(CheckResult &check) const;
    void judgeReadiness(CheckResult &check) const;

    contract::CallTarget m_target;
    ConformanceOptions m_options;
    contract::IdGenerator m_ids;
    client::CallRunner *m_runner;
    QPointer<client::CallHistory> m_history;
    QVector<CheckResult> m_checks;
    // Per profile, carried along the lifecycle.
    QHash<const contract::RuntimeProfile *, contract::CallVariables> m_variables;
    QVector<int> m_queue;
    int m_current = -1;
    int m_plannedCount = 0;
    QVector<contract::PreparedCall> m_calls; // of the current check, still to send
    QStringList m_planNotes;
    quint64 m_inFlight = 0;
    qint64 m_checkStartMs = 0;
    QDateTime m_startedAt;
    QDateTime m_finishedAt;
    bool m_running = false;
    bool m_cancelled = false;
};

} // namespace paybench::conformance
