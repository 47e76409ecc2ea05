#include "CallReport.h"
#include "CallRequest.h"
#include "CallResult.h"
#include "CallTarget.h"
#include "RuntimeProfile.h"
#include "WebhookSigner.h"

#include <QJsonObject>
#include <QTest>

#include <utility>

using namespace paybench;
using namespace paybench::contract;
using json::OrderedValue;

namespace {

const QString kApiKey = QStringLiteral("sk_test_51SuperSecretApiKey");
const QString kWebhookSecret = QStringLiteral("whsec_VerySecretWebhookValue");

CallTarget makeTarget()
{
    QString error;
    auto target = CallTarget::fromBaseUrl(
        QStringLiteral("https://pay.example.com"),
        QJsonObject{{QStringLiteral("apiKey"), kApiKey},
                    {QStringLiteral("publishableKey"), QStringLiteral("pk_test_public")},
                    {QStringLiteral("webhookSecret"), kWebhookSecret},
                    {QStringLiteral("environment"), QStringLiteral("sandbox")}},
        &error);
    Q_ASSERT(target);
    target->name = QStringLiteral("Demo gateway");
    target->code = QStringLiteral("pp_demo");
    target->regionCode = QStringLiteral("eu");
    target->regionCurrency = QStringLiteral("EUR");
    return *target;
}

// The two Openfront versions by name (docs/openfront-runtime.md, section 1).
const RuntimeProfile *versionA()
{
    const RuntimeProfile *profile = findRuntimeProfile(QStringLiteral("openfront@55912a7"));
    Q_ASSERT(profile);
    return profile;
}

const RuntimeProfile *versionB()
{
    const RuntimeProfile *profile = findRuntimeProfile(QStringLiteral("openfront@e23341c"));
    Q_ASSERT(profile);
    return profile;
}

IdGenerator fixedIds()
{
    return [](const QString &prefix) { return prefix + QStringLiteral("fixed"); };
}

CallResponse jsonAnswer(const QByteArray &body, int status = 200,
                        const QByteArray &contentType = "application/json; charset=utf-8")
{
    CallResponse response;
    response.httpStatus = status;
    response.reasonPhrase = status == 200 ? "OK" : status == 400 ? "Bad Request" : "Error";
    response.headers.append({QByteArray("Content-Type"), contentType});
    response.body = body;
    return response;
}

CallResult run(PaymentFunction function, const CallResponse &response,
               const CallVariables &variables = {},
               const RuntimeProfile *profile = &documentedProfile())
{
    CallSpec spec;
    spec.function = function;
    spec.profile = profile;
    const PreparedCall call = prepareCall(makeTarget(), spec, variables, fixedIds());
    return evaluateCall(call, response);
}

// The verdict of one profile on a result; a failure "not-judged" when that profile did not judge
// it, so that a missing verdict fails the test instead of crashing it.
const Verdict &verdictOf(const CallResult &result, const RuntimeProfile *profile)
{
    static const Verdict notJudged = [] {
        Verdict verdict;
        verdict.add(Severity::Failure, QStringLiteral("not-judged"), {},
                    QStringLiteral("the profile did not judge this call"));
        return verdict;
    }();
    const Verdict *verdict = result.verdictOf(profile);
    return verdict ? *verdict : notJudged;
}

bool hasFinding(const Verdict &verdict, const QString &code, Severity severity)
{
    for (const Finding &finding : verdict.findings) {
        if (finding.code == code && finding.severity == severity)
            return true;
    }
    return false;
}

QString describe(const Verdict &verdict)
{
    QStringList lines;
    for (const Finding &finding : verdict.findings)
        lines << severityName(finding.severity) + QLatin1Char(' ') + finding.code +
                     QLatin1Char(' ') + finding.path + QLatin1Char(' ') + finding.message;
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestContract : public QObject
{
    Q_OBJECT

private slots:
    void fromWorkspace_carriesThePlatformCaFileIntoEveryCall()
    {
        Workspace workspace = Workspace::createEmpty();
        Platform platform;
        platform.name = QStringLiteral("Gateway");
        platform.setBaseUrl(QStringLiteral("https://pay.example.com"));
        platform.caCertificateFile = QStringLiteral("/etc/paybench/gateway-ca.pem");
        workspace.platforms.append(platform);
        ProviderInstance provider;
        provider.name = QStringLiteral("Main");
        provider.code = QStringLiteral("pp_main");
        provider.platform = platform.name;
        workspace.providers.append(provider);
        QString error;
        const auto target = CallTarget::fromWorkspace(workspace, provider.code, &error);
        QVERIFY2(target, qPrintable(error));
        QCOMPARE(target->caCertificateFile, platform.caCertificateFile);
        CallSpec spec;
        spec.function = PaymentFunction::RefundPayment;
        QCOMPARE(prepareCall(*target, spec).caCertificateFile, platform.caCertificateFile);
    }

    void documentedCreate_bodyHasDocumentedShapeInOrder()
    {
        CallSpec spec;
        spec.amount = 2500;
        const PreparedCall call = prepareCall(makeTarget(), spec, {}, fixedIds());
        QVERIFY(call.urlError.isEmpty());
        QCOMPARE(call.url.toString(), QStringLiteral("https://pay.example.com/api/create-payment"));
        QCOMPARE(
            call.body,
            QByteArray("{\"provider\":{\"name\":\"Demo gateway\",\"credentials\":{\"apiKey\":\"") +
                kApiKey.toUtf8() +
                "\",\"environment\":\"sandbox\",\"publishableKey\":\"pk_test_public\","
                "\"webhookSecret\":\"" +
                kWebhookSecret.toUtf8() +
                "\"}},\"cart\":{\"id\":\"cart_fixed\",\"total\":2500,\"currency\":\"EUR\","
                "\"customer\":{\"email\":\"customer@example.com\"}},\"amount\":2500,"
                "\"currency\":\"EUR\"}");
        QCOMPARE(call.requestedAmount.value_or(0), 2500);
    }

    void createCart_openfrontBothVersions_bodyIsShapedAsOpenfrontSendsIt()
    {
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            CallSpec spec;
            spec.profile = profile;
            spec.currency = QStringLiteral("JPY");
            spec.amount = 500;
            const PreparedCall call = prepareCall(makeTarget(), spec, {}, fixedIds());
            QVERIFY(call.payload);
            const OrderedValue *provider = call.payload->member(QStringLiteral("provider"));
            QVERIFY(provider);
            QVERIFY(!provider->member(QStringLiteral("name")));
            QCOMPARE(provider->members().at(0).first, QStringLiteral("id"));
            QCOMPARE(provider->member(QStringLiteral("code"))->toString(),
                     QStringLiteral("pp_demo"));
            QCOMPARE(provider->member(QStringLiteral("createPaymentFunction"))->toString(),
                     QStringLiteral("https://pay.example.com/api/create-payment"));
            const OrderedValue *cart = call.payload->member(QStringLiteral("cart"));
            QVERIFY(!cart->member(QStringLiteral("total")));
            QVERIFY(!cart->member(QStringLiteral("customer")));
            QCOMPARE(cart->member(QStringLiteral("rawTotal"))->toDouble(), 500.0);
            const OrderedValue *currency =
                cart->member(QStringLiteral("region"))->member(QStringLiteral("currency"));
            QCOMPARE(currency->member(QStringLiteral("code"))->toString(), QStringLiteral("jpy"));
            QVERIFY(currency->member(QStringLiteral("noDivisionCurrency"))->toBool());
        }
    }

    // Currency.noDivisionCurrency is JPY/KRW/VND only in 55912a7 and e23341c; the PayPal list of
    // 19 codes (MGA, CLP, ...) is not what the cart carries.
    void createCart_openfrontBothVersions_noDivisionOnlyForJpyKrwVnd()
    {
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            for (const auto &[code, expected] :
                 {std::pair{QStringLiteral("krw"), true}, std::pair{QStringLiteral("VND"), true},
                  std::pair{QStringLiteral("MGA"), false}, std::pair{QStringLiteral("CLP"), false},
                  std::pair{QStringLiteral("EUR"), false}}) {
                CallSpec spec;
                spec.profile = profile;
                spec.currency = code;
                const PreparedCall call = prepareCall(makeTarget(), spec, {}, fixedIds());
                const OrderedValue *currency = call.payload->member(QStringLiteral("cart"))
                                                   ->member(QStringLiteral("region"))
                                                   ->member(QStringLiteral("currency"));
                QVERIFY2(currency->member(QStringLiteral("noDivisionCurrency"))->toBool() ==
                             expected,
                         qPrintable(profile->name() + QLatin1Char(' ') + code));
            }
        }
    }

