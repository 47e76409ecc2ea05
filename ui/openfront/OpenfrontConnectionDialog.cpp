#include "OpenfrontConnectionDialog.h"

#include "ClearButton.h"
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace paybench::ui {

OpenfrontConnectionDialog::OpenfrontConnectionDialog(QWidget *parent)
    : QDialog(parent), m_url(new QLineEdit), m_key(new QLineEdit), m_keyHint(new QLabel),
      m_busy(new QProgressBar), m_result(new QLabel),
      m_test(new QPushButton(tr("&Test connection"))),
      m_save(new QPushButton(tr("&Save connection"))), m_close(new QPushButton(tr("Close")))
{
    setObjectName(QStringLiteral("openfrontConnectionDialog"));
    setWindowTitle(tr("Openfront connection"));
    setMinimumWidth(560);

    auto *intro = new QLabel(
        tr("The Openfront store this workspace pushes providers to and pulls them from. The API "
           "key (an of_… key made in the store's admin) is kept in the secret store, never in "
           "the workspace file."));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);

    m_url->setObjectName(QStringLiteral("openfrontUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://shop.example/api/graphql"));
    addClearButton(m_url);
    m_key->setObjectName(QStringLiteral("openfrontApiKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(QStringLiteral("of_…"));
    m_key->setAttribute(Qt::WA_InputMethodEnabled, false); // no IME history of the key
    m_keyHint->setWordWrap(true);
    m_keyHint->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout;
    form->addRow(tr("GraphQL &URL:"), m_url);
    form->addRow(tr("API &key:"), m_key);
    form->addRow(QString(), m_keyHint);

    m_busy->setObjectName(QStringLiteral("openfrontBusy"));
    m_busy->setRange(0, 0); // indeterminate: one request, no known length
    m_busy->setTextVisible(false);
    m_busy->setMaximumHeight(8);
    m_busy->setVisible(false);
    m_result->setObjectName(QStringLiteral("openfrontResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setTextFormat(Qt::PlainText);

    m_test->setObjectName(QStringLiteral("openfrontTest"));
    m_test->setToolTip(tr("Runs a small authenticated query (paymentProvidersCount); stores "
                          "nothing."));
    m_save->setObjectName(QStringLiteral("openfrontSave"));
    m_save->setToolTip(tr("Tests the connection, then keeps the key in the secret store and "
                          "the URL in the workspace file."));
    auto *buttons = new QDialogButtonBox;
    buttons->addButton(m_test, QDialogButtonBox::ActionRole);
    buttons->addButton(m_save, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    m_save->setDefault(true);
    connect(m_test, &QPushButton::clicked, this, &OpenfrontConnectionDialog::testRequested);
    connect(m_save, &QPushButton::clicked, this, &OpenfrontConnectionDialog::saveRequested);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    // Save answers through the controller; the box must not close the dialog by itself.
    disconnect(buttons, &QDialogButtonBox::accepted, this, nullptr);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_busy);
    layout->addWidget(m_result);
    layout->addStretch();
    layout->addWidget(buttons);
    setKeyStored(false);
}

void OpenfrontConnectionDialog::setUrl(const QString &url)
{
    m_url->setText(url);
}

QString OpenfrontConnectionDialog::url() const
{
    return m_url->text().trimmed();
}

void OpenfrontConnectionDialog::setApiKey(const QString &apiKey)
{
    m_key->setText(apiKey);
}

QString OpenfrontConnectionDialog::apiKey() const
{
    return m_key->text().trimmed();
}

void OpenfrontConnectionDialog::setKeyStored(bool stored)
{
    m_keyHint->setText(stored ? tr("A key is stored for this workspace; leave the field empty to "
                                   "keep it.")
                              : tr("No key is stored for this workspace yet."));
}

void OpenfrontConnectionDialog::setIdle(bool idle)
{
    m_busy->setVisible(!idle);
    for (QWidget *widget : {static_cast<QWidget *>(m_url), static_cast<QWidget *>(m_key),
                            static_cast<QWidget *>(m_test), static_cast<QWidget *>(m_save),
                            static_cast<QWidget *>(m_close)})
        widget->setEnabled(idle);
}

void OpenfrontConnectionDialog::showBusy(const QString &what)
{
    setIdle(false);
    m_result->setStyleSheet(QString());
    m_result->setText(what);
}

void OpenfrontConnectionDialog::showResult(bool ok, const QString &text)
{
    setIdle(true);
    // Fixed colours that read on light and dark palettes alike.
    m_result->setStyleSheet(ok ? QStringLiteral("color: #2e7d32;")
                               : QStringLiteral("color: #c62828;"));
    m_result->setText(text);
}

QString OpenfrontConnectionDialog::resultText() const
{
    return m_result->text();
}

bool OpenfrontConnectionDialog::isBusy() const
{
    return m_busy->isVisible() || !m_test->isEnabled();
}

} // namespace paybench::ui
