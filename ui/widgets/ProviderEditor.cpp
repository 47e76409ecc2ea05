#include "ProviderEditor.h"

#include "CredentialDelegate.h"
#include "CredentialsModel.h"
#include "WorkspaceDocument.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace paybench {
namespace {

// Views as tall as their rows (within bounds), so the form has no empty boxes.
void fitRows(QAbstractItemView *view, int rows, int minRows, int maxRows)
{
    const int shown = qBound(minRows, rows, maxRows);
    auto *table = qobject_cast<QTableView *>(view);
    // A table's rows are one line (no word wrap); a hidden list has no hint yet.
    int row = table ? table->verticalHeader()->defaultSectionSize() : view->sizeHintForRow(0);
    if (row <= 0)
        row = view->fontMetrics().height() + 8;
    int height = shown * row + 2 * view->frameWidth() + 4;
    if (table)
        height += table->horizontalHeader()->sizeHint().height();
    view->setFixedHeight(height);
}

} // namespace

ProviderEditor::ProviderEditor(WorkspaceDocument *document, QWidget *parent)
    : ItemEditor(ItemKind::Provider, document, parent), m_name(new QLineEdit(this)),
      m_code(new QLineEdit(this)), m_platform(new QComboBox(this)),
      m_environment(new QComboBox(this)), m_installed(new QCheckBox(tr("&Installed"), this)),
      m_credentials(new CredentialsModel(
          document,
          [this](const QString &field, const std::function<void(ProviderInstance &)> &change) {
              return edit(field, change);
          },
          this)),
      m_credentialsView(new QTableView(this)), m_reveal(new QPushButton(tr("&Reveal"), this)),
      m_copy(new QPushButton(tr("&Copy value"), this)),
      m_removeCredential(new QPushButton(tr("Remo&ve"), this)), m_regions(new QListWidget(this)),
      m_metadata(new QPlainTextEdit(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<b>Provider instance</b> \u2014 credentials, environment "
                                    "and regions for one platform"),
                                 this));
    layout->addWidget(generalMessage());
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    layout->addLayout(form);

    m_name->setObjectName(QStringLiteral("providerName"));
    addRow(form, tr("&Name:"), m_name, QStringLiteral("name"));
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("name"), [&](ProviderInstance &p) { p.name = text; });
    });

    m_code->setObjectName(QStringLiteral("providerCode"));
    m_code->setPlaceholderText(QStringLiteral("pp_my-gateway"));
    addRow(form, tr("C&ode:"), m_code, QStringLiteral("code"));
    connect(m_code, &QLineEdit::textEdited, this, [this](const QString &text) {
        edit(QStringLiteral("code"), [&](ProviderInstance &p) { p.code = text; });
    });

    m_platform->setObjectName(QStringLiteral("providerPlatform"));
    addRow(form, tr("&Platform:"), m_platform, QStringLiteral("platform"));
    connect(m_platform, &QComboBox::activated, this, [this] {
        const QString platform = m_platform->currentText();
        edit(QStringLiteral("platform"), [&](ProviderInstance &p) { p.platform = platform; });
    });

    auto *modeRow = new QWidget(this);
    auto *modeLayout = new QHBoxLayout(modeRow);
    modeLayout->setContentsMargins(0, 0, 0, 0);
    m_environment->setObjectName(QStringLiteral("providerEnvironment"));
    for (Environment environment : {Environment::Sandbox, Environment::Live})
        m_environment->addItem(environmentName(environment), int(environment));
    modeLayout->addWidget(m_environment);
    m_installed->setObjectName(QStringLiteral("providerInstalled"));
    modeLayout->addWidget(m_installed);
    modeLayout->addStretch(1);
    addRow(form, tr("&Environment:"), modeRow, QStringLiteral("environment"));
    connect(m_environment, &QComboBox::activated, this, [this] {
        const auto environment = Environment(m_environment->currentData().toInt());
        edit(QStringLiteral("environment"),
             [&](ProviderInstance &p) { p.environment = environment; });
    });
    connect(m_installed, &QCheckBox::clicked, this, [this](bool checked) {
        edit(QStringLiteral("installed"), [&](ProviderInstance &p) { p.installed = checked; });
    });

    // Credentials: a table and its buttons.
    auto *credentialsBox = new QWidget(this);
    auto *credentialsLayout = new QVBoxLayout(credentialsBox);
    credentialsLayout->setContentsMargins(0, 0, 0, 0);
    m_credentialsView->setObjectName(QStringLiteral("credentials"));
    m_credentialsView->setModel(m_credentials);
    m_credentialsView->setItemDelegate(new CredentialDelegate(m_credentialsView));
    m_credentialsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_credentialsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_credentialsView->verticalHeader()->hide();
    m_credentialsView->horizontalHeader()->setSectionResizeMode(CredentialsModel::KeyColumn,
                                                                QHeaderView::ResizeToContents);
    m_credentialsView->horizontalHeader()->setSectionResizeMode(CredentialsModel::ValueColumn,
                                                                QHeaderView::Stretch);
    for (const int column : {CredentialsModel::SecretColumn, CredentialsModel::PublicColumn})
        m_credentialsView->horizontalHeader()->setSectionResizeMode(column,
                                                                    QHeaderView::ResizeToContents);
    m_credentialsView->setWordWrap(false);
    // One line of text per row (the style's default is roomier than a form needs).
    m_credentialsView->verticalHeader()->setDefaultSectionSize(
        qMax(m_credentialsView->fontMetrics().height() + 8,
             style()->pixelMetric(QStyle::PM_IndicatorHeight) + 6));
    credentialsLayout->addWidget(m_credentialsView);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add"), credentialsBox);
    add->setObjectName(QStringLiteral("addCredential"));
    m_removeCredential->setObjectName(QStringLiteral("removeCredential"));
    m_reveal->setObjectName(QStringLiteral("revealCredential"));
    m_reveal->setCheckable(true);
    m_reveal->setToolTip(tr("Show the selected secret value (read from the secret store when "
                            "needed)"));
    m_copy->setObjectName(QStringLiteral("copyCredential"));
    m_copy->setToolTip(tr("Copy the selected value to the clipboard without showing it"));
    for (QPushButton *button : {add, m_removeCredential, m_reveal, m_copy})
        buttons->addWidget(button);
    buttons->addStretch(1);
    credentialsLayout->addLayout(buttons);
    addRow(form, tr("Cre&dentials:"), credentialsBox, QStringLiteral("credentials"));
    connect(add, &QPushButton::clicked, this, &ProviderEditor::addCredential);
    connect(m_removeCredential, &QPushButton::clicked, this, &ProviderEditor::removeCredential);
    connect(m_reveal, &QPushButton::toggled, this, &ProviderEditor::setCurrentRevealed);
    connect(m_copy, &QPushButton::clicked, this, &ProviderEditor::copyCurrentValue);
    connect(m_credentialsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ProviderEditor::updateCredentialButtons);
    connect(m_credentials, &QAbstractItemModel::modelReset, this, [this] {
        updateCredentialButtons();
        fitRows(m_credentialsView, m_credentials->rowCount() + 1, 3, 10);
    });
    connect(document, &WorkspaceDocument::secretsLoaded, this, &ProviderEditor::onSecretsLoaded);

    m_regions->setObjectName(QStringLiteral("providerRegions"));
    addRow(form, tr("Re&gions:"), m_regions, QStringLiteral("regions"));
    connect(m_regions, &QListWidget::itemChanged, this, [this] {
        QStringList chosen;
        for (int i = 0; i < m_regions->count(); ++i) {
            if (m_regions->item(i)->checkState() == Qt::Checked)
                chosen.append(m_regions->item(i)->data(Qt::UserRole).toString());
        }
        edit(QStringLiteral("regions"), [&](ProviderInstance &p) { p.regions = chosen; });
    });

    m_metadata->setObjectName(QStringLiteral("providerMetadata"));
    m_metadata->setTabChangesFocus(true);
    m_metadata->setPlaceholderText(QStringLiteral("{ \"key\": \"value\" }"));
    m_metadata->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_metadata->setMaximumHeight(140);
    addRow(form, tr("&Metadata (JSON):"), m_metadata, QStringLiteral("metadata"));
    connect(m_metadata, &QPlainTextEdit::textChanged, this, &ProviderEditor::onMetadataEdited);
    layout->addStretch(1);
    fillPlatforms();
    fillRegions();
}

