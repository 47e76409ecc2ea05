#include "WorkspaceSecrets.h"
#include "SecretTestSupport.h"
#include "VaultSecretStore.h"

#include <QMap>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace paybench;
using namespace paybench::test;

namespace {

// A store in memory that records what it was asked, answering from the event loop like the real
// ones. failing: keys whose operations fail.
class MemorySecretStore final : public SecretStore
{
public:
    QMap<QString, QString> entries;
    QStringList log;
    QSet<QString> failing;

    void readSecret(const QString &key, SecretCallback done) override
    {
        log << QStringLiteral("read ") + key;
        SecretResult result = answer(key);
        if (result.ok && !entries.contains(key)) {
            result.ok = false;
            result.notFound = true;
        }
        result.value = entries.value(key);
        deliverLater(std::move(done), result);
    }
    void writeSecret(const QString &key, const QString &value, SecretCallback done) override
    {
        log << QStringLiteral("write ") + key;
        SecretResult result = answer(key);
        if (result.ok)
            entries.insert(key, value);
        deliverLater(std::move(done), result);
    }
    void deleteSecret(const QString &key, SecretCallback done) override
    {
        log << QStringLiteral("delete ") + key;
        SecretResult result = answer(key);
        if (result.ok)
            result.notFound = entries.remove(key) == 0;
        deliverLater(std::move(done), result);
    }
    [[nodiscard]] QString backendName() const override { return QStringLiteral("memory"); }

private:
    SecretResult answer(const QString &key) const
    {
        SecretResult result;
        result.ok = !failing.contains(key);
        if (!result.ok)
            result.error = QStringLiteral("injected failure");
        return result;
    }
};

Credential secretCredential(const QString &key, const QString &value, bool loaded = true)
{
    Credential credential;
    credential.key = key;
    credential.value = loaded ? value : QString();
    credential.secret = true;
    credential.valueLoaded = loaded;
    return credential;
}

Credential plainCredential(const QString &key, const QString &value)
{
    Credential credential;
    credential.key = key;
    credential.value = value;
    return credential;
}

// One platform, one provider pp_demo with a secret apiKey and webhookSecret and a plain
// publishableKey.
Workspace sampleWorkspace()
{
    Workspace workspace;
    workspace.id = QStringLiteral("ws1");
    ProviderInstance provider;
    provider.name = QStringLiteral("Demo");
    provider.code = QStringLiteral("pp_demo");
    provider.platform = QStringLiteral("Demo gateway");
    provider.credentials = {
        secretCredential(QStringLiteral("apiKey"), QStringLiteral("sk_1")),
        plainCredential(QStringLiteral("publishableKey"), QStringLiteral("pk_1")),
        secretCredential(QStringLiteral("webhookSecret"), QStringLiteral("wh_1"))};
    workspace.providers = {provider};
    return workspace;
}

// The workspace as a freshly opened file shows it: secrets not loaded.
Workspace asOpened(Workspace workspace)
{
    for (ProviderInstance &provider : workspace.providers)
        for (Credential &credential : provider.credentials)
            if (credential.secret)
                credential = secretCredential(credential.key, {}, false);
    return workspace;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList saveNow(const Workspace &before, const Workspace &after, SecretStore &store)
{
    return saveWorkspaceSecretsBlocking(before, after, store,
                                        std::chrono::milliseconds(kAnswerTimeoutMs));
}

EnvironmentLookup fakeEnvironment(const QMap<QString, QString> &variables)
{
    return [variables](const QString &name) -> std::optional<QString> {
        if (!variables.contains(name))
            return std::nullopt;
        return variables.value(name);
    };
}

} // namespace

class WorkspaceSecretsTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void secretKey_namespacesByWorkspaceProviderAndCredential()
    {
        QCOMPARE(secretKey(sampleWorkspace(), QStringLiteral("pp_demo"), QStringLiteral("apiKey")),
                 QStringLiteral("paybench/ws1/pp_demo/apiKey"));
    }

