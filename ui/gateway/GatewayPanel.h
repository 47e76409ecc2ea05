#pragma once

#include "GatewayConfig.h"
#include "GatewaySettings.h"
#include "PaymentLedger.h"

#include <QMap>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTableWidget;

namespace paybench::gateway {
class DemoGateway;
}

namespace paybench::ui {

class GatewayLogModel;

// The embedded demo gateway in the app: start and stop it, its port, key and secret (masked,
// with Reveal and Copy), the webhook target and scheme, faults per endpoint, a live request log
// and the newest payments with their state. The form always shows the gateway's own settings
// (the real port while it runs); a Start keeps them (GatewaySettings) for the next app start.
// Every action is a call on the DemoGateway.
class GatewayPanel final : public QWidget
{
    Q_OBJECT

public:
    // How many payments the table lists (newest first); a lookup by id finds any other.
    static constexpr int kShownPayments = 500;

    explicit GatewayPanel(gateway::DemoGateway *gateway, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(GatewayPanel)

    [[nodiscard]] GatewayLogModel *logModel() const { return m_logModel; }

Q_SIGNALS:
    // "Point a platform at it": the base URL of the running gateway (http://127.0.0.1:PORT).
    void pointPlatformRequested(const QString &baseUrl);

private:
    void buildUi();
    // A masked field with its Reveal and Copy buttons, in one row.
    QWidget *secretRow(QLineEdit *edit, const QString &name, const QString &what);
    void showConfig();
    void start();
    void stop();
    void applyFault(gateway::Endpoint endpoint);
    void refreshPayments();
    void fillPayments(const QVector<gateway::Payment> &newestFirst);
    void updateState();
    void showLogEntry(const QModelIndex &index);
    void cancelSelected();
    void openSelected();
    void refreshDeliveries();
    void resendSelected();
    [[nodiscard]] QString selectedPaymentId() const;
    [[nodiscard]] gateway::GatewayConfig configFromForm() const;

    QPointer<gateway::DemoGateway> m_gateway;
    gateway::GatewaySettings m_settings; // the default file, as the app's start reads it
    GatewayLogModel *m_logModel;
    bool m_applying = false; // the panel itself is changing the gateway's config
    QString m_lookupId;      // the payment looked up; empty: the newest are listed
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_apiKey = nullptr;
    QLineEdit *m_secret = nullptr;
    QLineEdit *m_webhookUrl = nullptr;
    QComboBox *m_scheme = nullptr;
    QLineEdit *m_stateFile = nullptr;
    QMap<gateway::Endpoint, QLineEdit *> m_faults;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_reset = nullptr;
    QPushButton *m_point = nullptr;
    QLabel *m_status = nullptr;
    QTableView *m_log = nullptr;
    QPlainTextEdit *m_bodies = nullptr;
    QTableWidget *m_payments = nullptr;
    QLabel *m_paymentsNote = nullptr;
    QLineEdit *m_lookup = nullptr;
    QTableWidget *m_deliveries = nullptr;
    QPushButton *m_resend = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_open = nullptr;
    QTimer m_paymentsRefresh; // coalesces bursts of changes into one redraw
};

} // namespace paybench::ui
