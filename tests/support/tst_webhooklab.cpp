#include "SignatureDiagnosis.h"
#include "WebhookEvents.h"
#include "WebhookLab.h"

#include <QTest>
#include <QTimeZone>

using namespace paybench;
using namespace paybench::support;
using webhook::HeaderList;
using webhook::Scheme;

namespace {

// Expected signatures were computed outside this code, with the openssl command line:
//   printf '%s' BODY | openssl dgst -sha256 -hmac SECRET            (hex)
//   ... -binary | base64                                             (base64)
// and the published Standard Webhooks example (github.com/standard-webhooks, secret, id,
// timestamp, payload and signature as in its specification's test).
const QByteArray kGatewayBody = R"({"id":"evt_1","type":"payment.captured"})";
const QByteArray kGatewaySecret = "lab-gateway-secret";
const QByteArray kGatewayHex = "ed19503de333b09dfbf2a6a6d4a6d8d07efcd4caa728f32fffd27f6cb305fff5";
const QByteArray kGatewayBase64 = "7RlQPeMzsJ378qam1KbY0H781MqnKPMv/9J/bLMF//U=";

const QByteArray kStripeBody = R"({"id":"evt_1","type":"payment_intent.succeeded"})";
const QByteArray kStripeSecret = "whsec_lab_stripe";
const qint64 kStripeTimestamp = 1700000000;
const QByteArray kStripeHex = "bc39ff7677b7113d6d54ab8142896633a6410f280c5f829319c16c9f495be156";

const QByteArray kStandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const QByteArray kStandardId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const qint64 kStandardTimestamp = 1614265330;
const QByteArray kStandardBody = R"({"test": 2432232314})";
const QByteArray kStandardSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

webhook::Clock fixedClock(qint64 seconds)
{
    return [seconds] { return seconds; };
}

WebhookSendSpec spec(Scheme scheme, Tamper tamper, WebhookWrap wrap = WebhookWrap::Raw)
{
    WebhookSendSpec s;
    s.scheme = scheme;
    s.secret = scheme == Scheme::Standard ? kStandardSecret : kGatewaySecret;
    s.event.type = QStringLiteral("payment_intent.succeeded");
    s.event.paymentId = QStringLiteral("pay_123");
    s.event.eventId = QStringLiteral("evt_fixed");
    s.event.created = QDateTime::fromSecsSinceEpoch(kStripeTimestamp, QTimeZone::utc());
    s.tamper = tamper;
    s.wrap = wrap;
    s.clock = fixedClock(kStripeTimestamp);
    return s;
}

// What a receiver that does its job says about a message: verify the exact bytes.
bool correctReceiverAccepts(const WebhookSend &send, const WebhookMessage &message)
{
    const QByteArray secret = send.scheme == Scheme::Standard ? kStandardSecret : kGatewaySecret;
    return message.body.size() <= kOpenfrontMaxWebhookBytes &&
           webhook::WebhookSigner(send.scheme, secret, fixedClock(kStripeTimestamp))
               .verify(message.eventBody, message.signatureHeaders)
               .valid();
}

} // namespace

class TestWebhookLab : public QObject
{
    Q_OBJECT

private slots:
    void composedEvent_carriesWhatBothReadersNeed()
    {
        WebhookEventSpec eventSpec;
        eventSpec.type = QStringLiteral("payment_intent.succeeded");
        eventSpec.paymentId = QStringLiteral("pay_9");
        eventSpec.eventId = QStringLiteral("evt_9");
        const json::OrderedValue event = composeWebhookEvent(eventSpec);
        QCOMPARE(webhookEventId(event), QStringLiteral("evt_9"));
        QCOMPARE(webhookPaymentId(event, true), QStringLiteral("pay_9"));
        const auto *data = event.member(QStringLiteral("data"));
        QVERIFY(data);
        QCOMPARE(data->member(QStringLiteral("payment"))->member(QStringLiteral("id"))->toString(),
                 QStringLiteral("pay_9"));
    }

    void composedEvent_withoutMetadata_isNotFoundByOpenfront()
    {
        WebhookEventSpec eventSpec;
        eventSpec.paymentId = QStringLiteral("pay_9");
        eventSpec.withMetadata = false;
        const json::OrderedValue event = composeWebhookEvent(eventSpec);
        QVERIFY(webhookPaymentId(event, true).isEmpty());
        QCOMPARE(webhookPaymentId(event), QStringLiteral("pay_9"));
    }

