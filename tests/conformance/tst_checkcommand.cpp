#include "CallHistory.h"
#include "CliRunner.h"
#include "ConformanceFixture.h"
#include "DocumentedGateway.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
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

// One check as `check` prints it: "WARN    openfront@55912a7 12 openfront-readiness  message",
// then indented advice and (for readiness) one "- " line per finding.
struct CheckLine {
    QString verdict;
    QString provider; // only with several providers
    QString profile;
    int number = 0;
    QString id;
    QString message;
    QStringList details;
};

QVector<CheckLine> checkLines(const QString &out)
{
    static const QRegularExpression head(
        QStringLiteral("^(PASS|WARN|FAIL|SKIPPED|PENDING)\\s+(?:(pp_\\S+) )?(\\S+)\\s+(\\d+) "
                       "(\\S+)(?:\\s+(.*))?$"));
    QVector<CheckLine> lines;
    for (const QString &text : out.split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch match = head.match(text);
        if (match.hasMatch()) {
            lines.append({match.captured(1),
                          match.captured(2),
                          match.captured(3),
                          match.captured(4).toInt(),
                          match.captured(5),
                          match.captured(6),
                          {}});
        } else if (text.startsWith(QLatin1String("        ")) && !lines.isEmpty()) {
            lines.last().details << text.trimmed();
        }
    }
    return lines;
}

// A pointer into lines: a temporary list would leave it dangling.
const CheckLine *findLine(QVector<CheckLine> &&lines, const QString &profile, int number) = delete;
const CheckLine *findLine(const QVector<CheckLine> &lines, const QString &profile, int number)
{
    for (const CheckLine &line : lines) {
        if (line.profile == profile && line.number == number)
            return &line;
    }
    return nullptr;
}

const QStringList kVersions{QStringLiteral("openfront@55912a7"),
                            QStringLiteral("openfront@e23341c")};