    void save_newWorkspace_writesLoadedSecretsOnly()
    {
        MemorySecretStore store;
        const QStringList errors = saveNow(Workspace(), sampleWorkspace(), store);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(
            store.entries,
            (QMap<QString, QString>{
                {QStringLiteral("paybench/ws1/pp_demo/apiKey"), QStringLiteral("sk_1")},
                {QStringLiteral("paybench/ws1/pp_demo/webhookSecret"), QStringLiteral("wh_1")}}));
    }

    void save_skipsReferenceValuesAndUnchangedSecrets()
    {
        MemorySecretStore store;
        const Workspace saved = sampleWorkspace();
        Workspace current = saved;
        current.providers[0].credential(QStringLiteral("webhookSecret"))->value =
            QStringLiteral("${env:DEMO_WEBHOOK_SECRET}");
        store.entries.insert(QStringLiteral("paybench/ws1/pp_demo/apiKey"), QStringLiteral("sk_1"));
        store.entries.insert(QStringLiteral("paybench/ws1/pp_demo/webhookSecret"),
                             QStringLiteral("wh_1"));
        const QStringList errors = saveNow(saved, current, store);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        // apiKey is unchanged, the reference lives in the workspace file: its old entry goes.
        QCOMPARE(store.log,
                 QStringList{QStringLiteral("delete paybench/ws1/pp_demo/webhookSecret")});
    }

    void save_changedSecret_isWritten()
    {
        MemorySecretStore store;
        const Workspace saved = sampleWorkspace();
        Workspace current = saved;
        current.providers[0].credential(QStringLiteral("apiKey"))->value = QStringLiteral("sk_2");
        QVERIFY(saveNow(saved, current, store).isEmpty());
        QCOMPARE(store.log, QStringList{QStringLiteral("write paybench/ws1/pp_demo/apiKey")});
        QCOMPARE(store.entries.value(QStringLiteral("paybench/ws1/pp_demo/apiKey")),
                 QStringLiteral("sk_2"));
    }

    void save_unloadedSecrets_areLeftAlone()
    {
        MemorySecretStore store;
        const Workspace opened = asOpened(sampleWorkspace());
        Workspace current = opened;
        current.providers[0].name = QStringLiteral("Renamed");
        QVERIFY(saveNow(opened, current, store).isEmpty());
        QVERIFY(store.log.isEmpty());
    }

    void save_removedCredential_deletesItsEntry()
    {
        MemorySecretStore store;
        const Workspace opened = asOpened(sampleWorkspace());
        Workspace current = opened;
        QVERIFY(current.providers[0].removeCredential(QStringLiteral("webhookSecret")));
        QVERIFY(saveNow(opened, current, store).isEmpty());
        QCOMPARE(store.log,
                 QStringList{QStringLiteral("delete paybench/ws1/pp_demo/webhookSecret")});
    }

    void save_credentialNoLongerSecret_deletesItsEntry()
    {
        MemorySecretStore store;
        const Workspace saved = sampleWorkspace();
        Workspace current = saved;
        current.providers[0].setCredential(
            plainCredential(QStringLiteral("apiKey"), QStringLiteral("sk_1")));
        QVERIFY(saveNow(saved, current, store).isEmpty());
        QCOMPARE(store.log, QStringList{QStringLiteral("delete paybench/ws1/pp_demo/apiKey")});
    }

    void save_removedProvider_deletesAllItsEntries()
    {
        MemorySecretStore store;
        const Workspace opened = asOpened(sampleWorkspace());
        Workspace current = opened;
        current.providers.clear();
        QVERIFY(saveNow(opened, current, store).isEmpty());
        QCOMPARE(sorted(store.log),
                 (QStringList{QStringLiteral("delete paybench/ws1/pp_demo/apiKey"),
                              QStringLiteral("delete paybench/ws1/pp_demo/webhookSecret")}));
    }

    void save_codeChangedWithLoadedSecrets_movesEntries()
    {
        MemorySecretStore store;
        const Workspace saved = sampleWorkspace();
        Workspace current = saved;
        current.providers[0].code = QStringLiteral("pp_renamed");
        QVERIFY(saveNow(saved, current, store).isEmpty());
        QCOMPARE(sorted(store.log),
                 (QStringList{QStringLiteral("delete paybench/ws1/pp_demo/apiKey"),
                              QStringLiteral("delete paybench/ws1/pp_demo/webhookSecret"),
                              QStringLiteral("write paybench/ws1/pp_renamed/apiKey"),
                              QStringLiteral("write paybench/ws1/pp_renamed/webhookSecret")}));
    }

