#pragma once

#include "CallTarget.h"
#include "OrderedJson.h"
#include "PaymentFunction.h"
#include "RuntimeProfile.h"
#include "SecretMasker.h"
#include "WebhookSigner.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

namespace paybench::contract {

// What Openfront pays for: a cart at checkout, or an invoice (it sends the invoice as `cart`).
enum class PaymentSource { Cart, Invoice };

// What the caller wants the endpoint to do: accept the request, or refuse it (a negative case
// such as a wrong signature or a refund beyond the captured amount).
enum class CallExpectation { Success, Rejection };

// Values carried from one call to the next: paymentId, amount, currency, capturedAmount,
// refundedAmount, transactionId, refundId, status, eventId, cartId. Numbers are kept as text.
using CallVariables = QMap<QString, QString>;

// Produces the ids a request needs (cart id, idempotency key, event id); tests inject a fixed one.
using IdGenerator = std::function<QString(const QString &prefix)>;
IdGenerator randomIds();

inline constexpr int kDefaultTimeoutMs = 30000;
inline constexpr qint64 kDefaultAmount = 1999;

// One call to build: which function, which profile, and the values to put in. Empty or unset
// fields come from the variables of earlier calls, then from defaults.
struct CallSpec {
    PaymentFunction function = PaymentFunction::CreatePayment;
    // Shapes the request and judges the answer; never null.
    const RuntimeProfile *profile = &documentedProfile();
    PaymentSource source = PaymentSource::Cart;
    CallExpectation expectation = CallExpectation::Success;
    std::optional<qint64> amount; // minor units
    QString currency;             // default: variable, region currency, then USD
    QString paymentId;            // default: variable paymentId
    QString reason = QStringLiteral("requested_by_customer");
    QString customerEmail = QStringLiteral("customer@example.com");
    // handle-webhook: the event (default: a `payment.captured` event for paymentId) and its
    // signature (default: signed with the webhookSecret credential in `signatureScheme`).
    QString eventType = QStringLiteral("payment.captured");
    std::optional<json::OrderedValue> event;
    webhook::Scheme signatureScheme = webhook::Scheme::Gateway;
    std::optional<QByteArray> signature; // forced value of the signature header (negative cases)
    // An edited body replaces the built one (sent compact, as JSON.stringify writes it); rawBody
    // is sent byte for byte, even when it is not JSON (malformed-body cases).
    std::optional<json::OrderedValue> body;
    std::optional<QByteArray> rawBody;
    QByteArray method = "POST";
    int timeoutMs = kDefaultTimeoutMs;
};

// A request ready to go on the wire, with what is needed to judge its answer.
struct PreparedCall {
    PaymentFunction function = PaymentFunction::CreatePayment;
    const RuntimeProfile *profile = &documentedProfile(); // shaped the request; judges first
    QVector<const RuntimeProfile *> alsoJudgedBy;         // further profiles judging the answer
    PaymentSource source = PaymentSource::Cart;
    CallExpectation expectation = CallExpectation::Success;
    QString providerCode;
    QString target;   // the function field as configured
    QUrl url;         // valid only when urlError is empty
    QString urlError; // "not an absolute http(s) URL", "built-in adapter", ...
    bool builtInAdapter = false;
    QString caCertificateFile; // trusted for https in addition to the system's CAs
    QByteArray method = "POST";
    webhook::HeaderList headers;
    std::optional<json::OrderedValue> payload; // absent when a raw body was forced
    QByteArray body;                           // exact bytes sent
    int timeoutMs = kDefaultTimeoutMs;
    SecretMasker masker;
    // What the answer is checked against: the amount asked for, the event sent.
    std::optional<qint64> requestedAmount;
    QString requestedCurrency;
    QString paymentId;
    std::optional<json::OrderedValue> event;
    CallVariables variables; // the variables in force when the call was built
};

// Builds the request for one function of a provider. Never fails: a target that cannot be
// called is reported in PreparedCall::urlError and classified as a failure when "sent".
PreparedCall prepareCall(const CallTarget &target, const CallSpec &spec,
                         const CallVariables &variables = {}, const IdGenerator &ids = randomIds());

// The default request body for a function, as the spec's profile shapes it (what the GUI shows
// pre-filled in the editor).
json::OrderedValue defaultBody(const CallTarget &target, const CallSpec &spec,
                               const CallVariables &variables = {},
                               const IdGenerator &ids = randomIds());

// A body shown masked (in an editor, or reopened from history) made sendable again: every
// credential under provider.credentials that holds the mask placeholder gets the target's value.
json::OrderedValue unmaskCredentials(const json::OrderedValue &body, const CallTarget &target);

// An editor never holds secrets, so a handle-webhook body shown there is signed with the mask
// placeholder. While its signature is still that one, the body gets headers signed with the real
// webhookSecret (the spec's profile builds them again for the event as edited); a signature the
// user changed is kept as it is (a negative case).
json::OrderedValue resignMaskedWebhook(json::OrderedValue body, const CallTarget &target,
                                       const CallSpec &spec, const CallVariables &variables = {});

// A cURL command line that re-sends the request; credentials masked unless revealSecrets.
QString curlCommand(const PreparedCall &call, bool revealSecrets = false);

} // namespace paybench::contract
