#include "Openfront55912a7Profile.h"

#include "AnswerText.h"
#include "CallResult.h"
#include "RequestParts.h"

#include <cmath>

namespace paybench::contract {

using json::OrderedValue;
using Type = json::OrderedValue::Type;
using answer::shown;
using request::num;
using request::str;

namespace {
const QStringList kBuiltInCodes{QStringLiteral("pp_stripe_stripe"),
                                QStringLiteral("pp_paypal_paypal"),
                                QStringLiteral("pp_system_default")};
} // namespace

bool Openfront55912a7Profile::callsFunction(PaymentFunction function) const
{
    return function == PaymentFunction::CreatePayment ||
           function == PaymentFunction::CapturePayment ||
           function == PaymentFunction::HandleWebhook;
}

OpenfrontProfile::ProviderShape
Openfront55912a7Profile::providerShape(PaymentFunction function) const
{
    ProviderShape shape;
    for (PaymentFunction field : kAllPaymentFunctions) {
        // create queries five fields; the webhook (and the capture it triggers) all six.
        if (function != PaymentFunction::CreatePayment || field != PaymentFunction::HandleWebhook)
            shape.functionFields << field;
    }
    return shape;
}

void Openfront55912a7Profile::addArguments(const RequestParts &parts, OrderedValue &body) const
{
    switch (parts.spec.function) {
    case PaymentFunction::CreatePayment:
        body.setMember(QStringLiteral("cart"), parts.spec.source == PaymentSource::Invoice
                                                   ? invoiceObject(parts)
                                                   : cartObject(parts));
        body.setMember(QStringLiteral("amount"), num(parts.amount));
        body.setMember(QStringLiteral("currency"), str(parts.currency.toLower()));
        break;
    case PaymentFunction::CapturePayment:
    case PaymentFunction::RefundPayment:
        // The webhook's capture: {paymentId: resource.id, amount}; nothing else.
        body.setMember(QStringLiteral("paymentId"), str(parts.paymentId));
        body.setMember(QStringLiteral("amount"), num(parts.amount));
        break;
    case PaymentFunction::GetPaymentStatus:
    case PaymentFunction::GeneratePaymentLink:
        body.setMember(QStringLiteral("paymentId"), str(parts.paymentId));
        break;
    case PaymentFunction::HandleWebhook:
        // Through the GraphQL mutation: the caller's headers, no raw body.
        body.setMember(QStringLiteral("event"), parts.event);
        body.setMember(QStringLiteral("headers"), parts.signatureHeaders);
        break;
    }
}

void Openfront55912a7Profile::judgeAnswer(const PreparedCall &call, const OrderedValue &answer,
                                          Verdict &verdict) const
{
    switch (call.function) {
    case PaymentFunction::CreatePayment:
        judgeSessionData(call, answer, verdict);
        break;
    case PaymentFunction::CapturePayment:
        judgeCapture(call, answer, verdict);
        break;
    case PaymentFunction::HandleWebhook:
        judgeWebhook(call, answer, verdict);
        break;
    case PaymentFunction::RefundPayment:
    case PaymentFunction::GetPaymentStatus:
    case PaymentFunction::GeneratePaymentLink:
        break; // never called (judge() says so first)
    }
}

void Openfront55912a7Profile::judgeCapture(const PreparedCall &call, const OrderedValue &answer,
                                           Verdict &verdict)
{
    // The answer's status and data go to the Payment, its amount to a new Capture.
    static const QStringList paymentStates{QStringLiteral("pending"), QStringLiteral("authorized"),
                                           QStringLiteral("captured"), QStringLiteral("failed"),
                                           QStringLiteral("canceled")};
    const OrderedValue *status = answer.member(QStringLiteral("status"));
    if (!status) {
        verdict.add(Severity::Warning, QStringLiteral("openfront-status-absent"),
                    QStringLiteral("$.status"),
                    QStringLiteral("no status: the Payment keeps its old status"),
                    QStringLiteral("captured"), QStringLiteral("absent"),
                    QStringLiteral("Answer \"status\": \"captured\" so the Payment shows it."));
    } else if (status->type() != Type::String || !paymentStates.contains(status->toString())) {
        verdict.add(Severity::Failure, QStringLiteral("openfront-status-rejected"),
                    QStringLiteral("$.status"),
                    QStringLiteral("Openfront's Payment update refuses this status"),
                    paymentStates.join(QLatin1Char('|')), shown(*status, call.masker),
                    QStringLiteral("The Payment model takes exactly these lower-case states; "
                                   "the webhook's mutation fails."));
    } else {
        verdict.add(Severity::Pass, QStringLiteral("openfront-status-accepted"),
                    QStringLiteral("$.status"), QStringLiteral("the Payment takes this status"), {},
                    status->toString());
    }
    const OrderedValue *amount = answer.member(QStringLiteral("amount"));
    const bool integer = amount && amount->type() == Type::Number &&
                         amount->toDouble() == std::floor(amount->toDouble());
    if (!integer) {
        verdict.add(Severity::Failure, QStringLiteral("openfront-capture-amount"),
                    QStringLiteral("$.amount"),
                    QStringLiteral("Openfront cannot write the Capture: amount is not an integer"),
                    QStringLiteral("an integer in minor units"),
                    amount ? shown(*amount, call.masker) : QStringLiteral("absent"),
                    QStringLiteral("Add \"amount\" (integer minor units): the documented "
                                   "capturedAmount is not read."));
    } else if (call.requestedAmount &&
               amount->toDouble() != static_cast<double>(*call.requestedAmount)) {
        verdict.add(Severity::Warning, QStringLiteral("openfront-capture-amount-differs"),
                    QStringLiteral("$.amount"),
                    QStringLiteral("the Capture records another amount than asked"),
                    QString::number(*call.requestedAmount), shown(*amount, call.masker),
                    QStringLiteral("Answer the amount captured, in the units sent."));
    }
    judgeDataObject(call, answer, QStringLiteral("the Payment's data is not updated"), verdict);
}

void Openfront55912a7Profile::judgeWebhook(const PreparedCall &call, const OrderedValue &answer,
                                           Verdict &verdict)
{
    // `const {type, resource} = answer`: null cannot be destructured; any other non-object
    // leaves type undefined (below).
    if (answer.type() == Type::Null) {
        verdict.add(Severity::Failure, QStringLiteral("openfront-webhook-null-answer"),
                    QStringLiteral("$"),
                    QStringLiteral("Openfront fails with \"Cannot destructure property 'type' of "
                                   "'(intermediate value)' as it is null.\""),
                    QStringLiteral("a JSON object"), QStringLiteral("null"),
                    QStringLiteral("Answer an object with \"type\" and \"resource\"."));
        return;
    }
    const OrderedValue *type = answer.member(QStringLiteral("type"));
    if (!type || type->type() != Type::String) {
        verdict.add(Severity::Failure, QStringLiteral("openfront-webhook-no-type"),
                    QStringLiteral("$.type"),
                    QStringLiteral("Openfront fails with \"%1\"")
                        .arg(type ? QStringLiteral("type.match is not a function")
                                  : QStringLiteral("Cannot read properties of undefined "
                                                   "(reading 'match')")),
                    QStringLiteral("a string such as payment_intent.succeeded"),
                    type ? shown(*type, call.masker) : QStringLiteral("absent"),
                    QStringLiteral("Openfront reads \"type\", not the documented \"eventType\": "
                                   "answer both."));
        return;
    }
    const QString typeText = type->toString();
    const OrderedValue *resource = answer.member(QStringLiteral("resource"));
    const OrderedValue *metadata =
        resource && resource->isObject() ? resource->member(QStringLiteral("metadata")) : nullptr;
    auto has = [](const OrderedValue *object, const char *key) {
        return object && object->isObject() && object->member(QString::fromLatin1(key));
    };
    const bool paymentKnown = has(metadata, "paymentId") || has(resource, "custom_id");
    const bool exactAuthorization = typeText == QLatin1String("PAYMENT.AUTHORIZATION.CREATED") ||
                                    typeText == QLatin1String("PAYMENT.AUTHORIZATION.VOIDED");
    const QString action = webhookAction(typeText);
    if (action.isEmpty() || (action == QLatin1String("authorized") && !exactAuthorization) ||
        (action == QLatin1String("canceled") && !exactAuthorization)) {
        verdict.add(Severity::Warning, QStringLiteral("openfront-webhook-logged-only"),
                    QStringLiteral("$.type"),
                    QStringLiteral("this Openfront only logs this event type"),
                    QStringLiteral("payment_intent.succeeded, PAYMENT.CAPTURE.COMPLETED, "
                                   "payment_intent.payment_failed, PAYMENT.CAPTURE.DENIED, "
                                   "PAYMENT.AUTHORIZATION.CREATED, PAYMENT.AUTHORIZATION.VOIDED"),
                    typeText,
                    QStringLiteral("Map the gateway's events to these Stripe/PayPal names so "
                                   "Openfront acts on them."));
        return;
    }
    if (!paymentKnown) {
        verdict.add(Severity::Warning, QStringLiteral("openfront-webhook-payment-not-found"),
                    QStringLiteral("$.resource"),
                    QStringLiteral("no payment id: this Openfront changes nothing"),
                    QStringLiteral("resource.metadata.paymentId or resource.custom_id"),
                    QStringLiteral("neither"),
                    QStringLiteral("This version finds the Payment only by its own id, in "
                                   "resource.metadata.paymentId or custom_id."));
        return;
    }
    if (action == QLatin1String("captured")) {
        if (!has(resource, "id")) {
            verdict.add(Severity::Failure, QStringLiteral("openfront-webhook-no-resource-id"),
                        QStringLiteral("$.resource.id"),
                        QStringLiteral("Openfront calls capture with paymentId: resource.id, "
                                       "which is missing"),
                        QStringLiteral("the gateway's payment id"), QStringLiteral("absent"),
                        QStringLiteral("Put the gateway's payment id in resource.id."));
        }
        const OrderedValue *amount = resource->member(QStringLiteral("amount"));
        if (!amount || amount->type() != Type::Number) {
            verdict.add(Severity::Warning, QStringLiteral("openfront-webhook-amount"),
                        QStringLiteral("$.resource.amount"),
                        QStringLiteral("Openfront takes amount.value × 100 instead of a number"),
                        QStringLiteral("an integer in minor units"),
                        amount ? shown(*amount, call.masker) : QStringLiteral("absent"),
                        QStringLiteral("Give resource.amount as an integer in minor units."));
        }
        verdict.add(Severity::Pass, QStringLiteral("openfront-webhook-captures"),
                    QStringLiteral("$.type"),
                    QStringLiteral("Openfront calls capture again, then updates the Payment"), {},
                    typeText);
    }
    if (has(metadata, "orderId") || has(resource, "custom_id") ||
        action == QLatin1String("failed")) {
        verdict.add(Severity::Warning, QStringLiteral("openfront-webhook-order-update-fails"),
                    QStringLiteral("$.resource"),
                    QStringLiteral("the mutation then fails on the Order update (an Openfront "
                                   "defect)"),
                    {}, typeText,
                    QStringLiteral("After the Payment writes, this version updates an Order "
                                   "field or status that does not exist. Leaving custom_id and "
                                   "metadata.orderId out avoids the error, but then only "
                                   "metadata.paymentId (Openfront's own id) finds the payment."));
    }
}

void Openfront55912a7Profile::judgeCheckout(const CallTarget &target, Verdict &verdict) const
{
    if (kBuiltInCodes.contains(target.code)) {
        verdict.add(Severity::Warning, QStringLiteral("checkout-built-in"), QStringLiteral("code"),
                    QStringLiteral("checkout talks to %1 directly, not to these endpoints")
                        .arg(target.code == QLatin1String("pp_system_default")
                                 ? QStringLiteral("nobody (cash on delivery)")
                                 : QStringLiteral("Stripe or PayPal")),
                    {}, target.code,
                    QStringLiteral("A built-in code completes checkout without calling the "
                                   "gateway's status or capture; pick your own pp_ code to test "
                                   "your gateway."));
    } else {
        verdict.add(Severity::Failure, QStringLiteral("checkout-unsupported-code"),
                    QStringLiteral("code"),
                    QStringLiteral("checkout fails with \"Unsupported payment provider: %1\"")
                        .arg(target.code),
                    kBuiltInCodes.join(QStringLiteral(", ")), target.code,
                    QStringLiteral("This version completes only its three built-in codes and "
                                   "shows a disabled pay button for others. What must change is "
                                   "in Openfront: a completion branch that calls the provider's "
                                   "status and capture functions, and a pay button for other "
                                   "codes."));
    }
    verdict.add(Severity::Warning, QStringLiteral("webhook-no-route"),
                functionField(PaymentFunction::HandleWebhook),
                QStringLiteral("this version has no URL a gateway can post webhooks to"), {}, {},
                QStringLiteral("Only the GraphQL mutation handlePaymentProviderWebhook exists: run "
                               "`paybench-cli openfront webhook-bridge` in front of it."));
}

} // namespace paybench::contract
