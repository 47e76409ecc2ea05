#include "ConnectionGuard.h"
#include "DemoGateway.h"
#include "GatewayTestClient.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace paybench::gateway;
using namespace paybench::gateway::testing;

namespace {

const QByteArray kCreate = "{\"provider\":{\"credentials\":{\"apiKey\":\"key\"}},\"cart\":{\"id\":"
                           "\"c1\"},\"amount\":1000,\"currency\":\"USD\"}";

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &extra = {},
                const QByteArray &host = "127.0.0.1")
{
    return "POST " + path + " HTTP/1.1\r\nHost: " + host +
           "\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n" + extra + "\r\n" + body;
}

} // namespace

// The hardening in front of Qt HttpServer, driven with raw sockets.
class TestConnectionGuard : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DemoGateway> m_gateway;
    quint16 m_port = 0;

    void startWith(const GatewayLimits &limits)
    {
        m_gateway = std::make_unique<DemoGateway>();
        GatewayConfig config;
        config.apiKey = QStringLiteral("key");
        config.webhookSecret = QStringLiteral("secret");
        config.limits = limits;
        m_gateway->setConfig(config);
        QString error;
        m_port = m_gateway->start(&error);
        QVERIFY2(m_port != 0, qPrintable(error));
    }

private slots:
    void init() { startWith(GatewayLimits()); }
    void cleanup() { m_gateway.reset(); }

    void wellFormedRequest_isAnswered()
    {
        const QByteArray response = rawExchange(m_port, post("/api/create-payment", kCreate), 500);
        QCOMPARE(statusOf(response), 200);
        QVERIFY(response.contains("\"paymentId\":\"pay_"));
    }

    void keepAlive_sequentialRequestsOnOneConnection_areAllAnswered()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(socket.waitForConnected(2000));
        for (int i = 0; i < 3; ++i) {
            socket.write(post("/api/create-payment", kCreate));
            QByteArray response;
            QTRY_VERIFY((response += socket.readAll()).contains("\"paymentId\""));
            QCOMPARE(statusOf(response), 200);
        }
        QCOMPARE(m_gateway->payments().size(), 3);
    }

    void answeredConnection_closedByTheClient_isFreed()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(socket.waitForConnected(2000));
        socket.write(post("/api/create-payment", kCreate));
        QByteArray response;
        QTRY_VERIFY((response += socket.readAll()).contains("\"paymentId\""));
        QCOMPARE(m_gateway->connectionCount(), 1);
        socket.disconnectFromHost();
        QTRY_COMPARE(m_gateway->connectionCount(), 0);
    }

    void heldAnswer_clientGoneOrGatewayStopped_isDroppedSafely()
    {
        Fault slow;
        slow.latencyMs = 300;
        m_gateway->setFault(Endpoint::CreatePayment, slow);
        {
            QTcpSocket socket;
            socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
            QVERIFY(socket.waitForConnected(2000));
            socket.write(post("/api/create-payment", kCreate));
            QTRY_COMPARE(m_gateway->payments().size(), 1);
            socket.abort();
        }
        QTRY_COMPARE(m_gateway->connectionCount(), 0);
        QTest::qWait(400); // the held answer's time comes with nobody to take it

        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(socket.waitForConnected(2000));
        socket.write(post("/api/create-payment", kCreate));
        QTRY_COMPARE(m_gateway->payments().size(), 2);
        m_gateway->stop(); // with that answer still held back
        QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        QTest::qWait(400); // past the held answer's time: nothing may touch the gone server
        QVERIFY(socket.readAll().isEmpty());
    }

    void otherMethod_onRoute_is405WithAllowPost()
    {
        bool closed = false;
        const QByteArray response = rawExchange(
            m_port, "GET /api/create-payment HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 3000, &closed);
        QCOMPARE(statusOf(response), 405);
        QVERIFY(response.contains("\r\nAllow: POST\r\n"));
        QVERIFY(response.contains("\"error\""));
        QVERIFY(closed);
    }

    void unknownPath_is404Json()
    {
        const QByteArray response = rawExchange(m_port, post("/api/nope", kCreate));
        QCOMPARE(statusOf(response), 404);
        QVERIFY(response.contains("application/json"));
        QVERIFY(response.contains("no such route"));
    }

    void bodyOverLimit_is413BeforeTheBodyIsSent()
    {
        // Only the head is sent: the answer must come without waiting for 2 MB.
        bool closed = false;
        const QByteArray response =
            rawExchange(m_port,
                        "POST /api/create-payment HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                        "application/json\r\nContent-Length: 2000000\r\n\r\n{\"a\":",
                        3000, &closed);
        QCOMPARE(statusOf(response), 413);
        QVERIFY(closed);
        QCOMPARE(m_gateway->payments().size(), 0);
    }

    void bodyAtTheLimitPlusOne_is413_andAtTheLimitIsRead()
    {
        GatewayLimits limits;
        limits.maxBodyBytes = kCreate.size();
        startWith(limits);
        QCOMPARE(statusOf(rawExchange(m_port, post("/api/create-payment", kCreate), 500)), 200);
        QCOMPARE(statusOf(rawExchange(m_port, post("/api/create-payment", kCreate + ' '))), 413);
    }

    void chunkedBody_is411()
    {
        const QByteArray response = rawExchange(
            m_port, "POST /api/create-payment HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: "
                    "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        QCOMPARE(statusOf(response), 411);
    }

    void foreignHost_is403AgainstDnsRebinding()
    {
        const QByteArray response =
            rawExchange(m_port, post("/api/create-payment", kCreate, {}, "evil.example:8080"));
        QCOMPARE(statusOf(response), 403);
        QVERIFY(response.contains("DNS rebinding"));
        QCOMPARE(m_gateway->payments().size(), 0);
        QCOMPARE(statusOf(rawExchange(
                     m_port, post("/api/create-payment", kCreate, {}, "localhost:1234"), 500)),
                 200);
    }

    void foreignOrigin_is403()
    {
        const QByteArray response = rawExchange(
            m_port, post("/api/create-payment", kCreate, "Origin: http://evil.example\r\n"));
        QCOMPARE(statusOf(response), 403);
        QCOMPARE(
            statusOf(rawExchange(
                m_port, post("/api/create-payment", kCreate, "Origin: http://127.0.0.1:3000\r\n"),
                500)),
            200);
    }

    void missingHost_is400()
    {
        const QByteArray response =
            rawExchange(m_port, "POST /api/create-payment HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}");
        QCOMPARE(statusOf(response), 400);
    }

    void malformedRequestLine_is400_andServerKeepsRunning()
    {
        QCOMPARE(statusOf(rawExchange(m_port, "HELLO\r\n\r\n")), 400);
        QCOMPARE(statusOf(rawExchange(m_port, "POST /x HTTP/2.0\r\nHost: a\r\n\r\n")), 505);
        QCOMPARE(statusOf(rawExchange(m_port, post("/api/create-payment", kCreate), 500)), 200);
    }

    void responseHeaders_neverCarryRequestData()
    {
        const QByteArray response = rawExchange(
            m_port,
            post("/api/create-payment", kCreate, "Idempotency-Key: k\r\nX-Evil: injected\r\n"),
            500);
        const QByteArray head = response.left(response.indexOf("\r\n\r\n"));
        QVERIFY(!head.contains("injected"));
        QVERIFY(!head.contains("\r\nk"));
    }

    void pipelinedRequests_areRefused()
    {
        bool closed = false;
        const QByteArray response = rawExchange(
            m_port, post("/api/create-payment", kCreate) + post("/api/create-payment", kCreate),
            3000, &closed);
        QCOMPARE(statusOf(response), 400);
        QVERIFY(response.contains("pipelined"));
        QCOMPARE(response.count("HTTP/1.1"), 1);
        QVERIFY(closed);
        QCOMPARE(m_gateway->payments().size(), 0);
    }

    void headOverLimit_is431()
    {
        const QByteArray response =
            rawExchange(m_port, "POST /api/create-payment HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " +
                                    QByteArray(20000, 'a') + "\r\n\r\n");
        QCOMPARE(statusOf(response), 431);
    }

    void slowRequest_is408AtTheDeadline()
    {
        GatewayLimits limits;
        limits.requestTimeoutMs = 200;
        startWith(limits);
        bool closed = false;
        const QByteArray response =
            rawExchange(m_port, "POST /api/create-payment HTTP/1.1\r\nHost: 127", 5000, &closed);
        QCOMPARE(statusOf(response), 408);
        QVERIFY(closed);
    }

    void idleConnection_isClosed()
    {
        GatewayLimits limits;
        limits.idleTimeoutMs = 200;
        startWith(limits);
        bool closed = false;
        const QByteArray response = rawExchange(m_port, {}, 5000, &closed);
        QVERIFY(response.isEmpty());
        QVERIFY(closed);
    }

    void connectionCap_refusesTheOneTooMany()
    {
        GatewayLimits limits;
        limits.maxConnections = 2;
        startWith(limits);
        QTcpSocket a;
        QTcpSocket b;
        a.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        b.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(a.waitForConnected(2000));
        QVERIFY(b.waitForConnected(2000));
        QTRY_COMPARE(m_gateway->connectionCount(), 2);
        const QByteArray response = rawExchange(m_port, post("/api/create-payment", kCreate));
        QCOMPARE(statusOf(response), 503);
        a.disconnectFromHost();
        QTRY_COMPARE(m_gateway->connectionCount(), 1);
        QCOMPARE(statusOf(rawExchange(m_port, post("/api/create-payment", kCreate), 500)), 200);
    }

    void expectContinue_getsContinueThenAnswer()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(socket.waitForConnected(2000));
        QByteArray request = post("/api/create-payment", kCreate, "Expect: 100-continue\r\n");
        const QByteArray head = request.left(request.indexOf("\r\n\r\n") + 4);
        socket.write(head);
        QByteArray response;
        QTRY_VERIFY((response += socket.readAll()).startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
        socket.write(kCreate);
        QTRY_VERIFY((response += socket.readAll()).contains("\"paymentId\""));
        QVERIFY(response.contains("HTTP/1.1 200"));
    }

    void connectionClose_andHttp10_closeAfterTheAnswer()
    {
        for (const QByteArray &request :
             {post("/api/create-payment", kCreate, "Connection: close\r\n"),
              QByteArray(post("/api/create-payment", kCreate)).replace("HTTP/1.1", "HTTP/1.0")}) {
            bool closed = false;
            const QByteArray response = rawExchange(m_port, request, 3000, &closed);
            QCOMPARE(statusOf(response), 200);
            QVERIFY(closed);
        }
    }

    void isAllowedHost_acceptsLoopbackNamesIpLiteralsAndListedNames()
    {
        const ConnectionGuard guard(GatewayLimits(), {QStringLiteral("gateway.test")},
                                    [](const QByteArray &) { return QByteArray("POST"); });
        for (const QByteArray &host :
             {QByteArray("localhost:80"), QByteArray("127.0.0.1"), QByteArray("[::1]:8080"),
              QByteArray("10.0.0.2:9"), QByteArray("Gateway.Test:443")})
            QVERIFY2(guard.isAllowedHost(host), host.constData());
        for (const QByteArray &host :
             {QByteArray("evil.example"), QByteArray("localhost.evil.example"), QByteArray(""),
              QByteArray(":80")})
            QVERIFY2(!guard.isAllowedHost(host), host.constData());
    }

    void headOnDashboard_hasHeadersWithoutBody()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(socket.waitForConnected(2000));
        socket.write("HEAD /dashboard HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QByteArray response;
        QTRY_VERIFY((response += socket.readAll()).contains("\r\n\r\n"));
        QTest::qWait(100);
        response += socket.readAll();
        QCOMPARE(statusOf(response), 200);
        // Header names are case-insensitive; Qt 6.8 writes them in lower case.
        QVERIFY(response.toLower().contains("content-type: text/html"));
        QVERIFY(response.endsWith("\r\n\r\n"));
    }

    void refusals_areLogged()
    {
        QSignalSpy spy(m_gateway.get(), &DemoGateway::requestHandled);
        rawExchange(m_port, "GET /api/refund-payment HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_COMPARE(spy.size(), 1);
        const auto entry = spy.first().first().value<GatewayLogEntry>();
        QCOMPARE(entry.status, 405);
        QCOMPARE(entry.path, QStringLiteral("/api/refund-payment"));
        QVERIFY(entry.note.contains(QStringLiteral("refused")));
    }
};

QTEST_GUILESS_MAIN(TestConnectionGuard)
#include "tst_connectionguard.moc"
