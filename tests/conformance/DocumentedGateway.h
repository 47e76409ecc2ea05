#pragma once

// Test double: a loopback gateway that answers exactly the documented contract's shapes
// ({sessionData, paymentId}, {success, transactionId, capturedAmount}, ...) and nothing of what
// Openfront really reads (no paymentIntentId, no status on capture, no webhook type). It keeps
// just enough state for the conformance lifecycle: amounts, captured and refunded totals. With
// answerGetLikePost it processes any method like POST, the defect check 10 exists for.

#include "OrderedJson.h"
#include "WebhookSigner.h"

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QTcpServer>

namespace paybench::test {

class DocumentedGateway final
{
public:
    DocumentedGateway(QString apiKey, QString webhookSecret)
        : m_apiKey(std::move(apiKey)), m_webhookSecret(std::move(webhookSecret))
    {
        m_server.route(QStringLiteral("/api/<arg>"),
                       [this](const QString &function, const QHttpServerRequest &request) {
                           return answer(function, request);
                       });
        // listen() is deprecated from Qt 6.8; a bound QTcpServer works on every version.
        auto *tcp = new QTcpServer(&m_server);
        if (tcp->listen(QHostAddress::LocalHost, 0))
            m_server.bind(tcp);
        m_port = tcp->serverPort();
    }

    bool answerGetLikePost = false;

    [[nodiscard]] bool isListening() const { return m_port != 0; }
    [[nodiscard]] QString baseUrl() const
    {
        return QStringLiteral("http://127.0.0.1:%1").arg(m_port);
    }
    // Requests per method ("GET", "POST"), to show what reached the double.
    [[nodiscard]] int requests(const QString &method) const { return m_requests.value(method); }

private:
    struct Payment {
        qint64 amount = 0;
        QString currency;
        qint64 captured = 0;
        qint64 refunded = 0;
    };

    static QHttpServerResponse error(const char *text, QHttpServerResponse::StatusCode status)
    {
        return QHttpServerResponse(QJsonObject{{QStringLiteral("error"), QLatin1String(text)}},
                                   status);
    }

    QHttpServerResponse answer(const QString &function, const QHttpServerRequest &request)
    {
        const bool post = request.method() == QHttpServerRequest::Method::Post;
        ++m_requests[post ? QStringLiteral("POST") : QStringLiteral("other")];
        if (!post && !answerGetLikePost)
            return error("Method not allowed", QHttpServerResponse::StatusCode::MethodNotAllowed);
        const json::ParseResult parsed = json::parse(request.body());
        if (!parsed.value || !parsed.value->isObject())
            return error("Malformed JSON", QHttpServerResponse::StatusCode::BadRequest);
        const QJsonObject body = parsed.value->toQJson().toObject();
        const QJsonObject provider = body.value(QStringLiteral("provider")).toObject();
        if (provider.value(QStringLiteral("credentials"))
                .toObject()
                .value(QStringLiteral("apiKey"))
                .toString() != m_apiKey)
            return error("Invalid API key", QHttpServerResponse::StatusCode::Unauthorized);

        const QString paymentId = body.value(QStringLiteral("paymentId")).toString();
        const auto amount = static_cast<qint64>(body.value(QStringLiteral("amount")).toDouble());
        if (function == QLatin1String("create-payment")) {
            const QString id = QStringLiteral("pay_doc_%1").arg(m_payments.size() + 1);
            m_payments.insert(id, {amount, body.value(QStringLiteral("currency")).toString()});
            return QHttpServerResponse(
                QJsonObject{{QStringLiteral("sessionData"),
                             QJsonObject{{QStringLiteral("redirectUrl"),
                                          QStringLiteral("https://pay.example.com/") + id}}},
                            {QStringLiteral("paymentId"), id}});
        }
        if (function == QLatin1String("handle-webhook"))
            return webhook(body, *parsed.value);
        const auto found = m_payments.find(paymentId);
        if (found == m_payments.end())
            return error("Unknown payment", QHttpServerResponse::StatusCode::NotFound);
        Payment &payment = *found;
        if (function == QLatin1String("capture-payment")) {
            if (amount <= 0 || amount > payment.amount)
                return error("Amount exceeds the authorization",
                             QHttpServerResponse::StatusCode::BadRequest);
            payment.captured = amount;
            return QHttpServerResponse(
                QJsonObject{{QStringLiteral("success"), true},
                            {QStringLiteral("transactionId"), QStringLiteral("tx_") + paymentId},
                            {QStringLiteral("capturedAmount"), amount}});
        }
        if (function == QLatin1String("refund-payment")) {
            if (amount <= 0 || payment.refunded + amount > payment.captured)
                return error("Refund exceeds the captured amount",
                             QHttpServerResponse::StatusCode::BadRequest);
            payment.refunded += amount;
            return QHttpServerResponse(
                QJsonObject{{QStringLiteral("success"), true},
                            {QStringLiteral("refundId"),
                             QStringLiteral("re_%1_%2").arg(paymentId).arg(payment.refunded)},
                            {QStringLiteral("refundedAmount"), amount}});
        }
        if (function == QLatin1String("get-payment-status")) {
            return QHttpServerResponse(QJsonObject{
                {QStringLiteral("status"),
                 payment.captured > 0 ? QStringLiteral("captured") : QStringLiteral("authorized")},
                {QStringLiteral("amount"), payment.amount},
                {QStringLiteral("currency"), payment.currency},
                {QStringLiteral("lastUpdated"),
                 QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}});
        }
        if (function == QLatin1String("generate-payment-link"))
            return QHttpServerResponse(QJsonObject{
                {QStringLiteral("url"), QStringLiteral("https://pay.example.com/") + paymentId}});
        return error("Unknown function", QHttpServerResponse::StatusCode::NotFound);
    }

    QHttpServerResponse webhook(const QJsonObject &body, const json::OrderedValue &parsed)
    {
        const QJsonObject headers = body.value(QStringLiteral("headers")).toObject();
        // The documentation's handler verifies over the re-serialised event.
        const json::OrderedValue *event = parsed.member(QStringLiteral("event"));
        const QByteArray raw = event ? json::stringify(*event) : QByteArray();
        const webhook::WebhookSigner signer(webhook::Scheme::Gateway, m_webhookSecret.toUtf8());
        const bool valid =
            signer
                .verify(
                    raw,
                    {{QByteArray("x-gateway-signature"),
                      headers.value(QStringLiteral("x-gateway-signature")).toString().toUtf8()}})
                .valid();
        if (!valid) {
            return QHttpServerResponse(
                QJsonObject{{QStringLiteral("verified"), false},
                            {QStringLiteral("error"), QStringLiteral("Invalid webhook signature")}},
                QHttpServerResponse::StatusCode::Forbidden);
        }
        const QJsonObject eventObject = body.value(QStringLiteral("event")).toObject();
        return QHttpServerResponse(
            QJsonObject{{QStringLiteral("verified"), true},
                        {QStringLiteral("eventType"), eventObject.value(QStringLiteral("type"))},
                        {QStringLiteral("paymentId"), eventObject.value(QStringLiteral("data"))
                                                          .toObject()
                                                          .value(QStringLiteral("payment"))
                                                          .toObject()
                                                          .value(QStringLiteral("id"))},
                        {QStringLiteral("shouldUpdatePayment"), true}});
    }

    QString m_apiKey;
    QString m_webhookSecret;
    QHttpServer m_server;
    quint16 m_port = 0;
    QHash<QString, Payment> m_payments;
    QHash<QString, int> m_requests;
};

} // namespace paybench::test
