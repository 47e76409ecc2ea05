#include "CallHistory.h"
#include "DiagnosisPanel.h"
#include "LatencyPanel.h"
#include "LoopbackHttpServer.h"
#include "PaymentDiagnosis.h"
#include "PaymentTimeline.h"
#include "ProbePanel.h"
#include "WebhookLabPanel.h"
#include "ZipTestReader.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace paybench;
using paybench::test::LoopbackHttpServer;

namespace {

const QString kSecret = QStringLiteral("whsec_panel_test_secret_1");
const QString kApiKey = QStringLiteral("sk_panel_test_api_key_2");

// A small but honest gateway: the documented answers, webhooks verified over the raw body.
LoopbackHttpServer::Answer loopbackGateway(const LoopbackHttpServer::Request &request)
{
    if (request.method != "POST")
        return {405, "application/json", R"({"error":"Method not allowed"})"};
    if (request.path.endsWith("get-payment-status"))
        return {
            200, "application/json",
            R"({"status":"captured","amount":1999,"currency":"USD","lastUpdated":"2026-01-02T10:00:00Z"})"};
    if (request.path.endsWith("generate-payment-link"))
        return {200, "application/json", "{\"url\":\"https://dashboard.example/payments/pay_1\"}"};
    if (request.path.endsWith("handle-webhook")) {
        if (request.body.size() > 1'000'000)
            return {413, "application/json", R"({"error":"too large"})"};
        const auto parsed = json::parse(request.body);
        const json::OrderedValue *headers =
            parsed.value ? parsed.value->member(QStringLiteral("headers")) : nullptr;
        if (!headers || !headers->member(QStringLiteral("__rawBody")))
            return {400, "application/json", R"({"error":"bad request"})"};
        const QByteArray raw = headers->member(QStringLiteral("__rawBody"))->toString().toUtf8();
        const auto *signature = headers->member(QStringLiteral("x-gateway-signature"));
        const bool valid =
            signature &&
            webhook::WebhookSigner(webhook::Scheme::Gateway, kSecret.toUtf8())
                .verify(raw, {{"x-gateway-signature", signature->toString().toLatin1()}})
                .valid();
        return valid ? LoopbackHttpServer::Answer{200, "application/json", R"({"verified":true})"}
                     : LoopbackHttpServer::Answer{403, "application/json", R"({"verified":false})"};
    }
    return {400, "application/json", R"({"error":"missing fields"})"};
}

contract::CallResult capture(const contract::CallTarget &target)
{
    contract::CallSpec spec;
    spec.function = PaymentFunction::CapturePayment;
    spec.paymentId = QStringLiteral("pay_1");
    spec.amount = 1999;
    contract::CallResponse response;
    response.httpStatus = 200;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = R"({"success":true,"transactionId":"tx","capturedAmount":1999})";
    response.startedAt = QDateTime::currentDateTimeUtc().addSecs(-600);
    return contract::evaluateCall(contract::prepareCall(target, spec), response);
}

} // namespace

