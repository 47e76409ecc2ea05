#include "ShardedHash.h"

#include <QTest>

using namespace paybench::gateway;

namespace {

using Table = ShardedHash<QByteArray, QByteArray>;

QByteArray keyOf(int i)
{
    return "pay_" + QByteArray::number(i, 16).rightJustified(24, '0');
}

} // namespace

class TestShardedHash final : public QObject
{
    Q_OBJECT

private slots:
    void tryEmplace_newKey_addsDefaultValue()
    {
        Table table;
        const auto slot = table.tryEmplace("a");
        QVERIFY(slot.added);
        QVERIFY(slot.value.isNull());
        slot.value = "one";
        QCOMPARE(table.size(), 1);
        QVERIFY(table.find("a"));
        QCOMPARE(*table.find("a"), QByteArray("one"));
    }

    void tryEmplace_existingKey_givesStoredValue()
    {
        Table table;
        table.tryEmplace("a").value = "one";
        const auto slot = table.tryEmplace("a");
        QVERIFY(!slot.added);
        QCOMPARE(slot.value, QByteArray("one"));
        slot.value = "two";
        QCOMPARE(table.size(), 1);
        QCOMPARE(*table.find("a"), QByteArray("two"));
    }

    void find_missingKey_isNull()
    {
        Table table;
        QVERIFY(!table.find("a"));
        QVERIFY(!table.contains("a"));
        table.tryEmplace("b");
        QVERIFY(!table.find("a"));
        QVERIFY(table.contains("b"));
    }

    void remove_missingKey_changesNothing()
    {
        Table table;
        table.tryEmplace("a").value = "one";
        QVERIFY(!table.remove("b"));
        QCOMPARE(table.size(), 1);
        QVERIFY(table.remove("a"));
        QCOMPARE(table.size(), 0);
        QVERIFY(!table.contains("a"));
        QVERIFY(!table.remove("a"));
    }

    // Growing past many rehashes of every part: each key still finds its own value.
    void manyKeys_eachFindsItsValue()
    {
        Table table;
        constexpr int kCount = 200'000;
        for (int i = 0; i < kCount; ++i)
            table.tryEmplace(keyOf(i)).value = QByteArray::number(i);
        QCOMPARE(table.size(), kCount);
        for (int i = 0; i < kCount; ++i) {
            const QByteArray *value = table.find(keyOf(i));
            QVERIFY(value);
            QCOMPARE(*value, QByteArray::number(i));
        }
        for (int i = 0; i < kCount; i += 2)
            QVERIFY(table.remove(keyOf(i)));
        QCOMPARE(table.size(), kCount / 2);
        for (int i = 0; i < kCount; ++i)
            QCOMPARE(table.contains(keyOf(i)), i % 2 == 1);
    }

    // The point of the parts: every part is used and none holds much more than its share, so
    // none rehashes much more than 1/kShards of the table at once. Keys that differ only in a
    // few characters, as generated ids do, must spread as well.
    void keys_spreadOverEveryPart()
    {
        Table table;
        constexpr qsizetype kPerShard = 32;
        for (int i = 0; i < Table::kShards * kPerShard; ++i)
            table.tryEmplace(keyOf(i));
        // A fair spread puts 32 in each part: an empty one (chance e^-32 each) or one over 128
        // means parts go unused.
        const auto [fewest, most] = table.shardSizesForTesting();
        QVERIFY2(fewest > 0, qPrintable(QString::number(fewest)));
        QVERIFY2(most <= 4 * kPerShard, qPrintable(QString::number(most)));
    }

    void forEach_visitsEveryEntryOnce()
    {
        Table table;
        for (int i = 0; i < 5'000; ++i)
            table.tryEmplace(keyOf(i)).value = QByteArray::number(i);
        for (int i = 0; i < 5'000; i += 3)
            QVERIFY(table.remove(keyOf(i)));
        QHash<QByteArray, QByteArray> seen;
        table.forEach([&seen](const QByteArray &key, const QByteArray &value) {
            QVERIFY(!seen.contains(key));
            seen.insert(key, value);
        });
        QCOMPARE(seen.size(), table.size());
        for (int i = 0; i < 5'000; ++i)
            QCOMPARE(seen.value(keyOf(i)), i % 3 == 0 ? QByteArray() : QByteArray::number(i));
    }

    void clear_emptiesEveryPart()
    {
        Table table;
        for (int i = 0; i < 10'000; ++i)
            table.tryEmplace(keyOf(i));
        table.clear();
        QCOMPARE(table.size(), 0);
        QCOMPARE(table.shardSizesForTesting(), (std::pair<qsizetype, qsizetype>(0, 0)));
        QVERIFY(!table.contains(keyOf(1)));
    }
};

QTEST_GUILESS_MAIN(TestShardedHash)
#include "tst_shardedhash.moc"
