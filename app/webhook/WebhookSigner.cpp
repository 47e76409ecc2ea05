#include "WebhookSigner.h"

#include <QDateTime>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <utility>

namespace paybench::webhook {
namespace {

const QByteArray kGatewayHeader = QByteArrayLiteral("x-gateway-signature");
const QByteArray kStripeHeader = QByteArrayLiteral("Stripe-Signature");
const QByteArray kStandardIdHeader = QByteArrayLiteral("webhook-id");
const QByteArray kStandardTimestampHeader = QByteArrayLiteral("webhook-timestamp");
const QByteArray kStandardSignatureHeader = QByteArrayLiteral("webhook-signature");
const QByteArray kStandardPrefix = QByteArrayLiteral("whsec_");
constexpr qsizetype kSha256Size = 32;

bool isHex(const QByteArray &text)
{
    for (const char c : text) {
        const bool digit = c >= '0' && c <= '9';
        const bool lower = c >= 'a' && c <= 'f';
        const bool upper = c >= 'A' && c <= 'F';
        if (!digit && !lower && !upper)
            return false;
    }
    return true;
}

// A hex HMAC-SHA256 as raw bytes, or nullopt with a hint about what was given instead.
std::optional<QByteArray> decodeHexDigest(const QByteArray &given, QString *problem)
{
    if (given.size() == kSha256Size * 2 && isHex(given))
        return QByteArray::fromHex(given);
    if (given.endsWith('=') || given.contains('+') || given.contains('/'))
        *problem = QStringLiteral("it looks like base64, but this scheme expects 64 hex digits");
    else
        *problem = QStringLiteral("expected 64 hex digits, got %1 characters").arg(given.size());
    return std::nullopt;
}

std::optional<qint64> parseUnixSeconds(const QByteArray &text)
{
    if (text.isEmpty() || text.size() > 12)
        return std::nullopt;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
    }
    return text.toLongLong();
}

VerifyResult result(VerifyResult::Reason reason, const QByteArray &header, QString explanation)
{
    VerifyResult r;
    r.reason = reason;
    r.headerName = header;
    r.explanation = std::move(explanation);
    return r;
}

} // namespace

QString schemeName(Scheme scheme)
{
    switch (scheme) {
    case Scheme::Gateway:
        return QStringLiteral("gateway");
    case Scheme::Stripe:
        return QStringLiteral("stripe");
    case Scheme::Standard:
        return QStringLiteral("standard");
    }
    return {};
}

std::optional<Scheme> schemeFromName(const QString &name)
{
    for (const Scheme scheme : {Scheme::Gateway, Scheme::Stripe, Scheme::Standard}) {
        if (schemeName(scheme) == name)
            return scheme;
    }
    return std::nullopt;
}

QStringList schemeNames()
{
    return {schemeName(Scheme::Gateway), schemeName(Scheme::Stripe), schemeName(Scheme::Standard)};
}

