#include "GatewayPanel.h"

#include "ClearButton.h"
#include "DemoGateway.h"
#include "GatewayLogModel.h"

#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace paybench::ui {

using gateway::DemoGateway;
using gateway::Endpoint;
using gateway::Fault;

namespace {

QLineEdit *secretEdit(const QString &objectName)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setEchoMode(QLineEdit::Password);
    return edit;
}

void setCells(QTableWidget *table, int row, const QStringList &cells)
{
    for (int column = 0; column < cells.size(); ++column) {
        QTableWidgetItem *item = table->item(row, column);
        if (!item) {
            item = new QTableWidgetItem;
            table->setItem(row, column, item);
        }
        item->setText(cells[column]);
    }
}

} // namespace

GatewayPanel::GatewayPanel(DemoGateway *gateway, QWidget *parent)
    : QWidget(parent), m_gateway(gateway), m_logModel(new GatewayLogModel(1000, this))
{
    buildUi();
    m_paymentsRefresh.setSingleShot(true);
    m_paymentsRefresh.setInterval(200);
    connect(&m_paymentsRefresh, &QTimer::timeout, this, &GatewayPanel::refreshPayments);
    if (m_gateway) {
        connect(m_gateway, &DemoGateway::requestHandled, m_logModel, &GatewayLogModel::append);
        connect(m_gateway, &DemoGateway::paymentsChanged, this, [this] {
            if (!m_paymentsRefresh.isActive())
                m_paymentsRefresh.start();
        });
        const auto showGateway = [this] {
            showConfig();
            updateState();
        };
        connect(m_gateway, &DemoGateway::started, this, showGateway);
        connect(m_gateway, &DemoGateway::stopped, this, showGateway);
        connect(m_gateway, &DemoGateway::configChanged, this, [this] {
            if (!m_applying)
                showConfig();
        });
        connect(m_gateway, &DemoGateway::deliveryChanged, this, &GatewayPanel::refreshDeliveries);
    }
    showConfig();
    refreshPayments();
    updateState();
}