    // Documented refunds carry a reason and no key; e23341c's capture carries the checkout key,
    // 55912a7's (from a webhook) neither.
    void captureAndRefund_documentedReason_openfronte23341cCheckoutKey()
    {
        const CallVariables variables{{QStringLiteral("paymentId"), QStringLiteral("pay_1")},
                                      {QStringLiteral("amount"), QStringLiteral("1200")},
                                      {QStringLiteral("currency"), QStringLiteral("EUR")}};
        CallSpec spec;
        spec.function = PaymentFunction::RefundPayment;
        PreparedCall documented = prepareCall(makeTarget(), spec, variables, fixedIds());
        QCOMPARE(documented.payload->member(QStringLiteral("reason"))->toString(),
                 QStringLiteral("requested_by_customer"));
        QVERIFY(!documented.payload->member(QStringLiteral("idempotencyKey")));
        spec.function = PaymentFunction::CapturePayment;
        spec.profile = versionB();
        PreparedCall openfront = prepareCall(makeTarget(), spec, variables, fixedIds());
        QCOMPARE(openfront.payload->member(QStringLiteral("idempotencyKey"))->toString(),
                 QStringLiteral("checkout:cart_fixed"));
        QCOMPARE(openfront.payload->member(QStringLiteral("paymentId"))->toString(),
                 QStringLiteral("pay_1"));
        QCOMPARE(openfront.payload->member(QStringLiteral("amount"))->toDouble(), 1200.0);
        spec.profile = versionA();
        PreparedCall older = prepareCall(makeTarget(), spec, variables, fixedIds());
        QVERIFY(!older.payload->member(QStringLiteral("idempotencyKey")));
        QVERIFY(!older.payload->member(QStringLiteral("reason")));
    }

