#include "CliRunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

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
