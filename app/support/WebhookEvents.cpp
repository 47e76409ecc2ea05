#include "WebhookEvents.h"

#include <QUuid>

namespace paybench::support {

using json::OrderedValue;

namespace {

struct OpenfrontType {
    const char *type;
    OpenfrontAction action;
};

// Openfront's handlePaymentProviderWebhook: Stripe and PayPal names only.
constexpr OpenfrontType kOpenfrontTypes[] = {
    {"payment_intent.succeeded", OpenfrontAction::Captured},
    {"PAYMENT.CAPTURE.COMPLETED", OpenfrontAction::Captured},
    {"payment_intent.payment_failed", OpenfrontAction::Failed},
    {"PAYMENT.CAPTURE.DENIED", OpenfrontAction::Failed},
    {"payment_intent.amount_capturable_updated", OpenfrontAction::Authorized},
    {"PAYMENT.AUTHORIZATION.CREATED", OpenfrontAction::Authorized},
    {"payment_intent.canceled", OpenfrontAction::Cancelled},
    {"PAYMENT.AUTHORIZATION.VOIDED", OpenfrontAction::Cancelled},
};

OrderedValue str(const QString &value)
{
    return OrderedValue::string(value);
}

QString memberString(const OrderedValue &value, const QStringList &path)
{
    const OrderedValue *current = &value;
    for (const QString &key : path) {
        if (!current->isObject())
            return {};
        current = current->member(key);
        if (!current)
            return {};
    }
    return current->type() == OrderedValue::Type::String ? current->toString() : QString();
}

} // namespace

QString openfrontActionName(OpenfrontAction action)
{
    switch (action) {
    case OpenfrontAction::None:
        return QStringLiteral("none");
    case OpenfrontAction::Authorized:
        return QStringLiteral("authorized");
    case OpenfrontAction::Captured:
        return QStringLiteral("captured");
    case OpenfrontAction::Failed:
        return QStringLiteral("failed");
    case OpenfrontAction::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

OpenfrontAction openfrontActionFor(const QString &eventType)
{
    for (const OpenfrontType &known : kOpenfrontTypes) {
        if (eventType == QLatin1String(known.type))
            return known.action;
    }
    return OpenfrontAction::None;
}

QStringList webhookEventTypes()
{
    QStringList types{QStringLiteral("payment.authorized"), QStringLiteral("payment.captured"),
                      QStringLiteral("payment.failed"), QStringLiteral("payment.cancelled"),
                      QStringLiteral("payment.refunded")};
    for (const OpenfrontType &known : kOpenfrontTypes)
        types.append(QLatin1String(known.type));
    return types;
}

QString paymentStatusForEvent(const QString &eventType)
{
    const OpenfrontAction action = openfrontActionFor(eventType);
    if (action != OpenfrontAction::None)
        return openfrontActionName(action);
    if (eventType.startsWith(QLatin1String("payment."))) {
        QString status = eventType.mid(8);
        if (QStringList{QStringLiteral("authorized"), QStringLiteral("captured"),
                        QStringLiteral("failed"), QStringLiteral("cancelled"),
                        QStringLiteral("refunded")}
                .contains(status))
            return status;
    }
    return {};
}

OrderedValue composeWebhookEvent(const WebhookEventSpec &spec)
{
    const QString eventId =
        spec.eventId.isEmpty()
            ? QStringLiteral("evt_") + QUuid::createUuid().toString(QUuid::Id128).left(24)
            : spec.eventId;
    const QDateTime created =
        spec.created.isValid() ? spec.created : QDateTime::currentDateTimeUtc();
    QString status = paymentStatusForEvent(spec.type);
    if (status.isEmpty())
        status = QStringLiteral("pending");
    const OrderedValue amount = OrderedValue::number(static_cast<double>(spec.amount));

    OrderedValue metadata =
        OrderedValue::object({{QStringLiteral("paymentId"), str(spec.paymentId)}});
    if (!spec.cartId.isEmpty())
        metadata.setMember(QStringLiteral("cartId"), str(spec.cartId));
    OrderedValue resource = OrderedValue::object({
        {QStringLiteral("id"), str(spec.paymentId)},
        {QStringLiteral("object"), str(QStringLiteral("payment"))},
        {QStringLiteral("amount"), amount},
        {QStringLiteral("currency"), str(spec.currency)},
        {QStringLiteral("status"), str(status)},
    });
    if (spec.withMetadata)
        resource.setMember(QStringLiteral("metadata"), metadata);

    const OrderedValue payment = OrderedValue::object({
        {QStringLiteral("id"), str(spec.paymentId)},
        {QStringLiteral("amount"), amount},
        {QStringLiteral("currency"), str(spec.currency)},
        {QStringLiteral("status"), str(status)},
    });
    return OrderedValue::object({
        {QStringLiteral("id"), str(eventId)},
        {QStringLiteral("type"), str(spec.type)},
        {QStringLiteral("created"),
         OrderedValue::number(static_cast<double>(created.toSecsSinceEpoch()))},
        {QStringLiteral("data"), OrderedValue::object({{QStringLiteral("payment"), payment}})},
        {QStringLiteral("resource"), resource},
    });
}

QString webhookEventId(const OrderedValue &event)
{
    const QString id = memberString(event, {QStringLiteral("id")});
    return !id.isEmpty() ? id
                         : memberString(event, {QStringLiteral("resource"), QStringLiteral("id")});
}

QString webhookPaymentId(const OrderedValue &event, bool openfrontOnly)
{
    const QString resource = QStringLiteral("resource");
    const QString metadata = QStringLiteral("metadata");
    for (const QStringList &path : {QStringList{resource, metadata, QStringLiteral("paymentId")},
                                    QStringList{resource, metadata, QStringLiteral("orderId")},
                                    QStringList{resource, metadata, QStringLiteral("cartId")},
                                    QStringList{resource, QStringLiteral("custom_id")}}) {
        QString value = memberString(event, path);
        if (!value.isEmpty())
            return value;
    }
    if (openfrontOnly)
        return {};
    return memberString(event,
                        {QStringLiteral("data"), QStringLiteral("payment"), QStringLiteral("id")});
}

} // namespace paybench::support
