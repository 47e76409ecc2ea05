#include "RealPath.h"
#include "SafeFileWriter.h"
#include "TinyFileSystem.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>

using paybench::io::realFilePath;
using paybench::io::SafeFileWriter;
using paybench::io::writeFileSafely;
using paybench::test::TinyFileSystem;

namespace {

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

void putFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

// Every name in the folder, hidden ones too: a failed write must leave no temporary file.
QStringList allNames(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
}

} // namespace

class SafeFileWriterTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void write_createsTheFile_andLeavesNothingElse()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.json"));
        QString error;
        QVERIFY2(writeFileSafely(path, "first", &error), qPrintable(error));
        QCOMPARE(fileBytes(path), QByteArray("first"));
        QCOMPARE(allNames(dir.path()), QStringList{QStringLiteral("a.json")});
    }

    void write_withBackup_keepsThePreviousVersion()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.json"));
        putFile(path, "old");
        SafeFileWriter writer(path);
        writer.setKeepBackup(true);
        QVERIFY2(writer.write("new"), qPrintable(writer.errorString()));
        QCOMPARE(fileBytes(path), QByteArray("new"));
        QCOMPARE(fileBytes(SafeFileWriter::backupPath(path)), QByteArray("old"));
        QCOMPARE(allNames(dir.path()),
                 (QStringList{QStringLiteral("a.json"), QStringLiteral("a.json.bak")}));
    }

    void injectedFailure_leavesTheOldFileAndBackup_andNamesTheReason_data()
    {
        QTest::addColumn<SafeFileWriter::Step>("step");
        QTest::addColumn<int>("errorCode");
        QTest::newRow("write, disk full") << SafeFileWriter::Step::Write << ENOSPC;
        QTest::newRow("sync, I/O error") << SafeFileWriter::Step::Sync << EIO;
        QTest::newRow("rename, disk full") << SafeFileWriter::Step::Rename << ENOSPC;
    }

    void injectedFailure_leavesTheOldFileAndBackup_andNamesTheReason()
    {
        QFETCH(SafeFileWriter::Step, step);
        QFETCH(int, errorCode);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.json"));
        putFile(path, "old");
        putFile(SafeFileWriter::backupPath(path), "older");
        SafeFileWriter::failNextWriteForTesting(step, errorCode);
        SafeFileWriter writer(path);
        writer.setKeepBackup(true);
        QVERIFY(!writer.write(QByteArray(100'000, 'x')));
        QVERIFY2(writer.errorString().contains(qt_error_string(errorCode)),
                 qPrintable(writer.errorString()));
        QVERIFY(writer.errorString().contains(realFilePath(path)));
        QCOMPARE(fileBytes(path), QByteArray("old"));
        QCOMPARE(allNames(dir.path()),
                 (QStringList{QStringLiteral("a.json"), QStringLiteral("a.json.bak")}));
        // The backup is a safe write of its own: the first rename is its, so it stays too.
        QCOMPARE(fileBytes(SafeFileWriter::backupPath(path)), QByteArray("older"));
    }

    void fullFileSystem_failsWithNoSpaceLeft_andTheOldFileIsIntact()
    {
        TinyFileSystem disk;
        if (!disk.mounted())
            QSKIP("mounting a tmpfs is not permitted here (needs root on Linux)");
        const QString path = disk.filePath(QStringLiteral("w.json"));
        QString error;
        QVERIFY2(writeFileSafely(path, "small and precious", &error), qPrintable(error));
        QVERIFY(disk.fill());
        // Small enough to sit in a buffer: the case where QSaveFile reported success.
        QVERIFY(!writeFileSafely(path, "a small change", &error));
        QVERIFY2(error.contains(QLatin1String("No space left on device")), qPrintable(error));
        QCOMPARE(fileBytes(path), QByteArray("small and precious"));
        QVERIFY(!writeFileSafely(path, QByteArray(200'000, 'x'), &error));
        QVERIFY2(error.contains(QLatin1String("No space left on device")), qPrintable(error));
        QCOMPARE(fileBytes(path), QByteArray("small and precious"));
        QCOMPARE(allNames(QFileInfo(path).absolutePath()),
                 (QStringList{QStringLiteral("filler"), QStringLiteral("w.json")}));
    }

    void symlink_replacesTheRealFile_andKeepsTheBackupBesideIt()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("real")));
        const QString real = dir.filePath(QStringLiteral("real/w.json"));
        const QString link = dir.filePath(QStringLiteral("link.json"));
        putFile(real, "old");
        QVERIFY(QFile::link(real, link));
        SafeFileWriter writer(link);
        writer.setKeepBackup(true);
        QCOMPARE(writer.path(), realFilePath(real));
        QVERIFY2(writer.write("new"), qPrintable(writer.errorString()));
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(fileBytes(real), QByteArray("new"));
        QCOMPARE(fileBytes(real + QStringLiteral(".bak")), QByteArray("old"));
        QVERIFY(!QFile::exists(link + QStringLiteral(".bak")));
    }

    void danglingSymlink_isFollowedToTheFileItNames()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("target.json"));
        const QString link = dir.filePath(QStringLiteral("link.json"));
        QVERIFY(QFile::link(target, link));
        QCOMPARE(realFilePath(link), realFilePath(target));
        QString error;
        QVERIFY2(writeFileSafely(link, "made", &error), qPrintable(error));
        QCOMPARE(fileBytes(target), QByteArray("made"));
        QVERIFY(QFileInfo(link).isSymLink());
    }

    void ownerOnly_newFileAndBackup_areReadableByTheOwnerOnly()
    {
#ifdef Q_OS_WIN
        QSKIP("Unix permissions");
#endif
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v.vault"));
        SafeFileWriter writer(path);
        writer.setOwnerOnly(true);
        writer.setKeepBackup(true);
        QVERIFY(writer.write("one"));
        QVERIFY(writer.write("two"));
        const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                            QFileDevice::ReadOther | QFileDevice::WriteOther;
        for (const QString &file : {path, SafeFileWriter::backupPath(path)}) {
            QCOMPARE(QFileInfo(file).permissions() & (ownerOnly | others), ownerOnly);
        }
    }

    void replacedFile_keepsItsPermissions()
    {
#ifdef Q_OS_WIN
        QSKIP("Unix permissions");
#endif
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.json"));
        putFile(path, "old");
        const auto chosen = QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                            QFileDevice::ReadGroup | QFileDevice::ReadOther;
        QVERIFY(QFile::setPermissions(path, chosen));
        QString error;
        QVERIFY(writeFileSafely(path, "new", &error));
        const auto relevant =
            chosen | QFileDevice::WriteGroup | QFileDevice::WriteOther | QFileDevice::ExeOwner;
        QCOMPARE(QFileInfo(path).permissions() & relevant, chosen);
    }

    void missingFolder_isAClearError()
    {
        QString error;
        QVERIFY(!writeFileSafely(QStringLiteral("/nonexistent-folder/a.json"), "x", &error));
        QVERIFY2(error.contains(QLatin1String("/nonexistent-folder/a.json")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("No such file or directory")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(SafeFileWriterTest)
#include "tst_safefilewriter.moc"
