#pragma once

#include "GatewayConfig.h"
#include "GatewayLogEntry.h"
#include "GatewayStateStore.h"
#include "PaymentLedger.h"
#include "ShardedHash.h"
#include "WebhookDispatcher.h"

#include <QObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QSet>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <functional>

#include <memory>
#include <vector>

class QHttpServerRequest;
class QHttpServerResponder;
class QTcpSocket;

namespace paybench::json {
class OrderedValue;
}

namespace paybench::gateway {

class ConnectionGuard;
class GatewayHttpServer;
struct GatewayAnswer; // what a handler answers; DemoGateway.cpp
namespace bodies {
struct WebhookResource;
} // namespace bodies

// GatewayEvent: GatewayStateStore.h.

// A request that reached the gateway's webhook capture route, exactly as it came.
struct InboundWebhook {
    QDateTime at;
    QByteArray method;
    QByteArray path;
    webhook::HeaderList headers; // in the order received
    QByteArray body;
};

// What the capture route answers (a JSON body).
struct CaptureAnswer {
    int status = 200;
    QByteArray body;
};

// Takes each webhook POSTed to the capture route, on the gateway's thread.
using CaptureHandler = std::function<CaptureAnswer(const InboundWebhook &)>;

// The embedded demo gateway: the six endpoints of a custom payment provider (plus
// /api/cancel-payment) with real payment state, idempotency, faults on demand, signed webhooks
// out, webhook verification in, and a dashboard page per payment. Runs on the thread it lives in.
class DemoGateway final : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<QDateTime()>;
    static constexpr int kMaxStringLength = 255;
    static constexpr int kMaxReasonLength = 500;
    static constexpr int kMaxEvents = 100'000;
    // Without a state file, the idempotency records kept, each with its answer: those of the
    // newest keys by first use, as for events. An older key then counts as new, with any request
    // (Stripe forgets keys after 24 hours).
    static constexpr int kMaxIdempotencyRecords = 100'000;
    // With a state file, the payments held in memory; the others are read from it on demand.
    static constexpr int kCachedPayments = 1'000;

    explicit DemoGateway(QObject *parent = nullptr);
    ~DemoGateway() override;
    Q_DISABLE_COPY_MOVE(DemoGateway)

    // Takes effect at the next start(); faults and webhook settings also while running.
    void setConfig(const GatewayConfig &config);
    [[nodiscard]] const GatewayConfig &config() const { return m_config; }
    void setFault(Endpoint endpoint, const Fault &fault);
    // Tests: a fixed clock for payment times and webhook timestamps, a seeded fault dice.
    void setClock(Clock clock);
    void setRandomSeed(quint32 seed) { m_random.seed(seed); }
    // Tests: smaller caps (at least 1) on what memory keeps without a state file (events,
    // idempotency records), from the next one kept on.
    void setMemoryCapsForTesting(int events, int idempotencyRecords);

    // With a state file: Full syncs every commit to the disk (the default), Normal survives a
    // killed process but maybe not a power cut (GatewayStateStore.h). At the next start().
    void setStateSync(StateSync sync) { m_stateSync = sync; }

    // Opens the state file (if any; it stays locked until stop()), listens, and returns the real
    // port; 0 and an error when it cannot (invalid config, port taken, state file refused).
    quint16 start(QString *error = nullptr);
    void stop(); // closes the state file; every answered change is already in it
    [[nodiscard]] bool isRunning() const;
    [[nodiscard]] quint16 port() const { return m_port; }
    // http://127.0.0.1:PORT, what a platform's functions point at.
    [[nodiscard]] QUrl baseUrl() const;
    [[nodiscard]] int connectionCount() const;

    // Forgets every payment, event, delivery and idempotency record (and saves that).
    void reset();
    // With an open state file, every stored payment is read from it (costly for big states).
    [[nodiscard]] QVector<Payment> payments() const;
    // The newest `limit` payments, in creation order, and how many there are: what a view
    // shows without reading every stored payment.
    [[nodiscard]] QVector<Payment> recentPayments(int limit) const;
    [[nodiscard]] qint64 paymentCount() const;
    [[nodiscard]] std::optional<Payment> payment(const QString &paymentId) const;
    // The newest kMaxEvents events (read from the state file when one is open).
    [[nodiscard]] QVector<GatewayEvent> events() const;
    [[nodiscard]] QVector<GatewayEvent> eventsFor(const QString &paymentId) const;
    [[nodiscard]] QVector<WebhookDelivery> deliveries() const;
    // Sends an event again (a new delivery, freshly signed). False for an unknown event or
    // when no webhook URL is set.
    bool resendEvent(const QString &eventId);
    // Cancels a pending or authorized payment (the dashboard/GUI action); the error otherwise.
    bool cancelPayment(const QString &paymentId, QString *error = nullptr);

    // The webhook capture route: a POST to kCapturePath or any path below it goes to handler
    // (the webhook lab's receiver), bodies up to the configured maxBodyBytes; without a handler
    // the route answers 404. An empty handler switches it off.
    static constexpr char kCapturePath[] = "/capture";
    void setCaptureHandler(CaptureHandler handler) { m_captureHandler = std::move(handler); }
    [[nodiscard]] bool isCapturing() const { return bool(m_captureHandler); }
    // baseUrl() + kCapturePath.
    [[nodiscard]] QUrl captureUrl() const;

