#include "ContentStamp.h"

#include <QtTest>

using paybench::io::contentStamp;

class ContentStampTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameBytes_sameStamp()
    {
        const QByteArray bytes(100'000, 'x');
        QCOMPARE(contentStamp(bytes), contentStamp(QByteArray(bytes.constData(), bytes.size())));
        QCOMPARE(contentStamp(QByteArray()), contentStamp(QByteArrayView()));
    }

    // What a second writer typically does: one character changed in place, same size.
    void anyOneByteChanged_changesTheStamp()
    {
        QByteArray bytes(4096, '\0');
        for (int i = 0; i < bytes.size(); ++i)
            bytes[i] = char('a' + i % 26);
        const QByteArray original = contentStamp(bytes);
        for (int i = 0; i < bytes.size(); ++i) {
            const char kept = bytes.at(i);
            bytes[i] = char(kept ^ 0x01);
            QVERIFY2(contentStamp(bytes) != original, qPrintable(QString::number(i)));
            bytes[i] = kept;
        }
        QCOMPARE(contentStamp(bytes), original);
    }

    void aByteMoreOrLess_changesTheStamp()
    {
        const QByteArray bytes("{\"formatVersion\": 2}");
        QVERIFY(contentStamp(bytes) != contentStamp(bytes + '\n'));
        QVERIFY(contentStamp(bytes) != contentStamp(bytes.chopped(1)));
        QVERIFY(contentStamp(QByteArray()) != contentStamp(QByteArray(1, '\0')));
    }
};

QTEST_APPLESS_MAIN(ContentStampTest)
#include "tst_contentstamp.moc"
