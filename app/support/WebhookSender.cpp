#include "WebhookSender.h"

#include "SecretMasker.h"

namespace paybench::support {

using json::OrderedValue;

namespace {

constexpr qsizetype kShownBodyBytes = 4096;

OrderedValue str(const QString &value)
{
    return OrderedValue::string(value);
}

OrderedValue shownBody(const QByteArray &body, const contract::SecretMasker &masker)
{
    const QByteArray masked = masker.mask(body);
    if (masked.size() <= kShownBodyBytes)
        return str(QString::fromUtf8(masked));
    return str(QString::fromUtf8(masked.left(kShownBodyBytes)) +
               QStringLiteral("... (%1 bytes in all)").arg(masked.size()));
}

OrderedValue headersObject(const webhook::HeaderList &headers)
{
    OrderedValue object = OrderedValue::object();
    for (const webhook::Header &header : headers)
        object.setMember(QString::fromLatin1(header.first),
                         str(QString::fromLatin1(header.second)));
    return object;
}

OrderedValue verdictJson(const contract::Verdict &verdict)
{
    OrderedValue findings = OrderedValue::array();
    for (const contract::Finding &finding : verdict.findings) {
        OrderedValue item = OrderedValue::object({
            {QStringLiteral("severity"), str(contract::severityName(finding.severity))},
            {QStringLiteral("code"), str(finding.code)},
            {QStringLiteral("message"), str(finding.message)},
        });
        if (!finding.expected.isEmpty())
            item.setMember(QStringLiteral("expected"), str(finding.expected));
        if (!finding.actual.isEmpty())
            item.setMember(QStringLiteral("actual"), str(finding.actual));
        if (!finding.advice.isEmpty())
            item.setMember(QStringLiteral("advice"), str(finding.advice));
        findings.append(item);
    }
    return OrderedValue::object(
        {{QStringLiteral("result"), str(contract::severityName(verdict.result()))},
         {QStringLiteral("findings"), findings}});
}

} // namespace

contract::Verdict WebhookSendOutcome::verdict() const
{
    contract::Verdict all;
    for (const WebhookDelivery &delivery : deliveries)
        all.findings += delivery.verdict.findings;
    if (deliveries.size() < send.messages.size())
        all.add(contract::Severity::Failure, QStringLiteral("not-sent"), {},
                QStringLiteral("%1 of %2 messages were not sent")
                    .arg(send.messages.size() - deliveries.size())
                    .arg(send.messages.size()));
    return all;
}

bool WebhookSendOutcome::transportFailed() const
{
    for (const WebhookDelivery &delivery : deliveries) {
        if (delivery.result.response.outcome != contract::TransportOutcome::Completed)
            return true;
    }
    return false;
}

OrderedValue webhookSendReport(const WebhookSendOutcome &outcome, const QStringList &secrets)
{
    const contract::SecretMasker masker(secrets);
    OrderedValue deliveries = OrderedValue::array();
    for (int i = 0; i < outcome.deliveries.size(); ++i) {
        const WebhookDelivery &delivery = outcome.deliveries[i];
        const WebhookMessage &message = outcome.send.messages.value(i);
        const contract::CallResponse &response = delivery.result.response;
        OrderedValue answer = OrderedValue::object();
        if (response.outcome == contract::TransportOutcome::Completed) {
            answer.setMember(QStringLiteral("status"), OrderedValue::number(response.httpStatus));
            answer.setMember(QStringLiteral("body"), shownBody(response.body, masker));
            answer.setMember(QStringLiteral("totalMs"),
                             OrderedValue::number(double(response.timings.totalMs)));
        } else {
            answer.setMember(QStringLiteral("error"), str(masker.mask(response.transportError)));
        }
        deliveries.append(OrderedValue::object({
            {QStringLiteral("request"),
             OrderedValue::object({
                 {QStringLiteral("headers"), headersObject(message.headers)},
                 {QStringLiteral("signatureHeaders"), headersObject(message.signatureHeaders)},
                 {QStringLiteral("bodyBytes"), OrderedValue::number(double(message.body.size()))},
                 {QStringLiteral("body"), shownBody(message.body, masker)},
             })},
            {QStringLiteral("answer"), answer},
            {QStringLiteral("verdict"), verdictJson(delivery.verdict)},
        }));
    }
    return OrderedValue::object({
        {QStringLiteral("url"), str(outcome.url.toString())},
        {QStringLiteral("wrap"), str(wrapName(outcome.send.wrap))},
        {QStringLiteral("scheme"), str(webhook::schemeName(outcome.send.scheme))},
        {QStringLiteral("tamper"), str(tamperName(outcome.send.tamper))},
        {QStringLiteral("eventId"), str(outcome.send.eventId)},
        {QStringLiteral("eventType"), str(outcome.send.eventType)},
        {QStringLiteral("openfrontAction"),
         str(openfrontActionName(openfrontActionFor(outcome.send.eventType)))},
        {QStringLiteral("expected"), str(expectedAnswerName(outcome.send.expected))},
        {QStringLiteral("expectation"), str(outcome.send.expectation)},
        {QStringLiteral("deliveries"), deliveries},
        {QStringLiteral("verdict"), verdictJson(outcome.verdict())},
    });
}

WebhookSender::WebhookSender(QObject *parent)
    : QObject(parent), m_runner(new client::CallRunner(this))
{
    qRegisterMetaType<paybench::support::WebhookSendOutcome>();
    connect(m_runner, &client::CallRunner::callFinished, this, &WebhookSender::onCallFinished);
}

WebhookSender::~WebhookSender()
{
    // The runner is a child: it aborts its replies; nothing is reported from here on.
    m_runner->disconnect(this);
}

void WebhookSender::start(const QUrl &url, const WebhookSend &send, const QStringList &secrets,
                          int timeoutMs, const client::CallOptions &options)
{
    cancel();
    m_outcome = WebhookSendOutcome{url, send, {}};
    m_secrets = secrets;
    m_timeoutMs = timeoutMs;
    m_options = options;
    sendNext();
}

void WebhookSender::cancel()
{
    if (m_callId != 0)
        m_runner->cancel(m_callId); // ends in onCallFinished as a cancelled call
}

void WebhookSender::sendNext()
{
    const WebhookMessage &message = m_outcome.send.messages.at(m_outcome.deliveries.size());
    contract::PreparedCall call;
    call.function = PaymentFunction::HandleWebhook;
    // Openfront's own route answers here, judged by judgeWebhookAnswer; no profile judges it.
    call.profile = &contract::documentedProfile();
    call.expectation = m_outcome.send.expected == ExpectedAnswer::Accept
                           ? contract::CallExpectation::Success
                           : contract::CallExpectation::Rejection;
    call.target = m_outcome.url.toString();
    call.url = m_outcome.url;
    if (!m_outcome.url.isValid() || m_outcome.url.host().isEmpty() ||
        (m_outcome.url.scheme() != QLatin1String("http") &&
         m_outcome.url.scheme() != QLatin1String("https")))
        call.urlError = QStringLiteral("not an absolute http(s) URL");
    call.headers = message.headers;
    call.body = message.body;
    call.providerCode = m_outcome.send.providerCode;
    call.paymentId = m_outcome.send.paymentId;
    // The parsed body lets history and diagnosis read the event; the bytes sent stay call.body.
    if (json::ParseResult parsed = json::parse(message.body); parsed.value)
        call.payload = std::move(parsed.value);
    call.timeoutMs = m_timeoutMs;
    call.masker = contract::SecretMasker(m_secrets);
    m_callId = m_runner->send(call, m_options);
}

bool recordWebhookSend(const WebhookSendOutcome &outcome, client::CallHistory &history,
                       QString *error)
{
    for (const WebhookDelivery &delivery : outcome.deliveries) {
        if (history.record(delivery.result, error) < 0)
            return false;
    }
    return true;
}

void WebhookSender::onCallFinished(quint64 id, const contract::CallResult &result)
{
    if (id != m_callId)
        return;
    m_callId = 0;
    const int index = int(m_outcome.deliveries.size());
    const bool answered = result.response.outcome == contract::TransportOutcome::Completed;
    QString error = result.response.transportError;
    if (!result.call.urlError.isEmpty())
        error = result.call.urlError;
    m_outcome.deliveries.append(
        {result,
         judgeWebhookAnswer(m_outcome.send, index, answered ? result.response.httpStatus : 0,
                            result.response.body, error)});
    if (answered && m_outcome.deliveries.size() < m_outcome.send.messages.size()) {
        sendNext();
        return;
    }
    emit sendFinished(m_outcome);
}

} // namespace paybench::support
