#pragma once

#include "Finding.h"
#include "OrderedJson.h"
#include "WebhookEvents.h"
#include "WebhookSigner.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace paybench::support {

// The negative sends of the lab; None is the plain, correctly signed event.
enum class Tamper { None, Signature, Body, Reserialize, Timestamp, Duplicate, Oversize };
QString tamperName(Tamper tamper); // "none", "signature", "body", "reserialize", ...
std::optional<Tamper> tamperFromName(const QString &name);
QStringList tamperNames(); // without "none"

// Openfront: to a provider's handle-webhook function as `{provider, event, headers}` with
// lower-cased header names and `__rawBody`. Raw: the gateway's own request, to an Openfront
// ingress URL (/api/payment-webhooks/<providerId>) or any receiver.
enum class WebhookWrap { Openfront, Raw };
QString wrapName(WebhookWrap wrap);
std::optional<WebhookWrap> wrapFromName(const QString &name);
// Raw for an Openfront ingress URL, else Openfront (a handle-webhook function).
WebhookWrap defaultWrapFor(const QString &url);

// Openfront refuses bodies over this many bytes with 413 before any handler sees them.
inline constexpr qsizetype kOpenfrontMaxWebhookBytes = 1'000'000;
inline constexpr qint64 kStaleSeconds = 3600;

enum class ExpectedAnswer { Accept, Reject, TooLarge };
QString expectedAnswerName(ExpectedAnswer expected); // "accept", "reject", "too-large"

struct WebhookSendSpec {
    webhook::Scheme scheme = webhook::Scheme::Gateway;
    QByteArray secret;
    WebhookEventSpec event;
    // The event's exact bytes as edited by a person; replaces the composed event when set.
    std::optional<QByteArray> eventBody;
    WebhookWrap wrap = WebhookWrap::Openfront;
    Tamper tamper = Tamper::None;
    QString providerCode; // files the send under this provider in the call history
    // The `provider` member of the Openfront wrap; default `{name, credentials}` with
    // `extraCredentials` and the webhookSecret.
    std::optional<json::OrderedValue> provider;
    json::OrderedValue extraCredentials = json::OrderedValue::object();
    webhook::Clock clock = webhook::systemClock();
};

// One HTTP request of a send.
struct WebhookMessage {
    QByteArray eventBody;                 // the bytes the gateway posted (`__rawBody`)
    webhook::HeaderList signatureHeaders; // as the gateway sent them
    webhook::HeaderList headers;          // on the wire
    QByteArray body;                      // on the wire
};

// A composed, signed (and maybe tampered) webhook with what a correct receiver must answer.
struct WebhookSend {
    Tamper tamper = Tamper::None;
    WebhookWrap wrap = WebhookWrap::Openfront;
    webhook::Scheme scheme = webhook::Scheme::Gateway;
    QString eventId;
    QString eventType;
    QString paymentId;    // the payment the event is about, as the event names it
    QString providerCode; // who the send is filed under in the call history; may be empty
    QVector<WebhookMessage> messages; // two for Duplicate, one otherwise
    ExpectedAnswer expected = ExpectedAnswer::Accept;
    QString expectation; // what a correct receiver answers, and why, in plain words
};

// Composes, signs and tampers. An eventBody that is not JSON is sent as is for Raw and as a
// string `event` for the Openfront wrap (Openfront itself would answer 400 first).
WebhookSend buildWebhookSend(const WebhookSendSpec &spec);

// The verdict on one answer (message index `message` of the send): status and, for the
// Openfront wrap, the documented `verified` flag. httpStatus 0 means no answer came.
contract::Verdict judgeWebhookAnswer(const WebhookSend &send, int message, int httpStatus,
                                     const QByteArray &answerBody,
                                     const QString &transportError = {});

} // namespace paybench::support
