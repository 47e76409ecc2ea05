#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace paybench::gateway {

struct Payment;

// The JSON bodies the demo gateway answers with and the events it raises, written straight to
// bytes (json::JsonWriter): one answer and one event per request, so no value tree is built.
// Member order is part of the shape: the documented fields first, then what Openfront reads.
namespace bodies {

QByteArray error(const QString &message);
// A payment the test amounts declined (402).
QByteArray declined(const QString &message, const QString &paymentId);
QByteArray webhookError(const QString &message);

QByteArray created(const Payment &p);
QByteArray captured(const Payment &p, const QString &captureId, qint64 amount, qint64 fees);
QByteArray refunded(const Payment &p, const QString &refundId, qint64 amount);
QByteArray status(const Payment &p, const QString &captureId);
QByteArray link(const QString &url);
QByteArray cancelled(const QString &paymentId);

// The webhook event the gateway sends (Stripe-like: id, type, created, data.payment).
QByteArray event(const QString &id, const QString &type, qint64 createdSecs, const Payment &p);

// The payment a handled webhook reports back, as Openfront reads it; empty fields are left out.
struct WebhookResource {
    QString paymentId;
    QString cartId;
    QString status;
    QString currency;
    std::optional<qint64> amount;
};
struct WebhookVerdict {
    QString eventType;
    QString openfrontType;
    bool shouldUpdatePayment = false;
    QString eventId;
    WebhookResource resource;
};
QByteArray webhookHandled(const WebhookVerdict &verdict);

} // namespace bodies
} // namespace paybench::gateway
