#pragma once

#include "GraphqlClient.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <memory>
#include <vector>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

namespace paybench::gateway {
class ConnectionGuard;
class GatewayHttpServer;
} // namespace paybench::gateway

namespace paybench::openfront {

// One webhook the bridge took, and what became of it.
struct BridgedWebhook {
    QDateTime at;
    QString path;
    int answeredStatus = 0; // what the gateway got back
    bool reachedStore = false;
    QJsonObject storeAnswer; // WebhookResult {success, message, statusCode, error}
    QString error;           // why it did not reach the store, or the store's GraphQL error
};

// Lets a store without a webhook route (Openfront A) receive gateway webhooks: listens on
// loopback (any path, POST only, bodies up to 1,000,000 bytes as Openfront B's route, at most
// kMaxInFlight at once; the gateway's connection guard enforces the limits) and turns each into
// handlePaymentProviderWebhook(providerId, event, headers): event = the parsed body, headers =
// the received headers with lower-case names plus the exact body text as __rawBody and
// __rawbody (B's route and handler spell it both ways). The gateway gets 200 when the store
// reports success, the store's statusCode (or 400) when it refuses, 502 when it cannot be
// reached, 400 for a body that is not JSON.
class WebhookBridge final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxInFlight = 8;

    WebhookBridge(GraphqlEndpoint endpoint, QString providerId, QObject *parent = nullptr);
    ~WebhookBridge() override;
    Q_DISABLE_COPY_MOVE(WebhookBridge)

    // Listens on 127.0.0.1; returns the port, or 0 and *error.
    quint16 listen(quint16 port, QString *error);

signals:
    void webhookBridged(const paybench::openfront::BridgedWebhook &webhook);

private:
    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void answer(const QPointer<QTcpSocket> &socket, QHttpServerResponder &responder, int status,
                const QJsonObject &body);

    GraphqlEndpoint m_endpoint;
    QString m_providerId;
    QPointer<gateway::GatewayHttpServer> m_server;
    QPointer<gateway::ConnectionGuard> m_guard;
    std::vector<std::shared_ptr<QHttpServerResponder>> m_held; // answers waiting for the store
};

// The headers argument for a webhook: names lower-cased, repeated ones joined with ", ", plus
// the body text under __rawBody and __rawbody.
QJsonObject webhookHeaders(const QList<QPair<QByteArray, QByteArray>> &headers,
                           const QByteArray &body);

} // namespace paybench::openfront

Q_DECLARE_METATYPE(paybench::openfront::BridgedWebhook)
