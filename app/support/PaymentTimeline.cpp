#include "PaymentTimeline.h"

#include "PaymentFunction.h"
#include "WebhookEvents.h"

namespace paybench::support {

using contract::Severity;
using json::OrderedValue;

namespace {

const OrderedValue *path(const OrderedValue &root, const QStringList &keys)
{
    const OrderedValue *current = &root;
    for (const QString &key : keys) {
        if (!current || !current->isObject())
            return nullptr;
        current = current->member(key);
    }
    return current;
}

std::optional<qint64> numberAt(const OrderedValue *value)
{
    if (value && value->type() == OrderedValue::Type::Number)
        return qint64(value->toDouble());
    return std::nullopt;
}

QString stringAt(const OrderedValue *value)
{
    return value && value->type() == OrderedValue::Type::String ? value->toString() : QString();
}

// Fills the event from the function, the request body and the answer body.
void interpret(TimelineEvent &event, const OrderedValue *request, const OrderedValue *answer)
{
    const bool ok2xx = event.httpStatus >= 200 && event.httpStatus < 300;
    const OrderedValue *success = answer ? answer->member(QStringLiteral("success")) : nullptr;
    event.succeeded =
        ok2xx && !(success && success->type() == OrderedValue::Type::Bool && !success->toBool());
    const auto fromAnswer = [answer](const QString &key) {
        return answer ? numberAt(answer->member(key)) : std::nullopt;
    };
    const auto fromRequest = [request](const QString &key) {
        return request ? numberAt(request->member(key)) : std::nullopt;
    };
    const std::optional<PaymentFunction> function = functionFromName(event.function);
    switch (function.value_or(PaymentFunction::GeneratePaymentLink)) {
    case PaymentFunction::CreatePayment:
        if (event.succeeded)
            event.status = QStringLiteral("pending");
        event.amount = fromRequest(QStringLiteral("amount"));
        break;
    case PaymentFunction::CapturePayment:
        if (event.succeeded)
            event.status = QStringLiteral("captured");
        event.amount = fromAnswer(QStringLiteral("capturedAmount"));
        if (!event.amount)
            event.amount = fromRequest(QStringLiteral("amount"));
        break;
    case PaymentFunction::RefundPayment:
        if (event.succeeded)
            event.status = QStringLiteral("refunded");
        event.amount = fromAnswer(QStringLiteral("refundedAmount"));
        if (!event.amount)
            event.amount = fromRequest(QStringLiteral("amount"));
        break;
    case PaymentFunction::GetPaymentStatus:
        if (event.succeeded && answer)
            event.status = stringAt(answer->member(QStringLiteral("status")));
        event.amount = fromAnswer(QStringLiteral("amount"));
        break;
    case PaymentFunction::GeneratePaymentLink:
        break;
    case PaymentFunction::HandleWebhook: {
        event.kind = TimelineEvent::Kind::Webhook;
        // Wrapped as Openfront calls handle-webhook ({provider, event, headers}), or the event
        // itself as a gateway sends it to an ingress URL (the webhook lab's raw sends).
        const OrderedValue *webhook = request ? request->member(QStringLiteral("event")) : nullptr;
        if (!webhook && request && request->isObject() && request->member(QStringLiteral("type")))
            webhook = request;
        if (webhook) {
            event.eventType = stringAt(webhook->member(QStringLiteral("type")));
            event.eventId = webhookEventId(*webhook);
            event.openfrontLink = !webhookPaymentId(*webhook, true).isEmpty();
            event.status = paymentStatusForEvent(event.eventType);
            event.amount =
                numberAt(path(*webhook, {QStringLiteral("resource"), QStringLiteral("amount")}));
            if (!event.amount)
                event.amount =
                    numberAt(path(*webhook, {QStringLiteral("data"), QStringLiteral("payment"),
                                             QStringLiteral("amount")}));
        }
        break;
    }
    }
    QString summary = event.kind == TimelineEvent::Kind::Webhook
                          ? QStringLiteral("webhook %1").arg(event.eventType)
                          : event.function;
    summary += event.httpStatus > 0 ? QStringLiteral(" -> HTTP %1").arg(event.httpStatus)
                                    : QStringLiteral(" -> no answer");
    if (!event.status.isEmpty())
        summary += QStringLiteral(", %1").arg(event.status);
    if (event.amount)
        summary += QStringLiteral(", amount %1").arg(*event.amount);
    event.summary = summary;
}

// How far along a payment is; failed and cancelled end it.
int progress(const QString &status)
{
    if (status == QLatin1String("pending"))
        return 0;
    if (status == QLatin1String("authorized"))
        return 1;
    if (status == QLatin1String("captured"))
        return 2;
    if (status == QLatin1String("refunded"))
        return 3;
    return -1;
}

bool isFinal(const QString &status)
{
    return status == QLatin1String("failed") || status == QLatin1String("cancelled");
}

} // namespace

QString timelineKindName(TimelineEvent::Kind kind)
{
    return kind == TimelineEvent::Kind::Webhook ? QStringLiteral("webhook")
                                                : QStringLiteral("call");
}

std::optional<TimelineEvent> timelineEventFromHistory(const client::HistoryEntry &entry)
{
    if (!functionFromName(entry.function))
        return std::nullopt;
    TimelineEvent event;
    event.at = entry.startedAt;
    event.source = QStringLiteral("history #%1").arg(entry.id);
    event.function = entry.function;
    event.httpStatus = entry.httpStatus;
    const json::ParseResult report = json::parse(entry.report);
    const OrderedValue *request =
        report.value ? path(*report.value, {QStringLiteral("request"), QStringLiteral("body")})
                     : nullptr;
    const OrderedValue *answer =
        report.value ? path(*report.value, {QStringLiteral("answer"), QStringLiteral("body")})
                     : nullptr;
    interpret(event, request, answer);
    return event;
}

TimelineEvent timelineEventFromResult(const contract::CallResult &result, const QString &source)
{
    TimelineEvent event;
    event.at = result.response.startedAt.isValid() ? result.response.startedAt
                                                   : QDateTime::currentDateTimeUtc();
    event.source = source;
    event.function = functionSlug(result.call.function);
    event.httpStatus = result.response.outcome == contract::TransportOutcome::Completed
                           ? result.response.httpStatus
                           : 0;
    interpret(event, result.call.payload ? &*result.call.payload : nullptr,
              result.answer ? &*result.answer : nullptr);
    return event;
}

QVector<Contradiction> findContradictions(const QVector<TimelineEvent> &timeline)
{
    QVector<Contradiction> found;
    QVector<int> captures;
    qint64 captured = 0;
    qint64 refunded = 0;
    QVector<int> refunds;
    QString lastStatus;
    int lastStatusEvent = -1;
    std::optional<qint64> createdAmount;

    for (int i = 0; i < timeline.size(); ++i) {
        const TimelineEvent &event = timeline[i];
        const bool call = event.kind == TimelineEvent::Kind::Call;
        if (call && event.function == QLatin1String("create-payment") && event.succeeded)
            createdAmount = event.amount;
        if (call && event.function == QLatin1String("capture-payment") && event.succeeded) {
            captures.append(i);
            captured += event.amount.value_or(0);
            if (captures.size() == 2) {
                found.append({Severity::Failure, QStringLiteral("captured-twice"),
                              QStringLiteral("the payment was captured more than once"),
                              QStringLiteral("A second capture must be refused (or be an "
                                             "idempotent replay of the first): check the "
                                             "endpoint's idempotency handling."),
                              captures});
            } else if (captures.size() > 2) {
                found.last().events = captures;
            }
        }
        if (call && event.function == QLatin1String("refund-payment") && event.succeeded) {
            refunds.append(i);
            refunded += event.amount.value_or(0);
            const qint64 ceiling = captures.isEmpty() ? createdAmount.value_or(-1) : captured;
            if (ceiling >= 0 && refunded > ceiling) {
                found.append({Severity::Failure, QStringLiteral("over-refunded"),
                              QStringLiteral("refunded %1 in all, more than the %2 %3")
                                  .arg(refunded)
                                  .arg(ceiling)
                                  .arg(captures.isEmpty() ? QStringLiteral("of the payment")
                                                          : QStringLiteral("captured")),
                              QStringLiteral("The refund endpoint must refuse refunds beyond "
                                             "what was captured less what was refunded."),
                              captures + refunds});
            }
        }
        if (event.kind == TimelineEvent::Kind::Webhook) {
            if (openfrontActionFor(event.eventType) == OpenfrontAction::None) {
                found.append({Severity::Warning,
                              QStringLiteral("webhook-ignored"),
                              QStringLiteral("webhook type '%1' does not change anything in "
                                             "Openfront: it is only recorded for manual "
                                             "reconciliation")
                                  .arg(event.eventType),
                              QStringLiteral("Send (or map to) payment_intent.succeeded, "
                                             "payment_intent.payment_failed, "
                                             "payment_intent.amount_capturable_updated or "
                                             "payment_intent.canceled (or their PayPal names)."),
                              {i}});
            }
            if (!event.openfrontLink) {
                found.append({Severity::Failure,
                              QStringLiteral("webhook-unlinked"),
                              QStringLiteral("webhook '%1' carries no resource.metadata.paymentId "
                                             "(nor orderId, cartId, custom_id): Openfront cannot "
                                             "find the payment it is about")
                                  .arg(event.eventId.isEmpty() ? event.eventType : event.eventId),
                              QStringLiteral("Put the payment id into the gateway object's "
                                             "metadata when creating it, so every event carries "
                                             "it back."),
                              {i}});
            }
        }
        if (event.status.isEmpty())
            continue;
        // The documented status enum has no "refunded": a refunded payment reported as captured
        // by get-payment-status is not going backwards.
        if (lastStatus == QLatin1String("refunded") && event.status == QLatin1String("captured") &&
            event.function == QLatin1String("get-payment-status"))
            continue;
        if (!lastStatus.isEmpty() && event.status != lastStatus) {
            const bool leftFinal = isFinal(lastStatus);
            const bool backwards = progress(event.status) >= 0 && progress(lastStatus) >= 0 &&
                                   progress(event.status) < progress(lastStatus);
            if (leftFinal || backwards) {
                found.append(
                    {leftFinal ? Severity::Failure : Severity::Warning,
                     QStringLiteral("status-backwards"),
                     QStringLiteral("status went from %1 back to %2").arg(lastStatus, event.status),
                     leftFinal ? QStringLiteral("A failed or cancelled payment must not "
                                                "change again; check the gateway's state "
                                                "machine.")
                               : QStringLiteral("get-payment-status should report the "
                                                "newest state; a stale cache or a "
                                                "wrong status mapping are the usual "
                                                "causes."),
                     {lastStatusEvent, i}});
            }
        }
        lastStatus = event.status;
        lastStatusEvent = i;
    }
    return found;
}

OrderedValue timelineJson(const QVector<TimelineEvent> &timeline)
{
    OrderedValue events = OrderedValue::array();
    for (const TimelineEvent &event : timeline) {
        OrderedValue item = OrderedValue::object({
            {QStringLiteral("at"),
             OrderedValue::string(event.at.toUTC().toString(Qt::ISODateWithMs))},
            {QStringLiteral("kind"), OrderedValue::string(timelineKindName(event.kind))},
            {QStringLiteral("source"), OrderedValue::string(event.source)},
            {QStringLiteral("function"), OrderedValue::string(event.function)},
            {QStringLiteral("httpStatus"), OrderedValue::number(event.httpStatus)},
            {QStringLiteral("succeeded"), OrderedValue::boolean(event.succeeded)},
            {QStringLiteral("status"), OrderedValue::string(event.status)},
            {QStringLiteral("amount"),
             event.amount ? OrderedValue::number(double(*event.amount)) : OrderedValue::null()},
            {QStringLiteral("summary"), OrderedValue::string(event.summary)},
        });
        if (event.kind == TimelineEvent::Kind::Webhook) {
            item.setMember(QStringLiteral("eventType"), OrderedValue::string(event.eventType));
            item.setMember(QStringLiteral("eventId"), OrderedValue::string(event.eventId));
            item.setMember(
                QStringLiteral("openfrontAction"),
                OrderedValue::string(openfrontActionName(openfrontActionFor(event.eventType))));
            item.setMember(QStringLiteral("openfrontLink"),
                           OrderedValue::boolean(event.openfrontLink));
        }
        events.append(item);
    }
    return events;
}

OrderedValue contradictionsJson(const QVector<Contradiction> &contradictions)
{
    OrderedValue list = OrderedValue::array();
    for (const Contradiction &c : contradictions) {
        OrderedValue events = OrderedValue::array();
        for (const int index : c.events)
            events.append(OrderedValue::number(index));
        list.append(OrderedValue::object({
            {QStringLiteral("severity"), OrderedValue::string(contract::severityName(c.severity))},
            {QStringLiteral("code"), OrderedValue::string(c.code)},
            {QStringLiteral("message"), OrderedValue::string(c.message)},
            {QStringLiteral("advice"), OrderedValue::string(c.advice)},
            {QStringLiteral("events"), events},
        }));
    }
    return list;
}

} // namespace paybench::support
