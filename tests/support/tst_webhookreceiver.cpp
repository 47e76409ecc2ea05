#include "DemoGateway.h"
#include "WebhookLab.h"
#include "WebhookReceiver.h"
#include "WebhookSender.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace paybench;
using namespace paybench::support;

namespace {

const QByteArray kSecret = "receiver-test-secret";

WebhookSendOutcome sendTo(const QUrl &url, Tamper tamper, const QByteArray &secret = kSecret)
{
    WebhookSendSpec spec;
    spec.secret = secret;
    spec.event.type = QStringLiteral("payment_intent.succeeded");
    spec.event.paymentId = QStringLiteral("pay_r");
    spec.event.eventId = QStringLiteral("evt_r");
    spec.wrap = WebhookWrap::Raw;
    spec.tamper = tamper;
    WebhookSender sender;
    QSignalSpy finished(&sender, &WebhookSender::sendFinished);
    sender.start(url, buildWebhookSend(spec), {QString::fromUtf8(secret)}, 10000);
    if (!finished.wait(20000))
        return {};
    return finished.first().first().value<WebhookSendOutcome>();
}

} // namespace

// The webhook lab's receiver on the embedded gateway's capture route.
class TestWebhookReceiver : public QObject
{
    Q_OBJECT

    std::unique_ptr<gateway::DemoGateway> m_gateway;
    std::unique_ptr<WebhookReceiver> m_receiver;

    [[nodiscard]] QUrl captureUrl(const QString &below = QStringLiteral("/webhooks")) const
    {
        QUrl url = m_gateway->captureUrl();
        url.setPath(url.path() + below);
        return url;
    }

    QByteArray rawExchange(const QByteArray &request) const
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_gateway->port());
        if (!socket.waitForConnected(5000))
            return {};
        socket.write(request);
        QByteArray answer;
        QElapsedTimer clock;
        clock.start();
        // The gateway runs on this thread: wait with the event loop turning.
        while (!answer.contains("\r\n\r\n") && clock.elapsed() < 5000) {
            QTest::qWait(10);
            answer += socket.readAll();
        }
        return answer;
    }

private slots:
    void init()
    {
        m_gateway = std::make_unique<gateway::DemoGateway>();
        gateway::GatewayConfig config;
        config.apiKey = QStringLiteral("receiver-test-key");
        config.webhookSecret = QString::fromLatin1(kSecret);
        m_gateway->setConfig(config);
        QString error;
        QVERIFY2(m_gateway->start(&error) > 0, qPrintable(error));
        m_receiver = std::make_unique<WebhookReceiver>();
        m_receiver->setVerification(webhook::Scheme::Gateway, kSecret);
        m_receiver->attach(m_gateway.get());
    }

    void cleanup()
    {
        m_receiver.reset();
        m_gateway.reset();
    }

    void validWebhook_isCapturedVerifiedAndAcknowledged()
    {
        QCOMPARE(m_receiver->url(), m_gateway->captureUrl());
        const WebhookSendOutcome outcome = sendTo(captureUrl(), Tamper::None);
        QCOMPARE(outcome.deliveries.size(), 1);
        QCOMPARE(outcome.deliveries.first().result.response.httpStatus, 200);
        QCOMPARE(m_receiver->captured().size(), 1);
        const CapturedWebhook &captured = m_receiver->captured().first();
        QCOMPARE(captured.method, QByteArray("POST"));
        QCOMPARE(captured.path, QByteArray("/capture/webhooks"));
        QCOMPARE(captured.body, outcome.send.messages.first().body);
        QVERIFY(captured.verification.valid());
        QVERIFY(webhook::headerValue(captured.headers, "x-gateway-signature"));
    }

    void wrongSecret_isCapturedWithExplanationAndRefused()
    {
        const WebhookSendOutcome outcome = sendTo(captureUrl(), Tamper::None, "another-secret");
        QCOMPARE(outcome.deliveries.first().result.response.httpStatus, 401);
        QCOMPARE(m_receiver->captured().first().verification.cause, SignatureCause::WrongSecret);
    }

    void oversizedBody_isRefusedWithoutBeingCaptured()
    {
        const QByteArray answer = rawExchange("POST /capture HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Content-Length: 2000000\r\n\r\n{");
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
        QVERIFY(m_receiver->captured().isEmpty());
    }

    void getRequest_isRefused()
    {
        const QByteArray answer = rawExchange("GET /capture HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QVERIFY2(answer.startsWith("HTTP/1.1 405"), answer.constData());
    }

    void detached_captureRouteAnswers404_andKeepsNothing()
    {
        m_receiver->detach();
        QVERIFY(m_receiver->url().isEmpty());
        QCOMPARE(sendTo(captureUrl(), Tamper::None).deliveries.first().result.response.httpStatus,
                 404);
        QVERIFY(m_receiver->captured().isEmpty());
        // The payment endpoints of the same server are not affected by the capture route.
        QCOMPARE(rawExchange("POST /api/create-payment HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
                     .left(12),
                 QByteArray("HTTP/1.1 400"));
    }

    void replay_sendsTheSameBytesAndSignature()
    {
        sendTo(captureUrl(), Tamper::None);
        QCOMPARE(m_receiver->captured().size(), 1);
        const WebhookSend replay = replaySend(m_receiver->captured().first());
        QCOMPARE(replay.eventId, QStringLiteral("evt_r"));
        QCOMPARE(replay.paymentId, QStringLiteral("pay_r"));
        WebhookSender sender;
        QSignalSpy finished(&sender, &WebhookSender::sendFinished);
        sender.start(captureUrl(), replay, {});
        QVERIFY(finished.wait(20000));
        QCOMPARE(m_receiver->captured().size(), 2);
        QCOMPARE(m_receiver->captured()[1].body, m_receiver->captured()[0].body);
        QVERIFY(m_receiver->captured()[1].verification.valid());
    }
};

QTEST_GUILESS_MAIN(TestWebhookReceiver)
#include "tst_webhookreceiver.moc"
