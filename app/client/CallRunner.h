#pragma once

#include "CaCertificates.h"
#include "CallRequest.h"
#include "CallResult.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>

class QNetworkAccessManager;

namespace paybench::client {

// Per-call network choices. TLS verification is always on unless ignoreTlsErrors is set, and then
// the result says so in a finding.
struct CallOptions {
    QList<QSslCertificate> extraCaCertificates; // added to the call's platform CA file, if any
    bool ignoreTlsErrors = false;
};

// Sends prepared calls with QNetworkAccessManager, asynchronously, and judges each answer.
// Redirects are reported, never followed; each call has its own time limit
// (PreparedCall::timeoutMs). Every send() ends in exactly one callFinished, also when cancelled.
class CallRunner final : public QObject
{
    Q_OBJECT
public:
    explicit CallRunner(QObject *parent = nullptr);
    ~CallRunner() override;
    Q_DISABLE_COPY_MOVE(CallRunner)

    // Starts the call and returns its id (never 0).
    quint64 send(const contract::PreparedCall &call, const CallOptions &options = {});
    void cancel(quint64 id);
    void cancelAll();
    [[nodiscard]] int pendingCount() const { return static_cast<int>(m_pending.size()); }

signals:
    void callFinished(quint64 id, const paybench::contract::CallResult &result);

private:
    struct Pending;
    void finish(quint64 id);
    void finishNotSent(quint64 id, const contract::PreparedCall &call, const QString &reason);

    QNetworkAccessManager *m_network;
    QHash<quint64, Pending *> m_pending;
    quint64 m_nextId = 1;
    CaCertificateCache m_caCertificates; // the platforms' CA files, read once
};

} // namespace paybench::client

Q_DECLARE_METATYPE(paybench::contract::CallResult)
