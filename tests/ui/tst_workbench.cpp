// The assembled window: the real MainWindow with the real Workbench, on a workspace whose
// apiKey sits in the vault and whose webhookSecret is a ${env:...} reference, against a
// loopback server that records what it is sent, or against the real demo gateway on loopback.
#include "CallPanel.h"
#include "Cli.h"
#include "ConformancePanel.h"
#include "DemoGateway.h"
#include "DiagnosisPanel.h"
#include "GatewayPanel.h"
#include "HistoryView.h"
#include "LatencyPanel.h"
#include "LoopbackHttpServer.h"
#include "MainWindow.h"
#include "PlatformEditor.h"
#include "ProbePanel.h"
#include "ProviderEditor.h"
#include "WebhookLabPanel.h"
#include "Workbench.h"
#include "WorkspaceDocument.h"

#include <QAction>
#include <QBuffer>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>
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

// Adds a second provider instance (apiKey in the vault) to the workspace at path.
// A workspace whose provider pp_recorded calls the loopback server.
QString makeWorkspace(const QTemporaryDir &dir, const test::LoopbackHttpServer &server)
{
    return makeWorkspace(dir, QStringLiteral("http://127.0.0.1:%1").arg(server.port()),
                         QStringLiteral("pp_recorded"));
}

bool addProvider(const QString &path, const QString &code)
{
    return runCli({QStringLiteral("provider"), QStringLiteral("add"), QStringLiteral("--workspace"),
                   path, QStringLiteral("--name"), code, QStringLiteral("--code"), code,
                   QStringLiteral("--platform"), QStringLiteral("Recorder"),
                   QStringLiteral("--secret"), QStringLiteral("apiKey=-")},
                  kApiKey) == 0;
}

// Accepts connections and never answers: a call to it runs until cancelled.
class SilentServer final : public QTcpServer
{
public:
    SilentServer() { listen(QHostAddress::LocalHost, 0); }
    [[nodiscard]] QString url() const
    {
        return QStringLiteral("http://127.0.0.1:%1").arg(serverPort());
    }
};

// The answer of the recording servers: "pay_1" twice, once as the id and once in a note.
const QByteArray kAnswer =
    R"({"id":"pay_1","status":"pending","amount":1000,"currency":"EUR","note":"see pay_1"})";

test::LoopbackHttpServer::Answer recordedAnswer(const test::LoopbackHttpServer::Request &)
{
    test::LoopbackHttpServer::Answer answer;
    answer.body = kAnswer;
    return answer;
}

void showActive(QWidget &window)
{
    window.resize(1280, 720);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
}

