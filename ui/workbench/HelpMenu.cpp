#include "HelpMenu.h"

#include "MainWindow.h"
#include "RuntimeProfileGuide.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace paybench {
namespace {

// TEST-AMOUNTS.md links ANSWERS.md next to it: both are built in (ui/workbench/CMakeLists.txt).
const char *const kTestAmountsUrl = "qrc:/paybench/help/TEST-AMOUNTS.md";

// A non-modal dialog with one content widget and Close; a second request raises the open one.
void showTopic(MainWindow *window, const QString &name, const QString &title,
               const std::function<QWidget *(QWidget *parent)> &makeContent)
{
    if (auto *open = window->findChild<QDialog *>(name)) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new QDialog(window);
    dialog->setObjectName(name);
    dialog->setWindowTitle(title);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(makeContent(dialog), 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog->resize(760, 560);
    dialog->show();
}

QWidget *shortcutTable(const MainWindow *window, QWidget *parent)
{
    const QVector<MainWindow::ShortcutHelp> shortcuts = window->keyboardShortcuts();
    auto *table = new QTableWidget(static_cast<int>(shortcuts.size()), 3, parent);
    table->setObjectName(QStringLiteral("keyboardShortcuts"));
    table->setHorizontalHeaderLabels(
        {QObject::tr("Keys"), QObject::tr("What it does"), QObject::tr("Where")});
    table->verticalHeader()->setVisible(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (int row = 0; row < shortcuts.size(); ++row) {
        const MainWindow::ShortcutHelp &shortcut = shortcuts.at(row);
        table->setItem(row, 0,
                       new QTableWidgetItem(shortcut.keys.toString(QKeySequence::NativeText)));
        table->setItem(row, 1, new QTableWidgetItem(shortcut.what));
        table->setItem(row, 2, new QTableWidgetItem(shortcut.where));
    }
    table->resizeColumnsToContents();
    table->resizeRowsToContents();
    table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    return table;
}

QTextBrowser *textBrowser(const char *name, QWidget *parent)
{
    auto *browser = new QTextBrowser(parent);
    browser->setObjectName(QString::fromLatin1(name));
    browser->setOpenExternalLinks(true);
    return browser;
}

} // namespace

void addHelpTopics(MainWindow *window)
{
    auto *shortcuts = new QAction(QObject::tr("&Keyboard Shortcuts"), window);
    shortcuts->setObjectName(QStringLiteral("actionKeyboardShortcuts"));
    shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    QObject::connect(shortcuts, &QAction::triggered, window, [window] {
        showTopic(window, QStringLiteral("keyboardShortcutsDialog"),
                  QObject::tr("Keyboard shortcuts"),
                  [window](QWidget *parent) { return shortcutTable(window, parent); });
    });
    auto *amounts = new QAction(QObject::tr("Demo Gateway &Test Amounts"), window);
    amounts->setObjectName(QStringLiteral("actionTestAmounts"));
    QObject::connect(amounts, &QAction::triggered, window, [window] {
        showTopic(window, QStringLiteral("testAmountsDialog"),
                  QObject::tr("Demo gateway: test amounts, rules and faults"), [](QWidget *parent) {
                      QTextBrowser *browser = textBrowser("testAmounts", parent);
                      browser->setSource(QUrl(QString::fromLatin1(kTestAmountsUrl)));
                      return browser;
                  });
    });
    auto *profiles = new QAction(QObject::tr("Openfront &Profile Rules"), window);
    profiles->setObjectName(QStringLiteral("actionProfileRules"));
    QObject::connect(profiles, &QAction::triggered, window, [window] {
        showTopic(window, QStringLiteral("profileRulesDialog"),
                  QObject::tr("Runtime profiles: what each one checks"), [](QWidget *parent) {
                      QTextBrowser *browser = textBrowser("profileRules", parent);
                      browser->setMarkdown(contract::runtimeProfileGuideMarkdown());
                      return browser;
                  });
    });
    for (QAction *action : {shortcuts, amounts, profiles})
        window->addHelpAction(action);
}

} // namespace paybench
