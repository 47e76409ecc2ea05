#include "CallRequest.h"

#include "RequestParts.h"

#include <QDateTime>
#include <QUuid>

namespace paybench::contract {

using json::OrderedValue;
using request::num;
using request::str;

IdGenerator randomIds()
{
    return [](const QString &prefix) {
        return prefix + QUuid::createUuid().toString(QUuid::Id128).left(24);
    };
}

namespace {

void resolveValues(RequestParts &values, const CallVariables &variables)
{
    const CallSpec &spec = values.spec;
    const CallTarget &target = values.target;
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
        values.cartId = values.ids(QStringLiteral("cart_"));
}

OrderedValue defaultEvent(const RequestParts &values, const CallVariables &variables)
{
    const CallSpec &spec = values.spec;
    const IdGenerator &ids = values.ids;
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

// The event and its signature as the gateway would post them.
void addWebhookParts(RequestParts &parts, const CallVariables &variables)
{
    const CallSpec &spec = parts.spec;
    parts.event = spec.event ? *spec.event : defaultEvent(parts, variables);
    // The gateway posted these exact bytes; JSON.stringify gives the same ones back.
    parts.rawEvent = json::stringify(parts.event);
    const webhook::WebhookSigner signer(
        spec.signatureScheme,
        parts.target.credentialValue(QStringLiteral("webhookSecret")).toUtf8());
    const OrderedValue *eventId = parts.event.member(QStringLiteral("id"));
    webhook::HeaderList signatureHeaders =
        signer.sign(parts.rawEvent, eventId && eventId->type() == OrderedValue::Type::String
                                        ? eventId->toString().toUtf8()
                                        : QByteArray("evt_unknown"));
    if (spec.signature && !signatureHeaders.isEmpty())
        signatureHeaders.last().second = *spec.signature;

    parts.signatureHeaders = OrderedValue::object();
    parts.signatureHeaders.setMember(QStringLiteral("content-type"),
                                     str(QStringLiteral("application/json")));
    for (const webhook::Header &header : signatureHeaders) {
        // Openfront lower-cases every header name; the docs read `x-gateway-signature` too.
        parts.signatureHeaders.setMember(QString::fromLatin1(header.first).toLower(),
                                         str(QString::fromLatin1(header.second)));
    }
}

RequestParts makeParts(const CallTarget &target, const CallSpec &spec,
                       const CallVariables &variables, const IdGenerator &ids)
{
    RequestParts parts{target, spec, ids};
    resolveValues(parts, variables);
    if (spec.function == PaymentFunction::HandleWebhook)
        addWebhookParts(parts, variables);
    return parts;
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
    return spec.profile->requestBody(makeParts(target, spec, variables, ids));
}

PreparedCall prepareCall(const CallTarget &target, const CallSpec &spec,
                         const CallVariables &variables, const IdGenerator &ids)
{
    PreparedCall call;
    call.function = spec.function;
    call.profile = spec.profile;
    call.source = spec.source;
    call.expectation = spec.expectation;
    call.providerCode = target.code;
    call.caCertificateFile = target.caCertificateFile;
    call.target = target.target(spec.function);
    call.method = spec.method;
    call.timeoutMs = spec.timeoutMs > 0 ? spec.timeoutMs : kDefaultTimeoutMs;
    call.masker = target.masker();
    call.variables = variables;
    call.urlError = checkTarget(call.target, &call.builtInAdapter);
    if (call.urlError.isEmpty())
        call.url = QUrl(call.target, QUrl::StrictMode);

    const RequestParts values = makeParts(target, spec, variables, ids);
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
        call.payload = spec.body ? *spec.body : spec.profile->requestBody(values);
        if (spec.function == PaymentFunction::HandleWebhook)
            call.event = values.event;
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

json::OrderedValue resignMaskedWebhook(json::OrderedValue body, const CallTarget &target,
                                       const CallSpec &spec, const CallVariables &variables)
{
    const OrderedValue *event = body.member(QStringLiteral("event"));
    const OrderedValue *headers = body.member(QStringLiteral("headers"));
    if (spec.function != PaymentFunction::HandleWebhook || !event || !headers ||
        !headers->isObject())
        return body;
    webhook::HeaderList given;
    for (const auto &header : headers->members())
        given.append({header.first.toLatin1(), header.second.toString().toUtf8()});
    const webhook::WebhookSigner masked(spec.signatureScheme, SecretMasker::placeholder().toUtf8());
    // Any age: the real signature gets a fresh timestamp anyway.
    constexpr int kAnyAgeSeconds = 400 * 24 * 3600;
    if (!masked.verify(json::stringify(*event), given, kAnyAgeSeconds).valid())
        return body;
    CallSpec fresh = spec;
    fresh.body.reset();
    fresh.event = *event;
    const PreparedCall signedCall = prepareCall(target, fresh, variables);
    if (const OrderedValue *real =
            signedCall.payload ? signedCall.payload->member(QStringLiteral("headers")) : nullptr)
        body.setMember(QStringLiteral("headers"), *real);
    return body;
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
