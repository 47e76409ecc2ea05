#include "LatencyRunner.h"

namespace paybench::support {

using json::OrderedValue;

json::OrderedValue latencyReportJson(const LatencyReport &report)
{
    const LatencyStats &s = report.stats;
    const auto num = [](double value) { return OrderedValue::number(value); };
    return OrderedValue::object({
        {QStringLiteral("function"), OrderedValue::string(report.function)},
        {QStringLiteral("url"), OrderedValue::string(report.url)},
        {QStringLiteral("concurrency"), num(report.concurrency)},
        {QStringLiteral("wallMs"), num(double(report.wallMs))},
        {QStringLiteral("cancelled"), OrderedValue::boolean(report.cancelled)},
        {QStringLiteral("stats"), OrderedValue::object({
                                      {QStringLiteral("count"), num(s.count)},
                                      {QStringLiteral("answered"), num(s.answered)},
                                      {QStringLiteral("timed"), num(s.timed)},
                                      {QStringLiteral("errors"), num(s.errorCount)},
                                      {QStringLiteral("minMs"), num(s.min)},
                                      {QStringLiteral("medianMs"), num(s.median)},
                                      {QStringLiteral("p95Ms"), num(s.p95)},
                                      {QStringLiteral("p99Ms"), num(s.p99)},
                                      {QStringLiteral("maxMs"), num(s.max)},
                                      {QStringLiteral("meanMs"), num(s.mean)},
                                  })},
    });
}

QString missingLatencyInput(PaymentFunction function, const QString &paymentId)
{
    switch (function) {
    case PaymentFunction::CapturePayment:
    case PaymentFunction::RefundPayment:
    case PaymentFunction::GetPaymentStatus:
    case PaymentFunction::GeneratePaymentLink:
        if (paymentId.trimmed().isEmpty())
            return QStringLiteral("%1 needs the payment id of an existing payment (make one "
                                  "with create-payment first)")
                .arg(functionSlug(function));
        return {};
    case PaymentFunction::CreatePayment:
    case PaymentFunction::HandleWebhook:
        return {};
    }
    return {};
}

LatencyRunner::LatencyRunner(QObject *parent)
    : QObject(parent), m_runner(new client::CallRunner(this))
{
    qRegisterMetaType<paybench::support::LatencySample>();
    qRegisterMetaType<paybench::support::LatencyReport>();
    connect(m_runner, &client::CallRunner::callFinished, this, &LatencyRunner::onCallFinished);
}

LatencyRunner::~LatencyRunner()
{
    m_runner->disconnect(this);
}

bool LatencyRunner::start(const LatencyPlan &plan, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (m_running)
        return fail(QStringLiteral("a run is in progress"));
    if (plan.count < 1 || plan.count > kMaxCount)
        return fail(QStringLiteral("the count must be 1 to %1").arg(kMaxCount));
    if (plan.concurrency < 1 || plan.concurrency > kMaxConcurrency)
        return fail(QStringLiteral("the concurrency must be 1 to %1").arg(kMaxConcurrency));
    if (const QString missing = missingLatencyInput(plan.call.function, plan.call.paymentId);
        !missing.isEmpty())
        return fail(missing);
    m_plan = plan;
    m_report = LatencyReport{};
    m_report.function = functionSlug(plan.call.function);
    m_report.url = plan.call.url.toString();
    m_report.concurrency = plan.concurrency;
    m_report.samples.resize(plan.count);
    m_inFlight.clear();
    m_sent = 0;
    m_running = true;
    m_cancelling = false;
    m_clock.start();
    for (int i = 0; i < qMin(plan.concurrency, plan.count); ++i)
        sendOne();
    return true;
}

void LatencyRunner::cancel()
{
    if (!m_running || m_cancelling)
        return;
    m_cancelling = true;
    m_report.cancelled = true;
    m_report.samples.resize(m_sent);
    // Each cancelled call still ends in callFinished; the last one finishes the run.
    m_runner->cancelAll();
}

void LatencyRunner::sendOne()
{
    const int index = m_sent++;
    const qint64 startedAtNs = m_clock.nsecsElapsed();
    m_inFlight.insert(m_runner->send(m_plan.call, m_plan.options), {index, startedAtNs});
}

void LatencyRunner::onCallFinished(quint64 id, const contract::CallResult &result)
{
    const auto it = m_inFlight.constFind(id);
    if (it == m_inFlight.cend())
        return;
    const InFlight call = *it;
    m_inFlight.erase(it);
    // Timed here to the microsecond (the client's timings are whole milliseconds, too coarse
    // for a loopback call): from the send to the judged answer.
    const qint64 elapsedNs = m_clock.nsecsElapsed() - call.startedAtNs;
    LatencySample sample;
    sample.index = call.index;
    sample.startedAtMs = call.startedAtNs / 1'000'000;
    const bool answered = result.response.outcome == contract::TransportOutcome::Completed;
    sample.httpStatus = answered ? result.response.httpStatus : 0;
    sample.totalMs = answered ? double(elapsedNs) / 1e6 : -1;
    sample.firstByteMs = result.response.timings.firstByteMs;
    sample.failure = contract::failureClassName(result.failure);
    sample.verdict = contract::severityName(result.contract.result());
    if (call.index < m_report.samples.size())
        m_report.samples[call.index] = sample;
    emit sampleRecorded(sample);
    if (!m_cancelling && m_sent < m_plan.count)
        sendOne();
    if (m_inFlight.isEmpty())
        finish();
}

void LatencyRunner::finish()
{
    m_running = false;
    m_report.wallMs = m_clock.elapsed();
    m_report.stats = computeLatencyStats(m_report.samples);
    emit runFinished(m_report);
}

} // namespace paybench::support
