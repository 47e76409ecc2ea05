#include "DemoGateway.h"
#include "GatewayLogModel.h"
#include "GatewayPanel.h"
#include "GatewaySettings.h"
#include "GatewayTestClient.h"

#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace paybench::gateway;
using namespace paybench::gateway::testing;
using paybench::ui::GatewayPanel;

namespace {

const QByteArray kCreateBody = "{\"provider\":{\"credentials\":{\"apiKey\":\"k\"}},\"cart\":{"
                               "\"id\":\"c\"},\"amount\":1000,\"currency\":\"USD\"}";

GatewayConfig keyedConfig(quint16 port = 0)
{
    GatewayConfig config;
    config.port = port;
    config.apiKey = QStringLiteral("k");
    config.webhookSecret = QStringLiteral("s");
    return config;
}

template <typename T>
T *field(const GatewayPanel &panel, const char *name)
{
    return panel.findChild<T *>(QLatin1String(name));
}

} // namespace

// The gateway panel, offscreen: every action reaches the DemoGateway.
class TestGatewayPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Each test starts without kept settings.
    void init() { QFile::remove(GatewaySettings::defaultPath()); }

    void panel_showsRunningGatewaysRealPortAndKeys()
    {
        DemoGateway gateway;
        GatewayConfig config = keyedConfig();
        config.webhookUrl = QUrl(QStringLiteral("http://127.0.0.1:9/hook"));
        config.signatureScheme = paybench::webhook::Scheme::Stripe;
        gateway.setConfig(config);
        GatewayPanel panel(&gateway);
        auto *port = field<QSpinBox>(panel, "port");
        QCOMPARE(port->text(), port->specialValueText()); // configured: any free port
        QVERIFY(gateway.start() != 0);                    // as the app starts it
        QCOMPARE(port->value(), int(gateway.port()));
        QCOMPARE(field<QLineEdit>(panel, "apiKey")->text(), QStringLiteral("k"));
        QCOMPARE(field<QLineEdit>(panel, "apiKey")->echoMode(), QLineEdit::Password);
        QCOMPARE(field<QLineEdit>(panel, "webhookSecret")->text(), QStringLiteral("s"));
        QCOMPARE(field<QLineEdit>(panel, "webhookSecret")->echoMode(), QLineEdit::Password);
        QCOMPARE(field<QLineEdit>(panel, "webhookUrl")->text(), config.webhookUrl.toString());
        QCOMPARE(field<QComboBox>(panel, "scheme")->currentText(), QStringLiteral("stripe"));
        QVERIFY(!field<QPushButton>(panel, "start")->isEnabled());

        // A panel made while it runs shows the same, and a config change shows at once.
        GatewayPanel later(&gateway);
        QCOMPARE(field<QSpinBox>(later, "port")->value(), int(gateway.port()));
        config.apiKey = QStringLiteral("k2");
        gateway.setConfig(config);
        QCOMPARE(field<QLineEdit>(later, "apiKey")->text(), QStringLiteral("k2"));
    }

    void panel_revealAndCopy_keepTheKeyMaskedUntilAsked()
    {
        DemoGateway gateway;
        gateway.setConfig(keyedConfig());
        GatewayPanel panel(&gateway);
        auto *key = field<QLineEdit>(panel, "apiKey");
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(field<QPushButton>(panel, "copyApiKey"), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("k"));
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        QTest::mouseClick(field<QPushButton>(panel, "copyWebhookSecret"), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("s"));
        auto *reveal = field<QPushButton>(panel, "revealApiKey");
        QTest::mouseClick(reveal, Qt::LeftButton);
        QCOMPARE(key->echoMode(), QLineEdit::Normal);
        QCOMPARE(field<QLineEdit>(panel, "webhookSecret")->echoMode(), QLineEdit::Password);
        QTest::mouseClick(reveal, Qt::LeftButton);
        QCOMPARE(key->echoMode(), QLineEdit::Password);
    }

    void panel_stopThenStart_restartsWithTheSameSettings()
    {
        DemoGateway gateway;
        gateway.setConfig(keyedConfig());
        QVERIFY(gateway.start() != 0);
        // As the app does when its port was taken: the port it got becomes the configured one.
        GatewayConfig config = gateway.config();
        config.port = gateway.port();
        gateway.setConfig(config);
        GatewayPanel panel(&gateway);
        QTest::mouseClick(field<QPushButton>(panel, "stop"), Qt::LeftButton);
        QVERIFY(!gateway.isRunning());
        QCOMPARE(field<QSpinBox>(panel, "port")->value(), int(config.port));
        QCOMPARE(field<QLineEdit>(panel, "apiKey")->text(), QStringLiteral("k"));
        QTest::mouseClick(field<QPushButton>(panel, "start"), Qt::LeftButton);
        QVERIFY2(gateway.isRunning(), qPrintable(field<QLabel>(panel, "status")->text()));
        QCOMPARE(gateway.port(), config.port);
        QCOMPARE(gateway.config().apiKey, QStringLiteral("k"));
        QCOMPARE(gateway.config().webhookSecret, QStringLiteral("s"));
        TestClient client(gateway.port());
        QCOMPARE(client.send("POST", QStringLiteral("/api/create-payment"), kCreateBody).status,
                 200);
    }

    void panel_start_keepsSettingsForTheNextGateway()
    {
        {
            DemoGateway gateway;
            GatewayPanel panel(&gateway);
            field<QLineEdit>(panel, "apiKey")->setText(QStringLiteral("kept_key"));
            field<QLineEdit>(panel, "webhookSecret")->setText(QStringLiteral("kept_secret"));
            field<QLineEdit>(panel, "webhookUrl")->setText(QStringLiteral("http://127.0.0.1:9/h"));
            field<QComboBox>(panel, "scheme")->setCurrentText(QStringLiteral("standard"));
            QTest::mouseClick(field<QPushButton>(panel, "start"), Qt::LeftButton);
            QVERIFY(gateway.isRunning());
        }
        QVERIFY(QFile::exists(GatewaySettings::defaultPath()));
        // Keys inside: readable by the owner only.
        QCOMPARE(QFile::permissions(GatewaySettings::defaultPath()) &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());

        // The next app start: the kept settings over the defaults.
        const GatewayConfig defaults = keyedConfig(4242);
        QString error;
        const std::optional<GatewayConfig> kept = GatewaySettings().load(defaults, &error);
        QVERIFY2(kept, qPrintable(error));
        DemoGateway next;
        next.setConfig(*kept);
        GatewayPanel panel(&next);
        QCOMPARE(field<QLineEdit>(panel, "apiKey")->text(), QStringLiteral("kept_key"));
        QCOMPARE(field<QLineEdit>(panel, "webhookSecret")->text(), QStringLiteral("kept_secret"));
        QCOMPARE(field<QLineEdit>(panel, "webhookUrl")->text(),
                 QStringLiteral("http://127.0.0.1:9/h"));
        QCOMPARE(field<QComboBox>(panel, "scheme")->currentText(), QStringLiteral("standard"));
        QCOMPARE(field<QSpinBox>(panel, "port")->value(), 0); // kept as the form had it
    }

    void settings_noneOrDamaged_areNotUsed()
    {
        const GatewayConfig defaults = keyedConfig(4242);
        QString error;
        QVERIFY(!GatewaySettings().load(defaults, &error));
        QVERIFY(error.isEmpty()); // nothing kept yet is no error
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("demo-gateway.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"payments\": []}");
        file.close();
        QVERIFY(!GatewaySettings(path).load(defaults, &error));
        QVERIFY(error.contains(path));
    }

    void panel_manyPayments_listsTheNewestWithANoteAndFindsOthersById()
    {
        DemoGateway gateway;
        gateway.setConfig(keyedConfig());
        QVERIFY(gateway.start() != 0);
        GatewayPanel panel(&gateway);
        TestClient client(gateway.port());
        const int total = GatewayPanel::kShownPayments + 3;
        QStringList ids;
        for (int i = 0; i < total; ++i) {
            const HttpReply reply =
                client.send("POST", QStringLiteral("/api/create-payment"), kCreateBody);
            QCOMPARE(reply.status, 200);
            ids << reply.json.value(QStringLiteral("paymentId")).toString();
        }
        auto *payments = field<QTableWidget>(panel, "payments");
        auto *note = field<QLabel>(panel, "paymentsNote");
        const QString expected =
            QStringLiteral("showing newest %1 of %2")
                .arg(QLocale().toString(GatewayPanel::kShownPayments), QLocale().toString(total));
        QTRY_COMPARE(note->text(), expected);
        QCOMPARE(payments->rowCount(), GatewayPanel::kShownPayments);
        QCOMPARE(payments->item(0, 0)->text(), ids.last());
        QCOMPARE(payments->item(payments->rowCount() - 1, 0)->text(), ids.at(3));

        auto *lookup = field<QLineEdit>(panel, "paymentLookup");
        lookup->setText(ids.first()); // older than the listed ones
        QTest::keyClick(lookup, Qt::Key_Return);
        QCOMPARE(payments->rowCount(), 1);
        QCOMPARE(payments->item(0, 0)->text(), ids.first());
        lookup->setText(QStringLiteral("pay_unknown"));
        QTest::keyClick(lookup, Qt::Key_Return);
        QCOMPARE(payments->rowCount(), 0);
        QVERIFY(note->text().contains(QStringLiteral("pay_unknown")));
        lookup->clear();
        QCOMPARE(payments->rowCount(), GatewayPanel::kShownPayments);
        QCOMPARE(note->text(), expected);
    }

    void gateway_recentPayments_readsOnlyTheNewestFromTheStateFile()
    {
        QTemporaryDir dir;
        DemoGateway gateway;
        GatewayConfig config = keyedConfig();
        config.stateFile = dir.filePath(QStringLiteral("state.sqlite"));
        gateway.setConfig(config);
        gateway.setStateSync(StateSync::Normal);
        QVERIFY(gateway.start() != 0);
        TestClient client(gateway.port());
        QStringList ids;
        for (int i = 0; i < 4; ++i)
            ids << client.send("POST", QStringLiteral("/api/create-payment"), kCreateBody)
                       .json.value(QStringLiteral("paymentId"))
                       .toString();
        QCOMPARE(gateway.paymentCount(), 4);
        const QVector<Payment> newest = gateway.recentPayments(2);
        QCOMPARE(newest.size(), 2);
        QCOMPARE(newest.at(0).id, ids.at(2)); // creation order
        QCOMPARE(newest.at(1).id, ids.at(3));
        gateway.stop();
        GatewayPanel panel(&gateway);
        QVERIFY(gateway.start() != 0); // reopens the file
        QTRY_COMPARE(field<QTableWidget>(panel, "payments")->rowCount(), 4);
        QCOMPARE(field<QLabel>(panel, "paymentsNote")->text(), QStringLiteral("4 payment(s)"));
    }

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
