#pragma once

#include "CallHistory.h"
#include "CallResult.h"
#include "CallRunner.h"
#include "WebhookLab.h"

#include <QObject>
#include <QUrl>
#include <QVector>

namespace paybench::support {

// The answer to each message of a send, judged.
struct WebhookDelivery {
    contract::CallResult result;
    contract::Verdict verdict;
};

struct WebhookSendOutcome {
    QUrl url;
    WebhookSend send;
    QVector<WebhookDelivery> deliveries;
    [[nodiscard]] contract::Verdict verdict() const; // every delivery's findings
    [[nodiscard]] bool transportFailed() const;      // some message got no HTTP answer
};

// The outcome as JSON: request headers and body (secret masked, long bodies cut), answers and
// verdicts. What the CLI prints and the GUI shows.
json::OrderedValue webhookSendReport(const WebhookSendOutcome &outcome, const QStringList &secrets);

// Keeps every message of the send in the call history (masked, filed under the send's provider
// and payment), so a payment's diagnosis shows the webhooks sent about it.
bool recordWebhookSend(const WebhookSendOutcome &outcome, client::CallHistory &history,
                       QString *error);

// Sends the messages of a WebhookSend one after the other (a duplicate goes after the first
// answer) through app/client's CallRunner, and judges each answer. One sendFinished per start().
class WebhookSender final : public QObject
{
    Q_OBJECT
public:
    explicit WebhookSender(QObject *parent = nullptr);
    ~WebhookSender() override;
    Q_DISABLE_COPY_MOVE(WebhookSender)

    // Starts sending; a send in flight is cancelled first (and reports as cancelled).
    // secrets: the values to mask in what is stored or shown (the webhook secret, credentials).
    void start(const QUrl &url, const WebhookSend &send, const QStringList &secrets,
               int timeoutMs = contract::kDefaultTimeoutMs,
               const client::CallOptions &options = {});
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_callId != 0; }

signals:
    void sendFinished(const paybench::support::WebhookSendOutcome &outcome);

private:
    void sendNext();
    void onCallFinished(quint64 id, const contract::CallResult &result);

    client::CallRunner *m_runner;
    client::CallOptions m_options;
    WebhookSendOutcome m_outcome;
    QStringList m_secrets;
    int m_timeoutMs = contract::kDefaultTimeoutMs;
    quint64 m_callId = 0;
};

} // namespace paybench::support

Q_DECLARE_METATYPE(paybench::support::WebhookSendOutcome)
