#pragma once

#include "ConformanceRun.h"

#include <QObject>
#include <QVector>

namespace paybench::conformance {

// Several providers checked at once: one ConformanceRun each, all started together, each with
// its own result. Finishes when the last run has.
class ConformanceSuite final : public QObject
{
    Q_OBJECT
public:
    explicit ConformanceSuite(QObject *parent = nullptr);
    ~ConformanceSuite() override;
    Q_DISABLE_COPY_MOVE(ConformanceSuite)

    // Adds a provider to check; returns its run (owned by the suite). Not while running.
    ConformanceRun *addProvider(const contract::CallTarget &target,
                                const ConformanceOptions &options);
    [[nodiscard]] const QVector<ConformanceRun *> &runs() const { return m_runs; }
    [[nodiscard]] bool isRunning() const { return m_remaining > 0; }
    // The latest reports, in the order the providers were added.
    [[nodiscard]] QVector<ConformanceReport> reports() const;

    void start();
    void cancel();

signals:
    void checkFinished(int run, int index, const paybench::conformance::CheckResult &result);
    void providerFinished(int run, const paybench::conformance::ConformanceReport &report);
    void finished(const QVector<paybench::conformance::ConformanceReport> &reports);

private:
    QVector<ConformanceRun *> m_runs;
    int m_remaining = 0;
};

} // namespace paybench::conformance
