#include "BoundedRead.h"
#include "InputLimits.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using paybench::io::byteLimitText;
using paybench::io::kKiB;
using paybench::io::kMiB;
using paybench::io::readBounded;
using paybench::io::readFileBounded;

class BoundedReadTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void limitText_namesTheUnit()
    {
        QCOMPARE(byteLimitText(256 * kMiB), QStringLiteral("256 MiB"));
        QCOMPARE(byteLimitText(64 * kKiB), QStringLiteral("64 KiB"));
        QCOMPARE(byteLimitText(100), QStringLiteral("100 bytes"));
    }

    void devZero_stopsAtTheLimit_andNamesIt()
    {
#ifdef Q_OS_WIN
        QSKIP("no /dev/zero");
#endif
        QString error;
        QVERIFY(!readFileBounded(QStringLiteral("/dev/zero"), kMiB, &error));
        QCOMPARE(error, QStringLiteral("/dev/zero is larger than the 1 MiB limit"));
    }

    void exactlyTheLimit_isRead_oneMoreIsNot()
    {
        QByteArray bytes(70'000, 'a');
        QBuffer buffer(&bytes);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        QString error;
        const std::optional<QByteArray> read =
            readBounded(buffer, 70'000, QStringLiteral("the input"), &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(*read, bytes);
        buffer.seek(0);
        QVERIFY(!readBounded(buffer, 69'999, QStringLiteral("the input"), &error));
        QCOMPARE(error, QStringLiteral("the input is larger than the 69999 bytes limit"));
    }

    // A file is read into one buffer of its size: from where it stands, up to its end, still
    // refused when it is larger than the limit.
    void file_isReadWholeFromItsPosition_andStillLimited()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.json"));
        QByteArray bytes(200'000, 'x');
        bytes[0] = '{';
        bytes[199'999] = '}';
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(bytes), bytes.size());
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString error;
        std::optional<QByteArray> read = readBounded(file, 200'000, path, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(*read, bytes);
        QVERIFY(file.seek(10));
        read = readBounded(file, 200'000, path, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(*read, bytes.mid(10));
        QVERIFY(file.seek(0));
        QVERIFY(!readBounded(file, 199'999, path, &error));
        QCOMPARE(error, path + QStringLiteral(" is larger than the 199999 bytes limit"));
    }

    void emptyInput_isEmpty()
    {
        QByteArray nothing;
        QBuffer buffer(&nothing);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        QString error;
        const std::optional<QByteArray> read = readBounded(buffer, 10, QStringLiteral("x"), &error);
        QVERIFY(read && read->isEmpty());
    }

    void missingFile_namesThePathAndTheReason()
    {
        QString error;
        QVERIFY(!readFileBounded(QStringLiteral("/nonexistent/x.json"), 10, &error));
        QVERIFY2(error.contains(QLatin1String("/nonexistent/x.json")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("No such file")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(BoundedReadTest)
#include "tst_boundedread.moc"