template <typename T>
T *child(QObject *parent, const char *name)
{
    return parent ? parent->findChild<T *>(QString::fromLatin1(name)) : nullptr;
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
        // The call history of earlier runs (test-mode data folder) would add rows to History.
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
    }

    // Start-up makes no panel: each is made when its tab is first shown, on the document's
    // workspace and the selected provider, and follows the selection from then on.
    void panels_areMadeWhenTheirTabIsFirstShown_andFollowTheSelection()
    {
        test::LoopbackHttpServer server(recordedAnswer);
        QTemporaryDir dir;
        const QString path = makeWorkspace(dir, server);
        QVERIFY(!path.isEmpty());
        QVERIFY(addProvider(path, QStringLiteral("pp_second")));
        MainWindow window;
        Workbench workbench(&window);
        QVERIFY(window.openFile(path));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_recorded"));
        showActive(window);

        QVERIFY(!workbench.hasPanel<ui::CallPanel>());
        QVERIFY(!workbench.hasPanel<ui::ConformancePanel>());
        QVERIFY(!workbench.hasPanel<ui::HistoryView>());
        QVERIFY(!workbench.hasPanel<ui::WebhookLabPanel>());
        QVERIFY(!workbench.hasPanel<ui::DiagnosisPanel>());
        QVERIFY(!workbench.hasPanel<ui::ProbePanel>());
        QVERIFY(!workbench.hasPanel<ui::LatencyPanel>());
        QVERIFY(!workbench.hasPanel<ui::GatewayPanel>());
        QVERIFY(!window.findChild<ui::CallPanel *>());
        QVERIFY(!window.findChild<ui::LatencyPanel *>());

        // A click on the Latency tab makes the panel, shown at once, on the selected provider.
        auto *tabs = child<QTabWidget>(&window, "workbench");
        const int latencyTab = [&] {
            for (int i = 0; i < tabs->count(); ++i) {
                if (tabs->tabText(i) == QLatin1String("Latency"))
                    return i;
            }
            return -1;
        }();
        QVERIFY(latencyTab > 0);
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {},
                          tabs->tabBar()->tabRect(latencyTab).center());
        QCOMPARE(tabs->currentIndex(), latencyTab);
        QVERIFY(workbench.hasPanel<ui::LatencyPanel>());
        auto *latency = window.findChild<ui::LatencyPanel *>();
        QVERIFY(latency);
        QVERIFY(latency->isVisible());
        QCOMPARE(latency->provider(), QStringLiteral("pp_recorded"));
        QVERIFY(!workbench.hasPanel<ui::CallPanel>()); // the others still wait

        // Made later, a panel follows the selection like one made at start-up did.
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_second"));
        QCOMPARE(latency->provider(), QStringLiteral("pp_second"));
        auto *calls = workbench.showPanel<ui::CallPanel>();
        QVERIFY(calls->isVisible());
        QCOMPARE(calls->provider(), QStringLiteral("pp_second"));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_recorded"));
        QCOMPARE(calls->provider(), QStringLiteral("pp_recorded"));

        // And works: it sends, and the call is recorded in the history opened for it.
        QSignalSpy finished(calls, &ui::CallPanel::callFinished);
        calls->send();
        QVERIFY(finished.wait(20000));
        QCOMPARE(server.requests.size(), 1);
        auto *history = workbench.showPanel<ui::HistoryView>();
        QTRY_VERIFY(history->model()->rowCount() >= 1);
        QCOMPARE(history->model()->entryAt(0)->provider, QStringLiteral("pp_recorded"));
    }

    // The request bar: the method and the URL the selected function calls, following the
    // function, the provider and edits of the platform.
    void requestBar_showsMethodAndResolvedUrl_andFollowsFunctionAndPlatform()
    {
        test::LoopbackHttpServer server(recordedAnswer);
        QTemporaryDir dir;
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
        const QString path = makeWorkspace(dir, base, QStringLiteral("pp_recorded"));
        QVERIFY(!path.isEmpty());
        MainWindow window;
        Workbench workbench(&window);
        QVERIFY(window.openFile(path));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_recorded"));
        auto *calls = workbench.showPanel<ui::CallPanel>();
        auto *method = child<QLabel>(calls, "requestMethod");
        auto *url = child<QLineEdit>(calls, "requestUrl");
        QVERIFY(method && url);
        QVERIFY(url->isReadOnly());
        const Platform *platform =
            window.document()->workspace().platform(QStringLiteral("Recorder"));
        QVERIFY(platform);
        QCOMPARE(method->text(), QStringLiteral("POST"));
        QCOMPARE(url->text(), platform->target(PaymentFunction::CreatePayment));
        QVERIFY(url->text().startsWith(base));

        calls->setFunction(PaymentFunction::CapturePayment);
        QCOMPARE(url->text(), platform->target(PaymentFunction::CapturePayment));
        QVERIFY(url->text() != platform->target(PaymentFunction::CreatePayment));

        // The platform is edited (another window, the editor, a pull): the bar shows it.
        Platform moved = *platform;
        moved.setBaseUrl(QStringLiteral("http://127.0.0.1:9/moved"));
        QString error;
        QVERIFY2(window.document()->updatePlatform(QStringLiteral("Recorder"), moved, {}, &error),
                 qPrintable(error));
        QCOMPARE(url->text(), moved.target(PaymentFunction::CapturePayment));
        QVERIFY(url->text().startsWith(QStringLiteral("http://127.0.0.1:9/moved")));
    }

    // Ctrl+Enter sends, with the focus in the body editor; Esc cancels the call in flight.
    void keyboard_ctrlEnterSends_escCancels()
    {
        test::LoopbackHttpServer server(recordedAnswer);
        SilentServer silent;
        QVERIFY(silent.isListening());
        QTemporaryDir dir;
        const QString path = makeWorkspace(dir, server);
        QVERIFY(!path.isEmpty());
        MainWindow window;
        Workbench workbench(&window);
        QVERIFY(window.openFile(path));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_recorded"));
        showActive(window);
        auto *calls = workbench.showPanel<ui::CallPanel>();
        auto *body = child<QPlainTextEdit>(calls, "body");
        const QString bodyBefore = body->toPlainText();
        body->setFocus();
        QTRY_VERIFY(body->hasFocus());

        QSignalSpy finished(calls, &ui::CallPanel::callFinished);
        QTest::keyClick(body, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(finished.wait(20000));
        QCOMPARE(server.requests.size(), 1);
        QCOMPARE(body->toPlainText(), bodyBefore); // no line break typed into the body

        // The same through the keypad's Enter.
        QTest::keyClick(body, Qt::Key_Enter, Qt::ControlModifier | Qt::KeypadModifier);
        QVERIFY(finished.wait(20000));
        QCOMPARE(server.requests.size(), 2);

        // With the Test call tab in front, from anywhere in the window (here the tree).
        window.treeView()->setFocus();
        QTRY_VERIFY(window.treeView()->hasFocus());
        QTest::keyClick(window.treeView(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(finished.wait(20000));
        QCOMPARE(server.requests.size(), 3);

        // Against a server that holds the answer: Esc stops the call.
        Platform slow = *window.document()->workspace().platform(QStringLiteral("Recorder"));
        slow.setBaseUrl(silent.url());
        QVERIFY(window.document()->updatePlatform(QStringLiteral("Recorder"), slow, {}, nullptr));
        body->setFocus();
        QTest::keyClick(body, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY(calls->isBusy());                // once the credentials are resolved
        QTRY_VERIFY(silent.hasPendingConnections()); // the request is out, the answer is not
        QCOMPARE(finished.size(), 3);
        QTest::keyClick(body, Qt::Key_Escape); // the answer may come inside the key press
        QTRY_COMPARE(finished.size(), 4);
        QVERIFY(!calls->isBusy());
        const auto result = finished.last().first().value<contract::CallResult>();
        QCOMPARE(result.failure, contract::FailureClass::Cancelled);
    }

    // Ctrl+F in the panel opens its find bar (the window's Filter keeps Ctrl+F elsewhere):
    // matches counted and highlighted, F3 and Shift+F3 step, Esc closes; Copy answer copies
    // the body as received.
    void answer_findCountsAndHighlightsMatches_andCopyPutsTheBodyOnTheClipboard()
    {
        test::LoopbackHttpServer server(recordedAnswer);
        QTemporaryDir dir;
        const QString path = makeWorkspace(dir, server);
        QVERIFY(!path.isEmpty());
        MainWindow window;
        Workbench workbench(&window);
        QVERIFY(window.openFile(path));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_recorded"));
        showActive(window);
        auto *calls = workbench.showPanel<ui::CallPanel>();
        auto *copy = child<QPushButton>(calls, "copyAnswer");
        QVERIFY(!copy->isEnabled()); // no answer yet
        QSignalSpy finished(calls, &ui::CallPanel::callFinished);
        calls->send();
        QVERIFY(finished.wait(20000));

        QApplication::clipboard()->clear();
        QVERIFY(copy->isEnabled());
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), QString::fromUtf8(kAnswer));

        auto *bodyTab = child<QPlainTextEdit>(calls, "body");
        bodyTab->setFocus();
        QTRY_VERIFY(bodyTab->hasFocus());
        QTest::keyClick(bodyTab, Qt::Key_F, Qt::ControlModifier);
        auto *bar = child<QWidget>(calls, "findBar");
        auto *field = child<QLineEdit>(calls, "findText");
        QVERIFY(bar->isVisible());
        QTRY_VERIFY(field->hasFocus());
        QVERIFY(!child<QLineEdit>(&window, "filter")->hasFocus());
        QTest::keyClicks(field, QStringLiteral("pay_1"));
        const int expected = static_cast<int>(kAnswer.count("pay_1"));
        auto *count = child<QLabel>(calls, "findCount");
        QCOMPARE(count->text(), QStringLiteral("1 of %1").arg(expected));
        auto *answerTabs = child<QTabWidget>(calls, "answerTabs");
        auto *searched = qobject_cast<QPlainTextEdit *>(answerTabs->currentWidget());
        QVERIFY(searched);
        QCOMPARE(searched->extraSelections().size(), expected);
        for (const QTextEdit::ExtraSelection &selection : searched->extraSelections())
            QCOMPARE(selection.cursor.selectedText(), QStringLiteral("pay_1"));
        QTest::keyClick(field, Qt::Key_F3);
        QCOMPARE(count->text(), QStringLiteral("2 of %1").arg(expected));
        QTest::keyClick(field, Qt::Key_F3, Qt::ShiftModifier);
        QCOMPARE(count->text(), QStringLiteral("1 of %1").arg(expected));
        QTest::keyClicks(field, QStringLiteral("x"));
        QCOMPARE(count->text(), QStringLiteral("No match"));
        QVERIFY(searched->extraSelections().isEmpty());
        QTest::keyClick(field, Qt::Key_Escape);
        QVERIFY(!bar->isVisible());

        // Outside the panel, Ctrl+F is still the tree's filter.
        window.treeView()->setFocus();
        QTRY_VERIFY(window.treeView()->hasFocus());
        QTest::keyClick(window.treeView(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(child<QLineEdit>(&window, "filter")->hasFocus());
    }

    // Add Platform from the Test call tab shows the new platform's editor, selected in the tree.
    void addPlatform_fromTestCall_showsTheNewPlatformsEditor()
    {
        QTemporaryDir dir;
        const QString path =
            makeWorkspace(dir, QStringLiteral("http://127.0.0.1:9"), QStringLiteral("pp_recorded"));
        QVERIFY(!path.isEmpty());
        MainWindow window;
        Workbench workbench(&window);
        QVERIFY(window.openFile(path));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_recorded"));
        showActive(window);
        auto *calls = workbench.showPanel<ui::CallPanel>();
        QVERIFY(calls->isVisible());

        child<QAction>(&window, "actionAddPlatform")->trigger();
        QVERIFY(!calls->isVisible());
        QCOMPARE(window.document()->workspace().platforms.size(), 2);
        const QString added = window.document()->workspace().platforms.constLast().name;
        QCOMPARE(window.currentPlatformName(), added);
        QCOMPARE(window.currentProviderCode(), QString());
        QVERIFY(window.platformEditor()->isVisible());
        QCOMPARE(child<QLineEdit>(window.platformEditor(), "platformName")->text(), added);
        QCOMPARE(window.treeView()->currentIndex().data().toString(), added);

        // The same for a provider instance.
        workbench.showPanel<ui::CallPanel>();
        child<QAction>(&window, "actionAddProvider")->trigger();
        QVERIFY(!calls->isVisible());
        QVERIFY(window.providerEditor()->isVisible());
        QVERIFY(!window.currentProviderCode().isEmpty());
        QVERIFY(window.currentProviderCode() != QStringLiteral("pp_recorded"));
    }

    // History Reopen and Send again take you to the call: its provider selected in the tree and
    // the Test call tab in front, showing that provider.
    void historyReopenAndSendAgain_selectTheProviderAndShowTestCall()
    {
        test::LoopbackHttpServer server(recordedAnswer);
        QTemporaryDir dir;
        const QString path = makeWorkspace(dir, server);
        QVERIFY(!path.isEmpty());
        QVERIFY(addProvider(path, QStringLiteral("pp_second")));
        MainWindow window;
        Workbench workbench(&window);
        QVERIFY(window.openFile(path));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_recorded"));
        showActive(window);
        auto *calls = workbench.showPanel<ui::CallPanel>();
        QSignalSpy finished(calls, &ui::CallPanel::callFinished);
        calls->send();
        QVERIFY(finished.wait(20000));

        auto *url = child<QLineEdit>(calls, "requestUrl");
        const Platform *platform =
            window.document()->workspace().platform(QStringLiteral("Recorder"));
        for (const char *button : {"reopen", "resend"}) {
            calls->setFunction(PaymentFunction::RefundPayment); // the call sets it back
            window.selectItem(ItemKind::Provider, QStringLiteral("pp_second"));
            auto *history = workbench.showPanel<ui::HistoryView>();
            QTRY_VERIFY(history->model()->rowCount() >= 1);
            QCOMPARE(history->model()->entryAt(0)->provider, QStringLiteral("pp_recorded"));
            child<QTableView>(history, "historyTable")->selectRow(0);
            const auto requestsBefore = server.requests.size();
            QTest::mouseClick(child<QPushButton>(history, button), Qt::LeftButton);
            QCOMPARE(window.currentProviderCode(), QStringLiteral("pp_recorded"));
            QCOMPARE(window.treeView()->currentIndex().data(Qt::DisplayRole).isValid(), true);
            QVERIFY(calls->isVisible());
            QVERIFY(!history->isVisible());
            QCOMPARE(calls->provider(), QStringLiteral("pp_recorded"));
            QCOMPARE(url->text(), platform->target(PaymentFunction::CreatePayment));
            if (QLatin1String(button) == QLatin1String("resend")) {
                QVERIFY(finished.wait(20000));
                QCOMPARE(server.requests.size(), requestsBefore + 1);
                QVERIFY(server.requests.last().body.contains(kApiKey));
            } else {
                QVERIFY(child<QLabel>(calls, "status")
                            ->text()
                            .contains(QStringLiteral("create-payment")));
            }
        }
    }

    // Help: every shortcut of the window, the gateway's test amounts, each profile's rules.
    void help_listsShortcutsTestAmountsAndProfileRules()
    {
        MainWindow window;
        Workbench workbench(&window);
        child<QAction>(&window, "actionKeyboardShortcuts")->trigger();
        auto *shortcuts = child<QDialog>(&window, "keyboardShortcutsDialog");
        QVERIFY(shortcuts && shortcuts->isVisible());
        auto *table = child<QTableWidget>(shortcuts, "keyboardShortcuts");
        QStringList listed;
        for (int row = 0; row < table->rowCount(); ++row)
            listed << table->item(row, 0)->text() + QLatin1Char('|') + table->item(row, 1)->text();
        auto isListed = [&](const QKeySequence &keys) {
            const QString prefix = keys.toString(QKeySequence::NativeText) + QLatin1Char('|');
            return std::any_of(listed.cbegin(), listed.cend(),
                               [&](const QString &row) { return row.startsWith(prefix); });
        };
        for (const QAction *action : window.findChildren<QAction *>()) {
            if (!action->shortcut().isEmpty())
                QVERIFY2(isListed(action->shortcut()), qPrintable(action->objectName()));
        }
        for (const auto &[keys, what] : ui::CallPanel::keyboardShortcuts()) {
            QVERIFY2(
                listed.contains(keys.toString(QKeySequence::NativeText) + QLatin1Char('|') + what),
                qPrintable(what));
        }
        QVERIFY(isListed(QKeySequence(Qt::CTRL | Qt::Key_Return)));
        QVERIFY(isListed(QKeySequence(Qt::Key_Escape)));

        child<QAction>(&window, "actionTestAmounts")->trigger();
        auto *amounts = child<QTextBrowser>(&window, "testAmounts");
        QVERIFY(amounts && amounts->isVisible());
        const QString amountsText = amounts->toPlainText();
        QVERIFY2(amountsText.contains(QStringLiteral("Declined")) &&
                     amountsText.contains(QStringLiteral("1002")),
                 qPrintable(amountsText.left(300)));

        child<QAction>(&window, "actionProfileRules")->trigger();
        auto *rules = child<QTextBrowser>(&window, "profileRules");
        QVERIFY(rules && rules->isVisible());
        const QString rulesText = rules->toPlainText();
        for (const contract::RuntimeProfile *profile : contract::runtimeProfiles()) {
            QVERIFY2(rulesText.contains(profile->name()), qPrintable(profile->name()));
            QVERIFY2(rulesText.contains(profile->title()), qPrintable(profile->title()));
            QVERIFY2(rulesText.contains(profile->description().left(40)),
                     qPrintable(profile->name()));
        }
    }

    void testCallSend_carriesTheVaultSecretAndTheEnvironmentReference()
    {
        test::LoopbackHttpServer server([](const auto &) {
            test::LoopbackHttpServer::Answer answer;
            answer.body = R"({"id":"pay_1","status":"pending","amount":1000,"currency":"EUR"})";
            return answer;
        });
        QTemporaryDir dir;
        const QString path = makeWorkspace(dir, server);
        QVERIFY(!path.isEmpty());

        MainWindow window;
        Workbench workbench(&window);
        QVERIFY(window.openFile(path));
        window.selectItem(ItemKind::Provider, QStringLiteral("pp_recorded"));
        auto *calls = workbench.panel<ui::CallPanel>();
        QCOMPARE(calls->provider(), QStringLiteral("pp_recorded"));
        QSignalSpy finished(calls, &ui::CallPanel::callFinished);
        calls->send();
        QVERIFY(finished.wait(20000));
        QCOMPARE(server.requests.size(), 1);
        QVERIFY(server.requests.first().body.contains(kApiKey));
        QVERIFY(server.requests.first().body.contains(kWebhookSecret));

        // Checks resolve through the same path: every request carries the real key.
        auto *checks = workbench.panel<ui::ConformancePanel>();
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

        auto *calls = workbench.showPanel<ui::CallPanel>();
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

        auto *checks = workbench.showPanel<ui::ConformancePanel>();
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
        auto *calls = workbench.panel<ui::CallPanel>();
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