    void openfrontAction_documentedNames_areOnlyRecorded()
    {
        QCOMPARE(openfrontActionFor(QStringLiteral("payment.captured")), OpenfrontAction::None);
        QCOMPARE(openfrontActionFor(QStringLiteral("payment_intent.succeeded")),
                 OpenfrontAction::Captured);
        QCOMPARE(openfrontActionFor(QStringLiteral("PAYMENT.AUTHORIZATION.VOIDED")),
                 OpenfrontAction::Cancelled);
        QVERIFY(webhookEventTypes().contains(QStringLiteral("payment.refunded")));
        QVERIFY(webhookEventTypes().contains(QStringLiteral("PAYMENT.CAPTURE.DENIED")));
    }

    void plainSend_eachScheme_verifiesForACorrectReceiver_data()
    {
        QTest::addColumn<int>("scheme");
        QTest::newRow("gateway") << int(Scheme::Gateway);
        QTest::newRow("stripe") << int(Scheme::Stripe);
        QTest::newRow("standard") << int(Scheme::Standard);
    }
    void plainSend_eachScheme_verifiesForACorrectReceiver()
    {
        QFETCH(int, scheme);
        const WebhookSend send = buildWebhookSend(spec(Scheme(scheme), Tamper::None));
        QCOMPARE(send.messages.size(), 1);
        QCOMPARE(send.expected, ExpectedAnswer::Accept);
        QVERIFY(correctReceiverAccepts(send, send.messages.first()));
        QCOMPARE(send.messages.first().body, send.messages.first().eventBody);
    }

    void negativeSends_correctReceiverAnswersAsExpected_data()
    {
        QTest::addColumn<int>("scheme");
        QTest::addColumn<int>("tamper");
        for (const Scheme scheme : {Scheme::Gateway, Scheme::Stripe, Scheme::Standard}) {
            for (const QString &name : tamperNames()) {
                QTest::newRow(qPrintable(webhook::schemeName(scheme) + QLatin1Char('/') + name))
                    << int(scheme) << int(*tamperFromName(name));
            }
        }
    }
    void negativeSends_correctReceiverAnswersAsExpected()
    {
        QFETCH(int, scheme);
        QFETCH(int, tamper);
        const WebhookSend send = buildWebhookSend(spec(Scheme(scheme), Tamper(tamper)));
        for (const WebhookMessage &message : send.messages) {
            const bool accepts = correctReceiverAccepts(send, message);
            QCOMPARE(accepts, send.expected == ExpectedAnswer::Accept);
        }
        QVERIFY(!send.expectation.isEmpty());
    }

    void tamperedSends_differFromThePlainOneWhereTheyShould()
    {
        const WebhookSend plain = buildWebhookSend(spec(Scheme::Gateway, Tamper::None));
        const WebhookSend body = buildWebhookSend(spec(Scheme::Gateway, Tamper::Body));
        QCOMPARE(body.messages.first().signatureHeaders, plain.messages.first().signatureHeaders);
        QVERIFY(body.messages.first().eventBody != plain.messages.first().eventBody);

        const WebhookSend reserialized =
            buildWebhookSend(spec(Scheme::Gateway, Tamper::Reserialize));
        const QByteArray bytes = reserialized.messages.first().eventBody;
        QVERIFY(bytes != plain.messages.first().eventBody);
        QCOMPARE(json::stringify(*json::parse(bytes).value).size(),
                 plain.messages.first().eventBody.size());
        QVERIFY(bytes.contains('\n'));

        const WebhookSend duplicate = buildWebhookSend(spec(Scheme::Stripe, Tamper::Duplicate));
        QCOMPARE(duplicate.messages.size(), 2);
        QCOMPARE(duplicate.messages[0].body, duplicate.messages[1].body);

        const WebhookSend oversize = buildWebhookSend(spec(Scheme::Gateway, Tamper::Oversize));
        QVERIFY(oversize.messages.first().body.size() > kOpenfrontMaxWebhookBytes);
        QCOMPARE(oversize.expected, ExpectedAnswer::TooLarge);

        const WebhookSend staleGateway = buildWebhookSend(spec(Scheme::Gateway, Tamper::Timestamp));
        QCOMPARE(staleGateway.expected, ExpectedAnswer::Accept);
        const WebhookSend staleStripe = buildWebhookSend(spec(Scheme::Stripe, Tamper::Timestamp));
        QCOMPARE(staleStripe.expected, ExpectedAnswer::Reject);
    }

    void openfrontWrap_lowercasesHeadersAndCarriesRawBody()
    {
        const WebhookSend send =
            buildWebhookSend(spec(Scheme::Stripe, Tamper::Reserialize, WebhookWrap::Openfront));
        const WebhookMessage &message = send.messages.first();
        const auto parsed = json::parse(message.body);
        QVERIFY(parsed.value);
        const json::OrderedValue *headers = parsed.value->member(QStringLiteral("headers"));
        QVERIFY(headers);
        QVERIFY(headers->member(QStringLiteral("stripe-signature")));
        QVERIFY(!headers->member(QStringLiteral("Stripe-Signature")));
        QCOMPARE(headers->member(QStringLiteral("__rawBody"))->toString().toUtf8(),
                 message.eventBody);
        QVERIFY(parsed.value->member(QStringLiteral("provider")));
        QCOMPARE(
            parsed.value->member(QStringLiteral("event"))->member(QStringLiteral("id"))->toString(),
            QStringLiteral("evt_fixed"));
    }

