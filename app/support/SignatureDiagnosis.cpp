#include "SignatureDiagnosis.h"

#include "OrderedJson.h"

#include <QJsonDocument>

namespace paybench::support {

using webhook::HeaderList;
using webhook::Scheme;
using webhook::VerifyResult;
using webhook::WebhookSigner;

namespace {

struct BodyVariant {
    QString description;
    QByteArray bytes;
};

// The serialisations a sender or a framework commonly produces from the same JSON.
QVector<BodyVariant> bodyVariants(const QByteArray &body)
{
    QVector<BodyVariant> variants;
    if (body.endsWith('\n'))
        variants.append({QStringLiteral("the body without its final newline"), body.chopped(1)});
    else
        variants.append({QStringLiteral("the body with a final newline"), body + '\n'});
    if (const json::ParseResult parsed = json::parse(body); parsed.value) {
        variants.append({QStringLiteral("compact JSON in the same key order (JSON.stringify)"),
                         json::stringify(*parsed.value)});
        variants.append({QStringLiteral("indented JSON (2 spaces) in the same key order"),
                         json::prettyPrint(*parsed.value, 2)});
        const QJsonDocument document = QJsonDocument::fromJson(body);
        if (!document.isNull()) {
            variants.append({QStringLiteral("compact JSON with keys sorted"),
                             document.toJson(QJsonDocument::Compact)});
            variants.append({QStringLiteral("indented JSON with keys sorted"),
                             document.toJson(QJsonDocument::Indented)});
        }
    }
    return variants;
}

// Header values other than the scheme's own that could carry a signature.
HeaderList otherCandidates(const HeaderList &headers)
{
    HeaderList candidates;
    for (const webhook::Header &header : headers) {
        const QByteArray name = header.first.toLower();
        if (name == "content-type" || name == "content-length" || name == "host" ||
            name == "user-agent" || name == "accept")
            continue;
        candidates.append(header);
    }
    return candidates;
}

// The value as raw digest bytes when it is 64 hex digits or a base64 of 32 bytes.
QByteArray digestOf(QByteArray value, bool *wasBase64)
{
    value = value.trimmed();
    const int comma = value.indexOf(',');
    if (value.startsWith("v1,") || value.startsWith("sha256="))
        value = value.mid(value.startsWith("v1,") ? 3 : 7);
    else if (value.startsWith("v1=") && comma < 0)
        value = value.mid(3);
    *wasBase64 = false;
    if (value.size() == 64) {
        QByteArray hex = QByteArray::fromHex(value);
        if (hex.size() == 32 && hex.toHex() == value.toLower())
            return hex;
    }
    const auto decoded =
        QByteArray::fromBase64Encoding(value, QByteArray::AbortOnBase64DecodingErrors);
    if (decoded && decoded.decoded.size() == 32) {
        *wasBase64 = true;
        return decoded.decoded;
    }
    return {};
}

// The raw HMAC this scheme signs for body (needs the headers for the timestamp and id).
QByteArray schemeDigest(Scheme scheme, const QByteArray &secret, const QByteArray &body,
                        const VerifyResult &result)
{
    switch (scheme) {
    case Scheme::Gateway:
        return webhook::hmacSha256(secret, body);
    case Scheme::Stripe:
    case Scheme::Standard:
        if (result.expected.startsWith("v1,"))
            return QByteArray::fromBase64(result.expected.mid(3));
        if (!result.expected.isEmpty())
            return QByteArray::fromHex(result.expected);
        break;
    }
    return {};
}

// The given signature values of the scheme's header: Stripe's v1 entries, Standard's v1 entries.
QList<QByteArray> givenValues(Scheme scheme, const HeaderList &headers)
{
    QList<QByteArray> values;
    switch (scheme) {
    case Scheme::Gateway:
        if (const auto value = webhook::headerValue(headers, "x-gateway-signature"))
            values.append(value->trimmed());
        break;
    case Scheme::Stripe:
        if (const auto value = webhook::headerValue(headers, "Stripe-Signature")) {
            for (const QByteArray &part : value->split(',')) {
                if (part.trimmed().startsWith("v1="))
                    values.append(part.trimmed().mid(3));
            }
        }
        break;
    case Scheme::Standard:
        if (const auto value = webhook::headerValue(headers, "webhook-signature")) {
            for (const QByteArray &entry : value->trimmed().split(' ')) {
                if (entry.startsWith("v1,"))
                    values.append(entry.mid(3));
            }
        }
        break;
    }
    return values;
}

QString latin1(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes);
}

} // namespace

