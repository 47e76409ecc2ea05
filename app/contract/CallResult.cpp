#include "CallResult.h"

#include <QDateTime>
#include <QUrl>

#include <cmath>

namespace paybench::contract {

using json::OrderedValue;
using Type = json::OrderedValue::Type;

QString failureClassName(FailureClass failure)
{
    switch (failure) {
    case FailureClass::None:
        return QStringLiteral("none");
    case FailureClass::BadUrl:
        return QStringLiteral("bad-url");
    case FailureClass::DnsFailure:
        return QStringLiteral("dns-failure");
    case FailureClass::ConnectionRefused:
        return QStringLiteral("connection-refused");
    case FailureClass::TlsFailure:
        return QStringLiteral("tls-failure");
    case FailureClass::Timeout:
        return QStringLiteral("timeout");
    case FailureClass::Cancelled:
        return QStringLiteral("cancelled");
    case FailureClass::NetworkError:
        return QStringLiteral("network-error");
    case FailureClass::Redirect:
        return QStringLiteral("redirect");
    case FailureClass::HttpErrorStatus:
        return QStringLiteral("http-error-status");
    case FailureClass::EmptyBody:
        return QStringLiteral("empty-body");
    case FailureClass::NonJsonBody:
        return QStringLiteral("non-json-body");
    case FailureClass::WrongContentType:
        return QStringLiteral("wrong-content-type");
    }
    return {};
}

QString failureClassTitle(FailureClass failure)
{
    switch (failure) {
    case FailureClass::None:
        return QStringLiteral("No failure");
    case FailureClass::BadUrl:
        return QStringLiteral("Bad URL");
    case FailureClass::DnsFailure:
        return QStringLiteral("DNS failure");
    case FailureClass::ConnectionRefused:
        return QStringLiteral("Connection refused");
    case FailureClass::TlsFailure:
        return QStringLiteral("TLS failure");
    case FailureClass::Timeout:
        return QStringLiteral("Timeout");
    case FailureClass::Cancelled:
        return QStringLiteral("Cancelled");
    case FailureClass::NetworkError:
        return QStringLiteral("Network error");
    case FailureClass::Redirect:
        return QStringLiteral("Redirect");
    case FailureClass::HttpErrorStatus:
        return QStringLiteral("HTTP error status");
    case FailureClass::EmptyBody:
        return QStringLiteral("Empty body");
    case FailureClass::NonJsonBody:
        return QStringLiteral("Body is not JSON");
    case FailureClass::WrongContentType:
        return QStringLiteral("Wrong content type");
    }
    return {};
}

QString failureClassExplanation(FailureClass failure)
{
    switch (failure) {
    case FailureClass::None:
        return {};
    case FailureClass::BadUrl:
        return QStringLiteral(
            "The function's target is not an absolute http:// or https:// URL, so there is "
            "nothing to call. Check the platform's function fields for typos, a missing scheme or "
            "a built-in adapter name (stripe, paypal, manual) where a URL was meant.");
    case FailureClass::DnsFailure:
        return QStringLiteral(
            "The host name could not be turned into an address. Usually a typo in the host, a "
            "domain that is not registered or not yet propagated, or a name that only resolves "
            "inside a VPN or company network this machine is not on.");
    case FailureClass::ConnectionRefused:
        return QStringLiteral(
            "The machine answered, but nothing accepts connections on that port. The service is "
            "not running, listens on another port, or listens only on another interface (for "
            "example 127.0.0.1 inside a container).");
    case FailureClass::TlsFailure:
        return QStringLiteral(
            "The secure connection could not be set up. Usually the certificate is self-signed, "
            "expired, issued for another host name, or its chain is incomplete on the server. "
            "Openfront's fetch rejects such certificates too: fix the certificate, or add your "
            "test CA to the platform in Paybench.");
    case FailureClass::Timeout:
        return QStringLiteral(
            "No complete answer arrived within the time limit of the call. The endpoint may be "
            "waiting on the payment gateway, stuck, or behind a firewall that silently drops "
            "packets. Openfront itself sets no timeout, so a hanging endpoint hangs checkout.");
    case FailureClass::Cancelled:
        return QStringLiteral("The call was cancelled before the answer arrived.");
    case FailureClass::NetworkError:
        return QStringLiteral(
            "The connection failed below HTTP: it was reset, the network is unreachable, or a "
            "proxy refused it. Try again, then check proxies and firewalls between here and the "
            "endpoint.");
    case FailureClass::Redirect:
        return QStringLiteral(
            "The endpoint answered with a redirect instead of an answer. Paybench does not follow "
            "it, because the request carries credentials. A moved URL, an http to https upgrade "
            "or a missing trailing slash are the usual causes: configure the final URL instead.");
    case FailureClass::HttpErrorStatus:
        return QStringLiteral(
            "The endpoint answered with an error status. 401/403: the credentials are wrong or "
            "missing; 404: wrong path; 405: wrong method; 5xx: the endpoint crashed or its "
            "gateway failed. Openfront discards the body of any non-2xx answer.");
    case FailureClass::EmptyBody:
        return QStringLiteral(
            "The endpoint answered successfully but sent no body. Openfront parses every 2xx "
            "answer as JSON, so an empty body fails the whole operation. Return the documented "
            "JSON object.");
    case FailureClass::NonJsonBody:
        return QStringLiteral(
            "The body is not JSON. Often an HTML error page from a proxy or framework, a debug "
            "print before the JSON, or a string built by hand. Openfront's response.json() fails "
            "on it.");
    case FailureClass::WrongContentType:
        return QStringLiteral(
            "The body is JSON but is not labelled Content-Type: application/json. Openfront still "
            "parses it, but proxies, caches and other clients may not. Send the right header.");
    }
    return {};
}

bool CallResult::isTransportFailure() const
{
    return response.outcome != TransportOutcome::Completed;
}

namespace {

QString typeName(const OrderedValue &value)
{
    switch (value.type()) {
    case Type::Null:
        return QStringLiteral("null");
    case Type::Bool:
        return QStringLiteral("boolean");
    case Type::Number:
        return QStringLiteral("number");
    case Type::String:
        return QStringLiteral("string");
    case Type::Array:
        return QStringLiteral("array");
    case Type::Object:
        return QStringLiteral("object");
    }
    return {};
}

// A short, masked rendering of a value for the "actual" column.
QString shown(const OrderedValue &value, const SecretMasker &masker)
{
    QByteArray text = json::stringify(masker.mask(value));
    if (text.size() > 120)
        text = text.left(117) + "...";
    return QString::fromUtf8(text);
}

// The first bytes of a body, printable, for "it is not JSON" findings.
QString firstBytes(const QByteArray &body, const SecretMasker &masker)
{
    const QByteArray masked = masker.mask(body);
    QString text = QString::fromUtf8(masked.left(160));
    for (QChar &c : text) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\n'))
            c = QChar(0xFFFD);
    }
    text.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    if (masked.size() > 160)
        text += QStringLiteral("...");
    return text;
}

QByteArray headerValue(const webhook::HeaderList &headers, const QByteArray &name)
{
    return webhook::headerValue(headers, name).value_or(QByteArray());
}

bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost")))
        return true;
    return host.startsWith(QLatin1String("127.")) || host == QLatin1String("::1");
}

