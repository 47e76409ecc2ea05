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

void member(JsonWriter &w, QLatin1String key, qint64 value)
{
    w.key(key);
    w.number(double(value));
}

// The `data` object of status, capture and refund answers: Openfront stores it with its payment
// (docs/openfront-runtime.md), so it holds the gateway's view of the payment. No
// payment_intent_id/orderId/id keys: Openfront e23341c would take them for the refund reference.
void paymentData(JsonWriter &w, const Payment &p, QLatin1String extraKey = {},
                 const QString &extraValue = {})
{
    w.key("data"_L1);
    w.beginObject();
    member(w, "paymentId"_L1, p.id);
    member(w, "cartId"_L1, p.cartId);
    member(w, "status"_L1, statusName(p.status));
    member(w, "amount"_L1, p.amount);
    member(w, "capturedAmount"_L1, p.capturedAmount);
    member(w, "refundedAmount"_L1, p.refundedAmount);
    member(w, "currency"_L1, p.currency);
    if (!extraKey.isEmpty())
        member(w, extraKey, extraValue);
    w.endObject();
}

} // namespace

QByteArray error(const QString &message)
{
    JsonWriter w;
    w.beginObject();
    member(w, "error"_L1, message);
    w.endObject();
    return w.take();
}

QByteArray declined(const QString &message, const QString &paymentId)
{
    JsonWriter w;
    w.beginObject();
    member(w, "error"_L1, message);
    member(w, "declineCode"_L1, QStringLiteral("card_declined"));
    member(w, "paymentId"_L1, paymentId);
    w.endObject();
    return w.take();
}

QByteArray webhookError(const QString &message)
{
    JsonWriter w;
    w.beginObject();
    w.key("verified"_L1);
    w.boolean(false);
    member(w, "error"_L1, message);
    w.endObject();
    return w.take();
}

QByteArray created(const Payment &p)
{
    JsonWriter w;
    w.beginObject();
    w.key("sessionData"_L1);
    w.beginObject();
    member(w, "paymentIntentId"_L1, p.id);
    member(w, "clientSecret"_L1, p.clientSecret);
    member(w, "status"_L1, statusName(p.status));
    member(w, "amount"_L1, p.amount);
    member(w, "currency"_L1, p.currency);
    w.endObject();
    member(w, "paymentId"_L1, p.id);
    // Openfront e23341c takes the payment reference from here (not documented).
    member(w, "paymentIntentId"_L1, p.id);
    w.endObject();
    return w.take();
}

QByteArray captured(const Payment &p, const QString &captureId, qint64 amount, qint64 fees)
{
    JsonWriter w;
    w.beginObject();
    w.key("success"_L1);
    w.boolean(true);
    member(w, "transactionId"_L1, captureId);
    member(w, "capturedAmount"_L1, amount);
    member(w, "fees"_L1, fees);
    member(w, "status"_L1, statusName(p.status));
    member(w, "amount"_L1, amount);
    member(w, "currency"_L1, p.currency);
    paymentData(w, p, "captureId"_L1, captureId);
    w.endObject();
    return w.take();
}

QByteArray refunded(const Payment &p, const QString &refundId, qint64 amount)
{
    JsonWriter w;
    w.beginObject();
    w.key("success"_L1);
    w.boolean(true);
    member(w, "refundId"_L1, refundId);
    member(w, "refundedAmount"_L1, amount);
    w.key("status"_L1);
    w.string("refunded"_L1);
    member(w, "amount"_L1, amount);
    member(w, "currency"_L1, p.currency);
    paymentData(w, p, "refundId"_L1, refundId);
    w.endObject();
    return w.take();
}

QByteArray status(const Payment &p, const QString &captureId)
{
    JsonWriter w;
    w.beginObject();
    member(w, "status"_L1, statusName(p.status));
    member(w, "amount"_L1, p.amount);
    member(w, "currency"_L1, p.currency);
    member(w, "lastUpdated"_L1, p.updatedAt.toUTC().toString(Qt::ISODateWithMs));
    if (captureId.isEmpty())
        paymentData(w, p);
    else
        paymentData(w, p, "captureId"_L1, captureId);
    w.endObject();
    return w.take();
}

QByteArray link(const QString &url)
{
    JsonWriter w;
    w.beginObject();
    member(w, "url"_L1, url);
    w.endObject();
    return w.take();
}

QByteArray cancelled(const QString &paymentId)
{
    JsonWriter w;
    w.beginObject();
    w.key("success"_L1);
    w.boolean(true);
    member(w, "paymentId"_L1, paymentId);
    w.key("status"_L1);
    w.string("cancelled"_L1);
    w.endObject();
    return w.take();
}

QByteArray event(const QString &id, const QString &type, qint64 createdSecs, const Payment &p)
{
    JsonWriter w;
    w.beginObject();
    member(w, "id"_L1, id);
    member(w, "type"_L1, type);
    member(w, "created"_L1, createdSecs);
    w.key("data"_L1);
    w.beginObject();
    w.key("payment"_L1);
    w.beginObject();
    member(w, "id"_L1, p.id);
    w.key("object"_L1);
    w.string("payment"_L1);
    member(w, "status"_L1, statusName(p.status));
    member(w, "amount"_L1, p.amount);
    member(w, "currency"_L1, p.currency);
    member(w, "capturedAmount"_L1, p.capturedAmount);
    member(w, "refundedAmount"_L1, p.refundedAmount);
    // The metadata links are what Openfront looks a payment up by.
    w.key("metadata"_L1);
    w.beginObject();
    member(w, "paymentId"_L1, p.id);
    member(w, "cartId"_L1, p.cartId);
    w.endObject();
    w.endObject();
    w.endObject();
    w.endObject();
    return w.take();
}

QByteArray webhookHandled(const WebhookVerdict &verdict)
{
    const WebhookResource &r = verdict.resource;
    JsonWriter w;
    w.beginObject();
    w.key("verified"_L1);
    w.boolean(true);
    member(w, "eventType"_L1, verdict.eventType);
    member(w, "paymentId"_L1, r.paymentId);
    w.key("shouldUpdatePayment"_L1);
    w.boolean(verdict.shouldUpdatePayment);
    member(w, "type"_L1, verdict.openfrontType);
    w.key("resource"_L1);
    w.beginObject();
    member(w, "id"_L1, r.paymentId);
    w.key("object"_L1);
    w.string("payment"_L1);
    if (!r.status.isEmpty())
        member(w, "status"_L1, r.status);
    if (r.amount)
        member(w, "amount"_L1, *r.amount);
    if (!r.currency.isEmpty())
        member(w, "currency"_L1, r.currency);
    // No metadata.paymentId: both versions take it for *their* Payment record's id, which the
    // gateway does not know; e23341c then fails with "Payment not found for provider event"
    // instead of finding the payment through the cart.
    w.key("metadata"_L1);
    w.beginObject();
    if (!r.cartId.isEmpty())
        member(w, "cartId"_L1, r.cartId);
    member(w, "gatewayPaymentId"_L1, r.paymentId);
    w.endObject();
    if (!r.cartId.isEmpty())
        member(w, "custom_id"_L1, r.cartId);
    w.endObject();
    w.key("event"_L1);
    w.beginObject();
    member(w, "id"_L1, verdict.eventId);
    w.endObject();
    w.endObject();
    return w.take();
}

} // namespace paybench::gateway::bodies
