#pragma once

#include "WebhookSigner.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QVector>

class QNetworkAccessManager;
class QNetworkReply;

namespace paybench::gateway {

// One event on its way to the webhook URL.
struct WebhookDelivery {
    enum class State { Pending, Delivered, Failed };

    int id = 0;
    QString eventId;
    QString eventType;
    QString paymentId;
    QByteArray body;
    State state = State::Pending;
    int attempts = 0;
    int lastStatus = 0; // HTTP status of the last attempt, 0 when there was no answer
    QString lastError;
    QDateTime lastAttemptAt;
    QDateTime nextAttemptAt; // when a retry is scheduled
};

QString deliveryStateName(WebhookDelivery::State state); // "pending", "delivered", "failed"

// Posts signed events to the configured URL. A delivery that gets no 2xx is retried with
// exponential backoff up to the attempt limit; every delivery stays listed (the newest
// kMaxDeliveries), and any event can be sent again.
class WebhookDispatcher final : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxDeliveries = 1000;

    struct Settings {
        QUrl url;
        webhook::Scheme scheme = webhook::Scheme::Gateway;
        QByteArray secret;
        int maxAttempts = 5;
        int backoffMs = 1000;
        int timeoutMs = 10'000;
    };

    explicit WebhookDispatcher(QObject *parent = nullptr);
    ~WebhookDispatcher() override;
    Q_DISABLE_COPY_MOVE(WebhookDispatcher)

    void setSettings(const Settings &settings) { m_settings = settings; }
    [[nodiscard]] const Settings &settings() const { return m_settings; }
    void setClock(webhook::Clock clock) { m_clock = std::move(clock); }

    // Queues `body` for the URL; returns the delivery id, or 0 when no URL is set.
    int deliver(const QString &eventId, const QString &eventType, const QString &paymentId,
                const QByteArray &body);
    [[nodiscard]] QVector<WebhookDelivery> deliveries() const { return m_deliveries; }
    void clear();

Q_SIGNALS:
    void deliveryChanged(const paybench::gateway::WebhookDelivery &delivery);

private:
    void attempt(int deliveryId);
    void finish(int deliveryId, QNetworkReply *reply);
    WebhookDelivery *find(int deliveryId);

    Settings m_settings;
    webhook::Clock m_clock = webhook::systemClock();
    QNetworkAccessManager *m_network;
    QVector<WebhookDelivery> m_deliveries;
    QList<QPointer<QNetworkReply>> m_replies;
    int m_nextId = 1;
};

} // namespace paybench::gateway
