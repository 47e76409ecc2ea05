#include "WebhookLab.h"

#include <QUrl>

namespace paybench::support {

using json::OrderedValue;
using webhook::Header;
using webhook::HeaderList;
using webhook::Scheme;
using webhook::WebhookSigner;

namespace {

constexpr Tamper kTampers[] = {Tamper::Signature, Tamper::Body,      Tamper::Reserialize,
                               Tamper::Timestamp, Tamper::Duplicate, Tamper::Oversize};

OrderedValue str(const QString &value)
{
    return OrderedValue::string(value);
}

// The same members in reverse order, so a receiver that re-serialises gets other bytes.
OrderedValue reversedMembers(const OrderedValue &value)
{
    if (!value.isObject())
        return value;
    QVector<QPair<QString, OrderedValue>> members = value.members();
    std::reverse(members.begin(), members.end());
    return OrderedValue::object(members);
}

// The event with its amounts raised by one: what an attacker changes after signing.
QByteArray tamperedAmount(const QByteArray &eventBody)
{
    const json::ParseResult parsed = json::parse(eventBody);
    if (!parsed.value || !parsed.value->isObject())
        return eventBody + ' ';
    OrderedValue event = *parsed.value;
    for (const QStringList &path : {QStringList{QStringLiteral("data"), QStringLiteral("payment")},
                                    QStringList{QStringLiteral("resource")}}) {
        const OrderedValue *outer = event.member(path.first());
        if (!outer || !outer->isObject())
            continue;
        OrderedValue outerCopy = *outer;
        OrderedValue *target = &outerCopy;
        OrderedValue innerCopy;
        if (path.size() == 2) {
            const OrderedValue *inner = outer->member(path.last());
            if (!inner || !inner->isObject())
                continue;
            innerCopy = *inner;
            target = &innerCopy;
        }
        if (const OrderedValue *amount = target->member(QStringLiteral("amount"));
            amount && amount->type() == OrderedValue::Type::Number)
            target->setMember(QStringLiteral("amount"),
                              OrderedValue::number(amount->toDouble() + 1));
        if (path.size() == 2)
            outerCopy.setMember(path.last(), innerCopy);
        event.setMember(path.first(), outerCopy);
    }
    const QByteArray changed = json::stringify(event);
    return changed == eventBody ? eventBody + ' ' : changed;
}

QByteArray oversized(const QByteArray &eventBody)
{
    const json::ParseResult parsed = json::parse(eventBody);
    const QString padding(int(kOpenfrontMaxWebhookBytes), QLatin1Char('x'));
    if (!parsed.value || !parsed.value->isObject())
        return eventBody + padding.toLatin1();
    OrderedValue event = *parsed.value;
    event.setMember(QStringLiteral("padding"), str(padding));
    return json::stringify(event);
}

OrderedValue defaultProvider(const QByteArray &secret, const OrderedValue &extraCredentials)
{
    OrderedValue credentials =
        extraCredentials.isObject() ? extraCredentials : OrderedValue::object();
    credentials.setMember(QStringLiteral("webhookSecret"), str(QString::fromUtf8(secret)));
    return OrderedValue::object(
        {{QStringLiteral("name"), str(QStringLiteral("Paybench webhook lab"))},
         {QStringLiteral("credentials"), credentials}});
}

WebhookMessage wrapMessage(const WebhookSendSpec &spec, const QByteArray &eventBody,
                           const HeaderList &signatureHeaders)
{
    WebhookMessage message;
    message.eventBody = eventBody;
    message.signatureHeaders = signatureHeaders;
    message.headers.append(
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    if (spec.wrap == WebhookWrap::Raw) {
        message.headers.append(signatureHeaders);
        message.body = eventBody;
        return message;
    }
    // As Openfront's ingress forwards it: every header name lower-cased, plus the exact bytes.
    OrderedValue headers = OrderedValue::object(
        {{QStringLiteral("content-type"), str(QStringLiteral("application/json"))}});
    for (const Header &header : signatureHeaders)
        headers.setMember(QString::fromLatin1(header.first).toLower(),
                          str(QString::fromLatin1(header.second)));
    headers.setMember(QStringLiteral("__rawBody"), str(QString::fromUtf8(eventBody)));
    const json::ParseResult parsed = json::parse(eventBody);
    const OrderedValue event = parsed.value ? *parsed.value : str(QString::fromUtf8(eventBody));
    message.body = json::stringify(OrderedValue::object({
        {QStringLiteral("provider"),
         spec.provider ? *spec.provider : defaultProvider(spec.secret, spec.extraCredentials)},
        {QStringLiteral("event"), event},
        {QStringLiteral("headers"), headers},
    }));
    return message;
}

QString schemeLabel(Scheme scheme)
{
    return webhook::schemeName(scheme);
}

} // namespace

QString tamperName(Tamper tamper)
{
    switch (tamper) {
    case Tamper::None:
        return QStringLiteral("none");
    case Tamper::Signature:
        return QStringLiteral("signature");
    case Tamper::Body:
        return QStringLiteral("body");
    case Tamper::Reserialize:
        return QStringLiteral("reserialize");
    case Tamper::Timestamp:
        return QStringLiteral("timestamp");
    case Tamper::Duplicate:
        return QStringLiteral("duplicate");
    case Tamper::Oversize:
        return QStringLiteral("oversize");
    }
    return {};
}

std::optional<Tamper> tamperFromName(const QString &name)
{
    if (name == tamperName(Tamper::None))
        return Tamper::None;
    for (const Tamper tamper : kTampers) {
        if (tamperName(tamper) == name)
            return tamper;
    }
    return std::nullopt;
}

QStringList tamperNames()
{
    QStringList names;
    for (const Tamper tamper : kTampers)
        names.append(tamperName(tamper));
    return names;
}

QString wrapName(WebhookWrap wrap)
{
    return wrap == WebhookWrap::Raw ? QStringLiteral("raw") : QStringLiteral("openfront");
}

std::optional<WebhookWrap> wrapFromName(const QString &name)
{
    if (name == QLatin1String("raw"))
        return WebhookWrap::Raw;
    if (name == QLatin1String("openfront"))
        return WebhookWrap::Openfront;
    return std::nullopt;
}

WebhookWrap defaultWrapFor(const QString &url)
{
    return QUrl(url).path().contains(QLatin1String("/api/payment-webhooks/"))
               ? WebhookWrap::Raw
               : WebhookWrap::Openfront;
}

QString expectedAnswerName(ExpectedAnswer expected)
{
    switch (expected) {
    case ExpectedAnswer::Accept:
        return QStringLiteral("accept");
    case ExpectedAnswer::Reject:
        return QStringLiteral("reject");
    case ExpectedAnswer::TooLarge:
        return QStringLiteral("too-large");
    }
    return {};
}

WebhookSend buildWebhookSend(const WebhookSendSpec &spec)
{
    WebhookSend send;
    send.tamper = spec.tamper;
    send.wrap = spec.wrap;
    send.scheme = spec.scheme;
    send.providerCode = spec.providerCode;

    QByteArray eventBody =
        spec.eventBody ? *spec.eventBody : json::stringify(composeWebhookEvent(spec.event));
    if (const json::ParseResult parsed = json::parse(eventBody); parsed.value) {
        send.eventId = webhookEventId(*parsed.value);
        send.paymentId = webhookPaymentId(*parsed.value);
        if (const OrderedValue *type = parsed.value->member(QStringLiteral("type"));
            type && type->type() == OrderedValue::Type::String)
            send.eventType = type->toString();
        if (spec.tamper == Tamper::Reserialize) {
            // Same JSON, other bytes (members reordered, spaces and newlines), signed as sent.
            eventBody = json::prettyPrint(reversedMembers(*parsed.value), 3);
        }
    }
    if (spec.tamper == Tamper::Oversize)
        eventBody = oversized(eventBody);

    const WebhookSigner signer(spec.scheme, spec.secret, spec.clock);
    const QByteArray id =
        send.eventId.isEmpty() ? QByteArrayLiteral("evt_unknown") : send.eventId.toUtf8();
    std::optional<qint64> timestamp;
    if (spec.tamper == Tamper::Timestamp)
        timestamp = spec.clock() - kStaleSeconds;
    HeaderList headers = signer.sign(eventBody, id, timestamp);
    if (spec.tamper == Tamper::Signature) {
        // Well-formed, made with another secret: only the value is wrong.
        headers = WebhookSigner(spec.scheme, spec.secret + "-not-the-secret", spec.clock)
                      .sign(eventBody, id, timestamp);
    }
    if (spec.tamper == Tamper::Body)
        eventBody = tamperedAmount(eventBody);

    send.messages.append(wrapMessage(spec, eventBody, headers));
    const bool timestamped = spec.scheme != Scheme::Gateway;
    switch (spec.tamper) {
    case Tamper::None:
        send.expected = ExpectedAnswer::Accept;
        send.expectation = QStringLiteral("a correctly signed event: accept it with a 2xx answer");
        break;
    case Tamper::Signature:
        send.expected = ExpectedAnswer::Reject;
        send.expectation = QStringLiteral(
            "signed with another secret: refuse it (401/403, or `verified: false` with a 4xx)");
        break;
    case Tamper::Body:
        send.expected = ExpectedAnswer::Reject;
        send.expectation = QStringLiteral("the amount was changed after signing: refuse it "
                                          "(401/403), the signature no longer matches the bytes");
        break;
    case Tamper::Reserialize:
        send.expected = ExpectedAnswer::Accept;
        send.expectation = QStringLiteral(
            "the same JSON with members reordered and spaced, correctly signed over these "
            "exact bytes: accept it. A receiver that re-serialises `event` instead of hashing "
            "the raw body (`headers.__rawBody`) wrongly refuses it");
        break;
    case Tamper::Timestamp:
        send.expected = timestamped ? ExpectedAnswer::Reject : ExpectedAnswer::Accept;
        send.expectation =
            timestamped
                ? QStringLiteral("signed an hour ago: refuse it as a replay (outside the usual "
                                 "5-minute tolerance of the %1 scheme)")
                      .arg(schemeLabel(spec.scheme))
                : QStringLiteral("the gateway scheme signs no timestamp, so a receiver cannot "
                                 "tell a replay: it accepts (use the stripe or standard scheme "
                                 "to get replay protection)");
        break;
    case Tamper::Duplicate:
        send.messages.append(send.messages.first());
        send.expected = ExpectedAnswer::Accept;
        send.expectation = QStringLiteral(
            "the same event id twice: acknowledge both with 2xx and act once (Openfront "
            "de-duplicates per provider and event id; a 4xx/5xx makes the gateway retry)");
        break;
    case Tamper::Oversize:
        send.expected = ExpectedAnswer::TooLarge;
        send.expectation = QStringLiteral(
            "a body over 1,000,000 bytes: Openfront's ingress answers 413 before any handler "
            "sees it; a receiver should refuse it too (413)");
        break;
    }
    return send;
}

contract::Verdict judgeWebhookAnswer(const WebhookSend &send, int message, int httpStatus,
                                     const QByteArray &answerBody, const QString &transportError)
{
    using contract::Severity;
    contract::Verdict verdict;
    const QString status = QString::number(httpStatus);
    const QString expected = expectedAnswerName(send.expected);
    if (httpStatus == 0 && send.expected == ExpectedAnswer::TooLarge) {
        // A receiver that refuses a huge body early (413, then closing) often closes the
        // connection while the client is still sending, so no answer can be read.
        verdict.add(Severity::Warning, QStringLiteral("closed-while-sending"), {},
                    QStringLiteral("the connection ended before an answer could be read (%1): "
                                   "the receiver most likely refused the body early")
                        .arg(transportError),
                    QStringLiteral("413"), transportError,
                    QStringLiteral("Fine for Openfront; to make it visible, read and discard "
                                   "the body before answering 413, or answer before closing."));
        return verdict;
    }
    if (httpStatus == 0) {
        verdict.add(Severity::Failure, QStringLiteral("no-answer"), {},
                    QStringLiteral("no HTTP answer: %1").arg(transportError), expected,
                    transportError,
                    QStringLiteral("Check that the URL is right and the receiver is running."));
        return verdict;
    }
    const bool success = httpStatus >= 200 && httpStatus < 300;
    std::optional<bool> verified;
    if (const json::ParseResult parsed = json::parse(answerBody);
        parsed.value && parsed.value->isObject()) {
        if (const OrderedValue *flag = parsed.value->member(QStringLiteral("verified"));
            flag && flag->type() == OrderedValue::Type::Bool)
            verified = flag->toBool();
    }
    const QString prefix =
        send.messages.size() > 1
            ? QStringLiteral("delivery %1 of %2: ").arg(message + 1).arg(send.messages.size())
            : QString();

    switch (send.expected) {
    case ExpectedAnswer::Accept:
        if (success && verified != false) {
            verdict.add(Severity::Pass, QStringLiteral("accepted"), {},
                        prefix + QStringLiteral("accepted with HTTP %1").arg(status), expected,
                        status);
        } else if (success) {
            verdict.add(Severity::Failure, QStringLiteral("not-verified"),
                        QStringLiteral("$.verified"),
                        prefix + QStringLiteral("answered 2xx but `verified: false` for a "
                                                "correctly signed event"),
                        QStringLiteral("true"), QStringLiteral("false"),
                        send.tamper == Tamper::Reserialize
                            ? QStringLiteral("Compute the HMAC over headers.__rawBody (the exact "
                                             "bytes), not over JSON.stringify(event).")
                            : QStringLiteral("Check the webhook secret and the scheme the "
                                             "receiver expects."));
        } else {
            verdict.add(
                Severity::Failure, QStringLiteral("refused"), {},
                prefix +
                    QStringLiteral("refused a correctly signed event with HTTP %1").arg(status),
                QStringLiteral("2xx"), status,
                send.tamper == Tamper::Reserialize
                    ? QStringLiteral("Compute the HMAC over the raw body bytes, not over a "
                                     "re-serialised copy of the parsed JSON.")
                : send.tamper == Tamper::Duplicate
                    ? QStringLiteral("Answer a repeated event id with 2xx and ignore it; "
                                     "an error makes the gateway retry forever.")
                    : QStringLiteral("Check the webhook secret, the scheme and the header "
                                     "name the receiver reads."));
        }
        break;
    case ExpectedAnswer::Reject:
        if (success && verified != false) {
            verdict.add(
                Severity::Failure, QStringLiteral("forgery-accepted"), {},
                prefix + QStringLiteral("accepted a webhook it must refuse (HTTP %1)").arg(status),
                QStringLiteral("401 or 403"), status,
                send.tamper == Tamper::Timestamp
                    ? QStringLiteral("Refuse signatures whose timestamp is more than a "
                                     "few minutes from now.")
                    : QStringLiteral("Verify the signature over the raw body with a "
                                     "constant-time comparison before acting."));
        } else if (success) {
            verdict.add(
                Severity::Warning, QStringLiteral("refused-with-2xx"), {},
                prefix + QStringLiteral("said `verified: false` but answered HTTP %1").arg(status),
                QStringLiteral("401 or 403"), status,
                QStringLiteral("Answer with 401/403 so no caller mistakes the refusal "
                               "for success."));
        } else if (httpStatus >= 500) {
            verdict.add(
                Severity::Warning, QStringLiteral("refused-with-5xx"), {},
                prefix + QStringLiteral("refused, but with a server error (HTTP %1)").arg(status),
                QStringLiteral("401 or 403"), status,
                QStringLiteral("A bad signature is the sender's fault: answer 4xx, not "
                               "5xx (5xx makes gateways retry)."));
        } else {
            verdict.add(Severity::Pass, QStringLiteral("refused"), {},
                        prefix + QStringLiteral("refused with HTTP %1").arg(status), expected,
                        status);
        }
        break;
    case ExpectedAnswer::TooLarge:
        if (httpStatus == 413) {
            verdict.add(Severity::Pass, QStringLiteral("too-large"), {},
                        QStringLiteral("refused with HTTP 413"), QStringLiteral("413"), status);
        } else if (!success && httpStatus < 500) {
            verdict.add(send.wrap == WebhookWrap::Raw ? Severity::Warning : Severity::Pass,
                        QStringLiteral("refused"), {},
                        QStringLiteral("refused with HTTP %1").arg(status), QStringLiteral("413"),
                        status, QStringLiteral("413 Payload Too Large says why precisely."));
        } else {
            // Openfront never forwards such a body to a handler, so there it is only advice.
            verdict.add(send.wrap == WebhookWrap::Raw ? Severity::Failure : Severity::Warning,
                        QStringLiteral("size-not-limited"), {},
                        QStringLiteral("a body of %1 bytes was answered with HTTP %2")
                            .arg(send.messages.value(message).body.size())
                            .arg(status),
                        QStringLiteral("413"), status,
                        QStringLiteral("Limit the body size (Openfront: 1,000,000 bytes) before "
                                       "parsing, so a flood of huge bodies cannot exhaust "
                                       "memory."));
        }
        break;
    }
    return verdict;
}

} // namespace paybench::support
