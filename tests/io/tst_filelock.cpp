#include "FileLock.h"
#include "RealPath.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using paybench::io::FileLock;
using paybench::io::realFilePath;

class FileLockTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondHolder_waitsThenFails_namingTheHolder()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.json"));
        FileLock first(path);
        QString error;
        QVERIFY2(first.lock(std::chrono::milliseconds(0), &error), qPrintable(error));
        FileLock second(path);
        QVERIFY(!second.lock(std::chrono::milliseconds(200), &error));
        QVERIFY2(error.contains(realFilePath(path)), qPrintable(error));
        QVERIFY2(
            error.contains(QStringLiteral("process %1").arg(QCoreApplication::applicationPid())),
            qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("try again")), qPrintable(error));
    }

    void released_isFreeAgain()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.json"));
        QString error;
        {
            FileLock first(path);
            QVERIFY(first.lock(std::chrono::milliseconds(0), &error));
        }
        FileLock second(path);
        QVERIFY2(second.lock(std::chrono::milliseconds(0), &error), qPrintable(error));
    }

    void symlink_locksBesideTheRealFile()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("real")));
        const QString real = dir.filePath(QStringLiteral("real/w.json"));
        const QString link = dir.filePath(QStringLiteral("link.json"));
        QFile file(real);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY(QFile::link(real, link));
        QCOMPARE(FileLock::lockPath(link), realFilePath(real) + QStringLiteral(".lock"));
        FileLock viaLink(link);
        QString error;
        QVERIFY(viaLink.lock(std::chrono::milliseconds(0), &error));
        FileLock direct(real);
        QVERIFY(!direct.lock(std::chrono::milliseconds(0), &error));
    }
};

QTEST_GUILESS_MAIN(FileLockTest)
#include "tst_filelock.moc"
