#include "DemoGateway.h"
#include "GatewayLogModel.h"
#include "GatewayPanel.h"
#include "GatewayTestClient.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace paybench::gateway;
using namespace paybench::gateway::testing;
using paybench::ui::GatewayPanel;

// The gateway panel, offscreen: every action reaches the DemoGateway.
class TestGatewayPanel : public QObject
{
    Q_OBJECT

private slots:
    void panel_startRequestPointCancelStop()
    {
        DemoGateway gateway;
        GatewayPanel panel(&gateway);
        panel.findChild<QLineEdit *>(QStringLiteral("apiKey"))->setText(QStringLiteral("k"));
        panel.findChild<QLineEdit *>(QStringLiteral("webhookSecret"))->setText(QStringLiteral("s"));
        QCOMPARE(panel.findChild<QLineEdit *>(QStringLiteral("apiKey"))->echoMode(),
                 QLineEdit::Password);
        auto *start = panel.findChild<QPushButton *>(QStringLiteral("start"));
        auto *point = panel.findChild<QPushButton *>(QStringLiteral("pointPlatform"));
        QVERIFY(!point->isEnabled());
        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(gateway.isRunning());
        QVERIFY(!start->isEnabled());
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("status"))
                    ->text()
                    .contains(gateway.baseUrl().toString()));

        TestClient client(gateway.port());
        const HttpReply reply = client.send(
            "POST", QStringLiteral("/api/create-payment"),
            "{\"provider\":{\"credentials\":{\"apiKey\":\"k\"}},\"cart\":{\"id\":\"c\"},"
            "\"amount\":1000,\"currency\":\"USD\"}");
        QCOMPARE(reply.status, 200);
        QCOMPARE(panel.logModel()->rowCount(), 1);
        QVERIFY(!panel.logModel()->entry(0).requestBody.contains("\"k\""));
        auto *payments = panel.findChild<QTableWidget *>(QStringLiteral("payments"));
        QTRY_COMPARE(payments->rowCount(), 1);
        QCOMPARE(payments->item(0, 1)->text(), QStringLiteral("authorized"));

        QSignalSpy pointed(&panel, &GatewayPanel::pointPlatformRequested);
        QTest::mouseClick(point, Qt::LeftButton);
        QCOMPARE(pointed.size(), 1);
        QCOMPARE(pointed.first().first().toString(), gateway.baseUrl().toString());

        payments->selectRow(0);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("cancelPayment")),
                          Qt::LeftButton);
        QCOMPARE(gateway.payments().first().status, PaymentStatus::Cancelled);
        QTRY_COMPARE(payments->item(0, 1)->text(), QStringLiteral("cancelled"));

        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("stop")), Qt::LeftButton);
        QVERIFY(!gateway.isRunning());
        QVERIFY(start->isEnabled());
    }

    void panel_deliveriesAreListedAndCanBeResent()
    {
        WebhookReceiver receiver({200});
        DemoGateway gateway;
        GatewayPanel panel(&gateway);
        panel.findChild<QLineEdit *>(QStringLiteral("apiKey"))->setText(QStringLiteral("k"));
        panel.findChild<QLineEdit *>(QStringLiteral("webhookSecret"))->setText(QStringLiteral("s"));
        panel.findChild<QLineEdit *>(QStringLiteral("webhookUrl"))
            ->setText(receiver.url().toString());
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("start")), Qt::LeftButton);
        QVERIFY(gateway.isRunning());
        TestClient client(gateway.port());
        QCOMPARE(client
                     .send("POST", QStringLiteral("/api/create-payment"),
                           "{\"provider\":{\"credentials\":{\"apiKey\":\"k\"}},\"cart\":{\"id\":"
                           "\"c\"},\"amount\":1000,\"currency\":\"USD\"}")
                     .status,
                 200);
        auto *deliveries = panel.findChild<QTableWidget *>(QStringLiteral("deliveries"));
        QTRY_COMPARE(deliveries->rowCount(), 1);
        QTRY_COMPARE(deliveries->item(0, 3)->text(), QStringLiteral("delivered"));
        QCOMPARE(deliveries->item(0, 1)->text(), QStringLiteral("payment.authorized"));
        deliveries->selectRow(0);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("resend")), Qt::LeftButton);
        QTRY_COMPARE(receiver.requests.size(), 2);
        QTRY_COMPARE(deliveries->rowCount(), 2);
    }

    void panel_faultField_appliesValidSpecAndFlagsInvalidOne()
    {
        DemoGateway gateway;
        GatewayPanel panel(&gateway);
        auto *fault = panel.findChild<QLineEdit *>(QStringLiteral("fault-capture-payment"));
        QVERIFY(fault);
        fault->setText(QStringLiteral("error=1:503"));
        Q_EMIT fault->editingFinished();
        QCOMPARE(gateway.config().fault(Endpoint::CapturePayment).errorStatus, 503);
        fault->setText(QStringLiteral("error=9"));
        Q_EMIT fault->editingFinished();
        QVERIFY(!fault->toolTip().isEmpty());
        QCOMPARE(gateway.config().fault(Endpoint::CapturePayment).errorStatus, 503);
    }

    void panel_invalidSettings_sayWhyNotStarted()
    {
        DemoGateway gateway;
        GatewayPanel panel(&gateway);
        QTest::mouseClick(panel.findChild<QPushButton *>(QStringLiteral("start")), Qt::LeftButton);
        QVERIFY(!gateway.isRunning());
        QVERIFY(panel.findChild<QLabel *>(QStringLiteral("status"))->text().contains("API key"));
    }

    void logModel_isBounded()
    {
        paybench::ui::GatewayLogModel model(3);
        for (int i = 0; i < 5; ++i) {
            GatewayLogEntry entry;
            entry.status = 200 + i;
            model.append(entry);
        }
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.entry(0).status, 202);
    }
};

QTEST_MAIN(TestGatewayPanel)
#include "tst_gatewaypanel.moc"
