#include "CredentialDelegate.h"

#include "CredentialsModel.h"

#include <QLineEdit>

namespace paybench {

QWidget *CredentialDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                          const QModelIndex &index) const
{
    QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
    auto *line = qobject_cast<QLineEdit *>(editor);
    if (line && index.data(CredentialsModel::MaskedRole).toBool()) {
        line->setEchoMode(QLineEdit::Password);
        line->setPlaceholderText(tr("new value"));
    }
    return editor;
}

} // namespace paybench
