#include "CliRunner.h"
#include "ConformanceFixture.h"
#include "DocumentedGateway.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace paybench;
using test::CliRun;
using test::CliRunner;

namespace {

const QString kKnownNames =
    QStringLiteral("documented, openfront@55912a7, openfront@e23341c, openfront, all");

// stderr's "profile: result (first finding)" lines, in order.
QStringList verdictLines(const QString &err)
{
    QStringList lines;
    for (const QString &line : err.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.startsWith(QLatin1String("paybench-cli")))
            lines << line;
    }
    return lines;
}

} // namespace

// `--profile` on `call`: the first profile shapes the request, every one judges the answer.
class TestCallProfiles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_credentials = m_dir.filePath(QStringLiteral("credentials.json"));
        QFile file(m_credentials);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonObject{{QStringLiteral("apiKey"), test::kApiKey},
                                      {QStringLiteral("webhookSecret"), test::kWebhookSecret}})
                .toJson());
    }

    void callUnknownProfile_exitsTwoListingTheKnownNames()
    {
        const CliRun run =
            m_cli.run({QStringLiteral("call"), QStringLiteral("create-payment"),
                       QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:9"),
                       QStringLiteral("--profile"), QStringLiteral("nope")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(QLatin1String("\"nope\"")), qPrintable(run.err));
        QVERIFY2(run.err.contains(kKnownNames), qPrintable(run.err));
        // A known name beside it does not save the list.
        const CliRun listed =
            m_cli.run({QStringLiteral("call"), QStringLiteral("create-payment"),
                       QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:9"),
                       QStringLiteral("--profile"), QStringLiteral("openfront@e23341c,nope")});
        QCOMPARE(listed.exitCode, 2);
        QVERIFY(listed.out.isEmpty());
        QVERIFY(listed.err.contains(kKnownNames));
    }

    void callCreatePayment_openfrontE23341cAndDocumented_oneVerdictLineEach()
    {
        test::GatewayFixture fixture;
        QVERIFY(fixture.start());
        const CliRun run = call(fixture.baseUrl(), QStringLiteral("openfront@e23341c,documented"));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QStringList lines = verdictLines(run.err);
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.at(0).startsWith(QLatin1String("openfront@e23341c: pass")),
                 qPrintable(lines.at(0)));
        QVERIFY2(lines.at(1).startsWith(QLatin1String("documented: pass")),
                 qPrintable(lines.at(1)));

        const QJsonObject report = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(report[QLatin1String("profile")].toString(), QStringLiteral("openfront@e23341c"));
        const QJsonObject verdicts = report[QLatin1String("verdicts")].toObject();
        QStringList keys = verdicts.keys();
        keys.sort();
        QCOMPARE(keys,
                 (QStringList{QStringLiteral("documented"), QStringLiteral("openfront@e23341c")}));
        // "verdict" is the first profile's; e23341c shaped the request (its cart, no name).
        QCOMPARE(report[QLatin1String("verdict")], verdicts[QLatin1String("openfront@e23341c")]);
        const QJsonObject body =
            report[QLatin1String("request")].toObject()[QLatin1String("body")].toObject();
        QVERIFY(body[QLatin1String("cart")].toObject().contains(QLatin1String("rawTotal")));
        QVERIFY(!body[QLatin1String("provider")].toObject().contains(QLatin1String("name")));
        QVERIFY(!run.out.contains(test::kApiKey));

        // The other order: documented shapes the request, both still judge.
        const CliRun swapped =
            call(fixture.baseUrl(), QStringLiteral("documented,openfront@e23341c"));
        QCOMPARE(swapped.exitCode, 0);
        const QStringList swappedLines = verdictLines(swapped.err);
        QCOMPARE(swappedLines.size(), 2);
        QVERIFY(swappedLines.at(0).startsWith(QLatin1String("documented: ")));
        QVERIFY(swappedLines.at(1).startsWith(QLatin1String("openfront@e23341c: ")));
        const QJsonObject swappedReport = QJsonDocument::fromJson(swapped.out.toUtf8()).object();
        QCOMPARE(swappedReport[QLatin1String("profile")].toString(), QStringLiteral("documented"));
        QVERIFY(swappedReport[QLatin1String("request")]
                    .toObject()[QLatin1String("body")]
                    .toObject()[QLatin1String("provider")]
                    .toObject()
                    .contains(QLatin1String("name")));
        QCOMPARE(swappedReport[QLatin1String("verdicts")].toObject().size(), 2);
    }

    void callCreatePayment_documentedOnlyGateway_failsOpenfrontE23341cOnly()
    {
        test::DocumentedGateway gateway(test::kApiKey, test::kWebhookSecret);
        QVERIFY(gateway.isListening());
        const CliRun run = call(gateway.baseUrl(), QStringLiteral("openfront@e23341c,documented"));
        QCOMPARE(run.exitCode, 1);
        const QStringList lines = verdictLines(run.err);
        QCOMPARE(lines,
                 (QStringList{QStringLiteral("openfront@e23341c: failure (checkout fails with "
                                             "\"Payment provider reference is missing\")"),
                              QStringLiteral("documented: pass")}));
        const QJsonObject verdicts = QJsonDocument::fromJson(run.out.toUtf8())
                                         .object()[QLatin1String("verdicts")]
                                         .toObject();
        QCOMPARE(verdicts[QLatin1String("openfront@e23341c")]
                     .toObject()[QLatin1String("result")]
                     .toString(),
                 QStringLiteral("failure"));
        QCOMPARE(
            verdicts[QLatin1String("documented")].toObject()[QLatin1String("result")].toString(),
            QStringLiteral("pass"));
    }

private:
    CliRun call(const QString &baseUrl, const QString &profiles) const
    {
        return m_cli.run({QStringLiteral("call"), QStringLiteral("create-payment"),
                          QStringLiteral("--base-url"), baseUrl, QStringLiteral("--credentials"),
                          m_credentials, QStringLiteral("--profile"), profiles,
                          QStringLiteral("--no-history")});
    }

    QTemporaryDir m_dir;
    QString m_credentials;
    CliRunner m_cli;
};

QTEST_GUILESS_MAIN(TestCallProfiles)
#include "tst_callprofiles.moc"
