#include "ClearButton.h"

#include "SymbolicIcon.h"

#include <QAction>
#include <QCoreApplication>
#include <QLineEdit>

namespace paybench {

void addClearButton(QLineEdit *edit)
{
    QAction *clear = edit->addAction(symbolicIcon(Symbol::Close), QLineEdit::TrailingPosition);
    clear->setObjectName(QStringLiteral("clearText"));
    clear->setText(QCoreApplication::translate("ClearButton", "Clear text"));
    clear->setToolTip(clear->text());
    clear->setVisible(!edit->text().isEmpty());
    QObject::connect(edit, &QLineEdit::textChanged, clear,
                     [clear](const QString &text) { clear->setVisible(!text.isEmpty()); });
    QObject::connect(clear, &QAction::triggered, edit, [edit] {
        edit->selectAll();
        edit->del();
    });
}

} // namespace paybench
