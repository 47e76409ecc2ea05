#include "OrderedJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVarLengthArray>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <system_error>

namespace paybench::json {

OrderedValue OrderedValue::null()
{
    return OrderedValue();
}

OrderedValue OrderedValue::boolean(bool value)
{
    OrderedValue v;
    v.m_type = Type::Bool;
    v.m_bool = value;
    return v;
}

OrderedValue OrderedValue::number(double value)
{
    OrderedValue v;
    v.m_type = Type::Number;
    v.m_number = value;
    return v;
}

OrderedValue OrderedValue::string(const QString &value)
{
    OrderedValue v;
    v.m_type = Type::String;
    v.m_string = value;
    return v;
}

OrderedValue OrderedValue::array(QVector<OrderedValue> items)
{
    OrderedValue v;
    v.m_type = Type::Array;
    v.m_items = std::move(items);
    return v;
}

OrderedValue OrderedValue::object(QVector<QPair<QString, OrderedValue>> members)
{
    OrderedValue v;
    v.m_type = Type::Object;
    v.m_members = std::move(members);
    return v;
}

OrderedValue OrderedValue::fromQJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return boolean(value.toBool());
    case QJsonValue::Double:
        return number(value.toDouble());
    case QJsonValue::String:
        return string(value.toString());
    case QJsonValue::Array: {
        QVector<OrderedValue> items;
        const QJsonArray array = value.toArray();
        items.reserve(array.size());
        for (const QJsonValue item : array)
            items.append(fromQJson(item));
        return OrderedValue::array(std::move(items));
    }
    case QJsonValue::Object: {
        QVector<QPair<QString, OrderedValue>> members;
        const QJsonObject object = value.toObject();
        members.reserve(object.size());
        for (auto it = object.begin(); it != object.end(); ++it)
            members.append({it.key(), fromQJson(it.value())});
        return OrderedValue::object(std::move(members));
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return null();
}

const OrderedValue *OrderedValue::member(const QString &key) const
{
    for (qsizetype i = m_members.size() - 1; i >= 0; --i) {
        if (m_members.at(i).first == key)
            return &m_members.at(i).second;
    }
    return nullptr;
}

void OrderedValue::setMember(const QString &key, const OrderedValue &value)
{
    if (m_type != Type::Object) {
        *this = object();
    }
    for (qsizetype i = m_members.size() - 1; i >= 0; --i) {
        if (m_members.at(i).first == key) {
            m_members[i].second = value;
            return;
        }
    }
    m_members.append({key, value});
}

void OrderedValue::append(const OrderedValue &item)
{
    if (m_type != Type::Array)
        *this = array();
    m_items.append(item);
}

QJsonValue OrderedValue::toQJson() const
{
    switch (m_type) {
    case Type::Null:
        return QJsonValue(QJsonValue::Null);
    case Type::Bool:
        return QJsonValue(m_bool);
    case Type::Number:
        return QJsonValue(m_number);
    case Type::String:
        return QJsonValue(m_string);
    case Type::Array: {
        QJsonArray array;
        for (const OrderedValue &item : m_items)
            array.append(item.toQJson());
        return array;
    }
    case Type::Object: {
        QJsonObject object;
        for (const auto &member : m_members)
            object.insert(member.first, member.second.toQJson());
        return object;
    }
    }
    return QJsonValue(QJsonValue::Null);
}

namespace {

// Deep enough for any real payment payload, shallow enough that recursion cannot overflow.
constexpr int kMaxDepth = 256;

class Parser
{
public:
    explicit Parser(const QByteArray &text) : m_text(text) {}

