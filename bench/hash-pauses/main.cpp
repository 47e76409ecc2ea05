// Inserts ENTRIES (1,500,000) packed-id-like keys with ledger-sized values into a QHash and into
// gateway::ShardedHash, timing each insert alone, and prints the longest, the 99.99th percentile
// and the time spent in inserts over 0.2 ms: what a growing table makes 64 waiting
// connections wait for. A measurement, not a test.
#include "ShardedHash.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

struct PlainHash {
    QHash<QByteArray, QByteArray> table;
    void insert(const QByteArray &key, QByteArray value) { table[key] = std::move(value); }
};

struct Sharded {
    paybench::gateway::ShardedHash<QByteArray, QByteArray> table;
    void insert(const QByteArray &key, QByteArray value)
    {
        table.tryEmplace(key).value = std::move(value);
    }
};

template <typename Table>
void measure(const char *name, int entries)
{
    Table table;
    std::vector<qint64> took;
    took.reserve(size_t(entries));
    QElapsedTimer timer;
    for (int i = 0; i < entries; ++i) {
        quint32 words[3];
        QRandomGenerator::global()->fillRange(words);
        // A packed payment id: its length, then "pay_" and 24 hex digits' worth of bytes.
        const QByteArray key = '\x1c' + QByteArray(reinterpret_cast<const char *>(words), 12);
        QByteArray value(160, 'x');
        timer.start();
        table.insert(key, std::move(value));
        took.push_back(timer.nsecsElapsed());
    }
    const auto longest = std::max_element(took.cbegin(), took.cend());
    qint64 inSlow = 0;
    for (const qint64 ns : took)
        inSlow += ns > 200'000 ? ns : 0;
    std::vector<qint64> sorted = took;
    std::sort(sorted.begin(), sorted.end());
    std::printf("%-12s longest insert %8.3f ms (at entry %lld), p99.99 %8.1f us, "
                "in inserts over 0.2 ms: %7.1f ms\n",
                name, double(*longest) / 1e6, static_cast<long long>(longest - took.cbegin()),
                double(sorted[sorted.size() * 9999 / 10000]) / 1e3, double(inSlow) / 1e6);
}

} // namespace

int main(int argc, char *argv[])
{
    const int entries = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1'500'000;
    measure<PlainHash>("QHash", entries);
    measure<Sharded>("ShardedHash", entries);
    return 0;
}
