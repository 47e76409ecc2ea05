#include "CredentialsModel.h"

#include "CredentialReference.h"
#include "WorkspaceDocument.h"

namespace paybench {

CredentialsModel::CredentialsModel(WorkspaceDocument *document, Edit edit, QObject *parent)
    : QAbstractTableModel(parent), m_document(document), m_edit(std::move(edit))
{
    connect(document, &WorkspaceDocument::itemChanged, this, &CredentialsModel::onItemChanged);
    connect(document, &WorkspaceDocument::itemRemoved, this,
            [this](ItemKind kind, const QString &key) {
                if (kind == ItemKind::Provider && key == m_code)
                    setProvider(QString());
            });
    // The editor shows the same provider again after a reload (Open Recent, Pull) when it is
    // still there; what was revealed is hidden again.
    connect(document, &WorkspaceDocument::workspaceReplaced, this, [this] {
        m_revealed.clear();
        setProvider(m_document->workspace().provider(m_code) ? m_code : QString());
    });
}

const ProviderInstance *CredentialsModel::provider() const
{
    return m_code.isEmpty() ? nullptr : m_document->workspace().provider(m_code);
}

void CredentialsModel::setProvider(const QString &code)
{
    beginResetModel();
    if (code != m_code)
        m_revealed.clear();
    m_code = code;
    const ProviderInstance *current = provider();
    m_rows = current ? int(current->credentials.size()) : 0;
    endResetModel();
}

void CredentialsModel::onItemChanged(ItemKind kind, const QString &key, const QString &previousKey)
{
    if (kind != ItemKind::Provider || previousKey != m_code || m_code.isEmpty())
        return;
    m_code = key; // follows a code change
    const ProviderInstance *current = provider();
    if (current && m_rows == current->credentials.size()) {
        // Same rows: keep the view's current cell and editor.
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = current ? int(current->credentials.size()) : 0;
    endResetModel();
}

const Credential *CredentialsModel::credential(int row) const
{
    const ProviderInstance *current = provider();
    return current && row >= 0 && row < m_rows && row < current->credentials.size()
               ? &current->credentials.at(row)
               : nullptr;
}

void CredentialsModel::setRevealed(int row, bool revealed)
{
    const Credential *c = credential(row);
    if (!c)
        return;
    if (revealed)
        m_revealed.insert(c->key);
    else
        m_revealed.remove(c->key);
    emit dataChanged(index(row, ValueColumn), index(row, ValueColumn));
}

bool CredentialsModel::isRevealed(int row) const
{
    const Credential *c = credential(row);
    return c && m_revealed.contains(c->key);
}

int CredentialsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int CredentialsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CredentialsModel::data(const QModelIndex &index, int role) const
{
    const Credential *c = credential(index.row());
    if (!c)
        return {};
    const bool masked = c->secret && !m_revealed.contains(c->key);
    switch (index.column()) {
    case KeyColumn:
        if (role == Qt::DisplayRole || role == Qt::EditRole)
            return c->key;
        break;
    case ValueColumn:
        if (role == MaskedRole)
            return masked;
        if (role == Qt::DisplayRole) {
            if (!c->valueLoaded)
                return masked ? tr("\u2022\u2022\u2022\u2022\u2022\u2022 (in the %1)")
                                    .arg(tr("secret store"))
                              : tr("loading\u2026");
            if (masked)
                return c->value.isEmpty() ? QString() : maskedSecret(c->value);
            return c->value;
        }
        // Typing over a masked secret starts blank: the old value is never put in an editor.
        if (role == Qt::EditRole)
            return masked ? QString() : c->value;
        if (role == Qt::ToolTipRole && isCredentialReference(c->value))
            return tr("Resolved from the environment when a call is made");
        break;
    case SecretColumn:
        if (role == Qt::CheckStateRole)
            return c->secret ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole)
            return tr("Secret values live in the keychain or the vault, never in the workspace "
                      "file");
        break;
    case PublicColumn:
        // A known public key (publishableKey) is shown whatever the box says: checked, fixed.
        if (role == Qt::CheckStateRole)
            return c->markedPublic || (!c->secret && !isSecretByDefault(c->key)) ? Qt::Checked
                                                                                 : Qt::Unchecked;
        if (role == Qt::ToolTipRole)
            return isSecretByDefault(c->key)
                       ? tr("Public values are kept in the workspace file and shown in clear in "
                            "output, history and reports (a demo key, an id that is not "
                            "secret). Unchecked, this value is masked there.")
                       : tr("\"%1\" is known public: it is always shown in clear").arg(c->key);
        break;
    default:
        break;
    }
    return {};
}

QVariant CredentialsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case SecretColumn:
        return tr("Secret");
    case PublicColumn:
        return tr("Public");
    default:
        return {};
    }
}

Qt::ItemFlags CredentialsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.column() == SecretColumn)
        return flags | Qt::ItemIsUserCheckable;
    if (index.column() == PublicColumn) {
        const Credential *c = credential(index.row());
        return c && !isSecretByDefault(c->key) ? flags & ~Qt::ItemIsEnabled
                                               : flags | Qt::ItemIsUserCheckable;
    }
    return flags | Qt::ItemIsEditable;
}

bool CredentialsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    const Credential *c = credential(index.row());
    if (!c)
        return false;
    const QString key = c->key;
    const int row = index.row();
    switch (index.column()) {
    case KeyColumn:
        if (role != Qt::EditRole || value.toString() == key)
            return false;
        if (m_revealed.remove(key))
            m_revealed.insert(value.toString());
        return m_edit(QStringLiteral("credentials.") + key, [&](ProviderInstance &p) {
            p.credentials[row].key = value.toString().trimmed();
        });
    case ValueColumn:
        if (role != Qt::EditRole)
            return false;
        return m_edit(QStringLiteral("credentials.") + key, [&](ProviderInstance &p) {
            p.credentials[row].value = value.toString();
            p.credentials[row].valueLoaded = true;
        });
    case SecretColumn:
        // Making a secret plain needs its value, or an empty one would go into the file.
        if (role != Qt::CheckStateRole || (c->secret && !c->valueLoaded))
            return false;
        return m_edit(QStringLiteral("credentials.") + key, [&](ProviderInstance &p) {
            p.credentials[row].secret = value.toInt() == Qt::Checked;
            if (p.credentials[row].secret)
                p.credentials[row].markedPublic = false;
        });
    case PublicColumn:
        // A public value goes into the file, so a secret still in the store must be read first.
        if (role != Qt::CheckStateRole || (c->secret && !c->valueLoaded) || !isSecretByDefault(key))
            return false;
        return m_edit(QStringLiteral("credentials.") + key, [&](ProviderInstance &p) {
            p.credentials[row].markedPublic = value.toInt() == Qt::Checked;
            if (p.credentials[row].markedPublic)
                p.credentials[row].secret = false;
        });
    default:
        return false;
    }
}

} // namespace paybench
