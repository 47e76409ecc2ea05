// The window with 10,000 provider instances: opening, filtering and scrolling, as QBENCHMARKs
// (timings are reported, never asserted), each also checking it did the work.
#include "MainWindow.h"
#include "WorkspaceDocument.h"
#include "WorkspaceFile.h"

#include <QScrollBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace paybench;

namespace {

constexpr int kProviders = 10000;
constexpr int kPlatforms = 10;

Workspace largeWorkspace()
{
    Workspace workspace = Workspace::createEmpty();
    for (int p = 0; p < kPlatforms; ++p) {
        Platform platform;
        platform.name = QStringLiteral("Gateway %1").arg(p);
        platform.setBaseUrl(QStringLiteral("https://gateway-%1.example.com").arg(p));
        workspace.platforms.append(platform);
    }
    for (int i = 0; i < kProviders; ++i) {
        ProviderInstance provider;
        provider.name = QStringLiteral("Shop %1").arg(i, 5, 10, QLatin1Char('0'));
        provider.code = QStringLiteral("pp_shop-%1").arg(i, 5, 10, QLatin1Char('0'));
        provider.platform = QStringLiteral("Gateway %1").arg(i % kPlatforms);
        provider.credentials = {Credential{QStringLiteral("apiKey"), QString(), true, false}};
        workspace.providers.append(provider);
    }
    return workspace;
}

int visibleProviders(const QSortFilterProxyModel *model)
{
    int count = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        count += model->rowCount(model->index(row, 0));
    return count;
}

} // namespace

class TestLargeWorkspace : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Workspace m_workspace;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath("cfg"));
        // As the window gets it: read from a file (short repeated texts are shared then).
        QString error;
        const QString file = m_dir.filePath(QStringLiteral("read.paybench.json"));
        QVERIFY2(saveWorkspaceFile(largeWorkspace(), file, &error), qPrintable(error));
        const WorkspaceLoadResult read = loadWorkspaceFile(file);
        QVERIFY2(read.workspace, qPrintable(read.error));
        m_workspace = *read.workspace;
    }

    void parseFileOf10000Providers()
    {
        QString error;
        const QString file = m_dir.filePath(QStringLiteral("large.paybench.json"));
        QVERIFY2(saveWorkspaceFile(largeWorkspace(), file, &error), qPrintable(error));
        WorkspaceLoadResult result;
        QBENCHMARK
        {
            result = loadWorkspaceFile(file);
        }
        QVERIFY2(result.workspace, qPrintable(result.error));
        QCOMPARE(result.workspace->providers.size(), kProviders);
    }

    void open10000Providers()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QBENCHMARK
        {
            window.document()->adoptWorkspace(m_workspace, QString());
            QCoreApplication::processEvents(); // the first paint of the filled tree
        }
        QCOMPARE(visibleProviders(window.filterModel()), kProviders);
    }

    void filter10000Providers()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.document()->adoptWorkspace(m_workspace, QString());
        int round = 0;
        QBENCHMARK
        {
            // Alternating, so every round filters all rows again.
            window.setFilterText(round++ % 2 ? QStringLiteral("shop 012")
                                             : QStringLiteral("shop 013"));
            QCoreApplication::processEvents();
        }
        QCOMPARE(visibleProviders(window.filterModel()), 100); // 01200..01299 or 01300..01399
    }

    void filterOne_thenClear_10000Providers()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.document()->adoptWorkspace(m_workspace, QString());
        QBENCHMARK
        {
            window.setFilterText(QStringLiteral("pp_shop-0999"));
            QCoreApplication::processEvents();
            window.setFilterText(QString()); // back to everything
            QCoreApplication::processEvents();
        }
        QCOMPARE(visibleProviders(window.filterModel()), kProviders);
        window.setFilterText(QStringLiteral("pp_shop-0999"));
        QCOMPARE(visibleProviders(window.filterModel()), 10);
    }

    void scroll10000Providers()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.document()->adoptWorkspace(m_workspace, QString());
        QTreeView *tree = window.treeView();
        QScrollBar *bar = tree->verticalScrollBar();
        QVERIFY(bar->maximum() > 1000);
        QBENCHMARK
        {
            for (int step = 0; step <= 20; ++step) {
                bar->setValue(bar->maximum() * step / 20);
                tree->viewport()->repaint();
            }
        }
        QCOMPARE(bar->value(), bar->maximum());
    }
};

QTEST_MAIN(TestLargeWorkspace)
#include "tst_largeworkspace.moc"
