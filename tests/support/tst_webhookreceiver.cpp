#include "WebhookLab.h"
#include "WebhookReceiver.h"
#include "WebhookSender.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace paybench;
using namespace paybench::support;

namespace {

const QByteArray kSecret = "receiver-test-secret";

WebhookSendOutcome sendTo(quint16 port, Tamper tamper, const QByteArray &secret = kSecret)
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
    sender.start(QUrl(QStringLiteral("http://127.0.0.1:%1/webhooks").arg(port)),
                 buildWebhookSend(spec), {QString::fromUtf8(secret)}, 10000);
    if (!finished.wait(20000))
        return {};
    return finished.first().first().value<WebhookSendOutcome>();
}

} // namespace

class TestWebhookReceiver : public QObject
{
    Q_OBJECT

private slots:
    void validWebhook_isCapturedVerifiedAndAcknowledged()
    {
        WebhookReceiver receiver;
        receiver.setVerification(webhook::Scheme::Gateway, kSecret);
        const quint16 port = receiver.listen();
        QVERIFY(port > 0);
        const WebhookSendOutcome outcome = sendTo(port, Tamper::None);
        QCOMPARE(outcome.deliveries.size(), 1);
        QCOMPARE(outcome.deliveries.first().result.response.httpStatus, 200);
        QCOMPARE(receiver.captured().size(), 1);
        const CapturedWebhook &captured = receiver.captured().first();
        QCOMPARE(captured.path, QByteArray("/webhooks"));
        QCOMPARE(captured.body, outcome.send.messages.first().body);
        QVERIFY(captured.verification.valid());
        QVERIFY(webhook::headerValue(captured.headers, "x-gateway-signature"));
    }

    void wrongSecret_isCapturedWithExplanationAndRefused()
    {
        WebhookReceiver receiver;
        receiver.setVerification(webhook::Scheme::Gateway, kSecret);
        const quint16 port = receiver.listen();
        const WebhookSendOutcome outcome = sendTo(port, Tamper::None, "another-secret");
        QCOMPARE(outcome.deliveries.first().result.response.httpStatus, 401);
        QCOMPARE(receiver.captured().first().verification.cause, SignatureCause::WrongSecret);
    }

    void oversizedBody_isRefusedWithoutBeingCaptured()
    {
        WebhookReceiver receiver;
        receiver.setVerification(webhook::Scheme::Gateway, kSecret);
        const quint16 port = receiver.listen();
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /webhooks HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n{");
        QTRY_VERIFY_WITH_TIMEOUT(socket.bytesAvailable() > 0, 5000);
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 413"));
        QVERIFY(receiver.captured().isEmpty());
    }

    void getRequest_isRefused()
    {
        WebhookReceiver receiver;
        const quint16 port = receiver.listen();
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(socket.bytesAvailable() > 0, 5000);
        QVERIFY(socket.readAll().startsWith("HTTP/1.1 405"));
    }

    void replay_sendsTheSameBytesAndSignature()
    {
        WebhookReceiver receiver;
        receiver.setVerification(webhook::Scheme::Gateway, kSecret);
        const quint16 port = receiver.listen();
        sendTo(port, Tamper::None);
        QCOMPARE(receiver.captured().size(), 1);
        const WebhookSend replay = replaySend(receiver.captured().first());
        QCOMPARE(replay.eventId, QStringLiteral("evt_r"));
        WebhookSender sender;
        QSignalSpy finished(&sender, &WebhookSender::sendFinished);
        sender.start(QUrl(QStringLiteral("http://127.0.0.1:%1/webhooks").arg(port)), replay, {});
        QVERIFY(finished.wait(20000));
        QCOMPARE(receiver.captured().size(), 2);
        QCOMPARE(receiver.captured()[1].body, receiver.captured()[0].body);
        QVERIFY(receiver.captured()[1].verification.valid());
    }
};

QTEST_GUILESS_MAIN(TestWebhookReceiver)
#include "tst_webhookreceiver.moc"
