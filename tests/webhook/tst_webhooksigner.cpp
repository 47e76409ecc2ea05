#include "WebhookSigner.h"

#include <QTest>

using namespace paybench::webhook;

namespace {

// Expected values below were computed outside this code: with
//   printf '%s' BODY | openssl dgst -sha256 -hmac SECRET
// or taken from published examples (RFC 4231, the Standard Webhooks specification).
const QByteArray kGatewayBody =
    R"({"id":"evt_1","type":"payment.captured","data":{"payment":{"id":"pay_1"}}})";
const QByteArray kGatewaySecret = "gw_secret";
const QByteArray kGatewayHex = "aa85bd52b8fea193db9a4a492b838a10b5cc5c7c09a9a301ab2adcf02cb660cd";

const QByteArray kStripeBody = R"({"id":"evt_1","type":"payment.captured"})";
const QByteArray kStripeSecret = "whsec_stripe_test"; // Stripe uses the whole string as the key
const qint64 kStripeTimestamp = 1700000000;
const QByteArray kStripeHex = "f80407a2380ebfab7d26c9f21031c5787eaae80c159ae55fd3fe64099e2474a5";

// The example of the Standard Webhooks specification (github.com/standard-webhooks).
const QByteArray kStandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const QByteArray kStandardId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const qint64 kStandardTimestamp = 1614265330;
const QByteArray kStandardBody = R"({"test": 2432232314})";
const QByteArray kStandardSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

Clock fixedClock(qint64 seconds)
{
    return [seconds] { return seconds; };
}

} // namespace