    // Every change is in the state file before its answer goes out; this writes anything still
    // pending (nothing, between requests). False and an error when it cannot or none is open.
    bool saveStateNow(QString *error = nullptr);

Q_SIGNALS:
    void started(quint16 port);
    void stopped();
    void configChanged(); // setConfig() or setFault()
    void requestHandled(const paybench::gateway::GatewayLogEntry &entry);
    void paymentsChanged();
    void eventRaised(const paybench::gateway::GatewayEvent &event);
    void deliveryChanged(const paybench::gateway::WebhookDelivery &delivery);
    void stateSaveFailed(const QString &error);

private:
    using IdempotentRecord = GatewayStateStore::IdempotentRecord;

    void handle(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    GatewayAnswer process(Endpoint endpoint, const QHttpServerRequest &request, QString *paymentId,
                          QByteArray *loggedRequest);
    GatewayAnswer processValidated(Endpoint endpoint, const json::OrderedValue &body,
                                   QString *paymentId);
    GatewayAnswer createPayment(const json::OrderedValue &body, QString *paymentId);
    GatewayAnswer capturePayment(const json::OrderedValue &body, const QString &paymentId);
    GatewayAnswer refundPayment(const json::OrderedValue &body, const QString &paymentId);
    // The 400 answer when the body names a currency other than the payment's (Openfront sends
    // one in capture and refund bodies); nullopt when it agrees or names none.
    [[nodiscard]] std::optional<GatewayAnswer> currencyMismatch(const json::OrderedValue &body,
                                                                const QString &paymentId) const;
    GatewayAnswer paymentStatus(const QString &paymentId);
    GatewayAnswer paymentLink(const QString &paymentId);
    GatewayAnswer handleWebhook(const json::OrderedValue &body, QString *paymentId);
    // What Openfront reads as the webhook's `resource` for an event about a payment.
    [[nodiscard]] bodies::WebhookResource
    webhookResource(const QString &eventType, const QString &paymentId,
                    const json::OrderedValue &eventPayment) const;
    GatewayAnswer cancel(const QString &paymentId);
    GatewayAnswer dashboard(const QString &path, QString *paymentId);
    GatewayAnswer capture(const QHttpServerRequest &request);
    void raiseEvent(const QString &type, const QString &paymentId);
    // Without a state file: keeps the record, forgetting the oldest beyond the cap.
    void rememberIdempotent(const QString &slot, IdempotentRecord record);
    void publishEvent(const GatewayEvent &event); // eventRaised and the webhook
    // A payment changed: remembered for the next commit.
    void stateChanged(const QString &paymentId = {});
    // Writes what changed since the last commit in one transaction; false and stateSaveFailed
    // when it cannot (the unwritten changes are then dropped from memory too).
    bool commitState(QString *error = nullptr);
    bool openState(QString *error);
    // Puts a stored payment into the ledger (a cache when a state file is open).
    void loadPayment(const QString &paymentId);
    void writeAnswer(const QPointer<QTcpSocket> &socket, QHttpServerResponder &responder,
                     const GatewayAnswer &answer);
    void log(GatewayLogEntry entry);
    void applyWebhookSettings();

    GatewayConfig m_config;
    Clock m_clock;
    PaymentLedger m_ledger;
    // Without a state file; with one, events live there. A deque: the oldest leaves as the
    // newest comes without moving the other kMaxEvents (a QVector moved them all now and then,
    // stopping the gateway for milliseconds).
    std::deque<GatewayEvent> m_events;
    int m_maxEvents = kMaxEvents;
    // "endpoint\nkey", without a state file; sharded like the ledger, so that growing it never
    // stops the gateway, and capped: the slots in the order they came, the oldest first.
    ShardedHash<QString, IdempotentRecord> m_idempotency;
    std::deque<QString> m_idempotencyOrder;
    int m_maxIdempotencyRecords = kMaxIdempotencyRecords;
    QRandomGenerator m_random;
    WebhookDispatcher *m_webhooks;
    CaptureHandler m_captureHandler;
    QPointer<GatewayHttpServer> m_server;
    QPointer<ConnectionGuard> m_guard;
    // Answers held back by a latency fault. stop() drops them before the server goes: a
    // responder must not outlive its server or its connection (Qt HttpServer 6.8 keeps plain
    // pointers to both).
    std::vector<std::shared_ptr<QHttpServerResponder>> m_heldResponders;
    quint16 m_port = 0;
    StateSync m_stateSync = StateSync::Full;
    std::unique_ptr<GatewayStateStore> m_store;
    // Changes not committed yet: the payments touched, new events, new idempotency records.
    QSet<QString> m_dirtyPayments;
    QVector<GatewayEvent> m_pendingEvents;
    QVector<QPair<QString, IdempotentRecord>> m_pendingIdempotency;
    bool m_inRequest = false; // handle() commits once at its end
};

} // namespace paybench::gateway

Q_DECLARE_METATYPE(paybench::gateway::GatewayEvent)