void GatewayPanel::buildUi()
{
    auto *settings = new QGroupBox(tr("Gateway"));
    auto *form = new QFormLayout(settings);
    m_host = new QLineEdit(QStringLiteral("127.0.0.1"));
    m_host->setObjectName(QStringLiteral("host"));
    m_host->setToolTip(tr("127.0.0.1 keeps the gateway on this machine. Another address makes it "
                          "reachable from the network."));
    m_port = new QSpinBox;
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_apiKey = secretEdit(QStringLiteral("apiKey"));
    m_secret = secretEdit(QStringLiteral("webhookSecret"));
    m_webhookUrl = new QLineEdit;
    m_webhookUrl->setObjectName(QStringLiteral("webhookUrl"));
    m_webhookUrl->setPlaceholderText(tr("http://localhost:3000/api/payment-webhooks/<providerId>"));
    m_scheme = new QComboBox;
    m_scheme->setObjectName(QStringLiteral("scheme"));
    m_scheme->addItems(webhook::schemeNames());
    m_stateFile = new QLineEdit;
    m_stateFile->setObjectName(QStringLiteral("stateFile"));
    m_stateFile->setPlaceholderText(
        tr("optional: a state file (SQLite) so payments survive a restart"));
    form->addRow(tr("Host"), m_host);
    form->addRow(tr("Port"), m_port);
    form->addRow(tr("API key"), secretRow(m_apiKey, QStringLiteral("ApiKey"), tr("API key")));
    form->addRow(tr("Webhook secret"),
                 secretRow(m_secret, QStringLiteral("WebhookSecret"), tr("webhook secret")));
    form->addRow(tr("Webhook URL"), m_webhookUrl);
    form->addRow(tr("Signature scheme"), m_scheme);
    form->addRow(tr("State file"), m_stateFile);

    // The syntax in a wrapping line, not the title: a long title would widen the whole column.
    auto *faults = new QGroupBox(tr("Faults"));
    auto *faultForm = new QFormLayout(faults);
    auto *faultSyntax = new QLabel(tr("latency=MS, error=RATE:STATUS, timeout, drop, "
                                      "body=not-json|truncated-json"));
    faultSyntax->setWordWrap(true);
    faultForm->addRow(faultSyntax);
    for (const Endpoint endpoint : gateway::allEndpoints()) {
        auto *edit = new QLineEdit;
        edit->setObjectName(QStringLiteral("fault-") + gateway::endpointName(endpoint));
        edit->setPlaceholderText(tr("off"));
        connect(edit, &QLineEdit::editingFinished, this,
                [this, endpoint] { applyFault(endpoint); });
        faultForm->addRow(gateway::endpointName(endpoint), edit);
        m_faults.insert(endpoint, edit);
    }

    m_start = new QPushButton(tr("Start"));
    m_start->setObjectName(QStringLiteral("start"));
    m_stop = new QPushButton(tr("Stop"));
    m_stop->setObjectName(QStringLiteral("stop"));
    m_reset = new QPushButton(tr("Reset state"));
    m_reset->setObjectName(QStringLiteral("reset"));
    m_point = new QPushButton(tr("Point a platform at it"));
    m_point->setObjectName(QStringLiteral("pointPlatform"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    connect(m_start, &QPushButton::clicked, this, &GatewayPanel::start);
    connect(m_stop, &QPushButton::clicked, this, &GatewayPanel::stop);
    connect(m_reset, &QPushButton::clicked, this, [this] {
        if (m_gateway)
            m_gateway->reset();
        m_logModel->clear();
        refreshDeliveries();
    });
    connect(m_point, &QPushButton::clicked, this, [this] {
        if (m_gateway && m_gateway->isRunning())
            Q_EMIT pointPlatformRequested(m_gateway->baseUrl().toString());
    });
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_start, m_stop, m_reset, m_point})
        buttons->addWidget(button);
    buttons->addStretch();

    m_log = new QTableView;
    m_log->setObjectName(QStringLiteral("log"));
    m_log->setModel(m_logModel);
    m_log->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_log->setSelectionMode(QAbstractItemView::SingleSelection);
    m_log->horizontalHeader()->setStretchLastSection(true);
    m_log->verticalHeader()->hide();
    m_log->setWordWrap(false);
    // Fixed widths: sizing to contents would re-measure the whole log on every request.
    const QList<QPair<int, int>> logWidths = {
        {GatewayLogModel::Time, 95},    {GatewayLogModel::Method, 60},
        {GatewayLogModel::Path, 190},   {GatewayLogModel::Status, 55},
        {GatewayLogModel::Elapsed, 55}, {GatewayLogModel::Payment, 230}};
    for (const auto &[column, width] : logWidths)
        m_log->setColumnWidth(column, width);
    connect(m_log->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showLogEntry(current); });
    // Follow the newest entry unless the user scrolled up to read.
    connect(m_logModel, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_log->selectionModel()->hasSelection())
            m_log->scrollToBottom();
    });
    m_bodies = new QPlainTextEdit;
    m_bodies->setObjectName(QStringLiteral("bodies"));
    m_bodies->setReadOnly(true);
    m_bodies->setPlaceholderText(tr("Select a request to see its bodies (credentials masked)."));

    m_payments = new QTableWidget(0, 7);
    m_payments->setObjectName(QStringLiteral("payments"));
    m_payments->setHorizontalHeaderLabels({tr("Payment"), tr("Status"), tr("Amount"),
                                           tr("Currency"), tr("Captured"), tr("Refunded"),
                                           tr("Last change")});
    m_payments->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_payments->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_payments->setSelectionMode(QAbstractItemView::SingleSelection);
    m_payments->horizontalHeader()->setStretchLastSection(true);
    m_payments->verticalHeader()->hide();
    m_payments->setWordWrap(false);
    m_payments->setColumnWidth(0, 230);
    m_cancel = new QPushButton(tr("Cancel payment"));
    m_cancel->setObjectName(QStringLiteral("cancelPayment"));
    m_open = new QPushButton(tr("Open dashboard page"));
    m_open->setObjectName(QStringLiteral("openPayment"));
    connect(m_cancel, &QPushButton::clicked, this, &GatewayPanel::cancelSelected);
    connect(m_open, &QPushButton::clicked, this, &GatewayPanel::openSelected);
    auto *paymentButtons = new QHBoxLayout;
    paymentButtons->addWidget(m_cancel);
    paymentButtons->addWidget(m_open);
    paymentButtons->addStretch();

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(settings);
    leftLayout->addWidget(faults);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_status);
    leftLayout->addStretch();

    auto *logSplit = new QSplitter(Qt::Vertical);
    logSplit->addWidget(m_log);
    logSplit->addWidget(m_bodies);
    auto *paymentsBox = new QWidget;
    auto *paymentsLayout = new QVBoxLayout(paymentsBox);
    paymentsLayout->setContentsMargins(0, 0, 0, 0);
    m_paymentsNote = new QLabel;
    m_paymentsNote->setObjectName(QStringLiteral("paymentsNote"));
    m_lookup = new QLineEdit;
    m_lookup->setObjectName(QStringLiteral("paymentLookup"));
    m_lookup->setPlaceholderText(tr("find a payment by id (Enter)"));
    addClearButton(m_lookup);
    connect(m_lookup, &QLineEdit::returnPressed, this, [this] {
        m_lookupId = m_lookup->text().trimmed();
        refreshPayments();
    });
    connect(m_lookup, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.trimmed().isEmpty() && !m_lookupId.isEmpty()) {
            m_lookupId.clear();
            refreshPayments();
        }
    });
    auto *paymentsHeader = new QHBoxLayout;
    paymentsHeader->addWidget(new QLabel(tr("<b>Payments</b>")));
    paymentsHeader->addWidget(m_paymentsNote, 1);
    paymentsHeader->addWidget(m_lookup, 1);
    paymentsLayout->addLayout(paymentsHeader);
    paymentsLayout->addWidget(m_payments);
    paymentsLayout->addLayout(paymentButtons);
    logSplit->addWidget(paymentsBox);

    m_deliveries = new QTableWidget(0, 6);
    m_deliveries->setObjectName(QStringLiteral("deliveries"));
    m_deliveries->setHorizontalHeaderLabels(
        {tr("Event"), tr("Type"), tr("Payment"), tr("State"), tr("Attempts"), tr("Last result")});
    m_deliveries->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_deliveries->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_deliveries->setSelectionMode(QAbstractItemView::SingleSelection);
    m_deliveries->horizontalHeader()->setStretchLastSection(true);
    m_deliveries->verticalHeader()->hide();
    m_deliveries->setWordWrap(false);
    m_resend = new QPushButton(tr("Send event again"));
    m_resend->setObjectName(QStringLiteral("resend"));
    connect(m_resend, &QPushButton::clicked, this, &GatewayPanel::resendSelected);
    auto *deliveriesBox = new QWidget;
    auto *deliveriesLayout = new QVBoxLayout(deliveriesBox);
    deliveriesLayout->setContentsMargins(0, 0, 0, 0);
    deliveriesLayout->addWidget(new QLabel(tr("Webhook deliveries (failed ones are retried with "
                                              "backoff)")));
    deliveriesLayout->addWidget(m_deliveries);
    auto *deliveryButtons = new QHBoxLayout;
    deliveryButtons->addWidget(m_resend);
    deliveryButtons->addStretch();
    deliveriesLayout->addLayout(deliveryButtons);
    logSplit->addWidget(deliveriesBox);

    auto *split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(logSplit);
    // Both grow, the log and the payments more: a wide window also widens the key fields.
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