bool ProviderEditor::edit(const QString &field,
                          const std::function<void(ProviderInstance &)> &change)
{
    return commit(field, [&](QString *error) {
        ProviderInstance next = *m_document->workspace().provider(item());
        change(next);
        return m_document->updateProvider(item(), next, field, error);
    });
}

void ProviderEditor::fillPlatforms()
{
    const QSignalBlocker block(m_platform);
    m_platform->clear();
    for (const Platform &platform : m_document->workspace().platforms)
        m_platform->addItem(platform.name);
}

void ProviderEditor::fillRegions()
{
    const QSignalBlocker block(m_regions);
    const ProviderInstance *provider =
        item().isEmpty() ? nullptr : m_document->workspace().provider(item());
    m_regions->clear();
    for (const Region &region : m_document->workspace().regions) {
        auto *entry = new QListWidgetItem(
            tr("%1 \u2014 %2 (%3)").arg(region.code, region.name, region.currency), m_regions);
        entry->setData(Qt::UserRole, region.code);
        entry->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        entry->setCheckState(provider && provider->regions.contains(region.code) ? Qt::Checked
                                                                                 : Qt::Unchecked);
    }
    // Regions the provider lists but the workspace lacks stay visible, to be unticked.
    if (provider) {
        for (const QString &code : provider->regions) {
            if (m_document->workspace().region(code))
                continue;
            auto *entry =
                new QListWidgetItem(tr("%1 (not a region of this workspace)").arg(code), m_regions);
            entry->setData(Qt::UserRole, code);
            entry->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            entry->setCheckState(Qt::Checked);
        }
    }
    if (m_regions->count() == 0) {
        auto *hint = new QListWidgetItem(tr("No regions yet: add them under Regions."), m_regions);
        hint->setFlags(Qt::NoItemFlags);
    }
    fitRows(m_regions, m_regions->count(), 2, 8);
}

