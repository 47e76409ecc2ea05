#include "CallHistory.h"
#include "CallPanel.h"
#include "HistoryView.h"
#include "SecretStore.h"
#include "TestServers.h"
#include "WorkspaceSecrets.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace paybench;
using paybench::ui::CallPanel;
using paybench::ui::HistoryView;
using testsupport::kApiKey;
using testsupport::kWebhookSecret;

namespace {

// Answers reads from a map, asynchronously, like the real stores.
class FakeSecretStore final : public SecretStore
{
public:
    QHash<QString, QString> values;
    int reads = 0;
    void readSecret(const QString &key, SecretCallback done) override
    {
        ++reads;
        QTimer::singleShot(0, this, [this, key, done] {
            SecretResult result;
            result.ok = values.contains(key);
            result.notFound = !result.ok;
            result.value = values.value(key);
            done(result);
        });
    }
    void writeSecret(const QString &, const QString &, SecretCallback done) override
    {
        done({true, false, {}, {}});
    }
    void deleteSecret(const QString &, SecretCallback done) override
    {
        done({true, false, {}, {}});
    }
    [[nodiscard]] QString backendName() const override { return QStringLiteral("fake"); }
};

Workspace makeWorkspace(const QString &baseUrl, bool secretsLoaded)
{
    Workspace workspace = Workspace::createEmpty();
    Platform platform;
    platform.name = QStringLiteral("Demo");
    platform.setBaseUrl(baseUrl);
    workspace.platforms.append(platform);
    ProviderInstance provider;
    provider.name = QStringLiteral("Demo EU");
    provider.code = QStringLiteral("pp_demo");
    provider.platform = platform.name;
    provider.credentials = {
        {QStringLiteral("apiKey"), secretsLoaded ? kApiKey : QString(), true, secretsLoaded},
        {QStringLiteral("publishableKey"), QStringLiteral("pk_test_visible"), false, true},
        {QStringLiteral("webhookSecret"), secretsLoaded ? kWebhookSecret : QString(), true,
         secretsLoaded},
    };
    workspace.providers.append(provider);
    return workspace;
}

template <typename T>
T *child(QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QString::fromLatin1(name));
    Q_ASSERT(widget);
    return widget;
}

} // namespace

class TestCallPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void sendChainAndHistory_endToEnd()
    {
        testsupport::MiniGateway gateway;
        QTemporaryDir dir;
        client::CallHistory history(dir.filePath(QStringLiteral("history.sqlite")));
        QVERIFY(history.open(nullptr));
        const Workspace workspace = makeWorkspace(gateway.baseUrl(QStringLiteral("ok")), true);
        CallPanel panel;
        panel.resize(1200, 700);
        panel.setHistory(&history);
        panel.setWorkspace(&workspace);
        panel.setProvider(QStringLiteral("pp_demo"));
        panel.show();

        // Pre-filled, masked, in the documented shape.
        QVERIFY(panel.bodyText().contains(QStringLiteral("\"cart\"")));
        QVERIFY(panel.bodyText().contains(QStringLiteral("pk_test_visible")));
        QVERIFY(!panel.bodyText().contains(kApiKey));
        auto *send = child<QPushButton>(panel, "send");
        QVERIFY(send->isEnabled());

        QSignalSpy finished(&panel, &CallPanel::callFinished);
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(panel.isBusy());
        QVERIFY(child<QPushButton>(panel, "cancel")->isEnabled());
        QVERIFY(finished.wait(10000));
        QVERIFY(!panel.isBusy());
        QVERIFY(gateway.lastBody.contains(kApiKey.toUtf8())); // unmasked on the wire
        QVERIFY2(child<QLabel>(panel, "status")->text().contains(QStringLiteral("HTTP 200")),
                 qPrintable(child<QLabel>(panel, "status")->text()));
        auto *verdicts = child<QTreeWidget>(panel, "verdicts");
        QCOMPARE(verdicts->topLevelItemCount(), contract::runtimeProfiles().size());
        QVERIFY(verdicts->topLevelItem(0)->text(0).contains(QStringLiteral("pass")));
        QCOMPARE(child<QLineEdit>(panel, "paymentId")->text(), QStringLiteral("pay_1"));

        // The payment id flows into the next function's body.
        child<QComboBox>(panel, "function")->setCurrentIndex(1); // capture
        QVERIFY(panel.bodyText().contains(QStringLiteral("\"paymentId\": \"pay_1\"")));
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(finished.wait(10000));
        QVERIFY(verdicts->topLevelItem(0)->text(0).contains(QStringLiteral("pass")));

        // cURL: masked unless asked.
        QVERIFY(!panel.curlCommand(false).contains(kApiKey));
        QVERIFY(panel.curlCommand(true).contains(kApiKey));
        QTest::mouseClick(child<QPushButton>(panel, "copyCurl"), Qt::LeftButton);
        QVERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("curl ")));
        QVERIFY(!QApplication::clipboard()->text().contains(kApiKey));

        if (const QString shots = qEnvironmentVariable("PAYBENCH_SCREENSHOT_DIR"); !shots.isEmpty())
            panel.grab().save(shots + QStringLiteral("/call-panel.png"));

        // History: both calls, newest first; reopen and re-send.
        HistoryView view;
        view.resize(1000, 400);
        view.setHistory(&history);
        QCOMPARE(view.model()->rowCount(), 2);
        QCOMPARE(view.model()->entryAt(0)->function, QStringLiteral("capture-payment"));
        QSignalSpy reopened(&view, &HistoryView::reopenRequested);
        QSignalSpy resend(&view, &HistoryView::resendRequested);
        auto *table = child<QTableView>(view, "historyTable");
        table->selectRow(1);
        QTest::mouseClick(child<QPushButton>(view, "reopen"), Qt::LeftButton);
        QCOMPARE(reopened.count(), 1);
        const QByteArray report = reopened.at(0).at(0).toByteArray();
        QVERIFY(!report.contains(kApiKey.toUtf8()));
        panel.showReport(report);
        QVERIFY(child<QLabel>(panel, "status")->text().contains(QStringLiteral("create-payment")));
        QTest::mouseClick(child<QPushButton>(view, "resend"), Qt::LeftButton);
        QCOMPARE(resend.count(), 1);
        panel.resend(resend.at(0).at(0).toByteArray());
        QCOMPARE(child<QComboBox>(panel, "function")->currentIndex(), 0);
        QVERIFY(panel.isBusy());
        QVERIFY(finished.wait(10000));
        QVERIFY(finished.last().at(0).value<contract::CallResult>().contract.result() ==
                contract::Severity::Pass);
        QVERIFY(gateway.lastBody.contains(kApiKey.toUtf8())); // credentials restored for sending
        QTRY_COMPARE(view.model()->rowCount(), 3);

        // Filters.
        child<QComboBox>(view, "functionFilter")->setCurrentIndex(2); // capture-payment
        QCOMPARE(view.model()->rowCount(), 1);
        if (const QString shots = qEnvironmentVariable("PAYBENCH_SCREENSHOT_DIR"); !shots.isEmpty())
            view.grab().save(shots + QStringLiteral("/history-view.png"));
    }

    void invalidBody_disablesSendWithPosition()
    {
        const Workspace workspace = makeWorkspace(QStringLiteral("http://127.0.0.1:1"), true);
        CallPanel panel;
        panel.setWorkspace(&workspace);
        panel.setProvider(QStringLiteral("pp_demo"));
        panel.setBodyText(QStringLiteral("{\n  \"amount\": 12,\n}"));
        QVERIFY(!child<QPushButton>(panel, "send")->isEnabled());
        const QString error = child<QLabel>(panel, "bodyError")->text();
        QVERIFY2(error.contains(QStringLiteral("line 3")), qPrintable(error));
        panel.setBodyText(QStringLiteral("{}"));
        QVERIFY(child<QPushButton>(panel, "send")->isEnabled());
        child<QPlainTextEdit>(panel, "headers")->setPlainText(QStringLiteral("not a header"));
        QVERIFY(!child<QPushButton>(panel, "send")->isEnabled());
    }

    void brokenEndpoint_showsRedVerdictAndFailure()
    {
        testsupport::MiniGateway gateway;
        const Workspace workspace = makeWorkspace(gateway.baseUrl(QStringLiteral("html")), true);
        CallPanel panel;
        panel.setWorkspace(&workspace);
        panel.setProvider(QStringLiteral("pp_demo"));
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        panel.send();
        QVERIFY(finished.wait(10000));
        auto *verdicts = child<QTreeWidget>(panel, "verdicts");
        QVERIFY(verdicts->topLevelItem(0)->text(0).contains(QStringLiteral("failure")));
        QVERIFY(child<QLabel>(panel, "failure")->text().contains(QStringLiteral("not JSON")));
        // Selecting a finding shows its advice.
        verdicts->setCurrentItem(verdicts->topLevelItem(0)->child(0));
        QVERIFY(!child<QLabel>(panel, "advice")->text().isEmpty());
        if (const QString shots = qEnvironmentVariable("PAYBENCH_SCREENSHOT_DIR");
            !shots.isEmpty()) {
            panel.resize(1200, 700);
            panel.show();
            panel.grab().save(shots + QStringLiteral("/call-panel-failure.png"));
        }
    }

    void unloadedSecrets_areReadFromTheStoreOnEverySend()
    {
        testsupport::MiniGateway gateway;
        Workspace workspace = makeWorkspace(gateway.baseUrl(QStringLiteral("ok")), false);
        FakeSecretStore store;
        const QString apiKey =
            secretKey(workspace, QStringLiteral("pp_demo"), QStringLiteral("apiKey"));
        store.values.insert(apiKey, kApiKey);
        store.values.insert(
            secretKey(workspace, QStringLiteral("pp_demo"), QStringLiteral("webhookSecret")),
            kWebhookSecret);
        int opened = 0;
        CallPanel panel;
        panel.setCredentialResolver(support::CredentialResolver(
            [&store, &opened](const support::SecretStoreReady &ready) {
                ++opened;
                ready(&store, {});
            },
            {}));
        panel.setWorkspace(&workspace);
        panel.setProvider(QStringLiteral("pp_demo"));
        QCOMPARE(opened, 0); // nothing is read before a send
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        panel.send();
        QVERIFY(finished.wait(10000));
        QCOMPARE(store.reads, 2);
        QCOMPARE(finished.at(0).at(0).value<contract::CallResult>().response.httpStatus, 200);
        // A value changed in the store since is what the next send carries: no stale copy.
        store.values.insert(apiKey, QStringLiteral("sk_rotated"));
        panel.send();
        QVERIFY(finished.wait(10000));
        QCOMPARE(store.reads, 4);
        QVERIFY(
            finished.at(1).at(0).value<contract::CallResult>().call.body.contains("sk_rotated"));
    }

    void cancel_stopsTheCall()
    {
        testsupport::RawServer silent{QByteArray()};
        const Workspace workspace =
            makeWorkspace(QStringLiteral("http://127.0.0.1:%1").arg(silent.port()), true);
        CallPanel panel;
        panel.setWorkspace(&workspace);
        panel.setProvider(QStringLiteral("pp_demo"));
        QSignalSpy finished(&panel, &CallPanel::callFinished);
        panel.send();
        QVERIFY(panel.isBusy());
        child<QPushButton>(panel, "cancel")->click();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).value<contract::CallResult>().failure,
                 contract::FailureClass::Cancelled);
        QVERIFY(!panel.isBusy());
    }
};

QTEST_MAIN(TestCallPanel)
#include "tst_callpanel.moc"