    void defaultWrap_ingressUrlIsRaw()
    {
        QCOMPARE(defaultWrapFor(QStringLiteral("https://shop.example/api/payment-webhooks/cm1")),
                 WebhookWrap::Raw);
        QCOMPARE(defaultWrapFor(QStringLiteral("https://gw.example/api/handle-webhook")),
                 WebhookWrap::Openfront);
    }

    void judge_forgeryAccepted_isFailure()
    {
        const WebhookSend send = buildWebhookSend(spec(Scheme::Gateway, Tamper::Signature));
        QVERIFY(judgeWebhookAnswer(send, 0, 200, R"({"verified":true})").hasFailure());
        QCOMPARE(judgeWebhookAnswer(send, 0, 403, R"({"verified":false})").result(),
                 contract::Severity::Pass);
        QCOMPARE(judgeWebhookAnswer(send, 0, 200, R"({"verified":false})").result(),
                 contract::Severity::Warning);
        QCOMPARE(judgeWebhookAnswer(send, 0, 500, {}).result(), contract::Severity::Warning);
    }

    void judge_reserializedRefused_isFailureWithRawBodyAdvice()
    {
        const WebhookSend send = buildWebhookSend(spec(Scheme::Gateway, Tamper::Reserialize));
        const contract::Verdict verdict = judgeWebhookAnswer(send, 0, 403, {});
        QVERIFY(verdict.hasFailure());
        QVERIFY(verdict.findings.first().advice.contains(QStringLiteral("raw body")));
        QCOMPARE(judgeWebhookAnswer(send, 0, 200, R"({"verified":true})").result(),
                 contract::Severity::Pass);
    }

    void judge_oversize_rawWants413()
    {
        const WebhookSend send = buildWebhookSend(spec(Scheme::Gateway, Tamper::Oversize));
        QCOMPARE(judgeWebhookAnswer(send, 0, 413, {}).result(), contract::Severity::Pass);
        QVERIFY(judgeWebhookAnswer(send, 0, 200, {}).hasFailure());
        // Closed while the huge body was still going out: refused early, not a failure.
        QCOMPARE(judgeWebhookAnswer(send, 0, 0, {}, QStringLiteral("closed")).result(),
                 contract::Severity::Warning);
        const WebhookSend plain = buildWebhookSend(spec(Scheme::Gateway, Tamper::None));
        QVERIFY(judgeWebhookAnswer(plain, 0, 0, {}, QStringLiteral("refused")).hasFailure());
    }

    void verify_publishedVectors_areValid()
    {
        QVERIFY(
            explainSignature(kGatewayBody, {{"x-gateway-signature", kGatewayHex}}, kGatewaySecret)
                .valid());
        const SignatureExplanation stripe =
            explainSignature(kStripeBody, {{"Stripe-Signature", "t=1700000000,v1=" + kStripeHex}},
                             kStripeSecret, std::nullopt, 300, fixedClock(kStripeTimestamp + 10));
        QVERIFY(stripe.valid());
        QCOMPARE(stripe.scheme, Scheme::Stripe);
        QVERIFY(stripe.schemeGuessed);
        const SignatureExplanation standard = explainSignature(
            kStandardBody,
            {{"webhook-id", kStandardId},
             {"webhook-timestamp", QByteArray::number(kStandardTimestamp)},
             {"webhook-signature", kStandardSignature}},
            kStandardSecret, Scheme::Standard, 300, fixedClock(kStandardTimestamp));
        QVERIFY(standard.valid());
    }

    void verify_wrongSecret_isNamedWithExpectedBesideGiven()
    {
        const SignatureExplanation e =
            explainSignature(kGatewayBody, {{"x-gateway-signature", kGatewayHex}}, "another-secret",
                             Scheme::Gateway);
        QCOMPARE(e.cause, SignatureCause::WrongSecret);
        QCOMPARE(e.given, kGatewayHex);
        QVERIFY(e.expected != kGatewayHex);
        QCOMPARE(e.expected.size(), 64);
    }

    void verify_reserialisedBody_isNamed()
    {
        // The published vector's bytes, indented: the signature matches the compact form.
        const QByteArray indented = "{\n  \"id\": \"evt_1\",\n  \"type\": \"payment.captured\"\n}";
        const SignatureExplanation e = explainSignature(
            indented, {{"x-gateway-signature", kGatewayHex}}, kGatewaySecret, Scheme::Gateway);
        QCOMPARE(e.cause, SignatureCause::BodyReserialised);
        QVERIFY(e.explanation.contains(QStringLiteral("JSON.stringify")));
    }

