#include "GatewayBodies.h"

#include "JsonWriter.h"
#include "PaymentLedger.h"

namespace paybench::gateway::bodies {

using json::JsonWriter;
using namespace Qt::Literals::StringLiterals;

namespace {

void member(JsonWriter &w, QLatin1String key, const QString &value)
{
    w.key(key);
    w.string(value);
}

void member(JsonWriter &w, QLatin1String key, QLatin1String value)
{
    w.key(key);
    w.string(value);
}

void member(JsonWriter &w, QLatin1String key, qint64 value)
{
    w.key(key);
    w.number(double(value));
}

void member(JsonWriter &w, QLatin1String key, bool value)
{
    w.key(key);
    w.boolean(value);
}

// An object member whose members fill() writes.
template <typename Fill>
void objectMember(JsonWriter &w, QLatin1String key, Fill fill)
{
    w.key(key);
    w.beginObject();
    fill();
    w.endObject();
}

// A body that is one object whose members fill(w) writes.
template <typename Fill>
QByteArray object(Fill fill)
{
    JsonWriter w;
    w.beginObject();
    fill(w);
    w.endObject();
    return w.take();
}

// The `data` object of status, capture and refund answers: Openfront stores it with its payment
// (docs/openfront-runtime.md), so it holds the gateway's view of the payment. No
// payment_intent_id/orderId/id keys: Openfront e23341c would take them for the refund reference.
void paymentData(JsonWriter &w, const Payment &p, QLatin1String extraKey = {},
                 const QString &extraValue = {})
{
    objectMember(w, "data"_L1, [&] {
        member(w, "paymentId"_L1, p.id);
        member(w, "cartId"_L1, p.cartId);
        member(w, "status"_L1, statusName(p.status));
        member(w, "amount"_L1, p.amount);
        member(w, "capturedAmount"_L1, p.capturedAmount);
        member(w, "refundedAmount"_L1, p.refundedAmount);
        member(w, "currency"_L1, p.currency);
        if (!extraKey.isEmpty())
            member(w, extraKey, extraValue);
    });
}

} // namespace

QByteArray error(const QString &message)
{
    return object([&](JsonWriter &w) { member(w, "error"_L1, message); });
}

QByteArray declined(const QString &message, const QString &paymentId)
{
    return object([&](JsonWriter &w) {
        member(w, "error"_L1, message);
        member(w, "declineCode"_L1, "card_declined"_L1);
        member(w, "paymentId"_L1, paymentId);
    });
}

QByteArray webhookError(const QString &message)
{
    return object([&](JsonWriter &w) {
        member(w, "verified"_L1, false);
        member(w, "error"_L1, message);
    });
}

QByteArray created(const Payment &p)
{
    return object([&](JsonWriter &w) {
        objectMember(w, "sessionData"_L1, [&] {
            member(w, "paymentIntentId"_L1, p.id);
            member(w, "clientSecret"_L1, p.clientSecret);
            member(w, "status"_L1, statusName(p.status));
            member(w, "amount"_L1, p.amount);
            member(w, "currency"_L1, p.currency);
        });
        member(w, "paymentId"_L1, p.id);
        // Openfront e23341c takes the payment reference from here (not documented).
        member(w, "paymentIntentId"_L1, p.id);
    });
}

QByteArray captured(const Payment &p, const QString &captureId, qint64 amount, qint64 fees)
{
    return object([&](JsonWriter &w) {
        member(w, "success"_L1, true);
        member(w, "transactionId"_L1, captureId);
        member(w, "capturedAmount"_L1, amount);
        member(w, "fees"_L1, fees);
        member(w, "status"_L1, statusName(p.status));
        member(w, "amount"_L1, amount);
        member(w, "currency"_L1, p.currency);
        paymentData(w, p, "captureId"_L1, captureId);
    });
}

QByteArray refunded(const Payment &p, const QString &refundId, qint64 amount)
{
    return object([&](JsonWriter &w) {
        member(w, "success"_L1, true);
        member(w, "refundId"_L1, refundId);
        member(w, "refundedAmount"_L1, amount);
        member(w, "status"_L1, "refunded"_L1);
        member(w, "amount"_L1, amount);
        member(w, "currency"_L1, p.currency);
        paymentData(w, p, "refundId"_L1, refundId);
    });
}

QByteArray status(const Payment &p, const QString &captureId)
{
    return object([&](JsonWriter &w) {
        member(w, "status"_L1, statusName(p.status));
        member(w, "amount"_L1, p.amount);
        member(w, "currency"_L1, p.currency);
        member(w, "lastUpdated"_L1, p.updatedAt.toUTC().toString(Qt::ISODateWithMs));
        paymentData(w, p, captureId.isEmpty() ? QLatin1String() : "captureId"_L1, captureId);
    });
}

QByteArray link(const QString &url)
{
    return object([&](JsonWriter &w) { member(w, "url"_L1, url); });
}

QByteArray cancelled(const QString &paymentId)
{
    return object([&](JsonWriter &w) {
        member(w, "success"_L1, true);
        member(w, "paymentId"_L1, paymentId);
        member(w, "status"_L1, "cancelled"_L1);
    });
}

QByteArray event(const QString &id, const QString &type, qint64 createdSecs, const Payment &p)
{
    return object([&](JsonWriter &w) {
        member(w, "id"_L1, id);
        member(w, "type"_L1, type);
        member(w, "created"_L1, createdSecs);
        objectMember(w, "data"_L1, [&] {
            objectMember(w, "payment"_L1, [&] {
                member(w, "id"_L1, p.id);
                member(w, "object"_L1, "payment"_L1);
                member(w, "status"_L1, statusName(p.status));
                member(w, "amount"_L1, p.amount);
                member(w, "currency"_L1, p.currency);
                member(w, "capturedAmount"_L1, p.capturedAmount);
                member(w, "refundedAmount"_L1, p.refundedAmount);
                // The metadata links are what Openfront looks a payment up by.
                objectMember(w, "metadata"_L1, [&] {
                    member(w, "paymentId"_L1, p.id);
                    member(w, "cartId"_L1, p.cartId);
                });
            });
        });
    });
}

QByteArray webhookHandled(const WebhookVerdict &verdict)
{
    const WebhookResource &r = verdict.resource;
    return object([&](JsonWriter &w) {
        member(w, "verified"_L1, true);
        member(w, "eventType"_L1, verdict.eventType);
        member(w, "paymentId"_L1, r.paymentId);
        member(w, "shouldUpdatePayment"_L1, verdict.shouldUpdatePayment);
        member(w, "type"_L1, verdict.openfrontType);
        objectMember(w, "resource"_L1, [&] {
            member(w, "id"_L1, r.paymentId);
            member(w, "object"_L1, "payment"_L1);
            if (!r.status.isEmpty())
                member(w, "status"_L1, r.status);
            if (r.amount)
                member(w, "amount"_L1, *r.amount);
            if (!r.currency.isEmpty())
                member(w, "currency"_L1, r.currency);
            // No metadata.paymentId: both versions take it for *their* Payment record's id,
            // which the gateway does not know; e23341c then fails with "Payment not found for
            // provider event" instead of finding the payment through the cart.
            objectMember(w, "metadata"_L1, [&] {
                if (!r.cartId.isEmpty())
                    member(w, "cartId"_L1, r.cartId);
                member(w, "gatewayPaymentId"_L1, r.paymentId);
            });
            if (!r.cartId.isEmpty())
                member(w, "custom_id"_L1, r.cartId);
        });
        objectMember(w, "event"_L1, [&] { member(w, "id"_L1, verdict.eventId); });
    });
}

} // namespace paybench::gateway::bodies
