// One test per fact of docs/openfront-runtime.md that changes a request, a verdict or an outcome,
// each naming the Openfront version it belongs to. Answers are canned CallResponse values judged
// through prepareCall + evaluateCall, as the network layer would hand them over.

#include "CallReport.h"
#include "CallRequest.h"
#include "CallResult.h"
#include "CallTarget.h"
#include "RuntimeProfile.h"

#include <QJsonObject>
#include <QTest>

#include <algorithm>

using namespace paybench;
using namespace paybench::contract;
using json::OrderedValue;

namespace {

const QString kApiKey = QStringLiteral("sk_test_51SuperSecretApiKey");
const QString kWebhookSecret = QStringLiteral("whsec_VerySecretWebhookValue");
const QString kCartId = QStringLiteral("cart_42");

const RuntimeProfile *profileNamed(const char *name)
{
    const RuntimeProfile *profile = findRuntimeProfile(QString::fromLatin1(name));
    Q_ASSERT(profile);
    return profile;
}

const RuntimeProfile *versionA()
{
    return profileNamed("openfront@55912a7");
}

const RuntimeProfile *versionB()
{
    return profileNamed("openfront@e23341c");
}

CallTarget makeTarget(const QString &baseUrl = QStringLiteral("https://pay.example.com"))
{
    QString error;
    auto target =
        CallTarget::fromBaseUrl(baseUrl,
                                QJsonObject{{QStringLiteral("apiKey"), kApiKey},
                                            {QStringLiteral("webhookSecret"), kWebhookSecret}},
                                &error);
    Q_ASSERT(target);
    target->name = QStringLiteral("Demo gateway");
    target->code = QStringLiteral("pp_demo");
    target->regionCode = QStringLiteral("eu");
    target->regionCurrency = QStringLiteral("EUR");
    return *target;
}

IdGenerator fixedIds()
{
    return [](const QString &prefix) { return prefix + QStringLiteral("fixed"); };
}

// What earlier calls left: the payment, Openfront's amount and currency, the cart.
CallVariables created()
{
    return {{QStringLiteral("paymentId"), QStringLiteral("pay_1")},
            {QStringLiteral("amount"), QStringLiteral("1999")},
            {QStringLiteral("capturedAmount"), QStringLiteral("1999")},
            {QStringLiteral("currency"), QStringLiteral("EUR")},
            {QStringLiteral("cartId"), kCartId}};
}

CallResponse answer(const QByteArray &body, int status = 200, const QByteArray &reason = "OK")
{
    CallResponse response;
    response.httpStatus = status;
    response.reasonPhrase = reason;
    response.headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
    response.body = body;
    return response;
}

PreparedCall prepare(PaymentFunction function, const RuntimeProfile *profile,
                     PaymentSource source = PaymentSource::Cart,
                     const CallVariables &variables = created())
{
    CallSpec spec;
    spec.function = function;
    spec.profile = profile;
    spec.source = source;
    return prepareCall(makeTarget(), spec, variables, fixedIds());
}

CallResult judge(PaymentFunction function, const RuntimeProfile *profile,
                 const CallResponse &response, PaymentSource source = PaymentSource::Cart)
{
    return evaluateCall(prepare(function, profile, source), response);
}

// The verdict of one profile; a failure "not-judged" when it did not judge the call, so that a
// missing verdict fails the test instead of crashing it.
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

QString describe(const Verdict &verdict)
{
    QStringList lines;
    for (const Finding &finding : verdict.findings)
        lines << severityName(finding.severity) + QLatin1Char(' ') + finding.code +
                     QLatin1Char(' ') + finding.path + QLatin1Char(' ') + finding.message;
    return lines.join(QLatin1Char('\n'));
}

// A finding with this code and severity whose message quotes Openfront's text.
bool saysOpenfront(const Verdict &verdict, const QString &code, Severity severity,
                   const QString &text)
{
    return std::any_of(verdict.findings.cbegin(), verdict.findings.cend(),
                       [&](const Finding &finding) {
                           return finding.code == code && finding.severity == severity &&
                                  finding.message.contains(text);
                       });
}

bool hasFinding(const Verdict &verdict, const QString &code, Severity severity)
{
    const Finding *finding = verdict.find(code);
    return finding && finding->severity == severity;
}

QStringList keysOf(const OrderedValue *object)
{
    QStringList keys;
    if (object) {
        for (const auto &member : object->members())
            keys << member.first;
    }
    return keys;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QStringList functionFields(std::initializer_list<PaymentFunction> functions)
{
    QStringList fields;
    for (PaymentFunction function : functions)
        fields << functionField(function);
    return fields;
}

QStringList names(const QVector<const RuntimeProfile *> &profiles)
{
    QStringList list;
    for (const RuntimeProfile *profile : profiles)
        list << profile->name();
    return list;
}

const OrderedValue *providerOf(const PreparedCall &call)
{
    return call.payload ? call.payload->member(QStringLiteral("provider")) : nullptr;
}

const QString kVersionA = QStringLiteral("openfront@55912a7");
const QString kVersionB = QStringLiteral("openfront@e23341c");

} // namespace

class TestRuntimeProfiles : public QObject
{
    Q_OBJECT

private slots:
    // ---- registry ---------------------------------------------------------------------------

    void selectProfiles_all_isDocumentedThenBothVersions()
    {
        QString error;
        const auto selected = selectRuntimeProfiles(QStringLiteral("all"), &error);
        QVERIFY2(selected, qPrintable(error));
        QCOMPARE(names(*selected),
                 (QStringList{QStringLiteral("documented"), kVersionA, kVersionB}));
        QVERIFY(!selected->at(0)->isOpenfront());
    }

    void selectProfiles_openfront_isBothVersions()
    {
        QString error;
        const auto selected = selectRuntimeProfiles(QStringLiteral("openfront"), &error);
        QVERIFY2(selected, qPrintable(error));
        QCOMPARE(names(*selected), (QStringList{kVersionA, kVersionB}));
    }

    void selectProfiles_list_keepsGivenOrderWithoutRepeats()
    {
        QString error;
        const auto selected = selectRuntimeProfiles(
            QStringLiteral(" openfront@e23341c , openfront,documented"), &error);
        QVERIFY2(selected, qPrintable(error));
        QCOMPARE(names(*selected),
                 (QStringList{kVersionB, kVersionA, QStringLiteral("documented")}));
    }

    void selectProfiles_unknownName_listsKnownNames()
    {
        for (const QString &list :
             {QStringLiteral("openfront@0000000"), QStringLiteral("documented,"), QString()}) {
            QString error;
            QVERIFY2(!selectRuntimeProfiles(list, &error), qPrintable(list));
            for (const QString &known : knownProfileNames())
                QVERIFY2(error.contains(known), qPrintable(error));
        }
        QCOMPARE(knownProfileNames(),
                 (QStringList{QStringLiteral("documented"), kVersionA, kVersionB,
                              QStringLiteral("openfront"), QStringLiteral("all")}));
    }

    // ---- requests: arguments ----------------------------------------------------------------

    // 55912a7 calls capture only from a success webhook, with {paymentId: resource.id, amount}.
    void captureArgs_openfront55912a7_haveNoCurrency()
    {
        const PreparedCall call = prepare(PaymentFunction::CapturePayment, versionA());
        QCOMPARE(keysOf(&*call.payload),
                 (QStringList{QStringLiteral("provider"), QStringLiteral("paymentId"),
                              QStringLiteral("amount")}));
        QCOMPARE(call.payload->member(QStringLiteral("paymentId"))->toString(),
                 QStringLiteral("pay_1"));
        QCOMPARE(call.payload->member(QStringLiteral("amount"))->toDouble(), 1999.0);
    }

