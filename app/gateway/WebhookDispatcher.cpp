#include "WebhookDispatcher.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <utility>

namespace paybench::gateway {

QString deliveryStateName(WebhookDelivery::State state)
{
    switch (state) {
    case WebhookDelivery::State::Pending:
        return QStringLiteral("pending");
    case WebhookDelivery::State::Delivered:
        return QStringLiteral("delivered");
    case WebhookDelivery::State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

WebhookDispatcher::WebhookDispatcher(QObject *parent)
    : QObject(parent), m_network(new QNetworkAccessManager(this))
{}

WebhookDispatcher::~WebhookDispatcher()
{
    clear();
}

int WebhookDispatcher::deliver(const QString &eventId, const QString &eventType,
                               const QString &paymentId, const QByteArray &body)
{
    if (m_settings.url.isEmpty())
        return 0;
    WebhookDelivery delivery;
    delivery.id = m_nextId++;
    delivery.eventId = eventId;
    delivery.eventType = eventType;
    delivery.paymentId = paymentId;
    delivery.body = body;
    m_deliveries.append(delivery);
    if (m_deliveries.size() > kMaxDeliveries)
        m_deliveries.removeFirst();
    Q_EMIT deliveryChanged(delivery);
    attempt(delivery.id);
    return delivery.id;
}

void WebhookDispatcher::clear()
{
    // Detach first: aborting emits finished, which must not touch the cleared list.
    const auto replies = std::exchange(m_replies, {});
    for (const QPointer<QNetworkReply> &reply : replies) {
        if (reply) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    }
    m_deliveries.clear();
}

WebhookDelivery *WebhookDispatcher::find(int deliveryId)
{
    for (WebhookDelivery &delivery : m_deliveries) {
        if (delivery.id == deliveryId)
            return &delivery;
    }
    return nullptr;
}

void WebhookDispatcher::attempt(int deliveryId)
{
    WebhookDelivery *delivery = find(deliveryId);
    if (!delivery)
        return;
    QNetworkRequest request(m_settings.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(m_settings.timeoutMs);
    const webhook::WebhookSigner signer(m_settings.scheme, m_settings.secret, m_clock);
    for (const webhook::Header &header : signer.sign(delivery->body, delivery->eventId.toUtf8()))
        request.setRawHeader(header.first, header.second);
    delivery->attempts += 1;
    delivery->lastAttemptAt = QDateTime::currentDateTimeUtc();
    delivery->nextAttemptAt = {};
    QNetworkReply *reply = m_network->post(request, delivery->body);
    m_replies.append(reply);
    connect(reply, &QNetworkReply::finished, this, [this, deliveryId, reply] {
        m_replies.removeAll(reply);
        finish(deliveryId, reply);
        reply->deleteLater();
    });
}

void WebhookDispatcher::finish(int deliveryId, QNetworkReply *reply)
{
    WebhookDelivery *delivery = find(deliveryId);
    if (!delivery)
        return;
    delivery->lastStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (delivery->lastStatus >= 200 && delivery->lastStatus < 300) {
        delivery->state = WebhookDelivery::State::Delivered;
        delivery->lastError.clear();
    } else {
        delivery->lastError = delivery->lastStatus != 0
                                  ? QStringLiteral("HTTP %1").arg(delivery->lastStatus)
                                  : reply->errorString();
        if (delivery->attempts < m_settings.maxAttempts) {
            const int delay = m_settings.backoffMs * (1 << qMin(delivery->attempts - 1, 16));
            delivery->nextAttemptAt = QDateTime::currentDateTimeUtc().addMSecs(delay);
            QTimer::singleShot(delay, this, [this, deliveryId] { attempt(deliveryId); });
        } else {
            delivery->state = WebhookDelivery::State::Failed;
        }
    }
    Q_EMIT deliveryChanged(*delivery);
}

} // namespace paybench::gateway