    void verify_trailingNewline_isNamedAsReserialised()
    {
        const SignatureExplanation e = explainSignature(
            kGatewayBody + '\n', {{"x-gateway-signature", kGatewayHex}}, kGatewaySecret);
        QCOMPARE(e.cause, SignatureCause::BodyReserialised);
        QVERIFY(e.explanation.contains(QStringLiteral("newline")));
    }

    void verify_base64InsteadOfHex_isEncoding()
    {
        const SignatureExplanation e = explainSignature(
            kGatewayBody, {{"x-gateway-signature", kGatewayBase64}}, kGatewaySecret);
        QCOMPARE(e.cause, SignatureCause::Encoding);
        QCOMPARE(e.given, kGatewayBase64);
        QCOMPARE(e.expected, kGatewayHex);
    }

    void verify_hexInsteadOfBase64_standard_isEncoding()
    {
        const QByteArray hex =
            QByteArray::fromBase64(kStandardSignature.mid(3)).toHex(); // same HMAC, in hex
        const SignatureExplanation e = explainSignature(
            kStandardBody,
            {{"webhook-id", kStandardId},
             {"webhook-timestamp", QByteArray::number(kStandardTimestamp)},
             {"webhook-signature", "v1," + hex}},
            kStandardSecret, Scheme::Standard, 300, fixedClock(kStandardTimestamp));
        QCOMPARE(e.cause, SignatureCause::Encoding);
    }

    void verify_staleTimestamp_isTimestamp()
    {
        const SignatureExplanation e = explainSignature(
            kStripeBody, {{"Stripe-Signature", "t=1700000000,v1=" + kStripeHex}}, kStripeSecret,
            Scheme::Stripe, 300, fixedClock(kStripeTimestamp + 3600));
        QCOMPARE(e.cause, SignatureCause::Timestamp);
        QVERIFY(e.explanation.contains(QStringLiteral("3600")));
    }

    void verify_rightSignatureUnderOtherHeaderName_isHeaderName()
    {
        const SignatureExplanation e = explainSignature(
            kGatewayBody, {{"Content-Type", "application/json"}, {"X-Signature", kGatewayHex}},
            kGatewaySecret, Scheme::Gateway);
        QCOMPARE(e.cause, SignatureCause::HeaderName);
        QVERIFY(e.explanation.contains(QStringLiteral("X-Signature")));
        QVERIFY(e.explanation.contains(QStringLiteral("x-gateway-signature")));
    }

    void verify_stripeHeadersCheckedAsGateway_isOtherScheme()
    {
        const SignatureExplanation e =
            explainSignature(kStripeBody, {{"Stripe-Signature", "t=1700000000,v1=" + kStripeHex}},
                             kStripeSecret, Scheme::Gateway, 300, fixedClock(kStripeTimestamp));
        QCOMPARE(e.cause, SignatureCause::OtherScheme);
    }

    void verify_standardSignedWithSecretText_isSecretFormat()
    {
        const QByteArray textKeyed =
            webhook::hmacSha256(kStandardSecret, kStandardId + ".1614265330." + kStandardBody)
                .toBase64();
        const SignatureExplanation e = explainSignature(kStandardBody,
                                                        {{"webhook-id", kStandardId},
                                                         {"webhook-timestamp", "1614265330"},
                                                         {"webhook-signature", "v1," + textKeyed}},
                                                        kStandardSecret, Scheme::Standard, 300,
                                                        fixedClock(kStandardTimestamp));
        QCOMPARE(e.cause, SignatureCause::SecretFormat);
    }

    void verify_noSignatureAtAll_isMissingHeader()
    {
        const SignatureExplanation e =
            explainSignature(kGatewayBody, {}, kGatewaySecret, Scheme::Gateway);
        QCOMPARE(e.cause, SignatureCause::MissingHeader);
        QCOMPARE(e.expected, kGatewayHex);
    }

    void parseHeaderLine_splitsAtFirstColon()
    {
        const auto header = parseHeaderLine(QStringLiteral("Stripe-Signature: t=1,v1=ab:cd"));
        QVERIFY(header);
        QCOMPARE(header->first, QByteArray("Stripe-Signature"));
        QCOMPARE(header->second, QByteArray("t=1,v1=ab:cd"));
        QVERIFY(!parseHeaderLine(QStringLiteral("no colon")));
        QVERIFY(!parseHeaderLine(QStringLiteral(": value")));
    }
};

QTEST_GUILESS_MAIN(TestWebhookLab)
#include "tst_webhooklab.moc"