QWidget *GatewayPanel::secretRow(QLineEdit *edit, const QString &name, const QString &what)
{
    auto *reveal = new QPushButton(tr("Reveal"));
    reveal->setObjectName(QStringLiteral("reveal") + name);
    reveal->setCheckable(true);
    reveal->setToolTip(tr("Show the %1 in clear text").arg(what));
    connect(reveal, &QPushButton::toggled, edit, [edit, reveal](bool shown) {
        edit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        reveal->setText(shown ? tr("Hide") : tr("Reveal"));
    });
    auto *copy = new QPushButton(tr("Copy"));
    copy->setObjectName(QStringLiteral("copy") + name);
    copy->setToolTip(tr("Put the %1 on the clipboard without showing it").arg(what));
    connect(copy, &QPushButton::clicked, this, [this, edit, what] {
        QGuiApplication::clipboard()->setText(edit->text());
        m_status->setText(tr("The %1 is on the clipboard.").arg(what));
    });
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(reveal);
    layout->addWidget(copy);
    return row;
}

void GatewayPanel::showConfig()
{
    if (!m_gateway)
        return;
    const gateway::GatewayConfig &config = m_gateway->config();
    m_host->setText(config.host);
    // While it runs, the port it really listens on (the configured one may be 0: any).
    m_port->setValue(m_gateway->isRunning() ? m_gateway->port() : config.port);
    m_apiKey->setText(config.apiKey);
    m_secret->setText(config.webhookSecret);
    m_webhookUrl->setText(config.webhookUrl.toString());
    m_scheme->setCurrentText(webhook::schemeName(config.signatureScheme));
    m_stateFile->setText(config.stateFile);
    for (auto it = m_faults.begin(); it != m_faults.end(); ++it) {
        if (!it.value()->hasFocus())
            it.value()->setText(config.fault(it.key()).toString());
    }
}

