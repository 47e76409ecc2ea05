#include "CallRequest.h"

#include "Currency.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QUuid>

namespace paybench::contract {

using json::OrderedValue;

QString profileName(PayloadProfile profile)
{
    return profile == PayloadProfile::Openfront ? QStringLiteral("openfront")
                                                : QStringLiteral("documented");
}

std::optional<PayloadProfile> profileFromName(const QString &name)
{
    if (name == QLatin1String("documented"))
        return PayloadProfile::Documented;
    if (name == QLatin1String("openfront"))
        return PayloadProfile::Openfront;
    return std::nullopt;
}

IdGenerator randomIds()
{
    return [](const QString &prefix) {
        return prefix + QUuid::createUuid().toString(QUuid::Id128).left(24);
    };
}

namespace {

OrderedValue str(const QString &value)
{
    return OrderedValue::string(value);
}

OrderedValue num(qint64 value)
{
    return OrderedValue::number(static_cast<double>(value));
}

OrderedValue credentialsObject(const CallTarget &target)
{
    OrderedValue credentials = OrderedValue::object();
    for (const Credential &credential : target.credentials)
        credentials.setMember(credential.key, str(credential.value));
    return credentials;
}

// Openfront's record ids are cuids; a stable id derived from the code stands in for one.
QString recordId(const CallTarget &target)
{
    return QStringLiteral("cm") +
           QString::fromLatin1(
               QCryptographicHash::hash(target.code.toUtf8(), QCryptographicHash::Sha256)
                   .toHex()
                   .left(23));
}

// Documented: `{ name, credentials }`. Openfront: the stored record as its adapter queries it
// (docs/openfront-runtime.md): no name, the function fields, credentials.
OrderedValue providerObject(const CallTarget &target, PayloadProfile profile)
{
    if (profile == PayloadProfile::Documented) {
        return OrderedValue::object({{QStringLiteral("name"), str(target.name)},
                                     {QStringLiteral("credentials"), credentialsObject(target)}});
    }
    OrderedValue record = OrderedValue::object({
        {QStringLiteral("id"), str(recordId(target))},
        {QStringLiteral("code"), str(target.code)},
        {QStringLiteral("isInstalled"), OrderedValue::boolean(target.installed)},
    });
    for (PaymentFunction function :
         {PaymentFunction::CreatePayment, PaymentFunction::CapturePayment,
          PaymentFunction::RefundPayment, PaymentFunction::GetPaymentStatus,
          PaymentFunction::GeneratePaymentLink})
        record.setMember(functionField(function), str(target.target(function)));
    record.setMember(QStringLiteral("credentials"), credentialsObject(target));
    return record;
}

struct Values {
    qint64 amount = kDefaultAmount;
    QString currency;
    QString paymentId;
    QString cartId;
};

Values resolveValues(const CallTarget &target, const CallSpec &spec, const CallVariables &variables,
                     const IdGenerator &ids)
{
    Values values;
    if (spec.amount) {
        values.amount = *spec.amount;
    } else {
        // A capture takes what was created, a refund what was captured.
        QStringList sources{QStringLiteral("amount")};
        if (spec.function == PaymentFunction::RefundPayment)
            sources.prepend(QStringLiteral("capturedAmount"));
        for (const QString &name : sources) {
            bool ok = false;
            const qint64 amount = variables.value(name).toLongLong(&ok);
            if (ok) {
                values.amount = amount;
                break;
            }
        }
    }
    values.currency = !spec.currency.isEmpty() ? spec.currency
                      : !variables.value(QStringLiteral("currency")).isEmpty()
                          ? variables.value(QStringLiteral("currency"))
                      : !target.regionCurrency.isEmpty() ? target.regionCurrency
                                                         : QStringLiteral("USD");
    values.paymentId =
        !spec.paymentId.isEmpty() ? spec.paymentId : variables.value(QStringLiteral("paymentId"));
    values.cartId = variables.value(QStringLiteral("cartId"));
    if (values.cartId.isEmpty())
        values.cartId = ids(QStringLiteral("cart_"));
    return values;
}

OrderedValue defaultEvent(const CallSpec &spec, const Values &values,
                          const CallVariables &variables, const IdGenerator &ids)
{
    QString eventId = variables.value(QStringLiteral("eventId"));
    if (eventId.isEmpty())
        eventId = ids(QStringLiteral("evt_"));
    // Shaped so that both the documented handler (event.type, event.data.payment.id) and
    // Openfront's lookup (resource.metadata.paymentId) find the payment.
    const OrderedValue payment = OrderedValue::object({
        {QStringLiteral("id"), str(values.paymentId)},
        {QStringLiteral("amount"), num(values.amount)},
        {QStringLiteral("currency"), str(values.currency)},
        {QStringLiteral("status"), str(QStringLiteral("captured"))},
        {QStringLiteral("metadata"),
         OrderedValue::object({{QStringLiteral("paymentId"), str(values.paymentId)},
                               {QStringLiteral("cartId"), str(values.cartId)}})},
    });
    return OrderedValue::object({
        {QStringLiteral("id"), str(eventId)},
        {QStringLiteral("type"), str(spec.eventType)},
        {QStringLiteral("created"), num(QDateTime::currentSecsSinceEpoch())},
        {QStringLiteral("data"), OrderedValue::object({{QStringLiteral("payment"), payment}})},
    });
}

struct WebhookParts {
    OrderedValue event;
    OrderedValue headers;
};

WebhookParts webhookParts(const CallTarget &target, const CallSpec &spec, const Values &values,
                          const CallVariables &variables, const IdGenerator &ids)
{
    WebhookParts parts;
    parts.event = spec.event ? *spec.event : defaultEvent(spec, values, variables, ids);
    // The gateway posted these exact bytes; JSON.stringify gives the same ones back.
    const QByteArray rawBody = json::stringify(parts.event);
    const webhook::WebhookSigner signer(
        spec.signatureScheme, target.credentialValue(QStringLiteral("webhookSecret")).toUtf8());
    const OrderedValue *eventId = parts.event.member(QStringLiteral("id"));
    webhook::HeaderList signatureHeaders =
        signer.sign(rawBody, eventId && eventId->type() == OrderedValue::Type::String
                                 ? eventId->toString().toUtf8()
                                 : QByteArray("evt_unknown"));
    if (spec.signature && !signatureHeaders.isEmpty())
        signatureHeaders.last().second = *spec.signature;

    parts.headers = OrderedValue::object();
    parts.headers.setMember(QStringLiteral("content-type"),
                            str(QStringLiteral("application/json")));
    for (const webhook::Header &header : signatureHeaders) {
        // Openfront lower-cases every header name; the docs read `x-gateway-signature` too.
        parts.headers.setMember(QString::fromLatin1(header.first).toLower(),
                                str(QString::fromLatin1(header.second)));
    }
    if (spec.profile == PayloadProfile::Openfront)
        parts.headers.setMember(QStringLiteral("__rawBody"), str(QString::fromUtf8(rawBody)));
    return parts;
}

OrderedValue buildBody(const CallTarget &target, const CallSpec &spec, const Values &values,
                       const CallVariables &variables, const IdGenerator &ids,
                       std::optional<OrderedValue> *eventOut)
{
    const bool openfront = spec.profile == PayloadProfile::Openfront;
    OrderedValue body =
        OrderedValue::object({{QStringLiteral("provider"), providerObject(target, spec.profile)}});
    switch (spec.function) {
    case PaymentFunction::CreatePayment:
        if (openfront) {
            const OrderedValue currency = OrderedValue::object({
                {QStringLiteral("code"), str(values.currency.toLower())},
                {QStringLiteral("noDivisionCurrency"),
                 OrderedValue::boolean(isOpenfrontNoDivisionCurrency(values.currency))},
            });
            const OrderedValue region = OrderedValue::object({
                {QStringLiteral("id"),
                 str(target.regionCode.isEmpty() ? QStringLiteral("reg_default")
                                                 : target.regionCode)},
                {QStringLiteral("taxRate"), num(0)},
                {QStringLiteral("currency"), currency},
            });
            const OrderedValue collection = OrderedValue::object({
                {QStringLiteral("id"), str(ids(QStringLiteral("paycol_")))},
                {QStringLiteral("paymentSessions"), OrderedValue::array()},
            });
            body.setMember(
                QStringLiteral("cart"),
                OrderedValue::object({{QStringLiteral("id"), str(values.cartId)},
                                      {QStringLiteral("rawTotal"), num(values.amount)},
                                      {QStringLiteral("region"), region},
                                      {QStringLiteral("paymentCollection"), collection}}));
            body.setMember(QStringLiteral("amount"), num(values.amount));
            body.setMember(QStringLiteral("currency"), str(values.currency.toLower()));
        } else {
            body.setMember(QStringLiteral("cart"),
                           OrderedValue::object(
                               {{QStringLiteral("id"), str(values.cartId)},
                                {QStringLiteral("total"), num(values.amount)},
                                {QStringLiteral("currency"), str(values.currency)},
                                {QStringLiteral("customer"),
                                 OrderedValue::object(
                                     {{QStringLiteral("email"), str(spec.customerEmail)}})}}));
            body.setMember(QStringLiteral("amount"), num(values.amount));
            body.setMember(QStringLiteral("currency"), str(values.currency));
        }
        break;
    case PaymentFunction::CapturePayment:
    case PaymentFunction::RefundPayment:
        body.setMember(QStringLiteral("paymentId"), str(values.paymentId));
        body.setMember(QStringLiteral("amount"), num(values.amount));
        if (openfront) {
            body.setMember(QStringLiteral("currency"), str(values.currency.toLower()));
            body.setMember(QStringLiteral("idempotencyKey"), str(ids(QStringLiteral("idem_"))));
        } else if (spec.function == PaymentFunction::RefundPayment) {
            body.setMember(QStringLiteral("reason"), str(spec.reason));
        }
        break;
    case PaymentFunction::GetPaymentStatus:
    case PaymentFunction::GeneratePaymentLink:
        body.setMember(QStringLiteral("paymentId"), str(values.paymentId));
        break;
    case PaymentFunction::HandleWebhook: {
        WebhookParts parts = webhookParts(target, spec, values, variables, ids);
        body.setMember(QStringLiteral("event"), parts.event);
        body.setMember(QStringLiteral("headers"), parts.headers);
        if (eventOut)
            *eventOut = parts.event;
        break;
    }
    }
    return body;
}

QString checkTarget(const QString &target, bool *builtIn)
{
    *builtIn = false;
    if (target.trimmed().isEmpty())
        return QStringLiteral("no URL is configured for this function");
    if (isBuiltInAdapter(target)) {
        *builtIn = true;
        return QStringLiteral(
                   "\"%1\" names a built-in Openfront adapter: there is no HTTP endpoint "
                   "to call")
            .arg(target);
    }
    const QUrl url(target, QUrl::StrictMode);
    if (!url.isValid())
        return QStringLiteral("not a valid URL: %1").arg(url.errorString());
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return QStringLiteral("the URL must start with http:// or https://, not \"%1:\"")
            .arg(url.scheme());
    if (url.host().isEmpty())
        return QStringLiteral("the URL has no host name");
    return {};
}

} // namespace

json::OrderedValue defaultBody(const CallTarget &target, const CallSpec &spec,
                               const CallVariables &variables, const IdGenerator &ids)
{
    const Values values = resolveValues(target, spec, variables, ids);
    return buildBody(target, spec, values, variables, ids, nullptr);
}

PreparedCall prepareCall(const CallTarget &target, const CallSpec &spec,
                         const CallVariables &variables, const IdGenerator &ids)
{
    PreparedCall call;
    call.function = spec.function;
    call.profile = spec.profile;
    call.expectation = spec.expectation;
    call.providerCode = target.code;
    call.caCertificateFile = target.caCertificateFile;
    call.target = target.target(spec.function);
    call.method = spec.method;
    call.timeoutMs = spec.timeoutMs > 0 ? spec.timeoutMs : kDefaultTimeoutMs;
    call.masker = SecretMasker(target.secretValues());
    call.variables = variables;
    call.urlError = checkTarget(call.target, &call.builtInAdapter);
    if (call.urlError.isEmpty())
        call.url = QUrl(call.target, QUrl::StrictMode);

    const Values values = resolveValues(target, spec, variables, ids);
    call.paymentId = values.paymentId;
    call.requestedCurrency = values.currency;
    if (spec.function == PaymentFunction::CreatePayment ||
        spec.function == PaymentFunction::CapturePayment ||
        spec.function == PaymentFunction::RefundPayment)
        call.requestedAmount = values.amount;

    call.headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
    if (spec.rawBody) {
        call.body = *spec.rawBody;
    } else {
        call.payload =
            spec.body ? *spec.body : buildBody(target, spec, values, variables, ids, &call.event);
        call.body = json::stringify(*call.payload);
    }
    // An edited body speaks for itself: judge the answer against what it asks for.
    if (call.payload && spec.body) {
        if (const OrderedValue *amount = call.payload->member(QStringLiteral("amount"));
            amount && amount->type() == OrderedValue::Type::Number && call.requestedAmount)
            call.requestedAmount = static_cast<qint64>(amount->toDouble());
        if (const OrderedValue *id = call.payload->member(QStringLiteral("paymentId"));
            id && id->type() == OrderedValue::Type::String)
            call.paymentId = id->toString();
        if (const OrderedValue *event = call.payload->member(QStringLiteral("event")))
            call.event = *event;
    }
    return call;
}

json::OrderedValue unmaskCredentials(const json::OrderedValue &body, const CallTarget &target)
{
    const OrderedValue *provider = body.member(QStringLiteral("provider"));
    const OrderedValue *credentials =
        provider ? provider->member(QStringLiteral("credentials")) : nullptr;
    if (!credentials || !credentials->isObject())
        return body;
    OrderedValue restored = *credentials;
    for (const auto &member : credentials->members()) {
        if (member.second.type() == OrderedValue::Type::String &&
            member.second.toString() == SecretMasker::placeholder())
            restored.setMember(member.first, str(target.credentialValue(member.first)));
    }
    OrderedValue newProvider = *provider;
    newProvider.setMember(QStringLiteral("credentials"), restored);
    OrderedValue result = body;
    result.setMember(QStringLiteral("provider"), newProvider);
    return result;
}

namespace {
QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}
} // namespace

QString curlCommand(const PreparedCall &call, bool revealSecrets)
{
    const QString url = call.url.isValid() ? call.url.toString(QUrl::FullyEncoded) : call.target;
    QStringList parts{QStringLiteral("curl"),
                      QStringLiteral("-sS"),
                      QStringLiteral("-i"),
                      QStringLiteral("-X"),
                      QString::fromLatin1(call.method),
                      shellQuote(url)};
    for (const webhook::Header &header : call.headers) {
        parts << QStringLiteral("-H")
              << shellQuote(QString::fromLatin1(header.first) + QStringLiteral(": ") +
                            QString::fromLatin1(header.second));
    }
    QByteArray body = call.body;
    if (!revealSecrets) {
        body = call.payload ? json::stringify(call.masker.mask(*call.payload))
                            : call.masker.mask(call.body);
    }
    if (!body.isEmpty())
        parts << QStringLiteral("--data-binary") << shellQuote(QString::fromUtf8(body));
    return parts.join(QLatin1Char(' '));
}

} // namespace paybench::contract
