#pragma once

#include "GatewayConfig.h"

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

// The embedded demo gateway in the app: start and stop it, its port, key and secret (masked),
// the webhook target and scheme, faults per endpoint, a live request log and the payments with
// their state. Every action is a call on the DemoGateway.
class GatewayPanel final : public QWidget
{
    Q_OBJECT

public:
    explicit GatewayPanel(gateway::DemoGateway *gateway, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(GatewayPanel)

    [[nodiscard]] GatewayLogModel *logModel() const { return m_logModel; }

Q_SIGNALS:
    // "Point a platform at it": the base URL of the running gateway (http://127.0.0.1:PORT).
    void pointPlatformRequested(const QString &baseUrl);

private:
    void buildUi();
    void start();
    void stop();
    void applyFault(gateway::Endpoint endpoint);
    void refreshPayments();
    void updateState();
    void showLogEntry(const QModelIndex &index);
    void cancelSelected();
    void openSelected();
    void refreshDeliveries();
    void resendSelected();
    [[nodiscard]] QString selectedPaymentId() const;
    [[nodiscard]] gateway::GatewayConfig configFromForm() const;

    QPointer<gateway::DemoGateway> m_gateway;
    GatewayLogModel *m_logModel;
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
    QTableWidget *m_deliveries = nullptr;
    QPushButton *m_resend = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_open = nullptr;
    QTimer m_paymentsRefresh; // coalesces bursts of changes into one redraw
};

} // namespace paybench::ui
