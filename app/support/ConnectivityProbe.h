#pragma once

#include "Platform.h"
#include "ProbeReport.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>

class QTcpSocket;
class QTimer;

namespace paybench::support {

struct ProbeOptions {
    int stepTimeoutMs = 5000;
    QList<QSslCertificate> caCertificates; // trusted in addition to the system's (a test CA)
    int expiryWarningDays = 14;
};

// A URL to probe and what to call it in the report.
struct ProbeRequest {
    QString label;
    QUrl url;
};

// What probing a platform takes: a request per function URL (built-in adapters have nothing to
// probe) into *requests, and the platform's CA file trusted in *options. False and a plain
// reason when that CA file cannot be used.
bool planPlatformProbe(const Platform &platform, QVector<ProbeRequest> *requests,
                       ProbeOptions *options, QString *error);

// Probes function URLs one after the other, step by step: DNS (QHostInfo), TCP connect time,
// TLS handshake (protocol, chain, names, expiry, trust), then a GET (should be refused) and a
// POST of `{}` (should answer JSON), each over its own connection with raw HTTP/1.1 so every
// step is measured on its own. Every step has its own time limit. One probeFinished per start().
class ConnectivityProbe final : public QObject
{
    Q_OBJECT
public:
    explicit ConnectivityProbe(QObject *parent = nullptr);
    ~ConnectivityProbe() override;
    Q_DISABLE_COPY_MOVE(ConnectivityProbe)

    void start(const QVector<ProbeRequest> &requests, const ProbeOptions &options = {});
    void cancel(); // ends with probeFinished, cancelled set
    [[nodiscard]] bool isRunning() const { return m_running; }

signals:
    void targetProbed(int index, const paybench::support::ProbeTarget &target);
    void probeFinished(const paybench::support::ProbeReport &report);

private:
    enum class Stage { Dns, Tcp, Tls, HttpGet, HttpPost, Done };

    void nextStage();
    void startDns();
    void startTcp();
    void startTls();
    void startHttp(const QByteArray &method);
    void finishStep(ProbeStep done, Stage next);
    void skipRest(const QString &reason);
    // Records the failed step, marks the steps after it skipped and moves to the next target.
    void failTarget(const ProbeStep &failed, const QString &skipReason);
    void finishTarget();
    void armTimer(const std::function<void()> &onTimeout);
    void dropSocket();
    [[nodiscard]] ProbeStep step(const QString &name) const;
    QTcpSocket *newSocket(bool tls);

    ProbeOptions m_options;
    QVector<ProbeRequest> m_requests;
    ProbeReport m_report;
    ProbeTarget m_target;
    Stage m_stage = Stage::Done;
    int m_index = -1;
    int m_lookupId = -1;
    QList<QHostAddress> m_addresses;
    int m_addressIndex = 0;
    QStringList m_tcpFailures;
    QHostAddress m_connected;
    QList<QSslError> m_tlsErrors;
    QByteArray m_received;
    QElapsedTimer m_clock;
    QTimer *m_timer;
    QPointer<QTcpSocket> m_socket;
    bool m_running = false;
};

} // namespace paybench::support

Q_DECLARE_METATYPE(paybench::support::ProbeReport)
Q_DECLARE_METATYPE(paybench::support::ProbeTarget)
