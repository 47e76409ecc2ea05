#pragma once

#include "SignatureDiagnosis.h"
#include "WebhookLab.h"
#include "WebhookSigner.h"

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QVector>

class QTcpServer;
class QTcpSocket;

namespace paybench::support {

// One webhook that came in, exactly as it came.
struct CapturedWebhook {
    QDateTime at;
    QByteArray method;
    QByteArray path;
    webhook::HeaderList headers;
    QByteArray body;
    SignatureExplanation verification; // against the receiver's scheme and secret
    int answeredStatus = 0;
};

// A captured webhook as a raw send again, same bytes and signature headers (a replay: a
// correct receiver with de-duplication acknowledges it).
WebhookSend replaySend(const CapturedWebhook &webhook);

// A local webhook receiver for the lab: listens on loopback, takes one request per connection
// (Content-Length bodies up to 1,000,000 bytes, as Openfront), verifies the signature, keeps the
// request with its headers and raw body, and answers 200 (valid), 401 (not valid), 413 (too
// large) or 400 (unreadable). Requests that stall are dropped after a time limit.
class WebhookReceiver final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxHeadBytes = 16 * 1024;
    static constexpr int kMaxCaptured = 1000; // the oldest are dropped
    static constexpr int kRequestTimeoutMs = 10'000;

    explicit WebhookReceiver(QObject *parent = nullptr);
    ~WebhookReceiver() override;
    Q_DISABLE_COPY_MOVE(WebhookReceiver)

    void setVerification(webhook::Scheme scheme, const QByteArray &secret);
    // The real port (port 0 picks a free one); 0 and *error when it cannot listen.
    quint16 listen(quint16 port = 0, const QHostAddress &address = QHostAddress::LocalHost,
                   QString *error = nullptr);
    void close();
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] const QVector<CapturedWebhook> &captured() const { return m_captured; }
    void clear() { m_captured.clear(); }

signals:
    void webhookCaptured(const paybench::support::CapturedWebhook &webhook);

private:
    void accept();
    void read(QTcpSocket *socket);
    void answer(QTcpSocket *socket, int status, const QByteArray &body);

    QTcpServer *m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QVector<CapturedWebhook> m_captured;
    webhook::Scheme m_scheme = webhook::Scheme::Gateway;
    QByteArray m_secret;
};

} // namespace paybench::support

Q_DECLARE_METATYPE(paybench::support::CapturedWebhook)
