#include "CliRunner.h"
#include "LoopbackHttpServer.h"
#include "OrderedJson.h"
#include "PaymentDiagnosis.h"
#include "PaymentTimeline.h"
#include "WebhookLab.h"
#include "WebhookSender.h"
#include "WebhookSigner.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

using namespace paybench;
using paybench::test::CliRunner;
using paybench::test::LoopbackHttpServer;

namespace {

// Computed with: printf '%s' BODY | openssl dgst -sha256 -hmac lab-gateway-secret
// (and printf '%s\n' for the body with a final newline).
const QByteArray kBody = R"({"id":"evt_1","type":"payment.captured"})";
const QString kSecret = QStringLiteral("lab-gateway-secret");
const QByteArray kHex = "ed19503de333b09dfbf2a6a6d4a6d8d07efcd4caa728f32fffd27f6cb305fff5";
const QByteArray kHexWithNewline =
    "2427f1ade279c6b93732d63f9fe3251649c2702859a2061ed611adb24a9abee9";
// printf '%s' '1700000000.{"id":"evt_1","type":"payment_intent.succeeded"}' |
//   openssl dgst -sha256 -hmac whsec_lab_stripe
const QByteArray kStripeBody = R"({"id":"evt_1","type":"payment_intent.succeeded"})";
const QByteArray kStripeHex = "bc39ff7677b7113d6d54ab8142896633a6410f280c5f829319c16c9f495be156";
// The Standard Webhooks specification's example.
const QByteArray kStandardSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

enum class Receiver { Correct, Reserialising, AcceptsAll };

// A handle-webhook function as a test double: checks x-gateway-signature over the raw body
// (correct), over JSON.stringify(event) (the common bug), or not at all.
LoopbackHttpServer::Answer handleWebhook(Receiver kind, const LoopbackHttpServer::Request &request)
{
    if (request.body.size() > 1'000'000)
        return {413, "application/json", R"({"error":"too large"})"};
    const auto parsed = json::parse(request.body);
    if (!parsed.value)
        return {400, "application/json", R"({"error":"not JSON"})"};
    const json::OrderedValue *headers = parsed.value->member(QStringLiteral("headers"));
    const json::OrderedValue *event = parsed.value->member(QStringLiteral("event"));
    if (!headers || !event)
        return {400, "application/json", R"({"error":"missing"})"};
    const QByteArray signature =
        headers->member(QStringLiteral("x-gateway-signature"))->toString().toLatin1();
    const QByteArray signedBytes =
        kind == Receiver::Reserialising
            ? json::stringify(*event)
            : headers->member(QStringLiteral("__rawBody"))->toString().toUtf8();
    const bool valid = kind == Receiver::AcceptsAll ||
                       webhook::WebhookSigner(webhook::Scheme::Gateway, kSecret.toUtf8())
                           .verify(signedBytes, {{"x-gateway-signature", signature}})
                           .valid();
    if (!valid)
        return {403, "application/json", R"({"verified":false,"error":"Invalid signature"})"};
    return {200, "application/json", R"({"verified":true,"shouldUpdatePayment":true})"};
}

} // namespace

