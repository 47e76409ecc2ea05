#pragma once

#include "ProviderPanel.h"
#include "WebhookLab.h"
#include "WebhookReceiver.h"
#include "WebhookSender.h"

#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace paybench::ui {

// Compose a gateway event, sign it, send it to the provider's handle-webhook function (wrapped as
// Openfront wraps it) or to an Openfront ingress URL (raw), run the negative sends, and verify a
// pasted signature with an explanation of what is wrong.
class WebhookLabPanel final : public ProviderPanel
{
    Q_OBJECT
public:
    explicit WebhookLabPanel(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(WebhookLabPanel)

    void setEventType(const QString &type);
    void setPaymentId(const QString &paymentId);
    void setSecret(const QString &secret);
    void setUrl(const QString &url);
    void setScheme(webhook::Scheme scheme);
    void compose();
    // Sends the composed event with these tampers, one after the other.
    void send(const QVector<support::Tamper> &tampers);
    void sendNegatives(); // every tamper
    // The Verify tab.
    void setVerifyInput(const QByteArray &body, const QString &headers, const QString &secret);
    void verify();
    void showVerifyTab();
    // The Capture tab: the demo gateway's capture route (not owned), verifying with the scheme
    // and secret of the Compose tab. startCapture() returns the URL to send to, empty when the
    // gateway is not running.
    void setGateway(gateway::DemoGateway *gateway);
    QUrl startCapture();
    void stopCapture();
    void replay(int capturedIndex, const QString &url);
    [[nodiscard]] const support::WebhookReceiver &receiver() const { return *m_receiver; }
    void showCaptureTab();

signals:
    void sendsFinished();
    void replayFinished(const paybench::support::WebhookSendOutcome &outcome);

protected:
    void providerChanged() override;

private:
    [[nodiscard]] support::WebhookSendSpec sendSpec(support::Tamper tamper) const;
    void sendNext();
    // Fills the secret field (when empty) and the provider record from the resolved provider.
    void takeProvider(const contract::CallTarget &target);
    void showOutcome(const support::WebhookSendOutcome &outcome);
    void updateActionHint();
    void addCaptured(const support::CapturedWebhook &webhook);
    void showCaptured(int row);

    support::WebhookSender *m_sender;
    QVector<support::Tamper> m_queue;
    QTabWidget *m_tabs;
    // Compose and send.
    QComboBox *m_type;
    QLineEdit *m_paymentId;
    QComboBox *m_scheme;
    QLineEdit *m_secret;
    QComboBox *m_wrap;
    QLineEdit *m_url;
    QLabel *m_actionHint;
    QPlainTextEdit *m_event;
    QPushButton *m_send;
    QPushButton *m_negatives;
    QTableWidget *m_results;
    // Verify.
    QPlainTextEdit *m_verifyBody;
    QPlainTextEdit *m_verifyHeaders;
    QLineEdit *m_verifySecret;
    QComboBox *m_verifyScheme;
    QSpinBox *m_tolerance;
    QLabel *m_verdict;
    // Capture.
    support::WebhookReceiver *m_receiver;
    QPointer<gateway::DemoGateway> m_gateway;
    QPushButton *m_captureToggle;
    QLabel *m_captureStatus;
    QTableWidget *m_capturedTable;
    QPlainTextEdit *m_captureDetail;
    QLineEdit *m_replayUrl;
    QPushButton *m_replay;
    bool m_replaying = false;
    // The provider as Openfront sends it in the wrap (all credentials), once loaded.
    std::optional<json::OrderedValue> m_providerRecord;
    QStringList m_providerSecrets;
};

} // namespace paybench::ui