class TestSupportPanels : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<LoopbackHttpServer> m_server;
    Workspace m_workspace;

    void prepare(ui::ProviderPanel &panel)
    {
        panel.setWorkspace(&m_workspace);
        panel.setProvider(QStringLiteral("pp_main"));
        panel.resize(1100, 640);
        panel.show();
    }

    // Saved when PAYBENCH_SCREENSHOT_DIR is set, to look at the panels.
    void screenshot(QWidget &widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("PAYBENCH_SCREENSHOT_DIR");
        QTest::qWait(100); // let the charts lay out their new axes
        QVERIFY(!widget.grab().isNull());
        if (!dir.isEmpty())
            QVERIFY(widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png"))));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_server = std::make_unique<LoopbackHttpServer>(&loopbackGateway);
        Platform platform;
        platform.name = QStringLiteral("Loopback gateway");
        platform.setBaseUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()));
        ProviderInstance provider;
        provider.name = QStringLiteral("Main");
        provider.code = QStringLiteral("pp_main");
        provider.platform = platform.name;
        provider.credentials = {{QStringLiteral("apiKey"), kApiKey, true, true},
                                {QStringLiteral("webhookSecret"), kSecret, true, true}};
        m_workspace = Workspace::createEmpty();
        m_workspace.platforms = {platform};
        m_workspace.providers = {provider};
    }

    void probePanel_probesEveryFunctionUrl()
    {
        ui::ProbePanel panel;
        prepare(panel);
        QSignalSpy finished(&panel, &ui::ProbePanel::probeFinished);
        panel.startProbe();
        QVERIFY(finished.wait(30000));
        QCOMPARE(panel.lastReport().targets.size(), 6);
        QCOMPARE(panel.lastReport().result(), contract::Severity::Pass);
        screenshot(panel, QStringLiteral("probe-panel"));
    }

    void latencyPanel_runsAndExports()
    {
        ui::LatencyPanel panel;
        prepare(panel);
        panel.setFunction(PaymentFunction::GetPaymentStatus);
        panel.setPaymentId(QStringLiteral("pay_1"));
        panel.setCount(40);
        panel.setConcurrency(4);
        QSignalSpy finished(&panel, &ui::LatencyPanel::runFinished);
        panel.startRun();
        QVERIFY(finished.wait(30000));
        QCOMPARE(panel.lastReport().stats.count, 40);
        QCOMPARE(panel.lastReport().stats.errorCount, 0);
        QString error;
        const QString csv = m_dir.filePath(QStringLiteral("latency.csv"));
        const QString png = m_dir.filePath(QStringLiteral("latency.png"));
        QVERIFY2(panel.exportCsv(csv, &error), qPrintable(error));
        QVERIFY2(panel.exportPng(png, &error), qPrintable(error));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().trimmed().split('\n').size(), 41);
        QVERIFY(!QImage(png).isNull());
        screenshot(panel, QStringLiteral("latency-panel"));
    }

    void latencyPanel_callNeedingAPaymentIdWithoutOne_disablesRunWithTheReason()
    {
        ui::LatencyPanel panel;
        auto *run = panel.findChild<QPushButton *>(QStringLiteral("run"));
        auto *reason = panel.findChild<QLabel *>(QStringLiteral("runBlocked"));
        QVERIFY(!run->isEnabled()); // no provider yet
        QVERIFY(reason->text().contains(QStringLiteral("provider")));
        prepare(panel);
        for (const PaymentFunction function :
             {PaymentFunction::CapturePayment, PaymentFunction::RefundPayment,
              PaymentFunction::GetPaymentStatus}) {
            panel.setFunction(function);
            panel.setPaymentId(QString());
            QVERIFY(!run->isEnabled());
            QVERIFY2(reason->text().contains(QStringLiteral("payment id")),
                     qPrintable(reason->text()));
            panel.setPaymentId(QStringLiteral("pay_1"));
            QVERIFY(run->isEnabled());
            QVERIFY(reason->text().isEmpty());
        }
        panel.setPaymentId(QString());
        panel.setFunction(PaymentFunction::CreatePayment);
        QVERIFY(run->isEnabled());
        // Asked anyway (a shortcut), a blocked run sends nothing.
        panel.setFunction(PaymentFunction::CapturePayment);
        const qsizetype before = m_server->requests.size();
        panel.startRun();
        QTest::qWait(50);
        QCOMPARE(m_server->requests.size(), before);
    }

    void latencyPanel_errorsAreCountedApartFromLatencies()
    {
        ui::LatencyPanel panel;
        prepare(panel);
        // The loopback answers create-payment with 400: every call is an error.
        panel.setFunction(PaymentFunction::CreatePayment);
        panel.setCount(8);
        QSignalSpy finished(&panel, &ui::LatencyPanel::runFinished);
        panel.startRun();
        QVERIFY(finished.wait(30000));
        const support::LatencyStats &stats = panel.lastReport().stats;
        QCOMPARE(stats.errorCount, 8);
        QCOMPARE(stats.timed, 0);
        QCOMPARE(stats.errorsByStatus.value(400), 8);
        QVERIFY(support::latencyHistogram(panel.lastReport().samples).bins.isEmpty());
        const QString text = panel.findChild<QLabel *>(QStringLiteral("stats"))->text();
        QVERIFY2(text.contains(QStringLiteral("no latency")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("HTTP 400")), qPrintable(text));
        screenshot(panel, QStringLiteral("latency-errors"));
    }

    void diagnosisPanel_flagsDoubleCaptureAndWritesCleanBundle()
    {
        client::CallHistory history(m_dir.filePath(QStringLiteral("history.sqlite")));
        QString error;
        QVERIFY2(history.open(&error), qPrintable(error));
        const auto target =
            contract::CallTarget::fromWorkspace(m_workspace, QStringLiteral("pp_main"), &error);
        QVERIFY(target);
        QVERIFY(history.record(capture(*target)) > 0);
        QVERIFY(history.record(capture(*target)) > 0);

        ui::DiagnosisPanel panel;
        prepare(panel);
        panel.setHistory(&history);
        panel.setPaymentId(QStringLiteral("pay_1"));
        QSignalSpy finished(&panel, &ui::DiagnosisPanel::diagnosisFinished);
        panel.startDiagnosis();
        QVERIFY(finished.wait(30000));
        QCOMPARE(panel.lastReport().timeline.size(), 4);
        QCOMPARE(panel.lastReport().contradictions.first().code, QStringLiteral("captured-twice"));
        screenshot(panel, QStringLiteral("diagnosis-panel"));

        QSignalSpy written(&panel, &ui::DiagnosisPanel::bundleFinished);
        const QString zipPath = m_dir.filePath(QStringLiteral("panel-bundle.zip"));
        panel.saveBundle(zipPath, true);
        QVERIFY(written.wait(30000));
        QVERIFY2(written.first().first().toBool(), qPrintable(written.first().at(2).toString()));
        QFile zipFile(zipPath);
        QVERIFY(zipFile.open(QIODevice::ReadOnly));
        const QByteArray zip = zipFile.readAll();
        const test::ZipContents contents = test::readZip(zip);
        QVERIFY2(contents.ok, qPrintable(contents.error));
        QVERIFY(contents.files.value(QStringLiteral("diagnosis.json")).contains("captured-twice"));
        for (const QString &secret : {kSecret, kApiKey}) {
            QVERIFY(!zip.contains(secret.toUtf8()));
            for (const QByteArray &data : contents.files)
                QVERIFY(!data.contains(secret.toUtf8()));
        }
    }

    void webhookLab_negativeSendsAgainstCorrectReceiver_allPass()
    {
        client::CallHistory history(m_dir.filePath(QStringLiteral("lab-history.sqlite")));
        QString error;
        QVERIFY2(history.open(&error), qPrintable(error));
        ui::WebhookLabPanel panel;
        prepare(panel);
        panel.setHistory(&history);
        panel.setSecret(kSecret);
        panel.setPaymentId(QStringLiteral("pay_1"));
        panel.compose();
        QCoreApplication::processEvents(); // the provider's credentials load from the event loop
        const qsizetype before = m_server->requests.size();
        QSignalSpy finished(&panel, &ui::WebhookLabPanel::sendsFinished);
        panel.sendNegatives();
        QVERIFY(finished.wait(60000));
        auto *table = panel.findChild<QTableWidget *>(QStringLiteral("sendResults"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 7);
        for (int row = 0; row < table->rowCount(); ++row)
            QVERIFY2(table->item(row, 3)->text() == QLatin1String("pass"),
                     qPrintable(table->item(row, 0)->text() + QStringLiteral(": ") +
                                table->item(row, 4)->text()));
        // Wrapped as Openfront wraps it: the whole provider record, its apiKey included.
        const QByteArray sent = m_server->requests.value(before).body;
        QVERIFY(sent.contains("\"code\":\"pp_main\""));
        QVERIFY(sent.contains(kApiKey.toUtf8()));
        screenshot(panel, QStringLiteral("webhook-lab-send"));

        // Every message went to the history under the provider and payment, masked, and the
        // payment's diagnosis timeline shows them as webhooks.
        const QVector<client::HistoryEntry> kept = support::paymentHistory(
            history, QStringLiteral("pp_main"), QStringLiteral("pay_1"), 100);
        QCOMPARE(kept.size(), m_server->requests.size() - before);
        for (const client::HistoryEntry &entry : kept) {
            QCOMPARE(entry.function, QStringLiteral("handle-webhook"));
            QVERIFY(!entry.report.contains(kApiKey.toUtf8()));
            QVERIFY(!entry.report.contains(kSecret.toUtf8()));
        }
        const auto event = support::timelineEventFromHistory(kept.first());
        QVERIFY(event);
        QCOMPARE(event->kind, support::TimelineEvent::Kind::Webhook);
        QVERIFY(!event->eventType.isEmpty());
    }

    void webhookLab_capture_verifiesAndReplays()
    {
        ui::WebhookLabPanel panel;
        prepare(panel);
        panel.setSecret(kSecret);
        panel.showCaptureTab();
        QVERIFY(panel.startCapture().isEmpty()); // no gateway yet: says so, captures nothing
        gateway::DemoGateway demo;
        gateway::GatewayConfig config;
        config.apiKey = kApiKey;
        config.webhookSecret = kSecret;
        demo.setConfig(config);
        QVERIFY(demo.start() > 0);
        panel.setGateway(&demo);
        const QUrl capture = panel.startCapture();
        QCOMPARE(capture, demo.captureUrl());
        const QString url = capture.toString() + QStringLiteral("/webhooks/demo");
        support::WebhookSendSpec spec;
        spec.secret = kSecret.toUtf8();
        spec.event.paymentId = QStringLiteral("pay_1");
        spec.wrap = support::WebhookWrap::Raw;
        support::WebhookSender sender;
        QSignalSpy sent(&sender, &support::WebhookSender::sendFinished);
        sender.start(QUrl(url), support::buildWebhookSend(spec), {kSecret});
        QVERIFY(sent.wait(20000));
        spec.secret = "a-wrong-secret";
        sender.start(QUrl(url), support::buildWebhookSend(spec), {kSecret});
        QVERIFY(sent.wait(20000));
        QCOMPARE(panel.receiver().captured().size(), 2);
        QVERIFY(panel.receiver().captured()[0].verification.valid());
        QCOMPARE(panel.receiver().captured()[1].verification.cause,
                 support::SignatureCause::WrongSecret);

        QSignalSpy replayed(&panel, &ui::WebhookLabPanel::replayFinished);
        panel.replay(0, url);
        QVERIFY(replayed.wait(20000));
        QCOMPARE(panel.receiver().captured().size(), 3);
        QCOMPARE(panel.receiver().captured()[2].body, panel.receiver().captured()[0].body);
        screenshot(panel, QStringLiteral("webhook-lab-capture"));
    }

    void webhookLab_verify_explainsBase64ForHex()
    {
        ui::WebhookLabPanel panel;
        prepare(panel);
        // openssl: printf '%s' BODY | openssl dgst -sha256 -hmac lab-gateway-secret -binary |
        // base64
        panel.setVerifyInput(R"({"id":"evt_1","type":"payment.captured"})",
                             QStringLiteral("x-gateway-signature: "
                                            "7RlQPeMzsJ378qam1KbY0H781MqnKPMv/9J/bLMF//U="),
                             QStringLiteral("lab-gateway-secret"));
        panel.showVerifyTab();
        panel.verify();
        bool explained = false;
        for (const QLabel *label : panel.findChildren<QLabel *>())
            explained = explained || label->text().contains(QStringLiteral("encoding"));
        QVERIFY(explained);
        screenshot(panel, QStringLiteral("webhook-lab-verify"));
    }
};

QTEST_MAIN(TestSupportPanels)
#include "tst_supportpanels.moc"