    void chaining_paymentIdFromCreate_feedsLaterCalls()
    {
        const CallResult created = run(
            PaymentFunction::CreatePayment,
            jsonAnswer("{\"sessionData\":{\"clientSecret\":\"cs_1\"},\"paymentId\":\"pay_789\"}"));
        QVERIFY2(!created.hasFailure(), qPrintable(describe(created.contract)));
        QCOMPARE(created.variables.value(QStringLiteral("paymentId")), QStringLiteral("pay_789"));
        QCOMPARE(created.variables.value(QStringLiteral("amount")), QStringLiteral("1999"));
        for (PaymentFunction function :
             {PaymentFunction::CapturePayment, PaymentFunction::RefundPayment,
              PaymentFunction::GetPaymentStatus, PaymentFunction::GeneratePaymentLink}) {
            CallSpec spec;
            spec.function = function;
            const PreparedCall next =
                prepareCall(makeTarget(), spec, created.variables, fixedIds());
            QCOMPARE(next.payload->member(QStringLiteral("paymentId"))->toString(),
                     QStringLiteral("pay_789"));
        }
        const CallResult captured =
            run(PaymentFunction::CapturePayment,
                jsonAnswer("{\"success\":true,\"transactionId\":\"tx_1\",\"capturedAmount\":1000}"),
                created.variables);
        // Asked for the created 1999, got 1000: inconsistent.
        QVERIFY(
            hasFinding(captured.contract, QStringLiteral("amount-mismatch"), Severity::Failure));
        CallSpec refund;
        refund.function = PaymentFunction::RefundPayment;
        const PreparedCall refundCall =
            prepareCall(makeTarget(), refund, captured.variables, fixedIds());
        QCOMPARE(refundCall.payload->member(QStringLiteral("amount"))->toDouble(), 1000.0);
    }

    void capture_fullValidAnswer_passes()
    {
        const CallResult result =
            run(PaymentFunction::CapturePayment,
                jsonAnswer("{\"success\":true,\"transactionId\":\"tx_1\",\"capturedAmount\":1999,"
                           "\"fees\":59,\"extra\":1}"),
                {{QStringLiteral("paymentId"), QStringLiteral("pay_1")}});
        QCOMPARE(result.contract.result(), Severity::Pass);
        QVERIFY(hasFinding(result.contract, QStringLiteral("extra-field"), Severity::Pass));
        QVERIFY(hasFinding(result.contract, QStringLiteral("amount-matches"), Severity::Pass));
        QCOMPARE(result.failure, FailureClass::None);
    }

    void missingFields_areFailuresWithPath()
    {
        const CallResult result =
            run(PaymentFunction::CapturePayment, jsonAnswer("{\"success\":true}"));
        QVERIFY(result.hasFailure());
        const Finding *missing = result.contract.find(QStringLiteral("missing-field"));
        QVERIFY(missing);
        QCOMPARE(missing->path, QStringLiteral("$.transactionId"));
        QVERIFY(!missing->advice.isEmpty());
        QVERIFY(
            hasFinding(result.contract, QStringLiteral("optional-field-absent"), Severity::Pass));
    }

    void wrongTypes_areFailures_data()
    {
        QTest::addColumn<int>("function");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("path");
        QTest::newRow("amount as string")
            << int(PaymentFunction::CapturePayment)
            << QByteArray("{\"success\":true,\"transactionId\":\"t\",\"capturedAmount\":\"1999\"}")
            << "$.capturedAmount";
        QTest::newRow("success as string")
            << int(PaymentFunction::RefundPayment)
            << QByteArray("{\"success\":\"true\",\"refundId\":\"r\",\"refundedAmount\":1999}")
            << "$.success";
        QTest::newRow("sessionData as string")
            << int(PaymentFunction::CreatePayment)
            << QByteArray("{\"sessionData\":\"x\",\"paymentId\":\"p\"}") << "$.sessionData";
        QTest::newRow("paymentId as number")
            << int(PaymentFunction::CreatePayment)
            << QByteArray("{\"sessionData\":{},\"paymentId\":42}") << "$.paymentId";
        QTest::newRow("timestamp not ISO")
            << int(PaymentFunction::GetPaymentStatus)
            << QByteArray("{\"status\":\"pending\",\"amount\":1,\"currency\":\"EUR\","
                          "\"lastUpdated\":\"yesterday\"}")
            << "$.lastUpdated";
        QTest::newRow("url relative") << int(PaymentFunction::GeneratePaymentLink)
                                      << QByteArray("{\"url\":\"/payments/1\"}") << "$.url";
    }
    void wrongTypes_areFailures()
    {
        QFETCH(int, function);
        QFETCH(QByteArray, body);
        QFETCH(QString, path);
        const CallResult result = run(static_cast<PaymentFunction>(function), jsonAnswer(body));
        const Finding *wrong = result.contract.find(QStringLiteral("wrong-type"));
        QVERIFY2(wrong, qPrintable(describe(result.contract)));
        QCOMPARE(wrong->path, path);
        QCOMPARE(wrong->severity, Severity::Failure);
    }