    void captureArgs_openfronte23341c_carryCurrencyAndCheckoutKey()
    {
        const PreparedCall call = prepare(PaymentFunction::CapturePayment, versionB());
        QCOMPARE(keysOf(&*call.payload),
                 (QStringList{QStringLiteral("provider"), QStringLiteral("paymentId"),
                              QStringLiteral("amount"), QStringLiteral("currency"),
                              QStringLiteral("idempotencyKey")}));
        QCOMPARE(call.payload->member(QStringLiteral("idempotencyKey"))->toString(),
                 QStringLiteral("checkout:") + kCartId);
        QCOMPARE(call.payload->member(QStringLiteral("currency"))->toString(),
                 QStringLiteral("eur"));
        QCOMPARE(call.payload->member(QStringLiteral("amount"))->toDouble(), 1999.0);
    }

    void captureArgs_openfronte23341cInvoice_carryInvoicePaymentKey()
    {
        const PreparedCall call =
            prepare(PaymentFunction::CapturePayment, versionB(), PaymentSource::Invoice);
        const QString key = call.payload->member(QStringLiteral("idempotencyKey"))->toString();
        QVERIFY2(key.startsWith(QLatin1String("invoice-payment:")), qPrintable(key));
        QCOMPARE(key, QStringLiteral("invoice-payment:ps_fixed"));
    }

    // get-payment-status gets {paymentId} only.
    void statusArgs_openfronte23341c_paymentIdOnly()
    {
        const PreparedCall call = prepare(PaymentFunction::GetPaymentStatus, versionB());
        QCOMPARE(keysOf(&*call.payload),
                 (QStringList{QStringLiteral("provider"), QStringLiteral("paymentId")}));
    }

    void refundArgs_openfronte23341c_carryRefundKeyAndNoReason()
    {
        const PreparedCall call = prepare(PaymentFunction::RefundPayment, versionB());
        QCOMPARE(keysOf(&*call.payload),
                 (QStringList{QStringLiteral("provider"), QStringLiteral("paymentId"),
                              QStringLiteral("amount"), QStringLiteral("currency"),
                              QStringLiteral("idempotencyKey")}));
        QVERIFY(!call.payload->member(QStringLiteral("reason")));
        QCOMPARE(call.payload->member(QStringLiteral("idempotencyKey"))->toString(),
                 QStringLiteral("refund:rk_fixed"));
        // The documented refund does carry a reason: the difference is real.
        const PreparedCall documented =
            prepare(PaymentFunction::RefundPayment, &documentedProfile());
        QVERIFY(documented.payload->member(QStringLiteral("reason")));
    }

    // The region's code as stored (Openfront's seed stores lower case), in both versions.
    void createArgs_openfrontBothVersions_currencyLowerCaseAsStored()
    {
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            const PreparedCall call = prepare(PaymentFunction::CreatePayment, profile);
            QCOMPARE(call.payload->member(QStringLiteral("currency"))->toString(),
                     QStringLiteral("eur"));
            QCOMPARE(call.payload->member(QStringLiteral("cart"))
                         ->member(QStringLiteral("region"))
                         ->member(QStringLiteral("currency"))
                         ->member(QStringLiteral("code"))
                         ->toString(),
                     QStringLiteral("eur"));
            QVERIFY(!call.payload->member(QStringLiteral("idempotencyKey")));
        }
    }

