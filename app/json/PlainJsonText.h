#pragma once

#include <QtGlobal>

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

} // namespace paybench::json
