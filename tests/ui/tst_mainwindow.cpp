#include "CredentialsModel.h"
#include "FileChangeWatcher.h"
#include "MainWindow.h"
#include "PlatformEditor.h"
#include "ProviderEditor.h"
#include "RecentFiles.h"
#include "RegionEditor.h"
#include "WorkspaceDocument.h"
#include "WorkspaceFile.h"
#include "WorkspaceTreeModel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QUndoStack>

#include <memory>

using namespace paybench;

namespace {

void trigger(MainWindow &window, const char *name)
{
    auto *action = window.findChild<QAction *>(QString::fromLatin1(name));
    QVERIFY2(action, name);
    QVERIFY2(action->isEnabled(), name);
    action->trigger();
}

template <typename T>
T *child(QWidget *parent, const char *name)
{
    return parent->findChild<T *>(QString::fromLatin1(name));
}

// Replaces the text of a line edit the way a person does: select all, type.
void retype(QLineEdit *edit, const QString &text)
{
    QVERIFY(edit);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

Workspace workspaceWith(int platforms, int providersPerPlatform)
{
    Workspace workspace = Workspace::createEmpty();
    for (int p = 0; p < platforms; ++p) {
        Platform platform;
        platform.name = QStringLiteral("Platform %1").arg(p);
        platform.setBaseUrl(QStringLiteral("https://gateway%1.example").arg(p));
        workspace.platforms.append(platform);
        for (int i = 0; i < providersPerPlatform; ++i) {
            ProviderInstance provider;
            provider.name = QStringLiteral("Shop %1-%2").arg(p).arg(i);
            provider.code = QStringLiteral("pp_shop-%1-%2").arg(p).arg(i);
            provider.platform = platform.name;
            workspace.providers.append(provider);
        }
    }
    return workspace;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString writeWorkspace(const Workspace &workspace, const QString &name) const
    {
        QString error;
        QString file = path(name);
        if (!saveWorkspaceFile(workspace, file, &error))
            qFatal("cannot write %s: %s", qPrintable(file), qPrintable(error));
        return file;
    }

    // Moves the file's modification time `seconds` into the past.
    static void dateBack(const QString &file, int seconds)
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(-seconds),
                              QFileDevice::FileModificationTime));
    }

    // Shows the window on a one-platform workspace with "Platform 0" in the editor; nullptr
    // when any step fails.
    PlatformEditor *editFirstPlatform(MainWindow &window, const QString &fileName) const
    {
        window.show();
        if (!QTest::qWaitForWindowExposed(&window) ||
            !window.openFile(writeWorkspace(workspaceWith(1, 0), fileName)))
            return nullptr;
        window.selectItem(ItemKind::Platform, QStringLiteral("Platform 0"));
        PlatformEditor *editor = window.platformEditor();
        return editor->item() == QLatin1String("Platform 0") ? editor : nullptr;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath("cfg"));
        QCoreApplication::setOrganizationName(QStringLiteral("PaybenchTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void createPlatformAndProvider_throughTheWindow_undoSaveReopen()
    {
        MainWindow window;
        window.setUnsavedChangesPrompt(
            [](const QString &) { return MainWindow::UnsavedChoice::Discard; });
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        WorkspaceDocument *document = window.document();

        trigger(window, "actionAddPlatform");
        QCOMPARE(document->workspace().platforms.size(), 1);
        QVERIFY(window.isWindowModified());
        retype(child<QLineEdit>(window.platformEditor(), "platformName"),
               QStringLiteral("Demo gateway"));
        retype(child<QLineEdit>(window.platformEditor(), "baseUrl"),
               QStringLiteral("http://127.0.0.1:4242"));
        QTest::mouseClick(child<QPushButton>(window.platformEditor(), "applyBaseUrl"),
                          Qt::LeftButton);
        const Platform &platform = document->workspace().platforms.at(0);
        QCOMPARE(platform.name, QStringLiteral("Demo gateway"));
        QCOMPARE(platform.target(PaymentFunction::HandleWebhook),
                 QStringLiteral("http://127.0.0.1:4242/api/handle-webhook"));
        QCOMPARE(window.platformEditor()->messageText(QStringLiteral("createPaymentFunction")),
                 QString());

        trigger(window, "actionAddProvider");
        QCOMPARE(document->workspace().providers.size(), 1);
        QCOMPARE(window.currentPlatformName(), QStringLiteral("Demo gateway"));
        retype(child<QLineEdit>(window.providerEditor(), "providerName"),
               QStringLiteral("Demo shop"));
        retype(child<QLineEdit>(window.providerEditor(), "providerCode"),
               QStringLiteral("pp_demo-shop"));
        QCOMPARE(window.currentProviderCode(), QStringLiteral("pp_demo-shop"));
        const ProviderInstance *provider =
            document->workspace().provider(QStringLiteral("pp_demo-shop"));
        QVERIFY(provider);
        QCOMPARE(provider->name, QStringLiteral("Demo shop"));
        QCOMPARE(provider->platform, QStringLiteral("Demo gateway"));

        // Typing the code was one undo step.
        trigger(window, "actionUndo");
        QVERIFY(!document->workspace().provider(QStringLiteral("pp_demo-shop")));
        QCOMPARE(child<QLineEdit>(window.providerEditor(), "providerCode")->text(),
                 document->workspace().providers.at(0).code);
        trigger(window, "actionRedo");
        QVERIFY(document->workspace().provider(QStringLiteral("pp_demo-shop")));

        const QString file = path(QStringLiteral("created.paybench.json"));
        window.setFileChooser(
            [&](bool forSaving, const QString &) { return forSaving ? file : QString(); });
        trigger(window, "actionSave"); // no file yet: asks for one
        QVERIFY(!window.isWindowModified());
        QVERIFY(window.windowTitle().contains(QStringLiteral("created.paybench.json")));

        QFile saved(file);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(saved.readAll()).object();
        QCOMPARE(root.value(QStringLiteral("platforms")).toArray().size(), 1);
        QCOMPARE(root.value(QStringLiteral("providers"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("code")),
                 QJsonValue(QStringLiteral("pp_demo-shop")));

        MainWindow reopened;
        QVERIFY(reopened.openFile(file));
        QCOMPARE(reopened.document()->workspace().platforms, document->workspace().platforms);
        QCOMPARE(reopened.document()->workspace().providers.at(0).name,
                 QStringLiteral("Demo shop"));
        auto *tree = reopened.treeView()->model();
        const QModelIndex platformRow = tree->index(0, 0);
        QCOMPARE(platformRow.data().toString(), QStringLiteral("Demo gateway"));
        QCOMPARE(tree->rowCount(platformRow), 1);
        QVERIFY(tree->index(0, 0, platformRow)
                    .data()
                    .toString()
                    .contains(QStringLiteral("pp_demo-shop")));
    }

    void filter_showsMatchingProvidersWithTheirPlatform()
    {
        MainWindow window;
        QVERIFY(window.openFile(writeWorkspace(workspaceWith(3, 40), QStringLiteral("f.json"))));
        QSortFilterProxyModel *model = window.filterModel();
        QCOMPARE(model->rowCount(), 4); // three platforms and Regions

        window.setFilterText(QStringLiteral("pp_shop-1-17"));
        QCOMPARE(model->rowCount(), 1);
        const QModelIndex platform = model->index(0, 0);
        QCOMPARE(platform.data().toString(), QStringLiteral("Platform 1"));
        QCOMPARE(model->rowCount(platform), 1);

        // Case does not matter; a matching platform shows all of its providers.
        window.setFilterText(QStringLiteral("platform 2"));
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->rowCount(model->index(0, 0)), 40);

        window.setFilterText(QStringLiteral("no such thing"));
        QCOMPARE(model->rowCount(), 0);
        window.setFilterText(QString());
        QCOMPARE(model->rowCount(), 4);
    }

    void badUrl_showsAMessageNextToThatField()
    {
        MainWindow window;
        PlatformEditor *editor = editFirstPlatform(window, QStringLiteral("v.json"));
        QVERIFY(editor);
        const QString field = functionField(PaymentFunction::RefundPayment);
        retype(editor->findChild<QLineEdit *>(field), QStringLiteral("ftp://files.example/x"));
        QVERIFY(!editor->messageText(field).isEmpty());
        auto *message = editor->findChild<QWidget *>(QStringLiteral("message:") + field);
        QVERIFY(message && message->isVisible());
        // Only that field.
        QCOMPARE(editor->messageText(functionField(PaymentFunction::CreatePayment)), QString());
        // Plain http to a remote host: a warning, there too.
        retype(editor->findChild<QLineEdit *>(field),
               QStringLiteral("http://gateway.example/api/refund-payment"));
        QVERIFY(!editor->messageText(field).isEmpty());
        retype(editor->findChild<QLineEdit *>(field),
               QStringLiteral("https://gateway.example/api/refund-payment"));
        QCOMPARE(editor->messageText(field), QString());
        QVERIFY(!message->isVisible());
    }

    void caCertificate_missingFileIsFlagged_andTheEditUndoes()
    {
        MainWindow window;
        PlatformEditor *editor = editFirstPlatform(window, QStringLiteral("ca.json"));
        QVERIFY(editor);
        const QString field = QStringLiteral("caCertificateFile");
        auto *edit = editor->findChild<QLineEdit *>(field);
        QVERIFY(edit);

        retype(edit, path(QStringLiteral("nowhere.pem")));
        QVERIFY2(editor->messageText(field).contains(QStringLiteral("cannot be read")),
                 qPrintable(editor->messageText(field)));

        QFile pem(path(QStringLiteral("gateway-ca.pem")));
        QVERIFY(pem.open(QIODevice::WriteOnly));
        pem.write("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        pem.close();
        retype(edit, pem.fileName());
        QCOMPARE(editor->messageText(field), QString());
        QCOMPARE(window.document()
                     ->workspace()
                     .platform(QStringLiteral("Platform 0"))
                     ->caCertificateFile,
                 pem.fileName());

        // Typing is merged into one undo step per field; undo takes it back to none.
        trigger(window, "actionUndo");
        QCOMPARE(window.document()
                     ->workspace()
                     .platform(QStringLiteral("Platform 0"))
                     ->caCertificateFile,
                 QString());
        QCOMPARE(edit->text(), QString());
    }

    void renameToAnExistingName_isRefusedWithAMessage()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(writeWorkspace(workspaceWith(2, 0), QStringLiteral("r.json"))));
        window.selectItem(ItemKind::Platform, QStringLiteral("Platform 1"));
        retype(window.platformEditor()->findChild<QLineEdit *>(QStringLiteral("platformName")),
               QStringLiteral("Platform 0"));
        QCOMPARE(window.document()->workspace().platforms.at(1).name,
                 QStringLiteral("Platform 0").chopped(1)); // "Platform " was the last accepted
        QVERIFY(!window.platformEditor()->messageText(QStringLiteral("name")).isEmpty());
    }

    void close_withUnsavedChanges_asksAndHonoursTheAnswer()
    {
        auto window = std::make_unique<MainWindow>();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        const QString file = writeWorkspace(workspaceWith(1, 1), QStringLiteral("c.json"));
        QVERIFY(window->openFile(file));
        int asked = 0;
        MainWindow::UnsavedChoice answer = MainWindow::UnsavedChoice::Cancel;
        window->setUnsavedChangesPrompt([&](const QString &name) {
            ++asked;
            [&] { QCOMPARE(name, QStringLiteral("c.json")); }();
            return answer;
        });

        QVERIFY(window->close()); // nothing changed: no question
        QCOMPARE(asked, 0);
        window->show();
        trigger(*window, "actionAddRegion");
        QVERIFY(window->isWindowModified());

        QVERIFY(!window->close());
        QCOMPARE(asked, 1);
        QVERIFY(window->isVisible());

        answer = MainWindow::UnsavedChoice::Save;
        QVERIFY(window->close());
        QCOMPARE(asked, 2);
        WorkspaceDocument check;
        QVERIFY(check.open(file, nullptr));
        QCOMPARE(check.workspace().regions.size(), 1);

        window->show();
        trigger(*window, "actionAddRegion");
        answer = MainWindow::UnsavedChoice::Discard;
        QVERIFY(window->close());
        QCOMPARE(asked, 3);
        QVERIFY(check.open(file, nullptr));
        QCOMPARE(check.workspace().regions.size(), 1);
    }

    void openInBackground_showsTheWorkspaceWhenParsed()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(&window, &MainWindow::openFinished);
        window.openFileInBackground(writeWorkspace(workspaceWith(2, 5), QStringLiteral("bg.json")));
        QVERIFY(window.isOpening());
        QVERIFY(!window.findChild<QAction *>(QStringLiteral("actionAddPlatform"))->isEnabled());
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(!window.isOpening());
        QCOMPARE(window.document()->workspace().providers.size(), 10);
        QVERIFY(window.windowTitle().contains(QStringLiteral("bg.json")));
        QCOMPARE(window.currentProviderCode(), QStringLiteral("pp_shop-0-0")); // shown at once

        window.openFileInBackground(path(QStringLiteral("missing.json")));
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(1).at(0).toBool(), false);
        QCOMPARE(window.document()->workspace().providers.size(), 10);
        QVERIFY(window.findChild<QAction *>(QStringLiteral("actionAddPlatform"))->isEnabled());
    }

    void openingABadFile_keepsTheWorkspaceAndSaysWhy()
    {
        MainWindow window;
        QVERIFY(window.openFile(writeWorkspace(workspaceWith(1, 2), QStringLiteral("ok.json"))));
        QFile bad(path(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{ not json");
        bad.close();
        QVERIFY(!window.openFile(bad.fileName()));
        QVERIFY(!window.lastError().isEmpty());
        QCOMPARE(window.document()->workspace().providers.size(), 2);
        QVERIFY(window.windowTitle().contains(QStringLiteral("ok.json")));
    }

    void secrets_areMaskedUntilRevealed_andCopiedWithoutShowing()
    {
        Workspace workspace = workspaceWith(1, 1);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.document()->adoptWorkspace(workspace, QString());
        ProviderInstance provider = workspace.providers.at(0);
        provider.credentials = {
            Credential{QStringLiteral("apiKey"), QStringLiteral("sk_test_abcdef123456"), true,
                       true},
            Credential{QStringLiteral("publishableKey"), QStringLiteral("pk_1"), false, true}};
        QVERIFY(window.document()->updateProvider(provider.code, provider));
        window.selectItem(ItemKind::Provider, provider.code);
        ProviderEditor *editor = window.providerEditor();
        CredentialsModel *model = editor->credentialsModel();
        const QModelIndex secret = model->index(0, CredentialsModel::ValueColumn);
        QVERIFY(!secret.data().toString().contains(QStringLiteral("abcdef123456")));
        QCOMPARE(model->index(1, CredentialsModel::ValueColumn).data().toString(),
                 QStringLiteral("pk_1"));
        QCOMPARE(secret.data(Qt::EditRole).toString(), QString()); // an editor starts blank

        editor->credentialsView()->setCurrentIndex(secret);
        QApplication::clipboard()->clear();
        QTest::mouseClick(editor->findChild<QPushButton *>(QStringLiteral("copyCredential")),
                          Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("sk_test_abcdef123456"));
        QVERIFY(!secret.data().toString().contains(QStringLiteral("abcdef123456")));

        auto *reveal = editor->findChild<QPushButton *>(QStringLiteral("revealCredential"));
        QTest::mouseClick(reveal, Qt::LeftButton);
        QCOMPARE(secret.data().toString(), QStringLiteral("sk_test_abcdef123456"));
        QTest::mouseClick(reveal, Qt::LeftButton);
        QVERIFY(!secret.data().toString().contains(QStringLiteral("abcdef123456")));
    }

    void publicCheckbox_marksAValuePublic_clearsSecret_andUndoes()
    {
        Workspace workspace = workspaceWith(1, 1);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.document()->adoptWorkspace(workspace, QString());
        ProviderInstance provider = workspace.providers.at(0);
        provider.credentials = {
            Credential{QStringLiteral("auth"), QStringLiteral("demo-token"), true, true},
            Credential{QStringLiteral("publishableKey"), QStringLiteral("pk_1"), false, true}};
        QVERIFY(window.document()->updateProvider(provider.code, provider));
        window.selectItem(ItemKind::Provider, provider.code);
        CredentialsModel *model = window.providerEditor()->credentialsModel();
        const QModelIndex isPublic = model->index(0, CredentialsModel::PublicColumn);
        QCOMPARE(isPublic.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        // A known public key shows as public and cannot be unchecked.
        const QModelIndex known = model->index(1, CredentialsModel::PublicColumn);
        QCOMPARE(known.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(!(model->flags(known) & Qt::ItemIsEnabled));
        QVERIFY(!model->setData(known, Qt::Unchecked, Qt::CheckStateRole));

        QVERIFY(model->setData(isPublic, Qt::Checked, Qt::CheckStateRole));
        const Credential *stored = window.document()
                                       ->workspace()
                                       .provider(provider.code)
                                       ->credential(QStringLiteral("auth"));
        QVERIFY(stored->markedPublic);
        QVERIFY(!stored->secret); // public values live in the file, not the secret store
        QVERIFY(!isMaskedCredential(*stored));
        QCOMPARE(model->index(0, CredentialsModel::SecretColumn).data(Qt::CheckStateRole).toInt(),
                 int(Qt::Unchecked));

        trigger(window, "actionUndo");
        stored = window.document()
                     ->workspace()
                     .provider(provider.code)
                     ->credential(QStringLiteral("auth"));
        QVERIFY(!stored->markedPublic);
        QVERIFY(stored->secret);
    }

    void credentials_afterTheWorkspaceIsReplaced_showTheSameProviderAgain()
    {
        const Workspace workspace = workspaceWith(1, 1);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.document()->adoptWorkspace(workspace, QString());
        ProviderInstance provider = workspace.providers.at(0);
        provider.credentials = {
            Credential{QStringLiteral("publishableKey"), QStringLiteral("pk_1"), false, true}};
        QVERIFY(window.document()->updateProvider(provider.code, provider));
        window.selectItem(ItemKind::Provider, provider.code);
        CredentialsModel *model = window.providerEditor()->credentialsModel();
        QCOMPARE(model->rowCount(), 1);

        // A reload of the same file (Open Recent, a pull): the row must not go blank.
        Workspace reloaded = window.document()->workspace();
        window.document()->adoptWorkspace(reloaded, QString());
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->index(0, CredentialsModel::ValueColumn).data().toString(),
                 QStringLiteral("pk_1"));
    }

    void fileChangedOnDisk_unmodifiedDocument_isReloadedWhenTheUserSaysSo()
    {
        MainWindow window;
        QVector<bool> asked;
        window.setChangedOnDiskPrompt([&](const QString &, bool beforeSave) {
            asked << beforeSave;
            return MainWindow::DiskChoice::Reload;
        });
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString file = writeWorkspace(workspaceWith(1, 0), QStringLiteral("watched.json"));
        QVERIFY(window.openFile(file));

        // Another program (here: the CLI's writer) adds a platform.
        writeWorkspace(workspaceWith(2, 0), QStringLiteral("watched.json"));
        QTRY_COMPARE(window.document()->workspace().platforms.size(), 2);
        QCOMPARE(asked, QVector<bool>{false});
        QVERIFY(!window.document()->changedOnDisk());
    }

    // The watcher starts from how the file looked before it was read: an untouched file is not
    // read again to find that out (the whole file, on the UI thread). The file is dated back:
    // one written just before it was opened is checked once anyway (FileLook::isSettled).
    void openedFile_untouched_isNotCheckedAgain()
    {
        MainWindow window;
        const QString file = writeWorkspace(workspaceWith(2, 1), QStringLiteral("untouched.json"));
        dateBack(file, 10);
        QVERIFY(window.openFile(file));
        auto *watcher = window.findChild<io::FileChangeWatcher *>();
        QVERIFY(watcher);
        QCOMPARE(watcher->path(), QFileInfo(file).absoluteFilePath());
        QSignalSpy looked(watcher, &io::FileChangeWatcher::fileChanged);
        watcher->setInterval(std::chrono::milliseconds(5));
        QTest::qWait(100);
        QCOMPARE(looked.size(), 0);
    }

    // Opening the open file again (a reload) starts the watcher from the new read: what it saw
    // before is no longer what the document holds.
    void reopenedFile_isWatchedFromTheNewRead()
    {
        MainWindow window;
        const QString file = writeWorkspace(workspaceWith(1, 0), QStringLiteral("reread.json"));
        dateBack(file, 20);
        QVERIFY(window.openFile(file));
        auto *watcher = window.findChild<io::FileChangeWatcher *>();
        QVERIFY(watcher);
        watcher->setInterval(std::chrono::milliseconds(300));
        writeWorkspace(workspaceWith(2, 0), QStringLiteral("reread.json"));
        dateBack(file, 10);
        QVERIFY(window.openFile(file));
        QCOMPARE(window.document()->workspace().platforms.size(), 2);
        QSignalSpy looked(watcher, &io::FileChangeWatcher::fileChanged);
        QTest::qWait(700);
        QCOMPARE(looked.size(), 0);
    }

    void save_afterAnotherProgramWroteTheFile_asksAndNeverOverwritesSilently()
    {
        MainWindow window;
        MainWindow::DiskChoice answer = MainWindow::DiskChoice::Cancel;
        int asked = 0;
        window.setChangedOnDiskPrompt([&](const QString &, bool) {
            ++asked;
            return answer;
        });
        PlatformEditor *editor = editFirstPlatform(window, QStringLiteral("conflict.json"));
        QVERIFY(editor);
        Platform mine = window.document()->workspace().platforms.at(0);
        mine.setBaseUrl(QStringLiteral("https://mine.example"));
        QVERIFY(window.document()->updatePlatform(mine.name, mine));
        const QString file = writeWorkspace(workspaceWith(3, 0), QStringLiteral("conflict.json"));
        QTRY_VERIFY(asked >= 1); // the watcher asked; Cancel kept the unsaved edit

        QVERIFY(!window.saveToFile(file)); // asked again, cancelled: the other change stays
        QCOMPARE(loadWorkspaceFile(file).workspace->platforms.size(), 3);
        answer = MainWindow::DiskChoice::KeepMine;
        QVERIFY(window.saveToFile(file));
        QCOMPARE(loadWorkspaceFile(file).workspace->platforms.size(), 1);
        QCOMPARE(loadWorkspaceFile(file).workspace->platforms.at(0).baseUrl(),
                 QStringLiteral("https://mine.example"));
    }

    void save_fileChangedAgainWhileAsked_asksAboutThatChangeToo()
    {
        MainWindow window;
        int askedBeforeSave = 0;
        MainWindow::DiskChoice second = MainWindow::DiskChoice::Cancel;
        window.setChangedOnDiskPrompt([&](const QString &, bool beforeSave) {
            if (!beforeSave)
                return MainWindow::DiskChoice::Cancel; // the watcher's question
            if (++askedBeforeSave > 1)
                return second;
            // Another program writes again while the first question is open.
            writeWorkspace(workspaceWith(4, 0), QStringLiteral("again.json"));
            return MainWindow::DiskChoice::KeepMine;
        });
        QVERIFY(editFirstPlatform(window, QStringLiteral("again.json")));
        Platform mine = window.document()->workspace().platforms.at(0);
        mine.setBaseUrl(QStringLiteral("https://mine.example"));
        QVERIFY(window.document()->updatePlatform(mine.name, mine));
        const QString file = writeWorkspace(workspaceWith(3, 0), QStringLiteral("again.json"));

        QVERIFY(!window.saveToFile(file)); // "Overwrite" named the first change; cancelled next
        QCOMPARE(askedBeforeSave, 2);
        QCOMPARE(loadWorkspaceFile(file).workspace->platforms.size(), 4);

        askedBeforeSave = 1; // the next question is a second one again: answered "Overwrite"
        second = MainWindow::DiskChoice::KeepMine;
        QVERIFY(window.saveToFile(file));
        QCOMPARE(loadWorkspaceFile(file).workspace->platforms.at(0).baseUrl(),
                 QStringLiteral("https://mine.example"));
    }

    void revealingAStoredSecret_readsItFromTheStoreOnlyThen()
    {
        // A vault with a known passphrase: hermetic, no keychain, no prompt.
        qputenv("PAYBENCH_SECRET_BACKEND", "vault");
        qputenv("PAYBENCH_VAULT_PASSPHRASE", "ui-test-passphrase");
        const QString file = path(QStringLiteral("secret.paybench.json"));
        {
            WorkspaceDocument writer;
            writer.adoptWorkspace(workspaceWith(1, 1), QString());
            ProviderInstance provider = writer.workspace().providers.at(0);
            provider.credentials = {
                Credential{QStringLiteral("apiKey"), QStringLiteral("sk_live_stored"), true, true}};
            QVERIFY(writer.updateProvider(provider.code, provider));
            QSignalSpy saved(&writer, &WorkspaceDocument::secretsSaved);
            QVERIFY(writer.saveAs(file, nullptr));
            QVERIFY(saved.count() == 1 || saved.wait(30000));
            QCOMPARE(saved.at(0).at(0).toStringList(), QStringList());
        }
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(file));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_shop-0-0"));
        ProviderEditor *editor = window.providerEditor();
        const Credential *stored =
            window.document()->workspace().providers.at(0).credential(QStringLiteral("apiKey"));
        QVERIFY(stored && !stored->valueLoaded); // opening read nothing from the store

        QSignalSpy loaded(window.document(), &WorkspaceDocument::secretsLoaded);
        const QModelIndex value =
            editor->credentialsModel()->index(0, CredentialsModel::ValueColumn);
        editor->credentialsView()->setCurrentIndex(value);
        QTest::mouseClick(editor->findChild<QPushButton *>(QStringLiteral("revealCredential")),
                          Qt::LeftButton);
        QVERIFY(loaded.count() == 1 || loaded.wait(30000));
        QCOMPARE(loaded.at(0).at(1).toStringList(), QStringList());
        QCOMPARE(
            editor->credentialsModel()->index(0, CredentialsModel::ValueColumn).data().toString(),
            QStringLiteral("sk_live_stored"));
        QVERIFY(!window.isWindowModified());
    }

    void removeSelected_thenUndo_bringsTheItemBack()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(writeWorkspace(workspaceWith(2, 3), QStringLiteral("d.json"))));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_shop-1-1"));
        QCOMPARE(window.currentProviderCode(), QStringLiteral("pp_shop-1-1"));
        window.treeView()->setFocus();
        QTest::keyClick(window.treeView(), Qt::Key_Delete);
        QVERIFY(!window.document()->workspace().provider(QStringLiteral("pp_shop-1-1")));
        QCOMPARE(window.filterModel()->rowCount(window.filterModel()->index(1, 0)), 2);
        trigger(window, "actionUndo");
        QVERIFY(window.document()->workspace().provider(QStringLiteral("pp_shop-1-1")));
        QCOMPARE(window.filterModel()->rowCount(window.filterModel()->index(1, 0)), 3);
        QCOMPARE(window.filterModel()
                     ->index(1, 0, window.filterModel()->index(1, 0))
                     .data(WorkspaceTreeModel::KeyRole)
                     .toString(),
                 QStringLiteral("pp_shop-1-1"));
    }

    // Each row shows its own provider, however the providers before it were removed, added back
    // or moved since the tree was built.
    void providerRows_afterRemovesUndoesAndMoves_showTheirOwnProvider()
    {
        MainWindow window;
        QVERIFY(window.openFile(writeWorkspace(workspaceWith(2, 4), QStringLiteral("r.json"))));
        WorkspaceDocument *document = window.document();
        QSortFilterProxyModel *model = window.filterModel();
        const auto checkRows = [&] {
            int rows = 0;
            for (int g = 0; g < document->workspace().platforms.size(); ++g) {
                const QModelIndex group = model->index(g, 0);
                for (int r = 0; r < model->rowCount(group); ++r, ++rows) {
                    const QModelIndex row = model->index(r, 0, group);
                    const QString code = row.data(WorkspaceTreeModel::KeyRole).toString();
                    const ProviderInstance *provider = document->workspace().provider(code);
                    QVERIFY2(provider, qPrintable(code));
                    QCOMPARE(row.data(Qt::DisplayRole).toString(),
                             QStringLiteral("%1  (%2)").arg(provider->name, code));
                }
            }
            QCOMPARE(rows, int(document->workspace().providers.size()));
        };
        checkRows();
        QVERIFY(document->removeProvider(QStringLiteral("pp_shop-0-1")));
        QVERIFY(document->removeProvider(QStringLiteral("pp_shop-1-0")));
        checkRows();
        document->undoStack()->undo(); // back in the middle: the rows after it moved down
        checkRows();
        ProviderInstance moved = *document->workspace().provider(QStringLiteral("pp_shop-0-3"));
        moved.platform = QStringLiteral("Platform 1");
        moved.name = QStringLiteral("Moved");
        QVERIFY(document->updateProvider(moved.code, moved));
        checkRows();
        document->undoStack()->undo();
        document->undoStack()->undo();
        checkRows();
        QCOMPARE(document->workspace().providers.size(), 8);
    }

    void providerMovedToAnotherPlatform_movesInTheTree()
    {
        MainWindow window;
        QVERIFY(window.openFile(writeWorkspace(workspaceWith(2, 2), QStringLiteral("m.json"))));
        ProviderInstance moved =
            *window.document()->workspace().provider(QStringLiteral("pp_shop-0-0"));
        moved.platform = QStringLiteral("Platform 1");
        QVERIFY(window.document()->updateProvider(moved.code, moved));
        QSortFilterProxyModel *model = window.filterModel();
        QCOMPARE(model->rowCount(model->index(0, 0)), 1);
        QCOMPARE(model->rowCount(model->index(1, 0)), 3);
        window.document()->undoStack()->undo();
        QCOMPARE(model->rowCount(model->index(0, 0)), 2);
    }

    void metadata_invalidJson_isShownAndNotApplied()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(writeWorkspace(workspaceWith(1, 1), QStringLiteral("j.json"))));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_shop-0-0"));
        auto *metadata = window.providerEditor()->findChild<QPlainTextEdit *>(
            QStringLiteral("providerMetadata"));
        QVERIFY(metadata);
        metadata->setPlainText(QStringLiteral("{\"tier\": "));
        QVERIFY(!window.providerEditor()->messageText(QStringLiteral("metadata")).isEmpty());
        QVERIFY(window.document()->workspace().providers.at(0).metadata.isEmpty());
        metadata->setPlainText(QStringLiteral("{\"tier\": \"gold\"}"));
        QCOMPARE(window.providerEditor()->messageText(QStringLiteral("metadata")), QString());
        QCOMPARE(window.document()->workspace().providers.at(0).metadata.object().value(
                     QStringLiteral("tier")),
                 QJsonValue(QStringLiteral("gold")));
    }

    void save_withInvalidMetadataTyped_isRefused_keepsTheTextAndTheFile()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString path = writeWorkspace(workspaceWith(1, 1), QStringLiteral("s.json"));
        QVERIFY(window.openFile(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_shop-0-0"));
        // A valid edit first, so a save that went through would change the file.
        ProviderInstance renamed =
            *window.document()->workspace().provider(QStringLiteral("pp_shop-0-0"));
        renamed.name = QStringLiteral("Renamed before the save");
        QVERIFY(window.document()->updateProvider(renamed.code, renamed));
        auto *metadata = window.providerEditor()->findChild<QPlainTextEdit *>(
            QStringLiteral("providerMetadata"));
        metadata->setPlainText(QStringLiteral("{\"tier\": "));

        trigger(window, "actionSave");
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
        file.close();
        QCOMPARE(metadata->toPlainText(), QStringLiteral("{\"tier\": "));
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("Not saved")),
                 qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(metadata->hasFocus());

        // Fixed, the same save goes through.
        metadata->setPlainText(QStringLiteral("{\"tier\": \"gold\"}"));
        trigger(window, "actionSave");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray after = file.readAll();
        QVERIFY(after.contains("\"gold\""));
        QVERIFY(after.contains("Renamed before the save"));
    }

    void addPlatform_afterViewingAnother_startsWithAnEmptyBaseUrl()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.document()->adoptWorkspace(workspaceWith(1, 0), QString());
        window.selectItem(ItemKind::Platform, QStringLiteral("Platform 0"));
        auto *baseUrl = window.platformEditor()->findChild<QLineEdit *>(QStringLiteral("baseUrl"));
        QCOMPARE(baseUrl->text(), QStringLiteral("https://gateway0.example"));
        trigger(window, "actionAddPlatform");
        QCOMPARE(window.currentPlatformName(), QStringLiteral("New platform"));
        QCOMPARE(baseUrl->text(), QString());
    }

    void regionEditor_currencyFromTheIsoList()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        trigger(window, "actionAddRegion");
        RegionEditor *editor = window.regionEditor();
        const QString code = window.document()->workspace().regions.at(0).code;
        QCOMPARE(editor->item(), code);
        auto *currency = editor->findChild<QComboBox *>(QStringLiteral("regionCurrency"));
        const int jpy = currency->findData(QStringLiteral("JPY"));
        QVERIFY(jpy >= 0);
        currency->setCurrentIndex(jpy);
        emit currency->activated(jpy);
        QCOMPARE(window.document()->workspace().regions.at(0).currency, QStringLiteral("JPY"));
        retype(editor->findChild<QLineEdit *>(QStringLiteral("regionCountries")),
               QStringLiteral("jp, zz"));
        QCOMPARE(window.document()->workspace().regions.at(0).countries,
                 (QStringList{QStringLiteral("JP"), QStringLiteral("ZZ")}));
        QVERIFY(!editor->messageText(QStringLiteral("countries")).isEmpty());
    }

    void openedAndSavedFiles_areOfferedAsRecent()
    {
        RecentFiles::clear();
        MainWindow window;
        const QString first = writeWorkspace(workspaceWith(1, 0), QStringLiteral("recent1.json"));
        const QString second = writeWorkspace(workspaceWith(1, 0), QStringLiteral("recent2.json"));
        QVERIFY(window.openFile(first));
        QVERIFY(window.saveToFile(second));
        QCOMPARE(RecentFiles::list(), (QStringList{second, first}));
        auto *menu = window.findChild<QMenu *>(QStringLiteral("recentMenu"));
        QVERIFY(menu);
        emit menu->aboutToShow();
        QStringList shown;
        for (QAction *action : menu->actions())
            shown.append(action->text());
        QVERIFY(shown.contains(QDir::toNativeSeparators(first)));
        QVERIFY(shown.contains(QDir::toNativeSeparators(second)));
        // Choosing one opens it.
        for (QAction *action : menu->actions()) {
            if (action->text() == QDir::toNativeSeparators(first))
                action->trigger();
        }
        QCOMPARE(window.document()->filePath(), first);
    }

    void geometry_isRememberedAcrossWindows()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            // Smaller than the offscreen screen (800x600), whose whole area is the first-start
            // size: Qt 6.8's restoreGeometry shrinks a window that does not fit its screen.
            window.resize(720, 540);
            QVERIFY(window.close());
        }
        MainWindow again;
        QCOMPARE(again.size(), QSize(720, 540));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