gateway::GatewayConfig GatewayPanel::configFromForm() const
{
    gateway::GatewayConfig config = m_gateway ? m_gateway->config() : gateway::GatewayConfig();
    config.host = m_host->text().trimmed();
    config.port = quint16(m_port->value());
    config.apiKey = m_apiKey->text();
    config.webhookSecret = m_secret->text();
    config.webhookUrl = QUrl(m_webhookUrl->text().trimmed(), QUrl::StrictMode);
    config.signatureScheme =
        webhook::schemeFromName(m_scheme->currentText()).value_or(webhook::Scheme::Gateway);
    config.stateFile = m_stateFile->text().trimmed();
    return config;
}

void GatewayPanel::start()
{
    if (!m_gateway)
        return;
    {
        const QScopedValueRollback applying(m_applying, true);
        for (auto it = m_faults.cbegin(); it != m_faults.cend(); ++it)
            applyFault(it.key());
        gateway::GatewayConfig config = configFromForm();
        config.faults = m_gateway->config().faults;
        m_gateway->setConfig(config);
    }
    QString error;
    if (m_gateway->start(&error) == 0) {
        m_status->setText(tr("Not started: %1").arg(error));
        return;
    }
    updateState();
    // Kept for the next app start; the gateway runs either way.
    if (!m_settings.save(m_gateway->config(), &error))
        m_status->setText(m_status->text() + tr(" · settings not kept: %1").arg(error));
}

void GatewayPanel::stop()
{
    if (m_gateway)
        m_gateway->stop();
    updateState();
}

void GatewayPanel::applyFault(Endpoint endpoint)
{
    QLineEdit *edit = m_faults.value(endpoint);
    QString error;
    const auto fault = Fault::parse(edit->text(), &error);
    edit->setStyleSheet(fault ? QString() : QStringLiteral("color: #b00020"));
    edit->setToolTip(fault ? QString() : error);
    if (fault && m_gateway) {
        // The form may hold edits not applied yet: the config change must not overwrite them.
        const QScopedValueRollback applying(m_applying, true);
        m_gateway->setFault(endpoint, *fault);
    }
}

void GatewayPanel::updateState()
{
    const bool running = m_gateway && m_gateway->isRunning();
    m_start->setEnabled(m_gateway && !running);
    m_stop->setEnabled(running);
    m_point->setEnabled(running);
    for (QWidget *field : {static_cast<QWidget *>(m_host), static_cast<QWidget *>(m_port),
                           static_cast<QWidget *>(m_apiKey), static_cast<QWidget *>(m_secret),
                           static_cast<QWidget *>(m_webhookUrl), static_cast<QWidget *>(m_scheme),
                           static_cast<QWidget *>(m_stateFile)})
        field->setEnabled(!running);
    if (!running) {
        if (!m_status->text().startsWith(tr("Not started")))
            m_status->setText(tr("Stopped"));
        return;
    }
    QString text = tr("Running on %1").arg(m_gateway->baseUrl().toString());
    if (m_gateway->config().isExposed())
        text += tr(" (reachable from other machines: credentials travel in plain HTTP)");
    m_status->setText(text);
}

