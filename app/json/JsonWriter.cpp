#include "JsonWriter.h"

#include "PlainJsonText.h"

#include <QtGlobal>

#include <algorithm>

#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>
#include <utility>

namespace paybench::json {

namespace {

constexpr qsizetype kFirstCapacity = 256; // most answers and events fit

// A Latin-1 byte or a UTF-16 unit, as the code unit it stands for.
char16_t unitOf(char latin1)
{
    return static_cast<unsigned char>(latin1);
}
char16_t unitOf(char16_t unit)
{
    return unit;
}

// The letter of the two-character escape JSON.stringify writes for unit ("\n"), or 0.
char shortEscape(char16_t unit)
{
    for (const auto &[escaped, letter] : kShortEscapes) {
        if (unit == escaped)
            return letter;
    }
    return 0;
}

} // namespace

JsonWriter::JsonWriter(int indent) : m_indent(qBound(0, indent, 10))
{}

void JsonWriter::grow(qsizetype more)
{
    const qsizetype capacity = qMax(qMax(2 * m_bytes.size(), m_size + more), kFirstCapacity);
    m_bytes.resize(capacity); // the new bytes are uninitialized: nothing is filled twice
    m_data = m_bytes.data();
}

void JsonWriter::put(const char *text, qsizetype size)
{
    reserve(size);
    std::memcpy(m_data + m_size, text, size_t(size));
    m_size += size;
}

void JsonWriter::newline(int depth)
{
    if (m_indent == 0)
        return;
    const qsizetype spaces = qsizetype(m_indent) * depth;
    reserve(1 + spaces);
    m_data[m_size++] = '\n';
    std::memset(m_data + m_size, ' ', size_t(spaces));
    m_size += spaces;
}

void JsonWriter::beginValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_needComma)
        put(',');
    if (m_depth > 0)
        newline(m_depth);
}

void JsonWriter::beginObject()
{
    beginValue();
    put('{');
    ++m_depth;
    m_needComma = false;
}

void JsonWriter::endObject()
{
    --m_depth;
    if (m_needComma) // not empty: JSON.stringify writes "{}" on one line
        newline(m_depth);
    put('}');
    m_needComma = true;
}

void JsonWriter::beginArray()
{
    beginValue();
    put('[');
    ++m_depth;
    m_needComma = false;
}

void JsonWriter::endArray()
{
    --m_depth;
    if (m_needComma)
        newline(m_depth);
    put(']');
    m_needComma = true;
}

void JsonWriter::key(QLatin1String name)
{
    beginValue();
    quoted(name.data(), name.size());
    endKey();
}

void JsonWriter::key(const QString &name)
{
    beginValue();
    quoted(utf16(name), name.size());
    endKey();
}

void JsonWriter::endKey()
{
    if (m_indent > 0)
        put(": ", 2);
    else
        put(':');
    m_afterKey = true;
}

void JsonWriter::string(const QString &text)
{
    beginValue();
    quoted(utf16(text), text.size());
    m_needComma = true;
}

void JsonWriter::string(QLatin1String text)
{
    beginValue();
    quoted(text.data(), text.size());
    m_needComma = true;
}

void JsonWriter::number(double value)
{
    beginValue();
    numberText(value);
    m_needComma = true;
}

void JsonWriter::boolean(bool value)
{
    beginValue();
    if (value)
        put("true", 4);
    else
        put("false", 5);
    m_needComma = true;
}

void JsonWriter::null()
{
    beginValue();
    put("null", 4);
    m_needComma = true;
}

QByteArray JsonWriter::take()
{
    m_bytes.truncate(m_size);
    QByteArray text = std::move(m_bytes);
    m_bytes = QByteArray();
    m_data = nullptr;
    m_size = 0;
    m_depth = 0;
    m_needComma = m_afterKey = false;
    return text;
}

// JSON.stringify's QuoteJSONString (ES2019 well-formed), for Latin-1 text or UTF-16 units. Most
// strings are printable ASCII from end to end: they are copied in one tight loop into room
// reserved at once.
template <typename Unit>
void JsonWriter::quoted(const Unit *units, qsizetype size)
{
    reserve(size + 2);
    m_data[m_size++] = '"';
    qsizetype plain = 0;
    while (plain < size && PlainJsonText::contains(unitOf(units[plain])))
        ++plain;
    std::transform(units, units + plain, m_data + m_size,
                   [](Unit unit) { return static_cast<char>(unit); });
    m_size += plain;
    if (plain < size)
        escapedTail(units + plain, size - plain);
    put('"');
}