class TestWebhookCommand : public QObject
{
    Q_OBJECT

private slots:
    // Sends are kept in the call history: the test-mode one, never the user's.
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void sign_gateway_printsHeaderLine()
    {
        const auto run = CliRunner().run({QStringLiteral("webhook"), QStringLiteral("sign"),
                                          QStringLiteral("--secret"), kSecret},
                                         kBody);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QStringLiteral("x-gateway-signature: ") + QString::fromLatin1(kHex) +
                              QLatin1Char('\n'));
    }

    void sign_readsStdinByteForByte()
    {
        const auto run = CliRunner().run({QStringLiteral("webhook"), QStringLiteral("sign"),
                                          QStringLiteral("--secret"), kSecret},
                                         kBody + '\n');
        QCOMPARE(run.out.trimmed(),
                 QStringLiteral("x-gateway-signature: ") + QString::fromLatin1(kHexWithNewline));
    }

    void sign_stripe_usesGivenTimestamp()
    {
        const auto run = CliRunner().run(
            {QStringLiteral("webhook"), QStringLiteral("sign"), QStringLiteral("--secret"),
             QStringLiteral("whsec_lab_stripe"), QStringLiteral("--scheme"),
             QStringLiteral("stripe"), QStringLiteral("--timestamp"), QStringLiteral("1700000000")},
            kStripeBody);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out.trimmed(), QStringLiteral("Stripe-Signature: t=1700000000,v1=") +
                                        QString::fromLatin1(kStripeHex));
    }

    void sign_standard_matchesPublishedExample()
    {
        const auto run = CliRunner().run(
            {QStringLiteral("webhook"), QStringLiteral("sign"), QStringLiteral("--secret"),
             QStringLiteral("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), QStringLiteral("--scheme"),
             QStringLiteral("standard"), QStringLiteral("--timestamp"),
             QStringLiteral("1614265330"), QStringLiteral("--id"),
             QStringLiteral("msg_p5jXN8AQM9LWM0D4loKWxJek")},
            R"({"test": 2432232314})");
        QCOMPARE(run.exitCode, 0);
        const QStringList lines = run.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QStringLiteral("webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek"));
        QCOMPARE(lines[1], QStringLiteral("webhook-timestamp: 1614265330"));
        QCOMPARE(lines[2],
                 QStringLiteral("webhook-signature: ") + QString::fromLatin1(kStandardSignature));
    }

    void sign_unknownScheme_isUsageError()
    {
        const auto run = CliRunner().run({QStringLiteral("webhook"), QStringLiteral("sign"),
                                          QStringLiteral("--secret"), kSecret,
                                          QStringLiteral("--scheme"), QStringLiteral("hmac")},
                                         kBody);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains(QStringLiteral("gateway|stripe|standard")));
    }

    void verify_validSignature_exitsZero()
    {
        const auto run =
            CliRunner().run({QStringLiteral("webhook"), QStringLiteral("verify"),
                             QStringLiteral("--secret"), kSecret, QStringLiteral("--header"),
                             QStringLiteral("x-gateway-signature: ") + QString::fromLatin1(kHex)},
                            kBody);
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.startsWith(QStringLiteral("valid")));
    }

    void verify_wrongSecret_exitsOneWithExpectedBesideGiven()
    {
        const auto run = CliRunner().run(
            {QStringLiteral("webhook"), QStringLiteral("verify"), QStringLiteral("--secret"),
             QStringLiteral("not-it"), QStringLiteral("--header"),
             QStringLiteral("x-gateway-signature: ") + QString::fromLatin1(kHex)},
            kBody);
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains(QStringLiteral("cause:    wrong-secret")));
        QVERIFY(run.out.contains(QStringLiteral("given:    ") + QString::fromLatin1(kHex)));
        QVERIFY(run.out.contains(QStringLiteral("expected: ")));
    }

    void verify_staleStripe_json_namesTimestamp()
    {
        const auto run = CliRunner().run(
            {QStringLiteral("webhook"), QStringLiteral("verify"), QStringLiteral("--secret"),
             QStringLiteral("whsec_lab_stripe"), QStringLiteral("--header"),
             QStringLiteral("Stripe-Signature: t=1700000000,v1=") + QString::fromLatin1(kStripeHex),
             QStringLiteral("--now"), QStringLiteral("1700000900"), QStringLiteral("--json")},
            kStripeBody);
        QCOMPARE(run.exitCode, 1);
        const auto parsed = json::parse(run.out.toUtf8());
        QVERIFY(parsed.value);
        QCOMPARE(parsed.value->member(QStringLiteral("cause"))->toString(),
                 QStringLiteral("timestamp"));
        QCOMPARE(parsed.value->member(QStringLiteral("scheme"))->toString(),
                 QStringLiteral("stripe"));
    }

    void verify_withoutHeader_isUsageError()
    {
        const auto run = CliRunner().run({QStringLiteral("webhook"), QStringLiteral("verify"),
                                          QStringLiteral("--secret"), kSecret},
                                         kBody);
        QCOMPARE(run.exitCode, 2);
    }

    void send_correctReceiver_everyNegativeSendPasses_data()
    {
        QTest::addColumn<QString>("tamper");
        for (const char *tamper :
             {"none", "signature", "body", "reserialize", "timestamp", "duplicate", "oversize"})
            QTest::newRow(tamper) << QString::fromLatin1(tamper);
    }
    void send_correctReceiver_everyNegativeSendPasses()
    {
        QFETCH(QString, tamper);
        LoopbackHttpServer server([](const LoopbackHttpServer::Request &r) {
            return handleWebhook(Receiver::Correct, r);
        });
        const auto run = sendTo(server, tamper);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QCOMPARE(server.requests.size(), tamper == QLatin1String("duplicate") ? 2 : 1);
        const auto report = json::parse(run.out.toUtf8());
        QVERIFY(report.value);
        QCOMPARE(report.value->member(QStringLiteral("verdict"))
                     ->member(QStringLiteral("result"))
                     ->toString(),
                 QStringLiteral("pass"));
        // The secret travels in the wrapped body but never in the report.
        QVERIFY(!run.out.contains(kSecret));
        QVERIFY(server.requests.first().body.contains(kSecret.toUtf8()));
    }

    void send_reserialisingReceiver_failsReserializeOnly()
    {
        LoopbackHttpServer server([](const LoopbackHttpServer::Request &r) {
            return handleWebhook(Receiver::Reserialising, r);
        });
        QCOMPARE(sendTo(server, QStringLiteral("none")).exitCode, 0);
        const auto run = sendTo(server, QStringLiteral("reserialize"));
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains(QStringLiteral("raw body")));
    }

    void send_receiverAcceptingEverything_failsForgedSignature()
    {
        LoopbackHttpServer server([](const LoopbackHttpServer::Request &r) {
            return handleWebhook(Receiver::AcceptsAll, r);
        });
        const auto run = sendTo(server, QStringLiteral("signature"));
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.contains(QStringLiteral("forgery-accepted")));
    }

    void send_nobodyListening_exitsTwo()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        const auto run = CliRunner().run(
            {QStringLiteral("webhook"), QStringLiteral("send"), QStringLiteral("--url"),
             QStringLiteral("http://127.0.0.1:%1/api/handle-webhook").arg(port),
             QStringLiteral("--secret"), kSecret, QStringLiteral("--type"),
             QStringLiteral("payment.captured"), QStringLiteral("--payment-id"),
             QStringLiteral("pay_1"), QStringLiteral("--timeout"), QStringLiteral("5")});
        QCOMPARE(run.exitCode, 2);
    }

    void send_credentialsFile_reachesProviderButNotTheReport()
    {
        LoopbackHttpServer server([](const LoopbackHttpServer::Request &r) {
            return handleWebhook(Receiver::Correct, r);
        });
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("credentials.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"apiKey":"sk_webhook_cli_api_key"})");
        file.close();
        const auto run = CliRunner().run(
            {QStringLiteral("webhook"), QStringLiteral("send"), QStringLiteral("--url"),
             QStringLiteral("http://127.0.0.1:%1/api/handle-webhook").arg(server.port()),
             QStringLiteral("--secret"), kSecret, QStringLiteral("--credentials"), file.fileName(),
             QStringLiteral("--type"), QStringLiteral("payment.captured"),
             QStringLiteral("--payment-id"), QStringLiteral("pay_1")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(server.requests.first().body.contains("\"apiKey\":\"sk_webhook_cli_api_key\""));
        QVERIFY(!run.out.contains(QStringLiteral("sk_webhook_cli_api_key")));
    }

    void capture_printsVerifiedWebhookAndStopsAfterCount()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        // Sent from inside the command's event loop, once it listens.
        support::WebhookSender sender;
        QTimer::singleShot(200, &sender, [&] {
            support::WebhookSendSpec spec;
            spec.secret = kSecret.toUtf8();
            spec.event.paymentId = QStringLiteral("pay_c");
            spec.wrap = support::WebhookWrap::Raw;
            sender.start(QUrl(QStringLiteral("http://127.0.0.1:%1/capture/hook").arg(port)),
                         support::buildWebhookSend(spec), {kSecret});
        });
        const auto run = CliRunner().run({QStringLiteral("webhook"), QStringLiteral("capture"),
                                          QStringLiteral("--secret"), kSecret,
                                          QStringLiteral("--port"), QString::number(port),
                                          QStringLiteral("--count"), QStringLiteral("1")});
        QCOMPARE(run.exitCode, 0);
        const auto line = json::parse(run.out.trimmed().toUtf8());
        QVERIFY2(line.value, qPrintable(run.out));
        QCOMPARE(line.value->member(QStringLiteral("valid"))->toBool(), true);
        QCOMPARE(line.value->member(QStringLiteral("path"))->toString(),
                 QStringLiteral("/capture/hook"));
        QVERIFY2(
            run.err.contains(QStringLiteral("capturing at http://127.0.0.1:%1/capture").arg(port)),
            qPrintable(run.err));
    }

    void send_withProvider_isKeptInTheHistoryForDiagnosis()
    {
        LoopbackHttpServer server([](const LoopbackHttpServer::Request &r) {
            return handleWebhook(Receiver::Correct, r);
        });
        // Unique per run: the test-mode history outlives the process.
        const QString paymentId =
            QStringLiteral("pay_") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        const auto send = [&](const QStringList &extra) {
            return CliRunner().run(
                QStringList{
                    QStringLiteral("webhook"), QStringLiteral("send"), QStringLiteral("--url"),
                    QStringLiteral("http://127.0.0.1:%1/api/handle-webhook").arg(server.port()),
                    QStringLiteral("--secret"), kSecret, QStringLiteral("--type"),
                    QStringLiteral("payment.captured"), QStringLiteral("--payment-id"), paymentId,
                    QStringLiteral("--provider"), QStringLiteral("pp_lab")} +
                extra);
        };
        QCOMPARE(send({QStringLiteral("--tamper"), QStringLiteral("duplicate")}).exitCode, 0);
        QCOMPARE(send({QStringLiteral("--no-history")}).exitCode, 0);

        client::CallHistory history;
        QString error;
        QVERIFY2(history.open(&error), qPrintable(error));
        const QVector<client::HistoryEntry> kept =
            support::paymentHistory(history, QStringLiteral("pp_lab"), paymentId, 100);
        QCOMPARE(kept.size(), 2); // the duplicate's two messages; --no-history left nothing
        for (const client::HistoryEntry &entry : kept) {
            QCOMPARE(entry.function, QStringLiteral("handle-webhook"));
            QVERIFY(!entry.report.contains(kSecret.toUtf8()));
        }
        const auto event = support::timelineEventFromHistory(kept.first());
        QVERIFY(event);
        QCOMPARE(event->kind, support::TimelineEvent::Kind::Webhook);
        QCOMPARE(event->eventType, QStringLiteral("payment.captured"));
    }

    void send_badTamperName_isUsageError()
    {
        const auto run = CliRunner().run(
            {QStringLiteral("webhook"), QStringLiteral("send"), QStringLiteral("--url"),
             QStringLiteral("http://127.0.0.1:1/x"), QStringLiteral("--secret"), kSecret,
             QStringLiteral("--type"), QStringLiteral("payment.captured"),
             QStringLiteral("--payment-id"), QStringLiteral("pay_1"), QStringLiteral("--tamper"),
             QStringLiteral("everything")});
        QCOMPARE(run.exitCode, 2);
    }

private:
    static test::CliRun sendTo(const LoopbackHttpServer &server, const QString &tamper)
    {
        return CliRunner().run(
            {QStringLiteral("webhook"), QStringLiteral("send"), QStringLiteral("--url"),
             QStringLiteral("http://127.0.0.1:%1/api/handle-webhook").arg(server.port()),
             QStringLiteral("--secret"), kSecret, QStringLiteral("--type"),
             QStringLiteral("payment_intent.succeeded"), QStringLiteral("--payment-id"),
             QStringLiteral("pay_42"), QStringLiteral("--tamper"), tamper,
             QStringLiteral("--timeout"), QStringLiteral("10")});
    }
};

QTEST_GUILESS_MAIN(TestWebhookCommand)
#include "tst_webhookcommand.moc"
