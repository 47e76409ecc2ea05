// The assembled window: the real MainWindow with the real Workbench, on a workspace whose
// apiKey sits in the vault and whose webhookSecret is a ${env:...} reference, against a
// loopback server that records what it is sent.
#include "CallPanel.h"
#include "Cli.h"
#include "ConformancePanel.h"
#include "LoopbackHttpServer.h"
#include "MainWindow.h"
#include "Workbench.h"

#include <QBuffer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace paybench;

namespace {

constexpr const char *kApiKey = "sk_vault_value_4711";
constexpr const char *kWebhookSecret = "whsec_from_environment_42";

int runCli(const QStringList &arguments, const QByteArray &input = {})
{
    QByteArray inBytes = input;
    QByteArray outBytes;
    QByteArray errBytes;
    QBuffer in(&inBytes);
    QBuffer out(&outBytes);
    QBuffer err(&errBytes);
    in.open(QIODevice::ReadOnly);
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    const int code = cli::runCli(arguments, in, out, err);
    if (code != 0)
        qWarning("%s", errBytes.constData());
    return code;
}

} // namespace

class TestWorkbench final : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("PAYBENCH_SECRET_BACKEND", "vault");
        qputenv("PAYBENCH_VAULT_PASSPHRASE", "workbench test passphrase");
        qputenv("WB_WEBHOOK_SECRET", kWebhookSecret);
    }

    void testCallSend_carriesTheVaultSecretAndTheEnvironmentReference()
    {
        test::LoopbackHttpServer server([](const auto &) {
            test::LoopbackHttpServer::Answer answer;
            answer.body = R"({"id":"pay_1","status":"pending","amount":1000,"currency":"EUR"})";
            return answer;
        });
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shop.json"));
        QCOMPARE(runCli({QStringLiteral("workspace"), QStringLiteral("init"), path}), 0);
        QCOMPARE(runCli({QStringLiteral("platform"), QStringLiteral("add"),
                         QStringLiteral("--workspace"), path, QStringLiteral("--name"),
                         QStringLiteral("Recorder"), QStringLiteral("--base-url"),
                         QStringLiteral("http://127.0.0.1:%1").arg(server.port())}),
                 0);
        QCOMPARE(runCli({QStringLiteral("provider"), QStringLiteral("add"),
                         QStringLiteral("--workspace"), path, QStringLiteral("--name"),
                         QStringLiteral("Recorded"), QStringLiteral("--code"),
                         QStringLiteral("pp_recorded"), QStringLiteral("--platform"),
                         QStringLiteral("Recorder"), QStringLiteral("--secret"),
                         QStringLiteral("apiKey=-"), QStringLiteral("--credential"),
                         QStringLiteral("webhookSecret=${env:WB_WEBHOOK_SECRET}")},
                        kApiKey),
                 0);

        MainWindow window;
        Workbench workbench(&window);
        QVERIFY(window.openFile(path));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_recorded"));
        auto *calls = window.findChild<ui::CallPanel *>();
        QVERIFY(calls);
        QCOMPARE(calls->provider(), QStringLiteral("pp_recorded"));
        QSignalSpy finished(calls, &ui::CallPanel::callFinished);
        calls->send();
        QVERIFY(finished.wait(20000));
        QCOMPARE(server.requests.size(), 1);
        QVERIFY(server.requests.first().body.contains(kApiKey));
        QVERIFY(server.requests.first().body.contains(kWebhookSecret));

        // Checks resolve through the same path: every request carries the real key.
        auto *checks = window.findChild<ui::ConformancePanel *>();
        QVERIFY(checks);
        QSignalSpy ran(checks, &ui::ConformancePanel::runFinished);
        server.requests.clear();
        checks->runChecks();
        QVERIFY(ran.wait(60000));
        QVERIFY(!server.requests.isEmpty());
        QVERIFY(std::any_of(server.requests.cbegin(), server.requests.cend(),
                            [](const auto &request) { return request.body.contains(kApiKey); }));
    }
};

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
