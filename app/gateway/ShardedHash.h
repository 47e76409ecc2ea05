#pragma once

#include <QHash>

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

namespace paybench::gateway {

// A hash table kept as kShards independent QHashes, each key in the part its own hash picks.
// Why: a QHash grows by rehashing every entry at once, about 0.7 us per entry with Qt 6.4, and
// with a million payments that stopped the demo gateway for about 770 ms while 64 connections
// waited (create-payment's p99, issue #15). Here a growing part rehashes 1/kShards of the
// entries: about 0.2 ms per million held. The cost: an empty part is one null pointer, but a
// part holding anything is a QHash of its own (about 2.4 KB with Qt 6.4), so 1,000 entries take
// about 2.4 MB where one QHash takes 0.3 MB; from about 100,000 entries the two are close.
template <typename Key, typename T>
class ShardedHash final
{
public:
    static constexpr int kShardBits = 12;
    static constexpr int kShards = 1 << kShardBits;

    [[nodiscard]] const T *find(const Key &key) const
    {
        const QHash<Key, T> &part = shardOf(key);
        const auto it = part.constFind(key);
        return it == part.cend() ? nullptr : &*it;
    }
    [[nodiscard]] bool contains(const Key &key) const { return shardOf(key).contains(key); }
    // The key's value, a default one added when the key was missing (one lookup for both).
    struct Slot {
        T &value;
        bool added;
    };
    Slot tryEmplace(const Key &key)
    {
        QHash<Key, T> &part = shardOf(key);
        const qsizetype before = part.size();
        T &value = part[key];
        const bool added = part.size() != before;
        m_size += added ? 1 : 0;
        return {value, added};
    }
    bool remove(const Key &key)
    {
        if (!shardOf(key).remove(key))
            return false;
        --m_size;
        return true;
    }
    void clear()
    {
        for (QHash<Key, T> &part : m_shards)
            part.clear();
        m_size = 0;
    }
    [[nodiscard]] qsizetype size() const { return m_size; }
    // visit(key, value) for every entry, in no particular order.
    template <typename Visit>
    void forEach(Visit &&visit) const
    {
        for (const QHash<Key, T> &part : m_shards) {
            for (auto it = part.cbegin(); it != part.cend(); ++it)
                visit(it.key(), it.value());
        }
    }
    // {fewest, most} entries in one part.
    [[nodiscard]] std::pair<qsizetype, qsizetype> shardSizesForTesting() const
    {
        const auto [fewest, most] = std::minmax_element(
            m_shards.cbegin(), m_shards.cend(),
            [](const QHash<Key, T> &a, const QHash<Key, T> &b) { return a.size() < b.size(); });
        return {fewest->size(), most->size()};
    }

private:
    // The part comes from the top bits of a hash with its own seed: QHash picks buckets from the
    // low bits of its global-seed hash, and a part whose keys shared those would collide inside.
    [[nodiscard]] static size_t shardIndex(const Key &key)
    {
        constexpr size_t kSeed = 0x9e3779b9U;
        return qHash(key, kSeed) >> (std::numeric_limits<size_t>::digits - kShardBits);
    }
    [[nodiscard]] const QHash<Key, T> &shardOf(const Key &key) const
    {
        return m_shards[shardIndex(key)];
    }
    [[nodiscard]] QHash<Key, T> &shardOf(const Key &key) { return m_shards[shardIndex(key)]; }

    std::array<QHash<Key, T>, kShards> m_shards;
    qsizetype m_size = 0;
};

} // namespace paybench::gateway
