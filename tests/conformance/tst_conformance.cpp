#include "CallHistory.h"
#include "ConformanceFixture.h"
#include "ConformanceSuite.h"
#include "DocumentedGateway.h"
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
using gateway::Endpoint;
using test::GatewayFixture;

Q_DECLARE_METATYPE(CheckKind)
Q_DECLARE_METATYPE(Endpoint)

namespace {

// Every registered profile: documented, then each Openfront version.
ConformanceOptions allProfiles()
{
    ConformanceOptions options;
    QString error;
    options.profiles = *contract::selectRuntimeProfiles(QStringLiteral("all"), &error);
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

    void fullRun_demoGateway_passesDocumentedAndEveryOpenfrontVersion()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        ConformanceRun run(fixture.target(), allProfiles());
        QSignalSpy started(&run, &ConformanceRun::checkStarted);
        QSignalSpy finished(&run, &ConformanceRun::checkFinished);
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        // documented 1-11, each version 1-12 (12: readiness).
        QCOMPARE(report->checks.size(), 11 + 12 + 12);
        QCOMPARE(started.size(), 35);
        QCOMPARE(finished.size(), 35);
        QVERIFY2(!report->hasFailure(), qPrintable(test::describe(*report)));
        for (const conformance::CheckResult &check : report->checks) {
            // The documented contract is met: at most warnings (the demo's dashboard link is
            // http).
            if (check.profile == test::documented() && check.kind != CheckKind::PaymentLink)
                QVERIFY2(check.verdict == CheckVerdict::Pass, qPrintable(test::describe(*report)));
            // A skip here is only ever a function the version never calls.
            if (check.verdict == CheckVerdict::Skipped) {
                QVERIFY2(check.profile->isOpenfront() &&
                             check.message.contains(QLatin1String(" never calls ")),
                         qPrintable(check.key() + QStringLiteral(": ") + check.message));
                QVERIFY(check.calls.isEmpty());
            }
            QVERIFY(check.kind == CheckKind::TimeAndJson || check.kind == CheckKind::Readiness ||
                    check.verdict == CheckVerdict::Skipped || !check.calls.isEmpty());
        }
        // 55912a7 never calls status, refund or the link (2, 4, 5, 6, 7); e23341c not the link.
        QCOMPARE(report->count(CheckVerdict::Skipped), 5 + 1);
        // Values travel: the capture went to the payment create-payment made.
        const auto *create = test::findCheck(*report, test::documented(), CheckKind::CreatePayment);
        const auto *capture =
            test::findCheck(*report, test::documented(), CheckKind::CapturePayment);
        const QString paymentId =
            create->calls.first().variables.value(QStringLiteral("paymentId"));
        QVERIFY(paymentId.startsWith(QLatin1String("pay_")));
        QCOMPARE(capture->calls.first().call.paymentId, paymentId);
        QCOMPARE(fixture.gateway->payment(paymentId)->status, gateway::PaymentStatus::Captured);
        // Part, then the rest, under the version that refunds.
        const auto *refund =
            test::findCheck(*report, test::openfrontE23341c(), CheckKind::RefundPayment);
        QCOMPARE(refund->verdict, CheckVerdict::Pass);
        QCOMPARE(refund->calls.size(), 2);
        QCOMPARE(*refund->calls.at(0).call.requestedAmount +
                     *refund->calls.at(1).call.requestedAmount,
                 contract::kDefaultAmount);
        // Each version's lifecycle really was shaped and judged by that version.
        for (const contract::RuntimeProfile *version :
             {test::openfront55912a7(), test::openfrontE23341c()}) {
            const auto *openCreate = test::findCheck(*report, version, CheckKind::CreatePayment);
            QCOMPARE(openCreate->verdict, CheckVerdict::Pass);
            QCOMPARE(openCreate->calls.first().call.profile, version);
            QVERIFY(openCreate->calls.first().call.body.contains("\"rawTotal\""));
            QVERIFY(openCreate->calls.first().verdictOf(version));
            const auto *readiness = test::findCheck(*report, version, CheckKind::Readiness);
            QVERIFY(readiness);
            // pp_adhoc cannot complete checkout on either version: advice, not a failure.
            QCOMPARE(readiness->verdict, CheckVerdict::Warn);
            QVERIFY2(readiness->notes.constLast().startsWith(QLatin1String("answers: ")) &&
                         readiness->notes.constLast().endsWith(QStringLiteral(" taken by ") +
                                                               version->name()),
                     qPrintable(readiness->notes.join(QLatin1Char('\n'))));
        }
        // Only e23341c sends an idempotency key with the capture.
        QVERIFY(test::findCheck(*report, test::openfrontE23341c(), CheckKind::CapturePayment)
                    ->calls.first()
                    .call.body.contains("\"idempotencyKey\""));
        QVERIFY(!test::findCheck(*report, test::openfront55912a7(), CheckKind::CapturePayment)
                     ->calls.first()
                     .call.body.contains("\"idempotencyKey\""));
        QVERIFY(!test::findCheck(*report, test::documented(), CheckKind::Readiness));
    }