    void status_wrongEnum_isFailureWithSpellingAdvice()
    {
        const CallResult result =
            run(PaymentFunction::GetPaymentStatus,
                jsonAnswer("{\"status\":\"canceled\",\"amount\":1999,\"currency\":\"EUR\","
                           "\"lastUpdated\":\"2026-01-02T03:04:05.678Z\"}"));
        const Finding *finding = result.contract.find(QStringLiteral("wrong-enum"));
        QVERIFY(finding);
        QCOMPARE(finding->severity, Severity::Failure);
        QVERIFY(finding->advice.contains(QStringLiteral("cancelled")));
        QCOMPARE(finding->actual, QStringLiteral("canceled"));
    }

    void status_valid_passesAndComparesWithCreatedPayment()
    {
        const CallVariables created{{QStringLiteral("paymentId"), QStringLiteral("p")},
                                    {QStringLiteral("amount"), QStringLiteral("1999")},
                                    {QStringLiteral("currency"), QStringLiteral("EUR")}};
        const CallResult ok =
            run(PaymentFunction::GetPaymentStatus,
                jsonAnswer("{\"status\":\"authorized\",\"amount\":1999,\"currency\":\"eur\","
                           "\"lastUpdated\":\"2026-01-02T03:04:05Z\"}"),
                created);
        QVERIFY2(ok.contract.result() == Severity::Pass, qPrintable(describe(ok.contract)));
        const CallResult other =
            run(PaymentFunction::GetPaymentStatus,
                jsonAnswer("{\"status\":\"authorized\",\"amount\":19.99,\"currency\":\"USD\","
                           "\"lastUpdated\":\"2026-01-02T03:04:05Z\"}"),
                created);
        QVERIFY(hasFinding(other.contract, QStringLiteral("amount-mismatch"), Severity::Warning));
        QVERIFY(hasFinding(other.contract, QStringLiteral("currency-mismatch"), Severity::Warning));
        QVERIFY(hasFinding(other.contract, QStringLiteral("amount-not-minor-units"),
                           Severity::Warning));
    }

    void nonJsonBody_isClassifiedWithFirstBytes_andFailsOpenfronte23341cWithNodeText()
    {
        const CallResult result = run(
            PaymentFunction::CreatePayment,
            jsonAnswer("<html><body>Bad Gateway</body></html>", 200, "text/html"), {}, versionB());
        QCOMPARE(result.failure, FailureClass::NonJsonBody);
        QVERIFY(result.failureDetails.contains(QStringLiteral("<html><body>Bad Gateway")));
        const Finding *fails =
            verdictOf(result, versionB()).find(QStringLiteral("openfront-json-fails"));
        QVERIFY(fails);
        QCOMPARE(fails->severity, Severity::Failure);
        // V8 quotes ten characters after the unexpected one when the source is longer.
        QVERIFY2(fails->message.contains(
                     QStringLiteral("Unexpected token '<', \"<html><bod\"... is not valid JSON")),
                 qPrintable(fails->message));
    }

    void emptyBody_isClassified()
    {
        const CallResult result = run(PaymentFunction::CreatePayment, jsonAnswer("  \n"));
        QCOMPARE(result.failure, FailureClass::EmptyBody);
        QVERIFY(result.hasFailure());
    }

    void link_plainHttp_isWarningExceptOnLoopback()
    {
        const CallResult remote = run(PaymentFunction::GeneratePaymentLink,
                                      jsonAnswer("{\"url\":\"http://dash.example.com/p/1\"}"));
        QVERIFY(hasFinding(remote.contract, QStringLiteral("insecure-url"), Severity::Warning));
        const CallResult local = run(PaymentFunction::GeneratePaymentLink,
                                     jsonAnswer("{\"url\":\"http://127.0.0.1:4242/p/1\"}"));
        QVERIFY(!local.contract.find(QStringLiteral("insecure-url")));
        QCOMPARE(local.contract.result(), Severity::Pass);
    }

