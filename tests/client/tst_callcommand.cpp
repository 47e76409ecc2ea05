#include "CallHistory.h"
#include "CliRunner.h"
#include "TestServers.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using paybench::test::CliRun;
using paybench::test::CliRunner;
using testsupport::kApiKey;
using testsupport::kWebhookSecret;

class TestCallCommand : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QFile::remove(paybench::client::CallHistory::defaultPath());
        QVERIFY(m_dir.isValid());
        m_credentials = m_dir.filePath(QStringLiteral("credentials.json"));
        QFile file(m_credentials);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"apiKey\":\"" + kApiKey.toUtf8() + "\",\"webhookSecret\":\"" +
                   kWebhookSecret.toUtf8() + "\",\"environment\":\"sandbox\"}");
    }

    void call_validAnswer_printsMaskedReportAndExitsZero()
    {
        testsupport::MiniGateway gateway;
        const CliRun run = m_cli.run({QStringLiteral("call"), QStringLiteral("create-payment"),
                                      QStringLiteral("--base-url"), gateway.baseUrl("ok"),
                                      QStringLiteral("--credentials"), m_credentials,
                                      QStringLiteral("--amount"), QStringLiteral("4200"),
                                      QStringLiteral("--currency"), QStringLiteral("eur")});
        QCOMPARE(run.exitCode, 0);
        const auto report = paybench::json::parse(run.out.toUtf8());
        QVERIFY2(report.value, qPrintable(report.error));
        QCOMPARE(report.value->member("verdict")->member("result")->toString(),
                 QStringLiteral("pass"));
        QCOMPARE(report.value->member("request")->member("body")->member("amount")->toDouble(),
                 4200.0);
        QVERIFY(!run.out.contains(kApiKey));
        QVERIFY(!run.out.contains(kWebhookSecret));
        QVERIFY(gateway.lastBody.contains(kApiKey.toUtf8())); // the endpoint did get it
        // The call was recorded, masked.
        QFile history(paybench::client::CallHistory::defaultPath());
        QVERIFY(history.open(QIODevice::ReadOnly));
        QVERIFY(!history.readAll().contains(kApiKey.toUtf8()));
    }

    void call_contractFailure_exitsOne()
    {
        testsupport::MiniGateway gateway;
        const CliRun run = m_cli.run({QStringLiteral("call"), QStringLiteral("get-payment-status"),
                                      QStringLiteral("--base-url"), gateway.baseUrl("enum"),
                                      QStringLiteral("--credentials"), m_credentials,
                                      QStringLiteral("--payment-id"), QStringLiteral("pay_1"),
                                      QStringLiteral("--profile"), QStringLiteral("openfront"),
                                      QStringLiteral("--no-history")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains(QStringLiteral("\"wrong-enum\"")));
        QVERIFY(gateway.lastBody.contains("\"paymentId\":\"pay_1\""));
    }

    void call_openfrontProfile_failsWhenOpenfrontWouldReject()
    {
        testsupport::MiniGateway gateway;
        // The documented webhook answer lacks type and resource: fine for the contract, rejected
        // by Openfront.
        const QStringList arguments{
            QStringLiteral("call"),          QStringLiteral("handle-webhook"),
            QStringLiteral("--base-url"),    gateway.baseUrl("ok"),
            QStringLiteral("--credentials"), m_credentials,
            QStringLiteral("--payment-id"),  QStringLiteral("pay_3"),
            QStringLiteral("--no-history")};
        QCOMPARE(m_cli.run(arguments).exitCode, 0);
        const CliRun openfront = m_cli.run(
            arguments + QStringList{QStringLiteral("--profile"), QStringLiteral("openfront")});
        QCOMPARE(openfront.exitCode, 1);
        QVERIFY(openfront.out.contains(QStringLiteral("openfront-webhook-no-type")));
    }

    void call_connectionRefused_exitsTwo()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const CliRun run = m_cli.run(
            {QStringLiteral("call"), QStringLiteral("create-payment"), QStringLiteral("--base-url"),
             QStringLiteral("http://127.0.0.1:%1").arg(port), QStringLiteral("--credentials"),
             m_credentials, QStringLiteral("--timeout"), QStringLiteral("5"),
             QStringLiteral("--no-history")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains(QStringLiteral("Connection refused")));
        QVERIFY(run.out.contains(QStringLiteral("\"connection-refused\"")));
    }

    void call_bodyFile_isSentCompactInItsOrder()
    {
        testsupport::MiniGateway gateway;
        const QString bodyPath = m_dir.filePath(QStringLiteral("body.json"));
        QFile body(bodyPath);
        QVERIFY(body.open(QIODevice::WriteOnly));
        body.write("{\n  \"provider\": {\"credentials\": {\"apiKey\": \"" + kApiKey.toUtf8() +
                   "\"}},\n  \"paymentId\": \"pay_x\",\n  \"amount\": 10\n}\n");
        body.close();
        const CliRun run = m_cli.run(
            {QStringLiteral("call"), QStringLiteral("capture-payment"),
             QStringLiteral("--base-url"), gateway.baseUrl("ok"), QStringLiteral("--credentials"),
             m_credentials, QStringLiteral("--body"), bodyPath, QStringLiteral("--no-history")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(gateway.lastBody, "{\"provider\":{\"credentials\":{\"apiKey\":\"" +
                                       kApiKey.toUtf8() +
                                       "\"}},\"paymentId\":\"pay_x\",\"amount\":10}");
        QVERIFY(!run.out.contains(kApiKey));
    }

    void call_workspaceProvider_loadsSecretsFromTheVault()
    {
        testsupport::MiniGateway gateway;
        const QString workspace = m_dir.filePath(QStringLiteral("shop.paybench.json"));
        QCOMPARE(m_cli.run({"workspace", "init", workspace}).exitCode, 0);
        const CliRun platform = m_cli.run({"platform", "add", "--workspace", workspace, "--name",
                                           "Demo", "--base-url", gateway.baseUrl("ok")});
        QVERIFY2(platform.exitCode == 0, qPrintable(platform.err));
        const CliRun provider =
            m_cli.run({"provider", "add", "--workspace", workspace, "--name", "Demo EU", "--code",
                       "pp_demo-eu", "--platform", "Demo", "--secret", "apiKey=" + kApiKey,
                       "--secret", "webhookSecret=" + kWebhookSecret});
        QVERIFY2(provider.exitCode == 0, qPrintable(provider.err));
        QFile file(workspace);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(kApiKey.toUtf8())); // the secret lives in the vault

        const CliRun run =
            m_cli.run({"call", "handle-webhook", "--workspace", workspace, "--provider",
                       "pp_demo-eu", "--payment-id", "pay_5", "--no-history"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
        QVERIFY(run.out.contains(QStringLiteral("\"verified\": true")));
        QVERIFY(!run.out.contains(kApiKey));
    }

    void call_usageErrors_exitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no function") << QStringList{"call", "--base-url", "http://127.0.0.1:1"};
        QTest::newRow("unknown function")
            << QStringList{"call", "pay", "--base-url", "http://127.0.0.1:1"};
        QTest::newRow("no target") << QStringList{"call", "create-payment"};
        QTest::newRow("both targets")
            << QStringList{"call",        "create-payment", "--base-url", "http://a",
                           "--workspace", "w.json",         "--provider", "pp_x"};
        QTest::newRow("bad amount") << QStringList{
            "call", "create-payment", "--base-url", "http://127.0.0.1:1", "--amount", "19.99"};
        QTest::newRow("bad profile") << QStringList{
            "call", "create-payment", "--base-url", "http://127.0.0.1:1", "--profile", "x"};
        QTest::newRow("bad timeout") << QStringList{
            "call", "create-payment", "--base-url", "http://127.0.0.1:1", "--timeout", "0"};
        QTest::newRow("bad base url")
            << QStringList{"call", "create-payment", "--base-url", "ftp://example.com"};
        QTest::newRow("missing credentials file") << QStringList{
            "call",          "create-payment",         "--base-url", "http://127.0.0.1:1",
            "--credentials", "/nonexistent/creds.json"};
    }
    void call_usageErrors_exitTwo()
    {
        QFETCH(QStringList, arguments);
        const CliRun run = m_cli.run(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.isEmpty());
        QVERIFY(run.out.isEmpty());
    }

private:
    CliRunner m_cli;
    QTemporaryDir m_dir;
    QString m_credentials;
};

QTEST_MAIN(TestCallCommand)
#include "tst_callcommand.moc"