    void createInvoice_openfrontBothVersions_noDivisionOnlyForJpyKrwVnd_data()
    {
        QTest::addColumn<QString>("currency");
        QTest::addColumn<bool>("noDivision");
        QTest::newRow("JPY") << QStringLiteral("JPY") << true;
        QTest::newRow("krw") << QStringLiteral("krw") << true;
        QTest::newRow("VND") << QStringLiteral("VND") << true;
        // On PayPal's list of 19, not on Openfront's Currency model.
        QTest::newRow("CLP") << QStringLiteral("CLP") << false;
        QTest::newRow("XAF") << QStringLiteral("XAF") << false;
        QTest::newRow("usd") << QStringLiteral("usd") << false;
    }
    void createInvoice_openfrontBothVersions_noDivisionOnlyForJpyKrwVnd()
    {
        QFETCH(QString, currency);
        QFETCH(bool, noDivision);
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            CallSpec spec;
            spec.profile = profile;
            spec.source = PaymentSource::Invoice;
            spec.currency = currency;
            const PreparedCall call = prepareCall(makeTarget(), spec, {}, fixedIds());
            const OrderedValue *code =
                call.payload->member(QStringLiteral("cart"))->member(QStringLiteral("currency"));
            QVERIFY2(code, qPrintable(profile->name()));
            QCOMPARE(code->member(QStringLiteral("noDivisionCurrency"))->toBool(), noDivision);
            QCOMPARE(code->member(QStringLiteral("code"))->toString(), currency.toLower());
        }
    }

    // Invoices travel as `cart`, with totalAmount and no rawTotal or region.
    void createInvoice_openfrontBothVersions_cartIsTheInvoiceWithTotalAmount()
    {
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            CallSpec spec;
            spec.profile = profile;
            spec.source = PaymentSource::Invoice;
            spec.amount = 4200;
            const PreparedCall call = prepareCall(makeTarget(), spec, {}, fixedIds());
            const OrderedValue *cart = call.payload->member(QStringLiteral("cart"));
            QCOMPARE(sorted(keysOf(cart)),
                     sorted({QStringLiteral("id"), QStringLiteral("totalAmount"),
                             QStringLiteral("currency"), QStringLiteral("account"),
                             QStringLiteral("paymentCollection")}));
            QCOMPARE(cart->member(QStringLiteral("totalAmount"))->toDouble(), 4200.0);
            QCOMPARE(call.payload->member(QStringLiteral("amount"))->toDouble(), 4200.0);
            QVERIFY(cart->member(QStringLiteral("account"))->member(QStringLiteral("user")));
        }
    }

    // initiatePaymentSession's query, in its order (GraphQL answers in query order).
    void createCart_openfronte23341c_addsAddressesLineItemsMetadataAndRegionProviders()
    {
        const PreparedCall newer = prepare(PaymentFunction::CreatePayment, versionB());
        const OrderedValue *cart = newer.payload->member(QStringLiteral("cart"));
        QCOMPARE(keysOf(cart),
                 (QStringList{QStringLiteral("id"), QStringLiteral("rawTotal"),
                              QStringLiteral("metadata"), QStringLiteral("shippingAddress"),
                              QStringLiteral("billingAddress"), QStringLiteral("lineItems"),
                              QStringLiteral("region"), QStringLiteral("paymentCollection")}));
        QCOMPARE(cart->member(QStringLiteral("id"))->toString(), kCartId);
        QVERIFY(cart->member(QStringLiteral("shippingAddress"))
                    ->member(QStringLiteral("country"))
                    ->member(QStringLiteral("iso2")));
        const OrderedValue *lineItems = cart->member(QStringLiteral("lineItems"));
        QVERIFY(lineItems && !lineItems->items().isEmpty());
        QVERIFY(lineItems->items()
                    .at(0)
                    .member(QStringLiteral("productVariant"))
                    ->member(QStringLiteral("product"))
                    ->member(QStringLiteral("productTags")));
        const OrderedValue *region = cart->member(QStringLiteral("region"));
        QCOMPARE(keysOf(region),
                 (QStringList{QStringLiteral("id"), QStringLiteral("taxRate"),
                              QStringLiteral("paymentProviders"), QStringLiteral("currency")}));
        // The region lists this provider's record id.
        QCOMPARE(region->member(QStringLiteral("paymentProviders"))
                     ->items()
                     .at(0)
                     .member(QStringLiteral("id"))
                     ->toString(),
                 providerOf(newer)->member(QStringLiteral("id"))->toString());

        const PreparedCall older = prepare(PaymentFunction::CreatePayment, versionA());
        const OrderedValue *oldCart = older.payload->member(QStringLiteral("cart"));
        QCOMPARE(keysOf(oldCart),
                 (QStringList{QStringLiteral("id"), QStringLiteral("rawTotal"),
                              QStringLiteral("region"), QStringLiteral("paymentCollection")}));
        QVERIFY(
            !oldCart->member(QStringLiteral("region"))->member(QStringLiteral("paymentProviders")));
    }

    // ---- requests: the provider object ------------------------------------------------------

    void providerObject_create_openfrontBothVersions_fiveFunctionFieldsWithoutWebhook()
    {
        const QStringList expected =
            QStringList{QStringLiteral("id"), QStringLiteral("code"), QStringLiteral("isInstalled"),
                        QStringLiteral("credentials")} +
            functionFields({PaymentFunction::CreatePayment, PaymentFunction::CapturePayment,
                            PaymentFunction::RefundPayment, PaymentFunction::GetPaymentStatus,
                            PaymentFunction::GeneratePaymentLink});
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            for (PaymentSource source : {PaymentSource::Cart, PaymentSource::Invoice}) {
                const PreparedCall call = prepare(PaymentFunction::CreatePayment, profile, source);
                const OrderedValue *provider = providerOf(call);
                QCOMPARE(sorted(keysOf(provider)), sorted(expected));
                QVERIFY(!provider->member(QStringLiteral("name")));
                QCOMPARE(provider->member(QStringLiteral("credentials"))
                             ->member(QStringLiteral("apiKey"))
                             ->toString(),
                         kApiKey);
            }
        }
    }

    void providerObject_statusAndCapture_openfronte23341c_twoFunctionFieldsNoIsInstalled()
    {
        const QStringList expected =
            QStringList{QStringLiteral("id"), QStringLiteral("code"),
                        QStringLiteral("credentials")} +
            functionFields({PaymentFunction::CapturePayment, PaymentFunction::GetPaymentStatus});
        for (PaymentFunction function :
             {PaymentFunction::GetPaymentStatus, PaymentFunction::CapturePayment}) {
            for (PaymentSource source : {PaymentSource::Cart, PaymentSource::Invoice}) {
                const PreparedCall call = prepare(function, versionB(), source);
                QCOMPARE(sorted(keysOf(providerOf(call))), sorted(expected));
            }
        }
    }

    void providerObject_refund_openfronte23341c_refundFunctionFieldOnly()
    {
        const PreparedCall call = prepare(PaymentFunction::RefundPayment, versionB());
        QCOMPARE(
            sorted(keysOf(providerOf(call))),
            sorted({QStringLiteral("id"), QStringLiteral("code"),
                    functionField(PaymentFunction::RefundPayment), QStringLiteral("credentials")}));
    }

    void providerObject_webhook_openfronte23341c_onlyHandleWebhookFunction()
    {
        const PreparedCall call = prepare(PaymentFunction::HandleWebhook, versionB());
        QCOMPARE(
            sorted(keysOf(providerOf(call))),
            sorted({QStringLiteral("id"), QStringLiteral("code"), QStringLiteral("isInstalled"),
                    functionField(PaymentFunction::HandleWebhook), QStringLiteral("credentials")}));
    }

    // 55912a7's webhook mutation queries every field, and its capture reuses that record.
    void providerObject_webhookAndCapture_openfront55912a7_allSixFunctionFields()
    {
        QStringList expected{QStringLiteral("id"), QStringLiteral("code"),
                             QStringLiteral("isInstalled"), QStringLiteral("credentials")};
        for (PaymentFunction function : kAllPaymentFunctions)
            expected << functionField(function);
        for (PaymentFunction function :
             {PaymentFunction::HandleWebhook, PaymentFunction::CapturePayment}) {
            const PreparedCall call = prepare(function, versionA());
            QCOMPARE(sorted(keysOf(providerOf(call))), sorted(expected));
            QVERIFY(!providerOf(call)->member(QStringLiteral("name")));
        }
    }

    void providerObject_openfrontBothVersions_isInstalledIsTheRecordsValue()
    {
        CallTarget target = makeTarget();
        target.installed = false;
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            CallSpec spec;
            spec.profile = profile;
            const PreparedCall call = prepareCall(target, spec, {}, fixedIds());
            QCOMPARE(providerOf(call)->member(QStringLiteral("isInstalled"))->toBool(), false);
            QCOMPARE(providerOf(call)->member(QStringLiteral("code"))->toString(),
                     QStringLiteral("pp_demo"));
        }
    }

    // ---- requests: webhooks -----------------------------------------------------------------

    void webhookHeaders_openfronte23341c_carryRawBodyAsExactEventBytes()
    {
        CallSpec spec;
        spec.function = PaymentFunction::HandleWebhook;
        spec.profile = versionB();
        // Key order and a slash that JSON.stringify does not escape: the bytes must survive.
        spec.event = *json::parse("{\"type\":\"payment_intent.succeeded\",\"id\":\"evt_1\","
                                  "\"data\":{\"url\":\"https://x.example/a\",\"n\":1.5}}")
                          .value;
        const PreparedCall call = prepareCall(makeTarget(), spec, created(), fixedIds());
        QCOMPARE(keysOf(&*call.payload),
                 (QStringList{QStringLiteral("provider"), QStringLiteral("event"),
                              QStringLiteral("headers")}));
        const OrderedValue *headers = call.payload->member(QStringLiteral("headers"));
        const OrderedValue *raw = headers->member(QStringLiteral("__rawbody"));
        QVERIFY(raw);
        QCOMPARE(raw->toString().toUtf8(),
                 QByteArray("{\"type\":\"payment_intent.succeeded\",\"id\":\"evt_1\","
                            "\"data\":{\"url\":\"https://x.example/a\",\"n\":1.5}}"));
        for (const auto &header : headers->members()) {
            QCOMPARE(header.first, header.first.toLower());
            QCOMPARE(header.second.type(), OrderedValue::Type::String);
        }
    }

    // The GraphQL mutation hands on the caller's headers; there is no raw body.
    void webhookHeaders_openfront55912a7_carryNoRawBody()
    {
        const PreparedCall call = prepare(PaymentFunction::HandleWebhook, versionA());
        const OrderedValue *headers = call.payload->member(QStringLiteral("headers"));
        QVERIFY(headers && headers->isObject());
        for (const QString &key : keysOf(headers))
            QVERIFY2(!key.startsWith(QLatin1String("__raw"), Qt::CaseInsensitive), qPrintable(key));
        QVERIFY(call.payload->member(QStringLiteral("event")));
    }

    // ---- verdicts: the HTTP caller (both versions) ------------------------------------------

    void httpError_openfrontBothVersions_failsWithReasonPhraseOnly()
    {
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            const CallResult result =
                judge(PaymentFunction::CreatePayment, profile,
                      answer("{\"error\":\"card declined\"}", 402, "Payment Required"));
            const Verdict &verdict = verdictOf(result, profile);
            QVERIFY2(saysOpenfront(verdict, QStringLiteral("openfront-http-error"),
                                   Severity::Failure,
                                   QStringLiteral("\"HTTP request failed: Payment Required\"")),
                     qPrintable(describe(verdict)));
            // The body is never read.
            QVERIFY(!verdict.find(QStringLiteral("openfront-http-error"))
                         ->message.contains(QStringLiteral("card declined")));
        }
    }

    void httpError_openfronte23341c_emptyReasonPhrase_leavesNothingAfterColon()
    {
        const CallResult result =
            judge(PaymentFunction::CreatePayment, versionB(), answer("{}", 500, ""));
        QVERIFY2(saysOpenfront(verdictOf(result, versionB()),
                               QStringLiteral("openfront-http-error"), Severity::Failure,
                               QStringLiteral("\"HTTP request failed: \"")),
                 qPrintable(describe(verdictOf(result, versionB()))));
    }

    void emptyBody_openfrontBothVersions_failsUnexpectedEndOfJson()
    {
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            for (int status : {200, 204}) {
                const CallResult result =
                    judge(PaymentFunction::CreatePayment, profile,
                          answer({}, status, status == 204 ? "No Content" : "OK"));
                const Verdict &verdict = verdictOf(result, profile);
                QVERIFY2(saysOpenfront(verdict, QStringLiteral("openfront-json-fails"),
                                       Severity::Failure,
                                       QStringLiteral("\"Unexpected end of JSON input\"")),
                         qPrintable(describe(verdict)));
            }
        }
    }

    void nonJsonBody_openfrontBothVersions_failsWithNodeParseText_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("text");
        // Texts measured with Node 20's JSON.parse.
        QTest::newRow("short") << QByteArray("OK")
                               << QStringLiteral("Unexpected token 'O', \"OK\" is not valid JSON");
        QTest::newRow("long") << QByteArray("<html><body>Bad Gateway</body></html>")
                              << QStringLiteral(
                                     "Unexpected token '<', \"<html><bod\"... is not valid JSON");
        QTest::newRow("middle") << QByteArray("            Service Unavailable")
                                << QStringLiteral(
                                       "Unexpected token 'S', ...\"          Service Un\"... "
                                       "is not valid JSON");
        QTest::newRow("near the end")
            << QByteArray("                    OK")
            << QStringLiteral("Unexpected token 'O', ...\"          OK\" is not valid JSON");
        // JSON whitespace is space, tab, CR and LF only: V8 stops at a vertical tab.
        QTest::newRow("vertical tab")
            << QByteArray("  \v{}")
            << QStringLiteral("Unexpected token '\v', \"  \v{}\" is not valid JSON");
        // response.json() drops a UTF-8 byte order mark before parsing.
        QTest::newRow("byte order mark")
            << QByteArray("\xEF\xBB\xBFOK")
            << QStringLiteral("Unexpected token 'O', \"OK\" is not valid JSON");
        QTest::newRow("byte order mark only")
            << QByteArray("\xEF\xBB\xBF") << QStringLiteral("Unexpected end of JSON input");
    }
    void nonJsonBody_openfrontBothVersions_failsWithNodeParseText()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, text);
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            const CallResult result = judge(PaymentFunction::CreatePayment, profile, answer(body));
            const Verdict &verdict = verdictOf(result, profile);
            QVERIFY2(saysOpenfront(verdict, QStringLiteral("openfront-json-fails"),
                                   Severity::Failure, QLatin1Char('"') + text + QLatin1Char('"')),
                     qPrintable(describe(verdict)));
        }
    }

    // No timeout, and every failure below HTTP is fetch's "fetch failed".
    void transport_openfrontBothVersions_unreachable_failsFetchFailed()
    {
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            for (TransportOutcome outcome :
                 {TransportOutcome::HostNotFound, TransportOutcome::ConnectionRefused,
                  TransportOutcome::TlsFailure, TransportOutcome::NetworkError}) {
                CallResponse response;
                response.outcome = outcome;
                const CallResult result = judge(PaymentFunction::CreatePayment, profile, response);
                QVERIFY2(saysOpenfront(verdictOf(result, profile),
                                       QStringLiteral("openfront-fetch-failed"), Severity::Failure,
                                       QStringLiteral("\"fetch failed\"")),
                         qPrintable(describe(verdictOf(result, profile))));
            }
            CallResponse slow;
            slow.outcome = TransportOutcome::Timeout;
            const CallResult result = judge(PaymentFunction::CreatePayment, profile, slow);
            QVERIFY(hasFinding(verdictOf(result, profile), QStringLiteral("openfront-no-timeout"),
                               Severity::Failure));
        }
    }

    // response.json() decodes invalid UTF-8 to U+FFFD and parses on: no JSON failure.
    void invalidUtf8_openfrontBothVersions_isParsedWithReplacementCharacters()
    {
        const QByteArray body("{\"paymentIntentId\":\"pi_1\",\"note\":\"caf\xE9\"}");
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            const CallResult result = judge(PaymentFunction::CreatePayment, profile, answer(body));
            QVERIFY(!result.answer); // the documented judgement refuses the encoding
            const Verdict &verdict = verdictOf(result, profile);
            QVERIFY2(!verdict.hasFailure(), qPrintable(describe(verdict)));
            QVERIFY(
                hasFinding(verdict, QStringLiteral("openfront-invalid-utf8"), Severity::Warning));
        }
        const CallResult reference =
            judge(PaymentFunction::CreatePayment, versionB(), answer(body));
        QVERIFY(hasFinding(verdictOf(reference, versionB()), QStringLiteral("openfront-reference"),
                           Severity::Pass));
    }

    // ---- verdicts: what each version calls --------------------------------------------------

    void neverCalls_openfront55912a7_statusRefundLink_passEvenFor500()
    {
        for (PaymentFunction function :
             {PaymentFunction::GetPaymentStatus, PaymentFunction::RefundPayment,
              PaymentFunction::GeneratePaymentLink}) {
            const CallResult result =
                judge(function, versionA(), answer("{}", 500, "Internal Server Error"));
            const Verdict &verdict = verdictOf(result, versionA());
            QVERIFY2(hasFinding(verdict, QStringLiteral("openfront-never-calls"), Severity::Pass),
                     qPrintable(describe(verdict)));
            QCOMPARE(verdict.result(), Severity::Pass);
            QVERIFY(result.contract.hasFailure()); // the documentation calls them all
        }
        // What it does call, it judges.
        const CallResult capture =
            judge(PaymentFunction::CapturePayment, versionA(), answer("{}", 500, "Error"));
        QVERIFY(verdictOf(capture, versionA()).hasFailure());
    }

    void neverCalls_openfronte23341c_linkOnly()
    {
        const CallResult link = judge(PaymentFunction::GeneratePaymentLink, versionB(),
                                      answer("{}", 500, "Internal Server Error"));
        QVERIFY(hasFinding(verdictOf(link, versionB()), QStringLiteral("openfront-never-calls"),
                           Severity::Pass));
        QCOMPARE(verdictOf(link, versionB()).result(), Severity::Pass);
        for (PaymentFunction function :
             {PaymentFunction::GetPaymentStatus, PaymentFunction::RefundPayment}) {
            const CallResult called = judge(function, versionB(), answer("{}", 500, "Error"));
            QVERIFY(!verdictOf(called, versionB()).find(QStringLiteral("openfront-never-calls")));
            QVERIFY(verdictOf(called, versionB()).hasFailure());
        }
    }

    // ---- verdicts: create -------------------------------------------------------------------

    void createAnswer_openfronte23341c_withoutPaymentIntentId_failsReferenceMissing()
    {
        const CallResult cart =
            judge(PaymentFunction::CreatePayment, versionB(),
                  answer("{\"sessionData\":{\"clientSecret\":\"cs_1\"},\"paymentId\":\"pay_1\"}"));
        QVERIFY2(saysOpenfront(verdictOf(cart, versionB()),
                               QStringLiteral("openfront-reference-missing"), Severity::Failure,
                               QStringLiteral("\"Payment provider reference is missing\"")),
                 qPrintable(describe(verdictOf(cart, versionB()))));
        const CallResult invoice =
            judge(PaymentFunction::CreatePayment, versionB(),
                  answer("{\"sessionData\":{},\"paymentId\":\"pay_1\"}"), PaymentSource::Invoice);
        QVERIFY2(saysOpenfront(verdictOf(invoice, versionB()),
                               QStringLiteral("openfront-reference-missing"), Severity::Failure,
                               QStringLiteral("\"Provider payment reference is missing\"")),
                 qPrintable(describe(verdictOf(invoice, versionB()))));
    }

    void createAnswer_openfronte23341c_withReference_passes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("source");
        QTest::newRow("paymentIntentId")
            << QByteArray("{\"paymentIntentId\":\"pi_1\"}") << int(PaymentSource::Cart);
        QTest::newRow("clientSecret")
            << QByteArray("{\"clientSecret\":\"pi_1_secret_x\"}") << int(PaymentSource::Cart);
        QTest::newRow("orderId") << QByteArray("{\"orderId\":\"o_1\"}") << int(PaymentSource::Cart);
        QTest::newRow("invoice id")
            << QByteArray("{\"id\":\"pay_1\"}") << int(PaymentSource::Invoice);
        QTest::newRow("invoice payment_intent_id")
            << QByteArray("{\"payment_intent_id\":\"pi_1\"}") << int(PaymentSource::Invoice);
    }
    void createAnswer_openfronte23341c_withReference_passes()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, source);
        const CallResult result = judge(PaymentFunction::CreatePayment, versionB(), answer(body),
                                        static_cast<PaymentSource>(source));
        const Verdict &verdict = verdictOf(result, versionB());
        QVERIFY2(!verdict.hasFailure(), qPrintable(describe(verdict)));
        QVERIFY(hasFinding(verdict, QStringLiteral("openfront-reference"), Severity::Pass));
    }

    // A cart's reference is never `id`; an invoice's may be.
    void createAnswer_openfronte23341c_cartIdOnly_failsReferenceMissing()
    {
        const CallResult result =
            judge(PaymentFunction::CreatePayment, versionB(), answer("{\"id\":\"pay_1\"}"));
        QVERIFY(hasFinding(verdictOf(result, versionB()),
                           QStringLiteral("openfront-reference-missing"), Severity::Failure));
    }

    // The documented answer: fine for the documentation and for 55912a7, which only stores it;
    // unusable for e23341c's checkout.
    void createAnswer_documentedShape_passesDocumentedAnd55912a7_failsE23341c()
    {
        PreparedCall call = prepare(PaymentFunction::CreatePayment, &documentedProfile());
        call.alsoJudgedBy = {versionA(), versionB()};
        const CallResult result = evaluateCall(
            call, answer("{\"sessionData\":{\"clientSecret\":\"cs_1\"},\"paymentId\":\"pay_1\"}"));
        QVERIFY2(!result.contract.hasFailure(), qPrintable(describe(result.contract)));
        QVERIFY2(!verdictOf(result, versionA()).hasFailure(),
                 qPrintable(describe(verdictOf(result, versionA()))));
        QVERIFY(verdictOf(result, versionB()).hasFailure());
        QCOMPARE(result.verdict().result(), result.contract.result());
    }

    void alsoJudgedBy_oneVerdictPerProfile_inRuntimeAndReport()
    {
        PreparedCall call = prepare(PaymentFunction::CreatePayment, versionB());
        call.alsoJudgedBy = {&documentedProfile(), versionA(), versionB()};
        const CallResult result = evaluateCall(call, answer("{\"paymentIntentId\":\"pi_1\"}"));
        QCOMPARE(result.runtime.size(), 2); // Openfront versions only, without repeats
        QCOMPARE(result.runtime.at(0).profile, versionB());
        QCOMPARE(result.runtime.at(1).profile, versionA());
        QCOMPARE(&result.verdict(), result.verdictOf(versionB()));
        QCOMPARE(result.verdictOf(&documentedProfile()), &result.contract);

        const OrderedValue report = callReport(result);
        QCOMPARE(report.member(QStringLiteral("profile"))->toString(), kVersionB);
        const OrderedValue *verdicts = report.member(QStringLiteral("verdicts"));
        QCOMPARE(sorted(keysOf(verdicts)),
                 sorted({QStringLiteral("documented"), kVersionA, kVersionB}));
        for (const auto &judged : verdicts->members())
            QVERIFY2(judged.second.member(QStringLiteral("result")), qPrintable(judged.first));
        // A profile that did not judge has no verdict.
        const CallResult alone = evaluateCall(prepare(PaymentFunction::CreatePayment, versionB()),
                                              answer("{\"paymentIntentId\":\"pi_1\"}"));
        QVERIFY(!alone.verdictOf(versionA()));
        QCOMPARE(keysOf(callReport(alone).member(QStringLiteral("verdicts"))),
                 (QStringList{QStringLiteral("documented"), kVersionB}));
    }

    // ---- verdicts: status, capture, refund (e23341c) ----------------------------------------

    void statusAnswer_openfronte23341c_pending_failsPaymentStatus()
    {
        const CallResult result =
            judge(PaymentFunction::GetPaymentStatus, versionB(),
                  answer("{\"status\":\"pending\",\"amount\":1999,\"currency\":\"EUR\"}"));
        QVERIFY2(saysOpenfront(verdictOf(result, versionB()),
                               QStringLiteral("openfront-status-rejected"), Severity::Failure,
                               QStringLiteral("\"Payment failed: Payment status: pending\"")),
                 qPrintable(describe(verdictOf(result, versionB()))));
        const CallResult missing = judge(PaymentFunction::GetPaymentStatus, versionB(),
                                         answer("{\"amount\":1999,\"currency\":\"EUR\"}"));
        QVERIFY(saysOpenfront(verdictOf(missing, versionB()),
                              QStringLiteral("openfront-status-rejected"), Severity::Failure,
                              QStringLiteral("\"Payment failed: Payment status: undefined\"")));
    }

    void statusAnswer_openfronte23341c_authorized_passesCaptureNext()
    {
        for (const QByteArray &status :
             {QByteArray("authorized"), QByteArray("REQUIRES_CAPTURE"), QByteArray("approved")}) {
            const CallResult result = judge(PaymentFunction::GetPaymentStatus, versionB(),
                                            answer("{\"status\":\"" + status + "\"}"));
            const Verdict &verdict = verdictOf(result, versionB());
            QVERIFY2(!verdict.hasFailure(), qPrintable(describe(verdict)));
            QVERIFY(hasFinding(verdict, QStringLiteral("openfront-captures-next"), Severity::Pass));
        }
        // Capture's answer is judged on its own: "authorized" there is not done.
        const CallResult capture = judge(PaymentFunction::CapturePayment, versionB(),
                                         answer("{\"status\":\"authorized\",\"amount\":1999}"));
        QVERIFY(saysOpenfront(verdictOf(capture, versionB()),
                              QStringLiteral("openfront-status-rejected"), Severity::Failure,
                              QStringLiteral("Payment failed: Payment status: authorized")));
    }

    void captureAnswer_openfronte23341c_captured_passes()
    {
        // Status any case, amount as a numeric string (Number()), currency any case or absent.
        for (const QByteArray &body :
             {QByteArray("{\"status\":\"captured\",\"amount\":1999,\"currency\":\"eur\","
                         "\"data\":{}}"),
              QByteArray("{\"status\":\"Succeeded\",\"amount\":\"1999\",\"data\":{}}")}) {
            const CallResult result =
                judge(PaymentFunction::CapturePayment, versionB(), answer(body));
            const Verdict &verdict = verdictOf(result, versionB());
            QVERIFY2(verdict.result() == Severity::Pass, qPrintable(describe(verdict)));
        }
    }

    void captureAnswer_openfronte23341c_amountDiffers_failsAmountMismatch()
    {
        for (const QByteArray &amount :
             {QByteArray(",\"amount\":1000"), QByteArray(",\"amount\":19.99"), QByteArray()}) {
            const CallResult result =
                judge(PaymentFunction::CapturePayment, versionB(),
                      answer("{\"status\":\"captured\"" + amount + ",\"data\":{}}"));
            QVERIFY2(saysOpenfront(
                         verdictOf(result, versionB()), QStringLiteral("openfront-amount-mismatch"),
                         Severity::Failure,
                         QStringLiteral("\"Provider payment amount does not match cart total\"")),
                     qPrintable(describe(verdictOf(result, versionB()))));
        }
    }

    void captureAnswer_openfronte23341c_currencyDiffers_failsCurrencyMismatch()
    {
        const CallResult result =
            judge(PaymentFunction::CapturePayment, versionB(),
                  answer("{\"status\":\"captured\",\"amount\":1999,\"currency\":\"usd\"}"));
        QVERIFY(saysOpenfront(
            verdictOf(result, versionB()), QStringLiteral("openfront-currency-mismatch"),
            Severity::Failure,
            QStringLiteral("\"Provider payment currency does not match cart currency\"")));
    }

    // A falsy currency is not compared for carts and refunds (`currency || expected`); an
    // invoice needs one (`String(currency)` of null is "NULL").
    void currencyNull_openfronte23341c_passesForCartAndRefund_failsForInvoice()
    {
        const CallResult cart =
            judge(PaymentFunction::CapturePayment, versionB(),
                  answer("{\"status\":\"captured\",\"amount\":1999,\"currency\":null,"
                         "\"data\":{}}"));
        QVERIFY2(!verdictOf(cart, versionB()).hasFailure(),
                 qPrintable(describe(verdictOf(cart, versionB()))));
        QVERIFY(hasFinding(verdictOf(cart, versionB()), QStringLiteral("openfront-currency-absent"),
                           Severity::Pass));
        const CallResult refund =
            judge(PaymentFunction::RefundPayment, versionB(),
                  answer("{\"status\":\"refunded\",\"amount\":1999,\"currency\":null}"));
        QVERIFY2(!verdictOf(refund, versionB()).hasFailure(),
                 qPrintable(describe(verdictOf(refund, versionB()))));
        const CallResult invoice =
            judge(PaymentFunction::CapturePayment, versionB(),
                  answer("{\"status\":\"paid\",\"amount\":1999,\"currency\":null}"),
                  PaymentSource::Invoice);
        QVERIFY(saysOpenfront(verdictOf(invoice, versionB()),
                              QStringLiteral("openfront-currency-mismatch"), Severity::Failure,
                              QStringLiteral("\"Provider currency mismatch\"")));
        // A wrong currency still fails the refund.
        const CallResult wrong =
            judge(PaymentFunction::RefundPayment, versionB(),
                  answer("{\"status\":\"refunded\",\"amount\":1999,\"currency\":\"usd\"}"));
        QVERIFY(saysOpenfront(verdictOf(wrong, versionB()),
                              QStringLiteral("openfront-currency-mismatch"), Severity::Failure,
                              QStringLiteral("\"Provider refund currency mismatch\"")));
    }

    // Invoices: their own texts, `paid` counts, and the currency is required.
    void invoiceSettlement_openfronte23341c_ownTextsAndRequiredCurrency()
    {
        const auto invoice = [](const QByteArray &body) {
            return judge(PaymentFunction::CapturePayment, versionB(), answer(body),
                         PaymentSource::Invoice);
        };
        const CallResult paid =
            invoice("{\"status\":\"paid\",\"amount\":1999,\"currency\":\"EUR\"}");
        QVERIFY2(!verdictOf(paid, versionB()).hasFailure(),
                 qPrintable(describe(verdictOf(paid, versionB()))));
        QVERIFY(saysOpenfront(verdictOf(invoice("{\"status\":\"pending\",\"amount\":1999,"
                                                "\"currency\":\"EUR\"}"),
                                        versionB()),
                              QStringLiteral("openfront-status-rejected"), Severity::Failure,
                              QStringLiteral("\"Provider payment is not complete: pending\"")));
        QVERIFY(saysOpenfront(
            verdictOf(invoice("{\"status\":\"paid\",\"amount\":5,\"currency\":\"EUR\"}"),
                      versionB()),
            QStringLiteral("openfront-amount-mismatch"), Severity::Failure,
            QStringLiteral("\"Provider amount mismatch\"")));
        QVERIFY(
            saysOpenfront(verdictOf(invoice("{\"status\":\"paid\",\"amount\":1999}"), versionB()),
                          QStringLiteral("openfront-currency-mismatch"), Severity::Failure,
                          QStringLiteral("\"Provider currency mismatch\"")));
        // A cart does not accept `paid`.
        const CallResult cart =
            judge(PaymentFunction::CapturePayment, versionB(),
                  answer("{\"status\":\"paid\",\"amount\":1999,\"currency\":\"EUR\"}"));
        QVERIFY(verdictOf(cart, versionB()).hasFailure());
    }

    void refundAnswer_openfronte23341c_notComplete_failsRefundNotComplete()
    {
        const CallResult pending = judge(PaymentFunction::RefundPayment, versionB(),
                                         answer("{\"status\":\"pending\",\"amount\":1999}"));
        QVERIFY2(saysOpenfront(verdictOf(pending, versionB()),
                               QStringLiteral("openfront-status-rejected"), Severity::Failure,
                               QStringLiteral("\"Provider refund is not complete: pending\"")),
                 qPrintable(describe(verdictOf(pending, versionB()))));
        // The documented refund answer has no status at all.
        const CallResult documented =
            judge(PaymentFunction::RefundPayment, versionB(),
                  answer("{\"success\":true,\"refundId\":\"r_1\",\"refundedAmount\":1999}"));
        QVERIFY(saysOpenfront(verdictOf(documented, versionB()),
                              QStringLiteral("openfront-status-rejected"), Severity::Failure,
                              QStringLiteral("\"Provider refund is not complete: undefined\"")));
        QVERIFY(saysOpenfront(verdictOf(judge(PaymentFunction::RefundPayment, versionB(),
                                              answer("{\"status\":\"refunded\",\"amount\":5}")),
                                        versionB()),
                              QStringLiteral("openfront-amount-mismatch"), Severity::Failure,
                              QStringLiteral("\"Provider refund amount mismatch\"")));
        const CallResult refunded = judge(PaymentFunction::RefundPayment, versionB(),
                                          answer("{\"status\":\"refunded\",\"amount\":1999}"));
        QVERIFY2(!verdictOf(refunded, versionB()).hasFailure(),
                 qPrintable(describe(verdictOf(refunded, versionB()))));
    }

    // ---- verdicts: webhooks -----------------------------------------------------------------

    void webhookAnswer_openfront55912a7_withoutType_failsReadingMatch()
    {
        const CallResult result =
            judge(PaymentFunction::HandleWebhook, versionA(),
                  answer("{\"verified\":true,\"eventType\":\"payment.captured\"}"));
        QVERIFY2(saysOpenfront(
                     verdictOf(result, versionA()), QStringLiteral("openfront-webhook-no-type"),
                     Severity::Failure,
                     QStringLiteral("\"Cannot read properties of undefined (reading 'match')\"")),
                 qPrintable(describe(verdictOf(result, versionA()))));
        const CallResult number =
            judge(PaymentFunction::HandleWebhook, versionA(), answer("{\"type\":7}"));
        QVERIFY(saysOpenfront(verdictOf(number, versionA()),
                              QStringLiteral("openfront-webhook-no-type"), Severity::Failure,
                              QStringLiteral("\"type.match is not a function\"")));
        // e23341c reads a missing type as "" and records the event.
        const CallResult newer =
            judge(PaymentFunction::HandleWebhook, versionB(),
                  answer("{\"verified\":true,\"eventType\":\"payment.captured\"}"));
        QVERIFY2(!verdictOf(newer, versionB()).hasFailure(),
                 qPrintable(describe(verdictOf(newer, versionB()))));
    }

    // A JSON null parses, then each version trips over it in its own words; a string is
    // destructured by 55912a7 into an undefined type and read by e23341c as no type at all.
    void webhookAnswer_nonObject_openfrontBothVersions_failInTheirOwnWords()
    {
        const CallResult nullA = judge(PaymentFunction::HandleWebhook, versionA(), answer("null"));
        QVERIFY2(saysOpenfront(verdictOf(nullA, versionA()),
                               QStringLiteral("openfront-webhook-null-answer"), Severity::Failure,
                               QStringLiteral("\"Cannot destructure property 'type' of "
                                              "'(intermediate value)' as it is null.\"")),
                 qPrintable(describe(verdictOf(nullA, versionA()))));
        const CallResult nullB = judge(PaymentFunction::HandleWebhook, versionB(), answer("null"));
        QVERIFY2(saysOpenfront(verdictOf(nullB, versionB()),
                               QStringLiteral("openfront-webhook-null-answer"), Severity::Failure,
                               QStringLiteral("\"Cannot read properties of null (reading "
                                              "'type')\"")),
                 qPrintable(describe(verdictOf(nullB, versionB()))));
        const CallResult textA =
            judge(PaymentFunction::HandleWebhook, versionA(), answer("\"received\""));
        QVERIFY(saysOpenfront(verdictOf(textA, versionA()),
                              QStringLiteral("openfront-webhook-no-type"), Severity::Failure,
                              QStringLiteral("Cannot read properties of undefined (reading "
                                             "'match')")));
        const CallResult textB =
            judge(PaymentFunction::HandleWebhook, versionB(), answer("\"received\""));
        QVERIFY2(!verdictOf(textB, versionB()).hasFailure(),
                 qPrintable(describe(verdictOf(textB, versionB()))));
        QVERIFY(hasFinding(verdictOf(textB, versionB()),
                           QStringLiteral("openfront-webhook-recorded-only"), Severity::Warning));
        // Other functions still need an object.
        const CallResult create = judge(PaymentFunction::CreatePayment, versionB(), answer("null"));
        QVERIFY(hasFinding(verdictOf(create, versionB()), QStringLiteral("openfront-not-an-object"),
                           Severity::Failure));
    }

    void webhookAnswer_openfront55912a7_successWithPaymentId_capturesAgain()
    {
        const CallResult result =
            judge(PaymentFunction::HandleWebhook, versionA(),
                  answer("{\"type\":\"payment_intent.succeeded\",\"resource\":{\"id\":\"pi_1\","
                         "\"amount\":1999,\"metadata\":{\"paymentId\":\"pay_1\"}}}"));
        const Verdict &verdict = verdictOf(result, versionA());
        QVERIFY2(!verdict.hasFailure(), qPrintable(describe(verdict)));
        QVERIFY(hasFinding(verdict, QStringLiteral("openfront-webhook-captures"), Severity::Pass));
        // Without resource.id the capture is called with paymentId undefined.
        const CallResult noId =
            judge(PaymentFunction::HandleWebhook, versionA(),
                  answer("{\"type\":\"payment_intent.succeeded\",\"resource\":{\"amount\":1999,"
                         "\"metadata\":{\"paymentId\":\"pay_1\"}}}"));
        QVERIFY(hasFinding(verdictOf(noId, versionA()),
                           QStringLiteral("openfront-webhook-no-resource-id"), Severity::Failure));
    }

    void webhookAnswer_openfronte23341c_withoutAnyEventId_failsEventIdRequired()
    {
        CallSpec spec;
        spec.function = PaymentFunction::HandleWebhook;
        spec.profile = versionB();
        spec.event = *json::parse("{\"type\":\"payment_intent.succeeded\"}").value;
        const PreparedCall call = prepareCall(makeTarget(), spec, created(), fixedIds());
        const CallResult result = evaluateCall(
            call, answer("{\"type\":\"payment_intent.succeeded\",\"resource\":{\"metadata\":"
                         "{\"cartId\":\"cart_42\"}}}"));
        QVERIFY2(saysOpenfront(verdictOf(result, versionB()),
                               QStringLiteral("openfront-webhook-no-event-id"), Severity::Failure,
                               QStringLiteral("\"Provider event ID is required\"")),
                 qPrintable(describe(verdictOf(result, versionB()))));
        // Any one of the three sources is enough: the answer's event.id ...
        const CallResult fromAnswer = evaluateCall(
            call, answer("{\"type\":\"payment_intent.succeeded\",\"event\":{\"id\":\"evt_1\"},"
                         "\"resource\":{\"metadata\":{\"cartId\":\"cart_42\"}}}"));
        QVERIFY(!verdictOf(fromAnswer, versionB()).hasFailure());
        // An empty id is no id (`a || b || c`).
        const CallResult emptyId = evaluateCall(
            call, answer("{\"type\":\"payment_intent.succeeded\",\"event\":{\"id\":\"\"},"
                         "\"resource\":{\"metadata\":{\"cartId\":\"cart_42\"}}}"));
        QVERIFY(hasFinding(verdictOf(emptyId, versionB()),
                           QStringLiteral("openfront-webhook-no-event-id"), Severity::Failure));
        // ... or resource.id.
        const CallResult fromResource = evaluateCall(
            call, answer("{\"type\":\"payment_intent.succeeded\",\"resource\":{\"id\":\"pi_1\","
                         "\"metadata\":{\"cartId\":\"cart_42\"}}}"));
        QVERIFY(!verdictOf(fromResource, versionB()).hasFailure());
    }

    void webhookAnswer_openfronte23341c_successWithOnlyCartId_passes()
    {
        // The default event carries an id, which e23341c uses for de-duplication.
        const CallResult result =
            judge(PaymentFunction::HandleWebhook, versionB(),
                  answer("{\"type\":\"payment_intent.succeeded\",\"resource\":{\"metadata\":"
                         "{\"cartId\":\"cart_42\"}}}"));
        const Verdict &verdict = verdictOf(result, versionB());
        QVERIFY2(!verdict.hasFailure(), qPrintable(describe(verdict)));
        QVERIFY(hasFinding(verdict, QStringLiteral("openfront-webhook-acts"), Severity::Pass));
        QVERIFY(
            hasFinding(verdict, QStringLiteral("openfront-webhook-deduplicated"), Severity::Pass));
    }

    // Nothing names a payment: the handler skips every update and answers 200; the "Payment not
    // found" error is only for a metadata.paymentId that does not exist.
    void webhookAnswer_openfronte23341c_successWithoutAnyPaymentKey_isRecordedOnly()
    {
        const CallResult result = judge(PaymentFunction::HandleWebhook, versionB(),
                                        answer("{\"type\":\"PAYMENT.CAPTURE.COMPLETED\","
                                               "\"resource\":{\"id\":\"cap_1\",\"metadata\":"
                                               "{\"cartId\":\"\"}}}"));
        const Verdict &verdict = verdictOf(result, versionB());
        QVERIFY2(!verdict.hasFailure(), qPrintable(describe(verdict)));
        QVERIFY2(saysOpenfront(verdict, QStringLiteral("openfront-webhook-payment-not-found"),
                               Severity::Warning,
                               QStringLiteral("\"Provider event recorded for manual "
                                              "reconciliation\"")),
                 qPrintable(describe(verdict)));
        QVERIFY(!verdict.find(QStringLiteral("openfront-webhook-acts")));
    }

    // e23341c looks metadata.paymentId up first, even beside a cartId.
    void webhookAnswer_openfronte23341c_paymentIdBesideCartId_warnsPaymentNotFound()
    {
        const CallResult result =
            judge(PaymentFunction::HandleWebhook, versionB(),
                  answer("{\"type\":\"payment_intent.succeeded\",\"resource\":{\"id\":"
                         "\"pay_1\",\"metadata\":{\"paymentId\":\"pay_1\",\"cartId\":"
                         "\"cart_42\"}}}"));
        const Verdict &verdict = verdictOf(result, versionB());
        QVERIFY2(saysOpenfront(verdict, QStringLiteral("openfront-webhook-payment-id"),
                               Severity::Warning,
                               QStringLiteral("\"Payment not found for provider event\"")),
                 qPrintable(describe(verdict)));
    }

    // ---- readiness --------------------------------------------------------------------------

    void readiness_openfront55912a7_customCode_failsUnsupportedProvider()
    {
        CallTarget target = makeTarget();
        target.code = QStringLiteral("pp_x");
        const Verdict verdict = versionA()->readiness(target);
        QVERIFY2(saysOpenfront(verdict, QStringLiteral("checkout-unsupported-code"),
                               Severity::Failure,
                               QStringLiteral("\"Unsupported payment provider: pp_x\"")),
                 qPrintable(describe(verdict)));
        QVERIFY(hasFinding(verdict, QStringLiteral("webhook-no-route"), Severity::Warning));
        // A built-in code completes, without the gateway.
        target.code = QStringLiteral("pp_stripe_stripe");
        const Verdict builtIn = versionA()->readiness(target);
        QVERIFY(!builtIn.find(QStringLiteral("checkout-unsupported-code")));
        QVERIFY(hasFinding(builtIn, QStringLiteral("checkout-built-in"), Severity::Warning));
    }

    void readiness_openfronte23341c_customCode_failsNotConfiguredForRegion()
    {
        CallTarget target = makeTarget();
        target.code = QStringLiteral("pp_my-gateway");
        const Verdict verdict = versionB()->readiness(target);
        QVERIFY2(saysOpenfront(verdict, QStringLiteral("checkout-not-configured"),
                               Severity::Failure,
                               QStringLiteral("\"Payment provider not found, installed, and "
                                              "configured for this region\"")),
                 qPrintable(describe(verdict)));
        QVERIFY(saysOpenfront(verdict, QStringLiteral("launch-policy-code"), Severity::Warning,
                              QStringLiteral("Payment provider is outside the supported launch "
                                             "boundary")));
        QVERIFY(hasFinding(verdict, QStringLiteral("code-format"), Severity::Pass));
    }

    void readiness_openfronte23341c_systemDefault_failsManualTender()
    {
        CallTarget target = makeTarget();
        target.code = QStringLiteral("pp_system_default");
        const Verdict verdict = versionB()->readiness(target);
        QVERIFY2(saysOpenfront(verdict, QStringLiteral("checkout-manual-tender"), Severity::Failure,
                               QStringLiteral("\"Manual tender cannot complete storefront "
                                              "checkout\"")),
                 qPrintable(describe(verdict)));
        // In the development launch policy: no launch warning for it.
        QVERIFY(!verdict.find(QStringLiteral("launch-policy-code")));
    }

    // The development launch policy lists USD, EUR and GBP only.
    void readiness_openfronte23341c_currencyOutsideDevelopmentPolicy_warns()
    {
        CallTarget target = makeTarget();
        QVERIFY(!versionB()->readiness(target).find(QStringLiteral("launch-policy-currency")));
        target.regionCurrency = QStringLiteral("jpy");
        QVERIFY(saysOpenfront(versionB()->readiness(target),
                              QStringLiteral("launch-policy-currency"), Severity::Warning,
                              QStringLiteral("\"Cart currency is outside the supported launch "
                                             "boundary\"")));
        QVERIFY(!versionA()->readiness(target).find(QStringLiteral("launch-policy-currency")));
    }

    void readiness_openfrontBothVersions_plainHttp_failsLive_warnsSandbox()
    {
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            CallTarget target = makeTarget(QStringLiteral("http://pay.example.com"));
            target.environment = Environment::Live;
            QVERIFY2(hasFinding(profile->readiness(target), QStringLiteral("function-plain-http"),
                                Severity::Failure),
                     qPrintable(describe(profile->readiness(target))));
            target.environment = Environment::Sandbox;
            const Verdict sandbox = profile->readiness(target);
            QVERIFY(hasFinding(sandbox, QStringLiteral("function-plain-http"), Severity::Warning));
            QVERIFY(!sandbox.find(QStringLiteral("function-url")));
            // Loopback is fine in any environment.
            CallTarget local = makeTarget(QStringLiteral("http://127.0.0.1:4242"));
            local.environment = Environment::Live;
            QVERIFY(!profile->readiness(local).find(QStringLiteral("function-plain-http")));
        }
    }

    void readiness_openfrontBothVersions_noRegion_fails()
    {
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            CallTarget target = makeTarget();
            QVERIFY(!profile->readiness(target).find(QStringLiteral("no-region")));
            target.regionCode.clear();
            target.regionCurrency.clear();
            QVERIFY2(hasFinding(profile->readiness(target), QStringLiteral("no-region"),
                                Severity::Failure),
                     qPrintable(profile->name()));
        }
    }

    void readiness_openfrontBothVersions_badCodePattern_fails_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("valid");
        QTest::newRow("pp_my-gateway") << QStringLiteral("pp_my-gateway") << true;
        QTest::newRow("pp_A_1") << QStringLiteral("pp_A_1") << true;
        QTest::newRow("no prefix") << QStringLiteral("my-gateway") << false;
        QTest::newRow("prefix only") << QStringLiteral("pp_") << false;
        QTest::newRow("space") << QStringLiteral("pp_my gateway") << false;
        QTest::newRow("dot") << QStringLiteral("pp_my.gateway") << false;
        QTest::newRow("upper prefix") << QStringLiteral("PP_x") << false;
    }
    void readiness_openfrontBothVersions_badCodePattern_fails()
    {
        QFETCH(QString, code);
        QFETCH(bool, valid);
        for (const RuntimeProfile *profile : {versionA(), versionB()}) {
            CallTarget target = makeTarget();
            target.code = code;
            QVERIFY2(hasFinding(profile->readiness(target), QStringLiteral("code-format"),
                                valid ? Severity::Pass : Severity::Failure),
                     qPrintable(profile->name()));
        }
    }

    // A bundled module name in a field only matters where the version calls that function.
    void readiness_moduleNameInRefundField_failsOpenfronte23341cOnly()
    {
        CallTarget target = makeTarget();
        target.targets[std::size_t(PaymentFunction::RefundPayment)] = QStringLiteral("manual");
        const QString field = functionField(PaymentFunction::RefundPayment);
        const auto findingFor = [&field](const Verdict &verdict) -> const Finding * {
            for (const Finding &finding : verdict.findings) {
                if (finding.path == field)
                    return &finding;
            }
            return nullptr;
        };
        const Verdict older = versionA()->readiness(target);
        const Finding *a = findingFor(older);
        QVERIFY(a);
        QCOMPARE(a->code, QStringLiteral("function-never-called"));
        QCOMPARE(a->severity, Severity::Pass);
        const Verdict newer = versionB()->readiness(target);
        const Finding *b = findingFor(newer);
        QVERIFY(b);
        QCOMPARE(b->code, QStringLiteral("function-not-http"));
        QCOMPARE(b->severity, Severity::Failure);
        // The record requires every field, called or not.
        target.targets[std::size_t(PaymentFunction::GeneratePaymentLink)].clear();
        QVERIFY(hasFinding(versionA()->readiness(target), QStringLiteral("function-empty"),
                           Severity::Failure));
    }
};

QTEST_APPLESS_MAIN(TestRuntimeProfiles)
#include "tst_runtimeprofiles.moc"
