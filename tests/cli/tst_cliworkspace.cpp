#include "CliRunner.h"
#include "FileLock.h"
#include "SafeFileWriter.h"
#include "TinyFileSystem.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>

using namespace paybench;
using paybench::test::CliRun;
using paybench::test::CliRunner;

namespace {

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class CliWorkspaceTest final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    CliRunner m_cli;
    QString m_path;

    CliRun run(QStringList arguments, const QByteArray &in = {})
    {
        return m_cli.run(arguments, in);
    }

    QStringList ws(const QStringList &command) const
    {
        return command + QStringList{QStringLiteral("--workspace"), m_path};
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_path = m_dir.filePath(QStringLiteral("%1.json").arg(QTest::currentTestFunction()));
        QCOMPARE(run({QStringLiteral("workspace"), QStringLiteral("init"), m_path}).exitCode, 0);
        QCOMPARE(run(ws({QStringLiteral("region"), QStringLiteral("add"), QStringLiteral("--code"),
                         QStringLiteral("eu"), QStringLiteral("--name"), QStringLiteral("Europe"),
                         QStringLiteral("--currency"), QStringLiteral("EUR"),
                         QStringLiteral("--country"), QStringLiteral("DE")}))
                     .exitCode,
                 0);
        QCOMPARE(run(ws({QStringLiteral("platform"), QStringLiteral("add"),
                         QStringLiteral("--name"), QStringLiteral("Gateway"),
                         QStringLiteral("--base-url"), QStringLiteral("https://pay.example.com")}))
                     .exitCode,
                 0);
    }

    void version_and_help()
    {
        QVERIFY(run({QStringLiteral("--version")}).out.startsWith(QLatin1String("paybench-cli ")));
        const CliRun help = run({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QLatin1String("export-openfront")));
        QCOMPARE(run({}).exitCode, 2);
        QCOMPARE(run({QStringLiteral("frobnicate")}).exitCode, 2);
    }

