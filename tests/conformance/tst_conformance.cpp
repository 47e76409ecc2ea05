#include "CallHistory.h"
#include "ConformanceFixture.h"
#include "ConformanceSuite.h"
#include "ReportWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace paybench;
using conformance::CheckKind;
using conformance::CheckVerdict;
using conformance::ConformanceOptions;
using conformance::ConformanceReport;
using conformance::ConformanceRun;
using contract::PayloadProfile;
using gateway::Endpoint;
using test::GatewayFixture;

Q_DECLARE_METATYPE(CheckKind)
Q_DECLARE_METATYPE(Endpoint)

namespace {

ConformanceOptions bothProfiles()
{
    ConformanceOptions options;
    options.profiles = {PayloadProfile::Documented, PayloadProfile::Openfront};
    return options;
}

} // namespace

class TestConformance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<conformance::CheckResult>();
        qRegisterMetaType<conformance::ConformanceReport>();
    }

    void fullRun_demoGateway_passesBothProfiles()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        ConformanceRun run(fixture.target(), bothProfiles());
        QSignalSpy started(&run, &ConformanceRun::checkStarted);
        QSignalSpy finished(&run, &ConformanceRun::checkFinished);
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        QCOMPARE(report->checks.size(), 11 + 12);
        QCOMPARE(started.size(), 23);
        QCOMPARE(finished.size(), 23);
        QVERIFY2(!report->hasFailure(), qPrintable(test::describe(*report)));
        QCOMPARE(report->count(CheckVerdict::Skipped), 0);
        // The documented contract is met: at most warnings (the demo's dashboard link is http).
        for (const conformance::CheckResult &check : report->checks) {
            if (check.profile == PayloadProfile::Documented && check.kind != CheckKind::PaymentLink)
                QVERIFY2(check.verdict == CheckVerdict::Pass, qPrintable(test::describe(*report)));
            QVERIFY(check.kind == CheckKind::TimeAndJson ||
                    check.kind == CheckKind::OpenfrontFindings || !check.calls.isEmpty());
        }
        // Values travel: the capture went to the payment create-payment made.
        const auto *create =
            test::findCheck(*report, PayloadProfile::Documented, CheckKind::CreatePayment);
        const auto *capture =
            test::findCheck(*report, PayloadProfile::Documented, CheckKind::CapturePayment);
        const QString paymentId =
            create->calls.first().variables.value(QStringLiteral("paymentId"));
        QVERIFY(paymentId.startsWith(QLatin1String("pay_")));
        QCOMPARE(capture->calls.first().call.paymentId, paymentId);
        QCOMPARE(fixture.gateway->payment(paymentId)->status, gateway::PaymentStatus::Captured);
        // Part, then the rest.
        const auto *refund =
            test::findCheck(*report, PayloadProfile::Openfront, CheckKind::RefundPayment);
        QCOMPARE(refund->calls.size(), 2);
        QCOMPARE(*refund->calls.at(0).call.requestedAmount +
                     *refund->calls.at(1).call.requestedAmount,
                 contract::kDefaultAmount);
        // The Openfront-shaped lifecycle really was Openfront-shaped.
        const auto *openCreate =
            test::findCheck(*report, PayloadProfile::Openfront, CheckKind::CreatePayment);
        QVERIFY(openCreate->calls.first().call.body.contains("\"rawTotal\""));
        QVERIFY(test::findCheck(*report, PayloadProfile::Openfront, CheckKind::OpenfrontFindings));
    }

    void fault_failsTheRightCheckWithAdvice_data()
    {
        QTest::addColumn<Endpoint>("endpoint");
        QTest::addColumn<QString>("fault");
        QTest::addColumn<CheckKind>("failing");
        QTest::addColumn<QString>("advice");
        QTest::newRow("create 500") << Endpoint::CreatePayment << QStringLiteral("error=1:500")
                                    << CheckKind::CreatePayment << QStringLiteral("logs");
        QTest::newRow("status not json")
            << Endpoint::GetPaymentStatus << QStringLiteral("body=not-json")
            << CheckKind::StatusAfterCreate << QStringLiteral("HTML error page");
        QTest::newRow("capture 503") << Endpoint::CapturePayment << QStringLiteral("error=1:503")
                                     << CheckKind::CapturePayment << QStringLiteral("logs");
        QTest::newRow("refund truncated")
            << Endpoint::RefundPayment << QStringLiteral("body=truncated-json")
            << CheckKind::RefundPayment << QStringLiteral("not JSON");
        QTest::newRow("link dropped") << Endpoint::GeneratePaymentLink << QStringLiteral("drop")
                                      << CheckKind::PaymentLink << QStringLiteral("below HTTP");
        QTest::newRow("webhook timeout")
            << Endpoint::HandleWebhook << QStringLiteral("timeout") << CheckKind::WebhookSigned
            << QStringLiteral("time limit");
        QTest::newRow("refund slow")
            << Endpoint::RefundPayment << QStringLiteral("latency=700") << CheckKind::TimeAndJson
            << QStringLiteral("Openfront sets no timeout");
    }

    void fault_failsTheRightCheckWithAdvice()
    {
        QFETCH(Endpoint, endpoint);
        QFETCH(QString, fault);
        QFETCH(CheckKind, failing);
        QFETCH(QString, advice);
        GatewayFixture fixture;
        QString error;
        QVERIFY2(fixture.start({{endpoint, fault}}, &error), qPrintable(error));
        ConformanceOptions options;
        options.answerBudgetMs = 400;
        options.callTimeoutMs = 2500; // well above the 700 ms latency of the slow case
        ConformanceRun run(fixture.target(), options);
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        const auto *check = test::findCheck(*report, PayloadProfile::Documented, failing);
        QVERIFY2(check->verdict == CheckVerdict::Fail, qPrintable(test::describe(*report)));
        QVERIFY2(check->advice.contains(advice), qPrintable(check->advice));
        QVERIFY(!check->calls.isEmpty() || failing == CheckKind::TimeAndJson);
        // Only the endpoint at fault and what depends on it suffer.
        const auto *link =
            test::findCheck(*report, PayloadProfile::Documented, CheckKind::PaymentLink);
        if (endpoint != Endpoint::GeneratePaymentLink && endpoint != Endpoint::CreatePayment)
            QVERIFY(link->verdict == CheckVerdict::Pass || link->verdict == CheckVerdict::Warn);
        if (failing == CheckKind::TimeAndJson) {
            QCOMPARE(test::findCheck(*report, PayloadProfile::Documented, CheckKind::RefundPayment)
                         ->verdict,
                     CheckVerdict::Pass);
        }
    }

    void failedStep_skipsWhatDependsOnIt()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start({{Endpoint::CapturePayment, QStringLiteral("error=1:500")}}));
        ConformanceRun run(fixture.target());
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        for (CheckKind kind : {CheckKind::StatusAfterCapture, CheckKind::RefundPayment,
                               CheckKind::RefundBeyondCaptured}) {
            const auto *check = test::findCheck(*report, PayloadProfile::Documented, kind);
            QCOMPARE(check->verdict, CheckVerdict::Skipped);
            QVERIFY2(check->message.contains(QLatin1String("check 3 (capture-payment) failed")),
                     qPrintable(check->message));
            QVERIFY(check->calls.isEmpty());
        }
        QCOMPARE(test::findCheck(*report, PayloadProfile::Documented, CheckKind::StatusAfterCreate)
                     ->verdict,
                 CheckVerdict::Pass);
    }

    void wrongApiKey_failsCreateAndIsRefusedWith401()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        ConformanceRun run(fixture.target(QStringLiteral("sk_test_not_the_key")));
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        const auto *create =
            test::findCheck(*report, PayloadProfile::Documented, CheckKind::CreatePayment);
        QCOMPARE(create->verdict, CheckVerdict::Fail);
        QVERIFY2(create->advice.contains(QLatin1String("credentials")), qPrintable(create->advice));
        QCOMPARE(create->calls.first().response.httpStatus, 401);
        QCOMPARE(test::findCheck(*report, PayloadProfile::Documented, CheckKind::CapturePayment)
                     ->verdict,
                 CheckVerdict::Skipped);
        // The negative cases do not depend on a valid key.
        QCOMPARE(test::findCheck(*report, PayloadProfile::Documented, CheckKind::Refusals)->verdict,
                 CheckVerdict::Pass);
    }

    void refusals_coverGetWrongKeyAndMalformedJson()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        ConformanceRun run(fixture.target());
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        const auto *refusals =
            test::findCheck(*report, PayloadProfile::Documented, CheckKind::Refusals);
        QCOMPARE(refusals->calls.size(), 6 + 2);
        int gets = 0;
        for (const contract::CallResult &result : refusals->calls) {
            if (result.call.method == "GET") {
                ++gets;
                QCOMPARE(result.response.httpStatus, 405);
            }
        }
        QCOMPARE(gets, 6);
        QCOMPARE(refusals->calls.at(6).response.httpStatus, 401);
        QCOMPARE(refusals->calls.at(7).response.httpStatus, 400);
        QVERIFY(!refusals->calls.at(6).call.body.contains(test::kApiKey.toUtf8()));
    }

    void builtInTargets_areSkippedWithTheReason()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        contract::CallTarget mixed = fixture.target();
        mixed.targets[static_cast<int>(PaymentFunction::HandleWebhook)] = QStringLiteral("manual");
        ConformanceRun run(mixed);
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        for (CheckKind kind : {CheckKind::WebhookSigned, CheckKind::WebhookWrongSignature}) {
            const auto *check = test::findCheck(*report, PayloadProfile::Documented, kind);
            QCOMPARE(check->verdict, CheckVerdict::Skipped);
            QVERIFY2(check->message.contains(QLatin1String("built-in \"manual\" adapter")),
                     qPrintable(check->message));
        }
        QVERIFY2(!report->hasFailure(), qPrintable(test::describe(*report)));
        QCOMPARE(
            test::findCheck(*report, PayloadProfile::Documented, CheckKind::Refusals)->calls.size(),
            5 + 2);

        contract::CallTarget stripe = fixture.target();
        stripe.targets.fill(QStringLiteral("stripe"));
        ConformanceRun builtIn(stripe);
        builtIn.start();
        const auto skipped = test::waitForRun(builtIn);
        QVERIFY(skipped);
        QCOMPARE(skipped->count(CheckVerdict::Skipped), skipped->checks.size());
        QVERIFY(test::findCheck(*skipped, PayloadProfile::Documented, CheckKind::CreatePayment)
                    ->message.contains(QLatin1String("built-in \"stripe\" adapter")));
    }

    void cancel_skipsTheRestAndFinishes()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start({{Endpoint::CapturePayment, QStringLiteral("latency=5000")}}));
        ConformanceRun run(fixture.target());
        connect(&run, &ConformanceRun::checkStarted, &run, [&run](int index) {
            if (run.checks().at(index).kind == CheckKind::CapturePayment)
                QTimer::singleShot(50, &run, [&run] { run.cancel(); });
        });
        run.start();
        const auto report = test::waitForRun(run, 4000);
        QVERIFY(report);
        QVERIFY(report->cancelled);
        QCOMPARE(
            test::findCheck(*report, PayloadProfile::Documented, CheckKind::CreatePayment)->verdict,
            CheckVerdict::Pass);
        for (CheckKind kind :
             {CheckKind::CapturePayment, CheckKind::PaymentLink, CheckKind::TimeAndJson}) {
            const auto *check = test::findCheck(*report, PayloadProfile::Documented, kind);
            QCOMPARE(check->verdict, CheckVerdict::Skipped);
            QVERIFY(check->message.contains(QLatin1String("cancelled")));
        }
        QVERIFY(!run.isRunning());
    }

    void rerunCheck_runsItsPrerequisitesAgain()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        ConformanceRun run(fixture.target());
        run.start();
        QVERIFY(test::waitForRun(run));
        const QString firstPayment =
            run.checks().first().calls.first().variables.value(QStringLiteral("paymentId"));
        int refundIndex = -1;
        for (int i = 0; i < run.checks().size(); ++i) {
            if (run.checks().at(i).kind == CheckKind::RefundPayment)
                refundIndex = i;
        }
        QSignalSpy finished(&run, &ConformanceRun::checkFinished);
        run.rerunCheck(refundIndex);
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        // create, capture, refund, then the two summaries (time-and-json only here).
        QCOMPARE(finished.size(), 4);
        QVERIFY2(!report->hasFailure(), qPrintable(test::describe(*report)));
        const QString secondPayment =
            run.checks().first().calls.first().variables.value(QStringLiteral("paymentId"));
        QVERIFY(secondPayment != firstPayment);
        QCOMPARE(run.checks().at(refundIndex).calls.first().call.paymentId, secondPayment);
        QCOMPARE(fixture.gateway->payments().size(), 2);
    }

    void suite_checksSeveralProvidersConcurrently()
    {
        GatewayFixture good;
        GatewayFixture broken;
        QVERIFY(good.start());
        QVERIFY(broken.start({{Endpoint::GeneratePaymentLink, QStringLiteral("body=not-json")}}));
        contract::CallTarget first = good.target();
        first.code = QStringLiteral("pp_good");
        contract::CallTarget second = broken.target();
        second.code = QStringLiteral("pp_broken");
        conformance::ConformanceSuite suite;
        suite.addProvider(first, {});
        suite.addProvider(second, {});
        QSignalSpy done(&suite, &conformance::ConformanceSuite::finished);
        suite.start();
        QVERIFY(suite.isRunning());
        // Both are in flight at once, not one after the other.
        QTRY_VERIFY(suite.runs().at(0)->isRunning() && suite.runs().at(1)->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
        const QVector<ConformanceReport> reports = suite.reports();
        QCOMPARE(reports.at(0).providerCode, QStringLiteral("pp_good"));
        QVERIFY(!reports.at(0).hasFailure());
        QCOMPARE(reports.at(1).providerCode, QStringLiteral("pp_broken"));
        QCOMPARE(test::findCheck(reports.at(1), PayloadProfile::Documented, CheckKind::PaymentLink)
                     ->verdict,
                 CheckVerdict::Fail);
    }

    void history_recordsEveryCallMasked()
    {
        QTemporaryDir dir;
        client::CallHistory history(dir.filePath(QStringLiteral("history.sqlite")));
        QString error;
        QVERIFY2(history.open(&error), qPrintable(error));
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        ConformanceRun run(fixture.target());
        run.setHistory(&history);
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        int calls = 0;
        for (const conformance::CheckResult &check : report->checks)
            calls += static_cast<int>(check.calls.size());
        const client::HistoryPage page = history.query({}, 100);
        QCOMPARE(page.entries.size(), calls);
        for (const client::HistoryEntry &entry : page.entries) {
            const auto full = history.entry(entry.id);
            QVERIFY(full);
            QVERIFY(!full->report.contains(test::kApiKey.toUtf8()));
            QVERIFY(!full->report.contains(test::kWebhookSecret.toUtf8()));
        }
        // The run as a whole stays with the provider: its report, masked, and its verdict.
        const auto stored = history.latestRun(report->providerCode,
                                              QString::fromLatin1(conformance::kHistoryRunKind));
        QVERIFY(stored);
        QCOMPARE(stored->verdict, report->hasFailure() ? QStringLiteral("failure")
                                  : report->count(CheckVerdict::Warn) > 0
                                      ? QStringLiteral("warning")
                                      : QStringLiteral("pass"));
        QVERIFY(QJsonDocument::fromJson(stored->report).isObject());
        QVERIFY(stored->report.contains(report->providerCode.toUtf8()));
        QVERIFY(!stored->report.contains(test::kApiKey.toUtf8()));
        QVERIFY(!stored->report.contains(test::kWebhookSecret.toUtf8()));
        QVERIFY(!history.latestRun(QStringLiteral("pp_other"),
                                   QString::fromLatin1(conformance::kHistoryRunKind)));
    }

    void reports_areWellFormedEscapedAndSecretFree()
    {
        GatewayFixture fixture;
        // A failure too, so the failure evidence (request with credentials) is in the reports.
        QVERIFY(fixture.start({{Endpoint::CapturePayment, QStringLiteral("error=1:500")}}));
        contract::CallTarget target = fixture.target();
        target.name = QStringLiteral("<b>Acme & \"Sons\"</b>");
        ConformanceRun run(target, bothProfiles());
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        QVERIFY(report->hasFailure());
        const QVector<ConformanceReport> reports{*report};
        const QByteArray junit = conformance::toJunitXml(reports);
        const QByteArray html = conformance::toHtml(reports);
        const QByteArray jsonBytes = conformance::toJson(reports);
        for (const QByteArray &bytes : {junit, html, jsonBytes}) {
            QVERIFY(!bytes.contains(test::kApiKey.toUtf8()));
            QVERIFY(!bytes.contains(test::kWebhookSecret.toUtf8()));
        }

        // JUnit: one testsuite per profile, one testcase per check, failures with evidence.
        QXmlStreamReader xml(junit);
        int suites = 0;
        int cases = 0;
        int failures = 0;
        int skipped = 0;
        QString failureText;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == QLatin1String("testsuite"))
                ++suites;
            else if (xml.name() == QLatin1String("testcase"))
                ++cases;
            else if (xml.name() == QLatin1String("skipped"))
                ++skipped;
            else if (xml.name() == QLatin1String("failure")) {
                ++failures;
                QVERIFY(!xml.attributes().value(QLatin1String("message")).isEmpty());
                failureText += xml.readElementText();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(suites, 2);
        QCOMPARE(cases, 23);
        QCOMPARE(failures, report->count(CheckVerdict::Fail));
        QCOMPARE(skipped, report->count(CheckVerdict::Skipped));
        QVERIFY(failureText.contains(QLatin1String("POST http://127.0.0.1")));
        QVERIFY(failureText.contains(QLatin1String("advice: ")));
        QVERIFY(failureText.contains(contract::SecretMasker::placeholder()));

        // JSON: parses, and holds every check with its evidence.
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(jsonBytes, &parseError);
        QVERIFY2(!document.isNull(), qPrintable(parseError.errorString()));
        const QJsonObject run0 = document[QLatin1String("runs")].toArray().first().toObject();
        QCOMPARE(run0[QLatin1String("checks")].toArray().size(), 23);
        QCOMPARE(document[QLatin1String("summary")][QLatin1String("result")].toString(),
                 QStringLiteral("fail"));
        QCOMPARE(run0[QLatin1String("name")].toString(), target.name);

        // HTML: self-contained, one block per check, names escaped.
        const QString page = QString::fromUtf8(html);
        QVERIFY(page.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(page.contains(QLatin1String("<style>")));
        QVERIFY(page.contains(QLatin1String("@media print")));
        QVERIFY(!page.contains(QLatin1String("<script")));
        QVERIFY(!page.contains(QLatin1String("src=\"http")));
        QCOMPARE(page.count(QLatin1String("<div class=\"check ")), 23);
        QCOMPARE(page.count(QLatin1String("<div")), page.count(QLatin1String("</div>")));
        QVERIFY(page.contains(QLatin1String("&lt;b&gt;Acme &amp; &quot;Sons&quot;&lt;/b&gt;")));
        QVERIFY(!page.contains(QLatin1String("<b>Acme")));
        QVERIFY(page.contains(QLatin1String("<div class=\"check fail\"")));
        QVERIFY(page.endsWith(QLatin1String("</html>\n")));
    }
};

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
