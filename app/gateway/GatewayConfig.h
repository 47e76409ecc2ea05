#pragma once

#include "WebhookSigner.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace paybench::gateway {

// The routes the gateway answers. CancelPayment is a gateway extra (not one of Openfront's six
// functions) so a demo can void an authorization.
enum class Endpoint {
    CreatePayment,
    CapturePayment,
    RefundPayment,
    GetPaymentStatus,
    GeneratePaymentLink,
    HandleWebhook,
    CancelPayment,
};

QList<Endpoint> allEndpoints();
QString endpointPath(Endpoint endpoint); // "/api/create-payment"
QString endpointName(Endpoint endpoint); // "create-payment"
std::optional<Endpoint> endpointFromPath(QStringView path);
std::optional<Endpoint> endpointFromName(QStringView name);

// Misbehaviour on demand for one endpoint. Off by default. The error status, the timeout and
// the dropped connection happen before the request is processed (nothing changes); a malformed
// body replaces the real answer after processing (the change happened, the caller cannot tell).
struct Fault {
    enum class Body { Normal, NotJson, TruncatedJson };

    int latencyMs = 0;     // added before answering
    double errorRate = 0;  // 0..1: share of requests answered with errorStatus
    int errorStatus = 500; // 4xx or 5xx
    bool timeout = false;  // never answer (the connection is closed by the idle deadline)
    Body body = Body::Normal;
    bool dropConnection = false; // close the connection without an answer

    [[nodiscard]] bool isOff() const
    {
        return latencyMs == 0 && errorRate == 0 && !timeout && body == Body::Normal &&
               !dropConnection;
    }
    // "latency=200,error=0.5:503,timeout,body=not-json,drop"; empty when off.
    [[nodiscard]] QString toString() const;
    static std::optional<Fault> parse(const QString &text, QString *error);
};

QString faultBodyName(Fault::Body body); // "normal", "not-json", "truncated-json"

// Limits the connection guard enforces before Qt HttpServer sees a request.
struct GatewayLimits {
    qint64 maxBodyBytes = 1'000'000; // as Openfront's own webhook ingress
    int maxHeaderBytes = 16 * 1024;
    int maxConnections = 256;
    int headerTimeoutMs = 5'000;   // a connection's first head from its start; a later head
                                   // from its first byte
    int requestTimeoutMs = 10'000; // from the first byte of a request to its last
    int idleTimeoutMs = 30'000;    // keep-alive connection with nothing to do
};

struct GatewayConfig {
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0; // 0: any free port
    QString apiKey;
    QString webhookSecret;
    QUrl webhookUrl; // empty: no webhooks out
    webhook::Scheme signatureScheme = webhook::Scheme::Gateway;
    QMap<Endpoint, Fault> faults;
    QString stateFile; // empty: nothing persisted
    GatewayLimits limits;
    QStringList allowedHosts; // Host names accepted besides localhost and IP literals
    int webhookMaxAttempts = 5;
    int webhookBackoffMs = 1000; // doubled after each failed attempt
    int webhookTimeoutMs = 10'000;
    bool logBodies = true; // request/answer bodies (masked) in the log entries

    [[nodiscard]] Fault fault(Endpoint endpoint) const { return faults.value(endpoint); }
    // Problems that prevent starting: empty key, bad host, bad webhook URL...
    [[nodiscard]] QStringList validate() const;
    // True when the host is not a loopback address (the gateway is reachable from outside).
    [[nodiscard]] bool isExposed() const;
};

} // namespace paybench::gateway