class TestWebhookSigner : public QObject
{
    Q_OBJECT

private slots:
    void hmacSha256_rfc4231Case2_matches()
    {
        QCOMPARE(hmacSha256("Jefe", "what do ya want for nothing?").toHex(),
                 QByteArray("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    }

    void hmacSha256_emptyBody_matchesOpenssl()
    {
        QCOMPARE(hmacSha256("key", {}).toHex(),
                 QByteArray("5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0"));
    }

    void constantTimeEquals_comparesContentAndLength()
    {
        QVERIFY(constantTimeEquals("abc", "abc"));
        QVERIFY(!constantTimeEquals("abc", "abd"));
        QVERIFY(!constantTimeEquals("abc", "abcd"));
        QVERIFY(constantTimeEquals({}, {}));
    }

    void schemeNames_roundTrip()
    {
        for (const QString &name : schemeNames())
            QCOMPARE(schemeName(*schemeFromName(name)), name);
        QVERIFY(!schemeFromName(QStringLiteral("hmac")));
    }

    void gatewaySign_knownVector_isLowercaseHex()
    {
        const WebhookSigner signer(Scheme::Gateway, kGatewaySecret, fixedClock(0));
        const HeaderList headers = signer.sign(kGatewayBody);
        QCOMPARE(headers.size(), 1);
        QCOMPARE(headers.first().first, QByteArray("x-gateway-signature"));
        QCOMPARE(headers.first().second, kGatewayHex);
    }

    void gatewayVerify_knownVector_isValid()
    {
        const WebhookSigner signer(Scheme::Gateway, kGatewaySecret, fixedClock(0));
        const VerifyResult r = signer.verify(kGatewayBody, {{"X-Gateway-Signature", kGatewayHex}});
        QVERIFY2(r.valid(), qPrintable(r.explanation));
        QCOMPARE(r.expected, kGatewayHex);
        QCOMPARE(r.given, kGatewayHex);
    }

    void gatewayVerify_uppercaseHex_isValid()
    {
        const WebhookSigner signer(Scheme::Gateway, kGatewaySecret, fixedClock(0));
        QVERIFY(
            signer.verify(kGatewayBody, {{"x-gateway-signature", kGatewayHex.toUpper()}}).valid());
    }

    void gatewayVerify_reserialisedBody_isMismatchWithExpected()
    {
        const WebhookSigner signer(Scheme::Gateway, kGatewaySecret, fixedClock(0));
        QByteArray spaced = kGatewayBody;
        spaced.replace(",", ", ");
        const VerifyResult r = signer.verify(spaced, {{"x-gateway-signature", kGatewayHex}});
        QCOMPARE(r.reason, VerifyResult::Reason::Mismatch);
        QVERIFY(r.expected != kGatewayHex);
        QCOMPARE(r.given, kGatewayHex);
        QVERIFY(r.explanation.contains(QStringLiteral("re-serialised")));
    }

    void gatewayVerify_wrongSecret_isMismatch()
    {
        const WebhookSigner signer(Scheme::Gateway, "other", fixedClock(0));
        QCOMPARE(signer.verify(kGatewayBody, {{"x-gateway-signature", kGatewayHex}}).reason,
                 VerifyResult::Reason::Mismatch);
    }

    void gatewayVerify_missingHeader_saysSo()
    {
        const WebhookSigner signer(Scheme::Gateway, kGatewaySecret, fixedClock(0));
        const VerifyResult r = signer.verify(kGatewayBody, {{"content-type", "application/json"}});
        QCOMPARE(r.reason, VerifyResult::Reason::MissingHeader);
        QVERIFY(r.explanation.contains(QStringLiteral("x-gateway-signature")));
        QCOMPARE(r.expected, kGatewayHex);
    }

    void gatewayVerify_base64Signature_isBadFormatWithHint()
    {
        const WebhookSigner signer(Scheme::Gateway, kGatewaySecret, fixedClock(0));
        const QByteArray base64 = QByteArray::fromHex(kGatewayHex).toBase64();
        const VerifyResult r = signer.verify(kGatewayBody, {{"x-gateway-signature", base64}});
        QCOMPARE(r.reason, VerifyResult::Reason::BadFormat);
        QVERIFY(r.explanation.contains(QStringLiteral("base64")));
    }

    void stripeSign_knownVector_matches()
    {
        const WebhookSigner signer(Scheme::Stripe, kStripeSecret, fixedClock(kStripeTimestamp));
        const HeaderList headers = signer.sign(kStripeBody);
        QCOMPARE(headers.size(), 1);
        QCOMPARE(headers.first().first, QByteArray("Stripe-Signature"));
        QCOMPARE(headers.first().second, "t=1700000000,v1=" + kStripeHex);
    }

    void stripeVerify_withinTolerance_isValid()
    {
        const WebhookSigner signer(Scheme::Stripe, kStripeSecret,
                                   fixedClock(kStripeTimestamp + 299));
        const VerifyResult r =
            signer.verify(kStripeBody, {{"stripe-signature", "t=1700000000,v1=" + kStripeHex}});
        QVERIFY2(r.valid(), qPrintable(r.explanation));
    }

    void stripeVerify_oneOfSeveralSignatures_isValid()
    {
        const WebhookSigner signer(Scheme::Stripe, kStripeSecret, fixedClock(kStripeTimestamp));
        // A second v1 from a rolled secret, and a v0 scheme entry that must be ignored.
        const QByteArray other = "270ae645bcb18b2b33ae6a741bc69598d8b719f82448e488e19e1f5b819889a3";
        const QByteArray header = "t=1700000000,v1=" + other + ",v1=" + kStripeHex + ",v0=abc";
        QVERIFY(signer.verify(kStripeBody, {{"Stripe-Signature", header}}).valid());
    }

    void stripeVerify_staleTimestamp_isOutsideTolerance()
    {
        const WebhookSigner signer(Scheme::Stripe, kStripeSecret,
                                   fixedClock(kStripeTimestamp + 301));
        const VerifyResult r =
            signer.verify(kStripeBody, {{"Stripe-Signature", "t=1700000000,v1=" + kStripeHex}});
        QCOMPARE(r.reason, VerifyResult::Reason::OutsideTolerance);
        QVERIFY(r.explanation.contains(QStringLiteral("301 seconds")));
    }

    void stripeVerify_futureTimestamp_isOutsideTolerance()
    {
        const WebhookSigner signer(Scheme::Stripe, kStripeSecret,
                                   fixedClock(kStripeTimestamp - 1000));
        QCOMPARE(signer.verify(kStripeBody, {{"Stripe-Signature", "t=1700000000,v1=" + kStripeHex}})
                     .reason,
                 VerifyResult::Reason::OutsideTolerance);
    }

    void stripeVerify_otherTimestamp_isMismatch()
    {
        const WebhookSigner signer(Scheme::Stripe, kStripeSecret, fixedClock(kStripeTimestamp));
        const VerifyResult r =
            signer.verify(kStripeBody, {{"Stripe-Signature", "t=1700000001,v1=" + kStripeHex}});
        QCOMPARE(r.reason, VerifyResult::Reason::Mismatch);
    }

    void stripeVerify_malformedHeader_isBadFormat()
    {
        const WebhookSigner signer(Scheme::Stripe, kStripeSecret, fixedClock(kStripeTimestamp));
        QCOMPARE(signer.verify(kStripeBody, {{"Stripe-Signature", kStripeHex}}).reason,
                 VerifyResult::Reason::BadFormat);
        QCOMPARE(
            signer.verify(kStripeBody, {{"Stripe-Signature", "t=abc,v1=" + kStripeHex}}).reason,
            VerifyResult::Reason::BadFormat);
        QCOMPARE(signer.verify(kStripeBody, {}).reason, VerifyResult::Reason::MissingHeader);
    }

    void standardKey_whsecPrefix_isBase64Decoded()
    {
        const StandardKey key = standardWebhooksKey(kStandardSecret);
        QVERIFY(key.decoded);
        QCOMPARE(key.key.toHex(), QByteArray("31f290f6bf06298aab4f08d43c3f082cf648a362da2da4b0"));
    }

    void standardKey_notBase64_usesRawBytes()
    {
        const StandardKey key = standardWebhooksKey("not base64!");
        QVERIFY(!key.decoded);
        QCOMPARE(key.key, QByteArray("not base64!"));
    }

    void standardSign_specExample_matches()
    {
        const WebhookSigner signer(Scheme::Standard, kStandardSecret,
                                   fixedClock(kStandardTimestamp));
        const HeaderList headers = signer.sign(kStandardBody, kStandardId);
        QCOMPARE(headerValue(headers, "webhook-id"), std::optional<QByteArray>(kStandardId));
        QCOMPARE(headerValue(headers, "webhook-timestamp"),
                 std::optional<QByteArray>("1614265330"));
        QCOMPARE(headerValue(headers, "webhook-signature"),
                 std::optional<QByteArray>(kStandardSignature));
    }

    void standardVerify_specExample_isValid()
    {
        const WebhookSigner signer(Scheme::Standard, kStandardSecret,
                                   fixedClock(kStandardTimestamp + 10));
        const HeaderList headers = {{"Webhook-Id", kStandardId},
                                    {"Webhook-Timestamp", "1614265330"},
                                    {"Webhook-Signature", "v1,bm90IGl0 " + kStandardSignature}};
        const VerifyResult r = signer.verify(kStandardBody, headers);
        QVERIFY2(r.valid(), qPrintable(r.explanation));
        QCOMPARE(r.expected, kStandardSignature);
    }

    void standardVerify_otherId_isMismatch()
    {
        const WebhookSigner signer(Scheme::Standard, kStandardSecret,
                                   fixedClock(kStandardTimestamp));
        const HeaderList headers = {{"webhook-id", "msg_other"},
                                    {"webhook-timestamp", "1614265330"},
                                    {"webhook-signature", kStandardSignature}};
        QCOMPARE(signer.verify(kStandardBody, headers).reason, VerifyResult::Reason::Mismatch);
    }

    void standardVerify_staleTimestamp_isOutsideTolerance()
    {
        const WebhookSigner signer(Scheme::Standard, kStandardSecret,
                                   fixedClock(kStandardTimestamp + 3600));
        const HeaderList headers = {{"webhook-id", kStandardId},
                                    {"webhook-timestamp", "1614265330"},
                                    {"webhook-signature", kStandardSignature}};
        const VerifyResult r = signer.verify(kStandardBody, headers, 60);
        QCOMPARE(r.reason, VerifyResult::Reason::OutsideTolerance);
        QCOMPARE(r.headerName, QByteArray("webhook-timestamp"));
    }

    void standardVerify_missingId_isMissingHeader()
    {
        const WebhookSigner signer(Scheme::Standard, kStandardSecret,
                                   fixedClock(kStandardTimestamp));
        const HeaderList headers = {{"webhook-timestamp", "1614265330"},
                                    {"webhook-signature", kStandardSignature}};
        const VerifyResult r = signer.verify(kStandardBody, headers);
        QCOMPARE(r.reason, VerifyResult::Reason::MissingHeader);
        QCOMPARE(r.headerName, QByteArray("webhook-id"));
    }

    void standardVerify_hexSignature_isBadFormat()
    {
        const WebhookSigner signer(Scheme::Standard, kStandardSecret,
                                   fixedClock(kStandardTimestamp));
        const HeaderList headers = {{"webhook-id", kStandardId},
                                    {"webhook-timestamp", "1614265330"},
                                    {"webhook-signature", kGatewayHex}};
        QCOMPARE(signer.verify(kStandardBody, headers).reason, VerifyResult::Reason::BadFormat);
    }

    void reasonName_isStableForTools()
    {
        QCOMPARE(reasonName(VerifyResult::Reason::Valid), QStringLiteral("valid"));
        QCOMPARE(reasonName(VerifyResult::Reason::MissingHeader), QStringLiteral("missing-header"));
        QCOMPARE(reasonName(VerifyResult::Reason::BadFormat), QStringLiteral("bad-format"));
        QCOMPARE(reasonName(VerifyResult::Reason::OutsideTolerance),
                 QStringLiteral("timestamp-outside-tolerance"));
        QCOMPARE(reasonName(VerifyResult::Reason::Mismatch), QStringLiteral("mismatch"));
    }

    void signThenVerify_everyScheme_roundTrips()
    {
        const QByteArray body = R"({"a":1,"b":"ü"})";
        for (const Scheme scheme : {Scheme::Gateway, Scheme::Stripe, Scheme::Standard}) {
            const WebhookSigner signer(scheme,
                                       "whsec_c2VjcmV0LWtleS1ieXRlcw==", fixedClock(1800000000));
            const HeaderList headers = signer.sign(body, "evt_42");
            QVERIFY2(signer.verify(body, headers).valid(), qPrintable(schemeName(scheme)));
            QVERIFY(!signer.verify(body + ' ', headers).valid());
        }
    }
};

QTEST_APPLESS_MAIN(TestWebhookSigner)
#include "tst_webhooksigner.moc"