QString signatureCauseName(SignatureCause cause)
{
    switch (cause) {
    case SignatureCause::Valid:
        return QStringLiteral("valid");
    case SignatureCause::WrongSecret:
        return QStringLiteral("wrong-secret");
    case SignatureCause::BodyReserialised:
        return QStringLiteral("body-reserialised");
    case SignatureCause::Encoding:
        return QStringLiteral("encoding");
    case SignatureCause::Timestamp:
        return QStringLiteral("timestamp");
    case SignatureCause::HeaderName:
        return QStringLiteral("header-name");
    case SignatureCause::OtherScheme:
        return QStringLiteral("other-scheme");
    case SignatureCause::SecretFormat:
        return QStringLiteral("secret-format");
    case SignatureCause::MissingHeader:
        return QStringLiteral("missing-header");
    case SignatureCause::BadFormat:
        return QStringLiteral("bad-format");
    }
    return {};
}

Scheme guessScheme(const HeaderList &headers)
{
    if (webhook::headerValue(headers, "Stripe-Signature"))
        return Scheme::Stripe;
    if (webhook::headerValue(headers, "webhook-signature"))
        return Scheme::Standard;
    return Scheme::Gateway;
}

std::optional<webhook::Header> parseHeaderLine(const QString &line)
{
    const qsizetype colon = line.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return std::nullopt;
    const QByteArray name = line.left(colon).trimmed().toLatin1();
    if (name.isEmpty() || name.contains(' '))
        return std::nullopt;
    return webhook::Header{name, line.mid(colon + 1).trimmed().toUtf8()};
}

