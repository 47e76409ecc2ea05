#pragma once

#include "WebhookSigner.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace paybench::support {

// Why a signature does not verify, as a support person needs to hear it.
enum class SignatureCause {
    Valid,
    WrongSecret,      // well-formed, right bytes as far as can be told, other HMAC
    BodyReserialised, // the same JSON written differently was signed
    Encoding,         // the right HMAC in the wrong encoding (base64 for hex or back)
    Timestamp,        // the signature matches but its timestamp is outside the tolerance
    HeaderName,       // the signature travels under another header name
    OtherScheme,      // the headers are a valid signature in another scheme
    SecretFormat,     // Standard Webhooks: whsec_ base64 decoding of the secret differs
    MissingHeader,    // no signature at all
    BadFormat,        // the header cannot be read
};

QString signatureCauseName(SignatureCause cause); // "valid", "wrong-secret", ...

struct SignatureExplanation {
    SignatureCause cause = SignatureCause::WrongSecret;
    webhook::Scheme scheme = webhook::Scheme::Gateway;
    bool schemeGuessed = false; // no scheme given: chosen from the header names
    QString explanation;        // plain words, with what to do
    QByteArray headerName;
    QByteArray expected; // what this body and secret give, in the header's encoding
    QByteArray given;
    webhook::VerifyResult verify; // the plain check the explanation started from
    [[nodiscard]] bool valid() const { return cause == SignatureCause::Valid; }
};

// The scheme the headers look like: Stripe-Signature, webhook-signature, else gateway.
webhook::Scheme guessScheme(const webhook::HeaderList &headers);

// Verifies body (exact bytes) against the headers and, when it fails, tries the usual mistakes
// one by one to name the likely cause.
SignatureExplanation
explainSignature(const QByteArray &body, const webhook::HeaderList &headers,
                 const QByteArray &secret, std::optional<webhook::Scheme> scheme = std::nullopt,
                 int toleranceSeconds = webhook::WebhookSigner::kDefaultToleranceSeconds,
                 webhook::Clock clock = webhook::systemClock());

// Parses "Name: value" as typed on a command line; nullopt when there is no colon or no name.
std::optional<webhook::Header> parseHeaderLine(const QString &line);

} // namespace paybench::support
