#include "WorkspaceLoader.h"

#include <QRegularExpression>
#include <QSemaphore>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#include <optional>

using namespace paybench;

// WorkspaceLoader starts reading at once; the receiver may come before or after the result.
class TestWorkspaceLoader : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeSample()
    {
        Workspace workspace;
        workspace.id = QStringLiteral("loader-test");
        ProviderInstance provider;
        provider.name = QStringLiteral("Shop");
        provider.code = QStringLiteral("pp_shop");
        provider.platform = QStringLiteral("Gateway");
        workspace.providers.append(provider);
        QString path = m_dir.filePath(QStringLiteral("w.json"));
        QString error;
        if (!saveWorkspaceFile(workspace, path, &error))
            qFatal("cannot write the test workspace: %s", qPrintable(error));
        return path;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void receiverAfterTheResult_getsItOnTheMainThread()
    {
        const WorkspaceLoader load(writeSample());
        QVERIFY(WorkspaceLoader::threads().waitForDone(10000)); // read before anyone asks
        QObject context;
        std::optional<WorkspaceLoadResult> got;
        load.whenDone(&context, [&got](const WorkspaceLoadResult &result) {
            QCOMPARE(QThread::currentThread(), QCoreApplication::instance()->thread());
            got = result;
        });
        QVERIFY(!got); // queued, never from inside whenDone
        QTRY_VERIFY(got.has_value());
        QVERIFY2(got->workspace, qPrintable(got->error));
        QCOMPARE(got->workspace->providers.at(0).code, QStringLiteral("pp_shop"));
        QVERIFY(!got->contentStamp.isEmpty());
    }

    void receiverBeforeTheResult_getsItOnceFromTheWorker()
    {
        // The pool's one thread is held until the receiver is set: the worker side delivers.
        QThreadPool *pool = &WorkspaceLoader::threads();
        const int threads = pool->maxThreadCount();
        pool->setMaxThreadCount(1);
        QSemaphore hold;
        pool->start([&hold] { hold.acquire(); });
        const WorkspaceLoader load(writeSample());
        QObject context;
        int calls = 0;
        load.whenDone(&context, [&calls](const WorkspaceLoadResult &result) {
            QVERIFY(result.workspace);
            QCOMPARE(QThread::currentThread(), QCoreApplication::instance()->thread());
            ++calls;
        });
        hold.release();
        QTRY_COMPARE(calls, 1);
        QVERIFY(pool->waitForDone(10000));
        pool->setMaxThreadCount(threads);
        QTest::qWait(50);
        QCOMPARE(calls, 1);
    }

    void contextGone_isNotCalled_whileALiveOneIs()
    {
        const WorkspaceLoader gone(m_dir.filePath(QStringLiteral("missing.json")));
        const WorkspaceLoader live(m_dir.filePath(QStringLiteral("missing.json")));
        bool goneCalled = false;
        std::optional<WorkspaceLoadResult> liveResult;
        {
            QObject context;
            gone.whenDone(&context,
                          [&goneCalled](const WorkspaceLoadResult &) { goneCalled = true; });
        }
        QObject liveContext;
        live.whenDone(&liveContext,
                      [&liveResult](const WorkspaceLoadResult &result) { liveResult = result; });
        QTRY_VERIFY(liveResult.has_value());
        QVERIFY(!liveResult->workspace);
        QVERIFY2(liveResult->error.contains(QLatin1String("Cannot open")),
                 qPrintable(liveResult->error));
        QVERIFY(WorkspaceLoader::threads().waitForDone(10000));
        QTest::qWait(50);
        QVERIFY(!goneCalled);
    }

    void secondReceiver_isRefused_andTheFirstGetsTheResult()
    {
        const WorkspaceLoader load(writeSample());
        QObject context;
        int first = 0;
        int second = 0;
        load.whenDone(&context, [&first](const WorkspaceLoadResult &) { ++first; });
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("has a receiver already")));
        load.whenDone(&context, [&second](const WorkspaceLoadResult &) { ++second; });
        QTRY_COMPARE(first, 1);
        QTest::qWait(50);
        QCOMPARE(second, 0);
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceLoader)
#include "tst_workspaceloader.moc"
