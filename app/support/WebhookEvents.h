#pragma once

#include "OrderedJson.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace paybench::support {

// What Openfront's webhook handler does with an event type (openfront-runtime.md): only eight
// types change a payment; every other one is recorded "for manual reconciliation".
enum class OpenfrontAction { None, Authorized, Captured, Failed, Cancelled };

QString openfrontActionName(OpenfrontAction action); // "none", "captured", ...
OpenfrontAction openfrontActionFor(const QString &eventType);

// Every event type the lab offers a template for: the documented `payment.*` names first, then the
// names Openfront acts on.
QStringList webhookEventTypes();
// The payment status an event type implies (`captured`, `refunded`, ...); empty when none.
QString paymentStatusForEvent(const QString &eventType);

// The values a composed event carries.
struct WebhookEventSpec {
    QString type = QStringLiteral("payment.captured");
    QString paymentId;
    QString eventId; // empty: "evt_" + a random suffix
    qint64 amount = 1999;
    QString currency = QStringLiteral("USD");
    QString cartId;           // optional, becomes resource.metadata.cartId
    QDateTime created;        // invalid: now
    bool withMetadata = true; // false leaves out the resource.metadata links (a negative case)
};

// An event both readers find the payment in: the documented handler reads `type` and
// `data.payment.id`; Openfront reads `type`, `id` and `resource.metadata.paymentId`.
json::OrderedValue composeWebhookEvent(const WebhookEventSpec &spec);

// The event id (`id`, else `resource.id`) of an event, empty when it has none.
QString webhookEventId(const json::OrderedValue &event);
// The payment an event is about, the way Openfront looks for it: resource.metadata.paymentId,
// .orderId, .cartId, resource.custom_id; then the documented data.payment.id. Empty when none.
QString webhookPaymentId(const json::OrderedValue &event, bool openfrontOnly = false);

} // namespace paybench::support