    void init_existingFile_isRefusedAndUntouched()
    {
        const QByteArray before = fileBytes(m_path);
        const CliRun result = run({QStringLiteral("workspace"), QStringLiteral("init"), m_path});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.err.contains(QLatin1String("already exists")));
        QCOMPARE(fileBytes(m_path), before);
    }

    void providerAdd_secretFromStdin_staysOutOfFileAndList()
    {
        const CliRun added =
            run(ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("Main"), QStringLiteral("--code"), QStringLiteral("pp_main"),
                    QStringLiteral("--platform"), QStringLiteral("Gateway"),
                    QStringLiteral("--secret"), QStringLiteral("apiKey=-"),
                    QStringLiteral("--credential"), QStringLiteral("publishableKey=pk_1"),
                    QStringLiteral("--region"), QStringLiteral("eu")}),
                "sk_cli_secret_42\n");
        QVERIFY2(added.exitCode == 0, qPrintable(added.err));
        QVERIFY(!fileBytes(m_path).contains("sk_cli_secret_42"));
        QVERIFY(!fileBytes(m_path + QStringLiteral(".vault")).contains("sk_cli_secret_42"));

        const CliRun list = run(ws({QStringLiteral("list")}));
        QCOMPARE(list.exitCode, 0);
        QVERIFY(!list.out.contains(QLatin1String("sk_cli_secret_42")));
        const QJsonObject document = QJsonDocument::fromJson(list.out.toUtf8()).object();
        QCOMPARE(document.value(QStringLiteral("providers")).toArray().size(), 1);

        const CliRun withoutSecrets = run(ws({QStringLiteral("export-openfront")}));
        QVERIFY(!withoutSecrets.out.contains(QLatin1String("sk_cli_secret_42")));
        const CliRun exported =
            run(ws({QStringLiteral("export-openfront"), QStringLiteral("--include-credentials")}));
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        const QJsonArray records = QJsonDocument::fromJson(exported.out.toUtf8()).array();
        QCOMPARE(records.first()
                     .toObject()
                     .value(QStringLiteral("credentials"))
                     .toObject()
                     .value(QStringLiteral("apiKey"))
                     .toString(),
                 QStringLiteral("sk_cli_secret_42"));
    }

    void providerAdd_public_isShownByList_whileAPlainCredentialIsMasked()
    {
        const CliRun added =
            run(ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("Main"), QStringLiteral("--code"), QStringLiteral("pp_main"),
                    QStringLiteral("--platform"), QStringLiteral("Gateway"),
                    QStringLiteral("--public"), QStringLiteral("auth=demo-auth-shown"),
                    QStringLiteral("--credential"), QStringLiteral("token=plain-but-masked")}));
        QVERIFY2(added.exitCode == 0, qPrintable(added.err));
        QVERIFY(fileBytes(m_path).contains("\"public\": true"));

        const CliRun list = run(ws({QStringLiteral("list")}));
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains(QLatin1String("demo-auth-shown")), qPrintable(list.out));
        QVERIFY2(!list.out.contains(QLatin1String("plain-but-masked")), qPrintable(list.out));

        // Marked secret again: it leaves the file, and the public mark goes with it.
        const CliRun secret =
            run(ws({QStringLiteral("provider"), QStringLiteral("set"), QStringLiteral("--code"),
                    QStringLiteral("pp_main"), QStringLiteral("--secret"),
                    QStringLiteral("auth=now-secret")}));
        QVERIFY2(secret.exitCode == 0, qPrintable(secret.err));
        QVERIFY(!fileBytes(m_path).contains("\"public\": true"));
        QVERIFY(!fileBytes(m_path).contains("now-secret"));
    }

    void export_wrongPassphrase_isAClearError()
    {
        QCOMPARE(
            run(ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("Main"), QStringLiteral("--code"), QStringLiteral("pp_main"),
                    QStringLiteral("--platform"), QStringLiteral("Gateway"),
                    QStringLiteral("--secret"), QStringLiteral("apiKey=sk_x")}))
                .exitCode,
            0);
        CliRunner wrong;
        wrong.environment[QStringLiteral("PAYBENCH_VAULT_PASSPHRASE")] = QStringLiteral("nope");
        const CliRun result = wrong.run(
            ws({QStringLiteral("export-openfront"), QStringLiteral("--include-credentials")}));
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QLatin1String("wrong passphrase")), qPrintable(result.err));
        QVERIFY(result.out.isEmpty());
    }

    void providerAdd_invalidCode_exits1AndSavesNothing()
    {
        const QByteArray before = fileBytes(m_path);
        const CliRun result =
            run(ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("Main"), QStringLiteral("--code"), QStringLiteral("main"),
                    QStringLiteral("--platform"), QStringLiteral("Gateway")}));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(QLatin1String("code: must start with pp_")),
                 qPrintable(result.err));
        QCOMPARE(fileBytes(m_path), before);
    }

    void usageErrors_exit2()
    {
        QCOMPARE(run(ws({QStringLiteral("provider"), QStringLiteral("add"),
                         QStringLiteral("--bogus"), QStringLiteral("x")}))
                     .exitCode,
                 2);
        QCOMPARE(run(ws({QStringLiteral("provider"), QStringLiteral("add"),
                         QStringLiteral("--name"), QStringLiteral("x")}))
                     .exitCode,
                 2);
        QCOMPARE(run({QStringLiteral("list")}).exitCode, 2);
        QCOMPARE(run({QStringLiteral("list"), QStringLiteral("--workspace"),
                      m_dir.filePath(QStringLiteral("missing.json"))})
                     .exitCode,
                 2);
        QCOMPARE(
            run(ws({QStringLiteral("platform"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("Partial"), QStringLiteral("--create-payment"),
                    QStringLiteral("https://x.example.com/c")}))
                .exitCode,
            2);
    }

    void platformSet_changesOneTarget_andRenameCascades()
    {
        QCOMPARE(
            run(ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("Main"), QStringLiteral("--code"), QStringLiteral("pp_main"),
                    QStringLiteral("--platform"), QStringLiteral("Gateway")}))
                .exitCode,
            0);
        const CliRun set = run(
            ws({QStringLiteral("platform"), QStringLiteral("set"), QStringLiteral("--name"),
                QStringLiteral("Gateway"), QStringLiteral("--refund-payment"),
                QStringLiteral("manual"), QStringLiteral("--rename"), QStringLiteral("Renamed")}));
        QVERIFY2(set.exitCode == 0, qPrintable(set.err));
        const QJsonObject document =
            QJsonDocument::fromJson(run(ws({QStringLiteral("list")})).out.toUtf8()).object();
        const QJsonObject platform =
            document.value(QStringLiteral("platforms")).toArray().first().toObject();
        QCOMPARE(platform.value(QStringLiteral("name")).toString(), QStringLiteral("Renamed"));
        QCOMPARE(platform.value(QStringLiteral("refundPaymentFunction")).toString(),
                 QStringLiteral("manual"));
        QCOMPARE(platform.value(QStringLiteral("createPaymentFunction")).toString(),
                 QStringLiteral("https://pay.example.com/api/create-payment"));
        QCOMPARE(document.value(QStringLiteral("providers"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("platform"))
                     .toString(),
                 QStringLiteral("Renamed"));
    }

    void platformSet_caCert_isStoredAbsolute_checked_andClearable()
    {
        const auto platformField = [this](const QString &key) {
            const QJsonObject document =
                QJsonDocument::fromJson(run(ws({QStringLiteral("list")})).out.toUtf8()).object();
            return document.value(QStringLiteral("platforms"))
                .toArray()
                .first()
                .toObject()
                .value(key);
        };
        const auto setCaCert = [this](const QString &value) {
            return run(
                ws({QStringLiteral("platform"), QStringLiteral("set"), QStringLiteral("--name"),
                    QStringLiteral("Gateway"), QStringLiteral("--ca-cert"), value}));
        };
        const QString key = QStringLiteral("caCertificateFile");

        const CliRun missing = setCaCert(m_dir.filePath(QStringLiteral("missing.pem")));
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(key), qPrintable(missing.err));
        QVERIFY2(missing.out.isEmpty(), qPrintable(missing.out)); // no "Changed" for a refusal
        QVERIFY(platformField(key).isUndefined());

        // A relative path is taken from where the command runs, and stored absolute.
        QFile pem(m_dir.filePath(QStringLiteral("gateway-ca.pem")));
        QVERIFY(pem.open(QIODevice::WriteOnly));
        pem.write("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        pem.close();
        const QString previous = QDir::currentPath();
        QVERIFY(QDir::setCurrent(m_dir.path()));
        const CliRun relative = setCaCert(QStringLiteral("gateway-ca.pem"));
        QDir::setCurrent(previous);
        QVERIFY2(relative.exitCode == 0, qPrintable(relative.err));
        QCOMPARE(relative.out, QStringLiteral("Changed platform \"Gateway\"\n"));
        QCOMPARE(platformField(key).toString(), QFileInfo(pem).absoluteFilePath());

        QCOMPARE(setCaCert(QString()).exitCode, 0);
        QVERIFY(platformField(key).isUndefined());
    }

    void validate_reportsFindingsAsJson_andExits1WhenInvalid()
    {
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject document = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        QJsonArray platforms = document.value(QStringLiteral("platforms")).toArray();
        QJsonObject platform = platforms.first().toObject();
        platform.insert(QStringLiteral("captureFunction"), QStringLiteral("x"));
        platform.insert(QStringLiteral("capturePaymentFunction"), QStringLiteral("ftp://x"));
        platforms[0] = platform;
        document.insert(QStringLiteral("platforms"), platforms);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(document).toJson());
        file.close();

        const CliRun result = run(ws({QStringLiteral("validate")}));
        QCOMPARE(result.exitCode, 1);
        const QJsonArray findings = QJsonDocument::fromJson(result.out.toUtf8()).array();
        QCOMPARE(findings.size(), 1);
        QCOMPARE(findings.first().toObject().value(QStringLiteral("field")).toString(),
                 QStringLiteral("capturePaymentFunction"));
    }

    void list_devZero_failsFast_namingTheLimit()
    {
        const CliRun result = run(
            {QStringLiteral("list"), QStringLiteral("--workspace"), QStringLiteral("/dev/zero")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QLatin1String("larger than the 256 MiB limit")),
                 qPrintable(result.err));
    }

    void providerAdd_emptySecretFromStdin_isRefused()
    {
        const QByteArray before = fileBytes(m_path);
        const CliRun result =
            run(ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("A"), QStringLiteral("--code"), QStringLiteral("pp_a"),
                    QStringLiteral("--platform"), QStringLiteral("Gateway"),
                    QStringLiteral("--secret"), QStringLiteral("apiKey=-")}),
                "\n");
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QLatin1String("apiKey on standard input is empty")),
                 qPrintable(result.err));
        QCOMPARE(fileBytes(m_path), before);
    }

    void providerAdd_secretFromStdinOverTheLimit_isRefused()
    {
        const CliRun result =
            run(ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("A"), QStringLiteral("--code"), QStringLiteral("pp_a"),
                    QStringLiteral("--platform"), QStringLiteral("Gateway"),
                    QStringLiteral("--secret"), QStringLiteral("apiKey=-")}),
                QByteArray(64 * 1024 + 1, 'k'));
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QLatin1String("larger than the 64 KiB limit")),
                 qPrintable(result.err));
    }

    void providerAdd_codeOrNameLongerThan255_isRefused()
    {
        const QByteArray before = fileBytes(m_path);
        const QString longCode = QStringLiteral("pp_") + QString(253, QLatin1Char('a'));
        CliRun result =
            run(ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("A"), QStringLiteral("--code"), longCode,
                    QStringLiteral("--platform"), QStringLiteral("Gateway")}));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(QLatin1String("longer than 255 characters")),
                 qPrintable(result.err));
        result = run(
            ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                QString(256, QLatin1Char('n')), QStringLiteral("--code"), QStringLiteral("pp_n"),
                QStringLiteral("--platform"), QStringLiteral("Gateway")}));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(QLatin1String("is longer than")), qPrintable(result.err));
        QCOMPARE(fileBytes(m_path), before);
    }

    void timeout_nanNegativeOrInfinite_isRefused()
    {
        for (const char *command : {"call", "check"}) {
            for (const char *value : {"nan", "-1", "inf"}) {
                QStringList arguments{QString::fromLatin1(command)};
                if (arguments.first() == QLatin1String("call"))
                    arguments << QStringLiteral("create-payment");
                arguments << QStringLiteral("--base-url") << QStringLiteral("http://127.0.0.1:9")
                          << QStringLiteral("--timeout") << QString::fromLatin1(value);
                const CliRun result = run(arguments);
                QCOMPARE(result.exitCode, 2);
                QVERIFY2(result.err.contains(QLatin1String("--timeout takes seconds")),
                         qPrintable(arguments.join(QLatin1Char(' ')) + result.err));
            }
        }
    }

    void edit_whileAnotherProcessHoldsTheLock_failsWithAClearMessage()
    {
        io::FileLock other(m_path);
        QString error;
        QVERIFY(other.lock(std::chrono::milliseconds(0), &error));
        const QByteArray before = fileBytes(m_path);
        m_cli.environment.insert(QStringLiteral("PAYBENCH_LOCK_TIMEOUT"), QStringLiteral("1"));
        const CliRun result =
            run(ws({QStringLiteral("region"), QStringLiteral("add"), QStringLiteral("--code"),
                    QStringLiteral("us"), QStringLiteral("--name"), QStringLiteral("US"),
                    QStringLiteral("--currency"), QStringLiteral("USD")}));
        m_cli.environment.remove(QStringLiteral("PAYBENCH_LOCK_TIMEOUT"));
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(QLatin1String("is being changed by")), qPrintable(result.err));
        QVERIFY2(result.err.contains(QLatin1String("try again")), qPrintable(result.err));
        QCOMPARE(fileBytes(m_path), before);
    }

    void symlinkedWorkspace_keepsVaultAndBackupBesideTheRealFile()
    {
        const QString link = m_dir.filePath(QStringLiteral("link-to-workspace.json"));
        QVERIFY(QFile::link(m_path, link));
        const CliRun result =
            run({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--workspace"),
                 link, QStringLiteral("--name"), QStringLiteral("A"), QStringLiteral("--code"),
                 QStringLiteral("pp_a"), QStringLiteral("--platform"), QStringLiteral("Gateway"),
                 QStringLiteral("--secret"), QStringLiteral("apiKey=sk_test_1")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(QFileInfo(link).isSymLink());
        QVERIFY(QFile::exists(m_path + QStringLiteral(".vault")));
        QVERIFY(QFile::exists(m_path + QStringLiteral(".bak")));
        QVERIFY(!QFile::exists(link + QStringLiteral(".vault")));
        QVERIFY(!QFile::exists(link + QStringLiteral(".bak")));
    }

    void damagedWorkspace_namesTheIntactBackup()
    {
        QFile file(m_path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": \"paybench-");
        file.close();
        const CliRun result = run(ws({QStringLiteral("list")}));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains(m_path + QStringLiteral(".bak")), qPrintable(result.err));
    }

    void providerAdd_vaultWriteFails_exitsNonZero_andTheVaultIsIntact()
    {
        QCOMPARE(
            run(ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("A"), QStringLiteral("--code"), QStringLiteral("pp_a"),
                    QStringLiteral("--platform"), QStringLiteral("Gateway"),
                    QStringLiteral("--secret"), QStringLiteral("apiKey=sk_test_1")}))
                .exitCode,
            0);
        const QString vault = m_path + QStringLiteral(".vault");
        const QByteArray vaultBefore = fileBytes(vault);
        const QByteArray before = fileBytes(m_path);
        io::SafeFileWriter::failNextWriteForTesting(io::SafeFileWriter::Step::Write, ENOSPC);
        const CliRun result =
            run(ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("B"), QStringLiteral("--code"), QStringLiteral("pp_b"),
                    QStringLiteral("--platform"), QStringLiteral("Gateway"),
                    QStringLiteral("--secret"), QStringLiteral("apiKey=sk_test_2")}));
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains(QLatin1String("No space left on device")),
                 qPrintable(result.err));
        QCOMPARE(fileBytes(vault), vaultBefore);
        QCOMPARE(fileBytes(m_path), before);
    }

    void providerAdd_onAFullFileSystem_exitsNonZero_andTheVaultIsIntact()
    {
        test::TinyFileSystem disk;
        if (!disk.mounted())
            QSKIP("mounting a tmpfs is not permitted here (needs root on Linux)");
        const QString path = disk.filePath(QStringLiteral("w.json"));
        QCOMPARE(run({QStringLiteral("workspace"), QStringLiteral("init"), path}).exitCode, 0);
        const QStringList on{QStringLiteral("--workspace"), path};
        QCOMPARE(
            run(QStringList{QStringLiteral("platform"), QStringLiteral("add"),
                            QStringLiteral("--name"), QStringLiteral("G"),
                            QStringLiteral("--base-url"), QStringLiteral("https://p.example")} +
                on)
                .exitCode,
            0);
        QCOMPARE(run(QStringList{QStringLiteral("provider"), QStringLiteral("add"),
                                 QStringLiteral("--name"), QStringLiteral("A"),
                                 QStringLiteral("--code"), QStringLiteral("pp_a"),
                                 QStringLiteral("--platform"), QStringLiteral("G"),
                                 QStringLiteral("--secret"), QStringLiteral("apiKey=sk_1")} +
                     on)
                     .exitCode,
                 0);
        const QByteArray vaultBefore = fileBytes(path + QStringLiteral(".vault"));
        const QByteArray before = fileBytes(path);
        QVERIFY(disk.fill(4096)); // room for the lock file, none for the new vault
        const CliRun result = run(
            QStringList{QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                        QStringLiteral("B"), QStringLiteral("--code"), QStringLiteral("pp_b"),
                        QStringLiteral("--platform"), QStringLiteral("G"),
                        QStringLiteral("--secret"), QStringLiteral("apiKey=sk_2")} +
            on);
        QVERIFY(result.exitCode != 0);
        QVERIFY2(result.err.contains(QLatin1String("No space left on device")),
                 qPrintable(result.err));
        QCOMPARE(fileBytes(path + QStringLiteral(".vault")), vaultBefore);
        QCOMPARE(fileBytes(path), before);
    }

    void importOpenfront_neverDuplicatesSilently()
    {
        QCOMPARE(
            run(ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                    QStringLiteral("Main"), QStringLiteral("--code"), QStringLiteral("pp_main"),
                    QStringLiteral("--platform"), QStringLiteral("Gateway")}))
                .exitCode,
            0);
        const QString records = m_dir.filePath(QStringLiteral("records.json"));
        QFile file(records);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(run(ws({QStringLiteral("export-openfront")})).out.toUtf8());
        file.close();

        const QByteArray before = fileBytes(m_path);
        const CliRun conflict = run(ws({QStringLiteral("import-openfront"), records}));
        QCOMPARE(conflict.exitCode, 1);
        QVERIFY(conflict.err.contains(QLatin1String("already exists")));
        QCOMPARE(fileBytes(m_path), before);

        const CliRun skipped = run(ws({QStringLiteral("import-openfront"), records,
                                       QStringLiteral("--on-conflict"), QStringLiteral("skip")}));
        QCOMPARE(skipped.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(skipped.out.toUtf8())
                     .object()
                     .value(QStringLiteral("skipped"))
                     .toInt(),
                 1);
    }
};

QTEST_GUILESS_MAIN(CliWorkspaceTest)
#include "tst_cliworkspace.moc"