void ProviderEditor::otherItemsChanged()
{
    fillPlatforms();
    if (!item().isEmpty())
        load();
    else
        fillRegions();
}

void ProviderEditor::load()
{
    const ProviderInstance *provider = m_document->workspace().provider(item());
    setText(m_name, provider->name);
    setText(m_code, provider->code);
    {
        const QSignalBlocker block(m_platform);
        if (m_platform->findText(provider->platform) < 0)
            m_platform->addItem(provider->platform);
        m_platform->setCurrentText(provider->platform);
    }
    m_environment->setCurrentIndex(m_environment->findData(int(provider->environment)));
    m_installed->setChecked(provider->installed);
    if (m_credentials->providerCode() != provider->code) {
        m_credentials->setProvider(provider->code);
        m_pendingCopy.clear();
    }
    updateCredentialButtons();
    fillRegions();
    // Keep what the person typed (spacing, key order) when it means the same.
    const QJsonDocument typed = QJsonDocument::fromJson(m_metadata->toPlainText().toUtf8());
    if (!typed.isObject() || typed.object() != provider->metadata.object()) {
        const QSignalBlocker block(m_metadata);
        m_metadata->setPlainText(
            provider->metadata.isEmpty()
                ? QString()
                : QString::fromUtf8(
                      QJsonDocument(provider->metadata.object()).toJson(QJsonDocument::Indented)));
    }
}

QString ProviderEditor::metadataError() const
{
    const QString text = m_metadata->toPlainText().trimmed();
    if (text.isEmpty())
        return {};
    QJsonParseError error{};
    const QJsonDocument parsed = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return tr("is not valid JSON: %1 at character %2")
            .arg(error.errorString())
            .arg(error.offset);
    if (!parsed.isObject())
        return tr("must be a JSON object: { \"key\": \"value\" }");
    return {};
}