const QStringList kAllProfiles{QStringLiteral("documented"), QStringLiteral("openfront@55912a7"),
                               QStringLiteral("openfront@e23341c")};

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
                       QStringLiteral("all"), QStringLiteral("--junit"), junit,
                       QStringLiteral("--html"), html, QStringLiteral("--json"), json,
                       QStringLiteral("--timeout"), QStringLiteral("5")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QCOMPARE(checkLines(run.out).size(), 11 + 12 + 12);
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
        QCOMPARE(cases, 35);
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
        const QVector<CheckLine> lines = checkLines(run.out);
        const CheckLine *refund = findLine(lines, QStringLiteral("documented"), 5);
        QVERIFY2(refund && refund->verdict == QLatin1String("FAIL") &&
                     refund->id == QLatin1String("refund-payment"),
                 qPrintable(run.out));
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
        bool twoFailedCreate = false;
        for (const CheckLine &line : checkLines(run.out)) {
            twoFailedCreate =
                twoFailedCreate || (line.provider == QLatin1String("pp_two") &&
                                    line.profile == QLatin1String("documented") &&
                                    line.number == 1 && line.verdict == QLatin1String("FAIL"));
        }
        QVERIFY2(twoFailedCreate, qPrintable(run.out));
        QVERIFY(!run.out.contains(test::kApiKey));

        const CliRun unknown =
            ws({QStringLiteral("check"), QStringLiteral("--provider"), QStringLiteral("pp_nope")});
        QCOMPARE(unknown.exitCode, 2);
    }

    void checkProfileAll_demoGatewayAsServed_passesEveryProfile()
    {
        GatewayFixture fixture; // the DemoGateway `paybench-cli serve` runs, on port 0
        QVERIFY(fixture.start());
        const CliRun run =
            checkBaseUrl(fixture.baseUrl(), {QStringLiteral("--profile"), QStringLiteral("all")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY(run.out.endsWith(QLatin1String("result: PASS\n")));
        const QVector<CheckLine> lines = checkLines(run.out);
        QCOMPARE(lines.size(), 11 + 12 + 12);
        for (const CheckLine &line : lines) {
            const QString what = line.profile + QLatin1Char(' ') + line.id + QStringLiteral(": ") +
                                 line.verdict + QLatin1Char(' ') + line.message;
            QVERIFY2(line.verdict != QLatin1String("FAIL"), qPrintable(what));
            if (line.number == 12) {
                // Readiness: pp_adhoc cannot complete checkout on either version; advice only.
                QVERIFY2(kVersions.contains(line.profile) && line.verdict == QLatin1String("WARN"),
                         qPrintable(what));
                continue;
            }
            if (line.verdict == QLatin1String("SKIPPED")) {
                QVERIFY2(line.message.startsWith(
                             QStringLiteral("skipped: %1 never calls ").arg(line.profile)),
                         qPrintable(what));
                QVERIFY2(kVersions.contains(line.profile), qPrintable(what));
                continue;
            }
            // 55912a7's Order update fails after a captured webhook's Payment writes
            // (docs/openfront-runtime.md, section 4): a warning no gateway answer can lift.
            if (line.profile == QLatin1String("openfront@55912a7") && line.number == 8) {
                QVERIFY2(line.verdict == QLatin1String("WARN") &&
                             line.message.contains(QLatin1String("Order update")),
                         qPrintable(what));
                continue;
            }
            QVERIFY2(line.verdict == QLatin1String("PASS"), qPrintable(what));
        }
        // What each version never calls, and nothing else, was skipped.
        QStringList skipped;
        for (const CheckLine &line : lines) {
            if (line.verdict == QLatin1String("SKIPPED"))
                skipped << line.profile + QLatin1Char('/') + QString::number(line.number);
        }
        QCOMPARE(skipped, (QStringList{QStringLiteral("openfront@55912a7/2"),
                                       QStringLiteral("openfront@55912a7/4"),
                                       QStringLiteral("openfront@55912a7/5"),
                                       QStringLiteral("openfront@55912a7/6"),
                                       QStringLiteral("openfront@55912a7/7"),
                                       QStringLiteral("openfront@e23341c/7")}));
    }

    void checkProfileAll_documentedOnlyGateway_failsOpenfrontE23341cOnMissingReference()
    {
        test::DocumentedGateway gateway(test::kApiKey, test::kWebhookSecret);
        QVERIFY(gateway.isListening());
        const CliRun run =
            checkBaseUrl(gateway.baseUrl(), {QStringLiteral("--profile"), QStringLiteral("all")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.endsWith(QLatin1String("result: FAIL\n")));
        const QVector<CheckLine> lines = checkLines(run.out);
        int documented = 0;
        for (const CheckLine &line : lines) {
            if (line.profile != QLatin1String("documented"))
                continue;
            ++documented;
            QVERIFY2(line.verdict == QLatin1String("PASS"),
                     qPrintable(line.id + QStringLiteral(": ") + line.message));
        }
        QCOMPARE(documented, 11);
        const CheckLine *create = findLine(lines, QStringLiteral("openfront@e23341c"), 1);
        QVERIFY(create);
        QCOMPARE(create->verdict, QStringLiteral("FAIL"));
        QCOMPARE(create->message,
                 QStringLiteral("checkout fails with \"Payment provider reference is missing\""));
        QVERIFY2(!create->details.isEmpty() &&
                     create->details.first().startsWith(QLatin1String("advice: ")) &&
                     create->details.first().contains(QLatin1String("\"paymentIntentId\"")),
                 qPrintable(create->details.join(QLatin1Char('\n'))));
        // Its lifecycle stops there; the readiness section says why in numbers.
        QCOMPARE(findLine(lines, QStringLiteral("openfront@e23341c"), 3)->verdict,
                 QStringLiteral("SKIPPED"));
        const CheckLine *readiness = findLine(lines, QStringLiteral("openfront@e23341c"), 12);
        QVERIFY(readiness->details.contains(
            QStringLiteral("- check 1 create-payment: the answer breaks this version's rules")));
    }

    void checkGetAnsweredLikePost_failsRefusalsForEveryProfile()
    {
        test::DocumentedGateway gateway(test::kApiKey, test::kWebhookSecret);
        gateway.answerGetLikePost = true;
        const CliRun run =
            checkBaseUrl(gateway.baseUrl(), {QStringLiteral("--profile"), QStringLiteral("all")});
        QCOMPARE(run.exitCode, 1);
        const QVector<CheckLine> lines = checkLines(run.out);
        for (const QString &profile : kAllProfiles) {
            const CheckLine *refusals = findLine(lines, profile, 10);
            QVERIFY2(refusals, qPrintable(run.out));
            QCOMPARE(refusals->id, QStringLiteral("refusals"));
            QCOMPARE(refusals->verdict, QStringLiteral("FAIL"));
            QVERIFY2(refusals->message.endsWith(QLatin1String("answered HTTP 200, not 405")),
                     qPrintable(refusals->message));
        }
    }

    void checkStrictOpenfront_openfront55912a7_customCodeFailsReadiness()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        const QString workspace = m_dir.filePath(QStringLiteral("strict.json"));
        const auto ws = [&](QStringList args) {
            args << QStringLiteral("--workspace") << workspace;
            return m_cli.run(args);
        };
        QCOMPARE(
            m_cli.run({QStringLiteral("workspace"), QStringLiteral("init"), workspace}).exitCode,
            0);
        for (const QStringList &step :
             {QStringList{QStringLiteral("platform"), QStringLiteral("add"),
                          QStringLiteral("--name"), QStringLiteral("Demo"),
                          QStringLiteral("--base-url"), fixture.baseUrl()},
              QStringList{QStringLiteral("region"), QStringLiteral("add"), QStringLiteral("--code"),
                          QStringLiteral("eu"), QStringLiteral("--name"), QStringLiteral("Europe"),
                          QStringLiteral("--currency"), QStringLiteral("EUR")},
              QStringList{
                  QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--name"),
                  QStringLiteral("Demo"), QStringLiteral("--code"), QStringLiteral("pp_demo"),
                  QStringLiteral("--platform"), QStringLiteral("Demo"), QStringLiteral("--region"),
                  QStringLiteral("eu"), QStringLiteral("--secret"),
                  QStringLiteral("apiKey=") + test::kApiKey, QStringLiteral("--secret"),
                  QStringLiteral("webhookSecret=") + test::kWebhookSecret}}) {
            const CliRun done = ws(step);
            QVERIFY2(done.exitCode == 0, qPrintable(done.err));
        }
        const QStringList check{QStringLiteral("check"),
                                QStringLiteral("--provider"),
                                QStringLiteral("pp_demo"),
                                QStringLiteral("--profile"),
                                QStringLiteral("openfront@55912a7"),
                                QStringLiteral("--no-history")};
        const QString expected =
            QStringLiteral("checkout fails with \"Unsupported payment provider: pp_demo\"");

        const CliRun advised = ws(check);
        QVERIFY2(advised.exitCode == 0, qPrintable(advised.out + advised.err));
        const QVector<CheckLine> advisedLines = checkLines(advised.out);
        const CheckLine *warned = findLine(advisedLines, QStringLiteral("openfront@55912a7"), 12);
        QVERIFY2(warned, qPrintable(advised.out));
        QCOMPARE(warned->verdict, QStringLiteral("WARN"));
        QCOMPARE(warned->message, expected);
        QVERIFY(advised.out.endsWith(QLatin1String("result: PASS\n")));

        const CliRun strict = ws(check + QStringList{QStringLiteral("--strict-openfront")});
        QCOMPARE(strict.exitCode, 1);
        const QVector<CheckLine> lines = checkLines(strict.out);
        const CheckLine *failed = findLine(lines, QStringLiteral("openfront@55912a7"), 12);
        QVERIFY2(failed, qPrintable(strict.out));
        QCOMPARE(failed->verdict, QStringLiteral("FAIL"));
        QCOMPARE(failed->message, expected);
        // Every finding is listed under it, then the answers this version took.
        QVERIFY(failed->details.contains(QStringLiteral("- ") + expected +
                                         QStringLiteral(". This version completes only its "
                                                        "three built-in codes and shows a "
                                                        "disabled pay button for others. What "
                                                        "must change is in Openfront: a "
                                                        "completion branch that calls the "
                                                        "provider's status and capture "
                                                        "functions, and a pay button for other "
                                                        "codes.")));
        QVERIFY2(failed->details.constLast().startsWith(QLatin1String("- answers: ")),
                 qPrintable(failed->details.join(QLatin1Char('\n'))));
        // The only failure: strict judges the configuration, not the answers.
        int failures = 0;
        for (const CheckLine &line : lines)
            failures += line.verdict == QLatin1String("FAIL");
        QCOMPARE(failures, 1);
        QVERIFY(strict.out.endsWith(QLatin1String("result: FAIL\n")));
    }

    void checkProfileOpenfront_runsEachVersionWithoutDocumented()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        const CliRun run = checkBaseUrl(fixture.baseUrl(),
                                        {QStringLiteral("--profile"), QStringLiteral("openfront")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        const QVector<CheckLine> lines = checkLines(run.out);
        QCOMPARE(lines.size(), 12 + 12);
        QStringList profiles;
        for (const CheckLine &line : lines) {
            if (!profiles.contains(line.profile))
                profiles << line.profile;
        }
        QCOMPARE(profiles, kVersions);
    }

    void checkUnknownProfile_exitsTwoListingTheKnownNames()
    {
        const CliRun run = m_cli.run({QStringLiteral("check"), QStringLiteral("--base-url"),
                                      QStringLiteral("http://127.0.0.1:9"),
                                      QStringLiteral("--profile"), QStringLiteral("nope")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(QLatin1String("\"nope\"")), qPrintable(run.err));
        QVERIFY2(run.err.contains(QLatin1String("documented, openfront@55912a7, openfront@e23341c, "
                                                "openfront, all")),
                 qPrintable(run.err));
        // One bad name in a list refuses the whole list.
        const CliRun listed =
            m_cli.run({QStringLiteral("check"), QStringLiteral("--base-url"),
                       QStringLiteral("http://127.0.0.1:9"), QStringLiteral("--profile"),
                       QStringLiteral("documented,openfront@0000000")});
        QCOMPARE(listed.exitCode, 2);
        QVERIFY(listed.err.contains(QLatin1String("\"openfront@0000000\"")));
    }

    void checkProfileAll_reportsCarryAReadinessSectionPerVersion()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        const QString junit = m_dir.filePath(QStringLiteral("readiness.xml"));
        const QString html = m_dir.filePath(QStringLiteral("readiness.html"));
        const QString json = m_dir.filePath(QStringLiteral("readiness.json"));
        const CliRun run = checkBaseUrl(fixture.baseUrl(),
                                        {QStringLiteral("--profile"), QStringLiteral("all"),
                                         QStringLiteral("--junit"), junit, QStringLiteral("--html"),
                                         html, QStringLiteral("--json"), json});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        // What each version's readiness must name (docs/openfront-runtime.md, section 9).
        const QHash<QString, QString> finding{
            {QStringLiteral("openfront@55912a7"),
             QStringLiteral("Unsupported payment provider: pp_adhoc")},
            {QStringLiteral("openfront@e23341c"),
             QStringLiteral("Payment provider not found, installed, and configured for this "
                            "region")}};

        // JSON: a check 12 per version, its findings and the answer count in its notes.
        const QJsonArray checks = QJsonDocument::fromJson(readAll(json))[QLatin1String("runs")]
                                      .toArray()
                                      .first()[QLatin1String("checks")]
                                      .toArray();
        QStringList readinessKeys;
        for (const auto &value : checks) {
            const QJsonObject check = value.toObject();
            if (check[QLatin1String("number")].toInt() != 12)
                continue;
            const QString profile = check[QLatin1String("profile")].toString();
            readinessKeys << check[QLatin1String("key")].toString();
            QCOMPARE(check[QLatin1String("id")].toString(), QStringLiteral("openfront-readiness"));
            QCOMPARE(check[QLatin1String("verdict")].toString(), QStringLiteral("warn"));
            QStringList notes;
            for (const auto &note : check[QLatin1String("notes")].toArray())
                notes << note.toString();
            QVERIFY2(notes.join(QLatin1Char('\n')).contains(finding.value(profile)),
                     qPrintable(notes.join(QLatin1Char('\n'))));
            QVERIFY(notes.constLast().endsWith(QStringLiteral(" taken by ") + profile));
        }
        QCOMPARE(readinessKeys, (QStringList{QStringLiteral("openfront@55912a7/12-openfront-"
                                                            "readiness"),
                                             QStringLiteral("openfront@e23341c/12-openfront-"
                                                            "readiness")}));

        // JUnit: a readiness test case in each version's suite, none in documented's.
        QXmlStreamReader xml(readAll(junit));
        QString suite;
        QHash<QString, QString> readinessOut; // suite name -> the case's system-out
        bool inReadiness = false;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("testsuite")) {
                suite = xml.attributes().value(QLatin1String("name")).toString();
            } else if (xml.name() == QLatin1String("testcase")) {
                inReadiness = xml.attributes()
                                  .value(QLatin1String("name"))
                                  .startsWith(QLatin1String("12 openfront-readiness"));
            } else if (xml.name() == QLatin1String("system-out") && inReadiness) {
                readinessOut.insert(suite, xml.readElementText());
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(readinessOut.size(), 2);
        for (const QString &version : kVersions) {
            const QString out =
                readinessOut.value(QStringLiteral("pp_adhoc (%1 profile)").arg(version));
            QVERIFY2(out.startsWith(QLatin1String("WARN: ")), qPrintable(version + out));
            QVERIFY2(out.contains(finding.value(version)), qPrintable(out));
            QVERIFY2(out.contains(QStringLiteral(" taken by ") + version), qPrintable(out));
        }

        // HTML: the section's block per version, with its findings as a list.
        const QString page = QString::fromUtf8(readAll(html));
        QVERIFY(!page.contains(QLatin1String("id=\"documented/12-openfront-readiness\"")));
        for (const QString &version : kVersions) {
            const QString id = QStringLiteral("id=\"%1/12-openfront-readiness\"").arg(version);
            const qsizetype at = page.indexOf(id);
            QVERIFY2(at > 0, qPrintable(id));
            QVERIFY(page.lastIndexOf(QLatin1String("<div class=\"check warn\""), at) ==
                    page.lastIndexOf(QLatin1String("<div "), at));
            const QString block =
                page.mid(at, page.indexOf(QLatin1String("<div class=\"check "), at) - at);
            QVERIFY2(block.contains(QLatin1String("<ul class=\"notes\">")), qPrintable(block));
            QVERIFY2(block.contains(finding.value(version)), qPrintable(block));
            QVERIFY2(block.contains(QStringLiteral(" taken by %1</li>").arg(version)),
                     qPrintable(block));
        }
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
                           QStringLiteral("nope")};
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
    // `check --base-url URL --credentials FILE --no-history ARGS...`.
    CliRun checkBaseUrl(const QString &baseUrl, const QStringList &arguments) const
    {
        return m_cli.run(QStringList{QStringLiteral("check"), QStringLiteral("--base-url"), baseUrl,
                                     QStringLiteral("--credentials"), m_credentials,
                                     QStringLiteral("--no-history")} +
                         arguments);
    }

    QTemporaryDir m_dir;
    QString m_credentials;
    CliRunner m_cli;
};

QTEST_GUILESS_MAIN(TestCheckCommand)
#include "tst_checkcommand.moc"