    ParseResult run()
    {
        ParseResult result;
        // fetch's response.json() decodes UTF-8 and drops a byte order mark, so accept one.
        if (m_text.startsWith("\xEF\xBB\xBF"))
            m_pos = 3;
        skipWhitespace();
        if (atEnd()) {
            fail(QStringLiteral("empty document"));
        } else {
            OrderedValue value = parseValue(0);
            if (!m_failed) {
                skipWhitespace();
                if (!atEnd())
                    failUnexpected(QStringLiteral("after the end of the document"));
                else
                    result.value = std::move(value);
            }
        }
        if (m_failed) {
            result.error = m_error;
            result.offset = m_errorOffset;
        }
        return result;
    }

private:
    [[nodiscard]] bool atEnd() const { return m_pos >= m_text.size(); }
    [[nodiscard]] char peek() const { return m_text.at(m_pos); }

    void skipWhitespace()
    {
        while (!atEnd()) {
            const char c = peek();
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    // "line 3, column 7", columns counting characters rather than UTF-8 bytes.
    [[nodiscard]] QString position(qsizetype offset) const
    {
        int line = 1;
        int column = 1;
        for (qsizetype i = 0; i < offset && i < m_text.size(); ++i) {
            const auto byte = static_cast<unsigned char>(m_text.at(i));
            if (byte == '\n') {
                ++line;
                column = 1;
            } else if ((byte & 0xC0) != 0x80) {
                ++column;
            }
        }
        return QStringLiteral("line %1, column %2").arg(line).arg(column);
    }

    void failAt(qsizetype offset, const QString &what)
    {
        if (m_failed)
            return;
        m_failed = true;
        m_errorOffset = offset;
        m_error = QStringLiteral("%1 at %2").arg(what, position(offset));
    }
    void fail(const QString &what) { failAt(m_pos, what); }

    void failUnexpected(const QString &context = {})
    {
        if (atEnd()) {
            fail(context.isEmpty() ? QStringLiteral("unexpected end of document")
                                   : QStringLiteral("unexpected end of document %1").arg(context));
            return;
        }
        const auto byte = static_cast<unsigned char>(peek());
        QString shown;
        if (byte >= 0x20 && byte < 0x7F)
            shown = QStringLiteral("'%1'").arg(QChar(byte));
        else
            shown = QStringLiteral("byte 0x%1").arg(byte, 2, 16, QLatin1Char('0'));
        fail(context.isEmpty() ? QStringLiteral("unexpected character %1").arg(shown)
                               : QStringLiteral("unexpected character %1 %2").arg(shown, context));
    }

    bool consumeLiteral(const char *literal)
    {
        const auto length = static_cast<qsizetype>(std::strlen(literal));
        if (m_text.size() - m_pos >= length &&
            std::memcmp(m_text.constData() + m_pos, literal, static_cast<size_t>(length)) == 0) {
            m_pos += length;
            return true;
        }
        return false;
    }

    OrderedValue parseValue(int depth)
    {
        if (atEnd()) {
            failUnexpected();
            return {};
        }
        switch (peek()) {
        case '{':
            return parseObject(depth + 1);
        case '[':
            return parseArray(depth + 1);
        case '"': {
            QString text = parseString();
            return OrderedValue::string(text);
        }
        case 't':
            if (consumeLiteral("true"))
                return OrderedValue::boolean(true);
            break;
        case 'f':
            if (consumeLiteral("false"))
                return OrderedValue::boolean(false);
            break;
        case 'n':
            if (consumeLiteral("null"))
                return OrderedValue::null();
            break;
        default:
            if (peek() == '-' || (peek() >= '0' && peek() <= '9'))
                return parseNumber();
            break;
        }
        failUnexpected();
        return {};
    }

    OrderedValue parseObject(int depth)
    {
        if (depth > kMaxDepth) {
            fail(QStringLiteral("nesting deeper than %1 levels").arg(kMaxDepth));
            return {};
        }
        ++m_pos; // '{'
        QVector<QPair<QString, OrderedValue>> members;
        skipWhitespace();
        if (!atEnd() && peek() == '}') {
            ++m_pos;
            return OrderedValue::object();
        }
        while (!m_failed) {
            skipWhitespace();
            if (atEnd() || peek() != '"') {
                failUnexpected(QStringLiteral("where a member name in double quotes was expected"));
                break;
            }
            QString key = parseString();
            if (m_failed)
                break;
            skipWhitespace();
            if (atEnd() || peek() != ':') {
                failUnexpected(QStringLiteral("where ':' was expected"));
                break;
            }
            ++m_pos;
            skipWhitespace();
            OrderedValue value = parseValue(depth);
            if (m_failed)
                break;
            members.append({std::move(key), std::move(value)});
            skipWhitespace();
            if (!atEnd() && peek() == ',') {
                ++m_pos;
                continue;
            }
            if (!atEnd() && peek() == '}') {
                ++m_pos;
                return OrderedValue::object(std::move(members));
            }
            failUnexpected(QStringLiteral("where ',' or '}' was expected"));
        }
        return {};
    }

    OrderedValue parseArray(int depth)
    {
        if (depth > kMaxDepth) {
            fail(QStringLiteral("nesting deeper than %1 levels").arg(kMaxDepth));
            return {};
        }
        ++m_pos; // '['
        QVector<OrderedValue> items;
        skipWhitespace();
        if (!atEnd() && peek() == ']') {
            ++m_pos;
            return OrderedValue::array();
        }
        while (!m_failed) {
            skipWhitespace();
            OrderedValue value = parseValue(depth);
            if (m_failed)
                break;
            items.append(std::move(value));
            skipWhitespace();
            if (!atEnd() && peek() == ',') {
                ++m_pos;
                continue;
            }
            if (!atEnd() && peek() == ']') {
                ++m_pos;
                return OrderedValue::array(std::move(items));
            }
            failUnexpected(QStringLiteral("where ',' or ']' was expected"));
        }
        return {};
    }

    int hexDigit(char c) const
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    // Four hex digits after "\u"; -1 on error.
    int parseHex4()
    {
        if (m_text.size() - m_pos < 4) {
            fail(QStringLiteral("incomplete \\u escape"));
            return -1;
        }
        int code = 0;
        for (int i = 0; i < 4; ++i) {
            const int digit = hexDigit(m_text.at(m_pos + i));
            if (digit < 0) {
                failAt(m_pos + i, QStringLiteral("invalid hex digit in \\u escape"));
                return -1;
            }
            code = code * 16 + digit;
        }
        m_pos += 4;
        return code;
    }

    // Decodes one UTF-8 sequence starting at m_pos; rejects overlong forms and surrogates.
    bool appendUtf8Char(QString &out)
    {
        const auto lead = static_cast<unsigned char>(peek());
        int length = 0;
        char32_t code = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            code = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            code = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            code = lead & 0x07;
        } else {
            fail(QStringLiteral("invalid UTF-8 byte 0x%1").arg(lead, 2, 16, QLatin1Char('0')));
            return false;
        }
        if (m_text.size() - m_pos < length) {
            fail(QStringLiteral("truncated UTF-8 sequence"));
            return false;
        }
        for (int i = 1; i < length; ++i) {
            const auto byte = static_cast<unsigned char>(m_text.at(m_pos + i));
            if ((byte & 0xC0) != 0x80) {
                fail(QStringLiteral("invalid UTF-8 sequence"));
                return false;
            }
            code = (code << 6) | (byte & 0x3F);
        }
        const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
        if (overlong || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            fail(QStringLiteral("invalid UTF-8 sequence"));
            return false;
        }
        m_pos += length;
        if (code >= 0x10000) {
            out.append(QChar(QChar::highSurrogate(code)));
            out.append(QChar(QChar::lowSurrogate(code)));
        } else {
            out.append(QChar(static_cast<char16_t>(code)));
        }
        return true;
    }

    QString parseString()
    {
        const qsizetype start = m_pos;
        ++m_pos; // opening quote
        QString out;
        while (true) {
            if (atEnd()) {
                failAt(start, QStringLiteral("unterminated string"));
                return {};
            }
            const auto c = static_cast<unsigned char>(peek());
            if (c == '"') {
                ++m_pos;
                return out;
            }
            if (c < 0x20) {
                fail(QStringLiteral("control character 0x%1 inside a string (must be escaped)")
                         .arg(c, 2, 16, QLatin1Char('0')));
                return {};
            }
            if (c == '\\') {
                ++m_pos;
                if (atEnd()) {
                    failAt(start, QStringLiteral("unterminated string"));
                    return {};
                }
                const char escape = peek();
                ++m_pos;
                switch (escape) {
                case '"':
                    out.append(QLatin1Char('"'));
                    break;
                case '\\':
                    out.append(QLatin1Char('\\'));
                    break;
                case '/':
                    out.append(QLatin1Char('/'));
                    break;
                case 'b':
                    out.append(QLatin1Char('\b'));
                    break;
                case 'f':
                    out.append(QLatin1Char('\f'));
                    break;
                case 'n':
                    out.append(QLatin1Char('\n'));
                    break;
                case 'r':
                    out.append(QLatin1Char('\r'));
                    break;
                case 't':
                    out.append(QLatin1Char('\t'));
                    break;
                case 'u': {
                    // Lone surrogates are kept as JavaScript keeps them.
                    const int code = parseHex4();
                    if (code < 0)
                        return {};
                    out.append(QChar(static_cast<char16_t>(code)));
                    break;
                }
                default:
                    --m_pos;
                    failUnexpected(QStringLiteral("after '\\' (not a JSON escape)"));
                    return {};
                }
                continue;
            }
            if (c < 0x80) {
                // A run of plain ASCII goes in at once: most strings are nothing else.
                const qsizetype runStart = m_pos;
                while (!atEnd()) {
                    const auto next = static_cast<unsigned char>(peek());
                    if (next < 0x20 || next >= 0x80 || next == '"' || next == '\\')
                        break;
                    ++m_pos;
                }
                out.append(QLatin1String(m_text.constData() + runStart, m_pos - runStart));
                continue;
            }
            if (!appendUtf8Char(out))
                return {};
        }
    }

    OrderedValue parseNumber()
    {
        const qsizetype start = m_pos;
        auto isDigit = [this] { return !atEnd() && peek() >= '0' && peek() <= '9'; };
        if (peek() == '-')
            ++m_pos;
        if (!isDigit()) {
            failUnexpected(QStringLiteral("where a digit was expected"));
            return {};
        }
        if (peek() == '0') {
            ++m_pos;
            if (isDigit()) {
                fail(QStringLiteral("leading zero in a number"));
                return {};
            }
        } else {
            while (isDigit())
                ++m_pos;
        }
        if (!atEnd() && peek() == '.') {
            ++m_pos;
            if (!isDigit()) {
                failUnexpected(QStringLiteral("where a digit after '.' was expected"));
                return {};
            }
            while (isDigit())
                ++m_pos;
        }
        if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
            ++m_pos;
            if (!atEnd() && (peek() == '+' || peek() == '-'))
                ++m_pos;
            if (!isDigit()) {
                failUnexpected(QStringLiteral("where an exponent digit was expected"));
                return {};
            }
            while (isDigit())
                ++m_pos;
        }
        const char *first = m_text.constData() + start;
        const char *last = m_text.constData() + m_pos;
        double value = 0;
        const auto [ptr, ec] = std::from_chars(first, last, value);
        if (ec == std::errc::result_out_of_range) {
            // JSON.parse gives ±Infinity for overflow and ±0 for underflow.
            const bool negative = *first == '-';
            const QByteArray text(first, static_cast<qsizetype>(last - first));
            const qsizetype e = text.indexOf('e') >= 0 ? text.indexOf('e') : text.indexOf('E');
            const bool tiny = e >= 0 && text.at(e + 1) == '-';
            value = tiny ? 0.0 : HUGE_VAL;
            if (negative)
                value = -value;
        } else if (ec != std::errc() || ptr != last) {
            failAt(start, QStringLiteral("invalid number"));
            return {};
        }
        return OrderedValue::number(value);
    }

