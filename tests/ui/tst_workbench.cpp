// The assembled window: the real MainWindow with the real Workbench, on a workspace whose
// apiKey sits in the vault and whose webhookSecret is a ${env:...} reference, against a
// loopback server that records what it is sent, or against the real demo gateway on loopback.
#include "CallPanel.h"
#include "Cli.h"
#include "ConformancePanel.h"
#include "DemoGateway.h"
#include "LoopbackHttpServer.h"
#include "MainWindow.h"
#include "Workbench.h"

#include <QBuffer>
#include <QComboBox>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

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

// A workspace with one platform at baseUrl and one provider whose apiKey is in the vault and
// whose webhookSecret comes from the environment; empty on failure.
QString makeWorkspace(const QTemporaryDir &dir, const QString &baseUrl, const QString &code)
{
    QString path = dir.filePath(QStringLiteral("shop.json"));
    if (runCli({QStringLiteral("workspace"), QStringLiteral("init"), path}) != 0 ||
        runCli({QStringLiteral("platform"), QStringLiteral("add"), QStringLiteral("--workspace"),
                path, QStringLiteral("--name"), QStringLiteral("Recorder"),
                QStringLiteral("--base-url"), baseUrl}) != 0 ||
        runCli({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--workspace"),
                path, QStringLiteral("--name"), QStringLiteral("Recorded"),
                QStringLiteral("--code"), code, QStringLiteral("--platform"),
                QStringLiteral("Recorder"), QStringLiteral("--secret"), QStringLiteral("apiKey=-"),
                QStringLiteral("--credential"),
                QStringLiteral("webhookSecret=${env:WB_WEBHOOK_SECRET}")},
               kApiKey) != 0)
        return {};
    return path;
}

template <typename T>
T *child(QObject *parent, const char *name)
{
    return parent ? parent->findChild<T *>(QString::fromLatin1(name)) : nullptr;
}