QVector<Finding> ProviderEditor::validate() const
{
    const ProviderInstance *provider = m_document->workspace().provider(item());
    if (!provider)
        return {};
    QVector<Finding> findings = validateProvider(*provider, m_document->workspace());
    const QString metadata = metadataError();
    if (!metadata.isEmpty())
        findings.append(Finding{Severity::Error, ItemKind::Provider, provider->code,
                                QStringLiteral("metadata"), metadata});
    return findings;
}

void ProviderEditor::onMetadataEdited()
{
    if (!metadataError().isEmpty()) {
        revalidate(); // shows the JSON error; the document keeps the last valid object
        return;
    }
    const QJsonObject object = QJsonDocument::fromJson(m_metadata->toPlainText().toUtf8()).object();
    edit(QStringLiteral("metadata"), [&](ProviderInstance &p) { p.metadata = object; });
}

void ProviderEditor::updateCredentialButtons()
{
    const int row = m_credentialsView->currentIndex().row();
    const Credential *credential = m_credentials->credential(row);
    m_removeCredential->setEnabled(credential);
    m_copy->setEnabled(credential);
    m_reveal->setEnabled(credential && credential->secret);
    const QSignalBlocker block(m_reveal);
    m_reveal->setChecked(m_credentials->isRevealed(row));
    m_reveal->setText(m_reveal->isChecked() ? tr("&Hide") : tr("&Reveal"));
}

void ProviderEditor::setCurrentRevealed(bool revealed)
{
    const int row = m_credentialsView->currentIndex().row();
    const Credential *credential = m_credentials->credential(row);
    if (!credential)
        return;
    m_credentials->setRevealed(row, revealed);
    if (revealed && !credential->valueLoaded)
        m_document->loadSecrets(item());
    updateCredentialButtons();
}

void ProviderEditor::copyCurrentValue()
{
    const Credential *credential =
        m_credentials->credential(m_credentialsView->currentIndex().row());
    if (!credential)
        return;
    if (!credential->valueLoaded) {
        m_pendingCopy = credential->key;
        emit statusMessage(tr("Reading %1 from the secret store\u2026").arg(credential->key));
        m_document->loadSecrets(item());
        return;
    }
    QGuiApplication::clipboard()->setText(credential->value);
    emit statusMessage(tr("%1 copied to the clipboard").arg(credential->key));
}

void ProviderEditor::onSecretsLoaded(const QString &code, const QStringList &errors)
{
    if (code != item())
        return;
    if (!errors.isEmpty())
        showError(QStringLiteral("credentials"), errors.join(QLatin1Char('\n')));
    const QString key = std::exchange(m_pendingCopy, QString());
    const ProviderInstance *provider = m_document->workspace().provider(code);
    const Credential *credential = provider ? provider->credential(key) : nullptr;
    if (credential && credential->valueLoaded) {
        QGuiApplication::clipboard()->setText(credential->value);
        emit statusMessage(tr("%1 copied to the clipboard").arg(key));
    }
}

void ProviderEditor::addCredential()
{
    const ProviderInstance *provider = m_document->workspace().provider(item());
    if (!provider)
        return;
    // Offer the usual keys first, then key, key2...
    QString key;
    for (const QString &known : wellKnownCredentialKeys()) {
        if (!provider->credential(known)) {
            key = known;
            break;
        }
    }
    for (int n = 1; key.isEmpty(); ++n) {
        const QString candidate = n == 1 ? QStringLiteral("key") : QStringLiteral("key%1").arg(n);
        if (!provider->credential(candidate))
            key = candidate;
    }
    const int row = int(provider->credentials.size());
    if (edit(QStringLiteral("credentials"), [&](ProviderInstance &p) {
            p.credentials.append(Credential{key, QString(), isSecretByDefault(key), true});
        })) {
        m_credentialsView->setCurrentIndex(
            m_credentials->index(row, CredentialsModel::ValueColumn));
        m_credentialsView->edit(m_credentialsView->currentIndex());
    }
}

void ProviderEditor::removeCredential()
{
    const Credential *credential =
        m_credentials->credential(m_credentialsView->currentIndex().row());
    if (!credential)
        return;
    const QString key = credential->key;
    edit(QStringLiteral("credentials"), [&](ProviderInstance &p) { p.removeCredential(key); });
}

} // namespace paybench
