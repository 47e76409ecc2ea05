#include "DemoGateway.h"
#include "GatewayTestClient.h"
#include "WebhookSigner.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <memory>

using namespace paybench::gateway;
using namespace paybench::gateway::testing;
using paybench::webhook::Scheme;
using paybench::webhook::WebhookSigner;

namespace {

const QString kApiKey = QStringLiteral("sk_test_gateway_key");
const QString kSecret = QStringLiteral("whsec_gateway_test_secret");

QJsonObject documentedProvider(const QString &apiKey = kApiKey)
{
    return {{QStringLiteral("name"), QStringLiteral("Demo")},
            {QStringLiteral("credentials"),
             QJsonObject{{QStringLiteral("apiKey"), apiKey},
                         {QStringLiteral("webhookSecret"), kSecret},
                         {QStringLiteral("environment"), QStringLiteral("sandbox")}}}};
}

QJsonObject createBody(qint64 amount, const QString &currency = QStringLiteral("USD"))
{
    return {{QStringLiteral("provider"), documentedProvider()},
            {QStringLiteral("cart"), QJsonObject{{QStringLiteral("id"), QStringLiteral("cart_1")},
                                                 {QStringLiteral("total"), amount},
                                                 {QStringLiteral("currency"), currency}}},
            {QStringLiteral("amount"), amount},
            {QStringLiteral("currency"), currency}};
}

QJsonObject paymentBody(const QString &paymentId, std::optional<qint64> amount = std::nullopt)
{
    QJsonObject body{{QStringLiteral("provider"), documentedProvider()},
                     {QStringLiteral("paymentId"), paymentId}};
    if (amount)
        body.insert(QStringLiteral("amount"), *amount);
    return body;
}

} // namespace

