#include "WebhookLabPanel.h"

#include "SeverityStyle.h"
#include "SignatureDiagnosis.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace paybench::ui {

namespace {

QPlainTextEdit *codeEditor(QWidget *parent)
{
    auto *editor = new QPlainTextEdit(parent);
    editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    return editor;
}

void fillSchemes(QComboBox *combo)
{
    for (const QString &name : webhook::schemeNames())
        combo->addItem(name, name);
}

} // namespace

WebhookLabPanel::WebhookLabPanel(QWidget *parent)
    : ProviderPanel(parent), m_sender(new support::WebhookSender(this)),
      m_tabs(new QTabWidget(this)), m_type(new QComboBox(this)), m_paymentId(new QLineEdit(this)),
      m_scheme(new QComboBox(this)), m_secret(new QLineEdit(this)), m_wrap(new QComboBox(this)),
      m_url(new QLineEdit(this)), m_actionHint(new QLabel(this)), m_event(codeEditor(this)),
      m_send(new QPushButton(tr("Send"), this)),
      m_negatives(new QPushButton(tr("Run negative sends"), this)),
      m_results(new QTableWidget(0, 5, this)), m_verifyBody(codeEditor(this)),
      m_verifyHeaders(codeEditor(this)), m_verifySecret(new QLineEdit(this)),
      m_verifyScheme(new QComboBox(this)), m_tolerance(new QSpinBox(this)),
      m_verdict(new QLabel(this)), m_receiver(new support::WebhookReceiver(this)),
      m_captureToggle(new QPushButton(tr("Start capturing"), this)),
      m_captureStatus(new QLabel(this)), m_capturedTable(new QTableWidget(0, 4, this)),
      m_captureDetail(codeEditor(this)), m_replayUrl(new QLineEdit(this)),
      m_replay(new QPushButton(tr("Replay"), this))
{
    m_type->setEditable(true);
    m_type->addItems(support::webhookEventTypes());
    m_type->setCurrentText(QStringLiteral("payment_intent.succeeded"));
    m_paymentId->setPlaceholderText(tr("pay_..."));
    fillSchemes(m_scheme);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("the provider's webhookSecret"));
    m_wrap->addItem(tr("Openfront wrap (handle-webhook)"),
                    support::wrapName(support::WebhookWrap::Openfront));
    m_wrap->addItem(tr("Raw (Openfront ingress /api/payment-webhooks/...)"),
                    support::wrapName(support::WebhookWrap::Raw));
    m_actionHint->setWordWrap(true);
    m_results->setHorizontalHeaderLabels(
        {tr("Send"), tr("Correct receiver"), tr("Answer"), tr("Verdict"), tr("Why")});
    m_results->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    m_results->setObjectName(QStringLiteral("sendResults"));
    m_results->verticalHeader()->hide();
    m_results->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_results->setWordWrap(true);

    auto *compose = new QWidget(this);
    auto *form = new QFormLayout;
    auto *eventRow = new QHBoxLayout;
    eventRow->addWidget(m_type, 2);
    eventRow->addWidget(m_paymentId, 1);
    auto *composeButton = new QPushButton(tr("Compose"), this);
    eventRow->addWidget(composeButton);
    form->addRow(tr("Event:"), eventRow);
    form->addRow(QString(), m_actionHint);
    auto *signRow = new QHBoxLayout;
    signRow->addWidget(m_scheme);
    signRow->addWidget(m_secret, 1);
    form->addRow(tr("Signed:"), signRow);
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_wrap);
    sendRow->addWidget(m_url, 1);
    form->addRow(tr("Send to:"), sendRow);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_send);
    buttons->addWidget(m_negatives);
    auto *split = new QSplitter(Qt::Vertical, compose);
    split->addWidget(m_event);
    split->addWidget(m_results);
    auto *composeLayout = new QVBoxLayout(compose);
    composeLayout->addLayout(form);
    composeLayout->addLayout(buttons);
    composeLayout->addWidget(split, 1);

    auto *verifyTab = new QWidget(this);
    fillSchemes(m_verifyScheme);
    m_verifyScheme->insertItem(0, tr("from the headers"), QString());
    m_verifyScheme->setCurrentIndex(0);
    m_tolerance->setRange(0, 86400 * 365);
    m_tolerance->setValue(webhook::WebhookSigner::kDefaultToleranceSeconds);
    m_tolerance->setSuffix(tr(" s"));
    m_verifySecret->setEchoMode(QLineEdit::Password);
    m_verifyHeaders->setPlaceholderText(tr("x-gateway-signature: 3f1a...\n(one header a line)"));
    m_verifyBody->setPlaceholderText(tr("the body exactly as received"));
    m_verdict->setWordWrap(true);
    m_verdict->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    // Room for the cause, the explanation and expected beside given.
    m_verdict->setMinimumHeight(m_verdict->fontMetrics().lineSpacing() * 7);
    m_verifyHeaders->setMaximumHeight(m_verifyHeaders->fontMetrics().lineSpacing() * 6);
    m_verdict->setTextFormat(Qt::RichText);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *verifyForm = new QFormLayout;
    verifyForm->addRow(tr("Body:"), m_verifyBody);
    verifyForm->addRow(tr("Headers:"), m_verifyHeaders);
    auto *verifyRow = new QHBoxLayout;
    verifyRow->addWidget(m_verifySecret, 1);
    verifyRow->addWidget(m_verifyScheme);
    verifyRow->addWidget(new QLabel(tr("tolerance"), this));
    verifyRow->addWidget(m_tolerance);
    auto *verifyButton = new QPushButton(tr("Verify"), this);
    verifyRow->addWidget(verifyButton);
    verifyForm->addRow(tr("Secret:"), verifyRow);
    auto *verifyLayout = new QVBoxLayout(verifyTab);
    verifyLayout->addLayout(verifyForm, 1);
    verifyLayout->addWidget(m_verdict);

    auto *captureTab = new QWidget(this);
    m_captureToggle->setObjectName(QStringLiteral("captureToggle"));
    m_captureStatus->setWordWrap(true);
    m_capturedTable->setHorizontalHeaderLabels(
        {tr("Received"), tr("Path"), tr("Verification"), tr("Bytes")});
    m_capturedTable->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_capturedTable->verticalHeader()->hide();
    m_capturedTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_capturedTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_capturedTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_captureDetail->setReadOnly(true);
    m_replayUrl->setPlaceholderText(tr("URL to replay to"));
    m_replay->setEnabled(false);
    auto *listenRow = new QHBoxLayout;
    listenRow->addWidget(m_captureToggle);
    listenRow->addWidget(m_captureStatus, 1);
    auto *replayRow = new QHBoxLayout;
    replayRow->addWidget(m_replayUrl, 1);
    replayRow->addWidget(m_replay);
    auto *captureSplit = new QSplitter(Qt::Vertical, captureTab);
    captureSplit->addWidget(m_capturedTable);
    captureSplit->addWidget(m_captureDetail);
    auto *captureLayout = new QVBoxLayout(captureTab);
    captureLayout->addLayout(listenRow);
    captureLayout->addWidget(captureSplit, 1);
    captureLayout->addLayout(replayRow);

    m_tabs->addTab(compose, tr("Compose and send"));
    m_tabs->addTab(verifyTab, tr("Verify a signature"));
    m_tabs->addTab(captureTab, tr("Capture"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    connect(composeButton, &QPushButton::clicked, this, &WebhookLabPanel::compose);
    connect(m_type, &QComboBox::currentTextChanged, this, &WebhookLabPanel::updateActionHint);
    connect(m_send, &QPushButton::clicked, this, [this] { send({support::Tamper::None}); });
    connect(m_negatives, &QPushButton::clicked, this, &WebhookLabPanel::sendNegatives);
    connect(verifyButton, &QPushButton::clicked, this, &WebhookLabPanel::verify);
    connect(m_sender, &support::WebhookSender::sendFinished, this, [this](const auto &outcome) {
        QString error;
        if (history() && !support::recordWebhookSend(outcome, *history(), &error))
            m_actionHint->setText(tr("The send was not kept in the history: %1").arg(error));
        if (m_replaying) {
            m_replaying = false;
            m_replay->setEnabled(true);
            const contract::Verdict verdict = outcome.verdict();
            m_captureStatus->setText(tr("Replay: %1 (%2)")
                                         .arg(contract::severityName(verdict.result()),
                                              verdict.findings.isEmpty()
                                                  ? QString()
                                                  : verdict.findings.first().message));
            emit replayFinished(outcome);
            return;
        }
        showOutcome(outcome);
        sendNext();
    });
    connect(m_captureToggle, &QPushButton::clicked, this, [this] {
        if (m_receiver->isAttached())
            stopCapture();
        else
            startCapture();
    });
    connect(m_receiver, &support::WebhookReceiver::webhookCaptured, this,
            &WebhookLabPanel::addCaptured);
    connect(m_capturedTable, &QTableWidget::currentCellChanged, this,
            [this](int row) { showCaptured(row); });
    connect(m_replay, &QPushButton::clicked, this,
            [this] { replay(m_capturedTable->currentRow(), m_replayUrl->text().trimmed()); });
    updateActionHint();
    stopCapture();
    providerChanged();
}

void WebhookLabPanel::setEventType(const QString &type)
{
    m_type->setCurrentText(type);
}

void WebhookLabPanel::setPaymentId(const QString &paymentId)
{
    m_paymentId->setText(paymentId);
}

void WebhookLabPanel::setSecret(const QString &secret)
{
    m_secret->setText(secret);
}

void WebhookLabPanel::setUrl(const QString &url)
{
    m_url->setText(url);
}

void WebhookLabPanel::setScheme(webhook::Scheme scheme)
{
    m_scheme->setCurrentIndex(m_scheme->findData(webhook::schemeName(scheme)));
}

void WebhookLabPanel::showVerifyTab()
{
    m_tabs->setCurrentIndex(1);
}

void WebhookLabPanel::providerChanged()
{
    const Platform *target = platform();
    if (target)
        m_url->setText(target->target(PaymentFunction::HandleWebhook));
    m_providerRecord.reset();
    m_providerSecrets.clear();
    // The secret is filled from the provider when its credentials are loaded already; else on
    // the first send (secrets are read on first use). The wrap then carries the provider record
    // as Openfront sends it (a handler may need its apiKey).
    QString error;
    if (const auto loaded =
            workspace() ? credentialResolver().resolveLoaded(*workspace(), provider(), &error)
                        : std::nullopt)
        takeProvider(*loaded);
}

void WebhookLabPanel::takeProvider(const contract::CallTarget &target)
{
    if (m_secret->text().isEmpty())
        m_secret->setText(target.credentialValue(QStringLiteral("webhookSecret")));
    contract::CallSpec spec;
    spec.function = PaymentFunction::HandleWebhook;
    spec.profile = &contract::newestOpenfrontProfile();
    const json::OrderedValue body = contract::defaultBody(target, spec);
    if (const json::OrderedValue *record = body.member(QStringLiteral("provider")))
        m_providerRecord = *record;
    m_providerSecrets = target.secretValues();
}

void WebhookLabPanel::updateActionHint()
{
    const support::OpenfrontAction action = support::openfrontActionFor(m_type->currentText());
    m_actionHint->setText(
        action == support::OpenfrontAction::None
            ? tr("Openfront only records this type for manual reconciliation; it changes nothing.")
            : tr("Openfront marks the payment %1 on this type.")
                  .arg(support::openfrontActionName(action)));
}

support::WebhookSendSpec WebhookLabPanel::sendSpec(support::Tamper tamper) const
{
    support::WebhookSendSpec spec;
    spec.scheme = *webhook::schemeFromName(m_scheme->currentData().toString());
    spec.secret = m_secret->text().toUtf8();
    spec.event.type = m_type->currentText();
    spec.event.paymentId = m_paymentId->text().trimmed();
    if (!m_event->toPlainText().trimmed().isEmpty())
        spec.eventBody = m_event->toPlainText().toUtf8();
    spec.wrap = *support::wrapFromName(m_wrap->currentData().toString());
    spec.tamper = tamper;
    spec.providerCode = provider();
    // The lab's secret field wins over the stored one: it may be a deliberate other value.
    if (m_providerRecord) {
        json::OrderedValue record = *m_providerRecord;
        if (const json::OrderedValue *stored = record.member(QStringLiteral("credentials"));
            stored && stored->isObject()) {
            json::OrderedValue credentials = *stored;
            credentials.setMember(QStringLiteral("webhookSecret"),
                                  json::OrderedValue::string(m_secret->text()));
            record.setMember(QStringLiteral("credentials"), credentials);
        }
        spec.provider = record;
    }
    return spec;
}

void WebhookLabPanel::compose()
{
    support::WebhookEventSpec spec;
    spec.type = m_type->currentText();
    spec.paymentId = m_paymentId->text().trimmed();
    m_event->setPlainText(QString::fromUtf8(json::prettyPrint(support::composeWebhookEvent(spec))));
}

void WebhookLabPanel::send(const QVector<support::Tamper> &tampers)
{
    if (m_event->toPlainText().trimmed().isEmpty())
        compose();
    m_queue = tampers;
    m_results->setRowCount(0);
    m_send->setEnabled(false);
    m_negatives->setEnabled(false);
    if (m_providerRecord || !providerInstance()) {
        sendNext();
        return;
    }
    withCallTarget([this](const std::optional<contract::CallTarget> &target, const QString &) {
        if (target)
            takeProvider(*target);
        sendNext(); // without the provider's record when its secrets cannot be read
    });
}

void WebhookLabPanel::sendNegatives()
{
    QVector<support::Tamper> tampers{support::Tamper::None};
    for (const QString &name : support::tamperNames())
        tampers.append(*support::tamperFromName(name));
    send(tampers);
}

void WebhookLabPanel::sendNext()
{
    if (m_queue.isEmpty()) {
        m_send->setEnabled(true);
        m_negatives->setEnabled(true);
        emit sendsFinished();
        return;
    }
    const support::Tamper tamper = m_queue.takeFirst();
    const support::WebhookSendSpec spec = sendSpec(tamper);
    m_sender->start(QUrl(m_url->text().trimmed()), support::buildWebhookSend(spec),
                    m_providerSecrets + QStringList{QString::fromUtf8(spec.secret)}, 10'000);
}

void WebhookLabPanel::showOutcome(const support::WebhookSendOutcome &outcome)
{
    const contract::Verdict verdict = outcome.verdict();
    QStringList answers;
    for (const support::WebhookDelivery &delivery : outcome.deliveries) {
        const contract::CallResponse &response = delivery.result.response;
        answers.append(response.outcome == contract::TransportOutcome::Completed
                           ? QString::number(response.httpStatus)
                           : tr("no answer"));
    }
    QStringList why;
    for (const contract::Finding &finding : verdict.findings)
        why.append(finding.advice.isEmpty()
                       ? finding.message
                       : finding.message + QStringLiteral(" - ") + finding.advice);
    const int row = m_results->rowCount();
    m_results->insertRow(row);
    const QStringList cells{support::tamperName(outcome.send.tamper),
                            support::expectedAnswerName(outcome.send.expected),
                            answers.join(QStringLiteral(", ")),
                            contract::severityName(verdict.result()), why.join(QLatin1Char('\n'))};
    for (int column = 0; column < cells.size(); ++column) {
        auto *item = new QTableWidgetItem(cells[column]);
        item->setToolTip(column == 1 ? outcome.send.expectation : cells[column]);
        m_results->setItem(row, column, item);
    }
    m_results->item(row, 3)->setForeground(severityColor(verdict.result()));
    m_results->resizeColumnsToContents();
    m_results->resizeRowsToContents();
}

void WebhookLabPanel::setVerifyInput(const QByteArray &body, const QString &headers,
                                     const QString &secret)
{
    m_verifyBody->setPlainText(QString::fromUtf8(body));
    m_verifyHeaders->setPlainText(headers);
    m_verifySecret->setText(secret);
}

void WebhookLabPanel::verify()
{
    webhook::HeaderList headers;
    for (const QString &line : m_verifyHeaders->toPlainText().split(QLatin1Char('\n'))) {
        if (line.trimmed().isEmpty())
            continue;
        const auto header = support::parseHeaderLine(line);
        if (!header) {
            m_verdict->setText(tr("<b>Cannot read</b> the header line '%1': write 'name: value'.")
                                   .arg(line.toHtmlEscaped()));
            return;
        }
        headers.append(*header);
    }
    const QString schemeName = m_verifyScheme->currentData().toString();
    const auto scheme = schemeName.isEmpty() ? std::nullopt : webhook::schemeFromName(schemeName);
    const support::SignatureExplanation e =
        support::explainSignature(m_verifyBody->toPlainText().toUtf8(), headers,
                                  m_verifySecret->text().toUtf8(), scheme, m_tolerance->value());
    const contract::Severity severity =
        e.valid() ? contract::Severity::Pass : contract::Severity::Failure;
    QString html =
        tr("<b style='color:%1'>%2</b> (%3 scheme%4)<br>%5")
            .arg(severityColor(severity).name(),
                 e.valid() ? tr("Valid")
                           : tr("Not valid: %1").arg(support::signatureCauseName(e.cause)),
                 webhook::schemeName(e.scheme),
                 e.schemeGuessed ? tr(", guessed from the headers") : QString(),
                 e.explanation.toHtmlEscaped());
    if (!e.valid())
        html +=
            tr("<br><tt>header:&nbsp;&nbsp; %1<br>expected: %2<br>given:&nbsp;&nbsp;&nbsp; %3</tt>")
                .arg(QString::fromLatin1(e.headerName).toHtmlEscaped(),
                     QString::fromLatin1(e.expected).toHtmlEscaped(),
                     QString::fromLatin1(e.given).toHtmlEscaped());
    m_verdict->setText(html);
}

void WebhookLabPanel::showCaptureTab()
{
    m_tabs->setCurrentIndex(2);
}

void WebhookLabPanel::setGateway(gateway::DemoGateway *gateway)
{
    stopCapture();
    m_gateway = gateway;
}

QUrl WebhookLabPanel::startCapture()
{
    if (!m_gateway || !m_gateway->isRunning()) {
        m_captureStatus->setText(tr("The demo gateway is not running: start it in the Demo "
                                    "gateway tab, then capture."));
        return {};
    }
    m_receiver->setVerification(*webhook::schemeFromName(m_scheme->currentData().toString()),
                                m_secret->text().toUtf8());
    m_receiver->attach(m_gateway);
    m_captureToggle->setText(tr("Stop capturing"));
    QUrl url = m_receiver->url();
    m_captureStatus->setText(tr("Capturing at %1 (and any path below it), verifying as %2.")
                                 .arg(url.toString(), m_scheme->currentText()));
    return url;
}

void WebhookLabPanel::stopCapture()
{
    m_receiver->detach();
    m_captureToggle->setText(tr("Start capturing"));
    m_captureStatus->setText(tr("Not capturing. Webhooks POSTed to the demo gateway's /capture "
                                "route are kept here and verified with the scheme and secret of "
                                "the Compose tab."));
}

void WebhookLabPanel::addCaptured(const support::CapturedWebhook &webhook)
{
    const int row = m_capturedTable->rowCount();
    m_capturedTable->insertRow(row);
    const contract::Severity severity =
        webhook.verification.valid() ? contract::Severity::Pass : contract::Severity::Failure;
    const QStringList cells{webhook.at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")),
                            QString::fromLatin1(webhook.path),
                            support::signatureCauseName(webhook.verification.cause),
                            QString::number(webhook.body.size())};
    for (int column = 0; column < cells.size(); ++column)
        m_capturedTable->setItem(row, column, new QTableWidgetItem(cells[column]));
    m_capturedTable->item(row, 2)->setForeground(severityColor(severity));
    m_capturedTable->resizeColumnsToContents();
    if (m_capturedTable->currentRow() < 0)
        m_capturedTable->setCurrentCell(row, 0);
}

void WebhookLabPanel::showCaptured(int row)
{
    const auto &captured = m_receiver->captured();
    // The table and the receiver's list grow together; the receiver drops its oldest past
    // kMaxCaptured, so count from the end.
    const int index = int(captured.size()) - (m_capturedTable->rowCount() - row);
    m_replay->setEnabled(index >= 0 && index < captured.size() && !m_replaying);
    if (index < 0 || index >= captured.size()) {
        m_captureDetail->clear();
        return;
    }
    const support::CapturedWebhook &webhook = captured[index];
    QString text = QString::fromLatin1(webhook.method + ' ' + webhook.path) + QLatin1Char('\n');
    for (const webhook::Header &header : webhook.headers)
        text += QString::fromLatin1(header.first + ": " + header.second) + QLatin1Char('\n');
    text += QLatin1Char('\n') + QString::fromUtf8(webhook.body) +
            QStringLiteral("\n\n-- %1: %2\n   expected %3\n   given    %4")
                .arg(support::signatureCauseName(webhook.verification.cause),
                     webhook.verification.explanation,
                     QString::fromLatin1(webhook.verification.expected),
                     QString::fromLatin1(webhook.verification.given));
    m_captureDetail->setPlainText(text);
}

void WebhookLabPanel::replay(int capturedIndex, const QString &url)
{
    const auto &captured = m_receiver->captured();
    const int index = int(captured.size()) - (m_capturedTable->rowCount() - capturedIndex);
    if (index < 0 || index >= captured.size() || url.isEmpty()) {
        m_captureStatus->setText(tr("Choose a captured webhook and a URL to replay it to."));
        return;
    }
    m_replaying = true;
    m_replay->setEnabled(false);
    support::WebhookSend send = support::replaySend(captured[index]);
    send.providerCode = provider();
    m_sender->start(QUrl(url), send, m_providerSecrets + QStringList{m_secret->text()}, 10'000);
}

} // namespace paybench::ui
