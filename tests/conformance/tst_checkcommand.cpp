#include "CallHistory.h"
#include "CliRunner.h"
#include "ConformanceFixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace paybench;
using test::CliRun;
using test::CliRunner;
using test::GatewayFixture;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

int countLines(const QString &text, const QString &prefix)
{
    int count = 0;
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(prefix))
            ++count;
    }
    return count;
}

} // namespace

class TestCheckCommand : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QFile::remove(client::CallHistory::defaultPath());
        QVERIFY(m_dir.isValid());
        m_credentials = m_dir.filePath(QStringLiteral("credentials.json"));
        QFile file(m_credentials);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonObject{{QStringLiteral("apiKey"), test::kApiKey},
                                      {QStringLiteral("webhookSecret"), test::kWebhookSecret}})
                .toJson());
    }

    void check_demoGateway_passesPrintsALinePerCheckAndWritesReports()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        const QString junit = m_dir.filePath(QStringLiteral("report.xml"));
        const QString html = m_dir.filePath(QStringLiteral("report.html"));
        const QString json = m_dir.filePath(QStringLiteral("report.json"));
        const CliRun run =
            m_cli.run({QStringLiteral("check"), QStringLiteral("--base-url"), fixture.baseUrl(),
                       QStringLiteral("--credentials"), m_credentials, QStringLiteral("--profile"),
                       QStringLiteral("both"), QStringLiteral("--junit"), junit,
                       QStringLiteral("--html"), html, QStringLiteral("--json"), json,
                       QStringLiteral("--timeout"), QStringLiteral("5")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QCOMPARE(countLines(run.out, QStringLiteral("PASS")) +
                     countLines(run.out, QStringLiteral("WARN")),
                 23);
        QVERIFY(run.out.contains(QLatin1String("pp_adhoc: ")));
        QVERIFY(run.out.endsWith(QLatin1String("result: PASS\n")));
        for (const QString &path : {junit, html, json}) {
            const QByteArray bytes = readAll(path);
            QVERIFY2(!bytes.isEmpty(), qPrintable(path));
            QVERIFY(!bytes.contains(test::kApiKey.toUtf8()));
            QVERIFY(!bytes.contains(test::kWebhookSecret.toUtf8()));
        }
        QXmlStreamReader xml(readAll(junit));
        int cases = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement &&
                xml.name() == QLatin1String("testcase"))
                ++cases;
        }
        QVERIFY(!xml.hasError());
        QCOMPARE(cases, 23);
        const QJsonDocument document = QJsonDocument::fromJson(readAll(json));
        QCOMPARE(document[QLatin1String("summary")][QLatin1String("fail")].toInt(), 0);
        QVERIFY(!run.out.contains(test::kApiKey) && !run.err.contains(test::kApiKey));
        // Every call went to the history, masked.
        const QByteArray history = readAll(client::CallHistory::defaultPath());
        QVERIFY(!history.isEmpty());
        QVERIFY(!history.contains(test::kApiKey.toUtf8()));
    }

    void check_failingEndpoint_exitsOneWithAdvice()
    {
        GatewayFixture fixture;
        QVERIFY(
            fixture.start({{gateway::Endpoint::RefundPayment, QStringLiteral("body=not-json")}}));
        const CliRun run = m_cli.run({QStringLiteral("check"), QStringLiteral("--base-url"),
                                      fixture.baseUrl(), QStringLiteral("--credentials"),
                                      m_credentials, QStringLiteral("--no-history")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains(QLatin1String("FAIL    documented  5 refund-payment")));
        QVERIFY(run.out.contains(QLatin1String("advice: The body is not JSON")));
        QVERIFY(run.out.endsWith(QLatin1String("result: FAIL\n")));
    }

    void check_jsonDash_printsTheReportOnStdout()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        const CliRun run =
            m_cli.run({QStringLiteral("check"), QStringLiteral("--base-url"), fixture.baseUrl(),
                       QStringLiteral("--credentials"), m_credentials, QStringLiteral("--json"),
                       QStringLiteral("-"), QStringLiteral("--no-history")});
        QCOMPARE(run.exitCode, 0);
        const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8());
        QVERIFY(document.isObject());
        QCOMPARE(document[QLatin1String("runs")].toArray().size(), 1);
        QVERIFY(run.err.contains(QLatin1String("result: PASS")));
    }

    void check_workspace_severalProviders()
    {
        GatewayFixture first;
        GatewayFixture second;
        QVERIFY(first.start());
        QVERIFY(second.start({{gateway::Endpoint::CreatePayment, QStringLiteral("error=1:500")}}));
        const QString workspace = m_dir.filePath(QStringLiteral("workspace.json"));
        const auto ws = [&](QStringList args) {
            args << QStringLiteral("--workspace") << workspace;
            return m_cli.run(args);
        };
        QCOMPARE(
            m_cli.run({QStringLiteral("workspace"), QStringLiteral("init"), workspace}).exitCode,
            0);
        const QVector<QPair<QString, QString>> gateways{{QStringLiteral("One"), first.baseUrl()},
                                                        {QStringLiteral("Two"), second.baseUrl()}};
        for (const auto &[name, url] : gateways) {
            CliRun step = ws({QStringLiteral("platform"), QStringLiteral("add"),
                              QStringLiteral("--name"), name, QStringLiteral("--base-url"), url});
            QVERIFY2(step.exitCode == 0, qPrintable(step.err));
            step = ws({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                       name, QStringLiteral("--code"), QStringLiteral("pp_") + name.toLower(),
                       QStringLiteral("--platform"), name, QStringLiteral("--secret"),
                       QStringLiteral("apiKey=") + test::kApiKey, QStringLiteral("--secret"),
                       QStringLiteral("webhookSecret=") + test::kWebhookSecret});
            QVERIFY2(step.exitCode == 0, qPrintable(step.err));
        }
        QVERIFY(!readAll(workspace).contains(test::kApiKey.toUtf8()));
        const CliRun run = ws({QStringLiteral("check"), QStringLiteral("--provider"),
                               QStringLiteral("pp_one"), QStringLiteral("--provider"),
                               QStringLiteral("pp_two"), QStringLiteral("--no-history")});
        QCOMPARE(run.exitCode, 1); // pp_two's create-payment fails
        QVERIFY2(run.out.contains(QLatin1String("pp_one: 11 pass")) ||
                     run.out.contains(QLatin1String("pp_one: 10 pass, 1 warn")),
                 qPrintable(run.out));
        QVERIFY(run.out.contains(QLatin1String("FAIL    pp_two documented  1 create-payment")));
        QVERIFY(!run.out.contains(test::kApiKey));

        const CliRun unknown =
            ws({QStringLiteral("check"), QStringLiteral("--provider"), QStringLiteral("pp_nope")});
        QCOMPARE(unknown.exitCode, 2);
    }

    void check_usageErrors_exitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("nothing") << QStringList{QStringLiteral("check")};
        QTest::newRow("both sources") << QStringList{QStringLiteral("check"),
                                                     QStringLiteral("--base-url"),
                                                     QStringLiteral("http://127.0.0.1:9"),
                                                     QStringLiteral("--workspace"),
                                                     QStringLiteral("w.json"),
                                                     QStringLiteral("--provider"),
                                                     QStringLiteral("pp_x")};
        QTest::newRow("bad profile")
            << QStringList{QStringLiteral("check"), QStringLiteral("--base-url"),
                           QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--profile"),
                           QStringLiteral("all")};
        QTest::newRow("bad timeout") << QStringList{
            QStringLiteral("check"), QStringLiteral("--base-url"),
            QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--timeout"), QStringLiteral("0")};
        QTest::newRow("unknown flag")
            << QStringList{QStringLiteral("check"), QStringLiteral("--base-url"),
                           QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--frobnicate")};
        QTest::newRow("bad url") << QStringList{QStringLiteral("check"),
                                                QStringLiteral("--base-url"),
                                                QStringLiteral("ftp://example.com")};
        QTest::newRow("missing credentials file")
            << QStringList{QStringLiteral("check"), QStringLiteral("--base-url"),
                           QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--credentials"),
                           QStringLiteral("/nonexistent/credentials.json")};
    }

    void check_usageErrors_exitTwo()
    {
        QFETCH(QStringList, args);
        const CliRun run = m_cli.run(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.isEmpty());
        QVERIFY(run.out.isEmpty());
    }

private:
    QTemporaryDir m_dir;
    QString m_credentials;
    CliRunner m_cli;
};

QTEST_GUILESS_MAIN(TestCheckCommand)
#include "tst_checkcommand.moc"
