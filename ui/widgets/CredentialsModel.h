#pragma once

#include "ProviderInstance.h"
#include "Validation.h"

#include <QAbstractTableModel>
#include <QSet>

#include <functional>

namespace paybench {

class WorkspaceDocument;

// The credentials of one provider instance as a table: key, value, secret, public. Secret values
// are masked unless revealed row by row; a secret still in the secret store shows as such and is
// only fetched when revealed or copied. Edits go through the editor's commit function.
class CredentialsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, SecretColumn, PublicColumn, ColumnCount };
    enum Role { MaskedRole = Qt::UserRole + 1 }; // bool: the value cell hides its content

    using Edit = std::function<bool(const QString &field,
                                    const std::function<void(ProviderInstance &)> &change)>;

    CredentialsModel(WorkspaceDocument *document, Edit edit, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(CredentialsModel)

    // Shows the credentials of this provider; forgets what was revealed when it changes.
    void setProvider(const QString &code);
    [[nodiscard]] QString providerCode() const { return m_code; }

    [[nodiscard]] const Credential *credential(int row) const;
    void setRevealed(int row, bool revealed);
    [[nodiscard]] bool isRevealed(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

private:
    [[nodiscard]] const ProviderInstance *provider() const;
    void onItemChanged(ItemKind kind, const QString &key, const QString &previousKey);

    WorkspaceDocument *m_document;
    Edit m_edit;
    QString m_code;
    QSet<QString> m_revealed; // credential keys
    int m_rows = 0;           // as last announced to views: the document changes first
};

} // namespace paybench