    void jsonWithWrongContentType_isWarningAndStillJudged()
    {
        const CallResult result =
            run(PaymentFunction::GeneratePaymentLink,
                jsonAnswer("{\"url\":\"https://dash.example.com/p/1\"}", 200, "text/plain"));
        QCOMPARE(result.failure, FailureClass::WrongContentType);
        QCOMPARE(result.contract.result(), Severity::Warning);
        QVERIFY(hasFinding(result.contract, QStringLiteral("field-ok"), Severity::Pass));
    }

    void httpErrorStatus_openfronte23341cLosesTheErrorBody()
    {
        CallResponse response = jsonAnswer("{\"error\":\"Invalid amount\"}", 400);
        const CallResult result = run(PaymentFunction::CapturePayment, response, {}, versionB());
        QCOMPARE(result.failure, FailureClass::HttpErrorStatus);
        QVERIFY(result.contract.find(QStringLiteral("http-error-status"))
                    ->actual.contains(QStringLiteral("Invalid amount")));
        const Finding *lost =
            verdictOf(result, versionB()).find(QStringLiteral("openfront-http-error"));
        QVERIFY(lost);
        QCOMPARE(lost->severity, Severity::Failure);
        QVERIFY(lost->message.contains(QStringLiteral("HTTP request failed: Bad Request")));
        QVERIFY(!lost->message.contains(QStringLiteral("Invalid amount")));
    }

    void rejectionExpected_fourXxJsonPasses_twoXxFails_htmlFails()
    {
        CallSpec spec;
        spec.function = PaymentFunction::RefundPayment;
        spec.expectation = CallExpectation::Rejection;
        const PreparedCall call = prepareCall(makeTarget(), spec, {}, fixedIds());
        const CallResult refused = evaluateCall(call, jsonAnswer("{\"error\":\"too much\"}", 400));
        QVERIFY2(!refused.hasFailure(), qPrintable(describe(refused.contract)));
        const CallResult accepted = evaluateCall(
            call, jsonAnswer("{\"success\":true,\"refundId\":\"r\",\"refundedAmount\":1999}"));
        QVERIFY(hasFinding(accepted.contract, QStringLiteral("accepted-unexpectedly"),
                           Severity::Failure));
        const CallResult html = evaluateCall(call, jsonAnswer("<h1>Error</h1>", 422, "text/html"));
        QVERIFY(hasFinding(html.contract, QStringLiteral("error-not-json"), Severity::Failure));
        const CallResult crash = evaluateCall(call, jsonAnswer("{\"error\":\"boom\"}", 500));
        QCOMPARE(crash.failure, FailureClass::HttpErrorStatus);
    }

    void redirect_isReportedWithWhatOpenfronte23341cWouldDo()
    {
        CallResponse response;
        response.httpStatus = 307;
        response.reasonPhrase = "Temporary Redirect";
        response.headers.append({QByteArray("Location"), QByteArray("https://evil.example.net/x")});
        const CallResult result = run(PaymentFunction::CreatePayment, response, {}, versionB());
        QCOMPARE(result.failure, FailureClass::Redirect);
        const Finding *follow =
            verdictOf(result, versionB()).find(QStringLiteral("openfront-follows-redirect"));
        QVERIFY(follow);
        // 307 keeps the POST: the credentials go to the new address.
        QCOMPARE(follow->severity, Severity::Warning);
        QVERIFY(follow->advice.contains(QStringLiteral("credentials")));

        response.httpStatus = 302;
        response.headers = {{QByteArray("Location"), QByteArray("/api/v2/create-payment")}};
        const CallResult moved = run(PaymentFunction::CreatePayment, response, {}, versionB());
        QVERIFY(moved.failureDetails.contains(
            QStringLiteral("https://pay.example.com/api/v2/create-payment")));
        const Finding *asGet =
            verdictOf(moved, versionB()).find(QStringLiteral("openfront-follows-redirect"));
        QVERIFY(asGet);
        QCOMPARE(asGet->severity, Severity::Failure);
        QVERIFY(asGet->advice.contains(QStringLiteral("GET")));
    }

    void transportFailures_areClassifiedBeforeTheContract_data()
    {
        QTest::addColumn<int>("outcome");
        QTest::addColumn<int>("failure");
        QTest::newRow("dns") << int(TransportOutcome::HostNotFound)
                             << int(FailureClass::DnsFailure);
        QTest::newRow("refused") << int(TransportOutcome::ConnectionRefused)
                                 << int(FailureClass::ConnectionRefused);
        QTest::newRow("timeout") << int(TransportOutcome::Timeout) << int(FailureClass::Timeout);
        QTest::newRow("tls") << int(TransportOutcome::TlsFailure) << int(FailureClass::TlsFailure);
        QTest::newRow("other") << int(TransportOutcome::NetworkError)
                               << int(FailureClass::NetworkError);
    }
    void transportFailures_areClassifiedBeforeTheContract()
    {
        QFETCH(int, outcome);
        QFETCH(int, failure);
        CallResponse response;
        response.outcome = static_cast<TransportOutcome>(outcome);
        response.transportError = QStringLiteral("network layer text");
        const CallResult result = run(PaymentFunction::CreatePayment, response);
        QCOMPARE(int(result.failure), failure);
        QVERIFY(result.hasFailure());
        QCOMPARE(result.contract.findings.size(), 1); // no contract judgement after it
        QVERIFY(!failureClassExplanation(result.failure).isEmpty());
        QVERIFY(!result.answer);
    }

