#include "FileChangeWatcher.h"
#include "SafeFileWriter.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using paybench::io::FileChangeWatcher;
using paybench::io::writeFileSafely;

namespace {

constexpr std::chrono::milliseconds kFast{10};

void write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(file.errorString()));
    QCOMPARE(file.write(bytes), bytes.size());
}

// A same-size write inside one tick of the file system's clock keeps the file's times; these
// tests move the time on explicitly instead of sleeping past that tick.
void touch(const QString &path, int secondsLater)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const QDateTime then = file.fileTime(QFileDevice::FileModificationTime);
    QVERIFY(file.setFileTime(then.addSecs(secondsLater), QFileDevice::FileModificationTime));
}

} // namespace

class FileChangeWatcherTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameSizeWriteInPlace_isSignalledOnce()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.json"));
        write(path, "{\"a\": 1}");
        FileChangeWatcher watcher;
        watcher.setInterval(kFast);
        QSignalSpy changed(&watcher, &FileChangeWatcher::fileChanged);
        watcher.setPath(path);

        write(path, "{\"a\": 2}");
        touch(path, 5);
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), path);
        // The new look is the baseline: no second signal for the same change.
        QTest::qWait(int(kFast.count()) * 10);
        QCOMPARE(changed.size(), 1);
    }

    void writeByRename_isSignalled()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.json"));
        write(path, "{}");
        FileChangeWatcher watcher;
        watcher.setInterval(kFast);
        QSignalSpy changed(&watcher, &FileChangeWatcher::fileChanged);
        watcher.setPath(path);

        QString error;
        QVERIFY2(writeFileSafely(path, "{\"formatVersion\": 2}", &error), qPrintable(error));
        QTRY_COMPARE(changed.size(), 1);
    }

    void removedThenWrittenAgain_isSignalledEachTime()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.json"));
        write(path, "{}");
        FileChangeWatcher watcher;
        watcher.setInterval(kFast);
        QSignalSpy changed(&watcher, &FileChangeWatcher::fileChanged);
        watcher.setPath(path);

        QVERIFY(QFile::remove(path));
        QTRY_COMPARE(changed.size(), 1);
        write(path, "{}");
        QTRY_COMPARE(changed.size(), 2);
    }

    void untouchedFile_isNeverSignalled()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.json"));
        write(path, "{}");
        FileChangeWatcher watcher;
        watcher.setInterval(kFast);
        QSignalSpy changed(&watcher, &FileChangeWatcher::fileChanged);
        watcher.setPath(path);
        QTest::qWait(int(kFast.count()) * 10);
        QCOMPARE(changed.size(), 0);
    }

    void emptyPath_stopsWatching()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.json"));
        write(path, "{}");
        FileChangeWatcher watcher;
        watcher.setInterval(kFast);
        QSignalSpy changed(&watcher, &FileChangeWatcher::fileChanged);
        watcher.setPath(path);
        watcher.setPath(QString());
        QVERIFY(watcher.path().isEmpty());

        write(path, "{\"longer\": true}");
        QTest::qWait(int(kFast.count()) * 10);
        QCOMPARE(changed.size(), 0);
    }

    // Following a second file forgets the first one and takes the second as it is now.
    void newPath_followsOnlyTheNewFile()
    {
        QTemporaryDir dir;
        const QString first = dir.filePath(QStringLiteral("a.json"));
        const QString second = dir.filePath(QStringLiteral("b.json"));
        write(first, "{}");
        write(second, "{\"b\": 1}");
        FileChangeWatcher watcher;
        watcher.setInterval(kFast);
        QSignalSpy changed(&watcher, &FileChangeWatcher::fileChanged);
        watcher.setPath(first);
        watcher.setPath(second);

        write(first, "{\"first\": \"changed\"}");
        QTest::qWait(int(kFast.count()) * 10);
        QCOMPARE(changed.size(), 0);
        write(second, "{\"b\": 22}");
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), second);
    }
};

QTEST_GUILESS_MAIN(FileChangeWatcherTest)
#include "tst_filechangewatcher.moc"