    const QByteArray &m_text;
    qsizetype m_pos = 0;
    bool m_failed = false;
    QString m_error;
    qsizetype m_errorOffset = -1;
};

// The text being written. A std::string underneath: its appends are inline, QByteArray's are
// library calls, and a document is hundreds of small appends.
class Out
{
public:
    Out() { m_text.reserve(256); } // most answers and events fit
    void append(char c) { m_text.push_back(c); }
    void append(const char *text) { m_text.append(text); }
    void append(const char *text, qsizetype size) { m_text.append(text, size_t(size)); }
    void append(const QByteArray &bytes) { append(bytes.constData(), bytes.size()); }
    [[nodiscard]] qsizetype size() const { return qsizetype(m_text.size()); }
    void resize(qsizetype size) { m_text.resize(size_t(size)); }
    [[nodiscard]] char *data() { return m_text.data(); }
    [[nodiscard]] QByteArray toByteArray() const { return {m_text.data(), size()}; }

private:
    std::string m_text;
};

// ECMAScript Number::toString: shortest round-trip digits, laid out by the decimal exponent.
void appendNumber(Out &out, double value)
{
    if (!std::isfinite(value)) {
        out.append("null"); // what JSON.stringify writes for NaN and ±Infinity
        return;
    }
    if (value == 0) {
        out.append('0'); // also for -0
        return;
    }
    char buffer[64];
    // Whole numbers below 2^53 (amounts, timestamps) are their own shortest digits.
    constexpr double kExactIntegers = 9007199254740992.0;
    if (std::abs(value) < kExactIntegers && std::floor(value) == value) {
        const auto [end, ec] =
            std::to_chars(buffer, buffer + sizeof buffer, static_cast<qint64>(value));
        Q_ASSERT(ec == std::errc());
        out.append(buffer, static_cast<qsizetype>(end - buffer));
        return;
    }
    const auto [end, ec] =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    Q_ASSERT(ec == std::errc());
    const QByteArray scientific(buffer, static_cast<qsizetype>(end - buffer));
    // "-1.2345e+21": split the sign, the significant digits and the exponent.
    const bool negative = scientific.startsWith('-');
    const qsizetype ePos = scientific.indexOf('e');
    QByteArray digits = scientific.mid(negative ? 1 : 0, ePos - (negative ? 1 : 0));
    digits.replace(".", "");
    const int exponent = scientific.mid(ePos + 1).toInt();
    const auto k = static_cast<int>(digits.size());
    const int n = exponent + 1; // value = 0.digits × 10^n

    if (negative)
        out.append('-');
    if (k <= n && n <= 21) {
        out.append(digits);
        out.append(QByteArray(n - k, '0'));
    } else if (0 < n && n <= 21) {
        out.append(digits.left(n));
        out.append('.');
        out.append(digits.mid(n));
    } else if (-6 < n && n <= 0) {
        out.append("0.");
        out.append(QByteArray(-n, '0'));
        out.append(digits);
    } else {
        out.append(digits.at(0));
        if (k > 1) {
            out.append('.');
            out.append(digits.mid(1));
        }
        out.append('e');
        out.append(n - 1 >= 0 ? '+' : '-');
        out.append(QByteArray::number(std::abs(n - 1)));
    }
}

// JSON.stringify's QuoteJSONString (ES2019 well-formed): lone surrogates become \uXXXX escapes.
void appendString(Out &out, const QString &text)
{
    static const char hex[] = "0123456789abcdef";
    auto appendEscape = [&out](char16_t unit) {
        out.append("\\u");
        out.append(hex[(unit >> 12) & 0xF]);
        out.append(hex[(unit >> 8) & 0xF]);
        out.append(hex[(unit >> 4) & 0xF]);
        out.append(hex[unit & 0xF]);
    };
    // constData(), not utf16(): utf16() copies a QStringLiteral to add its terminator.
    const auto *units = reinterpret_cast<const char16_t *>(text.constData());
    const qsizetype size = text.size();
    out.append('"');
    for (qsizetype i = 0; i < size; ++i) {
        // A run of printable ASCII needing no escape is copied at once: most strings are one.
        qsizetype run = i;
        while (run < size && units[run] >= 0x20 && units[run] < 0x80 && units[run] != '"' &&
               units[run] != '\\')
            ++run;
        if (run > i) {
            const qsizetype at = out.size();
            out.resize(at + (run - i));
            std::transform(units + i, units + run, out.data() + at,
                           [](char16_t unit) { return static_cast<char>(unit); });
            i = run - 1;
            continue;
        }
        const char16_t unit = units[i];
        switch (unit) {
        case '"':
            out.append("\\\"");
            continue;
        case '\\':
            out.append("\\\\");
            continue;
        case '\b':
            out.append("\\b");
            continue;
        case '\f':
            out.append("\\f");
            continue;
        case '\n':
            out.append("\\n");
            continue;
        case '\r':
            out.append("\\r");
            continue;
        case '\t':
            out.append("\\t");
            continue;
        default:
            break;
        }
        if (QChar::isHighSurrogate(unit) && i + 1 < size && QChar::isLowSurrogate(units[i + 1])) {
            out.append(QString(text.constData() + i, 2).toUtf8());
            ++i;
        } else if (unit < 0x20 || QChar::isSurrogate(unit)) {
            appendEscape(unit);
        } else if (unit < 0x80) {
            out.append(static_cast<char>(unit));
        } else {
            out.append(QString(QChar(unit)).toUtf8());
        }
    }
    out.append('"');
}

// An object as JavaScript holds it after JSON.parse: one entry per key, at the position of the
// first occurrence, with the value of the last. On the stack for objects of usual size.
QVarLengthArray<QPair<const QString *, const OrderedValue *>, 16>
effectiveMembers(const OrderedValue &object)
{
    QVarLengthArray<QPair<const QString *, const OrderedValue *>, 16> result;
    result.reserve(object.members().size());
    for (const auto &member : object.members()) {
        bool seen = false;
        for (auto &existing : result) {
            if (*existing.first == member.first) {
                existing.second = &member.second;
                seen = true;
                break;
            }
        }
        if (!seen)
            result.append({&member.first, &member.second});
    }
    return result;
}

void write(Out &out, const OrderedValue &value, int indent, int level)
{
    auto newline = [&out, indent](int depth) {
        if (indent <= 0)
            return;
        out.append('\n');
        out.append(QByteArray(static_cast<qsizetype>(indent) * depth, ' '));
    };
    switch (value.type()) {
    case OrderedValue::Type::Null:
        out.append("null");
        return;
    case OrderedValue::Type::Bool:
        out.append(value.toBool() ? "true" : "false");
        return;
    case OrderedValue::Type::Number:
        appendNumber(out, value.toDouble());
        return;
    case OrderedValue::Type::String:
        appendString(out, value.toString());
        return;
    case OrderedValue::Type::Array: {
        if (value.items().isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        bool first = true;
        for (const OrderedValue &item : value.items()) {
            if (!first)
                out.append(',');
            first = false;
            newline(level + 1);
            write(out, item, indent, level + 1);
        }
        newline(level);
        out.append(']');
        return;
    }
    case OrderedValue::Type::Object: {
        const auto members = effectiveMembers(value);
        if (members.empty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        bool first = true;
        for (const auto &member : members) {
            if (!first)
                out.append(',');
            first = false;
            newline(level + 1);
            appendString(out, *member.first);
            out.append(indent > 0 ? ": " : ":");
            write(out, *member.second, indent, level + 1);
        }
        newline(level);
        out.append('}');
        return;
    }
    }
}

} // namespace

ParseResult parse(const QByteArray &utf8)
{
    return Parser(utf8).run();
}

QByteArray stringify(const OrderedValue &value)
{
    Out out;
    write(out, value, 0, 0);
    return out.toByteArray();
}

QByteArray prettyPrint(const OrderedValue &value, int indent)
{
    Out out;
    write(out, value, qBound(0, indent, 10), 0);
    return out.toByteArray();
}

} // namespace paybench::json
