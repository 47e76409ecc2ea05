#include "CallHistory.h"
#include "CliRunner.h"
#include "OrderedJson.h"
#include "SupportBundle.h"
#include "ZipTestReader.h"
#include "ZipWriter.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace paybench;
using namespace paybench::support;
using paybench::test::CliRunner;

namespace {

const QString kApiKey = QStringLiteral("sk_live_bundle_api_key_123");
const QString kWebhookSecret = QStringLiteral("whsec_bundle_only_in_vault_456");
const QString kPublishable = QStringLiteral("pk_test_visible_789");

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestSupportBundle : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    CliRunner m_cli;

    QString path(const QString &name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void zipWriter_storedAndDeflated_readBackWithCrc()
    {
        ZipWriter zip;
        const QByteArray text = QByteArray("hello support bundle\n").repeated(200);
        const QByteArray random = QByteArray::fromHex("00ff7e81c3");
        QVERIFY(zip.addFile(QStringLiteral("a/text.txt"), text));
        QVERIFY(zip.addFile(QStringLiteral("stored.bin"), random, ZipWriter::Method::Stored));
        QVERIFY(zip.addFile(QStringLiteral("empty.txt"), {}));
        QVERIFY(!zip.addFile(QStringLiteral("a/text.txt"), "again"));
        QVERIFY(!zip.addFile(QStringLiteral("../escape"), "x"));
        const QByteArray archive = zip.finish();
        QVERIFY(archive.size() < text.size()); // the text was deflated
        const test::ZipContents contents = test::readZip(archive);
        QVERIFY2(contents.ok, qPrintable(contents.error));
        QCOMPARE(contents.files.value(QStringLiteral("a/text.txt")), text);
        QCOMPARE(contents.files.value(QStringLiteral("stored.bin")), random);
        QVERIFY(contents.files.contains(QStringLiteral("empty.txt")));
    }

    void zipWriter_crc32_matchesKnownValue()
    {
        // The CRC-32 check value of the standard: "123456789" -> cbf43926.
        QCOMPARE(ZipWriter::crc32("123456789"), quint32(0xcbf43926));
    }

    void bundle_cli_containsNoCredentialValueAnywhere()
    {
        const QString workspace = path(QStringLiteral("bundle.json"));
        const auto ws = [&](QStringList command) {
            return command << QStringLiteral("--workspace") << workspace;
        };
        QCOMPARE(
            m_cli.run({QStringLiteral("workspace"), QStringLiteral("init"), workspace}).exitCode,
            0);
        QCOMPARE(m_cli
                     .run(ws({QStringLiteral("platform"), QStringLiteral("add"),
                              QStringLiteral("--name"), QStringLiteral("Gateway"),
                              QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:9")}))
                     .exitCode,
                 0);
        const auto added = m_cli.run(
            ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                QStringLiteral("Main"), QStringLiteral("--code"), QStringLiteral("pp_main"),
                QStringLiteral("--platform"), QStringLiteral("Gateway"), QStringLiteral("--secret"),
                QStringLiteral("apiKey=") + kApiKey, QStringLiteral("--secret"),
                QStringLiteral("webhookSecret=") + kWebhookSecret, QStringLiteral("--credential"),
                QStringLiteral("publishableKey=") + kPublishable}));
        QVERIFY2(added.exitCode == 0, qPrintable(added.err));
        // The secrets live only in the vault, not in the workspace file.
        QVERIFY(!fileBytes(workspace).contains(kWebhookSecret.toUtf8()));

        // A history whose stored report leaked every value (as an older, buggy version might
        // have written it): the bundle must still not carry them.
        const QString database = path(QStringLiteral("history.sqlite"));
        {
            client::CallHistory history(database);
            QString error;
            QVERIFY2(history.open(&error), qPrintable(error));
            client::HistoryEntry entry;
            entry.startedAt = QDateTime::currentDateTimeUtc();
            entry.provider = QStringLiteral("pp_main");
            entry.function = QStringLiteral("create-payment");
            entry.profile = QStringLiteral("documented");
            entry.url = QStringLiteral("http://127.0.0.1:9/api/create-payment");
            entry.verdict = QStringLiteral("pass");
            entry.openfrontVerdict = QStringLiteral("pass");
            entry.failure = QStringLiteral("none");
            entry.paymentId = QStringLiteral("pay_1");
            entry.report = json::stringify(json::OrderedValue::object(
                {{QStringLiteral("leak"),
                  json::OrderedValue::string(kApiKey + QLatin1Char(' ') + kWebhookSecret +
                                             QLatin1Char(' ') + kPublishable)}}));
            QVERIFY(history.append({entry}, &error));
        }

        const QString zipPath = path(QStringLiteral("bundle.zip"));
        const auto bundled = m_cli.run(ws(
            {QStringLiteral("bundle"), QStringLiteral("--provider"), QStringLiteral("pp_main"),
             QStringLiteral("--output"), zipPath, QStringLiteral("--history-db"), database,
             QStringLiteral("--probe"), QStringLiteral("--payment-id"), QStringLiteral("pay_1")}));
        QVERIFY2(bundled.exitCode == 0, qPrintable(bundled.err));
        const QByteArray zip = fileBytes(zipPath);
        const test::ZipContents contents = test::readZip(zip);
        QVERIFY2(contents.ok, qPrintable(contents.error));
        for (const QString &name :
             {QStringLiteral("README.txt"), QStringLiteral("workspace.paybench.json"),
              QStringLiteral("history.json"), QStringLiteral("probe.json"),
              QStringLiteral("diagnosis.json"), QStringLiteral("environment.json")})
            QVERIFY2(contents.files.contains(name), qPrintable(name));
        QVERIFY(contents.files.value(QStringLiteral("history.json")).contains("pay_1"));
        // The diagnosis called the (unreachable) functions with the credentials in the body.
        QVERIFY(
            contents.files.value(QStringLiteral("diagnosis.json")).contains("get-payment-status"));
        QVERIFY(contents.files.value(QStringLiteral("probe.json")).contains("http-post"));
        QVERIFY(contents.files.value(QStringLiteral("workspace.paybench.json"))
                    .contains("publishableKey"));
        for (const QString &secret : {kApiKey, kWebhookSecret, kPublishable}) {
            QVERIFY2(!zip.contains(secret.toUtf8()), qPrintable(secret));
            for (auto it = contents.files.cbegin(); it != contents.files.cend(); ++it)
                QVERIFY2(!it.value().contains(secret.toUtf8()),
                         qPrintable(it.key() + QStringLiteral(" holds ") + secret));
        }
        QVERIFY(bundled.out.contains(QStringLiteral("\"paymentId\": \"pay_1\"")));
    }

    void bundle_unknownProvider_isInvalid()
    {
        const QString workspace = path(QStringLiteral("empty.json"));
        QCOMPARE(
            m_cli.run({QStringLiteral("workspace"), QStringLiteral("init"), workspace}).exitCode,
            0);
        const auto run =
            m_cli.run({QStringLiteral("bundle"), QStringLiteral("--workspace"), workspace,
                       QStringLiteral("--provider"), QStringLiteral("pp_none"),
                       QStringLiteral("--output"), path(QStringLiteral("x.zip"))});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(!QFile::exists(path(QStringLiteral("x.zip"))));
    }

    void redactedWorkspace_keepsReferencesDropsValues()
    {
        Workspace workspace;
        ProviderInstance provider;
        provider.code = QStringLiteral("pp_a");
        provider.credentials = {
            {QStringLiteral("apiKey"), QStringLiteral("secret-value-1"), true, true},
            {QStringLiteral("token"), QStringLiteral("${env:TOKEN}"), true, true},
            {QStringLiteral("environment"), QStringLiteral("sandbox"), false, true}};
        workspace.providers = {provider};
        const Workspace redacted = redactedWorkspace(workspace);
        QCOMPARE(redacted.providers[0].credentials[0].value, QStringLiteral("<removed>"));
        QCOMPARE(redacted.providers[0].credentials[1].value, QStringLiteral("${env:TOKEN}"));
        QCOMPARE(redacted.providers[0].credentials[2].value, QStringLiteral("<removed>"));
        QCOMPARE(credentialValues(workspace), QStringList{QStringLiteral("secret-value-1")});
    }
};

QTEST_GUILESS_MAIN(TestSupportBundle)
#include "tst_supportbundle.moc"