class TestDemoGateway : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DemoGateway> m_gateway;
    std::unique_ptr<TestClient> m_client;
    QDateTime m_now = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), QTimeZone::utc());

    GatewayConfig baseConfig() const
    {
        GatewayConfig config;
        config.apiKey = kApiKey;
        config.webhookSecret = kSecret;
        config.port = 0;
        return config;
    }

    void startWith(const GatewayConfig &config)
    {
        m_gateway = std::make_unique<DemoGateway>();
        m_gateway->setClock([this] { return m_now; });
        m_gateway->setConfig(config);
        QString error;
        const quint16 port = m_gateway->start(&error);
        QVERIFY2(port != 0, qPrintable(error));
        m_client = std::make_unique<TestClient>(port);
    }

    QString createPayment(qint64 amount = 1000)
    {
        const HttpReply reply =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(amount));
        return reply.json.value(QStringLiteral("paymentId")).toString();
    }

    QJsonObject status(const QString &paymentId)
    {
        return m_client->post(QStringLiteral("/api/get-payment-status"), paymentBody(paymentId))
            .json;
    }

    // handle-webhook as Openfront calls it, with `eventBytes` verbatim as the event (the order
    // JSON.stringify keeps) and a gateway signature over `signedBytes`. `rawBodyKey`: the header
    // carrying the signed bytes (e23341c: `__rawbody`), or empty (55912a7 sends no raw body).
    HttpReply sendWebhook(const QByteArray &eventBytes, const QString &rawBodyKey = {},
                          const QByteArray &signedBytes = {})
    {
        const QByteArray bytes = signedBytes.isEmpty() ? eventBytes : signedBytes;
        const QByteArray signature =
            WebhookSigner(Scheme::Gateway, kSecret.toUtf8()).sign(bytes).first().second;
        QByteArray headers = "{\"x-gateway-signature\":\"" + signature + "\"";
        if (!rawBodyKey.isEmpty()) {
            const QByteArray quoted =
                QJsonDocument(QJsonArray{QString::fromUtf8(bytes)}).toJson(QJsonDocument::Compact);
            headers += ",\"" + rawBodyKey.toUtf8() + "\":" + quoted.mid(1, quoted.size() - 2);
        }
        headers += "}";
        return m_client->send(
            "POST", QStringLiteral("/api/handle-webhook"),
            "{\"provider\":{\"credentials\":{\"apiKey\":\"sk_test_gateway_key\"}},\"event\":" +
                eventBytes + ",\"headers\":" + headers + "}");
    }

    // The body of the last event the gateway raised about `paymentId`, of type `type`.
    QByteArray eventBody(const QString &paymentId, const QString &type)
    {
        const QVector<GatewayEvent> events = m_gateway->eventsFor(paymentId);
        for (auto it = events.crbegin(); it != events.crend(); ++it) {
            if (it->type == type)
                return it->body;
        }
        return {};
    }

    QByteArray rawPost(const QByteArray &path, const QByteArray &body,
                       const QByteArray &extraHeaders = {})
    {
        return "POST " + path +
               " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               "Content-Length: " +
               QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init() { startWith(baseConfig()); }

    void cleanup()
    {
        m_client.reset();
        m_gateway.reset();
    }

    // ---- lifecycle ------------------------------------------------------------------------

    // The bodies are written member by member (GatewayBodies): the order is the documented
    // fields first, then what Openfront reads, and a person reading a call sees it as written.
    void answerBodies_keepTheirMemberOrder()
    {
        // Every member name in document order, nested ones included.
        auto keys = [](const QByteArray &body) {
            QStringList names;
            static const QRegularExpression name(QStringLiteral("\"([A-Za-z_]+)\":"));
            for (auto it = name.globalMatch(QString::fromUtf8(body)); it.hasNext();)
                names.append(it.next().captured(1));
            return names.join(QLatin1Char(' '));
        };
        const QString data = QStringLiteral(
            "data paymentId cartId status amount capturedAmount refundedAmount currency");

        const HttpReply created =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(1000));
        QCOMPARE(keys(created.body),
                 QStringLiteral("sessionData paymentIntentId clientSecret status amount currency "
                                "paymentId paymentIntentId"));
        const QString id = created.json.value(QStringLiteral("paymentId")).toString();
        QCOMPARE(keys(eventBody(id, QStringLiteral("payment.authorized"))),
                 QStringLiteral("id type created data payment id object status amount currency "
                                "capturedAmount refundedAmount metadata paymentId cartId"));
        QCOMPARE(
            keys(m_client->post(QStringLiteral("/api/get-payment-status"), paymentBody(id)).body),
            QStringLiteral("status amount currency lastUpdated ") + data);
        QCOMPARE(
            keys(
                m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 1000)).body),
            QStringLiteral("success transactionId capturedAmount fees status amount currency "
                           "%1 captureId")
                .arg(data));
        QCOMPARE(
            keys(m_client->post(QStringLiteral("/api/get-payment-status"), paymentBody(id)).body),
            QStringLiteral("status amount currency lastUpdated %1 captureId").arg(data));
        QCOMPARE(
            keys(m_client->post(QStringLiteral("/api/refund-payment"), paymentBody(id, 400)).body),
            QStringLiteral("success refundId refundedAmount status amount currency "
                           "%1 refundId")
                .arg(data));
        const HttpReply webhook = sendWebhook(eventBody(id, QStringLiteral("payment.captured")));
        QCOMPARE(keys(webhook.body),
                 QStringLiteral("verified eventType paymentId shouldUpdatePayment type resource "
                                "id object status amount currency metadata cartId "
                                "gatewayPaymentId custom_id event id"));
        QCOMPARE(
            keys(
                m_client->post(QStringLiteral("/api/generate-payment-link"), paymentBody(id)).body),
            QStringLiteral("url"));

        const HttpReply declined =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(1002));
        QCOMPARE(declined.status, 402);
        QCOMPARE(keys(declined.body), QStringLiteral("error declineCode paymentId"));
        QCOMPARE(keys(m_client->post(QStringLiteral("/api/create-payment"), createBody(-1)).body),
                 QStringLiteral("error"));
        QCOMPARE(
            keys(m_client->post(QStringLiteral("/api/cancel-payment"), paymentBody(createPayment()))
                     .body),
            QStringLiteral("success paymentId status"));
        QCOMPARE(keys(sendWebhook("[]").body), QStringLiteral("verified error"));
    }

    void create_idAndClientSecret_areRandomHexAfterTheirPrefix()
    {
        const QRegularExpression idForm(QStringLiteral("^pay_[0-9a-f]{24}$"));
        const QRegularExpression secretForm(QStringLiteral("^_secret_[0-9a-f]{16}$"));
        QSet<QString> seen;
        for (int i = 0; i < 20; ++i) {
            const HttpReply reply =
                m_client->post(QStringLiteral("/api/create-payment"), createBody(1000));
            const QString id = reply.json.value(QStringLiteral("paymentId")).toString();
            const QString secret = reply.json.value(QStringLiteral("sessionData"))
                                       .toObject()
                                       .value(QStringLiteral("clientSecret"))
                                       .toString();
            QVERIFY2(idForm.match(id).hasMatch(), qPrintable(id));
            QVERIFY2(secret.startsWith(id), qPrintable(secret));
            QVERIFY2(secretForm.match(secret.mid(id.size())).hasMatch(), qPrintable(secret));
            QCOMPARE(m_gateway->payment(id)->clientSecret, secret);
            seen.insert(id);
        }
        QCOMPARE(seen.size(), 20);
    }

    void create_documentedShape_authorizesWithDocumentedFields()
    {
        const HttpReply reply =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(1000));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.json.value(QStringLiteral("paymentId")).isString());
        QVERIFY(reply.json.value(QStringLiteral("sessionData")).isObject());
        QVERIFY(reply.header("content-type").startsWith("application/json"));
        const QJsonObject s = status(reply.json.value(QStringLiteral("paymentId")).toString());
        QCOMPARE(s.value(QStringLiteral("status")).toString(), QStringLiteral("authorized"));
        QCOMPARE(s.value(QStringLiteral("amount")).toInt(), 1000);
        QCOMPARE(s.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
        QCOMPARE(s.value(QStringLiteral("lastUpdated")).toString(),
                 QStringLiteral("2026-01-02T03:04:05.000Z"));
    }

    // The ledger packs payments (Latin-1 bytes when it can, UTF-16 otherwise): a cart id beyond
    // Latin-1, an astral character included, comes back as sent, also after a capture.
    void create_cartIdBeyondLatin1_comesBackUnchanged()
    {
        const QString cartId = QStringLiteral("cart_\u00e9t\u00e9_\u65e5\u672c_\U0001F600");
        QJsonObject body = createBody(1000);
        QJsonObject cart = body.value(QStringLiteral("cart")).toObject();
        cart.insert(QStringLiteral("id"), cartId);
        body.insert(QStringLiteral("cart"), cart);
        const QString id = m_client->post(QStringLiteral("/api/create-payment"), body)
                               .json.value(QStringLiteral("paymentId"))
                               .toString();
        QVERIFY(!id.isEmpty());
        QVERIFY(!createPayment().isEmpty()); // another payment in between: read back unpacked
        auto cartOf = [this](const QString &paymentId) {
            return status(paymentId)
                .value(QStringLiteral("data"))
                .toObject()
                .value(QStringLiteral("cartId"))
                .toString();
        };
        QCOMPARE(cartOf(id), cartId);
        QCOMPARE(
            m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 1000)).status,
            200);
        QVERIFY(!createPayment().isEmpty());
        QCOMPARE(cartOf(id), cartId);
        QCOMPARE(m_gateway->payment(id)->cartId, cartId);
    }

    void create_openfrontRuntimeShape_isAccepted()
    {
        // The whole provider record without name; cart with rawTotal and a lower-case region
        // currency; compact JSON, keys in insertion order.
        const QByteArray body =
            "{\"provider\":{\"id\":\"p1\",\"code\":\"pp_demo\",\"isInstalled\":true,"
            "\"createPaymentFunction\":\"http://127.0.0.1/api/create-payment\","
            "\"credentials\":{\"apiKey\":\"sk_test_gateway_key\"}},"
            "\"cart\":{\"id\":\"cart_9\",\"rawTotal\":4200,\"region\":{\"id\":\"r1\",\"taxRate\":0,"
            "\"currency\":{\"code\":\"eur\",\"noDivisionCurrency\":false}},\"paymentCollection\":{}"
            "},"
            "\"amount\":4200,\"currency\":\"eur\"}";
        const HttpReply reply = m_client->send("POST", QStringLiteral("/api/create-payment"), body);
        QCOMPARE(reply.status, 200);
        const QString id = reply.json.value(QStringLiteral("paymentId")).toString();
        QCOMPARE(status(id).value(QStringLiteral("currency")).toString(), QStringLiteral("EUR"));
        // capture and refund as Openfront sends them: currency and idempotencyKey in the body
        QJsonObject capture = paymentBody(id, 4200);
        capture.insert(QStringLiteral("currency"), QStringLiteral("eur"));
        capture.insert(QStringLiteral("idempotencyKey"), QStringLiteral("cap-1"));
        QCOMPARE(m_client->post(QStringLiteral("/api/capture-payment"), capture).status, 200);
    }

    void lifecycle_captureThenPartialRefunds_followsTheRules()
    {
        const QString id = createPayment(1000);
        HttpReply capture =
            m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 800));
        QCOMPARE(capture.status, 200);
        QCOMPARE(capture.json.value(QStringLiteral("success")).toBool(), true);
        QCOMPARE(capture.json.value(QStringLiteral("capturedAmount")).toInt(), 800);
        QVERIFY(capture.json.value(QStringLiteral("transactionId")).toString().startsWith("cap_"));
        QVERIFY(capture.json.value(QStringLiteral("fees")).isDouble());
        QCOMPARE(status(id).value(QStringLiteral("status")).toString(), QStringLiteral("captured"));

        HttpReply refund =
            m_client->post(QStringLiteral("/api/refund-payment"), paymentBody(id, 300));
        QCOMPARE(refund.status, 200);
        QCOMPARE(refund.json.value(QStringLiteral("refundedAmount")).toInt(), 300);
        QVERIFY(refund.json.value(QStringLiteral("refundId")).toString().startsWith("re_"));
        QCOMPARE(m_client->post(QStringLiteral("/api/refund-payment"), paymentBody(id, 500)).status,
                 200);
        refund = m_client->post(QStringLiteral("/api/refund-payment"), paymentBody(id, 1));
        QCOMPARE(refund.status, 400);
        QVERIFY(refund.json.value(QStringLiteral("error")).toString().contains("refundable"));
        QCOMPARE(m_gateway->payment(id)->refundedAmount, 800);

        QStringList types;
        for (const GatewayEvent &event : m_gateway->eventsFor(id))
            types << event.type;
        QCOMPARE(types, QStringList({"payment.authorized", "payment.captured", "payment.refunded",
                                     "payment.refunded"}));
    }

    void capture_overAuthorizedAmount_isRejectedAndChangesNothing()
    {
        const QString id = createPayment(1000);
        const HttpReply reply =
            m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 1001));
        QCOMPARE(reply.status, 400);
        QVERIFY(reply.json.value(QStringLiteral("error")).toString().contains("exceeds"));
        QCOMPARE(m_gateway->payment(id)->status, PaymentStatus::Authorized);
        QCOMPARE(m_gateway->payment(id)->capturedAmount, 0);
    }

    void capture_secondCaptureOfAnotherAmount_isRejected()
    {
        const QString id = createPayment(1000);
        QCOMPARE(
            m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 500)).status,
            200);
        for (const qint64 amount : {400, 1000}) {
            const HttpReply again =
                m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, amount));
            QCOMPARE(again.status, 400);
            QVERIFY(
                again.json.value(QStringLiteral("error")).toString().contains("already captured"));
        }
        QCOMPARE(m_gateway->payment(id)->capturedAmount, 500);
        QCOMPARE(m_gateway->eventsFor(id).last().type, QStringLiteral("payment.captured"));
    }

    void refund_ofAuthorizedPayment_isRejected()
    {
        const QString id = createPayment(1000);
        const HttpReply reply =
            m_client->post(QStringLiteral("/api/refund-payment"), paymentBody(id, 100));
        QCOMPARE(reply.status, 400);
        QVERIFY(reply.json.value(QStringLiteral("error")).toString().contains("captured"));
    }

    void cancel_beforeCapture_cancelsAndBlocksCapture()
    {
        const QString id = createPayment(1000);
        QCOMPARE(m_client->post(QStringLiteral("/api/cancel-payment"), paymentBody(id)).status,
                 200);
        QCOMPARE(status(id).value(QStringLiteral("status")).toString(),
                 QStringLiteral("cancelled"));
        QCOMPARE(m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 10)).status,
                 400);
    }

    void cancel_afterCapture_isRejected()
    {
        const QString id = createPayment(1000);
        m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 1000));
        QCOMPARE(m_client->post(QStringLiteral("/api/cancel-payment"), paymentBody(id)).status,
                 400);
        QCOMPARE(m_gateway->payment(id)->status, PaymentStatus::Captured);
    }

    void testAmount_endingIn02_isDeclined()
    {
        const HttpReply reply =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(1002));
        QCOMPARE(reply.status, 402);
        const QString id = reply.json.value(QStringLiteral("paymentId")).toString();
        QCOMPARE(status(id).value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(m_gateway->eventsFor(id).last().type, QStringLiteral("payment.failed"));
    }

    void testAmount_endingIn05_staysPendingAndCannotBeCaptured()
    {
        const QString id = createPayment(1005);
        QCOMPARE(status(id).value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        QCOMPARE(status(id).value(QStringLiteral("status")).toString(), QStringLiteral("pending"));
        QCOMPARE(
            m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 1005)).status,
            400);
    }

    void testAmount_endingIn06_authorizesAtFirstStatusCheck()
    {
        const QString id = createPayment(1006);
        QCOMPARE(m_gateway->payment(id)->status, PaymentStatus::Pending);
        QCOMPARE(status(id).value(QStringLiteral("status")).toString(),
                 QStringLiteral("authorized"));
    }

    void testAmount_endingIn09_declinesAtCapture()
    {
        const QString id = createPayment(1009);
        QCOMPARE(
            m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 1009)).status,
            402);
        QCOMPARE(status(id).value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
    }

    void unknownPayment_is404Everywhere()
    {
        for (const QString &path :
             {QStringLiteral("/api/capture-payment"), QStringLiteral("/api/refund-payment"),
              QStringLiteral("/api/get-payment-status"),
              QStringLiteral("/api/generate-payment-link"),
              QStringLiteral("/api/cancel-payment")}) {
            const HttpReply reply =
                m_client->post(path, paymentBody(QStringLiteral("pay_nope"), 10));
            QCOMPARE(reply.status, 404);
            QVERIFY(reply.json.value(QStringLiteral("error")).toString().contains("pay_nope"));
        }
    }

    // ---- credentials and input validation ---------------------------------------------------

    void wrongOrMissingApiKey_is401()
    {
        QJsonObject body = createBody(1000);
        body.insert(QStringLiteral("provider"), documentedProvider(QStringLiteral("wrong")));
        QCOMPARE(m_client->post(QStringLiteral("/api/create-payment"), body).status, 401);
        body.insert(QStringLiteral("provider"),
                    QJsonObject{{QStringLiteral("credentials"), QJsonObject{}}});
        QCOMPARE(m_client->post(QStringLiteral("/api/create-payment"), body).status, 401);
        QCOMPARE(m_gateway->payments().size(), 0);
    }

    void badInput_isRejectedWithoutStateChange_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("says");
        const QByteArray provider =
            "\"provider\":{\"credentials\":{\"apiKey\":\"sk_test_gateway_key\"}}";
        const QByteArray cart = "\"cart\":{\"id\":\"c1\"}";
        auto body = [&](const QByteArray &rest) {
            return "{" + provider + "," + cart + rest + "}";
        };
        QTest::newRow("malformed JSON")
            << QByteArray("{\"amount\": 10,") << QByteArray("application/json") << 400
            << "malformed JSON";
        QTest::newRow("wrong content type") << body(",\"amount\":1000,\"currency\":\"USD\"")
                                            << QByteArray("text/plain") << 415 << "Content-Type";
        QTest::newRow("array body")
            << QByteArray("[1,2]") << QByteArray("application/json") << 400 << "JSON object";
        QTest::newRow("amount as string")
            << body(",\"amount\":\"1000\",\"currency\":\"USD\"") << QByteArray("application/json")
            << 400 << "not a string";
        QTest::newRow("fractional amount")
            << body(",\"amount\":10.5,\"currency\":\"USD\"") << QByteArray("application/json")
            << 400 << "whole number";
        QTest::newRow("huge amount") << body(",\"amount\":1e300,\"currency\":\"USD\"")
                                     << QByteArray("application/json") << 400 << "at most";
        QTest::newRow("zero amount") << body(",\"amount\":0,\"currency\":\"USD\"")
                                     << QByteArray("application/json") << 400 << "positive";
        QTest::newRow("negative amount") << body(",\"amount\":-5,\"currency\":\"USD\"")
                                         << QByteArray("application/json") << 400 << "positive";
        QTest::newRow("missing amount")
            << body(",\"currency\":\"USD\"") << QByteArray("application/json") << 400 << "required";
        QTest::newRow("unknown currency") << body(",\"amount\":1000,\"currency\":\"XYZ\"")
                                          << QByteArray("application/json") << 400 << "ISO 4217";
        QTest::newRow("currency as number") << body(",\"amount\":1000,\"currency\":840")
                                            << QByteArray("application/json") << 400 << "string";
        QTest::newRow("missing cart")
            << QByteArray("{" + provider + ",\"amount\":1000,\"currency\":\"USD\"}")
            << QByteArray("application/json") << 400 << "cart";
        QTest::newRow("cart id too long")
            << QByteArray("{" + provider + ",\"cart\":{\"id\":\"" + QByteArray(300, 'x') +
                          "\"},\"amount\":1000,\"currency\":\"USD\"}")
            << QByteArray("application/json") << 400 << "longer than";
        QTest::newRow("total as string") << QByteArray("{" + provider +
                                                       ",\"cart\":{\"id\":\"c\",\"total\":\"10\"},"
                                                       "\"amount\":1000,\"currency\":\"USD\"}")
                                         << QByteArray("application/json") << 400 << "cart.total";
        QTest::newRow("missing provider") << QByteArray("{\"amount\":1000,\"currency\":\"USD\"}")
                                          << QByteArray("application/json") << 400 << "provider";
    }

    void badInput_isRejectedWithoutStateChange()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(QString, says);
        const HttpReply reply =
            m_client->send("POST", QStringLiteral("/api/create-payment"), body, contentType);
        QCOMPARE(reply.status, status);
        QVERIFY2(reply.json.value(QStringLiteral("error")).toString().contains(says),
                 reply.body.constData());
        QCOMPARE(m_gateway->payments().size(), 0);
        // The server keeps running.
        QCOMPARE(m_client->post(QStringLiteral("/api/create-payment"), createBody(1000)).status,
                 200);
    }

    void capture_badAmountOrCurrency_isRejected()
    {
        const QString id = createPayment(1000);
        QJsonObject body = paymentBody(id);
        body.insert(QStringLiteral("amount"), QStringLiteral("500"));
        QCOMPARE(m_client->post(QStringLiteral("/api/capture-payment"), body).status, 400);
        body = paymentBody(id, 500);
        body.insert(QStringLiteral("currency"), QStringLiteral("EUR"));
        const HttpReply reply = m_client->post(QStringLiteral("/api/capture-payment"), body);
        QCOMPARE(reply.status, 400);
        QVERIFY(reply.json.value(QStringLiteral("error")).toString().contains("does not match"));
        QCOMPARE(m_gateway->payment(id)->status, PaymentStatus::Authorized);
    }

    void logEntries_maskCredentials()
    {
        QSignalSpy spy(m_gateway.get(), &DemoGateway::requestHandled);
        const QString id = createPayment(1000);
        QVERIFY(!id.isEmpty());
        QCOMPARE(spy.size(), 1);
        const auto entry = spy.first().first().value<GatewayLogEntry>();
        QCOMPARE(entry.status, 200);
        QCOMPARE(entry.path, QStringLiteral("/api/create-payment"));
        QCOMPARE(entry.paymentId, id);
        QVERIFY(entry.requestBody.contains("\"amount\":1000"));
        QVERIFY(!entry.requestBody.contains(kApiKey.toUtf8()));
        QVERIFY(!entry.requestBody.contains(kSecret.toUtf8()));
        QVERIFY(!entry.toLine().contains(kApiKey));
        QVERIFY(!entry.responseBody.contains("_secret_")); // clientSecret masked
    }

    // ---- idempotency --------------------------------------------------------------------------

    void idempotency_bodyKey_replaysFirstAnswer()
    {
        const QString id = createPayment(1000);
        m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 1000));
        QJsonObject body = paymentBody(id, 400);
        body.insert(QStringLiteral("idempotencyKey"), QStringLiteral("refund-1"));
        const HttpReply first = m_client->post(QStringLiteral("/api/refund-payment"), body);
        const HttpReply second = m_client->post(QStringLiteral("/api/refund-payment"), body);
        QCOMPARE(first.status, 200);
        QCOMPARE(second.status, 200);
        QCOMPARE(second.body, first.body);
        QCOMPARE(second.header("idempotent-replayed"), QByteArray("true"));
        QCOMPARE(m_gateway->payment(id)->refundedAmount, 400);
    }

    void idempotency_headerKey_replaysCreate()
    {
        const QList<QPair<QByteArray, QByteArray>> key = {{"Idempotency-Key", "create-1"}};
        const HttpReply first =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(1000), key);
        const HttpReply second =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(1000), key);
        QCOMPARE(second.json.value(QStringLiteral("paymentId")),
                 first.json.value(QStringLiteral("paymentId")));
        QCOMPARE(m_gateway->payments().size(), 1);
    }

    void idempotency_sameKeyOtherRequest_is422()
    {
        const QList<QPair<QByteArray, QByteArray>> key = {{"Idempotency-Key", "create-2"}};
        QCOMPARE(
            m_client->post(QStringLiteral("/api/create-payment"), createBody(1000), key).status,
            200);
        const HttpReply other =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(2000), key);
        QCOMPARE(other.status, 422);
        QVERIFY(other.json.value(QStringLiteral("error")).toString().contains("different request"));
        QCOMPARE(m_gateway->payments().size(), 1);
    }

    void idempotency_brokenRuleIsRememberedToo()
    {
        const QString id = createPayment(1000);
        QJsonObject body = paymentBody(id, 5000);
        body.insert(QStringLiteral("idempotencyKey"), QStringLiteral("cap-x"));
        QCOMPARE(m_client->post(QStringLiteral("/api/capture-payment"), body).status, 400);
        const HttpReply again = m_client->post(QStringLiteral("/api/capture-payment"), body);
        QCOMPARE(again.status, 400);
        QCOMPARE(again.header("idempotent-replayed"), QByteArray("true"));
    }

    void idempotency_bodyAndHeaderDiffer_is400()
    {
        QJsonObject body = createBody(1000);
        body.insert(QStringLiteral("idempotencyKey"), QStringLiteral("a"));
        QCOMPARE(
            m_client->post(QStringLiteral("/api/create-payment"), body, {{"Idempotency-Key", "b"}})
                .status,
            400);
    }

    void idempotency_overTheCap_oldestKeyCountsAsNew()
    {
        m_gateway->setMemoryCapsForTesting(DemoGateway::kMaxEvents, 2);
        const auto create = [this](const QByteArray &key) {
            return m_client->post(QStringLiteral("/api/create-payment"), createBody(1000),
                                  {{"Idempotency-Key", key}});
        };
        const HttpReply first = create("k1");
        create("k2");
        const HttpReply third = create("k3");

        const HttpReply firstAgain = create("k1"); // forgotten: a new payment
        QVERIFY(firstAgain.header("idempotent-replayed").isEmpty());
        QVERIFY(firstAgain.json.value(QStringLiteral("paymentId")) !=
                first.json.value(QStringLiteral("paymentId")));
        QCOMPARE(m_gateway->payments().size(), 4);

        const HttpReply thirdAgain = create("k3"); // among the newest two: replayed
        QCOMPARE(thirdAgain.header("idempotent-replayed"), QByteArray("true"));
        QCOMPARE(thirdAgain.json.value(QStringLiteral("paymentId")),
                 third.json.value(QStringLiteral("paymentId")));
        QCOMPARE(m_gateway->payments().size(), 4);
    }

    void idempotency_afterReset_capCountsOnlyNewKeys()
    {
        m_gateway->setMemoryCapsForTesting(DemoGateway::kMaxEvents, 2);
        const auto create = [this](const QByteArray &key) {
            return m_client->post(QStringLiteral("/api/create-payment"), createBody(1000),
                                  {{"Idempotency-Key", key}});
        };
        create("k1");
        m_gateway->reset(); // forgets the records, and their place in the order
        const HttpReply first = create("k1");
        create("k2");
        const HttpReply again = create("k1");
        QCOMPARE(again.header("idempotent-replayed"), QByteArray("true"));
        QCOMPARE(again.json.value(QStringLiteral("paymentId")),
                 first.json.value(QStringLiteral("paymentId")));
    }

    void events_overTheCap_newestAreKept()
    {
        m_gateway->setMemoryCapsForTesting(3, DemoGateway::kMaxIdempotencyRecords);
        QStringList ids;
        for (int i = 0; i < 5; ++i)
            ids.append(createPayment());
        const QVector<GatewayEvent> events = m_gateway->events();
        QCOMPARE(events.size(), 3);
        QCOMPARE(events.constLast().paymentId, ids.constLast());
        QVERIFY(m_gateway->eventsFor(ids.constFirst()).isEmpty());
    }

    // ---- faults -------------------------------------------------------------------------------

    void fault_errorRate_answersChosenStatusAndChangesNothing()
    {
        Fault fault;
        fault.errorRate = 1;
        fault.errorStatus = 503;
        m_gateway->setFault(Endpoint::CreatePayment, fault);
        const HttpReply reply =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(1000));
        QCOMPARE(reply.status, 503);
        QVERIFY(reply.json.value(QStringLiteral("error")).toString().contains("injected"));
        QCOMPARE(m_gateway->payments().size(), 0);
        m_gateway->setFault(Endpoint::CreatePayment, Fault());
        QCOMPARE(m_client->post(QStringLiteral("/api/create-payment"), createBody(1000)).status,
                 200);
    }

    void fault_partialErrorRate_failsSomeRequestsOnly()
    {
        Fault fault;
        fault.errorRate = 0.5;
        fault.errorStatus = 502;
        m_gateway->setRandomSeed(42);
        m_gateway->setFault(Endpoint::CreatePayment, fault);
        int failed = 0;
        for (int i = 0; i < 40; ++i) {
            const int status =
                m_client->post(QStringLiteral("/api/create-payment"), createBody(1000)).status;
            QVERIFY(status == 200 || status == 502);
            failed += status == 502 ? 1 : 0;
        }
        QVERIFY2(failed > 5 && failed < 35, qPrintable(QString::number(failed)));
        QCOMPARE(m_gateway->payments().size(), 40 - failed);
    }

    void fault_latency_stillAnswers()
    {
        Fault fault;
        fault.latencyMs = 50;
        m_gateway->setFault(Endpoint::GetPaymentStatus, fault);
        const QString id = createPayment();
        QSignalSpy spy(m_gateway.get(), &DemoGateway::requestHandled);
        QCOMPARE(status(id).value(QStringLiteral("status")).toString(),
                 QStringLiteral("authorized"));
        QVERIFY(spy.first().first().value<GatewayLogEntry>().note.contains("latency"));
    }

    void fault_notJsonBody_isHtml()
    {
        Fault fault;
        fault.body = Fault::Body::NotJson;
        m_gateway->setFault(Endpoint::CreatePayment, fault);
        const HttpReply reply =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(1000));
        QCOMPARE(reply.status, 200);
        QVERIFY(reply.body.startsWith("<html>"));
        QVERIFY(QJsonDocument::fromJson(reply.body).isNull());
    }

    void fault_truncatedBody_isNotValidJson()
    {
        Fault fault;
        fault.body = Fault::Body::TruncatedJson;
        m_gateway->setFault(Endpoint::CreatePayment, fault);
        const HttpReply reply =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(1000));
        QVERIFY(reply.body.startsWith("{\"sessionData\""));
        QVERIFY(QJsonDocument::fromJson(reply.body).isNull());
    }

    void fault_timeout_neverAnswers()
    {
        Fault fault;
        fault.timeout = true;
        m_gateway->setFault(Endpoint::CreatePayment, fault);
        const HttpReply reply =
            m_client->send("POST", QStringLiteral("/api/create-payment"),
                           QJsonDocument(createBody(1000)).toJson(), "application/json", {}, 300);
        QCOMPARE(reply.status, 0);
        QCOMPARE(reply.error, QNetworkReply::OperationCanceledError);
        QCOMPARE(m_gateway->payments().size(), 0);
    }

    void fault_drop_closesConnectionWithoutAnswer()
    {
        Fault fault;
        fault.dropConnection = true;
        m_gateway->setFault(Endpoint::CreatePayment, fault);
        bool closed = false;
        const QByteArray response =
            rawExchange(m_client ? m_gateway->port() : 0,
                        rawPost("/api/create-payment", QJsonDocument(createBody(1000)).toJson()),
                        3000, &closed);
        QVERIFY(closed);
        QVERIFY(response.isEmpty());
    }

    void fault_parse_readsTheCliSyntax()
    {
        QString error;
        const auto fault =
            Fault::parse(QStringLiteral("latency=200,error=0.5:503,body=not-json"), &error);
        QVERIFY2(fault, qPrintable(error));
        QCOMPARE(fault->latencyMs, 200);
        QCOMPARE(fault->errorRate, 0.5);
        QCOMPARE(fault->errorStatus, 503);
        QCOMPARE(fault->body, Fault::Body::NotJson);
        QCOMPARE(Fault::parse(fault->toString(), &error)->toString(), fault->toString());
        QVERIFY(!Fault::parse(QStringLiteral("error=2"), &error));
        QVERIFY(!Fault::parse(QStringLiteral("latency=-1"), &error));
    }

    // ---- webhooks in ------------------------------------------------------------------------

    void handleWebhook_rawBody_verifies()
    {
        const QByteArray raw = "{\"id\":\"evt_1\", \"type\":\"payment.captured\", "
                               "\"data\":{\"payment\":{\"id\":\"pay_1\"}}}";
        const WebhookSigner signer(Scheme::Gateway, kSecret.toUtf8());
        const QByteArray signature = signer.sign(raw).first().second;
        QJsonObject body{
            {QStringLiteral("provider"), documentedProvider()},
            {QStringLiteral("event"), QJsonDocument::fromJson(raw).object()},
            {QStringLiteral("headers"),
             QJsonObject{{QStringLiteral("x-gateway-signature"), QString::fromLatin1(signature)},
                         {QStringLiteral("__rawBody"), QString::fromUtf8(raw)}}}};
        const HttpReply reply = m_client->post(QStringLiteral("/api/handle-webhook"), body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(QStringLiteral("verified")).toBool(), true);
        QCOMPARE(reply.json.value(QStringLiteral("eventType")).toString(),
                 QStringLiteral("payment.captured"));
        QCOMPARE(reply.json.value(QStringLiteral("paymentId")).toString(), QStringLiteral("pay_1"));
        QCOMPARE(reply.json.value(QStringLiteral("shouldUpdatePayment")).toBool(), true);
    }

    void handleWebhook_noRawBody_verifiesOverOriginalKeyOrder()
    {
        // Keys deliberately not sorted: a QJsonObject round trip would reorder them.
        const QByteArray event = "{\"type\":\"payment.authorized\",\"id\":\"evt_2\",\"data\":{"
                                 "\"payment\":{\"id\":\"pay_2\"}}}";
        const QByteArray signature =
            WebhookSigner(Scheme::Gateway, kSecret.toUtf8()).sign(event).first().second;
        const QByteArray body =
            "{\"provider\":{\"credentials\":{\"apiKey\":\"sk_test_gateway_key\"}},\"event\":" +
            event + ",\"headers\":{\"x-gateway-signature\":\"" + signature + "\"}}";
        const HttpReply reply = m_client->send("POST", QStringLiteral("/api/handle-webhook"), body);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(QStringLiteral("shouldUpdatePayment")).toBool(), false);
    }

    void handleWebhook_reorderedKeys_isRejected403()
    {
        const QByteArray signedOrder = "{\"id\":\"evt_3\",\"type\":\"payment.captured\",\"data\":{"
                                       "\"payment\":{\"id\":\"pay_3\"}}}";
        const QByteArray sentOrder = "{\"type\":\"payment.captured\",\"id\":\"evt_3\",\"data\":{"
                                     "\"payment\":{\"id\":\"pay_3\"}}}";
        const QByteArray signature =
            WebhookSigner(Scheme::Gateway, kSecret.toUtf8()).sign(signedOrder).first().second;
        const QByteArray body =
            "{\"provider\":{\"credentials\":{\"apiKey\":\"sk_test_gateway_key\"}},\"event\":" +
            sentOrder + ",\"headers\":{\"x-gateway-signature\":\"" + signature + "\"}}";
        const HttpReply reply = m_client->send("POST", QStringLiteral("/api/handle-webhook"), body);
        QCOMPARE(reply.status, 403);
        QCOMPARE(reply.json.value(QStringLiteral("verified")).toBool(true), false);
    }

    void handleWebhook_tamperedRawBody_isRejected403()
    {
        const QByteArray raw = "{\"id\":\"evt_4\",\"type\":\"payment.captured\",\"data\":{"
                               "\"payment\":{\"id\":\"pay_4\"}}}";
        const QByteArray signature =
            WebhookSigner(Scheme::Gateway, kSecret.toUtf8()).sign(raw).first().second;
        QByteArray tampered = raw;
        tampered.replace("pay_4", "pay_5");
        QJsonObject body{
            {QStringLiteral("provider"), documentedProvider()},
            {QStringLiteral("event"), QJsonDocument::fromJson(tampered).object()},
            {QStringLiteral("headers"),
             QJsonObject{{QStringLiteral("x-gateway-signature"), QString::fromLatin1(signature)},
                         {QStringLiteral("__rawBody"), QString::fromUtf8(tampered)}}}};
        QCOMPARE(m_client->post(QStringLiteral("/api/handle-webhook"), body).status, 403);
    }

    void handleWebhook_stripeScheme_checksTimestampWithGatewayClock()
    {
        GatewayConfig config = baseConfig();
        config.signatureScheme = Scheme::Stripe;
        startWith(config);
        const QByteArray raw = "{\"id\":\"evt_5\",\"type\":\"payment.failed\",\"data\":{"
                               "\"payment\":{\"id\":\"pay_5\"}}}";
        const WebhookSigner signer(Scheme::Stripe, kSecret.toUtf8());
        auto send = [&](qint64 timestamp) {
            const QByteArray header = signer.sign(raw, {}, timestamp).first().second;
            QJsonObject body{
                {QStringLiteral("provider"), documentedProvider()},
                {QStringLiteral("event"), QJsonDocument::fromJson(raw).object()},
                {QStringLiteral("headers"),
                 QJsonObject{{QStringLiteral("stripe-signature"), QString::fromLatin1(header)},
                             {QStringLiteral("__rawBody"), QString::fromUtf8(raw)}}}};
            return m_client->post(QStringLiteral("/api/handle-webhook"), body);
        };
        QCOMPARE(send(m_now.toSecsSinceEpoch() - 10).status, 200);
        const HttpReply stale = send(m_now.toSecsSinceEpoch() - 3600);
        QCOMPARE(stale.status, 403);
        QVERIFY(stale.json.value(QStringLiteral("error")).toString().contains("tolerance"));
    }

    // ---- what Openfront reads besides the documented answers (openfront-runtime.md) ----------

    void create_answerCarriesTopLevelPaymentIntentId_openfrontE23341c()
    {
        const HttpReply reply =
            m_client->post(QStringLiteral("/api/create-payment"), createBody(1000));
        QCOMPARE(reply.status, 200);
        const QString id = reply.json.value(QStringLiteral("paymentId")).toString();
        QVERIFY(id.startsWith(QStringLiteral("pay_")));
        QCOMPARE(reply.json.value(QStringLiteral("paymentIntentId")).toString(), id);
        QVERIFY(reply.json.value(QStringLiteral("sessionData")).isObject());
    }

    void status_answerCarriesStatusAmountCurrencyAndData_bothOpenfrontVersions()
    {
        const QString id = createPayment(1000);
        QJsonObject data = status(id).value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("paymentId")).toString(), id);
        QCOMPARE(data.value(QStringLiteral("cartId")).toString(), QStringLiteral("cart_1"));
        QVERIFY(!data.contains(QStringLiteral("captureId")));

        const HttpReply capture =
            m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 800));
        const HttpReply reply =
            m_client->post(QStringLiteral("/api/get-payment-status"), paymentBody(id));
        QCOMPARE(reply.json.value(QStringLiteral("status")).toString(), QStringLiteral("captured"));
        // The payment's amount as a JSON integer (not the captured part).
        QVERIFY2(reply.body.contains("\"amount\":1000,"), reply.body.constData());
        QCOMPARE(reply.json.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
        QVERIFY(reply.json.value(QStringLiteral("lastUpdated")).isString());
        data = reply.json.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("captureId")).toString(),
                 capture.json.value(QStringLiteral("transactionId")).toString());
        QCOMPARE(data.value(QStringLiteral("capturedAmount")).toInt(), 800);
    }

    void capture_answerCarriesCapturedStatusAmountCurrencyAndData_bothOpenfrontVersions()
    {
        const QString id = m_client
                               ->post(QStringLiteral("/api/create-payment"),
                                      createBody(1000, QStringLiteral("eur")))
                               .json.value(QStringLiteral("paymentId"))
                               .toString();
        const HttpReply reply =
            m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 800));
        QCOMPARE(reply.status, 200);
        // The documented fields stay.
        QCOMPARE(reply.json.value(QStringLiteral("success")).toBool(), true);
        const QString captureId = reply.json.value(QStringLiteral("transactionId")).toString();
        QVERIFY(captureId.startsWith(QStringLiteral("cap_")));
        QCOMPARE(reply.json.value(QStringLiteral("capturedAmount")).toInt(), 800);
        QVERIFY(reply.json.value(QStringLiteral("fees")).isDouble());
        // What Openfront reads: the payment's state, this capture's amount as an integer, the
        // payment's currency and a data object.
        QCOMPARE(reply.json.value(QStringLiteral("status")).toString(), QStringLiteral("captured"));
        QVERIFY2(reply.body.contains("\"amount\":800,"), reply.body.constData());
        QCOMPARE(reply.json.value(QStringLiteral("currency")).toString(), QStringLiteral("EUR"));
        const QJsonObject data = reply.json.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("paymentId")).toString(), id);
        QCOMPARE(data.value(QStringLiteral("captureId")).toString(), captureId);
    }

    void refund_answerCarriesRefundedStatusAmountCurrencyAndData_openfrontE23341c()
    {
        const QString id = createPayment(1000);
        m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 1000));
        for (const qint64 amount : {300, 200}) {
            const HttpReply reply =
                m_client->post(QStringLiteral("/api/refund-payment"), paymentBody(id, amount));
            QCOMPARE(reply.status, 200);
            QCOMPARE(reply.json.value(QStringLiteral("success")).toBool(), true);
            QCOMPARE(reply.json.value(QStringLiteral("refundedAmount")).toInt(), amount);
            QCOMPARE(reply.json.value(QStringLiteral("status")).toString(),
                     QStringLiteral("refunded"));
            // This refund's amount, not the sum of refunds.
            QVERIFY2(reply.body.contains("\"amount\":" + QByteArray::number(amount) + ","),
                     reply.body.constData());
            QCOMPARE(reply.json.value(QStringLiteral("currency")).toString(),
                     QStringLiteral("USD"));
            const QJsonObject data = reply.json.value(QStringLiteral("data")).toObject();
            QCOMPARE(data.value(QStringLiteral("paymentId")).toString(), id);
            QCOMPARE(data.value(QStringLiteral("refundId")).toString(),
                     reply.json.value(QStringLiteral("refundId")).toString());
            // No key Openfront e23341c would take for the refund reference before paymentIntentId.
            for (const char *key : {"payment_intent_id", "paymentIntentId", "orderId", "id"})
                QVERIFY(!data.contains(QLatin1String(key)));
        }
        QCOMPARE(m_gateway->payment(id)->refundedAmount, 500);
    }

    void currency_anyCase_isAcceptedEverywhere_bothOpenfrontVersions()
    {
        // Openfront sends the region's code as stored: A's seed stores lower case.
        const QString id = m_client
                               ->post(QStringLiteral("/api/create-payment"),
                                      createBody(1000, QStringLiteral("uSd")))
                               .json.value(QStringLiteral("paymentId"))
                               .toString();
        QCOMPARE(m_gateway->payment(id)->currency, QStringLiteral("USD"));
        QJsonObject capture = paymentBody(id, 1000);
        capture.insert(QStringLiteral("currency"), QStringLiteral("Usd"));
        QCOMPARE(m_client->post(QStringLiteral("/api/capture-payment"), capture).status, 200);
        QJsonObject refund = paymentBody(id, 100);
        refund.insert(QStringLiteral("currency"), QStringLiteral("usd"));
        QCOMPARE(m_client->post(QStringLiteral("/api/refund-payment"), refund).status, 200);

        QJsonObject regionOnly = createBody(2000);
        regionOnly.remove(QStringLiteral("currency"));
        regionOnly.insert(
            QStringLiteral("cart"),
            QJsonObject{
                {QStringLiteral("id"), QStringLiteral("cart_2")},
                {QStringLiteral("region"),
                 QJsonObject{{QStringLiteral("currency"),
                              QJsonObject{{QStringLiteral("code"), QStringLiteral("eUr")}}}}}});
        const HttpReply created = m_client->post(QStringLiteral("/api/create-payment"), regionOnly);
        QCOMPARE(created.status, 200);
        QCOMPARE(status(created.json.value(QStringLiteral("paymentId")).toString())
                     .value(QStringLiteral("currency"))
                     .toString(),
                 QStringLiteral("EUR"));
    }

    void capture_repeatedSameAmount_openfront55912a7_isIdempotent()
    {
        const QString id = createPayment(1000);
        const HttpReply first =
            m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 800));
        QCOMPARE(first.status, 200);
        QSignalSpy log(m_gateway.get(), &DemoGateway::requestHandled);
        const HttpReply again =
            m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 800));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.body, first.body); // same capture id, amount, fees and data
        QVERIFY(again.header("idempotent-replayed").isEmpty()); // no key: not a key replay
        const GatewayLogEntry entry = log.first().first().value<GatewayLogEntry>();
        QVERIFY2(entry.note.contains(QStringLiteral("repeated capture")), qPrintable(entry.note));
        QVERIFY(entry.note.contains(first.json.value(QStringLiteral("transactionId")).toString()));
        // No second charge: one capture in the history, one captured event.
        const Payment payment = *m_gateway->payment(id);
        QCOMPARE(payment.capturedAmount, 800);
        QCOMPARE(std::count_if(payment.history.cbegin(), payment.history.cend(),
                               [](const StateChange &c) { return c.action == "capture"; }),
                 1);
        QCOMPARE(m_gateway->eventsFor(id).size(), 2); // authorized, captured
    }

    void captureAgainFromSuccessWebhook_openfront55912a7_answersTheFirstCapture()
    {
        // 55912a7: a payment_intent.succeeded webhook makes Openfront call capture again with
        // {paymentId: resource.id, amount: resource.amount} and store its status, amount, data.
        const QString id = createPayment(1000);
        const HttpReply first =
            m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 800));
        const HttpReply webhook = sendWebhook(eventBody(id, QStringLiteral("payment.captured")));
        QCOMPARE(webhook.status, 200);
        QCOMPARE(webhook.json.value(QStringLiteral("type")).toString(),
                 QStringLiteral("payment_intent.succeeded"));
        const QJsonObject resource = webhook.json.value(QStringLiteral("resource")).toObject();
        QVERIFY(resource.value(QStringLiteral("amount")).isDouble());
        QJsonObject capture{{QStringLiteral("provider"), documentedProvider()},
                            {QStringLiteral("paymentId"), resource.value(QStringLiteral("id"))},
                            {QStringLiteral("amount"), resource.value(QStringLiteral("amount"))}};
        const HttpReply again = m_client->post(QStringLiteral("/api/capture-payment"), capture);
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json.value(QStringLiteral("transactionId")),
                 first.json.value(QStringLiteral("transactionId")));
        QCOMPARE(again.json.value(QStringLiteral("status")).toString(), QStringLiteral("captured"));
        QCOMPARE(again.json.value(QStringLiteral("amount")).toInt(), 800);
        QVERIFY(again.json.value(QStringLiteral("data")).isObject());
        QCOMPARE(m_gateway->payment(id)->capturedAmount, 800);
    }

    void webhookAnswer_carriesTypeResourceAndEventId()
    {
        QJsonObject create = createBody(1000);
        create.insert(QStringLiteral("cart"),
                      QJsonObject{{QStringLiteral("id"), QStringLiteral("cart_77")}});
        const QString id = m_client->post(QStringLiteral("/api/create-payment"), create)
                               .json.value(QStringLiteral("paymentId"))
                               .toString();
        m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 1000));
        const GatewayEvent event = m_gateway->eventsFor(id).last();
        const HttpReply reply = sendWebhook(event.body, QStringLiteral("__rawbody"));
        QCOMPARE(reply.status, 200);
        // The documented fields stay.
        QCOMPARE(reply.json.value(QStringLiteral("verified")).toBool(), true);
        QCOMPARE(reply.json.value(QStringLiteral("eventType")).toString(),
                 QStringLiteral("payment.captured"));
        QCOMPARE(reply.json.value(QStringLiteral("paymentId")).toString(), id);
        QCOMPARE(reply.json.value(QStringLiteral("shouldUpdatePayment")).toBool(), true);
        // What Openfront reads.
        QCOMPARE(reply.json.value(QStringLiteral("type")).toString(),
                 QStringLiteral("payment_intent.succeeded"));
        const QJsonObject resource = reply.json.value(QStringLiteral("resource")).toObject();
        QCOMPARE(resource.value(QStringLiteral("id")).toString(), id);
        QVERIFY2(reply.body.contains("\"amount\":1000,"), reply.body.constData());
        QCOMPARE(resource.value(QStringLiteral("currency")).toString(), QStringLiteral("USD"));
        const QJsonObject metadata = resource.value(QStringLiteral("metadata")).toObject();
        QCOMPARE(metadata.value(QStringLiteral("cartId")).toString(), QStringLiteral("cart_77"));
        QCOMPARE(resource.value(QStringLiteral("custom_id")).toString(), QStringLiteral("cart_77"));
        QCOMPARE(reply.json.value(QStringLiteral("event")).toObject().value("id").toString(),
                 event.id);
    }

    void webhookResource_hasNoMetadataPaymentId_soOpenfrontE23341cFindsThePaymentByCart()
    {
        // Both versions read metadata.paymentId as their own Payment record's id; the gateway's
        // id there makes e23341c fail "Payment not found for provider event".
        const QString id = createPayment(1000);
        const HttpReply reply = sendWebhook(eventBody(id, QStringLiteral("payment.authorized")));
        const QJsonObject metadata = reply.json.value(QStringLiteral("resource"))
                                         .toObject()
                                         .value(QStringLiteral("metadata"))
                                         .toObject();
        QVERIFY(!metadata.contains(QStringLiteral("paymentId")));
        QCOMPARE(metadata.value(QStringLiteral("gatewayPaymentId")).toString(), id);
        QCOMPARE(metadata.value(QStringLiteral("cartId")).toString(), QStringLiteral("cart_1"));
    }

    void webhookAnswer_mapsGatewayEventsToStripeTypes_data()
    {
        QTest::addColumn<QString>("eventType");
        QTest::addColumn<QString>("openfrontType");
        QTest::newRow("captured") << "payment.captured"
                                  << "payment_intent.succeeded";
        QTest::newRow("failed") << "payment.failed"
                                << "payment_intent.payment_failed";
        QTest::newRow("authorized") << "payment.authorized"
                                    << "payment_intent.amount_capturable_updated";
        QTest::newRow("cancelled") << "payment.cancelled"
                                   << "payment_intent.canceled";
        QTest::newRow("refunded (recorded only)") << "payment.refunded"
                                                  << "charge.refunded";
        QTest::newRow("other types pass") << "payment_intent.succeeded"
                                          << "payment_intent.succeeded";
    }

    void webhookAnswer_mapsGatewayEventsToStripeTypes()
    {
        QFETCH(QString, eventType);
        QFETCH(QString, openfrontType);
        const QByteArray event = "{\"id\":\"evt_m\",\"type\":\"" + eventType.toUtf8() +
                                 "\",\"data\":{\"payment\":{\"id\":\"pay_m\",\"amount\":500,"
                                 "\"currency\":\"GBP\",\"capturedAmount\":400,"
                                 "\"metadata\":{\"cartId\":\"cart_m\"}}}}";
        const HttpReply reply = sendWebhook(event, QStringLiteral("__rawbody"));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(QStringLiteral("type")).toString(), openfrontType);
        QCOMPARE(reply.json.value(QStringLiteral("eventType")).toString(), eventType);
        // A payment the gateway does not hold: the resource comes from the signed event, with
        // the captured amount for an event about captured money.
        const QJsonObject resource = reply.json.value(QStringLiteral("resource")).toObject();
        QCOMPARE(resource.value(QStringLiteral("id")).toString(), QStringLiteral("pay_m"));
        const bool captured =
            eventType == QLatin1String("payment.captured") || eventType == "payment.refunded";
        QCOMPARE(resource.value(QStringLiteral("amount")).toInt(), captured ? 400 : 500);
        QCOMPARE(resource.value(QStringLiteral("currency")).toString(), QStringLiteral("GBP"));
        QCOMPARE(resource.value(QStringLiteral("custom_id")).toString(), QStringLiteral("cart_m"));
    }

    void webhook_verifiesOverLowercaseRawbody_openfrontE23341c()
    {
        // The bytes as posted (spaces, key order) differ from any re-serialisation of the event
        // Openfront parsed: only the raw body verifies.
        const QByteArray raw = "{ \"id\": \"evt_r\", \"type\": \"payment.failed\", \"data\": "
                               "{\"payment\": {\"id\": \"pay_r\"}} }";
        const QByteArray parsed = "{\"type\":\"payment.failed\",\"id\":\"evt_r\",\"data\":{"
                                  "\"payment\":{\"id\":\"pay_r\"}}}";
        QSignalSpy log(m_gateway.get(), &DemoGateway::requestHandled);
        const HttpReply reply = sendWebhook(parsed, QStringLiteral("__rawbody"), raw);
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(QStringLiteral("verified")).toBool(), true);
        const QString note = log.first().first().value<GatewayLogEntry>().note;
        QVERIFY2(note.contains(QStringLiteral("headers.__rawbody")), qPrintable(note));
        // Other bytes under __rawbody than those signed: refused.
        QByteArray tampered = raw;
        tampered.replace("pay_r", "pay_s");
        const QByteArray signature =
            WebhookSigner(Scheme::Gateway, kSecret.toUtf8()).sign(raw).first().second;
        QJsonObject body{
            {QStringLiteral("provider"), documentedProvider()},
            {QStringLiteral("event"), QJsonDocument::fromJson(parsed).object()},
            {QStringLiteral("headers"),
             QJsonObject{{QStringLiteral("x-gateway-signature"), QString::fromLatin1(signature)},
                         {QStringLiteral("__rawbody"), QString::fromUtf8(tampered)}}}};
        QCOMPARE(m_client->post(QStringLiteral("/api/handle-webhook"), body).status, 403);
    }

    void webhook_withoutRawBody_openfront55912a7_fallsBackToEventAndLogsIt()
    {
        const QString id = createPayment(1000);
        QSignalSpy log(m_gateway.get(), &DemoGateway::requestHandled);
        const HttpReply reply = sendWebhook(eventBody(id, QStringLiteral("payment.authorized")));
        QCOMPARE(reply.status, 200);
        QCOMPARE(reply.json.value(QStringLiteral("type")).toString(),
                 QStringLiteral("payment_intent.amount_capturable_updated"));
        const QString note = log.first().first().value<GatewayLogEntry>().note;
        QVERIFY2(note.contains(QStringLiteral("re-serialised event")), qPrintable(note));
    }

    void webhookAnswer_eventWithoutId_getsAnIdStableAcrossDeliveries_openfrontE23341c()
    {
        // e23341c de-duplicates deliveries by event id: the same event, the same id; another
        // event, another id.
        const QByteArray one = "{\"type\":\"payment.captured\",\"data\":{\"payment\":{\"id\":"
                               "\"pay_n\",\"amount\":100}}}";
        const QByteArray two = "{\"type\":\"payment.refunded\",\"data\":{\"payment\":{\"id\":"
                               "\"pay_n\",\"amount\":100}}}";
        auto eventIdOf = [&](const QByteArray &event) {
            return sendWebhook(event, QStringLiteral("__rawbody"))
                .json.value(QStringLiteral("event"))
                .toObject()
                .value(QStringLiteral("id"))
                .toString();
        };
        const QString first = eventIdOf(one);
        QVERIFY(first.startsWith(QStringLiteral("evt_")));
        QCOMPARE(eventIdOf(one), first);
        QVERIFY(eventIdOf(two) != first);
    }

    // ---- webhooks out -----------------------------------------------------------------------

    void webhooksOut_signedEventsRetriedUntilDelivered()
    {
        WebhookReceiver receiver({500, 200});
        GatewayConfig config = baseConfig();
        config.webhookUrl = receiver.url();
        config.webhookBackoffMs = 20;
        startWith(config);
        const QString id = createPayment(1000);
        QTRY_COMPARE(receiver.requests.size(), 2);
        const QByteArray body = WebhookReceiver::bodyOf(receiver.requests.last());
        const QJsonObject event = QJsonDocument::fromJson(body).object();
        QCOMPARE(event.value(QStringLiteral("type")).toString(),
                 QStringLiteral("payment.authorized"));
        QCOMPARE(event.value(QStringLiteral("data"))
                     .toObject()
                     .value("payment")
                     .toObject()
                     .value("id")
                     .toString(),
                 id);
        QVERIFY(body.startsWith("{\"id\":\"evt_"));
        const QByteArray signature =
            WebhookReceiver::headerOf(receiver.requests.last(), "x-gateway-signature");
        QCOMPARE(signature, paybench::webhook::hmacSha256(kSecret.toUtf8(), body).toHex());
        QTRY_COMPARE(m_gateway->deliveries().first().state, WebhookDelivery::State::Delivered);
        QCOMPARE(m_gateway->deliveries().first().attempts, 2);
    }

    void webhooksOut_failingTarget_isMarkedFailedAndCanBeResent()
    {
        WebhookReceiver receiver({500});
        GatewayConfig config = baseConfig();
        config.webhookUrl = receiver.url();
        config.webhookBackoffMs = 10;
        config.webhookMaxAttempts = 3;
        startWith(config);
        createPayment(1000);
        QTRY_COMPARE(m_gateway->deliveries().first().state, WebhookDelivery::State::Failed);
        QCOMPARE(m_gateway->deliveries().first().attempts, 3);
        QCOMPARE(m_gateway->deliveries().first().lastError, QStringLiteral("HTTP 500"));
        QVERIFY(m_gateway->resendEvent(m_gateway->events().first().id));
        QTRY_COMPARE(receiver.requests.size(), 6);
        QCOMPARE(m_gateway->deliveries().size(), 2);
        QVERIFY(!m_gateway->resendEvent(QStringLiteral("evt_unknown")));
    }

    void webhooksOut_standardScheme_carriesIdAndTimestamp()
    {
        WebhookReceiver receiver({200});
        GatewayConfig config = baseConfig();
        config.webhookUrl = receiver.url();
        config.signatureScheme = Scheme::Standard;
        config.webhookSecret = QStringLiteral("whsec_c2VjcmV0LWtleS1ieXRlcw==");
        startWith(config);
        createPayment(1000);
        QTRY_COMPARE(receiver.requests.size(), 1);
        const QByteArray request = receiver.requests.first();
        QCOMPARE(WebhookReceiver::headerOf(request, "webhook-id"),
                 m_gateway->events().first().id.toUtf8());
        QCOMPARE(WebhookReceiver::headerOf(request, "webhook-timestamp"),
                 QByteArray::number(m_now.toSecsSinceEpoch()));
        const WebhookSigner verifier(Scheme::Standard, config.webhookSecret.toUtf8(),
                                     [this] { return m_now.toSecsSinceEpoch(); });
        const paybench::webhook::HeaderList headers = {
            {"webhook-id", WebhookReceiver::headerOf(request, "webhook-id")},
            {"webhook-timestamp", WebhookReceiver::headerOf(request, "webhook-timestamp")},
            {"webhook-signature", WebhookReceiver::headerOf(request, "webhook-signature")}};
        QVERIFY(verifier.verify(WebhookReceiver::bodyOf(request), headers).valid());
    }

    // ---- dashboard, reset, persistence ------------------------------------------------------

    void paymentLink_servesDashboardPageWithHistory()
    {
        const QString id = createPayment(1000);
        m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 600));
        const HttpReply link =
            m_client->post(QStringLiteral("/api/generate-payment-link"), paymentBody(id));
        QCOMPARE(link.status, 200);
        const QUrl url(link.json.value(QStringLiteral("url")).toString());
        QCOMPARE(url.port(), int(m_gateway->port()));
        QCOMPARE(url.path(), QStringLiteral("/dashboard/payments/") + id);
        const HttpReply page = m_client->send("GET", url.path(), {}, {});
        QCOMPARE(page.status, 200);
        QVERIFY(page.header("content-type").startsWith("text/html"));
        QVERIFY(page.body.contains(id.toUtf8()));
        QVERIFY(page.body.contains("captured"));
        QVERIFY(page.body.contains("partial capture"));
        QVERIFY(page.body.contains("payment.authorized"));
        QCOMPARE(
            m_client->send("GET", QStringLiteral("/dashboard/payments/pay_nope"), {}, {}).status,
            404);
        QVERIFY(
            m_client->send("GET", QStringLiteral("/dashboard"), {}, {}).body.contains(id.toUtf8()));
    }

    void dashboard_escapesValues()
    {
        QJsonObject body = createBody(1000);
        body.insert(QStringLiteral("cart"),
                    QJsonObject{{QStringLiteral("id"), QStringLiteral("<script>x</script>")}});
        const QString id = m_client->post(QStringLiteral("/api/create-payment"), body)
                               .json.value(QStringLiteral("paymentId"))
                               .toString();
        const HttpReply page =
            m_client->send("GET", QStringLiteral("/dashboard/payments/") + id, {}, {});
        QVERIFY(!page.body.contains("<script>"));
        QVERIFY(page.body.contains("&lt;script&gt;"));
    }

    void reset_forgetsEverything()
    {
        createPayment(1000);
        QSignalSpy spy(m_gateway.get(), &DemoGateway::paymentsChanged);
        m_gateway->reset();
        QCOMPARE(spy.size(), 1);
        QVERIFY(m_gateway->payments().isEmpty());
        QVERIFY(m_gateway->events().isEmpty());
    }

    void persistence_stateSurvivesRestart()
    {
        QTemporaryDir dir;
        GatewayConfig config = baseConfig();
        config.stateFile = dir.filePath(QStringLiteral("state.json"));
        startWith(config);
        const QString id = createPayment(1000);
        m_client->post(QStringLiteral("/api/capture-payment"), paymentBody(id, 700));
        QJsonObject refund = paymentBody(id, 100);
        refund.insert(QStringLiteral("idempotencyKey"), QStringLiteral("r-1"));
        m_client->post(QStringLiteral("/api/refund-payment"), refund);
        QTRY_VERIFY(QFileInfo::exists(config.stateFile)); // written in the background
        m_gateway->stop();

        startWith(config);
        const auto payment = m_gateway->payment(id);
        QVERIFY(payment);
        QCOMPARE(payment->status, PaymentStatus::Captured);
        QCOMPARE(payment->capturedAmount, 700);
        QCOMPARE(payment->refundedAmount, 100);
        QCOMPARE(payment->history.size(), 4);
        QCOMPARE(m_gateway->eventsFor(id).size(), 3);
        // The idempotency record came back too: the retry is a replay, not a second refund.
        QCOMPARE(m_client->post(QStringLiteral("/api/refund-payment"), refund)
                     .header("idempotent-replayed"),
                 QByteArray("true"));
        QCOMPARE(m_gateway->payment(id)->refundedAmount, 100);
    }

    void persistence_corruptStateFile_refusesToStartAndKeepsIt()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("state.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write("{not json");
        out.close();
        GatewayConfig config = baseConfig();
        config.stateFile = file;
        DemoGateway gateway;
        gateway.setConfig(config);
        QString error;
        QCOMPARE(gateway.start(&error), quint16(0));
        QVERIFY(error.contains(QStringLiteral("not a Paybench gateway state file")));
        QFile in(file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QCOMPARE(in.readAll(), QByteArray("{not json"));
    }

    void start_invalidConfig_saysWhy()
    {
        DemoGateway gateway;
        GatewayConfig config;
        config.host = QStringLiteral("example.com");
        gateway.setConfig(config);
        QString error;
        QCOMPARE(gateway.start(&error), quint16(0));
        QVERIFY(error.contains(QStringLiteral("API key")));
        QVERIFY(error.contains(QStringLiteral("example.com")));
        QVERIFY(!gateway.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestDemoGateway)
#include "tst_demogateway.moc"
