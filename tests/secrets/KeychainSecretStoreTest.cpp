#include "KeychainSecretStore.h"
#include "SecretTestSupport.h"
#include "WorkspaceSecrets.h"

#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace paybench;
using namespace paybench::test;

#define REQUIRE_KEYCHAIN()                                                                         \
    if (!m_available)                                                                              \
    QSKIP(qPrintable(QStringLiteral("no keychain answers here: %1").arg(m_reason)))

// Runs against the real OS keychain when one answers; a headless box or CI has none, and then
// these tests are skipped with the probe's reason rather than faked.
class KeychainSecretStoreTest : public QObject
{
    Q_OBJECT

private:
    // Not "Paybench": tests never touch the user's real entries.
    const QString m_service = QStringLiteral("PaybenchTest");
    QString m_key;
    bool m_available = false;
    QString m_reason;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        const KeychainProbeResult probe = probeKeychainBlocking(m_service, std::chrono::seconds(3));
        m_available = probe.available;
        m_reason = probe.reason;
        m_key = QStringLiteral("paybench/test-%1/pp_demo/apiKey")
                    .arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    }

    void defaults_namePaybenchServiceAndFiveSecondTimeout()
    {
        const KeychainSecretStore store;
        QCOMPARE(store.service(), QStringLiteral("Paybench"));
        QCOMPARE(store.timeout(), std::chrono::milliseconds(5000));
        QCOMPARE(store.backendName(), QStringLiteral("keychain"));
    }

    void writeReadDelete_roundTripsOneEntry()
    {
        REQUIRE_KEYCHAIN();
        KeychainSecretStore store(m_service);
        const SecretResult written = writeNow(store, m_key, QStringLiteral("sk_keychain_1"));
        QVERIFY2(written.ok, qPrintable(written.error));
        const SecretResult read = readNow(store, m_key);
        QVERIFY2(read.ok, qPrintable(read.error));
        QCOMPARE(read.value, QStringLiteral("sk_keychain_1"));
        const SecretResult deleted = deleteNow(store, m_key);
        QVERIFY2(deleted.ok, qPrintable(deleted.error));
        const SecretResult gone = readNow(store, m_key);
        QVERIFY(!gone.ok);
        QVERIFY2(gone.notFound, qPrintable(gone.error));
    }

    void callback_comesFromEventLoop()
    {
        REQUIRE_KEYCHAIN();
        KeychainSecretStore store(m_service);
        bool called = false;
        store.readSecret(m_key, [&](const SecretResult &) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY_WITH_TIMEOUT(called, kAnswerTimeoutMs);
    }

    void zeroTimeout_callsBackExactlyOnce()
    {
        // Zero time: the timer and the job's own answer race; whichever wins, the other is dropped.
        KeychainSecretStore store(m_service);
        store.setTimeout(std::chrono::milliseconds(0));
        int calls = 0;
        store.readSecret(m_key, [&](const SecretResult &) { ++calls; });
        QTRY_COMPARE_WITH_TIMEOUT(calls, 1, kAnswerTimeoutMs);
        QTest::qWait(500);
        QCOMPARE(calls, 1);
    }

    void afterTimeout_nextOperationStillWorks()
    {
        REQUIRE_KEYCHAIN();
        KeychainSecretStore store(m_service);
        store.setTimeout(std::chrono::milliseconds(0));
        QVERIFY(!readNow(store, m_key).ok);
        store.setTimeout(KeychainSecretStore::kDefaultTimeout);
        const SecretResult read = readNow(store, m_key);
        QVERIFY2(read.ok || read.notFound, qPrintable(read.error));
    }

    void workspaceSecrets_roundTripThroughKeychain()
    {
        REQUIRE_KEYCHAIN();
        KeychainSecretStore store(m_service);
        Workspace workspace = Workspace::createEmpty();
        ProviderInstance provider;
        provider.code = QStringLiteral("pp_keychain");
        Credential apiKey;
        apiKey.key = QStringLiteral("apiKey");
        apiKey.value = QStringLiteral("sk_in_keychain");
        apiKey.secret = true;
        provider.credentials = {apiKey};
        workspace.providers = {provider};
        QStringList errors = saveWorkspaceSecretsBlocking(Workspace(), workspace, store);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));

        Workspace opened = workspace;
        opened.providers[0].credentials[0].value.clear();
        opened.providers[0].credentials[0].valueLoaded = false;
        errors = loadProviderSecretsBlocking(opened.providers[0], opened, store);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(opened, workspace);

        // Removing the provider removes its entry.
        Workspace emptied = opened;
        emptied.providers.clear();
        errors = saveWorkspaceSecretsBlocking(opened, emptied, store);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        const SecretResult gone = readNow(
            store, secretKey(workspace, QStringLiteral("pp_keychain"), QStringLiteral("apiKey")));
        QVERIFY2(gone.notFound, qPrintable(gone.error));
    }

    void unavailableKeychain_reportsErrorNotNotFound()
    {
        if (m_available)
            QSKIP("a keychain answers here");
        KeychainSecretStore store(m_service);
        const SecretResult read = readNow(store, m_key);
        QVERIFY(!read.ok);
        QVERIFY(!read.notFound);
        QVERIFY2(read.error.startsWith(QStringLiteral("keychain")), qPrintable(read.error));
        const SecretResult written = writeNow(store, m_key, QStringLiteral("v"));
        QVERIFY(!written.ok);
        QVERIFY(!written.error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(KeychainSecretStoreTest)
#include "KeychainSecretStoreTest.moc"