    void badUrlAndBuiltInAdapter_areNotSent()
    {
        CallTarget target = makeTarget();
        target.targets[0] = QStringLiteral("stripe");
        target.targets[1] = QStringLiteral("ftp://pay.example.com/capture");
        target.targets[2] = QStringLiteral("https:///nohost");
        CallSpec spec;
        const PreparedCall stripe = prepareCall(target, spec, {}, fixedIds());
        QVERIFY(stripe.builtInAdapter);
        QVERIFY(stripe.urlError.contains(QStringLiteral("built-in")));
        spec.function = PaymentFunction::CapturePayment;
        QVERIFY(
            prepareCall(target, spec, {}, fixedIds()).urlError.contains(QStringLiteral("http")));
        spec.function = PaymentFunction::RefundPayment;
        const PreparedCall noHost = prepareCall(target, spec, {}, fixedIds());
        QVERIFY(!noHost.urlError.isEmpty());
        CallResponse notSent;
        notSent.outcome = TransportOutcome::NotSent;
        QCOMPARE(evaluateCall(noHost, notSent).failure, FailureClass::BadUrl);
    }

    void webhook_isSignedOverTheRawBody_andOpenfronte23341cCarriesIt()
    {
        const CallVariables variables{{QStringLiteral("paymentId"), QStringLiteral("pay_9")}};
        CallSpec spec;
        spec.function = PaymentFunction::HandleWebhook;
        spec.profile = versionB();
        const PreparedCall call = prepareCall(makeTarget(), spec, variables, fixedIds());
        const OrderedValue *event = call.payload->member(QStringLiteral("event"));
        const OrderedValue *headers = call.payload->member(QStringLiteral("headers"));
        QVERIFY(event && headers);
        // The route adds __rawBody, the mutation lower-cases it.
        QVERIFY(!headers->member(QStringLiteral("__rawBody")));
        const OrderedValue *rawHeader = headers->member(QStringLiteral("__rawbody"));
        QVERIFY(rawHeader);
        const QByteArray raw = rawHeader->toString().toUtf8();
        QCOMPARE(raw, json::stringify(*event));
        const QByteArray signature =
            headers->member(QStringLiteral("x-gateway-signature"))->toString().toUtf8();
        const webhook::WebhookSigner signer(webhook::Scheme::Gateway, kWebhookSecret.toUtf8());
        QVERIFY(signer.verify(raw, {{QByteArray("x-gateway-signature"), signature}}).valid());
        QCOMPARE(event->member(QStringLiteral("data"))
                     ->member(QStringLiteral("payment"))
                     ->member(QStringLiteral("id"))
                     ->toString(),
                 QStringLiteral("pay_9"));

        spec.profile = &documentedProfile();
        spec.signature = QByteArray("deadbeef");
        const PreparedCall wrong = prepareCall(makeTarget(), spec, variables, fixedIds());
        const OrderedValue *documentedHeaders = wrong.payload->member(QStringLiteral("headers"));
        QVERIFY(!documentedHeaders->member(QStringLiteral("__rawBody")));
        QVERIFY(!documentedHeaders->member(QStringLiteral("__rawbody")));
        QCOMPARE(documentedHeaders->member(QStringLiteral("x-gateway-signature"))->toString(),
                 QStringLiteral("deadbeef"));
    }

