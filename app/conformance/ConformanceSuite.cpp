#include "ConformanceSuite.h"

namespace paybench::conformance {

ConformanceSuite::ConformanceSuite(QObject *parent) : QObject(parent)
{}

ConformanceSuite::~ConformanceSuite()
{
    for (ConformanceRun *run : std::as_const(m_runs))
        run->disconnect(this);
}

ConformanceRun *ConformanceSuite::addProvider(const contract::CallTarget &target,
                                              const ConformanceOptions &options)
{
    if (isRunning())
        return nullptr;
    auto *run = new ConformanceRun(target, options, this);
    const int index = static_cast<int>(m_runs.size());
    m_runs.append(run);
    connect(run, &ConformanceRun::checkFinished, this,
            [this, index](int check, const CheckResult &result) {
                emit checkFinished(index, check, result);
            });
    connect(run, &ConformanceRun::runFinished, this,
            [this, index](const ConformanceReport &report) {
                emit providerFinished(index, report);
                if (--m_remaining == 0)
                    emit finished(reports());
            });
    return run;
}

QVector<ConformanceReport> ConformanceSuite::reports() const
{
    QVector<ConformanceReport> all;
    for (const ConformanceRun *run : m_runs)
        all.append(run->report());
    return all;
}

void ConformanceSuite::start()
{
    if (isRunning() || m_runs.isEmpty())
        return;
    m_remaining = static_cast<int>(m_runs.size());
    for (ConformanceRun *run : std::as_const(m_runs))
        run->start();
}

void ConformanceSuite::cancel()
{
    for (ConformanceRun *run : std::as_const(m_runs))
        run->cancel();
}

} // namespace paybench::conformance
