#pragma once

#include <QtGlobal>

#include <cstring>
#include <utility>

namespace paybench::json {

// Printable ASCII other than '"' and '\': inside a JSON string it stands as it is, both when
// parsing and when writing. One table look-up per character instead of four comparisons.
struct PlainJsonText {
    bool plain[128] = {};
    constexpr PlainJsonText()
    {
        for (int c = 0x20; c < 0x80; ++c)
            plain[c] = c != '"' && c != '\\';
    }
    [[nodiscard]] static bool contains(char16_t unit);
};

inline constexpr PlainJsonText kPlainJsonText;

inline bool PlainJsonText::contains(char16_t unit)
{
    return unit < 0x80 && kPlainJsonText.plain[unit];
}

// JSON's two-character escapes: the character and the letter after '\' ("\n"). The writer writes
// these; the reader reads them, and '/' as well ("\/"), which it never writes.
inline constexpr std::pair<char16_t, char> kShortEscapes[] = {
    {u'"', '"'},  {u'\\', '\\'}, {u'\b', 'b'}, {u'\f', 'f'},
    {u'\n', 'n'}, {u'\r', 'r'},  {u'\t', 't'}};

// The first byte from `from` that is not plain text (or `to`): eight bytes at a time while
// they are all plain, the usual case in names, codes and URLs.
inline const char *skipPlainText(const char *from, const char *to)
{
    constexpr quint64 kOnes = 0x0101010101010101ULL;
    constexpr quint64 kHighs = 0x8080808080808080ULL;
    // High bit of each byte below n, for n <= 128 (bytes of 0x80 and up are caught apart).
    const auto below = [](quint64 v, quint64 n) { return (v - kOnes * n) & ~v & kHighs; };
    while (to - from >= 8) {
        quint64 v;
        std::memcpy(&v, from, sizeof v);
        if ((v & kHighs) | below(v, 0x20) | below(v ^ (kOnes * '"'), 1) |
            below(v ^ (kOnes * '\\'), 1))
            break;
        from += 8;
    }
    while (from < to && PlainJsonText::contains(static_cast<unsigned char>(*from)))
        ++from;
    return from;
}

} // namespace paybench::json