void GatewayPanel::refreshPayments()
{
    if (!m_gateway) {
        fillPayments({});
        m_paymentsNote->clear();
        return;
    }
    if (!m_lookupId.isEmpty()) {
        const std::optional<gateway::Payment> found = m_gateway->payment(m_lookupId);
        fillPayments(found ? QVector<gateway::Payment>{*found} : QVector<gateway::Payment>());
        m_paymentsNote->setText(
            found ? tr("payment %1 (clear the search for the newest)").arg(m_lookupId)
                  : tr("no payment %1").arg(m_lookupId));
        return;
    }
    // Bounded reads: a store of a million payments must not stall the window.
    QVector<gateway::Payment> newest = m_gateway->recentPayments(kShownPayments);
    std::reverse(newest.begin(), newest.end());
    const qint64 total = m_gateway->paymentCount();
    fillPayments(newest);
    const QLocale locale;
    m_paymentsNote->setText(
        total > newest.size()
            ? tr("showing newest %1 of %2")
                  .arg(locale.toString(qlonglong(newest.size())), locale.toString(qlonglong(total)))
            : tr("%n payment(s)", nullptr, int(total)));
}

void GatewayPanel::fillPayments(const QVector<gateway::Payment> &newestFirst)
{
    const QString selected = selectedPaymentId();
    m_payments->setRowCount(int(newestFirst.size()));
    for (int row = 0; row < newestFirst.size(); ++row) {
        const gateway::Payment &p = newestFirst[row];
        setCells(m_payments, row,
                 {p.id, gateway::statusName(p.status), QString::number(p.amount), p.currency,
                  QString::number(p.capturedAmount), QString::number(p.refundedAmount),
                  p.updatedAt.toLocalTime().toString(Qt::ISODate)});
        if (p.id == selected)
            m_payments->selectRow(row);
    }
}

QString GatewayPanel::selectedPaymentId() const
{
    const QList<QTableWidgetItem *> items = m_payments->selectedItems();
    return items.isEmpty() ? QString() : m_payments->item(items.first()->row(), 0)->text();
}

void GatewayPanel::showLogEntry(const QModelIndex &index)
{
    if (!index.isValid()) {
        m_bodies->clear();
        return;
    }
    const gateway::GatewayLogEntry &entry = m_logModel->entry(index.row());
    m_bodies->setPlainText(tr("%1\n\nRequest:\n%2\n\nAnswer:\n%3")
                               .arg(entry.toLine(), QString::fromUtf8(entry.requestBody),
                                    QString::fromUtf8(entry.responseBody)));
}

void GatewayPanel::cancelSelected()
{
    const QString id = selectedPaymentId();
    if (id.isEmpty() || !m_gateway)
        return;
    QString error;
    if (!m_gateway->cancelPayment(id, &error))
        m_status->setText(tr("Cannot cancel %1: %2").arg(id, error));
}

void GatewayPanel::refreshDeliveries()
{
    const QVector<gateway::WebhookDelivery> deliveries =
        m_gateway ? m_gateway->deliveries() : QVector<gateway::WebhookDelivery>();
    m_deliveries->setRowCount(int(deliveries.size()));
    // Newest first.
    for (int row = 0; row < deliveries.size(); ++row) {
        const gateway::WebhookDelivery &d = deliveries[deliveries.size() - 1 - row];
        QString result = d.lastError.isEmpty() && d.lastStatus
                             ? QStringLiteral("HTTP %1").arg(d.lastStatus)
                             : d.lastError;
        if (d.nextAttemptAt.isValid())
            result += tr(", next attempt %1")
                          .arg(d.nextAttemptAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
        setCells(m_deliveries, row,
                 {d.eventId, d.eventType, d.paymentId, gateway::deliveryStateName(d.state),
                  QString::number(d.attempts), result});
    }
}

void GatewayPanel::resendSelected()
{
    const QList<QTableWidgetItem *> items = m_deliveries->selectedItems();
    if (items.isEmpty() || !m_gateway)
        return;
    const QString eventId = m_deliveries->item(items.first()->row(), 0)->text();
    if (!m_gateway->resendEvent(eventId))
        m_status->setText(tr("Cannot send %1 again: no webhook URL is set").arg(eventId));
}

void GatewayPanel::openSelected()
{
    const QString id = selectedPaymentId();
    if (id.isEmpty() || !m_gateway || !m_gateway->isRunning())
        return;
    QUrl url = m_gateway->baseUrl();
    url.setPath(QStringLiteral("/dashboard/payments/") + id);
    QDesktopServices::openUrl(url);
}

} // namespace paybench::ui
