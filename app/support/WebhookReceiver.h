#pragma once

#include "DemoGateway.h"
#include "SignatureDiagnosis.h"
#include "WebhookLab.h"
#include "WebhookSigner.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QVector>

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

// The webhook lab's receiver: the embedded gateway's capture route (DemoGateway::kCapturePath
// and any path below it; bodies up to 1,000,000 bytes as Openfront, larger ones refused with 413
// before they are read). Verifies each webhook's signature, keeps it with its headers and raw
// body, and answers 200 (valid) or 401 (not valid).
class WebhookReceiver final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxCaptured = 1000; // the oldest are dropped

    explicit WebhookReceiver(QObject *parent = nullptr);
    ~WebhookReceiver() override; // detaches
    Q_DISABLE_COPY_MOVE(WebhookReceiver)

    void setVerification(webhook::Scheme scheme, const QByteArray &secret);
    // Takes over the capture route of gateway (not owned; detached when it is destroyed),
    // replacing any receiver attached before.
    void attach(gateway::DemoGateway *gateway);
    void detach();
    [[nodiscard]] bool isAttached() const { return !m_gateway.isNull(); }
    // Where to send webhooks: the gateway's capture URL; empty when detached or not running.
    [[nodiscard]] QUrl url() const;
    [[nodiscard]] const QVector<CapturedWebhook> &captured() const { return m_captured; }
    void clear() { m_captured.clear(); }

signals:
    void webhookCaptured(const paybench::support::CapturedWebhook &webhook);

private:
    gateway::CaptureAnswer take(const gateway::InboundWebhook &inbound);

    QPointer<gateway::DemoGateway> m_gateway;
    QVector<CapturedWebhook> m_captured;
    webhook::Scheme m_scheme = webhook::Scheme::Gateway;
    QByteArray m_secret;
};

} // namespace paybench::support

Q_DECLARE_METATYPE(paybench::support::CapturedWebhook)
