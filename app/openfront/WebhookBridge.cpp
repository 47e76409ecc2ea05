#include "WebhookBridge.h"

#include "ConnectionGuard.h"
#include "GatewayConfig.h"
#include "GatewayHttpServer.h"
#include "OpenfrontDocuments.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QMap>
#include <QTcpSocket>

#include <algorithm>

namespace paybench::openfront {
namespace {

QJsonObject errorBody(const QString &message)
{
    return QJsonObject{{QStringLiteral("error"), message}};
}

} // namespace

QJsonObject webhookHeaders(const QList<QPair<QByteArray, QByteArray>> &headers,
                           const QByteArray &body)
{
    QMap<QString, QString> joined;
    for (const auto &[name, value] : headers) {
        const QString key = QString::fromLatin1(name).toLower();
        const QString text = QString::fromLatin1(value);
        joined[key] = joined.contains(key) ? joined[key] + QStringLiteral(", ") + text : text;
    }
    QJsonObject object;
    for (auto it = joined.cbegin(); it != joined.cend(); ++it)
        object.insert(it.key(), it.value());
    const QString raw = QString::fromUtf8(body);
    object.insert(QStringLiteral("__rawBody"), raw);
    object.insert(QStringLiteral("__rawbody"), raw);
    return object;
}

WebhookBridge::WebhookBridge(GraphqlEndpoint endpoint, QString providerId, QObject *parent)
    : QObject(parent), m_endpoint(std::move(endpoint)), m_providerId(std::move(providerId))
{}

WebhookBridge::~WebhookBridge()
{
    m_held.clear();
    delete m_server.data();
    delete m_guard.data(); // closes every connection
}

quint16 WebhookBridge::listen(quint16 port, QString *error)
{
    auto *server = new gateway::GatewayHttpServer(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            handle(request, std::move(responder));
        },
        this);
    gateway::GatewayLimits limits; // 1,000,000-byte bodies, time limits, connection cap
    auto *guard = new gateway::ConnectionGuard(
        limits, {}, [](const QByteArray &) -> QByteArray { return "POST"; });
    if (!guard->listen(QHostAddress(QHostAddress::LocalHost), port)) {
        *error =
            QStringLiteral("cannot listen on 127.0.0.1:%1: %2").arg(port).arg(guard->errorString());
        delete guard;
        delete server;
        return 0;
    }
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    if (!server->bind(guard)) {
        *error = QStringLiteral("Qt HttpServer refused the listening socket");
        delete guard;
        delete server;
        return 0;
    }
#else
    server->bind(guard);
#endif
    m_server = server;
    m_guard = guard;
    return guard->serverPort();
}

void WebhookBridge::answer(const QPointer<QTcpSocket> &socket, QHttpServerResponder &responder,
                           int status, const QJsonObject &body)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return; // the gateway gave up meanwhile
    responder.write(QJsonDocument(body), QHttpServerResponder::StatusCode(status));
    socket->flush(); // the answer leaves now, even if the bridge is closed right after
    if (m_guard)
        m_guard->responseWritten(socket);
}

void WebhookBridge::handle(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QPointer<QTcpSocket> socket = m_guard ? m_guard->takeDispatchedRequest() : nullptr;
    BridgedWebhook webhook;
    webhook.at = QDateTime::currentDateTimeUtc();
    webhook.path = request.url().path();
    auto refuse = [&](int status, const QString &message) {
        webhook.answeredStatus = status;
        webhook.error = message;
        answer(socket, responder, status, errorBody(message));
        Q_EMIT webhookBridged(webhook);
    };
    const QByteArray body = request.body();
    QJsonParseError parseError{};
    const QJsonDocument event = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !event.isObject())
        return refuse(400, QStringLiteral("Invalid JSON payload"));
    if (static_cast<int>(m_held.size()) >= kMaxInFlight)
        return refuse(
            503,
            QStringLiteral("the bridge is busy: %1 webhooks wait for the store").arg(kMaxInFlight));

    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    m_held.push_back(held);
    auto *client = new GraphqlClient(m_endpoint, this);
    connect(
        client, &GraphqlClient::requestFinished, this,
        [this, client, webhook, socket,
         weak = std::weak_ptr(held)](const GraphqlResult &result) mutable {
            client->deleteLater();
            const auto kept = weak.lock();
            if (!kept)
                return; // the bridge is closing
            m_held.erase(std::find(m_held.begin(), m_held.end(), kept));
            int status = 502;
            QJsonObject reply;
            if (!result.ok()) {
                webhook.error = result.error;
                reply = errorBody(result.error);
            } else {
                webhook.reachedStore = true;
                webhook.storeAnswer =
                    result.data.value(QStringLiteral("handlePaymentProviderWebhook")).toObject();
                const QJsonObject &store = webhook.storeAnswer;
                const int storeStatus = store.value(QStringLiteral("statusCode")).toInt();
                if (store.value(QStringLiteral("success")).toBool()) {
                    status = 200;
                    reply = QJsonObject{
                        {QStringLiteral("success"), true},
                        {QStringLiteral("message"), store.value(QStringLiteral("message"))}};
                } else {
                    status = storeStatus >= 400 && storeStatus <= 599 ? storeStatus : 400;
                    reply =
                        errorBody(store.value(QStringLiteral("error"))
                                      .toString(store.value(QStringLiteral("message")).toString()));
                }
            }
            webhook.answeredStatus = status;
            answer(socket, *kept, status, reply);
            Q_EMIT webhookBridged(webhook);
        });
    client->send(webhookMutation(m_providerId, event.object(),
                                 webhookHeaders(gateway::requestHeaders(request), body)));
}

} // namespace paybench::openfront
