#include "OpenfrontE23341cProfile.h"

#include "AnswerText.h"
#include "CallResult.h"
#include "RequestParts.h"

namespace paybench::contract {

using json::OrderedValue;
using Type = json::OrderedValue::Type;
using answer::shown;
using request::num;
using request::str;

namespace {

bool isInvoice(const PreparedCall &call)
{
    return call.source == PaymentSource::Invoice;
}

const OrderedValue *stringMember(const OrderedValue &object, const char *key)
{
    const OrderedValue *value = object.member(QString::fromLatin1(key));
    return value && value->type() == Type::String && !value->toString().isEmpty() ? value : nullptr;
}

// JavaScript's truthiness of a JSON value: the handler reads its keys with `a || b`.
bool truthy(const OrderedValue *value)
{
    if (!value)
        return false;
    switch (value->type()) {
    case Type::Null:
        return false;
    case Type::Bool:
        return value->toBool();
    case Type::Number:
        return value->toDouble() != 0;
    case Type::String:
        return !value->toString().isEmpty();
    case Type::Array:
    case Type::Object:
        return true;
    }
    return true;
}

// The amount Openfront holds: what it sent, else what create-payment was asked for.
std::optional<qint64> expectedAmount(const PreparedCall &call)
{
    if (call.requestedAmount)
        return call.requestedAmount;
    bool ok = false;
    const qint64 amount = call.variables.value(QStringLiteral("amount")).toLongLong(&ok);
    return ok ? std::optional<qint64>(amount) : std::nullopt;
}

} // namespace

bool OpenfrontE23341cProfile::callsFunction(PaymentFunction function) const
{
    return function != PaymentFunction::GeneratePaymentLink;
}

OpenfrontProfile::ProviderShape
OpenfrontE23341cProfile::providerShape(PaymentFunction function) const
{
    switch (function) {
    case PaymentFunction::CreatePayment:
        return {true,
                {PaymentFunction::CreatePayment, PaymentFunction::CapturePayment,
                 PaymentFunction::RefundPayment, PaymentFunction::GetPaymentStatus,
                 PaymentFunction::GeneratePaymentLink}};
    case PaymentFunction::HandleWebhook:
        return {true, {PaymentFunction::HandleWebhook}};
    case PaymentFunction::CapturePayment:
    case PaymentFunction::GetPaymentStatus:
        return {false, {PaymentFunction::CapturePayment, PaymentFunction::GetPaymentStatus}};
    case PaymentFunction::RefundPayment:
        return {false, {PaymentFunction::RefundPayment}};
    case PaymentFunction::GeneratePaymentLink:
        return {false, {PaymentFunction::GeneratePaymentLink}};
    }
    return {};
}

void OpenfrontE23341cProfile::addArguments(const RequestParts &parts, OrderedValue &body) const
{
    const CallSpec &spec = parts.spec;
    switch (spec.function) {
    case PaymentFunction::CreatePayment: {
        OrderedValue cart;
        if (spec.source == PaymentSource::Invoice) {
            cart = invoiceObject(parts);
        } else {
            // initiatePaymentSession's query, in its order: A's fields plus metadata, the
            // addresses, the line items' product tags and the region's providers.
            const OrderedValue base = cartObject(parts);
            OrderedValue region = OrderedValue::object();
            for (const auto &member : base.member(QStringLiteral("region"))->members()) {
                if (member.first == QLatin1String("currency")) {
                    region.setMember(
                        QStringLiteral("paymentProviders"),
                        OrderedValue::array({OrderedValue::object(
                            {{QStringLiteral("id"), str(request::recordId(parts.target))}})}));
                }
                region.setMember(member.first, member.second);
            }
            const OrderedValue product =
                OrderedValue::object({{QStringLiteral("productTags"), OrderedValue::array()}});
            cart = OrderedValue::object({
                {QStringLiteral("id"), *base.member(QStringLiteral("id"))},
                {QStringLiteral("rawTotal"), *base.member(QStringLiteral("rawTotal"))},
                {QStringLiteral("metadata"), OrderedValue::object()},
                {QStringLiteral("shippingAddress"),
                 OrderedValue::object(
                     {{QStringLiteral("id"), str(parts.ids(QStringLiteral("addr_")))},
                      {QStringLiteral("country"),
                       OrderedValue::object(
                           {{QStringLiteral("iso2"), str(QStringLiteral("us"))}})}})},
                {QStringLiteral("billingAddress"),
                 OrderedValue::object(
                     {{QStringLiteral("id"), str(parts.ids(QStringLiteral("addr_")))}})},
                {QStringLiteral("lineItems"),
                 OrderedValue::array({OrderedValue::object(
                     {{QStringLiteral("productVariant"),
                       OrderedValue::object({{QStringLiteral("product"), product}})}})})},
                {QStringLiteral("region"), region},
                {QStringLiteral("paymentCollection"),
                 *base.member(QStringLiteral("paymentCollection"))},
            });
        }
        body.setMember(QStringLiteral("cart"), cart);
        body.setMember(QStringLiteral("amount"), num(parts.amount));
        body.setMember(QStringLiteral("currency"), str(parts.currency.toLower()));
        break;
    }
    case PaymentFunction::GetPaymentStatus:
    case PaymentFunction::GeneratePaymentLink:
        body.setMember(QStringLiteral("paymentId"), str(parts.paymentId));
        break;
    case PaymentFunction::CapturePayment:
    case PaymentFunction::RefundPayment: {
        // Key formats: k/checkout/recovery.ts, k/payments/invoice-payment-recovery.ts and the
        // refund mutation's `refund:<admin key>`.
        QString key;
        if (spec.function == PaymentFunction::RefundPayment)
            key = QStringLiteral("refund:") + parts.ids(QStringLiteral("rk_"));
        else if (spec.source == PaymentSource::Invoice)
            key = QStringLiteral("invoice-payment:") + parts.ids(QStringLiteral("ps_"));
        else
            key = QStringLiteral("checkout:") + parts.cartId;
        body.setMember(QStringLiteral("paymentId"), str(parts.paymentId));
        body.setMember(QStringLiteral("amount"), num(parts.amount));
        body.setMember(QStringLiteral("currency"), str(parts.currency.toLower()));
        body.setMember(QStringLiteral("idempotencyKey"), str(key));
        break;
    }
    case PaymentFunction::HandleWebhook: {
        // The route adds the raw body as __rawBody; the mutation then lower-cases every name.
        OrderedValue headers = parts.signatureHeaders;
        headers.setMember(QStringLiteral("__rawbody"), str(QString::fromUtf8(parts.rawEvent)));
        body.setMember(QStringLiteral("event"), parts.event);
        body.setMember(QStringLiteral("headers"), headers);
        break;
    }
    }
}

void OpenfrontE23341cProfile::judgeAnswer(const PreparedCall &call, const OrderedValue &answer,
                                          Verdict &verdict) const
{
    switch (call.function) {
    case PaymentFunction::CreatePayment:
        judgeSessionData(call, answer, verdict);
        judgeReference(call, answer, verdict);
        break;
    case PaymentFunction::GetPaymentStatus:
    case PaymentFunction::CapturePayment:
        judgeSettlement(call, answer, verdict);
        break;
    case PaymentFunction::RefundPayment:
        judgeRefund(call, answer, verdict);
        break;
    case PaymentFunction::HandleWebhook:
        judgeWebhook(call, answer, verdict);
        break;
    case PaymentFunction::GeneratePaymentLink:
        break; // never called (judge() says so first)
    }
}

void OpenfrontE23341cProfile::judgeReference(const PreparedCall &call, const OrderedValue &answer,
                                             Verdict &verdict)
{
    // Checkout and invoice payment later take the payment reference from the stored answer.
    const bool invoice = isInvoice(call);
    const QList<const char *> keys =
        invoice ? QList<const char *>{"paymentIntentId", "payment_intent_id", "orderId", "id"}
                : QList<const char *>{"paymentIntentId", "clientSecret", "orderId"};
    for (const char *key : keys) {
        if (const OrderedValue *value = stringMember(answer, key)) {
            verdict.add(Severity::Pass, QStringLiteral("openfront-reference"),
                        QStringLiteral("$.") + QString::fromLatin1(key),
                        QStringLiteral("checkout finds the payment reference in %1")
                            .arg(QString::fromLatin1(key)),
                        {}, shown(*value, call.masker));
            return;
        }
    }
    verdict.add(Severity::Failure, QStringLiteral("openfront-reference-missing"),
                QStringLiteral("$.paymentIntentId"),
                QStringLiteral("checkout fails with \"%1\"")
                    .arg(invoice ? QStringLiteral("Provider payment reference is missing")
                                 : QStringLiteral("Payment provider reference is missing")),
                QStringLiteral("a top-level paymentIntentId"), QStringLiteral("absent"),
                QStringLiteral("Add \"paymentIntentId\" (the gateway's payment id) at the top "
                               "level: the documented paymentId is not read."));
}

void OpenfrontE23341cProfile::judgeSettlement(const PreparedCall &call, const OrderedValue &answer,
                                              Verdict &verdict)
{
    const bool invoice = isInvoice(call);
    const OrderedValue *status = answer.member(QStringLiteral("status"));
    static const QStringList captureFirst{QStringLiteral("requires_capture"),
                                          QStringLiteral("approved"), QStringLiteral("authorized")};
    if (call.function == PaymentFunction::GetPaymentStatus && status &&
        status->type() == Type::String && captureFirst.contains(status->toString().toLower())) {
        verdict.add(Severity::Pass, QStringLiteral("openfront-captures-next"),
                    QStringLiteral("$.status"),
                    QStringLiteral("Openfront calls capture next and judges its answer"), {},
                    status->toString());
        return;
    }
    QStringList done{QStringLiteral("succeeded"), QStringLiteral("completed"),
                     QStringLiteral("captured")};
    if (invoice)
        done << QStringLiteral("paid");
    if (!judgeStatus(answer, done,
                     invoice ? QStringLiteral("Provider payment is not complete: %1")
                             : QStringLiteral("Payment failed: Payment status: %1"),
                     verdict))
        return;
    if (const std::optional<qint64> amount = expectedAmount(call)) {
        judgeAmountEquals(call, answer, *amount,
                          invoice ? QStringLiteral("Provider amount mismatch")
                                  : QStringLiteral("Provider payment amount does not match cart "
                                                   "total"),
                          verdict);
    }
    judgeCurrency(call, answer, invoice,
                  invoice ? QStringLiteral("Provider currency mismatch")
                          : QStringLiteral("Provider payment currency does not match cart "
                                           "currency"),
                  verdict);
    if (!invoice) {
        judgeDataObject(call, answer, QStringLiteral("the Payment keeps only the session's data"),
                        verdict);
    }
}

void OpenfrontE23341cProfile::judgeRefund(const PreparedCall &call, const OrderedValue &answer,
                                          Verdict &verdict)
{
    if (!judgeStatus(
            answer,
            {QStringLiteral("succeeded"), QStringLiteral("completed"), QStringLiteral("refunded")},
            QStringLiteral("Provider refund is not complete: %1"), verdict))
        return;
    if (call.requestedAmount) {
        judgeAmountEquals(call, answer, *call.requestedAmount,
                          QStringLiteral("Provider refund amount mismatch"), verdict);
    }
    judgeCurrency(call, answer, false, QStringLiteral("Provider refund currency mismatch"),
                  verdict);
}

void OpenfrontE23341cProfile::judgeWebhook(const PreparedCall &call, const OrderedValue &answer,
                                           Verdict &verdict)
{
    // `answer.type` throws on null; any other non-object reads as no type and no resource.
    if (answer.type() == Type::Null) {
        verdict.add(Severity::Failure, QStringLiteral("openfront-webhook-null-answer"),
                    QStringLiteral("$"),
                    QStringLiteral("Openfront answers 400 \"Cannot read properties of null "
                                   "(reading 'type')\""),
                    QStringLiteral("a JSON object"), QStringLiteral("null"),
                    QStringLiteral("Answer an object with \"type\", \"resource\" and the event "
                                   "id."));
        return;
    }
    const OrderedValue *type = answer.member(QStringLiteral("type"));
    const OrderedValue *resource = answer.member(QStringLiteral("resource"));
    auto member = [](const OrderedValue *object, const char *key) -> const OrderedValue * {
        return object && object->isObject() ? object->member(QString::fromLatin1(key)) : nullptr;
    };
    // The event id: the answer's event.id, else the posted event's id, else resource.id, the
    // first one that is truthy (`a || b || c`).
    const OrderedValue *eventId = member(answer.member(QStringLiteral("event")), "id");
    if (!truthy(eventId) && call.event)
        eventId = member(&*call.event, "id");
    if (!truthy(eventId))
        eventId = member(resource, "id");
    if (!truthy(eventId)) {
        verdict.add(Severity::Failure, QStringLiteral("openfront-webhook-no-event-id"),
                    QStringLiteral("$.event.id"),
                    QStringLiteral("Openfront answers 400 \"Provider event ID is required\""),
                    QStringLiteral("event.id in the answer or the event, or resource.id"),
                    QStringLiteral("absent"),
                    QStringLiteral("Give every event a unique id: Openfront de-duplicates "
                                   "deliveries by it."));
        return;
    }
    verdict.add(Severity::Pass, QStringLiteral("openfront-webhook-deduplicated"),
                QStringLiteral("$.event.id"),
                QStringLiteral("a redelivery of this event id is acknowledged as a duplicate"), {},
                shown(*eventId, call.masker));
    const QString typeText = type && type->type() == Type::String ? type->toString() : QString();
    const QString action = webhookAction(typeText);
    if (action.isEmpty()) {
        verdict.add(Severity::Warning, QStringLiteral("openfront-webhook-recorded-only"),
                    QStringLiteral("$.type"),
                    typeText.isEmpty()
                        ? QStringLiteral("no type: Openfront records the event and changes nothing")
                        : QStringLiteral("Openfront records this event type and changes nothing"),
                    QStringLiteral("payment_intent.succeeded, PAYMENT.CAPTURE.COMPLETED, ..."),
                    type ? shown(*type, call.masker) : QStringLiteral("absent"),
                    QStringLiteral("Answer a \"type\" with the Stripe or PayPal name of the event "
                                   "(the documented \"eventType\" is not read)."));
        return;
    }
    const OrderedValue *metadata = member(resource, "metadata");
    const bool byCart = truthy(member(metadata, "cartId")) || truthy(member(resource, "custom_id"));
    const bool byOrder = truthy(member(metadata, "orderId"));
    const bool byPayment = truthy(member(metadata, "paymentId"));
    if (!byCart && !byOrder && !byPayment) {
        // Nothing names a payment: the handler skips every update and answers 200. "Payment not
        // found for provider event" is only for a metadata.paymentId that does not exist.
        verdict.add(Severity::Warning, QStringLiteral("openfront-webhook-payment-not-found"),
                    QStringLiteral("$.resource.metadata"),
                    QStringLiteral("Openfront answers 200 \"Provider event recorded for manual "
                                   "reconciliation\" and changes nothing"),
                    QStringLiteral("resource.metadata.cartId or resource.custom_id"),
                    QStringLiteral("none"),
                    QStringLiteral("Put the cart.id that create-payment received in "
                                   "resource.metadata.cartId."));
        return;
    }
    // metadata.paymentId is looked up first, even beside a cartId: anything but Openfront's own
    // Payment id fails "Payment not found for provider event".
    if (byPayment) {
        verdict.add(
            Severity::Warning, QStringLiteral("openfront-webhook-payment-id"),
            QStringLiteral("$.resource.metadata.paymentId"),
            QStringLiteral("Openfront answers 400 \"Payment not found for provider event\" unless "
                           "metadata.paymentId is its own Payment id"),
            QStringLiteral("resource.metadata.cartId only"), QStringLiteral("paymentId present"),
            QStringLiteral("The gateway never learns Openfront's Payment id: leave "
                           "metadata.paymentId out and send metadata.cartId (the cart.id of "
                           "create-payment)."));
    }
    if (action == QLatin1String("captured") && !member(resource, "id")) {
        verdict.add(Severity::Warning, QStringLiteral("openfront-webhook-no-resource-id"),
                    QStringLiteral("$.resource.id"),
                    QStringLiteral("resource replaces the Payment's data, and has no id for a "
                                   "later refund"),
                    QStringLiteral("the gateway's payment id"), QStringLiteral("absent"),
                    QStringLiteral("Put the gateway's payment id in resource.id."));
    }
    verdict.add(Severity::Pass, QStringLiteral("openfront-webhook-acts"), QStringLiteral("$.type"),
                QStringLiteral("Openfront marks the payment %1").arg(action), {}, typeText);
}

void OpenfrontE23341cProfile::judgeCheckout(const CallTarget &target, Verdict &verdict) const
{
    const QString &code = target.code;
    static const QStringList launchDefault{QStringLiteral("pp_stripe_stripe"),
                                           QStringLiteral("pp_paypal_paypal"),
                                           QStringLiteral("pp_system_default")};
    if (code == QLatin1String("pp_system_default")) {
        verdict.add(Severity::Failure, QStringLiteral("checkout-manual-tender"),
                    QStringLiteral("code"),
                    QStringLiteral("checkout fails with \"Manual tender cannot complete storefront "
                                   "checkout\""),
                    {}, code, QStringLiteral("Use a code of your own."));
    } else if (code.startsWith(QLatin1String("pp_stripe")) ||
               code.startsWith(QLatin1String("pp_paypal"))) {
        const bool stripe = code.startsWith(QLatin1String("pp_stripe"));
        verdict.add(
            Severity::Warning, QStringLiteral("checkout-needs-keys"), QStringLiteral("code"),
            QStringLiteral("counted as configured only with %1 in Openfront's environment")
                .arg(stripe ? QStringLiteral("NEXT_PUBLIC_STRIPE_KEY (or "
                                             "STRIPE_PUBLISHABLE_KEY) and STRIPE_SECRET_KEY")
                            : QStringLiteral("NEXT_PUBLIC_PAYPAL_CLIENT_ID and "
                                             "PAYPAL_CLIENT_SECRET")),
            {}, code,
            QStringLiteral("Set those variables, or the provider is hidden and create "
                           "fails; webhook amounts are also checked for this code."));
    } else if (code.startsWith(QLatin1String("pp_manual"))) {
        verdict.add(Severity::Warning, QStringLiteral("checkout-manual-code"),
                    QStringLiteral("code"),
                    QStringLiteral("cart checkout can complete, but refunds and invoices refuse "
                                   "codes containing \"manual\""),
                    {}, code,
                    QStringLiteral("Refunds fail with \"Manual tender refunds require operator "
                                   "verification\"."));
    } else {
        verdict.add(Severity::Failure, QStringLiteral("checkout-not-configured"),
                    QStringLiteral("code"),
                    QStringLiteral("create fails with \"Payment provider not found, installed, and "
                                   "configured for this region\""),
                    QStringLiteral("pp_stripe…, pp_paypal…, pp_manual… or pp_system_default"), code,
                    QStringLiteral("This version hides every other code from checkout. What must "
                                   "change: isPaymentProviderConfigured in Openfront must accept "
                                   "the code (a code change), or the provider uses a pp_manual… "
                                   "code (then refunds and invoices refuse it)."));
    }
    if (!launchDefault.contains(code)) {
        verdict.add(
            Severity::Warning, QStringLiteral("launch-policy-code"), QStringLiteral("code"),
            QStringLiteral("checkout fails with \"Payment provider is outside the supported "
                           "launch boundary\" unless the launch policy lists the code"),
            launchDefault.join(QStringLiteral(", ")), code,
            QStringLiteral("List the code in COMMERCE_LAUNCH_POLICY's provider codes (the "
                           "development default lists only the three built-ins)."));
    }
    static const QStringList launchCurrencies{QStringLiteral("USD"), QStringLiteral("EUR"),
                                              QStringLiteral("GBP")};
    if (!target.regionCurrency.isEmpty() &&
        !launchCurrencies.contains(target.regionCurrency.toUpper())) {
        verdict.add(Severity::Warning, QStringLiteral("launch-policy-currency"),
                    QStringLiteral("regions"),
                    QStringLiteral("\"Cart currency is outside the supported launch boundary\" "
                                   "unless the launch policy lists %1")
                        .arg(target.regionCurrency.toUpper()),
                    launchCurrencies.join(QStringLiteral(", ")), target.regionCurrency,
                    QStringLiteral("List the currency in COMMERCE_LAUNCH_POLICY."));
    }
}

} // namespace paybench::contract
