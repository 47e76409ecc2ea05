#include "WorkspaceLoader.h"

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
        QVERIFY(QThreadPool::globalInstance()->waitForDone(10000)); // read before anyone asks
        QObject context;
        std::optional<WorkspaceLoadResult> got;
        load.whenDone(&context, [&got](const WorkspaceLoadResult &result) { got = result; });
        QVERIFY(!got); // queued, never from inside whenDone
        QTRY_VERIFY(got.has_value());
        QVERIFY2(got->workspace, qPrintable(got->error));
        QCOMPARE(got->workspace->providers.at(0).code, QStringLiteral("pp_shop"));
        QVERIFY(!got->contentStamp.isEmpty());
    }

    void receiverBeforeTheResult_getsItOnce()
    {
        const WorkspaceLoader load(writeSample());
        QObject context;
        int calls = 0;
        load.whenDone(&context, [&calls](const WorkspaceLoadResult &result) {
            QVERIFY(result.workspace);
            QCOMPARE(QThread::currentThread(), QCoreApplication::instance()->thread());
            ++calls;
        });
        QTRY_COMPARE(calls, 1);
        QTest::qWait(50);
        QCOMPARE(calls, 1);
    }

    void contextGone_isNotCalled()
    {
        const WorkspaceLoader load(m_dir.filePath(QStringLiteral("missing.json")));
        bool called = false;
        {
            QObject context;
            load.whenDone(&context, [&called](const WorkspaceLoadResult &) { called = true; });
        }
        QVERIFY(QThreadPool::globalInstance()->waitForDone(10000));
        QTest::qWait(50);
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceLoader)
#include "tst_workspaceloader.moc"
