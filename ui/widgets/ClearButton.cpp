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
    // As Qt's: only where there is text to clear and it may be cleared.
    const auto update = [clear, edit] {
        clear->setVisible(!edit->text().isEmpty() && !edit->isReadOnly());
    };
    update();
    QObject::connect(edit, &QLineEdit::textChanged, clear, update);
    QObject::connect(clear, &QAction::triggered, edit, [edit] {
        edit->selectAll();
        edit->del();
    });
}

} // namespace paybench
