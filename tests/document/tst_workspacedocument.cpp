#include "RecentFiles.h"
#include "StartupWorkspace.h"
#include "WorkspaceDocument.h"
#include "WorkspaceFile.h"
#include "WorkspaceMerge.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace paybench;

namespace {

Platform makePlatform(const QString &name)
{
    Platform platform;
    platform.name = name;
    platform.setBaseUrl(QStringLiteral("http://127.0.0.1:8080"));
    return platform;
}

ProviderInstance makeProvider(const QString &code, const QString &platform)
{
    ProviderInstance provider;
    provider.name = code;
    provider.code = code;
    provider.platform = platform;
    provider.credentials = {Credential{QStringLiteral("apiKey"), QStringLiteral("k"), false, true}};
    return provider;
}

Region makeRegion(const QString &code)
{
    return Region{code, code.toUpper(), QStringLiteral("EUR"), {QStringLiteral("DE")}};
}

} // namespace

class TestWorkspaceDocument : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PaybenchTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_workspacedocument"));
        QVERIFY(m_dir.isValid());
    }

    void addPlatform_undoRedo_removesAndRestoresIt()
    {
        WorkspaceDocument document;
        QSignalSpy added(&document, &WorkspaceDocument::itemAdded);
        QSignalSpy removed(&document, &WorkspaceDocument::itemRemoved);
        QVERIFY(document.addPlatform(makePlatform(QStringLiteral("Demo"))));
        QCOMPARE(document.workspace().platforms.size(), 1);
        QCOMPARE(added.count(), 1);
        QVERIFY(document.isModified());
        document.undoStack()->undo();
        QVERIFY(document.workspace().platforms.isEmpty());
        QCOMPARE(removed.count(), 1);
        QCOMPARE(removed.at(0).at(1).toString(), QStringLiteral("Demo"));
        QVERIFY(!document.isModified());
        document.undoStack()->redo();
        QCOMPARE(document.workspace().platforms.value(0), makePlatform(QStringLiteral("Demo")));
    }

    void mergeIntoDocument_addsAndUpdatesAsOneUndoStep_andRefusesWhole()
    {
        WorkspaceDocument document;
        QVERIFY(document.addPlatform(makePlatform(QStringLiteral("Demo"))));
        QVERIFY(document.addProvider(makeProvider(QStringLiteral("pp_a"), QStringLiteral("Demo"))));
        const int steps = document.undoStack()->count();

        Workspace after = document.workspace();
        after.regions.append(makeRegion(QStringLiteral("eu")));
        after.providers[0].name = QStringLiteral("Renamed");
        after.providers.append(makeProvider(QStringLiteral("pp_b"), QStringLiteral("Demo")));
        QString error;
        QVERIFY2(mergeIntoDocument(document, after, QStringLiteral("Pull"), &error),
                 qPrintable(error));
        QCOMPARE(document.workspace().providers.size(), 2);
        QCOMPARE(document.workspace().provider(QStringLiteral("pp_a"))->name,
                 QStringLiteral("Renamed"));
        QCOMPARE(document.undoStack()->count(), steps + 1);
        document.undoStack()->undo();
        QCOMPARE(document.workspace().providers.size(), 1);
        QVERIFY(document.workspace().regions.isEmpty());

        // A provider without a code is refused: nothing of the merge stays, not even the region.
        Workspace broken = document.workspace();
        broken.regions.append(makeRegion(QStringLiteral("us")));
        broken.providers.append(makeProvider(QString(), QStringLiteral("Demo")));
        const Workspace kept = document.workspace();
        QVERIFY(!mergeIntoDocument(document, broken, QStringLiteral("Pull"), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(document.workspace() == kept);
    }

    void setOpenfrontConnection_isOneUndoStep()
    {
        WorkspaceDocument document;
        QSignalSpy changed(&document, &WorkspaceDocument::openfrontConnectionChanged);
        QVERIFY(document.setOpenfrontConnection({QStringLiteral("https://shop/api/graphql")}));
        QCOMPARE(document.workspace().openfront.graphqlUrl,
                 QStringLiteral("https://shop/api/graphql"));
        QVERIFY(document.isModified());
        QVERIFY(!document.setOpenfrontConnection({QStringLiteral("https://shop/api/graphql")}));
        QCOMPARE(document.undoStack()->count(), 1);
        document.undoStack()->undo();
        QVERIFY(document.workspace().openfront.graphqlUrl.isEmpty());
        QVERIFY(!document.isModified());
        QCOMPARE(changed.count(), 2);
    }

    void addPlatform_duplicateOrEmptyName_isRefusedAndChangesNothing()
    {
        WorkspaceDocument document;
        QVERIFY(document.addPlatform(makePlatform(QStringLiteral("Demo"))));
        QString error;
        QVERIFY(!document.addPlatform(makePlatform(QStringLiteral("Demo")), &error));
        QVERIFY(error.contains(QStringLiteral("Demo")));
        QVERIFY(!document.addPlatform(makePlatform(QStringLiteral("  ")), &error));
        QCOMPARE(document.workspace().platforms.size(), 1);
        QCOMPARE(document.undoStack()->count(), 1);
    }

    void renamePlatform_cascadesToProviders_andUndoRestoresBoth()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("Demo")));
        document.addProvider(makeProvider(QStringLiteral("pp_a"), QStringLiteral("Demo")));
        QSignalSpy changed(&document, &WorkspaceDocument::itemChanged);
        Platform renamed = makePlatform(QStringLiteral("Gateway"));
        QVERIFY(document.updatePlatform(QStringLiteral("Demo"), renamed));
        QCOMPARE(document.workspace().providers.at(0).platform, QStringLiteral("Gateway"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(1).toString(), QStringLiteral("Gateway"));
        QCOMPARE(changed.at(0).at(2).toString(), QStringLiteral("Demo"));
        document.undoStack()->undo();
        QCOMPARE(document.workspace().platforms.at(0).name, QStringLiteral("Demo"));
        QCOMPARE(document.workspace().providers.at(0).platform, QStringLiteral("Demo"));
    }

    void renameRegion_cascadesToProviders()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("Demo")));
        document.addRegion(makeRegion(QStringLiteral("eu")));
        ProviderInstance provider = makeProvider(QStringLiteral("pp_a"), QStringLiteral("Demo"));
        provider.regions = {QStringLiteral("eu")};
        document.addProvider(provider);
        QVERIFY(document.updateRegion(QStringLiteral("eu"), makeRegion(QStringLiteral("europe"))));
        QCOMPARE(document.workspace().providers.at(0).regions,
                 QStringList{QStringLiteral("europe")});
    }

    void editsOfOneField_inARow_mergeIntoOneUndoStep()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("D")));
        const int before = document.undoStack()->count();
        QString name = QStringLiteral("D");
        for (const QChar c : QStringLiteral("emo")) {
            Platform next = *document.workspace().platform(name);
            next.name = name + c;
            QVERIFY(document.updatePlatform(name, next, QStringLiteral("name")));
            name = next.name;
        }
        QCOMPARE(document.undoStack()->count(), before + 1);
        // Another field is another step.
        Platform next = *document.workspace().platform(name);
        next.setTarget(PaymentFunction::RefundPayment, QStringLiteral("manual"));
        QVERIFY(document.updatePlatform(name, next, QStringLiteral("refundPaymentFunction")));
        QCOMPARE(document.undoStack()->count(), before + 2);
        document.undoStack()->undo();
        document.undoStack()->undo();
        QCOMPARE(document.workspace().platforms.at(0).name, QStringLiteral("D"));
    }

    void editTypedBackToOriginal_leavesNoUndoStep()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("Demo")));
        const int before = document.undoStack()->count();
        Platform next = makePlatform(QStringLiteral("Demo"));
        next.setTarget(PaymentFunction::CreatePayment, QStringLiteral("stripe"));
        document.updatePlatform(QStringLiteral("Demo"), next, QStringLiteral("create"));
        document.updatePlatform(QStringLiteral("Demo"), makePlatform(QStringLiteral("Demo")),
                                QStringLiteral("create"));
        QCOMPARE(document.undoStack()->count(), before);
    }

    void removePlatform_removesItsProviders_andUndoPutsThemBackInPlace()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("A")));
        document.addPlatform(makePlatform(QStringLiteral("B")));
        document.addProvider(makeProvider(QStringLiteral("pp_1"), QStringLiteral("A")));
        document.addProvider(makeProvider(QStringLiteral("pp_2"), QStringLiteral("B")));
        document.addProvider(makeProvider(QStringLiteral("pp_3"), QStringLiteral("A")));
        const Workspace before = document.workspace();
        QVERIFY(document.removePlatform(QStringLiteral("A")));
        QCOMPARE(document.workspace().platforms.size(), 1);
        QCOMPARE(document.workspace().providers.size(), 1);
        QCOMPARE(document.workspace().providers.at(0).code, QStringLiteral("pp_2"));
        document.undoStack()->undo();
        QCOMPARE(document.workspace(), before);
    }

    void removingManyProviders_emitsOneReplacedSignal()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("A")));
        for (int i = 0; i < 150; ++i)
            document.addProvider(makeProvider(QStringLiteral("pp_%1").arg(i), QStringLiteral("A")));
        QSignalSpy removed(&document, &WorkspaceDocument::itemRemoved);
        QSignalSpy replaced(&document, &WorkspaceDocument::workspaceReplaced);
        document.removePlatform(QStringLiteral("A"));
        QCOMPARE(removed.count(), 0);
        QCOMPARE(replaced.count(), 1);
        QVERIFY(document.workspace().providers.isEmpty());
    }

    void removeRegion_takesItOffProviders_andUndoRestores()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("A")));
        document.addRegion(makeRegion(QStringLiteral("eu")));
        ProviderInstance provider = makeProvider(QStringLiteral("pp_1"), QStringLiteral("A"));
        provider.regions = {QStringLiteral("eu")};
        document.addProvider(provider);
        QVERIFY(document.removeRegion(QStringLiteral("eu")));
        QVERIFY(document.workspace().regions.isEmpty());
        QVERIFY(document.workspace().providers.at(0).regions.isEmpty());
        document.undoStack()->undo();
        QCOMPARE(document.workspace().providers.at(0).regions, QStringList{QStringLiteral("eu")});
    }

    void updateProvider_toAnExistingCode_isRefused()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("A")));
        document.addProvider(makeProvider(QStringLiteral("pp_1"), QStringLiteral("A")));
        document.addProvider(makeProvider(QStringLiteral("pp_2"), QStringLiteral("A")));
        QString error;
        QVERIFY(!document.updateProvider(QStringLiteral("pp_2"),
                                         makeProvider(QStringLiteral("pp_1"), QStringLiteral("A")),
                                         {}, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!document.updateProvider(QStringLiteral("pp_9"),
                                         makeProvider(QStringLiteral("pp_9"), QStringLiteral("A")),
                                         {}, &error));
    }

    void saveAs_thenOpen_roundTripsAndClearsModified()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("A")));
        document.addRegion(makeRegion(QStringLiteral("eu")));
        document.addProvider(makeProvider(QStringLiteral("pp_1"), QStringLiteral("A")));
        QSignalSpy modified(&document, &WorkspaceDocument::modifiedChanged);
        QString error;
        const QString file = path(QStringLiteral("round.paybench.json"));
        QVERIFY2(document.saveAs(file, &error), qPrintable(error));
        QVERIFY(!document.isModified());
        QCOMPARE(modified.count(), 1);
        QCOMPARE(document.filePath(), file);
        QCOMPARE(document.savedWorkspace(), document.workspace());

        WorkspaceDocument reopened;
        QVERIFY2(reopened.open(file, &error), qPrintable(error));
        QCOMPARE(reopened.workspace(), document.workspace());
        QCOMPARE(reopened.displayName(), QStringLiteral("round.paybench.json"));
        QVERIFY(!reopened.isModified());
        QCOMPARE(reopened.undoStack()->count(), 0);
    }

    // The stamp is made from the bytes loaded (in the background for the window) and the bytes
    // saved, not from a second read: a same-size edit by another program is still seen.
    void changedOnDisk_sameSizeEditAfterAdoptOrSave_isSeen()
    {
        WorkspaceDocument writer;
        writer.addPlatform(makePlatform(QStringLiteral("A")));
        const QString file = path(QStringLiteral("stamp.paybench.json"));
        QString error;
        QVERIFY2(writer.saveAs(file, &error), qPrintable(error));
        QVERIFY(!writer.changedOnDisk());

        const WorkspaceLoadResult loaded = loadWorkspaceFile(file);
        QVERIFY(loaded.workspace);
        QVERIFY(!loaded.contentStamp.isEmpty());
        WorkspaceDocument reader;
        reader.adoptWorkspace(*loaded.workspace, file, loaded.contentStamp);
        QVERIFY(!reader.changedOnDisk());

        QFile disk(file);
        QVERIFY(disk.open(QIODevice::ReadWrite));
        const QDateTime modified = disk.fileTime(QFileDevice::FileModificationTime);
        QByteArray bytes = disk.readAll();
        const qsizetype at = bytes.indexOf("\"A\"");
        QVERIFY(at >= 0);
        bytes[at + 1] = 'B';
        QVERIFY(disk.seek(0));
        QCOMPARE(disk.write(bytes), bytes.size());
        QVERIFY(disk.setFileTime(modified, QFileDevice::FileModificationTime));
        disk.close();
        QVERIFY(reader.changedOnDisk());
        QVERIFY(writer.changedOnDisk());
    }

    // The window's watcher starts from the look taken before the read (so it need not read the
    // file again to know it is unchanged): it is there when filePathChanged is emitted, and
    // forgotten after a save, when a look could be of another writer's file.
    void diskLook_isTheFileBeforeTheReadUntilASave()
    {
        WorkspaceDocument writer;
        writer.addPlatform(makePlatform(QStringLiteral("A")));
        const QString file = path(QStringLiteral("look.paybench.json"));
        QString error;
        QVERIFY2(writer.saveAs(file, &error), qPrintable(error));
        QVERIFY(!writer.diskLook());

        const WorkspaceLoadResult loaded = loadWorkspaceFile(file);
        QVERIFY(loaded.fileLook);
        QCOMPARE(*loaded.fileLook, io::FileLook::of(file));
        QCOMPARE(loaded.fileLook->size, QFileInfo(file).size());

        for (const bool adopt : {true, false}) {
            WorkspaceDocument reader;
            std::optional<io::FileLook> atPathChange;
            connect(&reader, &WorkspaceDocument::filePathChanged, this,
                    [&] { atPathChange = reader.diskLook(); });
            if (adopt)
                reader.adoptWorkspace(*loaded.workspace, file, loaded.contentStamp,
                                      loaded.fileLook);
            else
                QVERIFY2(reader.open(file, &error), qPrintable(error));
            QVERIFY(atPathChange);
            QCOMPARE(*atPathChange, io::FileLook::of(file));
            QVERIFY(reader.saveAs(path(QStringLiteral("look-copy.paybench.json")), &error));
            QVERIFY(!reader.diskLook());
        }
    }

    void undoAfterSave_marksModifiedAgain()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("A")));
        QVERIFY(document.saveAs(path(QStringLiteral("undo.paybench.json")), nullptr));
        document.undoStack()->undo();
        QVERIFY(document.isModified());
    }

    void saveAs_overAChangeOnDisk_goesOverTheAgreedChangeOnly()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("Mine")));
        const QString file = path(QStringLiteral("agreed.paybench.json"));
        QVERIFY(document.saveAs(file, nullptr));
        const auto otherProgramWrites = [&](const QString &platform) {
            WorkspaceDocument other;
            other.addPlatform(makePlatform(platform));
            QVERIFY(other.saveAs(file, nullptr));
        };
        otherProgramWrites(QStringLiteral("Theirs"));

        std::optional<QByteArray> change;
        QVERIFY(!document.saveAs(file, nullptr, std::nullopt, &change));
        QVERIFY(change);
        otherProgramWrites(QStringLiteral("Theirs, again")); // after the person agreed
        std::optional<QByteArray> again;
        QVERIFY(!document.saveAs(file, nullptr, change, &again));
        QVERIFY(again && *again != *change);
        QCOMPARE(loadWorkspaceFile(file).workspace->platforms.at(0).name,
                 QStringLiteral("Theirs, again"));

        QVERIFY(document.saveAs(file, nullptr, again, &change));
        QVERIFY(!change);
        QCOMPARE(loadWorkspaceFile(file).workspace->platforms.at(0).name, QStringLiteral("Mine"));
    }

    void save_withoutFile_isRefused()
    {
        WorkspaceDocument document;
        QString error;
        QVERIFY(!document.save(&error));
        QVERIFY(!error.isEmpty());
    }

    void open_corruptNewerOrForeignFile_keepsTheOpenDocument_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("corrupt") << QByteArray("{\"format\": \"paybench-works");
        QTest::newRow("not a workspace") << QByteArray("{\"hello\": \"world\"}");
        QTest::newRow("empty") << QByteArray();
        WorkspaceDocument source;
        source.addPlatform(makePlatform(QStringLiteral("A")));
        QJsonObject root = QJsonDocument::fromJson(workspaceToJson(source.workspace())).object();
        root.insert(QStringLiteral("version"), kWorkspaceFormatVersion + 1);
        QTest::newRow("newer") << QJsonDocument(root).toJson();
    }

    void open_corruptNewerOrForeignFile_keepsTheOpenDocument()
    {
        QFETCH(QByteArray, content);
        const QString file = path(QStringLiteral("bad.json"));
        {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(content);
        }
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("Kept")));
        const Workspace before = document.workspace();
        QSignalSpy replaced(&document, &WorkspaceDocument::workspaceReplaced);
        QString error;
        QVERIFY(!document.open(file, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(document.workspace(), before);
        QCOMPARE(replaced.count(), 0);
        QVERIFY(document.isModified());
        QFile in(file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QCOMPARE(in.readAll(), content);
    }

    void newWorkspace_clearsHistoryAndFile()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("A")));
        const QString oldId = document.workspace().id;
        QSignalSpy replaced(&document, &WorkspaceDocument::workspaceReplaced);
        document.newWorkspace();
        QCOMPARE(replaced.count(), 1);
        QVERIFY(document.workspace().platforms.isEmpty());
        QVERIFY(document.workspace().id != oldId);
        QVERIFY(!document.isModified());
        QVERIFY(!document.undoStack()->canUndo());
        QVERIFY(document.filePath().isEmpty());
    }

    void uniqueNames_skipTakenOnes()
    {
        WorkspaceDocument document;
        document.addPlatform(makePlatform(QStringLiteral("New platform")));
        QCOMPARE(document.uniquePlatformName(QStringLiteral("New platform")),
                 QStringLiteral("New platform 2"));
        QCOMPARE(document.uniqueProviderCode(QStringLiteral("pp_new")), QStringLiteral("pp_new"));
    }

    void secrets_saveGoesToTheStore_reopenLoadsOnDemandOnly()
    {
        SecretStoreOptions options;
        options.backend = SecretBackend::Vault;
        options.environment = [](const QString &name) -> std::optional<QString> {
            if (name == QLatin1String(kVaultPassphraseVariable))
                return QStringLiteral("test-passphrase");
            return std::nullopt;
        };
        const QString file = path(QStringLiteral("secret.paybench.json"));
        {
            WorkspaceDocument document;
            document.setSecretStoreOptions(options);
            document.addPlatform(makePlatform(QStringLiteral("A")));
            ProviderInstance provider = makeProvider(QStringLiteral("pp_s"), QStringLiteral("A"));
            provider.credentials.append(Credential{QStringLiteral("webhookSecret"),
                                                   QStringLiteral("whsec_123"), true, true});
            document.addProvider(provider);
            QSignalSpy saved(&document, &WorkspaceDocument::secretsSaved);
            QVERIFY(document.saveAs(file, nullptr));
            QVERIFY(saved.wait(30000) || saved.count() == 1);
            QCOMPARE(saved.at(0).at(0).toStringList(), QStringList());
            QVERIFY(!document.isModified());
        }
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QVERIFY(!written.readAll().contains("whsec_123"));

        WorkspaceDocument reopened;
        reopened.setSecretStoreOptions(options);
        QVERIFY(reopened.open(file, nullptr));
        const Credential *secret = reopened.workspace()
                                       .provider(QStringLiteral("pp_s"))
                                       ->credential(QStringLiteral("webhookSecret"));
        QVERIFY(secret && !secret->valueLoaded && secret->value.isEmpty());
        QSignalSpy loaded(&reopened, &WorkspaceDocument::secretsLoaded);
        reopened.loadSecrets(QStringLiteral("pp_s"));
        QVERIFY(loaded.wait(30000) || loaded.count() == 1);
        QCOMPARE(loaded.at(0).at(1).toStringList(), QStringList());
        secret = reopened.workspace()
                     .provider(QStringLiteral("pp_s"))
                     ->credential(QStringLiteral("webhookSecret"));
        QCOMPARE(secret->value, QStringLiteral("whsec_123"));
        QVERIFY(!reopened.isModified());
        QVERIFY(!reopened.undoStack()->canUndo());
    }

    void saveAs_anotherFile_takesTheStoredSecretsAlong()
    {
        SecretStoreOptions options;
        options.backend = SecretBackend::Vault; // one vault per workspace file
        options.environment = [](const QString &name) -> std::optional<QString> {
            if (name == QLatin1String(kVaultPassphraseVariable))
                return QStringLiteral("test-passphrase");
            return std::nullopt;
        };
        const QString first = path(QStringLiteral("move-a.paybench.json"));
        const QString second = path(QStringLiteral("move-b.paybench.json"));
        {
            WorkspaceDocument document;
            document.setSecretStoreOptions(options);
            document.addPlatform(makePlatform(QStringLiteral("A")));
            ProviderInstance provider = makeProvider(QStringLiteral("pp_m"), QStringLiteral("A"));
            provider.credentials = {
                Credential{QStringLiteral("apiKey"), QStringLiteral("sk_moved"), true, true}};
            document.addProvider(provider);
            QSignalSpy saved(&document, &WorkspaceDocument::secretsSaved);
            QVERIFY(document.saveAs(first, nullptr));
            QVERIFY(saved.count() == 1 || saved.wait(30000));
        }
        {
            WorkspaceDocument document;
            document.setSecretStoreOptions(options);
            QVERIFY(document.open(first, nullptr));
            QSignalSpy saved(&document, &WorkspaceDocument::secretsSaved);
            QVERIFY(document.saveAs(second, nullptr)); // the value was never loaded here
            QVERIFY(saved.count() == 1 || saved.wait(30000));
            QCOMPARE(saved.at(0).at(0).toStringList(), QStringList());
        }
        WorkspaceDocument reopened;
        reopened.setSecretStoreOptions(options);
        QVERIFY(reopened.open(second, nullptr));
        QSignalSpy loaded(&reopened, &WorkspaceDocument::secretsLoaded);
        reopened.loadSecrets(QStringLiteral("pp_m"));
        QVERIFY(loaded.count() == 1 || loaded.wait(30000));
        QCOMPARE(loaded.at(0).at(1).toStringList(), QStringList());
        QCOMPARE(reopened.workspace().providers.at(0).credentials.at(0).value,
                 QStringLiteral("sk_moved"));
    }

    void startupWorkspace_firstStartCopiesTheSample_thenReopensTheLastFile()
    {
        RecentFiles::clear();
        QFile::remove(sampleCopyPath());
        const QByteArray sample = workspaceToJson(Workspace::createEmpty());
        QString error;
        const QString first = startupWorkspacePath(sample, &error);
        QCOMPARE(first, sampleCopyPath());
        QFile copy(first);
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), sample);
        copy.close();

        // An edited copy is never overwritten.
        QVERIFY(copy.open(QIODevice::WriteOnly | QIODevice::Append));
        copy.write("\n");
        copy.close();
        QCOMPARE(startupWorkspacePath(sample, &error), first);
        QCOMPARE(QFileInfo(first).size(), sample.size() + 1);

        const QString other = path(QStringLiteral("last.paybench.json"));
        QFile(other).open(QIODevice::WriteOnly);
        RecentFiles::add(other);
        QCOMPARE(startupWorkspacePath(sample, &error), other);
        RecentFiles::clear();
    }

    void startupWorkspace_withoutSample_saysSo()
    {
        RecentFiles::clear();
        QFile::remove(sampleCopyPath());
        QString error;
        QVERIFY(startupWorkspacePath(QByteArray(), &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }

    void recentFiles_newestFirst_withoutDuplicates_andBounded()
    {
        RecentFiles::clear();
        for (int i = 0; i < RecentFiles::kMaxEntries + 3; ++i)
            RecentFiles::add(path(QStringLiteral("w%1.json").arg(i)));
        RecentFiles::add(path(QStringLiteral("w5.json")));
        const QStringList list = RecentFiles::list();
        QCOMPARE(list.size(), RecentFiles::kMaxEntries);
        QCOMPARE(list.first(), path(QStringLiteral("w5.json")));
        QCOMPARE(list.count(path(QStringLiteral("w5.json"))), 1);
        QVERIFY(RecentFiles::lastExisting().isEmpty()); // none of them exists
        QFile(path(QStringLiteral("w12.json"))).open(QIODevice::WriteOnly);
        QCOMPARE(RecentFiles::lastExisting(), path(QStringLiteral("w12.json")));
        RecentFiles::remove(path(QStringLiteral("w12.json")));
        QVERIFY(!RecentFiles::list().contains(path(QStringLiteral("w12.json"))));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceDocument)
#include "tst_workspacedocument.moc"