    // The documented answer has no `type`: 55912a7 crashes on it; e23341c finds the posted
    // event's id and records the event without acting on it.
    void webhook_documentedAnswer_passesContract_failsOpenfront55912a7_recordedOnlyByE23341c()
    {
        const CallVariables variables{{QStringLiteral("paymentId"), QStringLiteral("pay_9")}};
        const QByteArray documented =
            "{\"verified\":true,\"eventType\":\"payment.captured\",\"paymentId\":"
            "\"pay_9\",\"shouldUpdatePayment\":true}";
        const CallResult result =
            run(PaymentFunction::HandleWebhook, jsonAnswer(documented), variables, versionA());
        QVERIFY2(!result.contract.hasFailure(), qPrintable(describe(result.contract)));
        const Finding *noType =
            verdictOf(result, versionA()).find(QStringLiteral("openfront-webhook-no-type"));
        QVERIFY(noType);
        QCOMPARE(noType->severity, Severity::Failure);
        QVERIFY(noType->message.contains(
            QStringLiteral("Cannot read properties of undefined (reading 'match')")));
        const CallResult newer =
            run(PaymentFunction::HandleWebhook, jsonAnswer(documented), variables, versionB());
        QVERIFY2(!newer.hasFailure(), qPrintable(describe(verdictOf(newer, versionB()))));
        QVERIFY(hasFinding(verdictOf(newer, versionB()),
                           QStringLiteral("openfront-webhook-recorded-only"), Severity::Warning));

        // A type neither version acts on (the documented payment.captured) is only logged.
        const QByteArray stripeLike =
            "{\"verified\":true,\"eventType\":\"payment.captured\",\"paymentId\":"
            "\"pay_9\",\"shouldUpdatePayment\":true,\"type\":\"payment.captured\","
            "\"resource\":{\"id\":\"pay_9\",\"metadata\":{\"paymentId\":\"pay_9\"}}}";
        const CallResult loggedA =
            run(PaymentFunction::HandleWebhook, jsonAnswer(stripeLike), variables, versionA());
        QVERIFY(!verdictOf(loggedA, versionA()).hasFailure());
        QVERIFY(hasFinding(verdictOf(loggedA, versionA()),
                           QStringLiteral("openfront-webhook-logged-only"), Severity::Warning));
        const CallResult loggedB =
            run(PaymentFunction::HandleWebhook, jsonAnswer(stripeLike), variables, versionB());
        QVERIFY(!verdictOf(loggedB, versionB()).hasFailure());
        QVERIFY(hasFinding(verdictOf(loggedB, versionB()),
                           QStringLiteral("openfront-webhook-recorded-only"), Severity::Warning));

        const CallResult wrongPayment =
            run(PaymentFunction::HandleWebhook,
                jsonAnswer("{\"verified\":false,\"eventType\":\"payment.failed\",\"paymentId\":"
                           "\"other\",\"shouldUpdatePayment\":true}"),
                variables);
        QVERIFY(
            hasFinding(wrongPayment.contract, QStringLiteral("not-verified"), Severity::Failure));
        QVERIFY(hasFinding(wrongPayment.contract, QStringLiteral("event-type-mismatch"),
                           Severity::Failure));
        QVERIFY(hasFinding(wrongPayment.contract, QStringLiteral("payment-id-mismatch"),
                           Severity::Failure));
    }

    void masking_reportAndCurlNeverContainSecrets()
    {
        CallSpec spec;
        spec.function = PaymentFunction::HandleWebhook;
        spec.profile = versionB();
        const PreparedCall call = prepareCall(makeTarget(), spec, {}, fixedIds());
        QVERIFY(call.body.contains(kApiKey.toUtf8())); // the wire carries it
        // An answer that echoes the secret back.
        const CallResult result = evaluateCall(
            call, jsonAnswer("{\"verified\":true,\"debug\":\"key=" + kApiKey.toUtf8() + "\"}"));
        const QByteArray report = json::stringify(callReport(result));
        QVERIFY(!report.contains(kApiKey.toUtf8()));
        QVERIFY(!report.contains(kWebhookSecret.toUtf8()));
        QVERIFY(report.contains("pk_test_public")); // publishable keys are not secret
        QVERIFY(report.contains(SecretMasker::placeholder().toUtf8()));

        const QString curl = curlCommand(call);
        QVERIFY(!curl.contains(kApiKey));
        QVERIFY(!curl.contains(kWebhookSecret));
        QVERIFY(curlCommand(call, true).contains(kApiKey));
        QVERIFY(curl.startsWith(QStringLiteral("curl ")));
    }