SignatureExplanation explainSignature(const QByteArray &body, const HeaderList &headers,
                                      const QByteArray &secret, std::optional<Scheme> scheme,
                                      int toleranceSeconds, webhook::Clock clock)
{
    SignatureExplanation out;
    out.schemeGuessed = !scheme;
    out.scheme = scheme.value_or(guessScheme(headers));
    const WebhookSigner signer(out.scheme, secret, clock);
    out.verify = signer.verify(body, headers, toleranceSeconds);
    out.headerName = out.verify.headerName;
    out.expected = out.verify.expected;
    out.given = out.verify.given;
    out.explanation = out.verify.explanation;
    const auto verifies = [&](const QByteArray &bytes, const HeaderList &withHeaders) {
        return signer.verify(bytes, withHeaders, toleranceSeconds).valid();
    };

    switch (out.verify.reason) {
    case VerifyResult::Reason::Valid:
        out.cause = SignatureCause::Valid;
        out.explanation = QStringLiteral("the signature matches this body and secret");
        return out;
    case VerifyResult::Reason::OutsideTolerance:
        out.cause = SignatureCause::Timestamp;
        out.explanation += QStringLiteral(". The signature itself is right: re-send the event "
                                          "(a fresh timestamp), or check both clocks (NTP).");
        return out;
    case VerifyResult::Reason::MissingHeader: {
        // Another scheme's headers, or the right value under another name.
        for (const Scheme other : {Scheme::Gateway, Scheme::Stripe, Scheme::Standard}) {
            if (other == out.scheme)
                continue;
            if (WebhookSigner(other, secret, clock)
                    .verify(body, headers, toleranceSeconds)
                    .valid()) {
                out.cause = SignatureCause::OtherScheme;
                out.explanation =
                    QStringLiteral("no %1 header, but the headers are a valid %2 signature: the "
                                   "sender and the receiver use different schemes")
                        .arg(latin1(out.verify.headerName), webhook::schemeName(other));
                return out;
            }
        }
        const QByteArray digest = schemeDigest(out.scheme, secret, body, out.verify);
        for (const webhook::Header &header : otherCandidates(headers)) {
            bool base64 = false;
            const QByteArray given = digestOf(header.second, &base64);
            if (!given.isEmpty() && !digest.isEmpty() &&
                webhook::constantTimeEquals(given, digest)) {
                out.cause = SignatureCause::HeaderName;
                out.given = header.second;
                out.expected = out.verify.expected.isEmpty() ? digest.toHex() : out.verify.expected;
                out.explanation =
                    QStringLiteral("the right signature came in header '%1', but the receiver "
                                   "reads '%2': rename the header on one side")
                        .arg(latin1(header.first), latin1(out.verify.headerName));
                return out;
            }
        }
        out.cause = SignatureCause::MissingHeader;
        if (out.scheme == Scheme::Gateway)
            out.expected = webhook::hmacSha256(secret, body).toHex();
        if (!otherCandidates(headers).isEmpty())
            out.explanation += QStringLiteral(" (headers given: %1; none of them holds this "
                                              "body's signature)")
                                   .arg([&] {
                                       QStringList names;
                                       for (const webhook::Header &h : otherCandidates(headers))
                                           names.append(latin1(h.first));
                                       return names.join(QStringLiteral(", "));
                                   }());
        return out;
    }
    case VerifyResult::Reason::BadFormat:
    case VerifyResult::Reason::Mismatch:
        break;
    }

    // The right HMAC in the other encoding.
    const QByteArray digest = schemeDigest(out.scheme, secret, body, out.verify);
    for (const QByteArray &value : givenValues(out.scheme, headers)) {
        bool base64 = false;
        const QByteArray given = digestOf(value, &base64);
        const bool wantsBase64 = out.scheme == Scheme::Standard;
        if (!given.isEmpty() && base64 != wantsBase64 &&
            webhook::constantTimeEquals(given, digest)) {
            out.cause = SignatureCause::Encoding;
            out.given = value;
            out.explanation =
                QStringLiteral("the HMAC is right but written in %1; the %2 scheme expects %3")
                    .arg(base64 ? QStringLiteral("base64") : QStringLiteral("hex"),
                         webhook::schemeName(out.scheme),
                         wantsBase64 ? QStringLiteral("base64") : QStringLiteral("lowercase hex"));
            return out;
        }
    }
    if (out.verify.reason == VerifyResult::Reason::BadFormat) {
        out.cause = SignatureCause::BadFormat;
        return out;
    }

    for (const BodyVariant &variant : bodyVariants(body)) {
        if (variant.bytes != body && verifies(variant.bytes, headers)) {
            out.cause = SignatureCause::BodyReserialised;
            out.explanation =
                QStringLiteral("the signature matches %1, not these exact bytes: the body was "
                               "parsed and written again on the way. Verify over the raw bytes "
                               "received (Openfront passes them as headers.__rawBody).")
                    .arg(variant.description);
            return out;
        }
    }
    if (out.scheme == Scheme::Standard && webhook::standardWebhooksKey(secret).decoded) {
        // A sender that used the whole "whsec_..." text as the HMAC key.
        const QByteArray signed_ = webhook::headerValue(headers, "webhook-id")->trimmed() + '.' +
                                   webhook::headerValue(headers, "webhook-timestamp")->trimmed() +
                                   '.' + body;
        const QByteArray textKeyed = webhook::hmacSha256(secret, signed_);
        for (const QByteArray &value : givenValues(out.scheme, headers)) {
            bool base64 = false;
            if (webhook::constantTimeEquals(digestOf(value, &base64), textKeyed)) {
                out.cause = SignatureCause::SecretFormat;
                out.explanation = QStringLiteral(
                    "the signature was made with the secret's text as the HMAC key; Standard "
                    "Webhooks uses the base64-decoded part after whsec_ as the key");
                return out;
            }
        }
    }
    for (const Scheme other : {Scheme::Gateway, Scheme::Stripe, Scheme::Standard}) {
        if (other != out.scheme &&
            WebhookSigner(other, secret, clock).verify(body, headers, toleranceSeconds).valid()) {
            out.cause = SignatureCause::OtherScheme;
            out.explanation = QStringLiteral("the headers are a valid %1 signature, not %2")
                                  .arg(webhook::schemeName(other), webhook::schemeName(out.scheme));
            return out;
        }
    }
    out.cause = SignatureCause::WrongSecret;
    out.explanation = QStringLiteral(
        "the header is well-formed but holds another HMAC, and no usual re-serialisation of the "
        "body matches: most likely the secret differs (test vs live, a stray space or newline, "
        "an old secret), or the body was changed on the way");
    return out;
}

} // namespace paybench::support
