#pragma once

#include <QStyledItemDelegate>

namespace paybench {

// Edits a masked secret in a password field, so typing a new value does not show it.
class CredentialDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit CredentialDelegate(QObject *parent = nullptr) : QStyledItemDelegate(parent) {}
    Q_DISABLE_COPY_MOVE(CredentialDelegate)

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
};

} // namespace paybench