// The part of a string from its first unit that is not plain ASCII: escapes, UTF-8, and lone
// surrogates written as \uXXXX.
template <typename Unit>
void JsonWriter::escapedTail(const Unit *units, qsizetype size)
{
    static const char hex[] = "0123456789abcdef";
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t unit = unitOf(units[i]);
        if (PlainJsonText::contains(unit)) {
            put(static_cast<char>(unit));
            continue;
        }
        if (const char letter = shortEscape(unit)) {
            const char escape[] = {'\\', letter};
            put(escape, 2);
            continue;
        }
        char bytes[6];
        if (QChar::isHighSurrogate(unit) && i + 1 < size &&
            QChar::isLowSurrogate(unitOf(units[i + 1]))) {
            const char32_t code = QChar::surrogateToUcs4(unit, unitOf(units[i + 1]));
            bytes[0] = static_cast<char>(0xF0 | (code >> 18));
            bytes[1] = static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            bytes[2] = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            bytes[3] = static_cast<char>(0x80 | (code & 0x3F));
            put(bytes, 4);
            ++i;
        } else if (unit < 0x20 || QChar::isSurrogate(unit)) {
            bytes[0] = '\\';
            bytes[1] = 'u';
            bytes[2] = hex[(unit >> 12) & 0xF];
            bytes[3] = hex[(unit >> 8) & 0xF];
            bytes[4] = hex[(unit >> 4) & 0xF];
            bytes[5] = hex[unit & 0xF];
            put(bytes, 6);
        } else if (unit < 0x800) {
            bytes[0] = static_cast<char>(0xC0 | (unit >> 6));
            bytes[1] = static_cast<char>(0x80 | (unit & 0x3F));
            put(bytes, 2);
        } else {
            bytes[0] = static_cast<char>(0xE0 | (unit >> 12));
            bytes[1] = static_cast<char>(0x80 | ((unit >> 6) & 0x3F));
            bytes[2] = static_cast<char>(0x80 | (unit & 0x3F));
            put(bytes, 3);
        }
    }
}

// ECMAScript Number::toString: shortest round-trip digits, laid out by the decimal exponent.
void JsonWriter::numberText(double value)
{
    if (!std::isfinite(value)) {
        put("null", 4); // what JSON.stringify writes for NaN and ±Infinity
        return;
    }
    if (value == 0) {
        put('0'); // also for -0
        return;
    }
    char buffer[64];
    // Whole numbers below 2^53 (amounts, timestamps) are their own shortest digits.
    constexpr double kExactIntegers = 9007199254740992.0;
    if (std::abs(value) < kExactIntegers && std::floor(value) == value) {
        const auto [end, ec] =
            std::to_chars(buffer, buffer + sizeof buffer, static_cast<qint64>(value));
        Q_ASSERT(ec == std::errc());
        put(buffer, end - buffer);
        return;
    }
    // "-1.2345e+21": the sign, the significant digits and the exponent.
    const auto [end, ec] =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    Q_ASSERT(ec == std::errc());
    const char *at = buffer;
    const bool negative = *at == '-';
    if (negative)
        ++at;
    char digits[32] = {}; // to_chars always writes at least one digit
    int k = 0;
    for (; at < end && *at != 'e'; ++at) {
        if (*at != '.')
            digits[k++] = *at;
    }
    int exponent = 0;
    const char *exponentText = at + 1;
    if (exponentText < end && *exponentText == '+')
        ++exponentText; // from_chars takes a '-', not a '+'
    std::from_chars(exponentText, end, exponent);
    const int n = exponent + 1; // value = 0.digits × 10^n
    auto zeros = [this](qsizetype count) {
        reserve(count);
        std::memset(m_data + m_size, '0', size_t(count));
        m_size += count;
    };

    if (negative)
        put('-');
    if (k <= n && n <= 21) {
        put(digits, k);
        zeros(n - k);
    } else if (0 < n && n <= 21) {
        put(digits, n);
        put('.');
        put(digits + n, k - n);
    } else if (-6 < n && n <= 0) {
        put("0.", 2);
        zeros(-n);
        put(digits, k);
    } else {
        put(digits[0]);
        if (k > 1) {
            put('.');
            put(digits + 1, k - 1);
        }
        put('e');
        put(n - 1 >= 0 ? '+' : '-');
        const auto [exponentEnd, exponentEc] =
            std::to_chars(buffer, buffer + sizeof buffer, std::abs(n - 1));
        Q_ASSERT(exponentEc == std::errc());
        put(buffer, exponentEnd - buffer);
    }
}

} // namespace paybench::json
