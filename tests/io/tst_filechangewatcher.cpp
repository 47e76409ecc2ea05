#include "FileChangeWatcher.h"
#include "SafeFileWriter.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using paybench::io::FileChangeWatcher;
using paybench::io::FileLook;
using paybench::io::writeFileSafely;

namespace {

constexpr std::chrono::milliseconds kFast{10};
constexpr int kSeveralPolls = 10 * int(kFast.count());

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

// A file in a folder of its own and a fast watcher with a spy on it.
struct Watched {
    explicit Watched(const QByteArray &content, const QString &name = QStringLiteral("w.json"))
        : path(dir.filePath(name))
    {
        write(path, content);
        watcher.setInterval(kFast);
    }
    QTemporaryDir dir;
    QString path;
    FileChangeWatcher watcher;
    QSignalSpy changed{&watcher, &FileChangeWatcher::fileChanged};
};

} // namespace

class FileChangeWatcherTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Without a look from before the read, the first look always signals (the file may have
    // changed since it was read); an untouched file then never again.
    void untouchedFile_isSignalledAtTheFirstLookOnly()
    {
        Watched file("{}");
        file.watcher.setPath(file.path);
        QTRY_COMPARE(file.changed.size(), 1);
        QCOMPARE(file.changed.at(0).at(0).toString(), file.path);
        QTest::qWait(kSeveralPolls);
        QCOMPARE(file.changed.size(), 1);
    }

    // With a settled look taken before the read: an untouched file is never signalled, a change
    // made after that look is, at the first look.
    void lookBeforeTheRead_untouchedFile_isNeverSignalled()
    {
        Watched file("{}");
        touch(file.path, -10);
        const FileLook seen = FileLook::of(file.path);
        QVERIFY(seen.isSettled());
        file.watcher.setPath(file.path, seen);
        QTest::qWait(kSeveralPolls);
        QCOMPARE(file.changed.size(), 0);
    }

    void lookBeforeTheRead_changedSince_isSignalledAtTheFirstLook()
    {
        Watched file("{}");
        touch(file.path, -10);
        const FileLook seen = FileLook::of(file.path);
        touch(file.path, 5);
        file.watcher.setPath(file.path, seen);
        QTRY_COMPARE(file.changed.size(), 1);
        QTest::qWait(kSeveralPolls);
        QCOMPARE(file.changed.size(), 1);
    }

    // A file written just before its look could be written again, same size, in the same tick
    // of its clock and look the same: the first look signals, for the content check.
    void lookOfAFreshlyWrittenFile_isCheckedAnyway()
    {
        Watched file("{}");
        const FileLook seen = FileLook::of(file.path);
        QVERIFY(!seen.isSettled());
        file.watcher.setPath(file.path, seen);
        QTRY_COMPARE(file.changed.size(), 1);
        QTest::qWait(kSeveralPolls);
        QCOMPARE(file.changed.size(), 1);
    }

    void isSettled_needsAFileModifiedWellBeforeTheLook()
    {
        Watched file("{}");
        QVERIFY(!FileLook::of(file.path).isSettled());
        touch(file.path, -2);
        QVERIFY(!FileLook::of(file.path).isSettled());
        touch(file.path, -2);
        QVERIFY(FileLook::of(file.path).isSettled());
        QVERIFY(!FileLook::of(file.dir.filePath(QStringLiteral("missing.json"))).isSettled());
        touch(file.path, 3600); // a clock ahead of ours, as on some network shares
        QVERIFY(!FileLook::of(file.path).isSettled());
    }

    void sameSizeWriteInPlace_isSignalledOnce()
    {
        Watched file("{\"a\": 1}");
        file.watcher.setPath(file.path);
        QTRY_COMPARE(file.changed.size(), 1);

        write(file.path, "{\"a\": 2}");
        touch(file.path, 5);
        QTRY_COMPARE(file.changed.size(), 2);
        // The new look is the baseline: no second signal for the same change.
        QTest::qWait(kSeveralPolls);
        QCOMPARE(file.changed.size(), 2);
    }

    void writeByRename_isSignalled()
    {
        Watched file("{}");
        file.watcher.setPath(file.path);
        QTRY_COMPARE(file.changed.size(), 1);

        QString error;
        QVERIFY2(writeFileSafely(file.path, "{\"formatVersion\": 2}", &error), qPrintable(error));
        QTRY_COMPARE(file.changed.size(), 2);
    }

    void removedThenWrittenAgain_isSignalledEachTime()
    {
        Watched file("{}");
        file.watcher.setPath(file.path);
        QTRY_COMPARE(file.changed.size(), 1);

        QVERIFY(QFile::remove(file.path));
        QTRY_COMPARE(file.changed.size(), 2);
        write(file.path, "{}");
        QTRY_COMPARE(file.changed.size(), 3);
    }

    void emptyPath_stopsWatching()
    {
        Watched file("{}");
        file.watcher.setPath(file.path);
        file.watcher.setPath(QString());
        QVERIFY(file.watcher.path().isEmpty());

        write(file.path, "{\"longer\": true}");
        QTest::qWait(kSeveralPolls);
        QCOMPARE(file.changed.size(), 0);
    }

    // Following a second file forgets the first one.
    void newPath_followsOnlyTheNewFile()
    {
        Watched file("{}", QStringLiteral("a.json"));
        const QString second = file.dir.filePath(QStringLiteral("b.json"));
        write(second, "{\"b\": 1}");
        file.watcher.setPath(file.path);
        file.watcher.setPath(second);
        QTRY_COMPARE(file.changed.size(), 1);
        QCOMPARE(file.changed.at(0).at(0).toString(), second);

        write(file.path, "{\"first\": \"changed\"}");
        QTest::qWait(kSeveralPolls);
        QCOMPARE(file.changed.size(), 1);
        write(second, "{\"b\": 22}");
        QTRY_COMPARE(file.changed.size(), 2);
        QCOMPARE(file.changed.at(1).at(0).toString(), second);
    }
};

QTEST_GUILESS_MAIN(FileChangeWatcherTest)
#include "tst_filechangewatcher.moc"