// Brings the workbench tab holding panel to the front, as a click on its tab does.
void showTab(QWidget &window, QWidget *panel)
{
    for (QTabWidget *tabs : window.findChildren<QTabWidget *>()) {
        if (tabs->indexOf(panel) >= 0)
            tabs->setCurrentWidget(panel);
    }
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
        qRegisterMetaType<contract::CallResult>();
        qRegisterMetaType<conformance::ConformanceReport>();
    }

    void testCallSend_carriesTheVaultSecretAndTheEnvironmentReference()
    {
        test::LoopbackHttpServer server([](const auto &) {
            test::LoopbackHttpServer::Answer answer;
            answer.body = R"({"id":"pay_1","status":"pending","amount":1000,"currency":"EUR"})";
            return answer;
        });
        QTemporaryDir dir;
        const QString path =
            makeWorkspace(dir, QStringLiteral("http://127.0.0.1:%1").arg(server.port()),
                          QStringLiteral("pp_recorded"));
        QVERIFY(!path.isEmpty());

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

    // One Send against the demo gateway: the chosen profile (documented) shapes the request and
    // every profile judges the answer, one badge and one branch of findings each.
    void testCallSend_demoGateway_showsTheVerdictOfDocumented55912a7AndE23341c()
    {
        gateway::DemoGateway demo;
        gateway::GatewayConfig config;
        config.apiKey = QString::fromLatin1(kApiKey);
        config.webhookSecret = QString::fromLatin1(kWebhookSecret);
        demo.setConfig(config);
        QVERIFY(demo.start() > 0);
        QTemporaryDir dir;
        const QString path =
            makeWorkspace(dir, demo.baseUrl().toString(), QStringLiteral("pp_demo-gateway"));
        QVERIFY(!path.isEmpty());

        MainWindow window;
        Workbench workbench(&window);
        QVERIFY(window.openFile(path));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_demo-gateway"));
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *calls = child<ui::CallPanel>(&window, "callPanel");
        QVERIFY(calls);
        showTab(window, calls);
        auto *profile = child<QComboBox>(calls, "profile");
        QCOMPARE(profile->currentData().toString(), contract::documentedProfile().name());
        auto *bar = child<QWidget>(calls, "profileVerdicts");
        QVERIFY(bar);
        QVERIFY(!bar->isVisibleTo(&window)); // nothing to judge before the first answer

        QSignalSpy finished(calls, &ui::CallPanel::callFinished);
        QTest::mouseClick(child<QPushButton>(calls, "send"), Qt::LeftButton);
        QVERIFY(finished.wait(20000));
        const auto result = finished.first().first().value<contract::CallResult>();
        QVERIFY2(!result.isTransportFailure(), qPrintable(result.failureDetails));
        QVERIFY(bar->isVisibleTo(&window));

        const QVector<const contract::RuntimeProfile *> &profiles = contract::runtimeProfiles();
        QCOMPARE(profiles.size(), 3);
        auto *tree = child<QTreeWidget>(calls, "verdicts");
        QCOMPARE(tree->topLevelItemCount(), profiles.size());
        for (int i = 0; i < profiles.size(); ++i) {
            const contract::RuntimeProfile *judge = profiles.at(i);
            const contract::Verdict *verdict = result.verdictOf(judge);
            QVERIFY2(verdict, qPrintable(judge->name())); // alsoJudgedBy reached the engine
            const QString severity = contract::severityName(verdict->result());
            auto *badge =
                bar->findChild<QWidget *>(QStringLiteral("verdictBadge-") + judge->name());
            QVERIFY2(badge && badge->isVisibleTo(&window), qPrintable(judge->name()));
            QCOMPARE(badge->property("severity").toString(), severity);
            QVERIFY(badge->toolTip().contains(judge->name()));
            QCOMPARE(tree->topLevelItem(i)->data(0, Qt::UserRole + 1).toString(), judge->name());
            QVERIFY(tree->topLevelItem(i)->text(0).contains(severity));
            QCOMPARE(tree->topLevelItem(i)->childCount(), verdict->findings.size());
        }

        // Filtering on one version leaves only its findings; a click on its badge undoes it.
        const contract::RuntimeProfile &newest = contract::newestOpenfrontProfile();
        auto *filter = child<QComboBox>(calls, "verdictFilter");
        filter->setCurrentIndex(filter->findData(newest.name()));
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            QCOMPARE(tree->topLevelItem(i)->isHidden(), profiles.at(i) != &newest);
        QTest::mouseClick(
            bar->findChild<QWidget *>(QStringLiteral("verdictBadge-") + newest.name()),
            Qt::LeftButton);
        QCOMPARE(filter->currentData().toString(), QString());
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            QVERIFY(!tree->topLevelItem(i)->isHidden());

        // The answer's verdicts never make the window wider than a 1280 px screen.
        QVERIFY2(window.minimumSizeHint().width() <= 1280,
                 qPrintable(QString::number(window.minimumSizeHint().width())));
    }

    // "all" runs the checks of every profile: a matrix column each, and a readiness row whose
    // cells hold the verdict of each Openfront version (none for the documentation).
    void testChecksAll_demoGateway_matrixHasAColumnPerProfileAndAReadinessRow()
    {
        gateway::DemoGateway demo;
        gateway::GatewayConfig config;
        config.apiKey = QString::fromLatin1(kApiKey);
        config.webhookSecret = QString::fromLatin1(kWebhookSecret);
        demo.setConfig(config);
        QVERIFY(demo.start() > 0);
        QTemporaryDir dir;
        const QString path =
            makeWorkspace(dir, demo.baseUrl().toString(), QStringLiteral("pp_demo-gateway"));
        QVERIFY(!path.isEmpty());

        MainWindow window;
        Workbench workbench(&window);
        QVERIFY(window.openFile(path));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_demo-gateway"));
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *checks = window.findChild<ui::ConformancePanel *>();
        QVERIFY(checks);
        showTab(window, checks);
        auto *choice = child<QComboBox>(checks, "checkProfiles");
        choice->setCurrentIndex(choice->findData(QStringLiteral("all")));
        auto *matrix = child<QTableWidget>(checks, "checkMatrix");
        QVERIFY(matrix);
        QSignalSpy ran(checks, &ui::ConformancePanel::runFinished);
        QTest::mouseClick(child<QPushButton>(checks, "runChecks"), Qt::LeftButton);
        QVERIFY(ran.wait(120000));
        const auto report = ran.first().first().value<conformance::ConformanceReport>();
        QVERIFY(!report.cancelled);

        const QVector<const contract::RuntimeProfile *> &profiles = contract::runtimeProfiles();
        QCOMPARE(matrix->columnCount(), 1 + profiles.size());
        for (int column = 0; column < profiles.size(); ++column)
            QCOMPARE(matrix->horizontalHeaderItem(column + 1)->text(), profiles.at(column)->name());
        QCOMPARE(matrix->rowCount(), conformance::checkCatalog().size());

        // Every check of the run sits in its row and its profile's column, with its verdict.
        int cells = 0;
        for (int row = 0; row < matrix->rowCount(); ++row) {
            for (int column = 1; column < matrix->columnCount(); ++column) {
                const QTableWidgetItem *cell = matrix->item(row, column);
                const int index = cell->data(Qt::UserRole).toInt();
                if (index < 0)
                    continue;
                ++cells;
                const conformance::CheckResult &check = report.checks.at(index);
                QCOMPARE(check.info().number, row + 1);
                QCOMPARE(check.profile, profiles.at(column - 1));
                QVERIFY2(cell->text().contains(conformance::verdictName(check.verdict).toUpper()),
                         qPrintable(cell->text()));
                QVERIFY(check.verdict != conformance::CheckVerdict::Pending);
            }
        }
        QCOMPARE(cells, report.checks.size());

        // Readiness: the last row, a verdict per Openfront version and none for documented.
        const int readiness = matrix->rowCount() - 1;
        QVERIFY(matrix->item(readiness, 0)->toolTip().contains(QStringLiteral("readiness")));
        for (int column = 1; column < matrix->columnCount(); ++column) {
            const contract::RuntimeProfile *profile = profiles.at(column - 1);
            QTableWidgetItem *cell = matrix->item(readiness, column);
            const int index = cell->data(Qt::UserRole).toInt();
            QCOMPARE(index >= 0, profile->isOpenfront());
            if (index >= 0)
                QCOMPARE(report.checks.at(index).kind, conformance::CheckKind::Readiness);
        }

        // Selecting a cell shows that check's details below, with its message.
        QTableWidgetItem *newest = matrix->item(
            readiness, 1 + static_cast<int>(profiles.indexOf(&contract::newestOpenfrontProfile())));
        QVERIFY(newest);
        matrix->scrollToItem(newest);
        QTest::mouseClick(matrix->viewport(), Qt::LeftButton, {},
                          matrix->visualItemRect(newest).center());
        const conformance::CheckResult &check =
            report.checks.at(newest->data(Qt::UserRole).toInt());
        const QString details = child<QPlainTextEdit>(checks, "evidence")->toPlainText();
        QVERIFY2(details.contains(contract::newestOpenfrontProfile().name()), qPrintable(details));
        QVERIFY2(details.contains(check.message.left(40)), qPrintable(details));
        QVERIFY(newest->toolTip().contains(check.message.left(40).toHtmlEscaped()));
    }

    // The editor holds the body signed with the mask placeholder (never the secret); what goes
    // out is signed with the real webhookSecret, so the demo gateway verifies it.
    void testCallHandleWebhook_prefilledBody_isSignedWithTheRealSecret()
    {
        gateway::DemoGateway demo;
        gateway::GatewayConfig config;
        config.apiKey = QString::fromLatin1(kApiKey);
        config.webhookSecret = QString::fromLatin1(kWebhookSecret);
        demo.setConfig(config);
        QVERIFY(demo.start() > 0);
        QTemporaryDir dir;
        const QString path =
            makeWorkspace(dir, demo.baseUrl().toString(), QStringLiteral("pp_demo-gateway"));
        QVERIFY(!path.isEmpty());
        MainWindow window;
        Workbench workbench(&window);
        QVERIFY(window.openFile(path));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_demo-gateway"));
        auto *calls = child<ui::CallPanel>(&window, "callPanel");
        QVERIFY(calls);
        QSignalSpy finished(calls, &ui::CallPanel::callFinished);
        calls->send(); // create-payment: the event needs a payment
        QVERIFY(finished.wait(20000));

        calls->setFunction(PaymentFunction::HandleWebhook);
        QVERIFY(!calls->bodyText().contains(QString::fromLatin1(kWebhookSecret)));
        calls->send();
        QVERIFY(finished.wait(20000));
        const auto result = finished.last().first().value<contract::CallResult>();
        QCOMPARE(result.call.function, PaymentFunction::HandleWebhook);
        QVERIFY2(result.response.httpStatus == 200,
                 qPrintable(QString::fromUtf8(result.response.body)));
        QCOMPARE(result.contract.result(), contract::Severity::Pass);
    }
};

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