    // Both versions store the whole create answer as session data, readable by the storefront.
    void masking_createAnswerEchoingSecret_isFlaggedForOpenfrontBothVersions()
    {
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            const CallResult result =
                run(PaymentFunction::CreatePayment,
                    jsonAnswer("{\"sessionData\":{\"key\":\"" + kApiKey.toUtf8() +
                               "\"},\"paymentId\":\"p\",\"paymentIntentId\":\"pi_1\"}"),
                    {}, profile);
            QVERIFY2(hasFinding(verdictOf(result, profile),
                                QStringLiteral("secret-in-session-data"), Severity::Failure),
                     qPrintable(profile->name()));
            QVERIFY(!json::stringify(callReport(result)).contains(kApiKey.toUtf8()));
        }
    }

    void masker_masksByKeyUnderCredentials_evenShortValues()
    {
        const SecretMasker masker(QStringList{QStringLiteral("abc")});
        const OrderedValue value = *json::parse("{\"credentials\":{\"apiKey\":\"abc\",\"mode\":"
                                                "\"abc\"},\"note\":\"abc\"}")
                                        .value;
        const QByteArray masked = json::stringify(masker.mask(value));
        QVERIFY(!masked.contains("\"apiKey\":\"abc\""));
        QVERIFY(masked.contains("\"note\":\"abc\"")); // too short to mask as free text
    }

    // A key that does not look secret is no proof: only known public keys are shown.
    void masking_credentialWithHarmlessName_isMaskedByDefault()
    {
        CallTarget target = makeTarget();
        target.credentials.append(Credential{
            QStringLiteral("auth"), QStringLiteral("basic-dXNlcjpodW50ZXIy"), false, true});
        target.credentials.append(
            Credential{QStringLiteral("environment"), QStringLiteral("sandbox-eu"), false, true});
        CallSpec spec;
        spec.function = PaymentFunction::CreatePayment;
        const PreparedCall call = prepareCall(target, spec, {}, fixedIds());
        QVERIFY(call.body.contains("basic-dXNlcjpodW50ZXIy")); // the wire carries it
        const CallResult result =
            evaluateCall(call, jsonAnswer("{\"sessionData\":{},\"paymentId\":\"p\",\"echo\":"
                                          "\"basic-dXNlcjpodW50ZXIy\"}"));
        const QByteArray report = json::stringify(callReport(result));
        QVERIFY(!report.contains("basic-dXNlcjpodW50ZXIy"));
        QVERIFY(!curlCommand(call).contains(QStringLiteral("basic-dXNlcjpodW50ZXIy")));
        QVERIFY(report.contains("sandbox-eu")); // a known public key stays readable
    }

    void markedPublicCredential_isShownInReports_andStillSentAsIs()
    {
        CallTarget target = makeTarget();
        Credential demo{QStringLiteral("auth"), QStringLiteral("demo-auth-value"), false, true};
        demo.markedPublic = true;
        target.credentials.append(demo);
        // Credentials resolved again (as the resolver does at call time) keep the mark.
        QJsonObject values;
        for (const Credential &credential : std::as_const(target.credentials))
            values.insert(credential.key, credential.value);
        target.setCredentials(values);
        QVERIFY(!target.secretValues().contains(QStringLiteral("demo-auth-value")));
        QCOMPARE(target.markedPublicKeys(), QStringList{QStringLiteral("auth")});
        CallSpec spec;
        spec.function = PaymentFunction::CreatePayment;
        const PreparedCall call = prepareCall(target, spec, {}, fixedIds());
        const CallResult result =
            evaluateCall(call, jsonAnswer("{\"sessionData\":{},\"paymentId\":\"p\"}"));
        const QByteArray report = json::stringify(callReport(result));
        QVERIFY2(report.contains("demo-auth-value"), report.constData());
        QVERIFY(!report.contains(kApiKey.toUtf8())); // the real key stays masked
    }

    void masker_nestedCredentialValues_areMaskedWhole()
    {
        const SecretMasker masker;
        const OrderedValue value =
            *json::parse("{\"credentials\":{\"login\":{\"user\":\"u1\",\"password\":\"p\"},"
                         "\"pin\":1234,\"publishableKey\":\"pk_1\"}}")
                 .value;
        const QByteArray masked = json::stringify(masker.mask(value));
        QVERIFY2(!masked.contains("u1") && !masked.contains("1234"), masked.constData());
        QVERIFY(masked.contains("\"publishableKey\":\"pk_1\""));
    }

    void envReferences_resolveAtCallTime()
    {
        CallTarget target = makeTarget();
        target.credentials[0].value = QStringLiteral("${env:PB_TEST_KEY}");
        QString error;
        const EnvironmentLookup missing = [](const QString &) { return std::optional<QString>(); };
        QVERIFY(!target.resolveReferences(missing, &error));
        QVERIFY(error.contains(QStringLiteral("PB_TEST_KEY")));
        const EnvironmentLookup lookup = [](const QString &name) {
            return name == QLatin1String("PB_TEST_KEY")
                       ? std::optional<QString>(QStringLiteral("resolved-key"))
                       : std::nullopt;
        };
        QVERIFY(target.resolveReferences(lookup, &error));
        QCOMPARE(target.credentialValue(QStringLiteral("apiKey")), QStringLiteral("resolved-key"));
        QVERIFY(target.secretValues().contains(QStringLiteral("resolved-key")));
    }

    void maskedBody_unmasksCredentialsForSending()
    {
        const CallTarget target = makeTarget();
        CallSpec spec;
        const PreparedCall call = prepareCall(target, spec, {}, fixedIds());
        const OrderedValue shown = call.masker.mask(*call.payload);
        QVERIFY(!json::stringify(shown).contains(kApiKey.toUtf8()));
        QCOMPARE(json::stringify(unmaskCredentials(shown, target)), call.body);
    }

    void editedBody_isSentCompactAndJudgedOnItsOwnAmount()
    {
        CallSpec spec;
        spec.function = PaymentFunction::CapturePayment;
        spec.body = *json::parse("{ \"z\": 1, \"paymentId\": \"p_7\", \"amount\": 300 }").value;
        const PreparedCall call = prepareCall(makeTarget(), spec, {}, fixedIds());
        QCOMPARE(call.body, QByteArray("{\"z\":1,\"paymentId\":\"p_7\",\"amount\":300}"));
        QCOMPARE(call.requestedAmount.value_or(0), 300);
        QCOMPARE(call.paymentId, QStringLiteral("p_7"));
    }
};

QTEST_APPLESS_MAIN(TestContract)
#include "tst_contract.moc"
