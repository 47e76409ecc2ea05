#include "VaultFile.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using paybench::VaultFile;

namespace {

// The documented layout (VaultFile.h).
constexpr int kVersionOffset = 8;
constexpr int kIterationsOffset = 11;
constexpr int kSaltOffset = 15;
constexpr int kNonceOffset = 31;
constexpr int kHeaderSize = 43;
constexpr int kTagSize = 16;

const QString kPassphrase = QStringLiteral("correct horse battery staple");

QByteArray readBytes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeBytes(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

void putBigEndian32(QByteArray &bytes, int offset, quint32 value)
{
    for (int i = 0; i < 4; ++i)
        bytes[offset + i] = static_cast<char>((value >> (8 * (3 - i))) & 0xff);
}

} // namespace

class VaultFileTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;

    // A vault on disk holding two entries.
    void writeSampleVault()
    {
        VaultFile vault(m_path);
        QString error;
        QVERIFY2(vault.unlock(kPassphrase, &error), qPrintable(error));
        vault.setValue(QStringLiteral("paybench/ws/pp_demo/apiKey"), QStringLiteral("sk_test_123"));
        vault.setValue(QStringLiteral("paybench/ws/pp_demo/webhookSecret"),
                       QStringLiteral("whsec_\u00e9\u6f22"));
        QVERIFY2(vault.save(&error), qPrintable(error));
    }