    void save_codeChangedWithUnloadedSecrets_reportsAndDeletesNothing()
    {
        MemorySecretStore store;
        const Workspace opened = asOpened(sampleWorkspace());
        Workspace current = opened;
        current.providers[0].code = QStringLiteral("pp_renamed");
        const QStringList errors = saveNow(opened, current, store);
        QCOMPARE(errors.size(), 2);
        QVERIFY2(errors.at(0).contains(QStringLiteral("pp_renamed")), qPrintable(errors.at(0)));
        QVERIFY(store.log.isEmpty());
    }

    void save_failedWrite_isReportedWithoutTheValue()
    {
        MemorySecretStore store;
        store.failing.insert(QStringLiteral("paybench/ws1/pp_demo/apiKey"));
        const QStringList errors = saveNow(Workspace(), sampleWorkspace(), store);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.at(0).contains(QStringLiteral("apiKey")), qPrintable(errors.at(0)));
        QVERIFY(!errors.at(0).contains(QStringLiteral("sk_1")));
        QCOMPARE(store.entries.keys(),
                 QStringList{QStringLiteral("paybench/ws1/pp_demo/webhookSecret")});
    }

    void save_workspaceWithoutId_isRefused()
    {
        MemorySecretStore store;
        Workspace current = sampleWorkspace();
        current.id.clear();
        const QStringList errors = saveNow(Workspace(), current, store);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.at(0).contains(QStringLiteral("no id")), qPrintable(errors.at(0)));
        QVERIFY(store.log.isEmpty());
    }

    void save_nothingToDo_stillAnswersFromEventLoop()
    {
        MemorySecretStore store;
        bool called = false;
        saveWorkspaceSecrets(Workspace(), Workspace(), store,
                             [&](const QStringList &) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY(called);
    }

    void load_fillsSecretValuesAndMarksThemLoaded()
    {
        MemorySecretStore store;
        QVERIFY(saveNow(Workspace(), sampleWorkspace(), store).isEmpty());
        Workspace opened = asOpened(sampleWorkspace());
        ProviderInstance &provider = opened.providers[0];
        store.log.clear();
        const QStringList errors = loadProviderSecretsBlocking(provider, opened, store);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(provider, sampleWorkspace().providers[0]);
        QCOMPARE(store.log.size(), 2); // the plain credential is not read
    }

    void load_async_writesIntoTheGivenProvider()
    {
        MemorySecretStore store;
        QVERIFY(saveNow(Workspace(), sampleWorkspace(), store).isEmpty());
        Workspace opened = asOpened(sampleWorkspace());
        std::optional<QStringList> reported;
        loadProviderSecrets(opened.providers[0], opened, store,
                            [&](const QStringList &errors) { reported = errors; });
        QVERIFY(!reported);
        QTRY_VERIFY(reported.has_value());
        QVERIFY(reported->isEmpty());
        QCOMPARE(opened.providers[0].credential(QStringLiteral("apiKey"))->value,
                 QStringLiteral("sk_1"));
    }

    void load_missingEntry_isErrorNamingCredentialAndOthersLoad()
    {
        MemorySecretStore store;
        store.entries.insert(QStringLiteral("paybench/ws1/pp_demo/apiKey"), QStringLiteral("sk_1"));
        Workspace opened = asOpened(sampleWorkspace());
        ProviderInstance &provider = opened.providers[0];
        const QStringList errors = loadProviderSecretsBlocking(provider, opened, store);
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.at(0).contains(QStringLiteral("webhookSecret")), qPrintable(errors.at(0)));
        QVERIFY2(errors.at(0).contains(QStringLiteral("pp_demo")), qPrintable(errors.at(0)));
        QVERIFY(provider.credential(QStringLiteral("apiKey"))->valueLoaded);
        QCOMPARE(provider.credential(QStringLiteral("apiKey"))->value, QStringLiteral("sk_1"));
        QVERIFY(!provider.credential(QStringLiteral("webhookSecret"))->valueLoaded);
    }

    void loadWorkspace_fillsEveryProvider()
    {
        MemorySecretStore store;
        Workspace full = sampleWorkspace();
        ProviderInstance second = full.providers[0];
        second.code = QStringLiteral("pp_second");
        second.credential(QStringLiteral("apiKey"))->value = QStringLiteral("sk_second");
        full.providers.append(second);
        QVERIFY(saveNow(Workspace(), full, store).isEmpty());
        Workspace opened = asOpened(full);
        const QStringList errors = loadWorkspaceSecretsBlocking(opened, store);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(opened, full);
    }

    void saveThenLoad_throughRealVault_roundTrips()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        VaultSecretStore store(dir.filePath(QStringLiteral("w.json.vault")),
                               QStringLiteral("pass"));
        QStringList errors = saveNow(Workspace(), sampleWorkspace(), store);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        Workspace opened = asOpened(sampleWorkspace());
        errors = loadProviderSecretsBlocking(opened.providers[0], opened, store);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(opened, sampleWorkspace());
    }

    void resolved_includesEveryCredentialAndEnvironment()
    {
        Workspace workspace = sampleWorkspace();
        workspace.providers[0].environment = Environment::Live;
        QString error;
        const std::optional<QJsonObject> credentials =
            resolvedCredentials(workspace.providers[0], fakeEnvironment({}), &error);
        QVERIFY2(credentials, qPrintable(error));
        QCOMPARE(*credentials,
                 (QJsonObject{{QStringLiteral("apiKey"), QStringLiteral("sk_1")},
                              {QStringLiteral("publishableKey"), QStringLiteral("pk_1")},
                              {QStringLiteral("webhookSecret"), QStringLiteral("wh_1")},
                              {QStringLiteral("environment"), QStringLiteral("live")}}));
    }

    void resolved_replacesReferencesWithVariables()
    {
        ProviderInstance provider = sampleWorkspace().providers[0];
        provider.credential(QStringLiteral("apiKey"))->value =
            QStringLiteral("${env:DEMO_API_KEY}");
        provider.credential(QStringLiteral("publishableKey"))->value =
            QStringLiteral("${env:DEMO_PK}");
        QString error;
        const std::optional<QJsonObject> credentials = resolvedCredentials(
            provider,
            fakeEnvironment({{QStringLiteral("DEMO_API_KEY"), QStringLiteral("sk_from_env")},
                             {QStringLiteral("DEMO_PK"), QStringLiteral("pk_from_env")}}),
            &error);
        QVERIFY2(credentials, qPrintable(error));
        QCOMPARE(credentials->value(QStringLiteral("apiKey")).toString(),
                 QStringLiteral("sk_from_env"));
        QCOMPARE(credentials->value(QStringLiteral("publishableKey")).toString(),
                 QStringLiteral("pk_from_env"));
        QCOMPARE(credentials->value(QStringLiteral("environment")).toString(),
                 QStringLiteral("sandbox"));
    }

    void resolved_missingVariable_isErrorNamingIt()
    {
        ProviderInstance provider = sampleWorkspace().providers[0];
        provider.credential(QStringLiteral("apiKey"))->value =
            QStringLiteral("${env:DEMO_API_KEY}");
        QString error;
        QVERIFY(!resolvedCredentials(provider, fakeEnvironment({}), &error));
        QVERIFY2(error.contains(QStringLiteral("DEMO_API_KEY")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("apiKey")), qPrintable(error));
    }

    void resolved_unloadedSecret_isError()
    {
        const ProviderInstance provider = asOpened(sampleWorkspace()).providers[0];
        QString error;
        QVERIFY(!resolvedCredentials(provider, fakeEnvironment({}), &error));
        QVERIFY2(error.contains(QStringLiteral("not loaded")), qPrintable(error));
    }

    void resolved_environmentCredentialContradictingProvider_isError()
    {
        ProviderInstance provider = sampleWorkspace().providers[0];
        provider.setCredential(
            plainCredential(QStringLiteral("environment"), QStringLiteral("live")));
        QString error;
        QVERIFY(!resolvedCredentials(provider, fakeEnvironment({}), &error));
        QVERIFY2(error.contains(QStringLiteral("sandbox")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(WorkspaceSecretsTest)
#include "WorkspaceSecretsTest.moc"
