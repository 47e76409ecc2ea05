#include "WebhookReceiver.h"

#include "WebhookLab.h"

namespace paybench::support {

WebhookSend replaySend(const CapturedWebhook &webhook)
{
    // Hop-by-hop and transport headers are the client's own; the rest is what was signed.
    static const QList<QByteArray> kDropped{
        "host",       "content-length", "connection", "accept-encoding", "accept-language",
        "user-agent", "accept"};
    WebhookMessage message;
    message.eventBody = webhook.body;
    message.body = webhook.body;
    for (const webhook::Header &header : webhook.headers) {
        if (kDropped.contains(header.first.toLower()))
            continue;
        message.headers.append(header);
        if (header.first.compare("content-type", Qt::CaseInsensitive) != 0)
            message.signatureHeaders.append(header);
    }
    WebhookSend send;
    send.wrap = WebhookWrap::Raw;
    send.scheme = webhook.verification.scheme;
    send.tamper = Tamper::Duplicate;
    if (const json::ParseResult parsed = json::parse(webhook.body); parsed.value) {
        send.eventId = webhookEventId(*parsed.value);
        send.paymentId = webhookPaymentId(*parsed.value);
        if (const json::OrderedValue *type = parsed.value->member(QStringLiteral("type")))
            send.eventType = type->toString();
    }
    send.messages = {message};
    send.expected = ExpectedAnswer::Accept;
    send.expectation = QStringLiteral("a replay of a webhook received before: acknowledge it with "
                                      "2xx and ignore it (the event id was seen)");
    return send;
}

WebhookReceiver::WebhookReceiver(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<paybench::support::CapturedWebhook>();
}

WebhookReceiver::~WebhookReceiver()
{
    detach();
}

void WebhookReceiver::setVerification(webhook::Scheme scheme, const QByteArray &secret)
{
    m_scheme = scheme;
    m_secret = secret;
}

void WebhookReceiver::attach(gateway::DemoGateway *gateway)
{
    detach();
    m_gateway = gateway;
    // The handler only runs while this receiver holds the route: detach() removes it first.
    gateway->setCaptureHandler(
        [this](const gateway::InboundWebhook &inbound) { return take(inbound); });
}

void WebhookReceiver::detach()
{
    if (m_gateway)
        m_gateway->setCaptureHandler({});
    m_gateway.clear();
}

QUrl WebhookReceiver::url() const
{
    return m_gateway && m_gateway->isRunning() ? m_gateway->captureUrl() : QUrl();
}

gateway::CaptureAnswer WebhookReceiver::take(const gateway::InboundWebhook &inbound)
{
    CapturedWebhook webhook;
    webhook.at = inbound.at;
    webhook.method = inbound.method;
    webhook.path = inbound.path;
    webhook.headers = inbound.headers;
    webhook.body = inbound.body;
    webhook.verification = explainSignature(webhook.body, webhook.headers, m_secret, m_scheme);
    webhook.answeredStatus = webhook.verification.valid() ? 200 : 401;
    m_captured.append(webhook);
    if (m_captured.size() > kMaxCaptured)
        m_captured.removeFirst();
    emit webhookCaptured(webhook);
    return {webhook.answeredStatus, webhook.verification.valid()
                                        ? QByteArrayLiteral(R"({"received":true})")
                                        : QByteArrayLiteral(R"({"error":"invalid signature"})")};
}

} // namespace paybench::support
