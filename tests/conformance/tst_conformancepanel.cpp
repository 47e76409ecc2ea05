#include "ConformanceFixture.h"
#include "ConformancePanel.h"
#include "Workspace.h"

#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace paybench;
using conformance::ConformanceReport;
using test::GatewayFixture;

namespace {

QPushButton *button(QWidget &panel, const QString &text)
{
    for (QPushButton *candidate : panel.findChildren<QPushButton *>()) {
        if (candidate->text() == text)
            return candidate;
    }
    return nullptr;
}

int rowOf(QTreeWidget *list, const QString &title)
{
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->text(2).startsWith(title))
            return i;
    }
    return -1;
}

} // namespace

class TestConformancePanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<ConformanceReport>();
    }

    void runChecks_fillsTheChecklistShowsEvidenceRerunsAndExports()
    {
        GatewayFixture fixture;
        QVERIFY(fixture.start(
            {{gateway::Endpoint::GeneratePaymentLink, QStringLiteral("body=not-json")}}));
        Workspace workspace;
        ui::ConformancePanel panel;
        panel.setWorkspace(&workspace);
        panel.setProvider(QStringLiteral("pp_demo"));
        panel.setTargetResolver([&fixture](const Workspace &, const QString &code, QString *) {
            contract::CallTarget target = fixture.target();
            target.code = code;
            target.name = QStringLiteral("Demo gateway");
            return std::optional<contract::CallTarget>(target);
        });
        panel.resize(1280, 720);
        panel.show();
        QSignalSpy finished(&panel, &ui::ConformancePanel::runFinished);

        QPushButton *run = button(panel, QStringLiteral("Run checks"));
        QPushButton *cancel = button(panel, QStringLiteral("Cancel"));
        QPushButton *rerun = button(panel, QStringLiteral("Re-run check"));
        QVERIFY(run && cancel && rerun);
        QVERIFY(run->isEnabled());
        QVERIFY(!cancel->isEnabled());
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(panel.isRunning());
        QVERIFY(cancel->isEnabled());
        QVERIFY(!run->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);

        QTreeWidget *list = panel.checklist();
        // The panel's default is every profile: documented 1-11, each Openfront version 1-12.
        QCOMPARE(list->topLevelItemCount(), 11 + 12 + 12);
        auto *progress = panel.findChild<QProgressBar *>();
        QCOMPARE(progress->value(), progress->maximum());
        const int link = rowOf(list, QStringLiteral("generate-payment-link"));
        QVERIFY(link >= 0);
        QCOMPARE(list->topLevelItem(link)->text(0), QStringLiteral("fail"));

        // Click the failed check in the run-order tab: its evidence, masked, with the advice.
        auto *views = panel.findChild<QTabWidget *>(QStringLiteral("checkViews"));
        QVERIFY(views);
        views->setCurrentWidget(list);
        QTRY_VERIFY(list->isVisible());
        list->scrollToItem(list->topLevelItem(link));
        const QRect rect = list->visualItemRect(list->topLevelItem(link));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
        const QString evidence = panel.findChild<QPlainTextEdit *>()->toPlainText();
        QVERIFY2(evidence.contains(QLatin1String("advice: The body is not JSON")),
                 qPrintable(evidence));
        QVERIFY(evidence.contains(QLatin1String("POST http://127.0.0.1")));
        QVERIFY(!evidence.contains(test::kApiKey));
        QVERIFY(!evidence.contains(test::kWebhookSecret));

        const QString screenshot = qEnvironmentVariable("PAYBENCH_SCREENSHOT");
        if (!screenshot.isEmpty())
            QVERIFY(panel.grab().save(screenshot));

        // Re-run that one check: create, then the link, then the summaries.
        QVERIFY(rerun->isEnabled());
        QTest::mouseClick(rerun, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
        QCOMPARE(list->topLevelItem(link)->text(0), QStringLiteral("fail"));

        QTemporaryDir dir;
        QString error;
        const QString html = dir.filePath(QStringLiteral("report.html"));
        QVERIFY2(panel.exportReport(conformance::ReportFormat::Html, html, &error),
                 qPrintable(error));
        QFile file(html);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.contains("Demo gateway"));
        QVERIFY(!bytes.contains(test::kApiKey.toUtf8()));
    }

    void cancel_stopsTheRun()
    {
        GatewayFixture fixture;
        QVERIFY(
            fixture.start({{gateway::Endpoint::CreatePayment, QStringLiteral("latency=3000")}}));
        Workspace workspace;
        ui::ConformancePanel panel;
        panel.setWorkspace(&workspace);
        panel.setProvider(QStringLiteral("pp_demo"));
        panel.setTargetResolver([&fixture](const Workspace &, const QString &, QString *) {
            return std::optional<contract::CallTarget>(fixture.target());
        });
        QSignalSpy finished(&panel, &ui::ConformancePanel::runFinished);
        panel.runChecks();
        QTest::qWait(100);
        QTest::mouseClick(button(panel, QStringLiteral("Cancel")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 2500);
        QVERIFY(finished.first().first().value<ConformanceReport>().cancelled);
        QVERIFY(!panel.isRunning());
        QVERIFY(button(panel, QStringLiteral("Run checks"))->isEnabled());
    }

    void unresolvableProvider_saysWhy()
    {
        Workspace workspace;
        ui::ConformancePanel panel;
        panel.setWorkspace(&workspace);
        panel.setProvider(QStringLiteral("pp_missing"));
        panel.runChecks(); // the default resolver: no such provider in the workspace
        QVERIFY(!panel.isRunning());
        QVERIFY(!panel.report());
        bool said = false;
        for (QLabel *label : panel.findChildren<QLabel *>())
            said = said || label->text().startsWith(QLatin1String("Cannot run the checks"));
        QVERIFY(said);
    }
};

QTEST_MAIN(TestConformancePanel)
#include "tst_conformancepanel.moc"
