#include "VaultSecretStore.h"
#include "SecretTestSupport.h"
#include "VaultFile.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using paybench::SecretCallback;
using paybench::SecretResult;
using paybench::VaultSecretStore;
using namespace paybench::test;

namespace {

const QString kPassphrase = QStringLiteral("store passphrase");
const QString kKey = QStringLiteral("paybench/ws/pp_demo/apiKey");

} // namespace

class VaultSecretStoreTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_path = m_dir.filePath(QStringLiteral("%1.vault").arg(QTest::currentTestFunction()));
        QFile::remove(m_path);
    }

    void backendName_isVault()
    {
        VaultSecretStore store(m_path, kPassphrase);
        QCOMPARE(store.backendName(), QStringLiteral("vault"));
        QCOMPARE(store.vaultPath(), m_path);
    }

    void callbacks_comeFromEventLoopNotFromTheCall()
    {
        VaultSecretStore store(m_path, kPassphrase);
        bool called = false;
        store.writeSecret(kKey, QStringLiteral("v1"), [&](const SecretResult &) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY_WITH_TIMEOUT(called, kAnswerTimeoutMs);

        // Once unlocked the work is immediate, the callback still is not.
        called = false;
        store.readSecret(kKey, [&](const SecretResult &) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY_WITH_TIMEOUT(called, kAnswerTimeoutMs);
    }

    void callbacks_comeInTheOrderOfTheCalls()
    {
        VaultSecretStore store(m_path, kPassphrase);
        QStringList order;
        store.writeSecret(kKey, QStringLiteral("a"), [&](const SecretResult &r) {
            order << QStringLiteral("write:%1").arg(r.ok);
        });
        store.readSecret(
            kKey, [&](const SecretResult &r) { order << QStringLiteral("read:") + r.value; });
        store.deleteSecret(
            kKey, [&](const SecretResult &r) { order << QStringLiteral("delete:%1").arg(r.ok); });
        store.readSecret(kKey, [&](const SecretResult &r) {
            order << QStringLiteral("read-notFound:%1").arg(r.notFound);
        });
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 4, kAnswerTimeoutMs);
        QCOMPARE(order,
                 (QStringList{QStringLiteral("write:1"), QStringLiteral("read:a"),
                              QStringLiteral("delete:1"), QStringLiteral("read-notFound:1")}));
    }

    void read_withoutVaultFile_isNotFoundAndCreatesNothing()
    {
        VaultSecretStore store(m_path, kPassphrase);
        const SecretResult result = readNow(store, kKey);
        QVERIFY(!result.ok);
        QVERIFY(result.notFound);
        QVERIFY(!QFile::exists(m_path));
    }

    void firstWrite_createsVaultThatAnotherStoreReads()
    {
        {
            VaultSecretStore store(m_path, kPassphrase);
            const SecretResult written = writeNow(store, kKey, QStringLiteral("sk_1"));
            QVERIFY2(written.ok, qPrintable(written.error));
        }
        QVERIFY(QFile::exists(m_path));
        VaultSecretStore other(m_path, kPassphrase);
        const SecretResult read = readNow(other, kKey);
        QVERIFY2(read.ok, qPrintable(read.error));
        QCOMPARE(read.value, QStringLiteral("sk_1"));
    }

    void writeIntoMissingDirectory_isClearErrorAndStoresNothing()
    {
        VaultSecretStore store(m_dir.filePath(QStringLiteral("missing-dir/w.json.vault")),
                               kPassphrase);
        const SecretResult written = writeNow(store, kKey, QStringLiteral("v"));
        QVERIFY(!written.ok);
        QVERIFY2(written.error.contains(QStringLiteral("cannot write")), qPrintable(written.error));
        const SecretResult read = readNow(store, kKey);
        QVERIFY2(read.notFound, qPrintable(read.error));
    }

    void delete_ofMissingEntry_isOkAndSaysNotFound()
    {
        VaultSecretStore store(m_path, kPassphrase);
        QVERIFY(writeNow(store, QStringLiteral("other"), QStringLiteral("x")).ok);
        const SecretResult result = deleteNow(store, kKey);
        QVERIFY(result.ok);
        QVERIFY(result.notFound);
    }

    void twoStores_seeEachOthersWrites()
    {
        VaultSecretStore first(m_path, kPassphrase);
        VaultSecretStore second(m_path, kPassphrase);
        QVERIFY(writeNow(first, QStringLiteral("a"), QStringLiteral("1")).ok);
        QVERIFY(writeNow(second, QStringLiteral("b"), QStringLiteral("2")).ok);
        QCOMPARE(readNow(first, QStringLiteral("b")).value, QStringLiteral("2"));
        QCOMPARE(readNow(second, QStringLiteral("a")).value, QStringLiteral("1"));
    }

    void wrongPassphrase_failsEveryOperationAndKeepsFile()
    {
        {
            VaultSecretStore store(m_path, kPassphrase);
            QVERIFY(writeNow(store, kKey, QStringLiteral("sk_1")).ok);
        }
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();

        VaultSecretStore store(m_path, QStringLiteral("wrong"));
        const SecretResult unlocked =
            awaitResult([&](SecretCallback done) { store.unlock(std::move(done)); });
        QVERIFY(!unlocked.ok);
        QCOMPARE(unlocked.error, QStringLiteral("wrong passphrase, or the vault file was altered"));
        const SecretResult written = writeNow(store, kKey, QStringLiteral("other"));
        QVERIFY(!written.ok);
        QVERIFY(!written.notFound);
        QCOMPARE(written.error, unlocked.error);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
    }

    void destroyedStore_neverCallsBack()
    {
        auto store = std::make_unique<VaultSecretStore>(m_path, kPassphrase);
        auto called = std::make_shared<bool>(false);
        store->writeSecret(kKey, QStringLiteral("v"),
                           [called](const SecretResult &) { *called = true; });
        store.reset();
        // Long enough for the key derivation thread to finish and report to nobody.
        QTest::qWait(3000);
        QVERIFY(!*called);
    }
};

QTEST_GUILESS_MAIN(VaultSecretStoreTest)
#include "VaultSecretStoreTest.moc"
