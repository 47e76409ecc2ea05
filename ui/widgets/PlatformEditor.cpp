#include "PlatformEditor.h"

#include "ClearButton.h"
#include "WorkspaceDocument.h"

#include <QCompleter>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paybench {

PlatformEditor::PlatformEditor(WorkspaceDocument *document, QWidget *parent)
    : ItemEditor(ItemKind::Platform, document, parent), m_name(new QLineEdit(this)),
      m_baseUrl(new QLineEdit(this)), m_providers(new QLabel(this)),
      m_caCertificate(new QLineEdit(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<b>Platform</b> \u2014 the six functions Openfront calls"), this);
    layout->addWidget(title);
    layout->addWidget(generalMessage());
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(form);

    m_name->setObjectName(QStringLiteral("platformName"));
    addRow(form, tr("&Name:"), m_name, QStringLiteral("name"));
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("name"), [&](Platform &p) { p.name = text; });
    });

    m_baseUrl->setObjectName(QStringLiteral("baseUrl"));
    m_baseUrl->setPlaceholderText(QStringLiteral("https://your-api.com"));
    m_baseUrl->setToolTip(tr("Fills the six targets with the conventional paths below this URL "
                             "(/api/create-payment ...)"));
    QPushButton *fill =
        addRowWithButton(form, tr("&Base URL:"), m_baseUrl, QStringLiteral("baseUrl"),
                         tr("&Fill the six targets"), QStringLiteral("applyBaseUrl"));
    connect(fill, &QPushButton::clicked, this, &PlatformEditor::applyBaseUrl);
    connect(m_baseUrl, &QLineEdit::returnPressed, this, &PlatformEditor::applyBaseUrl);

    auto *adapters = new QCompleter(builtInAdapterNames(), this);
    for (PaymentFunction function : kAllPaymentFunctions) {
        auto *target = new QLineEdit(this);
        const QString field = functionField(function);
        target->setObjectName(field);
        target->setCompleter(adapters);
        target->setPlaceholderText(
            tr("https://your-api.com%1 or %2")
                .arg(conventionalPath(function), builtInAdapterNames().join(QStringLiteral(", "))));
        m_targets.at(std::size_t(function)) = target;
        addRow(form, functionTitle(function) + QLatin1Char(':'), target, field);
        connect(target, &QLineEdit::textChanged, this, [this, function, field](const QString &t) {
            edit(field, [&](Platform &p) { p.setTarget(function, t); });
        });
    }
    m_caCertificate->setObjectName(QStringLiteral("caCertificateFile"));
    m_caCertificate->setPlaceholderText(tr("none: only the system's trusted CAs"));
    addClearButton(m_caCertificate);
    m_caCertificate->setToolTip(tr("A PEM file of CA certificates trusted for this platform's "
                                   "https:// targets in addition to the system's, e.g. the "
                                   "gateway's own test CA"));
    QPushButton *browse = addRowWithButton(form, tr("&CA certificate:"), m_caCertificate,
                                           QStringLiteral("caCertificateFile"), tr("Br&owse\u2026"),
                                           QStringLiteral("chooseCaCertificate"));
    connect(browse, &QPushButton::clicked, this, &PlatformEditor::chooseCaCertificate);
    connect(m_caCertificate, &QLineEdit::textChanged, this, [this](const QString &path) {
        edit(QStringLiteral("caCertificateFile"), [&](Platform &p) { p.caCertificateFile = path; });
    });

    auto *providerRow = new QHBoxLayout;
    providerRow->addWidget(m_providers);
    auto *addProvider = new QPushButton(tr("Add a provider &instance"), this);
    addProvider->setObjectName(QStringLiteral("addProviderToPlatform"));
    providerRow->addWidget(addProvider);
    providerRow->addStretch(1);
    layout->addSpacing(fontMetrics().height());
    layout->addLayout(providerRow);
    connect(addProvider, &QPushButton::clicked, this, &PlatformEditor::addProviderRequested);
    layout->addStretch(1);
}

QPushButton *PlatformEditor::addRowWithButton(QFormLayout *form, const QString &label,
                                              QLineEdit *field, const QString &name,
                                              const QString &buttonText, const QString &buttonName)
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *button = new QPushButton(buttonText, row);
    button->setObjectName(buttonName);
    layout->addWidget(field, 1);
    layout->addWidget(button);
    addRow(form, label, row, name);
    return button;
}

void PlatformEditor::load()
{
    const Platform *platform = m_document->workspace().platform(item());
    const QSignalBlocker blockName(m_name);
    setText(m_name, platform->name);
    // A base URL typed but not applied stays while the same platform reloads (an undo of
    // another field); another platform, a new one included, shows its own or nothing.
    const QString base = platform->baseUrl();
    if (!base.isEmpty() || m_baseUrl->text().isEmpty() || m_loadedItem != item())
        setText(m_baseUrl, base);
    m_loadedItem = item();
    for (PaymentFunction function : kAllPaymentFunctions) {
        QLineEdit *target = m_targets.at(std::size_t(function));
        const QSignalBlocker block(target);
        setText(target, platform->target(function));
    }
    const QSignalBlocker blockCa(m_caCertificate);
    setText(m_caCertificate, platform->caCertificateFile);
    showProviderCount();
}

void PlatformEditor::otherItemsChanged()
{
    if (!item().isEmpty())
        showProviderCount();
}

void PlatformEditor::showProviderCount()
{
    const auto count = m_document->workspace().providersOfPlatform(item()).size();
    m_providers->setText(count == 0   ? tr("No provider instance uses this platform yet.")
                         : count == 1 ? tr("One provider instance uses this platform.")
                                      : tr("%1 provider instances use this platform.").arg(count));
}

QVector<Finding> PlatformEditor::validate() const
{
    const Platform *platform = m_document->workspace().platform(item());
    return platform ? validatePlatform(*platform, m_document->workspace()) : QVector<Finding>();
}

void PlatformEditor::edit(const QString &field, const std::function<void(Platform &)> &change)
{
    commit(field, [&](QString *error) {
        Platform next = *m_document->workspace().platform(item());
        change(next);
        return m_document->updatePlatform(item(), next, field, error);
    });
}

void PlatformEditor::applyBaseUrl()
{
    const QString base = m_baseUrl->text().trimmed();
    const QVector<Finding> findings =
        validateTarget(item(), QStringLiteral("baseUrl"), base + QStringLiteral("/api"));
    if (base.isEmpty()) {
        showError(QStringLiteral("baseUrl"),
                  tr("enter the URL the six paths go below, e.g. https://your-api.com"));
        return;
    }
    if (isBuiltInAdapter(base) || hasErrors(findings)) {
        showError(QStringLiteral("baseUrl"), findings.isEmpty()
                                                 ? tr("must be an absolute http(s) URL")
                                                 : findings.constFirst().message);
        return;
    }
    // One undo step for all six targets.
    commit(QStringLiteral("baseUrl"), [&](QString *error) {
        Platform next = *m_document->workspace().platform(item());
        next.setBaseUrl(base);
        return m_document->updatePlatform(item(), next, QString(), error);
    });
    load();
}

void PlatformEditor::chooseCaCertificate()
{
    const QString current = m_caCertificate->text();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("CA certificate for %1").arg(item()),
        current.isEmpty() ? QString() : QFileInfo(current).absolutePath(),
        tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    if (!path.isEmpty())
        m_caCertificate->setText(path); // textChanged records it as one undoable edit
}

} // namespace paybench