    void skippedChecks_openfront55912a7_areTheFunctionsItNeverCalls()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        ConformanceOptions options;
        options.profiles = {test::openfront55912a7()};
        ConformanceRun run(fixture.target(), options);
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        const QVector<QPair<CheckKind, QString>> skipped{
            {CheckKind::StatusAfterCreate, QStringLiteral("get-payment-status")},
            {CheckKind::StatusAfterCapture, QStringLiteral("get-payment-status")},
            {CheckKind::RefundPayment, QStringLiteral("refund-payment")},
            {CheckKind::RefundBeyondCaptured, QStringLiteral("refund-payment")},
            {CheckKind::PaymentLink, QStringLiteral("generate-payment-link")}};
        for (const auto &[kind, function] : skipped) {
            const auto *check = test::findCheck(*report, test::openfront55912a7(), kind);
            QCOMPARE(check->verdict, CheckVerdict::Skipped);
            QCOMPARE(check->message,
                     QStringLiteral("skipped: openfront@55912a7 never calls ") + function);
            QVERIFY(check->calls.isEmpty());
        }
        // What it does call runs: create, the capture its webhook triggers, the webhook.
        for (CheckKind kind : {CheckKind::CreatePayment, CheckKind::CapturePayment,
                               CheckKind::WebhookSigned, CheckKind::WebhookWrongSignature}) {
            const auto *check = test::findCheck(*report, test::openfront55912a7(), kind);
            QVERIFY(!check->calls.isEmpty());
            // The signed webhook warns: this version's Order update fails after the Payment
            // writes (docs/openfront-runtime.md, section 4), whatever the gateway answers.
            if (kind == CheckKind::WebhookSigned) {
                QCOMPARE(check->verdict, CheckVerdict::Warn);
                QVERIFY2(check->message.contains(QLatin1String("fails on the Order update")),
                         qPrintable(check->message));
                continue;
            }
            QVERIFY2(check->verdict == CheckVerdict::Pass, qPrintable(test::describe(*report)));
        }
        // No status call reached the gateway at all.
        for (const conformance::CheckResult &check : report->checks) {
            for (const contract::CallResult &result : check.calls) {
                QVERIFY(result.call.function != PaymentFunction::GetPaymentStatus ||
                        check.kind == CheckKind::Refusals);
            }
        }
    }

    void skippedChecks_openfrontE23341c_onlyThePaymentLink()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        ConformanceOptions options;
        options.profiles = {test::openfrontE23341c()};
        ConformanceRun run(fixture.target(), options);
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        QCOMPARE(report->count(CheckVerdict::Skipped), 1);
        QCOMPARE(
            test::findCheck(*report, test::openfrontE23341c(), CheckKind::PaymentLink)->message,
            QStringLiteral("skipped: openfront@e23341c never calls generate-payment-link"));
        QCOMPARE(test::findCheck(*report, test::openfrontE23341c(), CheckKind::StatusAfterCapture)
                     ->verdict,
                 CheckVerdict::Pass);
    }

    void readiness_openfront55912a7_customCodeWarnsUnlessStrict()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        contract::CallTarget target = fixture.target();
        target.code = QStringLiteral("pp_demo");
        target.regionCode = QStringLiteral("eu");
        target.regionCurrency = QStringLiteral("EUR");
        for (const bool strict : {false, true}) {
            ConformanceOptions options;
            options.profiles = {test::openfront55912a7()};
            options.strictOpenfront = strict;
            ConformanceRun run(target, options);
            run.start();
            const auto report = test::waitForRun(run);
            QVERIFY(report);
            const auto *readiness =
                test::findCheck(*report, test::openfront55912a7(), CheckKind::Readiness);
            QCOMPARE(readiness->verdict, strict ? CheckVerdict::Fail : CheckVerdict::Warn);
            QCOMPARE(report->hasFailure(), strict);
            QCOMPARE(readiness->message,
                     QStringLiteral("checkout fails with \"Unsupported payment provider: "
                                    "pp_demo\""));
            QVERIFY2(readiness->advice.contains(QLatin1String("completion branch")),
                     qPrintable(readiness->advice));
            // Every finding is listed, the failure and the webhook route's absence.
            const QString notes = readiness->notes.join(QLatin1Char('\n'));
            QVERIFY2(notes.contains(QLatin1String("Unsupported payment provider: pp_demo")),
                     qPrintable(notes));
            QVERIFY2(notes.contains(QLatin1String("no URL a gateway can post webhooks to")),
                     qPrintable(notes));
            // Then what the answers showed: every successful call of this version counted.
            int answers = 0;
            for (const conformance::CheckResult &check : report->checks) {
                if (check.kind == CheckKind::Readiness || check.kind == CheckKind::TimeAndJson)
                    continue;
                for (const contract::CallResult &result : check.calls)
                    answers += result.call.expectation == contract::CallExpectation::Success;
            }
            QVERIFY(answers >= 3); // create, capture, signed webhook
            QCOMPARE(readiness->notes.constLast(),
                     QStringLiteral("answers: %1 of %1 taken by openfront@55912a7").arg(answers));
            // Strict judges the configuration, never the live answers.
            QCOMPARE(test::findCheck(*report, test::openfront55912a7(), CheckKind::CapturePayment)
                         ->verdict,
                     CheckVerdict::Pass);
        }
    }

    void readiness_openfrontE23341c_customCodeListsEveryFinding()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        contract::CallTarget target = fixture.target();
        target.code = QStringLiteral("pp_demo");
        target.regionCode = QStringLiteral("eu");
        target.regionCurrency = QStringLiteral("EUR");
        ConformanceOptions options;
        options.profiles = {test::openfrontE23341c()};
        options.strictOpenfront = true;
        ConformanceRun run(target, options);
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        const auto *readiness =
            test::findCheck(*report, test::openfrontE23341c(), CheckKind::Readiness);
        QCOMPARE(readiness->verdict, CheckVerdict::Fail);
        QVERIFY2(readiness->message.contains(QLatin1String(
                     "Payment provider not found, installed, and configured for this region")),
                 qPrintable(readiness->message));
        const QString notes = readiness->notes.join(QLatin1Char('\n'));
        QVERIFY2(notes.contains(QLatin1String("Payment provider is outside the supported launch "
                                              "boundary")),
                 qPrintable(notes));
        QVERIFY(
            readiness->notes.constLast().endsWith(QLatin1String(" taken by openfront@e23341c")));
        // Only the readiness check fails: the demo's answers suit this version.
        QCOMPARE(report->count(CheckVerdict::Fail), 1);
    }

    void strictOpenfront_builtInStripeCode_warningsStayWarnings()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start());
        contract::CallTarget target = fixture.target();
        target.code = QStringLiteral("pp_stripe_stripe");
        target.regionCode = QStringLiteral("us");
        target.regionCurrency = QStringLiteral("USD");
        ConformanceOptions options;
        options.profiles = {test::openfront55912a7(), test::openfrontE23341c()};
        options.strictOpenfront = true;
        ConformanceRun run(target, options);
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        // Both versions only advise here (Stripe called directly; Stripe keys needed): strict
        // promotes failures, not warnings.
        QCOMPARE(test::findCheck(*report, test::openfront55912a7(), CheckKind::Readiness)->verdict,
                 CheckVerdict::Warn);
        QCOMPARE(test::findCheck(*report, test::openfrontE23341c(), CheckKind::Readiness)->verdict,
                 CheckVerdict::Warn);
        QVERIFY2(!report->hasFailure(), qPrintable(test::describe(*report)));
    }

    void documentedOnlyGateway_passesDocumentedFailsOpenfrontE23341cOnMissingReference()
    {
        test::DocumentedGateway gateway(test::kApiKey, test::kWebhookSecret);
        QVERIFY(gateway.isListening());
        ConformanceRun run(test::targetFor(gateway.baseUrl()), allProfiles());
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        // The double meets the documented contract completely.
        for (const conformance::CheckResult &check : report->checks) {
            if (check.profile == test::documented())
                QVERIFY2(check.verdict == CheckVerdict::Pass, qPrintable(test::describe(*report)));
        }
        // e23341c takes the payment reference from paymentIntentId, which the documented create
        // answer does not have.
        const auto *create =
            test::findCheck(*report, test::openfrontE23341c(), CheckKind::CreatePayment);
        QCOMPARE(create->verdict, CheckVerdict::Fail);
        QVERIFY2(create->message.contains(QLatin1String("Payment provider reference is missing")),
                 qPrintable(create->message));
        QVERIFY2(create->advice.contains(QLatin1String("paymentIntentId")),
                 qPrintable(create->advice));
        // The same answer under the documented verdict passed: the version's own verdict judged.
        QVERIFY(!create->calls.first().contract.hasFailure());
        const QVector<QPair<CheckKind, QString>> skipped{
            {CheckKind::StatusAfterCreate, QStringLiteral("check 1 (create-payment) failed")},
            {CheckKind::CapturePayment, QStringLiteral("check 1 (create-payment) failed")},
            {CheckKind::RefundPayment, QStringLiteral("check 3 (capture-payment) did not run")}};
        for (const auto &[kind, reason] : skipped) {
            const auto *check = test::findCheck(*report, test::openfrontE23341c(), kind);
            QCOMPARE(check->verdict, CheckVerdict::Skipped);
            QCOMPARE(check->message, QStringLiteral("skipped because ") + reason);
        }
        const auto *readiness =
            test::findCheck(*report, test::openfrontE23341c(), CheckKind::Readiness);
        QVERIFY2(readiness->notes.contains(QStringLiteral(
                     "check 1 create-payment: the answer breaks this version's rules")),
                 qPrintable(readiness->notes.join(QLatin1Char('\n'))));
        QVERIFY(readiness->notes.constLast().startsWith(QLatin1String("answers: 0 of ")));
        // 55912a7 writes a Capture from the capture answer's amount; the documented
        // capturedAmount is not read.
        const auto *capture =
            test::findCheck(*report, test::openfront55912a7(), CheckKind::CapturePayment);
        QCOMPARE(capture->verdict, CheckVerdict::Fail);
        QVERIFY2(capture->advice.contains(QLatin1String("capturedAmount is not read")),
                 qPrintable(capture->advice));
        QCOMPARE(
            test::findCheck(*report, test::openfront55912a7(), CheckKind::CreatePayment)->verdict,
            CheckVerdict::Pass);
    }

    void getAnsweredLikePost_failsRefusalsForEveryProfile()
    {
        test::DocumentedGateway gateway(test::kApiKey, test::kWebhookSecret);
        QVERIFY(gateway.isListening());
        gateway.answerGetLikePost = true;
        ConformanceRun run(test::targetFor(gateway.baseUrl()), allProfiles());
        run.start();
        const auto report = test::waitForRun(run);
        QVERIFY(report);
        for (const contract::RuntimeProfile *profile : allProfiles().profiles) {
            const auto *refusals = test::findCheck(*report, profile, CheckKind::Refusals);
            QVERIFY2(refusals->verdict == CheckVerdict::Fail,
                     qPrintable(refusals->key() + QStringLiteral(": ") + refusals->message));
            QVERIFY2(refusals->message.contains(QLatin1String("(GET) with a complete body was "
                                                              "answered HTTP 200, not 405")),
                     qPrintable(refusals->message));
            QVERIFY(refusals->advice.contains(QLatin1String("405 Method Not Allowed")));
        }
        QVERIFY(gateway.requests(QStringLiteral("other")) > 0);

        // The same double refusing GET passes check 10 under every profile.
        test::DocumentedGateway strict(test::kApiKey, test::kWebhookSecret);
        ConformanceRun again(test::targetFor(strict.baseUrl()), allProfiles());
        again.start();
        const auto passed = test::waitForRun(again);
        QVERIFY(passed);
        for (const contract::RuntimeProfile *profile : allProfiles().profiles) {
            QCOMPARE(test::findCheck(*passed, profile, CheckKind::Refusals)->verdict,
                     CheckVerdict::Pass);
        }
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
        const auto *check = test::findCheck(*report, test::documented(), failing);
        QVERIFY2(check->verdict == CheckVerdict::Fail, qPrintable(test::describe(*report)));
        QVERIFY2(check->advice.contains(advice), qPrintable(check->advice));
        QVERIFY(!check->calls.isEmpty() || failing == CheckKind::TimeAndJson);
        // Only the endpoint at fault and what depends on it suffer.
        const auto *link = test::findCheck(*report, test::documented(), CheckKind::PaymentLink);
        if (endpoint != Endpoint::GeneratePaymentLink && endpoint != Endpoint::CreatePayment)
            QVERIFY(link->verdict == CheckVerdict::Pass || link->verdict == CheckVerdict::Warn);
        if (failing == CheckKind::TimeAndJson) {
            QCOMPARE(
                test::findCheck(*report, test::documented(), CheckKind::RefundPayment)->verdict,
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
            const auto *check = test::findCheck(*report, test::documented(), kind);
            QCOMPARE(check->verdict, CheckVerdict::Skipped);
            QVERIFY2(check->message.contains(QLatin1String("check 3 (capture-payment) failed")),
                     qPrintable(check->message));
            QVERIFY(check->calls.isEmpty());
        }
        QCOMPARE(
            test::findCheck(*report, test::documented(), CheckKind::StatusAfterCreate)->verdict,
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
        const auto *create = test::findCheck(*report, test::documented(), CheckKind::CreatePayment);
        QCOMPARE(create->verdict, CheckVerdict::Fail);
        QVERIFY2(create->advice.contains(QLatin1String("credentials")), qPrintable(create->advice));
        QCOMPARE(create->calls.first().response.httpStatus, 401);
        QCOMPARE(test::findCheck(*report, test::documented(), CheckKind::CapturePayment)->verdict,
                 CheckVerdict::Skipped);
        // The negative cases do not depend on a valid key.
        QCOMPARE(test::findCheck(*report, test::documented(), CheckKind::Refusals)->verdict,
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
        const auto *refusals = test::findCheck(*report, test::documented(), CheckKind::Refusals);
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
            const auto *check = test::findCheck(*report, test::documented(), kind);
            QCOMPARE(check->verdict, CheckVerdict::Skipped);
            QVERIFY2(check->message.contains(QLatin1String("built-in \"manual\" adapter")),
                     qPrintable(check->message));
        }
        QVERIFY2(!report->hasFailure(), qPrintable(test::describe(*report)));
        QCOMPARE(test::findCheck(*report, test::documented(), CheckKind::Refusals)->calls.size(),
                 5 + 2);

        contract::CallTarget stripe = fixture.target();
        stripe.targets.fill(QStringLiteral("stripe"));
        ConformanceRun builtIn(stripe);
        builtIn.start();
        const auto skipped = test::waitForRun(builtIn);
        QVERIFY(skipped);
        QCOMPARE(skipped->count(CheckVerdict::Skipped), skipped->checks.size());
        QVERIFY(test::findCheck(*skipped, test::documented(), CheckKind::CreatePayment)
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
        QCOMPARE(test::findCheck(*report, test::documented(), CheckKind::CreatePayment)->verdict,
                 CheckVerdict::Pass);
        for (CheckKind kind :
             {CheckKind::CapturePayment, CheckKind::PaymentLink, CheckKind::TimeAndJson}) {
            const auto *check = test::findCheck(*report, test::documented(), kind);
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
        QCOMPARE(
            test::findCheck(reports.at(1), test::documented(), CheckKind::PaymentLink)->verdict,
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
        ConformanceRun run(target, allProfiles());
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
        QCOMPARE(suites, 3);
        QCOMPARE(cases, 35);
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
        QCOMPARE(run0[QLatin1String("checks")].toArray().size(), 35);
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
        QCOMPARE(page.count(QLatin1String("<div class=\"check ")), 35);
        QCOMPARE(page.count(QLatin1String("<div")), page.count(QLatin1String("</div>")));
        QVERIFY(page.contains(QLatin1String("&lt;b&gt;Acme &amp; &quot;Sons&quot;&lt;/b&gt;")));
        QVERIFY(!page.contains(QLatin1String("<b>Acme")));
        QVERIFY(page.contains(QLatin1String("<div class=\"check fail\"")));
        QVERIFY(page.endsWith(QLatin1String("</html>\n")));
    }
};

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"