    // Unlocking the file at m_path must fail with a message containing expected.
    void expectUnlockFailure(const QString &expected)
    {
        VaultFile vault(m_path);
        QString error;
        QVERIFY(!vault.unlock(kPassphrase, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(!vault.isUnlocked());
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_path = VaultFile::pathForWorkspace(
            m_dir.filePath(QStringLiteral("%1.paybench.json").arg(QTest::currentTestFunction())));
        QFile::remove(m_path);
    }

    void pathForWorkspace_appendsVaultSuffix()
    {
        QCOMPARE(VaultFile::pathForWorkspace(QStringLiteral("/w/shop.json")),
                 QStringLiteral("/w/shop.json.vault"));
    }

    void roundTrip_valuesSurviveSaveAndReopen()
    {
        writeSampleVault();
        VaultFile reopened(m_path);
        QString error;
        QVERIFY2(reopened.unlock(kPassphrase, &error), qPrintable(error));
        QVERIFY(!reopened.isNew());
        QCOMPARE(reopened.keys().size(), 2);
        QCOMPARE(reopened.value(QStringLiteral("paybench/ws/pp_demo/apiKey")),
                 QStringLiteral("sk_test_123"));
        QCOMPARE(reopened.value(QStringLiteral("paybench/ws/pp_demo/webhookSecret")),
                 QStringLiteral("whsec_\u00e9\u6f22"));
    }

    void unlock_withoutFile_preparesNewVaultAndWritesNothing()
    {
        VaultFile vault(m_path);
        QString error;
        QVERIFY2(vault.unlock(kPassphrase, &error), qPrintable(error));
        QVERIFY(vault.isNew());
        QVERIFY(vault.keys().isEmpty());
        QVERIFY(!QFile::exists(m_path));
    }

    void removedEntry_isGoneAfterReopen()
    {
        writeSampleVault();
        QString error;
        {
            VaultFile vault(m_path);
            QVERIFY(vault.unlock(kPassphrase, &error));
            QVERIFY(vault.remove(QStringLiteral("paybench/ws/pp_demo/apiKey")));
            QVERIFY(!vault.remove(QStringLiteral("paybench/ws/pp_demo/none")));
            QVERIFY(vault.save(&error));
        }
        VaultFile reopened(m_path);
        QVERIFY(reopened.unlock(kPassphrase, &error));
        QCOMPARE(reopened.keys(), QStringList{QStringLiteral("paybench/ws/pp_demo/webhookSecret")});
    }

    void revert_dropsUnsavedChanges()
    {
        writeSampleVault();
        VaultFile vault(m_path);
        QString error;
        QVERIFY(vault.unlock(kPassphrase, &error));
        const QStringList saved = vault.keys();
        vault.setValue(QStringLiteral("unsaved"), QStringLiteral("x"));
        QVERIFY(vault.remove(QStringLiteral("paybench/ws/pp_demo/apiKey")));
        QVERIFY2(vault.revert(&error), qPrintable(error));
        QCOMPARE(vault.keys(), saved);
        QCOMPARE(vault.value(QStringLiteral("paybench/ws/pp_demo/apiKey")),
                 QStringLiteral("sk_test_123"));
    }

    void wrongPassphrase_isClearErrorAndDoesNotOverwriteFile()
    {
        writeSampleVault();
        const QByteArray before = readBytes(m_path);
        VaultFile vault(m_path);
        QString error;
        QVERIFY(!vault.unlock(QStringLiteral("not the passphrase"), &error));
        QCOMPARE(error, QStringLiteral("wrong passphrase, or the vault file was altered"));
        QVERIFY(!vault.isUnlocked());
        vault.setValue(QStringLiteral("k"), QStringLiteral("v"));
        QVERIFY(!vault.save(&error));
        QVERIFY2(error.contains(QStringLiteral("locked")), qPrintable(error));
        QCOMPARE(readBytes(m_path), before);
    }

    void emptyPassphrase_isRefused()
    {
        VaultFile vault(m_path);
        QString error;
        QVERIFY(!vault.unlock(QString(), &error));
        QVERIFY2(error.contains(QStringLiteral("empty")), qPrintable(error));
    }

    void tamperedHeaderByte_failsAuthentication_data()
    {
        QTest::addColumn<int>("offset");
        QTest::newRow("iterations low byte") << kIterationsOffset + 3;
        for (int offset = kSaltOffset; offset < kNonceOffset; offset += 5)
            QTest::newRow(qPrintable(QStringLiteral("salt byte %1").arg(offset))) << offset;
        for (int offset = kNonceOffset; offset < kHeaderSize; offset += 4)
            QTest::newRow(qPrintable(QStringLiteral("nonce byte %1").arg(offset))) << offset;
        QTest::newRow("last nonce byte") << kHeaderSize - 1;
    }

    void tamperedHeaderByte_failsAuthentication()
    {
        QFETCH(int, offset);
        writeSampleVault();
        QByteArray bytes = readBytes(m_path);
        bytes[offset] = static_cast<char>(bytes.at(offset) ^ 0x01);
        QVERIFY(writeBytes(m_path, bytes));
        expectUnlockFailure(QStringLiteral("wrong passphrase, or the vault file was altered"));
        QCOMPARE(readBytes(m_path), bytes);
    }

    void tamperedCiphertext_failsAuthentication()
    {
        writeSampleVault();
        QByteArray bytes = readBytes(m_path);
        bytes[kHeaderSize + 2] = static_cast<char>(bytes.at(kHeaderSize + 2) ^ 0x20);
        QVERIFY(writeBytes(m_path, bytes));
        expectUnlockFailure(QStringLiteral("wrong passphrase, or the vault file was altered"));
    }

    void tamperedTag_failsAuthentication()
    {
        writeSampleVault();
        QByteArray bytes = readBytes(m_path);
        bytes[bytes.size() - 1] = static_cast<char>(bytes.at(bytes.size() - 1) ^ 0x80);
        QVERIFY(writeBytes(m_path, bytes));
        expectUnlockFailure(QStringLiteral("wrong passphrase, or the vault file was altered"));
    }

    void truncatedFile_failsAuthentication()
    {
        writeSampleVault();
        QByteArray bytes = readBytes(m_path);
        bytes.chop(1);
        QVERIFY(writeBytes(m_path, bytes));
        expectUnlockFailure(QStringLiteral("wrong passphrase, or the vault file was altered"));
    }

    void truncatedInsideHeader_saysTruncated_data()
    {
        QTest::addColumn<int>("size");
        QTest::newRow("empty") << 0;
        QTest::newRow("part of the magic") << 5;
        QTest::newRow("part of the header") << 20;
        QTest::newRow("header without tag") << kHeaderSize + kTagSize - 1;
    }

    void truncatedInsideHeader_saysTruncated()
    {
        QFETCH(int, size);
        writeSampleVault();
        QVERIFY(writeBytes(m_path, readBytes(m_path).left(size)));
        expectUnlockFailure(QStringLiteral("truncated"));
    }

    void otherFile_isNotAPaybenchVault()
    {
        QVERIFY(writeBytes(m_path, QByteArrayLiteral("{\"format\": \"paybench-workspace\"}\n")));
        expectUnlockFailure(QStringLiteral("not a Paybench vault"));
    }

    void newerFormat_isRefusedWithItsNumber()
    {
        writeSampleVault();
        QByteArray bytes = readBytes(m_path);
        bytes[kVersionOffset] = 0;
        bytes[kVersionOffset + 1] = 7;
        QVERIFY(writeBytes(m_path, bytes));
        expectUnlockFailure(QStringLiteral("vault from a newer Paybench (format 7)"));
        QCOMPARE(readBytes(m_path), bytes);
    }

    void weakKdfParameters_areRejected()
    {
        writeSampleVault();
        QByteArray bytes = readBytes(m_path);
        putBigEndian32(bytes, kIterationsOffset, 1000);
        QVERIFY(writeBytes(m_path, bytes));
        expectUnlockFailure(QStringLiteral("weaker than allowed"));
    }

    void newVault_withTooFewIterations_isRefused()
    {
        VaultFile vault(m_path);
        QString error;
        QVERIFY(!vault.unlock(kPassphrase, &error, VaultFile::kMinIterations - 1));
        QVERIFY2(error.contains(QStringLiteral("iterations")), qPrintable(error));
    }

    void header_recordsFormatKdfAndIterations()
    {
        writeSampleVault();
        const QByteArray bytes = readBytes(m_path);
        QVERIFY(bytes.startsWith(QByteArrayLiteral("PBVAULT\0")));
        QCOMPARE(static_cast<int>(bytes.at(kVersionOffset + 1)), VaultFile::kFormatVersion);
        QCOMPARE(static_cast<int>(bytes.at(kIterationsOffset - 1)), 1); // PBKDF2-HMAC-SHA256
        QByteArray expected(4, '\0');
        putBigEndian32(expected, 0, VaultFile::kDefaultIterations);
        QCOMPARE(bytes.mid(kIterationsOffset, 4), expected);
    }

    void secretValue_neverAppearsInVaultBytes()
    {
        const QString secret = QStringLiteral("sk_live_VerySecretValue42");
        VaultFile vault(m_path);
        QString error;
        QVERIFY(vault.unlock(kPassphrase, &error));
        vault.setValue(QStringLiteral("paybench/ws/pp_demo/apiKey"), secret);
        QVERIFY(vault.save(&error));
        const QByteArray bytes = readBytes(m_path);
        QVERIFY(!bytes.isEmpty());
        QVERIFY(!bytes.contains(secret.toUtf8()));
        QVERIFY(!bytes.contains(secret.toUtf8().toBase64()));
        QVERIFY(!bytes.contains(
            QByteArray(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2)));
        QVERIFY(!bytes.contains(kPassphrase.toUtf8()));
        QVERIFY(!bytes.contains(QByteArrayLiteral("paybench/ws")));
    }

    void eachSave_usesFreshNonce()
    {
        writeSampleVault();
        VaultFile vault(m_path);
        QString error;
        QVERIFY(vault.unlock(kPassphrase, &error));
        const QByteArray first = readBytes(m_path);
        QVERIFY(vault.save(&error));
        const QByteArray second = readBytes(m_path);
        QCOMPARE(second.left(kNonceOffset), first.left(kNonceOffset)); // same salt, same key
        QVERIFY(second.mid(kNonceOffset, 12) != first.mid(kNonceOffset, 12));
        QVERIFY(second.mid(kHeaderSize) != first.mid(kHeaderSize));
    }

    void reload_seesAnotherWritersChangeWithoutPassphrase()
    {
        writeSampleVault();
        VaultFile reader(m_path);
        VaultFile writer(m_path);
        QString error;
        QVERIFY(reader.unlock(kPassphrase, &error));
        QVERIFY(writer.unlock(kPassphrase, &error));
        writer.setValue(QStringLiteral("added"), QStringLiteral("by the other process"));
        QVERIFY(writer.save(&error));
        QVERIFY(!reader.contains(QStringLiteral("added")));
        QVERIFY2(reader.reload(&error), qPrintable(error));
        QCOMPARE(reader.value(QStringLiteral("added")), QStringLiteral("by the other process"));
    }

    void reload_refusesVaultReplacedByAnother()
    {
        writeSampleVault();
        VaultFile vault(m_path);
        QString error;
        QVERIFY(vault.unlock(kPassphrase, &error));
        QVERIFY(QFile::remove(m_path));
        writeSampleVault(); // new salt
        QVERIFY(!vault.reload(&error));
        QVERIFY2(error.contains(QStringLiteral("replaced")), qPrintable(error));
    }

#ifdef Q_OS_UNIX
    void savedFile_isReadableByOwnerOnly()
    {
        writeSampleVault();
        const QFileDevice::Permissions permissions = QFile::permissions(m_path);
        QVERIFY(permissions.testFlag(QFileDevice::ReadOwner));
        QVERIFY(!permissions.testFlag(QFileDevice::ReadGroup));
        QVERIFY(!permissions.testFlag(QFileDevice::ReadOther));
    }
#endif
};

QTEST_GUILESS_MAIN(VaultFileTest)
#include "VaultFileTest.moc"