std::optional<QByteArray> headerValue(const HeaderList &headers, const QByteArray &name)
{
    for (const Header &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return std::nullopt;
}

Clock systemClock()
{
    return [] { return QDateTime::currentSecsSinceEpoch(); };
}

QByteArray hmacSha256(const QByteArray &key, const QByteArray &data)
{
    QByteArray digest(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int length = 0;
    // An empty QByteArray may hand out a null pointer; OpenSSL wants a valid one even for 0 bytes.
    static const unsigned char kEmpty = 0;
    const auto *keyData =
        key.isEmpty() ? &kEmpty : reinterpret_cast<const unsigned char *>(key.constData());
    const auto *bytes =
        data.isEmpty() ? &kEmpty : reinterpret_cast<const unsigned char *>(data.constData());
    if (!HMAC(EVP_sha256(), keyData, int(key.size()), bytes, size_t(data.size()),
              reinterpret_cast<unsigned char *>(digest.data()), &length))
        return {};
    digest.resize(int(length));
    return digest;
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    if (a.isEmpty())
        return true;
    return CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

StandardKey standardWebhooksKey(const QByteArray &secret)
{
    const QByteArray encoded =
        secret.startsWith(kStandardPrefix) ? secret.mid(kStandardPrefix.size()) : secret;
    const auto decoded =
        QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
    if (decoded && !encoded.isEmpty() && !decoded.decoded.isEmpty())
        return {decoded.decoded, true};
    return {secret, false};
}

QString reasonName(VerifyResult::Reason reason)
{
    switch (reason) {
    case VerifyResult::Reason::Valid:
        return QStringLiteral("valid");
    case VerifyResult::Reason::MissingHeader:
        return QStringLiteral("missing-header");
    case VerifyResult::Reason::BadFormat:
        return QStringLiteral("bad-format");
    case VerifyResult::Reason::OutsideTolerance:
        return QStringLiteral("timestamp-outside-tolerance");
    case VerifyResult::Reason::Mismatch:
        return QStringLiteral("mismatch");
    }
    return {};
}

WebhookSigner::WebhookSigner(Scheme scheme, QByteArray secret, Clock clock)
    : m_scheme(scheme), m_secret(std::move(secret)), m_clock(std::move(clock))
{}

HeaderList WebhookSigner::sign(const QByteArray &body, const QByteArray &eventId,
                               std::optional<qint64> timestamp) const
{
    const QByteArray t = QByteArray::number(timestamp.value_or(m_clock()));
    switch (m_scheme) {
    case Scheme::Gateway:
        return {{kGatewayHeader, hmacSha256(m_secret, body).toHex()}};
    case Scheme::Stripe:
        return {{kStripeHeader, "t=" + t + ",v1=" + hmacSha256(m_secret, t + '.' + body).toHex()}};
    case Scheme::Standard: {
        const QByteArray key = standardWebhooksKey(m_secret).key;
        const QByteArray signature = hmacSha256(key, eventId + '.' + t + '.' + body).toBase64();
        return {{kStandardIdHeader, eventId},
                {kStandardTimestampHeader, t},
                {kStandardSignatureHeader, "v1," + signature}};
    }
    }
    return {};
}

VerifyResult WebhookSigner::verify(const QByteArray &body, const HeaderList &headers,
                                   int toleranceSeconds) const
{
    switch (m_scheme) {
    case Scheme::Gateway:
        return verifyGateway(body, headers);
    case Scheme::Stripe:
        return verifyStripe(body, headers, toleranceSeconds);
    case Scheme::Standard:
        return verifyStandard(body, headers, toleranceSeconds);
    }
    return {};
}

VerifyResult WebhookSigner::verifyGateway(const QByteArray &body, const HeaderList &headers) const
{
    const QByteArray digest = hmacSha256(m_secret, body);
    const auto given = headerValue(headers, kGatewayHeader);
    VerifyResult r;
    if (!given) {
        r = result(VerifyResult::Reason::MissingHeader, kGatewayHeader,
                   QStringLiteral("no %1 header").arg(QString::fromLatin1(kGatewayHeader)));
    } else {
        QString problem;
        const auto givenDigest = decodeHexDigest(given->trimmed(), &problem);
        if (!givenDigest) {
            r = result(VerifyResult::Reason::BadFormat, kGatewayHeader,
                       QStringLiteral("cannot read %1: %2")
                           .arg(QString::fromLatin1(kGatewayHeader), problem));
        } else if (constantTimeEquals(*givenDigest, digest)) {
            r = result(VerifyResult::Reason::Valid, kGatewayHeader,
                       QStringLiteral("signature matches"));
        } else {
            r = result(VerifyResult::Reason::Mismatch, kGatewayHeader,
                       QStringLiteral("signature does not match this body and secret: the body "
                                      "was changed or re-serialised, or the secret differs"));
        }
        r.given = given->trimmed();
    }
    r.expected = digest.toHex();
    return r;
}

std::optional<VerifyResult> WebhookSigner::checkTimestamp(qint64 timestamp,
                                                          int toleranceSeconds) const
{
    const qint64 skew = m_clock() - timestamp;
    if (skew > toleranceSeconds || -skew > toleranceSeconds) {
        return result(VerifyResult::Reason::OutsideTolerance, {},
                      QStringLiteral("timestamp %1 is %2 seconds %3 now, outside the tolerance "
                                     "of %4 seconds (replayed, or a clock is wrong)")
                          .arg(timestamp)
                          .arg(skew < 0 ? -skew : skew)
                          .arg(skew < 0 ? QStringLiteral("ahead of") : QStringLiteral("behind"))
                          .arg(toleranceSeconds));
    }
    return std::nullopt;
}

VerifyResult WebhookSigner::verifyStripe(const QByteArray &body, const HeaderList &headers,
                                         int toleranceSeconds) const
{
    const auto header = headerValue(headers, kStripeHeader);
    if (!header) {
        return result(VerifyResult::Reason::MissingHeader, kStripeHeader,
                      QStringLiteral("no %1 header").arg(QString::fromLatin1(kStripeHeader)));
    }
    std::optional<qint64> timestamp;
    QList<QByteArray> signatures;
    for (const QByteArray &part : header->split(',')) {
        const qsizetype eq = part.indexOf('=');
        if (eq <= 0)
            continue;
        const QByteArray key = part.left(eq).trimmed();
        const QByteArray value = part.mid(eq + 1).trimmed();
        if (key == "t")
            timestamp = parseUnixSeconds(value);
        else if (key == "v1")
            signatures.append(value);
    }
    if (!timestamp || signatures.isEmpty()) {
        VerifyResult r = result(VerifyResult::Reason::BadFormat, kStripeHeader,
                                QStringLiteral("%1 must read t=<unix seconds>,v1=<hex signature>")
                                    .arg(QString::fromLatin1(kStripeHeader)));
        r.given = *header;
        return r;
    }
    const QByteArray digest = hmacSha256(m_secret, QByteArray::number(*timestamp) + '.' + body);
    VerifyResult r = result(VerifyResult::Reason::Mismatch, kStripeHeader,
                            QStringLiteral("no v1 signature matches this body, timestamp and "
                                           "secret: the body was changed or re-serialised, or the "
                                           "secret differs"));
    for (const QByteArray &signature : signatures) {
        QString problem;
        const auto givenDigest = decodeHexDigest(signature, &problem);
        if (givenDigest && constantTimeEquals(*givenDigest, digest)) {
            r = result(VerifyResult::Reason::Valid, kStripeHeader,
                       QStringLiteral("signature matches"));
            break;
        }
        if (!givenDigest && signatures.size() == 1) {
            r = result(VerifyResult::Reason::BadFormat, kStripeHeader,
                       QStringLiteral("cannot read the v1 signature: %1").arg(problem));
        }
    }
    // Stripe checks the signature first, then the age: a valid but stale event is a replay.
    if (r.valid()) {
        if (auto stale = checkTimestamp(*timestamp, toleranceSeconds)) {
            stale->headerName = kStripeHeader;
            r = *stale;
        }
    }
    r.given = signatures.join(',');
    r.expected = digest.toHex();
    return r;
}

VerifyResult WebhookSigner::verifyStandard(const QByteArray &body, const HeaderList &headers,
                                           int toleranceSeconds) const
{
    const auto id = headerValue(headers, kStandardIdHeader);
    const auto timestampText = headerValue(headers, kStandardTimestampHeader);
    const auto signatureHeader = headerValue(headers, kStandardSignatureHeader);
    for (const auto &[value, name] :
         {std::pair{id, kStandardIdHeader}, std::pair{timestampText, kStandardTimestampHeader},
          std::pair{signatureHeader, kStandardSignatureHeader}}) {
        if (!value) {
            return result(VerifyResult::Reason::MissingHeader, name,
                          QStringLiteral("no %1 header").arg(QString::fromLatin1(name)));
        }
    }
    const auto timestamp = parseUnixSeconds(timestampText->trimmed());
    if (!timestamp) {
        VerifyResult r = result(VerifyResult::Reason::BadFormat, kStandardTimestampHeader,
                                QStringLiteral("webhook-timestamp must be Unix seconds, got '%1'")
                                    .arg(QString::fromLatin1(timestampText->left(40))));
        r.given = *timestampText;
        return r;
    }
    const StandardKey key = standardWebhooksKey(m_secret);
    const QByteArray digest =
        hmacSha256(key.key, id->trimmed() + '.' + QByteArray::number(*timestamp) + '.' + body);
    VerifyResult r = result(VerifyResult::Reason::Mismatch, kStandardSignatureHeader,
                            QStringLiteral("no v1 signature matches this body, id, timestamp and "
                                           "secret: the body was changed or re-serialised, or the "
                                           "secret differs"));
    if (!key.decoded)
        r.explanation += QStringLiteral(" (note: the secret is not whsec_<base64>; its raw bytes "
                                        "were used as the key)");
    bool readable = false;
    // Space-separated "v1,<base64>" entries; any one matching is enough (key rotation).
    for (const QByteArray &entry : signatureHeader->trimmed().split(' ')) {
        if (!entry.startsWith("v1,"))
            continue;
        const auto given =
            QByteArray::fromBase64Encoding(entry.mid(3), QByteArray::AbortOnBase64DecodingErrors);
        if (!given)
            continue;
        readable = true;
        if (constantTimeEquals(given.decoded, digest)) {
            r = result(VerifyResult::Reason::Valid, kStandardSignatureHeader,
                       QStringLiteral("signature matches"));
            break;
        }
    }
    if (!readable) {
        r = result(VerifyResult::Reason::BadFormat, kStandardSignatureHeader,
                   QStringLiteral("webhook-signature must hold space-separated v1,<base64> "
                                  "entries"));
    }
    if (r.valid()) {
        if (auto stale = checkTimestamp(*timestamp, toleranceSeconds)) {
            stale->headerName = kStandardTimestampHeader;
            r = *stale;
        }
    }
    r.given = signatureHeader->trimmed();
    r.expected = "v1," + digest.toBase64();
    return r;
}

} // namespace paybench::webhook
