#include "SecretStoreFactory.h"
#include "SecretTestSupport.h"
#include "VaultFile.h"
#include "VaultSecretStore.h"

#include <QFile>
#include <QMap>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace paybench;
using namespace paybench::test;

namespace {

EnvironmentLookup fakeEnvironment(const QMap<QString, QString> &variables)
{
    return [variables](const QString &name) -> std::optional<QString> {
        if (!variables.contains(name))
            return std::nullopt;
        return variables.value(name);
    };
}

const QString kBackend = QString::fromLatin1(kSecretBackendVariable);
const QString kPassphrase = QString::fromLatin1(kVaultPassphraseVariable);

} // namespace

class SecretStoreFactoryTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_workspace;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_workspace = m_dir.filePath(QStringLiteral("shop.paybench.json"));
    }

    void backendNames_roundTripAndRejectUnknown()
    {
        for (SecretBackend backend :
             {SecretBackend::Auto, SecretBackend::Keychain, SecretBackend::Vault})
            QCOMPARE(secretBackendFromName(secretBackendName(backend)), backend);
        QCOMPARE(secretBackendFromName(QStringLiteral("VAULT")), SecretBackend::Vault);
        QVERIFY(!secretBackendFromName(QStringLiteral("plaintext")));
    }

    void vaultFromEnvironment_givesVaultNextToWorkspace()
    {
        SecretStoreOptions options;
        options.environment = fakeEnvironment(
            {{kBackend, QStringLiteral("vault")}, {kPassphrase, QStringLiteral("from env")}});
        bool prompted = false;
        options.passphrasePrompt = [&]() -> std::optional<QString> {
            prompted = true;
            return QStringLiteral("from prompt");
        };
        QString error;
        const std::unique_ptr<SecretStore> store = createSecretStore(m_workspace, options, &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->backendName(), QStringLiteral("vault"));
        QCOMPARE(static_cast<VaultSecretStore *>(store.get())->vaultPath(),
                 VaultFile::pathForWorkspace(m_workspace));
        QVERIFY(!prompted);
        // The environment's passphrase is the one in use.
        QVERIFY(writeNow(*store, QStringLiteral("k"), QStringLiteral("v")).ok);
        VaultFile vault(VaultFile::pathForWorkspace(m_workspace));
        QString unlockError;
        QVERIFY2(vault.unlock(QStringLiteral("from env"), &unlockError), qPrintable(unlockError));
        QCOMPARE(vault.value(QStringLiteral("k")), QStringLiteral("v"));
    }

    void processEnvironment_isReadWhenNoLookupGiven()
    {
        // CTest runs every test with PAYBENCH_SECRET_BACKEND=vault; set it here too so the test
        // also holds when run by hand.
        qputenv(kSecretBackendVariable, "vault");
        qputenv(kVaultPassphraseVariable, "process passphrase");
        QString error;
        const std::unique_ptr<SecretStore> store =
            createSecretStore(m_workspace, SecretStoreOptions(), &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->backendName(), QStringLiteral("vault"));
    }

    void vaultWithoutPassphrase_isClearError()
    {
        SecretStoreOptions options;
        options.environment = fakeEnvironment({{kBackend, QStringLiteral("vault")}});
        QString error;
        QVERIFY(!createSecretStore(m_workspace, options, &error));
        QVERIFY2(error.contains(kPassphrase), qPrintable(error));
        QVERIFY2(error.contains(VaultFile::pathForWorkspace(m_workspace)), qPrintable(error));
    }

    void vaultWithoutEnvironmentPassphrase_asksThePrompt()
    {
        SecretStoreOptions options;
        options.backend = SecretBackend::Vault;
        options.environment = fakeEnvironment({});
        int prompts = 0;
        options.passphrasePrompt = [&]() -> std::optional<QString> {
            ++prompts;
            return QStringLiteral("typed");
        };
        QString error;
        QVERIFY2(createSecretStore(m_workspace, options, &error), qPrintable(error));
        QCOMPARE(prompts, 1);
    }

    void cancelledPrompt_isClearError()
    {
        SecretStoreOptions options;
        options.backend = SecretBackend::Vault;
        options.environment = fakeEnvironment({});
        options.passphrasePrompt = [] { return std::optional<QString>(); };
        QString error;
        QVERIFY(!createSecretStore(m_workspace, options, &error));
        QVERIFY2(error.contains(QStringLiteral("no passphrase")), qPrintable(error));
    }

    void emptyPassphrase_isRefused()
    {
        SecretStoreOptions options;
        options.backend = SecretBackend::Vault;
        options.environment = fakeEnvironment({});
        options.passphrasePrompt = [] { return std::optional<QString>(QString()); };
        QString error;
        QVERIFY(!createSecretStore(m_workspace, options, &error));
        QVERIFY2(error.contains(QStringLiteral("empty")), qPrintable(error));
    }

    void unknownBackendName_isClearError()
    {
        SecretStoreOptions options;
        options.environment = fakeEnvironment({{kBackend, QStringLiteral("plaintext")}});
        QString error;
        QVERIFY(!createSecretStore(m_workspace, options, &error));
        QVERIFY2(error.contains(kBackend), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("plaintext")), qPrintable(error));
    }

    void vaultForUnsavedWorkspace_isClearError()
    {
        SecretStoreOptions options;
        options.backend = SecretBackend::Vault;
        options.environment = fakeEnvironment({{kPassphrase, QStringLiteral("p")}});
        QString error;
        QVERIFY(!createSecretStore(QString(), options, &error));
        QVERIFY2(error.contains(QStringLiteral("save the workspace")), qPrintable(error));
    }

    void keychainByName_givesKeychainStoreWithoutProbe()
    {
        SecretStoreOptions options;
        options.backend = SecretBackend::Keychain;
        options.keychainTimeout = std::chrono::milliseconds(1234);
        QString error;
        const std::unique_ptr<SecretStore> store = createSecretStore(m_workspace, options, &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->backendName(), QStringLiteral("keychain"));
        QCOMPARE(static_cast<KeychainSecretStore *>(store.get())->timeout(),
                 std::chrono::milliseconds(1234));
    }

    void auto_picksKeychainWhenOneAnswers()
    {
        const QString service = QStringLiteral("PaybenchTest");
        const KeychainProbeResult probe = probeKeychainBlocking(service, std::chrono::seconds(3));
        if (!probe.available)
            QSKIP(qPrintable(QStringLiteral("no keychain answers here: %1").arg(probe.reason)));
        SecretStoreOptions options;
        options.backend = SecretBackend::Auto;
        options.keychainService = service;
        options.environment = fakeEnvironment({});
        QString error;
        const std::unique_ptr<SecretStore> store = createSecretStore(m_workspace, options, &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->backendName(), QStringLiteral("keychain"));
    }

    void auto_usesVaultWhenTheKeychainDoesNotAnswer()
    {
        const QString service = QStringLiteral("PaybenchTest");
        const KeychainProbeResult probe = probeKeychainBlocking(service, std::chrono::seconds(3));
        if (probe.available)
            QSKIP("a keychain answers on this machine: auto picks it, no fallback to see");
        SecretStoreOptions options;
        options.backend = SecretBackend::Auto;
        options.keychainService = service;
        options.environment = fakeEnvironment({{kPassphrase, QStringLiteral("p")}});
        QString error;
        const std::unique_ptr<SecretStore> store = createSecretStore(m_workspace, options, &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->backendName(), QStringLiteral("vault"));
    }

    void auto_withoutKeychainOrPassphrase_saysBoth()
    {
        const QString service = QStringLiteral("PaybenchTest");
        if (probeKeychainBlocking(service, std::chrono::seconds(3)).available)
            QSKIP("a keychain answers on this machine: auto picks it, no fallback to see");
        SecretStoreOptions options;
        options.backend = SecretBackend::Auto;
        options.keychainService = service;
        options.environment = fakeEnvironment({});
        QString error;
        QVERIFY(!createSecretStore(m_workspace, options, &error));
        QVERIFY2(error.contains(kPassphrase), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("keychain")), qPrintable(error));
    }

    void async_deliversStoreFromEventLoop()
    {
        SecretStoreOptions options;
        options.backend = SecretBackend::Vault;
        options.environment = fakeEnvironment({{kPassphrase, QStringLiteral("p")}});
        QObject context;
        bool called = false;
        QString backend;
        createSecretStoreAsync(m_workspace, options, &context,
                               [&](std::unique_ptr<SecretStore> store, const QString &error) {
                                   called = true;
                                   backend = store ? store->backendName() : error;
                               });
        QVERIFY(!called);
        QTRY_VERIFY(called);
        QCOMPARE(backend, QStringLiteral("vault"));
    }

    void async_errorIsDeliveredToo()
    {
        SecretStoreOptions options;
        options.backend = SecretBackend::Vault;
        options.environment = fakeEnvironment({});
        QObject context;
        std::optional<QString> reported;
        createSecretStoreAsync(m_workspace, options, &context,
                               [&](std::unique_ptr<SecretStore> store, const QString &error) {
                                   reported = store ? QString() : error;
                               });
        QTRY_VERIFY(reported.has_value());
        QVERIFY2(reported->contains(kPassphrase), qPrintable(*reported));
    }
};

QTEST_GUILESS_MAIN(SecretStoreFactoryTest)
#include "SecretStoreFactoryTest.moc"