enum class FieldKind { String, NonEmptyString, Number, Amount, Boolean, Object, Timestamp, Url };

QString kindName(FieldKind kind)
{
    switch (kind) {
    case FieldKind::String:
        return QStringLiteral("string");
    case FieldKind::NonEmptyString:
        return QStringLiteral("non-empty string");
    case FieldKind::Number:
        return QStringLiteral("number");
    case FieldKind::Amount:
        return QStringLiteral("integer number (minor units)");
    case FieldKind::Boolean:
        return QStringLiteral("boolean");
    case FieldKind::Object:
        return QStringLiteral("object");
    case FieldKind::Timestamp:
        return QStringLiteral("ISO 8601 timestamp string");
    case FieldKind::Url:
        return QStringLiteral("absolute http(s) URL string");
    }
    return {};
}

struct FieldSpec {
    const char *name;
    FieldKind kind;
    bool required;
    const char *meaning; // for advice: "the gateway's id of the payment"
};

QDateTime parseIsoTimestamp(const QString &text)
{
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid())
        parsed = QDateTime::fromString(text, Qt::ISODate);
    return parsed;
}

class Judge
{
public:
    Judge(const PreparedCall &call, CallResult &result) : m_call(call), m_result(result) {}

    // Field presence and type; true when present with the right type.
    bool checkField(const OrderedValue &answer, const FieldSpec &spec)
    {
        const QString name = QString::fromLatin1(spec.name);
        const QString path = QStringLiteral("$.") + name;
        const OrderedValue *value = answer.member(name);
        Verdict &verdict = m_result.contract;
        if (!value) {
            if (spec.required) {
                verdict.add(Severity::Failure, QStringLiteral("missing-field"), path,
                            QStringLiteral("%1 is missing").arg(name), kindName(spec.kind),
                            QStringLiteral("absent"),
                            QStringLiteral("Add \"%1\" (%2) to the answer.")
                                .arg(name, QString::fromLatin1(spec.meaning)));
            } else {
                verdict.add(Severity::Pass, QStringLiteral("optional-field-absent"), path,
                            QStringLiteral("%1 is optional and absent").arg(name));
            }
            return false;
        }
        QString problem;
        switch (spec.kind) {
        case FieldKind::String:
            if (value->type() != Type::String)
                problem = typeName(*value);
            break;
        case FieldKind::NonEmptyString:
            if (value->type() != Type::String)
                problem = typeName(*value);
            else if (value->toString().trimmed().isEmpty())
                problem = QStringLiteral("an empty string");
            break;
        case FieldKind::Number:
        case FieldKind::Amount:
            if (value->type() != Type::Number)
                problem = typeName(*value);
            break;
        case FieldKind::Boolean:
            if (value->type() != Type::Bool)
                problem = typeName(*value);
            break;
        case FieldKind::Object:
            if (value->type() != Type::Object)
                problem = typeName(*value);
            break;
        case FieldKind::Timestamp:
            if (value->type() != Type::String)
                problem = typeName(*value);
            else if (!parseIsoTimestamp(value->toString()).isValid())
                problem = QStringLiteral("a string that is not an ISO 8601 timestamp");
            break;
        case FieldKind::Url: {
            if (value->type() != Type::String) {
                problem = typeName(*value);
                break;
            }
            const QUrl url(value->toString(), QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty() ||
                (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
                problem = QStringLiteral("a string that is not an absolute http(s) URL");
            break;
        }
        }
        if (!problem.isEmpty()) {
            QString advice = QStringLiteral("Send \"%1\" as a %2.").arg(name, kindName(spec.kind));
            if (value->type() == Type::String &&
                (spec.kind == FieldKind::Number || spec.kind == FieldKind::Amount))
                advice =
                    QStringLiteral("Send \"%1\" as a JSON number, not a quoted string.").arg(name);
            verdict.add(Severity::Failure, QStringLiteral("wrong-type"), path,
                        QStringLiteral("%1 has the wrong type").arg(name), kindName(spec.kind),
                        QStringLiteral("%1: %2").arg(problem, shown(*value, m_call.masker)),
                        advice);
            return false;
        }
        if (spec.kind == FieldKind::Amount &&
            (!std::isfinite(value->toDouble()) ||
             value->toDouble() != std::floor(value->toDouble()) || value->toDouble() < 0)) {
            verdict.add(Severity::Warning, QStringLiteral("amount-not-minor-units"), path,
                        QStringLiteral("%1 is not a whole number of minor units").arg(name),
                        QStringLiteral("a non-negative integer such as 1999 for 19.99"),
                        shown(*value, m_call.masker),
                        QStringLiteral("Amounts travel in minor units (cents): send integers."));
            return true;
        }
        // A loopback link is a local test gateway's own page: plain http is expected there.
        if (spec.kind == FieldKind::Url && value->toString().startsWith(QLatin1String("http:")) &&
            !isLoopback(QUrl(value->toString()))) {
            verdict.add(Severity::Warning, QStringLiteral("insecure-url"), path,
                        QStringLiteral("%1 uses plain http").arg(name),
                        QStringLiteral("an https URL"), shown(*value, m_call.masker),
                        QStringLiteral("Link to the dashboard over https."));
            return true;
        }
        verdict.add(Severity::Pass, QStringLiteral("field-ok"), path,
                    QStringLiteral("%1 is present with the right type").arg(name),
                    kindName(spec.kind), shown(*value, m_call.masker));
        return true;
    }

    void checkFields(const OrderedValue &answer, std::initializer_list<FieldSpec> specs)
    {
        for (const FieldSpec &spec : specs)
            checkField(answer, spec);
        // Extra members are allowed: noted so that typos such as "paymentID" stand out.
        for (const auto &member : answer.members()) {
            const bool known = std::any_of(specs.begin(), specs.end(), [&](const FieldSpec &spec) {
                return member.first == QLatin1String(spec.name);
            });
            if (!known) {
                m_result.contract.add(
                    Severity::Pass, QStringLiteral("extra-field"),
                    QStringLiteral("$.") + member.first,
                    QStringLiteral("%1 is not part of the contract (allowed)").arg(member.first),
                    {}, shown(member.second, m_call.masker));
            }
        }
    }

    void checkAmount(const OrderedValue &answer, const char *field)
    {
        const QString name = QString::fromLatin1(field);
        const OrderedValue *value = answer.member(name);
        if (!value || value->type() != Type::Number || !m_call.requestedAmount)
            return;
        const double asked = static_cast<double>(*m_call.requestedAmount);
        if (value->toDouble() == asked) {
            m_result.contract.add(Severity::Pass, QStringLiteral("amount-matches"),
                                  QStringLiteral("$.") + name,
                                  QStringLiteral("%1 equals the amount asked for").arg(name),
                                  QString::number(asked, 'f', 0), shown(*value, m_call.masker));
            return;
        }
        m_result.contract.add(
            Severity::Failure, QStringLiteral("amount-mismatch"), QStringLiteral("$.") + name,
            QStringLiteral("%1 differs from the amount asked for").arg(name),
            QString::number(asked, 'f', 0), shown(*value, m_call.masker),
            QStringLiteral("Report the amount actually processed, in the same minor units as the "
                           "request; a 100x difference usually means units were converted."));
    }

    void checkSuccessFlag(const OrderedValue &answer, const QString &what)
    {
        const OrderedValue *success = answer.member(QStringLiteral("success"));
        if (success && success->type() == Type::Bool && !success->toBool()) {
            m_result.contract.add(Severity::Warning, QStringLiteral("not-successful"),
                                  QStringLiteral("$.success"),
                                  QStringLiteral("the %1 answered success: false").arg(what),
                                  QStringLiteral("true"), QStringLiteral("false"),
                                  QStringLiteral("A failed %1 should answer a 4xx status with an "
                                                 "error message, so the cause is visible.")
                                      .arg(what));
        }
    }

    void judgeCreate(const OrderedValue &answer)
    {
        checkFields(answer, {{"sessionData", FieldKind::Object, true,
                              "the data the storefront needs, such as a client secret"},
                             {"paymentId", FieldKind::NonEmptyString, true,
                              "the gateway's id of the payment, used by every later call"}});
        // Openfront stores the whole answer as the session's data: secrets would be kept there.
        const QByteArray stored = json::stringify(answer);
        if (m_call.masker.mask(stored) != stored) {
            m_result.openfront.add(
                Severity::Failure, QStringLiteral("secret-in-session-data"), QStringLiteral("$"),
                QStringLiteral("the answer contains a secret credential"),
                QStringLiteral("no secret values"), QStringLiteral("a credential value"),
                QStringLiteral("Openfront stores the whole create-payment answer as the payment "
                               "session's data and may hand it to the storefront: never echo "
                               "secret keys."));
        } else {
            m_result.openfront.add(Severity::Pass, QStringLiteral("session-data-stored"),
                                   QStringLiteral("$"),
                                   QStringLiteral("Openfront stores this whole answer as the "
                                                  "payment session's data"));
        }
    }

    void judgeCapture(const OrderedValue &answer)
    {
        checkFields(answer,
                    {{"success", FieldKind::Boolean, true, "whether the capture went through"},
                     {"transactionId", FieldKind::NonEmptyString, true, "the capture's id"},
                     {"capturedAmount", FieldKind::Amount, true, "the amount captured"},
                     {"fees", FieldKind::Number, false, "the processing fees"}});
        checkAmount(answer, "capturedAmount");
        checkSuccessFlag(answer, QStringLiteral("capture"));
    }

    void judgeRefund(const OrderedValue &answer)
    {
        checkFields(answer,
                    {{"success", FieldKind::Boolean, true, "whether the refund went through"},
                     {"refundId", FieldKind::NonEmptyString, true, "the refund's id"},
                     {"refundedAmount", FieldKind::Amount, true, "the amount refunded"}});
        checkAmount(answer, "refundedAmount");
        checkSuccessFlag(answer, QStringLiteral("refund"));
    }

    void judgeStatus(const OrderedValue &answer)
    {
        checkFields(answer,
                    {{"status", FieldKind::String, true, "one of the five payment states"},
                     {"amount", FieldKind::Amount, true, "the payment's amount"},
                     {"currency", FieldKind::String, true, "the payment's currency code"},
                     {"lastUpdated", FieldKind::Timestamp, true, "when the payment last changed"}});
        static const QStringList states{QStringLiteral("pending"), QStringLiteral("authorized"),
                                        QStringLiteral("captured"), QStringLiteral("failed"),
                                        QStringLiteral("cancelled")};
        const OrderedValue *status = answer.member(QStringLiteral("status"));
        if (status && status->type() == Type::String) {
            if (states.contains(status->toString())) {
                m_result.contract.add(Severity::Pass, QStringLiteral("status-valid"),
                                      QStringLiteral("$.status"),
                                      QStringLiteral("status is a documented state"),
                                      states.join(QLatin1Char('|')), status->toString());
            } else {
                QString advice = QStringLiteral("Map the gateway's own states to the five "
                                                "documented ones.");
                if (states.contains(status->toString().toLower()))
                    advice = QStringLiteral("Send the state in lower case.");
                else if (status->toString() == QLatin1String("canceled"))
                    advice = QStringLiteral("Spell it \"cancelled\", with two l's.");
                m_result.contract.add(Severity::Failure, QStringLiteral("wrong-enum"),
                                      QStringLiteral("$.status"),
                                      QStringLiteral("status is not one of the documented states"),
                                      states.join(QLatin1Char('|')), status->toString(), advice);
            }
        }
        // The same payment should come back: compare with what create-payment used.
        const QString knownAmount = m_call.variables.value(QStringLiteral("amount"));
        const OrderedValue *amount = answer.member(QStringLiteral("amount"));
        if (!knownAmount.isEmpty() && amount && amount->type() == Type::Number &&
            amount->toDouble() != knownAmount.toDouble()) {
            m_result.contract.add(Severity::Warning, QStringLiteral("amount-mismatch"),
                                  QStringLiteral("$.amount"),
                                  QStringLiteral("amount differs from the payment created"),
                                  knownAmount, shown(*amount, m_call.masker),
                                  QStringLiteral("Report the payment's amount in the same minor "
                                                 "units as create-payment received it."));
        }
        const QString knownCurrency = m_call.variables.value(QStringLiteral("currency"));
        const OrderedValue *currency = answer.member(QStringLiteral("currency"));
        if (!knownCurrency.isEmpty() && currency && currency->type() == Type::String &&
            currency->toString().compare(knownCurrency, Qt::CaseInsensitive) != 0) {
            m_result.contract.add(Severity::Warning, QStringLiteral("currency-mismatch"),
                                  QStringLiteral("$.currency"),
                                  QStringLiteral("currency differs from the payment created"),
                                  knownCurrency, currency->toString(),
                                  QStringLiteral("Report the payment's own currency code."));
        }
    }

    void judgeLink(const OrderedValue &answer)
    {
        checkFields(answer, {{"url", FieldKind::Url, true, "the payment in the dashboard"}});
    }

    void judgeWebhook(const OrderedValue &answer)
    {
        checkFields(answer,
                    {{"verified", FieldKind::Boolean, true, "whether the signature is valid"},
                     {"eventType", FieldKind::String, true, "the event's type"},
                     {"paymentId", FieldKind::String, true, "the payment the event is about"},
                     {"shouldUpdatePayment", FieldKind::Boolean, true,
                      "whether Openfront should update the payment"}});
        const OrderedValue *verified = answer.member(QStringLiteral("verified"));
        if (verified && verified->type() == Type::Bool && !verified->toBool() &&
            m_call.expectation == CallExpectation::Success) {
            m_result.contract.add(Severity::Failure, QStringLiteral("not-verified"),
                                  QStringLiteral("$.verified"),
                                  QStringLiteral("the handler did not verify a correctly signed "
                                                 "event"),
                                  QStringLiteral("true"), QStringLiteral("false"),
                                  QStringLiteral("Verify the HMAC over the raw body bytes with the "
                                                 "webhookSecret credential; re-serialising the "
                                                 "event changes the bytes."));
        }
        if (m_call.event) {
            const OrderedValue *sentType = m_call.event->member(QStringLiteral("type"));
            const OrderedValue *eventType = answer.member(QStringLiteral("eventType"));
            if (sentType && eventType && eventType->type() == Type::String &&
                eventType->toString() != sentType->toString()) {
                m_result.contract.add(Severity::Failure, QStringLiteral("event-type-mismatch"),
                                      QStringLiteral("$.eventType"),
                                      QStringLiteral("eventType is not the type of the event sent"),
                                      sentType->toString(), eventType->toString(),
                                      QStringLiteral("Answer the event's own type."));
            }
        }
        const OrderedValue *paymentId = answer.member(QStringLiteral("paymentId"));
        if (!m_call.paymentId.isEmpty() && paymentId && paymentId->type() == Type::String &&
            paymentId->toString() != m_call.paymentId) {
            m_result.contract.add(Severity::Failure, QStringLiteral("payment-id-mismatch"),
                                  QStringLiteral("$.paymentId"),
                                  QStringLiteral("paymentId is not the payment of the event"),
                                  m_call.paymentId, paymentId->toString(),
                                  QStringLiteral("Read the id from event.data.payment.id."));
        }
        judgeWebhookForOpenfront(answer);
    }

    // Openfront reads type, resource and an event id from the handler's answer, and ignores
    // the documented fields (docs/openfront-runtime.md).
    void judgeWebhookForOpenfront(const OrderedValue &answer)
    {
        Verdict &verdict = m_result.openfront;
        const OrderedValue *type = answer.member(QStringLiteral("type"));
        const OrderedValue *resource = answer.member(QStringLiteral("resource"));
        const OrderedValue *answerEvent = answer.member(QStringLiteral("event"));
        const OrderedValue *answerEventId = answerEvent && answerEvent->isObject()
                                                ? answerEvent->member(QStringLiteral("id"))
                                                : nullptr;
        const OrderedValue *requestEventId =
            m_call.event ? m_call.event->member(QStringLiteral("id")) : nullptr;
        const OrderedValue *resourceId =
            resource && resource->isObject() ? resource->member(QStringLiteral("id")) : nullptr;

        if (!type || type->type() != Type::String) {
            verdict.add(Severity::Failure, QStringLiteral("openfront-webhook-no-type"),
                        QStringLiteral("$.type"),
                        QStringLiteral("Openfront rejects the webhook: the answer has no type"),
                        QStringLiteral("a string such as payment_intent.succeeded"),
                        type ? shown(*type, m_call.masker) : QStringLiteral("absent"),
                        QStringLiteral("Openfront reads \"type\", not \"eventType\": add both."));
        }
        if (!resource || !resource->isObject()) {
            verdict.add(Severity::Failure, QStringLiteral("openfront-webhook-no-resource"),
                        QStringLiteral("$.resource"),
                        QStringLiteral("Openfront rejects the webhook: the answer has no resource"),
                        QStringLiteral("an object with the payment and its metadata"),
                        resource ? shown(*resource, m_call.masker) : QStringLiteral("absent"),
                        QStringLiteral("Return the gateway object as \"resource\", with "
                                       "metadata.paymentId or custom_id so the payment is "
                                       "found."));
        }
        if (!answerEventId && !requestEventId && !resourceId) {
            verdict.add(Severity::Failure, QStringLiteral("openfront-webhook-no-event-id"),
                        QStringLiteral("$.event.id"),
                        QStringLiteral("Openfront rejects the webhook: no event id"),
                        QStringLiteral("event.id in the answer, the request or resource.id"),
                        QStringLiteral("absent"),
                        QStringLiteral("Give every event a unique id: Openfront uses it to "
                                       "de-duplicate deliveries."));
        }
        if (type && type->type() == Type::String) {
            static const QStringList acting{
                QStringLiteral("payment_intent.succeeded"),
                QStringLiteral("PAYMENT.CAPTURE.COMPLETED"),
                QStringLiteral("payment_intent.payment_failed"),
                QStringLiteral("PAYMENT.CAPTURE.DENIED"),
                QStringLiteral("payment_intent.amount_capturable_updated"),
                QStringLiteral("PAYMENT.AUTHORIZATION.CREATED"),
                QStringLiteral("payment_intent.canceled"),
                QStringLiteral("PAYMENT.AUTHORIZATION.VOIDED")};
            if (acting.contains(type->toString())) {
                verdict.add(Severity::Pass, QStringLiteral("openfront-webhook-acts"),
                            QStringLiteral("$.type"),
                            QStringLiteral("Openfront changes the payment's state for this type"),
                            {}, type->toString());
            } else {
                verdict.add(Severity::Warning, QStringLiteral("openfront-webhook-recorded-only"),
                            QStringLiteral("$.type"),
                            QStringLiteral("Openfront only records this event type"),
                            acting.join(QStringLiteral(", ")), type->toString(),
                            QStringLiteral("Only Stripe- and PayPal-style types change state in "
                                           "Openfront; other types are kept for manual "
                                           "reconciliation."));
            }
        }
        if (resource && resource->isObject()) {
            const OrderedValue *metadata = resource->member(QStringLiteral("metadata"));
            bool found = resource->member(QStringLiteral("custom_id")) != nullptr;
            for (const char *key : {"paymentId", "orderId", "cartId"}) {
                if (metadata && metadata->isObject() && metadata->member(QString::fromLatin1(key)))
                    found = true;
            }
            if (!found) {
                verdict.add(Severity::Warning,
                            QStringLiteral("openfront-webhook-payment-not-found"),
                            QStringLiteral("$.resource.metadata"),
                            QStringLiteral("Openfront cannot find the payment this event is about"),
                            QStringLiteral("resource.metadata.paymentId, orderId, cartId or "
                                           "resource.custom_id"),
                            QStringLiteral("none of them"),
                            QStringLiteral("Put the cart.id create-payment received in "
                                           "resource.metadata.cartId and custom_id: "
                                           "metadata.paymentId means Openfront's own Payment "
                                           "id, which the gateway never learns."));
            }
        }
        if (answer.member(QStringLiteral("verified")) ||
            answer.member(QStringLiteral("shouldUpdatePayment"))) {
            verdict.add(Severity::Pass,
                        QStringLiteral("openfront-webhook-documented-fields-unread"),
                        QStringLiteral("$"),
                        QStringLiteral("Openfront does not read verified, eventType, paymentId or "
                                       "shouldUpdatePayment"));
        }
    }

    void judgeAnswer(const OrderedValue &answer)
    {
        switch (m_call.function) {
        case PaymentFunction::CreatePayment:
            judgeCreate(answer);
            break;
        case PaymentFunction::CapturePayment:
            judgeCapture(answer);
            break;
        case PaymentFunction::RefundPayment:
            judgeRefund(answer);
            break;
        case PaymentFunction::GetPaymentStatus:
            judgeStatus(answer);
            break;
        case PaymentFunction::GeneratePaymentLink:
            judgeLink(answer);
            break;
        case PaymentFunction::HandleWebhook:
            judgeWebhook(answer);
            break;
        }
    }

private:
    const PreparedCall &m_call;
    CallResult &m_result;
};

void classifyTransport(const PreparedCall &call, CallResult &result)
{
    const CallResponse &response = result.response;
    switch (response.outcome) {
    case TransportOutcome::Completed:
        return;
    case TransportOutcome::NotSent:
        // A call with a usable URL is only held back by the platform's CA file: a TLS setup
        // problem, not a URL one.
        result.failure = call.urlError.isEmpty() && call.url.isValid() ? FailureClass::TlsFailure
                                                                       : FailureClass::BadUrl;
        result.failureDetails = call.urlError.isEmpty() ? response.transportError : call.urlError;
        break;
    case TransportOutcome::HostNotFound:
        result.failure = FailureClass::DnsFailure;
        result.failureDetails = QStringLiteral("host \"%1\" not found").arg(call.url.host());
        break;
    case TransportOutcome::ConnectionRefused:
        result.failure = FailureClass::ConnectionRefused;
        result.failureDetails =
            QStringLiteral("%1 port %2 refused the connection")
                .arg(call.url.host())
                .arg(call.url.port(call.url.scheme() == QLatin1String("https") ? 443 : 80));
        break;
    case TransportOutcome::TlsFailure: {
        result.failure = FailureClass::TlsFailure;
        const CertificateInfo &certificate = response.certificate;
        QStringList parts;
        if (!certificate.errors.isEmpty())
            parts << certificate.errors.join(QStringLiteral("; "));
        if (!certificate.isEmpty()) {
            parts << QStringLiteral("certificate subject: %1; issuer: %2; valid until %3")
                         .arg(certificate.subject, certificate.issuer,
                              certificate.notAfter.toUTC().toString(Qt::ISODate));
        }
        if (parts.isEmpty())
            parts << response.transportError;
        result.failureDetails = parts.join(QStringLiteral(". "));
        break;
    }
    case TransportOutcome::Timeout:
        result.failure = FailureClass::Timeout;
        result.failureDetails =
            QStringLiteral("no complete answer within %1 s").arg(call.timeoutMs / 1000.0);
        break;
    case TransportOutcome::Cancelled:
        result.failure = FailureClass::Cancelled;
        result.failureDetails = QStringLiteral("cancelled");
        break;
    case TransportOutcome::NetworkError:
        result.failure = FailureClass::NetworkError;
        result.failureDetails = response.transportError;
        break;
    }
    const Severity severity =
        result.failure == FailureClass::Cancelled ? Severity::Warning : Severity::Failure;
    result.contract.add(severity, failureClassName(result.failure), {},
                        failureClassTitle(result.failure) + QStringLiteral(": ") +
                            result.failureDetails,
                        {}, response.transportError, failureClassExplanation(result.failure));
    if (result.failure == FailureClass::Timeout) {
        result.openfront.add(Severity::Failure, QStringLiteral("openfront-no-timeout"), {},
                             QStringLiteral("Openfront would wait with no limit"), {}, {},
                             QStringLiteral("Openfront's fetch sets no timeout: answer within a "
                                            "few seconds, or checkout hangs with the endpoint."));
    } else if (result.failure != FailureClass::Cancelled) {
        result.openfront.add(Severity::Failure, QStringLiteral("openfront-operation-fails"), {},
                             QStringLiteral("Openfront's call fails the same way"), {}, {},
                             QStringLiteral("The payment operation fails in Openfront until "
                                            "the endpoint is reachable."));
    }
}

void judgeRedirect(const PreparedCall &call, CallResult &result)
{
    const CallResponse &response = result.response;
    const QByteArray location = headerValue(response.headers, "location");
    const QUrl target = call.url.resolved(QUrl(QString::fromUtf8(location)));
    result.failure = FailureClass::Redirect;
    result.failureDetails =
        QStringLiteral("HTTP %1 to %2")
            .arg(response.httpStatus)
            .arg(location.isEmpty() ? QStringLiteral("(no Location header)") : target.toString());
    result.contract.add(Severity::Failure, failureClassName(FailureClass::Redirect),
                        QStringLiteral("Location"),
                        QStringLiteral("the endpoint redirects instead of answering"),
                        QStringLiteral("a 2xx JSON answer"), result.failureDetails,
                        QStringLiteral("Configure the final URL in the platform; Paybench does "
                                       "not re-send credentials to another address."));
    const bool keepsMethod = response.httpStatus == 307 || response.httpStatus == 308;
    const bool otherHost = !location.isEmpty() && (target.host() != call.url.host() ||
                                                   target.scheme() != call.url.scheme());
    QString what;
    Severity severity = Severity::Failure;
    if (keepsMethod) {
        what = QStringLiteral("Openfront's fetch follows it and re-sends the POST with its body, "
                              "credentials included, to %1.")
                   .arg(target.toString());
        severity = otherHost ? Severity::Failure : Severity::Warning;
    } else {
        what = QStringLiteral("Openfront's fetch follows it as a GET without the body, so the "
                              "endpoint never sees the payment data and the operation fails.");
    }
    if (otherHost && keepsMethod)
        what += QStringLiteral(" That is another origin: the credentials leave for a host you "
                               "did not configure.");
    result.openfront.add(
        severity, QStringLiteral("openfront-follows-redirect"), QStringLiteral("Location"),
        QStringLiteral("Openfront follows HTTP %1 redirects").arg(response.httpStatus), {},
        result.failureDetails, what);
}

QString bodyErrorText(const std::optional<OrderedValue> &answer)
{
    if (!answer || !answer->isObject())
        return {};
    const OrderedValue *error = answer->member(QStringLiteral("error"));
    if (error && error->type() == Type::String)
        return error->toString();
    return {};
}

void judgeErrorStatus(const PreparedCall &call, CallResult &result)
{
    const CallResponse &response = result.response;
    const int status = response.httpStatus;
    const QString statusLine =
        QStringLiteral("HTTP %1 %2").arg(status).arg(QString::fromLatin1(response.reasonPhrase));
    const QString errorText = bodyErrorText(result.answer);
    const bool clientError = status >= 400 && status < 500;

    if (call.expectation == CallExpectation::Rejection && clientError) {
        result.contract.add(Severity::Pass, QStringLiteral("rejected"), {},
                            QStringLiteral("the endpoint refused the request as expected"),
                            QStringLiteral("a 4xx status"), statusLine);
    } else {
        result.failure = FailureClass::HttpErrorStatus;
        result.failureDetails = statusLine;
        QString advice = failureClassExplanation(FailureClass::HttpErrorStatus);
        if (status == 401 || status == 403)
            advice = QStringLiteral("Check the credentials: the endpoint refused them.");
        else if (status == 404)
            advice = QStringLiteral("Check the path: the endpoint does not exist at this URL.");
        else if (status == 405)
            advice = QStringLiteral("The endpoint must accept POST.");
        else if (status >= 500)
            advice = QStringLiteral("The endpoint failed; look at its logs. A bad request should "
                                    "get a 4xx, not a 5xx.");
        result.contract.add(
            Severity::Failure, failureClassName(FailureClass::HttpErrorStatus), {},
            QStringLiteral("the endpoint answered %1").arg(statusLine),
            call.expectation == CallExpectation::Rejection ? QStringLiteral("a 4xx status")
                                                           : QStringLiteral("a 2xx status"),
            errorText.isEmpty() ? statusLine : statusLine + QStringLiteral(": ") + errorText,
            advice);
    }
    // The documented error shape is {"error": "..."}; an HTML page is no help to anyone.
    if (!result.answer) {
        result.contract.add(Severity::Failure, QStringLiteral("error-not-json"), {},
                            QStringLiteral("the error answer is not JSON"),
                            QStringLiteral("{\"error\": \"...\"}"),
                            firstBytes(response.body, call.masker),
                            QStringLiteral("Answer errors with a JSON object holding an \"error\" "
                                           "message, not an HTML page."));
    } else if (errorText.isEmpty()) {
        result.contract.add(Severity::Warning, QStringLiteral("error-without-message"),
                            QStringLiteral("$.error"),
                            QStringLiteral("the error answer has no \"error\" message"),
                            QStringLiteral("a string"), shown(*result.answer, call.masker),
                            QStringLiteral("Say what went wrong in an \"error\" string."));
    } else {
        result.contract.add(
            Severity::Pass, QStringLiteral("error-message"), QStringLiteral("$.error"),
            QStringLiteral("the error answer carries a message"), {}, call.masker.mask(errorText));
    }
    result.openfront.add(
        call.expectation == CallExpectation::Rejection ? Severity::Warning : Severity::Failure,
        QStringLiteral("openfront-error-body-lost"), {},
        QStringLiteral("Openfront reports only \"HTTP request failed: %1\"")
            .arg(QString::fromLatin1(response.reasonPhrase)),
        {}, errorText,
        QStringLiteral("Openfront never reads the body of a non-2xx answer: your error message "
                       "will not reach the merchant, so log it on your side."));
}

} // namespace

CallResult evaluateCall(const PreparedCall &call, const CallResponse &response)
{
    CallResult result;
    result.call = call;
    result.response = response;
    result.variables = call.variables;

    if (call.url.scheme() == QLatin1String("http") && !isLoopback(call.url)) {
        result.openfront.add(Severity::Warning, QStringLiteral("openfront-plain-http"),
                             QStringLiteral("url"),
                             QStringLiteral("credentials travel in clear text"),
                             QStringLiteral("https"), call.url.toString(),
                             QStringLiteral("Openfront sends the provider's credentials in every "
                                            "request body: use https."));
    }
    if (response.certificate.errorsIgnored) {
        result.contract.add(Severity::Warning, QStringLiteral("tls-errors-ignored"), {},
                            QStringLiteral("TLS errors were ignored for this call, by choice"), {},
                            response.certificate.errors.join(QStringLiteral("; ")),
                            QStringLiteral("Openfront would refuse this certificate: fix it before "
                                           "going live."));
    }
    if (response.outcome != TransportOutcome::Completed) {
        classifyTransport(call, result);
        return result;
    }

    const int status = response.httpStatus;
    if (status >= 300 && status < 400) {
        judgeRedirect(call, result);
        return result;
    }

    // Parse first: error answers are judged on their body too.
    const QByteArray trimmed = response.body.trimmed();
    if (!trimmed.isEmpty()) {
        json::ParseResult parsed = json::parse(response.body);
        if (parsed.value)
            result.answer = std::move(parsed.value);
        else
            result.parseError = parsed.error;
    }

    if (status < 200 || status >= 300) {
        judgeErrorStatus(call, result);
        return result;
    }

    if (call.expectation == CallExpectation::Rejection) {
        result.contract.add(Severity::Failure, QStringLiteral("accepted-unexpectedly"), {},
                            QStringLiteral("the endpoint accepted a request it should refuse"),
                            QStringLiteral("a 4xx status with a JSON error"),
                            QStringLiteral("HTTP %1").arg(status),
                            QStringLiteral("Validate the request (signature, amounts, credentials) "
                                           "and answer 4xx when it is wrong."));
    }

    if (trimmed.isEmpty()) {
        result.failure = FailureClass::EmptyBody;
        result.failureDetails = QStringLiteral("HTTP %1 with an empty body").arg(status);
        result.contract.add(Severity::Failure, failureClassName(FailureClass::EmptyBody), {},
                            QStringLiteral("the answer has no body"),
                            QStringLiteral("a JSON object"), QStringLiteral("0 bytes"),
                            failureClassExplanation(FailureClass::EmptyBody));
        result.openfront.add(Severity::Failure, QStringLiteral("openfront-json-fails"), {},
                             QStringLiteral("Openfront's response.json() throws on this answer"),
                             {}, {}, QStringLiteral("Return a JSON body with every 2xx answer."));
        return result;
    }
    if (!result.answer) {
        result.failure = FailureClass::NonJsonBody;
        result.failureDetails = QStringLiteral("%1; first bytes: %2")
                                    .arg(result.parseError, firstBytes(response.body, call.masker));
        result.contract.add(Severity::Failure, failureClassName(FailureClass::NonJsonBody), {},
                            QStringLiteral("the body is not JSON (%1)").arg(result.parseError),
                            QStringLiteral("a JSON object"), firstBytes(response.body, call.masker),
                            failureClassExplanation(FailureClass::NonJsonBody));
        result.openfront.add(Severity::Failure, QStringLiteral("openfront-json-fails"), {},
                             QStringLiteral("Openfront's response.json() throws on this answer"),
                             {}, {}, QStringLiteral("Return valid JSON with every 2xx answer."));
        return result;
    }

    const QByteArray contentType = headerValue(response.headers, "content-type").toLower();
    if (!contentType.startsWith("application/json") && !contentType.contains("+json")) {
        result.failure = FailureClass::WrongContentType;
        result.failureDetails = QStringLiteral("Content-Type: %1")
                                    .arg(contentType.isEmpty() ? QStringLiteral("(none)")
                                                               : QString::fromLatin1(contentType));
        result.contract.add(Severity::Warning, failureClassName(FailureClass::WrongContentType),
                            QStringLiteral("Content-Type"),
                            QStringLiteral("the JSON answer is not labelled as JSON"),
                            QStringLiteral("application/json"), result.failureDetails,
                            failureClassExplanation(FailureClass::WrongContentType));
    }

    if (!result.answer->isObject()) {
        result.contract.add(Severity::Failure, QStringLiteral("not-an-object"), QStringLiteral("$"),
                            QStringLiteral("the answer is JSON but not an object"),
                            QStringLiteral("object"), shown(*result.answer, call.masker),
                            QStringLiteral("Answer a JSON object with the documented fields."));
        return result;
    }

    Judge judge(call, result);
    judge.judgeAnswer(*result.answer);
    if (call.function != PaymentFunction::HandleWebhook &&
        call.function != PaymentFunction::CreatePayment && !result.openfront.hasFailure()) {
        result.openfront.add(Severity::Pass, QStringLiteral("openfront-accepts"), {},
                             QStringLiteral("Openfront parses this answer and passes it on"));
    }

    // Values for the next calls.
    const OrderedValue &answer = *result.answer;
    auto take = [&](const char *field, const char *variable) {
        const OrderedValue *value = answer.member(QString::fromLatin1(field));
        if (!value)
            return;
        if (value->type() == Type::String)
            result.variables.insert(QString::fromLatin1(variable), value->toString());
        else if (value->type() == Type::Number)
            result.variables.insert(QString::fromLatin1(variable),
                                    QString::fromUtf8(json::stringify(*value)));
    };
    switch (call.function) {
    case PaymentFunction::CreatePayment:
        take("paymentId", "paymentId");
        if (call.requestedAmount)
            result.variables.insert(QStringLiteral("amount"),
                                    QString::number(*call.requestedAmount));
        result.variables.insert(QStringLiteral("currency"), call.requestedCurrency);
        break;
    case PaymentFunction::CapturePayment:
        take("transactionId", "transactionId");
        take("capturedAmount", "capturedAmount");
        break;
    case PaymentFunction::RefundPayment:
        take("refundId", "refundId");
        take("refundedAmount", "refundedAmount");
        break;
    case PaymentFunction::GetPaymentStatus:
        take("status", "status");
        break;
    case PaymentFunction::GeneratePaymentLink:
        take("url", "url");
        break;
    case PaymentFunction::HandleWebhook:
        take("eventType", "eventType");
        break;
    }
    return result;
}

namespace {

OrderedValue findingsJson(const Verdict &verdict)
{
    QVector<OrderedValue> items;
    for (const Finding &finding : verdict.findings) {
        OrderedValue item = OrderedValue::object({
            {QStringLiteral("severity"), OrderedValue::string(severityName(finding.severity))},
            {QStringLiteral("code"), OrderedValue::string(finding.code)},
            {QStringLiteral("path"), OrderedValue::string(finding.path)},
            {QStringLiteral("message"), OrderedValue::string(finding.message)},
        });
        if (!finding.expected.isEmpty())
            item.setMember(QStringLiteral("expected"), OrderedValue::string(finding.expected));
        if (!finding.actual.isEmpty())
            item.setMember(QStringLiteral("actual"), OrderedValue::string(finding.actual));
        if (!finding.advice.isEmpty())
            item.setMember(QStringLiteral("advice"), OrderedValue::string(finding.advice));
        items.append(item);
    }
    return OrderedValue::object(
        {{QStringLiteral("result"), OrderedValue::string(severityName(verdict.result()))},
         {QStringLiteral("findings"), OrderedValue::array(items)}});
}

OrderedValue headersJson(const webhook::HeaderList &headers, const SecretMasker &masker)
{
    OrderedValue object = OrderedValue::object();
    for (const webhook::Header &header : headers) {
        const QString name = QString::fromLatin1(header.first);
        const QString value = masker.mask(QString::fromUtf8(header.second));
        // Repeated headers (Set-Cookie) are joined as fetch's Headers.get() joins them.
        if (const OrderedValue *existing = object.member(name))
            object.setMember(
                name, OrderedValue::string(existing->toString() + QStringLiteral(", ") + value));
        else
            object.setMember(name, OrderedValue::string(value));
    }
    return object;
}

OrderedValue numberOrNull(qint64 value)
{
    return value < 0 ? OrderedValue::null() : OrderedValue::number(static_cast<double>(value));
}

} // namespace

json::OrderedValue maskedRequest(const PreparedCall &call)
{
    OrderedValue request = OrderedValue::object({
        {QStringLiteral("method"), OrderedValue::string(QString::fromLatin1(call.method))},
        {QStringLiteral("url"),
         OrderedValue::string(call.url.isValid() ? call.url.toString()
                                                 : call.masker.mask(call.target))},
        {QStringLiteral("headers"), headersJson(call.headers, call.masker)},
    });
    if (call.payload)
        request.setMember(QStringLiteral("body"), call.masker.mask(*call.payload));
    else
        request.setMember(QStringLiteral("rawBody"),
                          OrderedValue::string(QString::fromUtf8(call.masker.mask(call.body))));
    return request;
}

json::OrderedValue callReport(const CallResult &result)
{
    const PreparedCall &call = result.call;
    const CallResponse &response = result.response;
    const SecretMasker &masker = call.masker;
    OrderedValue report = OrderedValue::object({
        {QStringLiteral("function"), OrderedValue::string(functionSlug(call.function))},
        {QStringLiteral("profile"), OrderedValue::string(profileName(call.profile))},
        {QStringLiteral("provider"), OrderedValue::string(call.providerCode)},
        {QStringLiteral("expectation"),
         OrderedValue::string(call.expectation == CallExpectation::Rejection
                                  ? QStringLiteral("rejection")
                                  : QStringLiteral("success"))},
        {QStringLiteral("startedAt"),
         OrderedValue::string(response.startedAt.isValid()
                                  ? response.startedAt.toUTC().toString(Qt::ISODateWithMs)
                                  : QString())},
        {QStringLiteral("request"), maskedRequest(call)},
    });

    OrderedValue answer = OrderedValue::object();
    if (response.outcome == TransportOutcome::Completed) {
        answer.setMember(QStringLiteral("status"), OrderedValue::number(response.httpStatus));
        answer.setMember(QStringLiteral("statusText"),
                         OrderedValue::string(QString::fromLatin1(response.reasonPhrase)));
        answer.setMember(QStringLiteral("headers"), headersJson(response.headers, masker));
        answer.setMember(QStringLiteral("body"),
                         result.answer ? masker.mask(*result.answer) : OrderedValue::null());
        // As received (masked): the bytes matter when the parsed form hides a problem.
        answer.setMember(QStringLiteral("rawBody"),
                         OrderedValue::string(QString::fromUtf8(masker.mask(response.body))));
    }
    report.setMember(QStringLiteral("answer"), response.outcome == TransportOutcome::Completed
                                                   ? answer
                                                   : OrderedValue::null());
    if (result.failure != FailureClass::None) {
        OrderedValue failure = OrderedValue::object({
            {QStringLiteral("class"), OrderedValue::string(failureClassName(result.failure))},
            {QStringLiteral("title"), OrderedValue::string(failureClassTitle(result.failure))},
            {QStringLiteral("details"), OrderedValue::string(masker.mask(result.failureDetails))},
            {QStringLiteral("explanation"),
             OrderedValue::string(failureClassExplanation(result.failure))},
        });
        const CertificateInfo &certificate = response.certificate;
        if (!certificate.isEmpty()) {
            failure.setMember(
                QStringLiteral("certificate"),
                OrderedValue::object({
                    {QStringLiteral("subject"), OrderedValue::string(certificate.subject)},
                    {QStringLiteral("issuer"), OrderedValue::string(certificate.issuer)},
                    {QStringLiteral("notBefore"),
                     OrderedValue::string(certificate.notBefore.toUTC().toString(Qt::ISODate))},
                    {QStringLiteral("notAfter"),
                     OrderedValue::string(certificate.notAfter.toUTC().toString(Qt::ISODate))},
                    {QStringLiteral("errors"),
                     OrderedValue::string(certificate.errors.join(QStringLiteral("; ")))},
                }));
        }
        report.setMember(QStringLiteral("failure"), failure);
    } else {
        report.setMember(QStringLiteral("failure"), OrderedValue::null());
    }
    report.setMember(
        QStringLiteral("timings"),
        OrderedValue::object({
            {QStringLiteral("totalMs"), numberOrNull(response.timings.totalMs)},
            {QStringLiteral("firstByteMs"), numberOrNull(response.timings.firstByteMs)},
            {QStringLiteral("requestBytes"), numberOrNull(response.timings.requestBytes)},
            {QStringLiteral("responseBytes"), numberOrNull(response.timings.responseBytes)},
        }));
    report.setMember(QStringLiteral("verdict"), findingsJson(result.contract));
    report.setMember(QStringLiteral("openfrontVerdict"), findingsJson(result.openfront));
    OrderedValue variables = OrderedValue::object();
    for (auto it = result.variables.begin(); it != result.variables.end(); ++it)
        variables.setMember(it.key(), OrderedValue::string(masker.mask(it.value())));
    report.setMember(QStringLiteral("variables"), variables);
    return report;
}

} // namespace paybench::contract
