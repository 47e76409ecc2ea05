#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace paybench::gateway {

// One request the gateway answered (or refused), for the live log. Bodies have every credential
// masked; they are empty when body logging is off.
struct GatewayLogEntry {
    QDateTime at;
    QString method;
    QString path;
    int status = 0; // 0: no answer (timeout or dropped connection fault)
    double elapsedMs = 0;
    QString paymentId;
    QString note; // "fault: latency 200 ms", "idempotent replay", "refused by the guard: ..."
    QByteArray requestBody;
    QByteArray responseBody;

    // "2026-01-02T03:04:05.006Z POST /api/create-payment 200 1.2 ms pay_... (note)"
    [[nodiscard]] QString toLine() const;
};

} // namespace paybench::gateway

Q_DECLARE_METATYPE(paybench::gateway::GatewayLogEntry)
