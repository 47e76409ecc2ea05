#include "ConnectionGuard.h"
#include "DemoGateway.h"
#include "GatewayTestClient.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

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

QByteArray paymentIdIn(const QByteArray &response)
{
    const qsizetype at = response.indexOf("\"paymentId\":\"");
    if (at < 0)
        return {};
    const qsizetype from = at + 13;
    return response.mid(from, response.indexOf('"', from) - from);
}

// Splits answers written back to back on one connection, by their Content-Length.
QList<QByteArray> splitAnswers(const QByteArray &bytes)
{
    QList<QByteArray> answers;
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        const qsizetype headEnd = bytes.indexOf("\r\n\r\n", pos);
        if (headEnd < 0)
            break;
        const QByteArray head = bytes.mid(pos, headEnd - pos).toLower();
        const qsizetype at = head.indexOf("content-length:");
        const qsizetype length =
            at < 0 ? 0 : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
        answers.append(bytes.mid(pos, headEnd + 4 + length - pos));
        pos = headEnd + 4 + length;
    }
    return answers;
}

// Reads one complete answer (head and Content-Length bytes of body) from a kept-alive connection.
QByteArray readOneAnswer(QTcpSocket &socket)
{
    QByteArray received;
    QEventLoop loop;
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    const auto complete = [&] {
        const qsizetype headEnd = received.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return false;
        const QByteArray head = received.left(headEnd).toLower();
        const qsizetype at = head.indexOf("content-length:");
        const qsizetype length =
            at < 0 ? 0 : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
        return received.size() >= headEnd + 4 + length;
    };
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        received += socket.readAll();
        if (complete())
            loop.quit();
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    received += socket.readAll();
    if (!complete())
        loop.exec();
    return received;
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

    void pipelinedRequests_ofThreeFunctions_areAnsweredInOrder()
    {
        for (const bool heldAnswer : {false, true}) {
            const QByteArray created =
                rawExchange(m_port, post("/api/create-payment", kCreate, "Connection: close\r\n"));
            const QByteArray id = paymentIdIn(created);
            QVERIFY(!id.isEmpty());
            if (heldAnswer) {
                // The first answer is held back: the next requests must wait for it.
                Fault slow;
                slow.latencyMs = 200;
                m_gateway->setFault(Endpoint::CapturePayment, slow);
            }
            const QByteArray provider = "\"provider\":{\"credentials\":{\"apiKey\":\"key\"}}";
            const QByteArray pipelined =
                post("/api/capture-payment",
                     "{" + provider + ",\"paymentId\":\"" + id + "\",\"amount\":1000}") +
                post("/api/refund-payment",
                     "{" + provider + ",\"paymentId\":\"" + id + "\",\"amount\":400}") +
                post("/api/get-payment-status", "{" + provider + ",\"paymentId\":\"" + id + "\"}");
            QTcpSocket socket;
            socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
            QVERIFY(socket.waitForConnected(2000));
            socket.write(pipelined);
            QByteArray received;
            QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).count("HTTP/1.1 ") == 3 &&
                                         received.contains("\"status\""),
                                     5000);
            const QList<QByteArray> answers = splitAnswers(received);
            QCOMPARE(answers.size(), 3);
            for (const QByteArray &answer : answers)
                QCOMPARE(statusOf(answer), 200);
            QVERIFY(answers[0].contains("\"capturedAmount\":1000"));
            QVERIFY(answers[1].contains("\"refundedAmount\":400"));
            QVERIFY(answers[2].contains("\"status\":\"captured\""));
            m_gateway->setFault(Endpoint::CapturePayment, Fault());
        }
    }

    void manyPipelinedRequests_overTheBufferLimit_areAllAnsweredInOrder()
    {
        // The socket buffer holds about one request at these limits: the rest waits in TCP.
        GatewayLimits limits;
        limits.maxHeaderBytes = 512;
        limits.maxBodyBytes = kCreate.size();
        startWith(limits);
        QByteArray pipelined;
        for (int i = 0; i < 60; ++i)
            pipelined += post("/api/create-payment", kCreate);
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(socket.waitForConnected(2000));
        socket.write(pipelined);
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).count("HTTP/1.1 200") == 60,
                                 10'000);
        QCOMPARE(splitAnswers(received).size(), 60);
        QCOMPARE(m_gateway->payments().size(), 60);
    }

    void headAndBodyInSeparateWrites_thousandsOfSequentialRequests_noneRefused()
    {
        const QByteArray create = post("/api/create-payment", kCreate, "Connection: close\r\n");
        const QByteArray id = paymentIdIn(rawExchange(m_port, create));
        QVERIFY(!id.isEmpty());
        const QByteArray request = post(
            "/api/get-payment-status",
            "{\"provider\":{\"credentials\":{\"apiKey\":\"key\"}},\"paymentId\":\"" + id + "\"}");
        const qsizetype headEnd = request.indexOf("\r\n\r\n") + 4;
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(socket.waitForConnected(2000));
        socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        int answered = 0;
        for (int i = 0; i < 2000; ++i) {
            socket.write(request.left(headEnd));
            socket.flush();
            // The pause: the gateway reads the head alone before the body is sent.
            QCoreApplication::processEvents();
            QCoreApplication::processEvents();
            socket.write(request.mid(headEnd));
            const QByteArray answer = readOneAnswer(socket);
            if (statusOf(answer) != 200) {
                qWarning("request %d: %s", i, answer.left(200).constData());
                break;
            }
            ++answered;
        }
        QCOMPARE(answered, 2000);
    }

    void bodySplitByteByByte_isAnswered_andTheNextRequestToo()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(socket.waitForConnected(2000));
        socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        for (int round = 0; round < 2; ++round) {
            const QByteArray request = post("/api/create-payment", kCreate);
            for (const char c : request) {
                socket.write(&c, 1);
                socket.flush();
                QCoreApplication::processEvents();
            }
            QCOMPARE(statusOf(readOneAnswer(socket)), 200);
        }
        QCOMPARE(m_gateway->payments().size(), 2);
    }

    void tlsHelloOnThePlainPort_is400AtOnce()
    {
        GatewayLimits limits;
        limits.headerTimeoutMs = 60'000;
        limits.requestTimeoutMs = 60'000;
        startWith(limits);
        // The start of a TLS 1.2 ClientHello record.
        const QByteArray hello = QByteArray::fromHex("16030100a5010000a10303");
        bool closed = false;
        const QByteArray response = rawExchange(m_port, hello, 10'000, &closed);
        QCOMPARE(statusOf(response), 400);
        QVERIFY(response.contains("TLS"));
        QVERIFY(closed);
    }

    void headOverLimit_is431()
    {
        const QByteArray response =
            rawExchange(m_port, "POST /api/create-payment HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " +
                                    QByteArray(20000, 'a') + "\r\n\r\n");
        QCOMPARE(statusOf(response), 431);
    }

    void slowHead_is408AtTheHeaderDeadline()
    {
        GatewayLimits limits;
        limits.headerTimeoutMs = 200;
        startWith(limits);
        bool closed = false;
        const QByteArray response =
            rawExchange(m_port, "POST /api/create-payment HTTP/1.1\r\nHost: 127", 5000, &closed);
        QCOMPARE(statusOf(response), 408);
        QVERIFY(closed);
    }

    void slowBody_is408AtTheRequestDeadline()
    {
        GatewayLimits limits;
        limits.requestTimeoutMs = 200;
        startWith(limits);
        bool closed = false;
        const QByteArray request = post("/api/create-payment", kCreate);
        const QByteArray response = rawExchange(m_port, request.chopped(5), 5000, &closed);
        QCOMPARE(statusOf(response), 408);
        QVERIFY(closed);
    }

    void connectionSendingNothing_isClosedAtTheHeaderTimeout()
    {
        GatewayLimits limits;
        limits.headerTimeoutMs = 200;
        startWith(limits);
        bool closed = false;
        const QByteArray response = rawExchange(m_port, {}, 10'000, &closed);
        QVERIFY(response.isEmpty());
        QVERIFY(closed);
        QTRY_COMPARE(m_gateway->connectionCount(), 0);
    }

    void idleKeepAliveConnection_isClosedAtTheIdleTimeout()
    {
        GatewayLimits limits;
        limits.idleTimeoutMs = 200;
        startWith(limits);
        bool closed = false;
        const QByteArray response =
            rawExchange(m_port, post("/api/create-payment", kCreate), 10'000, &closed);
        QCOMPARE(statusOf(response), 200);
        QVERIFY(closed);
    }

    void connectionCap_closesTheLongestIdle_toAdmitANewOne()
    {
        GatewayLimits limits;
        limits.maxConnections = 2;
        startWith(limits);
        QTcpSocket idle;
        idle.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(idle.waitForConnected(2000));
        QTRY_COMPARE(m_gateway->connectionCount(), 1);
        QTcpSocket busy; // in the middle of a request: never closed to make room
        busy.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        QVERIFY(busy.waitForConnected(2000));
        busy.write("POST /api/create-payment HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        QTRY_COMPARE(m_gateway->connectionCount(), 2);
        QTest::qWait(50);

        QCOMPARE(statusOf(rawExchange(m_port, post("/api/create-payment", kCreate), 500)), 200);
        QTRY_COMPARE(idle.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(busy.state(), QAbstractSocket::ConnectedState);
    }

    void connectionCap_withEveryConnectionBusy_refusesTheOneTooMany()
    {
        GatewayLimits limits;
        limits.maxConnections = 2;
        startWith(limits);
        QTcpSocket a;
        QTcpSocket b;
        for (QTcpSocket *socket : {&a, &b}) {
            socket->connectToHost(QStringLiteral("127.0.0.1"), m_port);
            QVERIFY(socket->waitForConnected(2000));
            socket->write("POST /api/create-payment HTTP/1.1\r\n");
        }
        QTRY_COMPARE(m_gateway->connectionCount(), 2);
        QTest::qWait(50);
        const QByteArray response = rawExchange(m_port, post("/api/create-payment", kCreate));
        QCOMPARE(statusOf(response), 503);
        a.abort();
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
