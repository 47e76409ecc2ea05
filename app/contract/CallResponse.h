#pragma once

#include "WebhookSigner.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace paybench::contract {

// How the exchange ended below HTTP. Filled by the network layer (app/client), or by a test.
enum class TransportOutcome {
    Completed,         // an HTTP answer arrived (any status)
    NotSent,           // the target cannot be called (bad URL, built-in adapter)
    HostNotFound,      // DNS failure
    ConnectionRefused, // nothing listens on that port
    TlsFailure,        // handshake failed or the certificate was not trusted
    Timeout,           // the limit of the call passed before the answer was complete
    Cancelled,         // the user cancelled
    NetworkError,      // anything else below HTTP (reset, unreachable network, proxy)
};

// The certificate the server presented, when TLS is involved.
struct CertificateInfo {
    QString subject;
    QString issuer;
    QDateTime notBefore;
    QDateTime notAfter;
    QStringList errors;         // "The certificate is self-signed, and untrusted", ...
    bool errorsIgnored = false; // the user chose to ignore TLS errors for this call
    [[nodiscard]] bool isEmpty() const { return subject.isEmpty() && issuer.isEmpty(); }
};

struct CallTimings {
    qint64 totalMs = -1;
    qint64 firstByteMs = -1; // headers received; -1 when unknown
    qint64 requestBytes = 0;
    qint64 responseBytes = 0; // body only
};

// What came back, unjudged.
struct CallResponse {
    TransportOutcome outcome = TransportOutcome::Completed;
    QString transportError; // the network layer's own words
    CertificateInfo certificate;
    int httpStatus = 0;
    QByteArray reasonPhrase;
    webhook::HeaderList headers;
    QByteArray body;
    CallTimings timings;
    QDateTime startedAt;
};

} // namespace paybench::contract
