#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace paybench::webhook {

// How a webhook body is signed.
//  Gateway:  x-gateway-signature: <lowercase hex HMAC-SHA256(secret, body)>
//  Stripe:   Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
//  Standard: Standard Webhooks (standardwebhooks.com): webhook-id, webhook-timestamp,
//            webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>, where the
//            key is the base64 part of a "whsec_<base64>" secret.
enum class Scheme { Gateway, Stripe, Standard };

QString schemeName(Scheme scheme); // "gateway", "stripe", "standard"
std::optional<Scheme> schemeFromName(const QString &name);
QStringList schemeNames();

// One HTTP header: name and value, as sent.
using Header = QPair<QByteArray, QByteArray>;
using HeaderList = QList<Header>;

// The value of the first header with that name, compared case-insensitively; nullopt when absent.
std::optional<QByteArray> headerValue(const HeaderList &headers, const QByteArray &name);

// Seconds since the Unix epoch; tests inject a fixed clock.
using Clock = std::function<qint64()>;
Clock systemClock();

QByteArray hmacSha256(const QByteArray &key, const QByteArray &data);
// Length-and-content comparison whose time does not depend on where the inputs differ.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

// The HMAC key of a Standard Webhooks secret: the base64 after "whsec_" decoded. A secret
// without the prefix is decoded too when it is valid base64 (as the reference libraries do);
// otherwise its raw bytes are used, and `decoded` says so.
struct StandardKey {
    QByteArray key;
    bool decoded = false;
};
StandardKey standardWebhooksKey(const QByteArray &secret);

struct VerifyResult {
    enum class Reason {
        Valid,
        MissingHeader,    // the signature (or id/timestamp) header is not there
        BadFormat,        // the header is there but cannot be read
        OutsideTolerance, // the signed timestamp is too far from now
        Mismatch,         // well-formed, but no signature matches the body and secret
    };
    Reason reason = Reason::Mismatch;
    QString explanation;   // plain words for a person
    QByteArray headerName; // the header that carried (or should carry) the signature
    QByteArray expected;   // the signature this body and secret give, in the header's encoding
    QByteArray given;      // the signature found in the header, if any
    [[nodiscard]] bool valid() const { return reason == Reason::Valid; }
};

QString reasonName(VerifyResult::Reason reason); // "valid", "missing-header", ...

// Signs and verifies webhook bodies (the exact bytes) in one scheme with one secret.
class WebhookSigner final
{
public:
    static constexpr int kDefaultToleranceSeconds = 300;

    WebhookSigner(Scheme scheme, QByteArray secret, Clock clock = systemClock());

    [[nodiscard]] Scheme scheme() const { return m_scheme; }

    // The headers to send with `body`. `eventId` is the Standard Webhooks `webhook-id`
    // (ignored by the other schemes); `timestamp` defaults to the clock.
    [[nodiscard]] HeaderList sign(const QByteArray &body, const QByteArray &eventId = {},
                                  std::optional<qint64> timestamp = std::nullopt) const;

    // Checks the signature headers against `body`. Timestamped schemes also check that the
    // timestamp is within `toleranceSeconds` of the clock.
    [[nodiscard]] VerifyResult verify(const QByteArray &body, const HeaderList &headers,
                                      int toleranceSeconds = kDefaultToleranceSeconds) const;

private:
    [[nodiscard]] VerifyResult verifyGateway(const QByteArray &body,
                                             const HeaderList &headers) const;
    [[nodiscard]] VerifyResult verifyStripe(const QByteArray &body, const HeaderList &headers,
                                            int toleranceSeconds) const;
    [[nodiscard]] VerifyResult verifyStandard(const QByteArray &body, const HeaderList &headers,
                                              int toleranceSeconds) const;
    [[nodiscard]] std::optional<VerifyResult> checkTimestamp(qint64 timestamp,
                                                             int toleranceSeconds) const;

    Scheme m_scheme;
    QByteArray m_secret;
    Clock m_clock;
};

} // namespace paybench::webhook
