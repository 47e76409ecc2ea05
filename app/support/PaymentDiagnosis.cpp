#include "PaymentDiagnosis.h"

#include "CallReport.h"

#include <algorithm>

namespace paybench::support {

using json::OrderedValue;

contract::Severity DiagnosisReport::result() const
{
    contract::Severity worst = contract::Severity::Pass;
    const auto raise = [&worst](contract::Severity s) {
        if (int(s) > int(worst))
            worst = s;
    };
    for (const contract::CallResult &call : calls)
        raise(call.contract.result());
    for (const Contradiction &c : contradictions)
        raise(c.severity);
    return worst;
}

OrderedValue diagnosisJson(const DiagnosisReport &report)
{
    OrderedValue calls = OrderedValue::array();
    for (const contract::CallResult &call : report.calls)
        calls.append(contract::callReport(call));
    return OrderedValue::object({
        {QStringLiteral("provider"), OrderedValue::string(report.provider)},
        {QStringLiteral("paymentId"), OrderedValue::string(report.paymentId)},
        {QStringLiteral("result"), OrderedValue::string(contract::severityName(report.result()))},
        {QStringLiteral("contradictions"), contradictionsJson(report.contradictions)},
        {QStringLiteral("timeline"), timelineJson(report.timeline)},
        {QStringLiteral("calls"), calls},
    });
}

QString diagnosisText(const DiagnosisReport &report)
{
    QString text =
        QStringLiteral("Payment %1 at %2: %3\n\nNow:\n")
            .arg(report.paymentId, report.provider, contract::severityName(report.result()));
    for (const contract::CallResult &call : report.calls) {
        text += QStringLiteral("  %1: %2\n")
                    .arg(functionSlug(call.call.function),
                         contract::severityName(call.contract.result()));
        if (call.answer)
            text +=
                QStringLiteral("    answer %1\n")
                    .arg(QString::fromUtf8(json::stringify(call.call.masker.mask(*call.answer))));
        else if (!call.failureDetails.isEmpty())
            text += QStringLiteral("    %1: %2\n")
                        .arg(contract::failureClassTitle(call.failure), call.failureDetails);
        for (const contract::Finding &finding : call.contract.findings) {
            if (finding.severity != contract::Severity::Pass)
                text += QStringLiteral("    %1 %2\n")
                            .arg(contract::severityName(finding.severity), finding.message);
        }
    }
    text += QStringLiteral("\nTimeline (%1 events):\n").arg(report.timeline.size());
    for (int i = 0; i < report.timeline.size(); ++i) {
        const TimelineEvent &event = report.timeline[i];
        text += QStringLiteral("  [%1] %2  %3  %4\n")
                    .arg(i)
                    .arg(event.at.toUTC().toString(Qt::ISODate), event.source, event.summary);
    }
    text += report.contradictions.isEmpty() ? QStringLiteral("\nNo contradictions.\n")
                                            : QStringLiteral("\nContradictions:\n");
    for (const Contradiction &c : report.contradictions) {
        QStringList events;
        for (const int index : c.events)
            events.append(QString::number(index));
        text += QStringLiteral("  %1 %2 (events %3)\n    -> %4\n")
                    .arg(contract::severityName(c.severity), c.message,
                         events.join(QStringLiteral(", ")), c.advice);
    }
    return text;
}

QVector<client::HistoryEntry> paymentHistory(const client::CallHistory &history,
                                             const QString &provider, const QString &paymentId,
                                             int limit)
{
    client::HistoryFilter filter;
    filter.provider = provider;
    filter.text = paymentId;
    QVector<client::HistoryEntry> entries;
    for (const client::HistoryEntry &row : history.query(filter, limit).entries) {
        if (row.paymentId != paymentId)
            continue;
        if (const auto full = history.entry(row.id))
            entries.append(*full);
    }
    std::reverse(entries.begin(), entries.end());
    return entries;
}

PaymentDiagnosis::PaymentDiagnosis(QObject *parent)
    : QObject(parent), m_runner(new client::CallRunner(this))
{
    qRegisterMetaType<paybench::support::DiagnosisReport>();
    connect(m_runner, &client::CallRunner::callFinished, this, &PaymentDiagnosis::onCallFinished);
}

PaymentDiagnosis::~PaymentDiagnosis()
{
    m_runner->disconnect(this);
}

void PaymentDiagnosis::start(const contract::CallTarget &target, const QString &paymentId,
                             const QVector<client::HistoryEntry> &history,
                             const client::CallOptions &options, int timeoutMs)
{
    cancel();
    m_report = DiagnosisReport{};
    m_report.provider = target.code;
    m_report.paymentId = paymentId;
    for (const client::HistoryEntry &entry : history) {
        if (auto event = timelineEventFromHistory(entry))
            m_report.timeline.append(*event);
    }
    std::stable_sort(m_report.timeline.begin(), m_report.timeline.end(),
                     [](const TimelineEvent &a, const TimelineEvent &b) { return a.at < b.at; });
    const PaymentFunction functions[] = {PaymentFunction::GetPaymentStatus,
                                         PaymentFunction::GeneratePaymentLink};
    m_report.calls.resize(2);
    for (int i = 0; i < 2; ++i) {
        contract::CallSpec spec;
        spec.function = functions[i];
        spec.paymentId = paymentId;
        spec.timeoutMs = timeoutMs;
        m_pending.insert(m_runner->send(contract::prepareCall(target, spec), options), i);
    }
}

void PaymentDiagnosis::cancel()
{
    if (!m_pending.isEmpty())
        m_runner->cancelAll();
}

void PaymentDiagnosis::onCallFinished(quint64 id, const contract::CallResult &result)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.cend())
        return;
    m_report.calls[*it] = result;
    m_pending.erase(it);
    if (!m_pending.isEmpty())
        return;
    for (const contract::CallResult &call : std::as_const(m_report.calls))
        m_report.timeline.append(timelineEventFromResult(call, QStringLiteral("now")));
    m_report.contradictions = findContradictions(m_report.timeline);
    emit diagnosisFinished(m_report);
}

} // namespace paybench::support
