#include "OrderedJson.h"

#include "JsonWriter.h"
#include "PlainJsonText.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVarLengthArray>

#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <system_error>
#include <vector>

namespace paybench::json {

const QString OrderedValue::s_noString;
const QVector<OrderedValue> OrderedValue::s_noItems;
const OrderedValue::Members OrderedValue::s_noMembers;

template <typename Other>
void OrderedValue::constructPayload(Other &&other)
{
    // std::forward<Other>(other).m_x is a const lvalue when copying and an xvalue when moving.
    switch (m_type) {
    case Type::String:
        new (&m_string) QString(std::forward<Other>(other).m_string);
        break;
    case Type::Array:
        new (&m_items) QVector<OrderedValue>(std::forward<Other>(other).m_items);
        break;
    case Type::Object:
        new (&m_members) Members(std::forward<Other>(other).m_members);
        break;
    case Type::Null:
    case Type::Bool:
    case Type::Number:
        m_number = other.m_number;
        break;
    }
}

OrderedValue::OrderedValue(const OrderedValue &other) : m_type(other.m_type), m_bool(other.m_bool)
{
    constructPayload(other);
}

OrderedValue::OrderedValue(OrderedValue &&other) noexcept
    : m_type(other.m_type), m_bool(other.m_bool)
{
    constructPayload(std::move(other));
}

OrderedValue &OrderedValue::operator=(const OrderedValue &other)
{
    if (this != &other)
        *this = OrderedValue(other);
    return *this;
}

OrderedValue &OrderedValue::operator=(OrderedValue &&other) noexcept
{
    if (this != &other) {
        OrderedValue moved(std::move(other)); // other may live inside this value
        destroy();
        m_type = moved.m_type;
        m_bool = moved.m_bool;
        constructPayload(std::move(moved));
    }
    return *this;
}

OrderedValue::~OrderedValue()
{
    destroy();
}

void OrderedValue::destroy() noexcept
{
    switch (m_type) {
    case Type::String:
        m_string.~QString();
        break;
    case Type::Array:
        m_items.~QVector<OrderedValue>();
        break;
    case Type::Object:
        m_members.~Members();
        break;
    case Type::Null:
    case Type::Bool:
    case Type::Number:
        break;
    }
    m_type = Type::Null;
    m_number = 0;
}

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
    new (&v.m_string) QString(value);
    v.m_type = Type::String;
    return v;
}

OrderedValue OrderedValue::array(QVector<OrderedValue> items)
{
    OrderedValue v;
    new (&v.m_items) QVector<OrderedValue>(std::move(items));
    v.m_type = Type::Array;
    return v;
}

OrderedValue OrderedValue::object(QVector<QPair<QString, OrderedValue>> members)
{
    OrderedValue v;
    new (&v.m_members) Members(std::move(members));
    v.m_type = Type::Object;
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

namespace {

template <typename Key>
const OrderedValue *lastMember(const QVector<QPair<QString, OrderedValue>> &members, Key key)
{
    for (qsizetype i = members.size() - 1; i >= 0; --i) {
        if (members.at(i).first == key)
            return &members.at(i).second;
    }
    return nullptr;
}

} // namespace

const OrderedValue *OrderedValue::member(const QString &key) const
{
    return lastMember(members(), key);
}

const OrderedValue *OrderedValue::member(QLatin1String key) const
{
    return lastMember(members(), key);
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

// Member names repeat from document to document (the gateway parses the same request shape
// thousands of times a second): short ASCII ones are shared from a small per-thread table
// instead of allocated for every document. Direct-mapped, so it stays this size.
QString sharedName(const char *data, qsizetype size)
{
    constexpr qsizetype kLongest = 32;
    struct Slot {
        char bytes[kLongest];
        qsizetype size = -1;
        QString text;
    };
    thread_local Slot table[64];
    if (size > kLongest)
        return QString::fromLatin1(data, size);
    quint32 hash = 2166136261u; // FNV-1a
    for (qsizetype i = 0; i < size; ++i)
        hash = (hash ^ static_cast<unsigned char>(data[i])) * 16777619u;
    Slot &slot = table[hash % std::size(table)];
    if (slot.size != size || std::memcmp(slot.bytes, data, size_t(size)) != 0) {
        slot.text = QString::fromLatin1(data, size);
        std::memcpy(slot.bytes, data, size_t(size));
        slot.size = size;
    }
    return slot.text;
}

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

    // Over raw pointers: an indented file (a workspace) is half whitespace.
    void skipWhitespace()
    {
        const char *at = m_text.constData() + m_pos;
        const char *const end = m_text.constData() + m_text.size();
        while (at < end && (*at == ' ' || *at == '\n' || *at == '\r' || *at == '\t'))
            ++at;
        m_pos = at - m_text.constData();
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
        const size_t base = m_memberStack.size();
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
            QString key = parseString(true);
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
            m_memberStack.emplace_back(std::move(key), std::move(value));
            skipWhitespace();
            if (!atEnd() && peek() == ',') {
                ++m_pos;
                continue;
            }
            if (!atEnd() && peek() == '}') {
                ++m_pos;
                return OrderedValue::object(takeFrom(m_memberStack, base));
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
        const size_t base = m_itemStack.size();
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
            m_itemStack.push_back(std::move(value));
            skipWhitespace();
            if (!atEnd() && peek() == ',') {
                ++m_pos;
                continue;
            }
            if (!atEnd() && peek() == ']') {
                ++m_pos;
                return OrderedValue::array(takeFrom(m_itemStack, base));
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

    // `name`: a member name, shared from sharedName() when it is short plain ASCII.
    QString parseString(bool name = false)
    {
        const qsizetype start = m_pos;
        ++m_pos; // opening quote
        // Most strings are plain ASCII from quote to quote: made in one exact allocation.
        const char *const first = m_text.constData() + m_pos;
        const char *const last = m_text.constData() + m_text.size();
        const char *end = first;
        while (end < last && PlainJsonText::contains(static_cast<unsigned char>(*end)))
            ++end;
        if (end < last && *end == '"') {
            const qsizetype length = end - first;
            m_pos += length + 1;
            return name ? sharedName(first, length) : QString::fromLatin1(first, length);
        }
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
                    if (!PlainJsonText::contains(next))
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

    // The values of the open arrays and objects: each container is made at its exact size once
    // it closes, instead of growing by one for every value (most are a handful of values).
    template <typename T>
    static QVector<T> takeFrom(std::vector<T> &stack, size_t base)
    {
        QVector<T> taken(std::make_move_iterator(stack.begin() + qsizetype(base)),
                         std::make_move_iterator(stack.end()));
        stack.erase(stack.begin() + qsizetype(base), stack.end());
        return taken;
    }

    std::vector<QPair<QString, OrderedValue>> m_memberStack;
    std::vector<OrderedValue> m_itemStack;
    const QByteArray &m_text;
    qsizetype m_pos = 0;
    bool m_failed = false;
    QString m_error;
    qsizetype m_errorOffset = -1;
};

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

void write(JsonWriter &out, const OrderedValue &value)
{
    switch (value.type()) {
    case OrderedValue::Type::Null:
        out.null();
        return;
    case OrderedValue::Type::Bool:
        out.boolean(value.toBool());
        return;
    case OrderedValue::Type::Number:
        out.number(value.toDouble());
        return;
    case OrderedValue::Type::String:
        out.string(value.toString());
        return;
    case OrderedValue::Type::Array:
        out.beginArray();
        for (const OrderedValue &item : value.items())
            write(out, item);
        out.endArray();
        return;
    case OrderedValue::Type::Object:
        out.beginObject();
        for (const auto &member : effectiveMembers(value)) {
            out.key(*member.first);
            write(out, *member.second);
        }
        out.endObject();
        return;
    }
}

} // namespace

ParseResult parse(const QByteArray &utf8)
{
    return Parser(utf8).run();
}

QByteArray stringify(const OrderedValue &value)
{
    JsonWriter out;
    write(out, value);
    return out.take();
}

QByteArray prettyPrint(const OrderedValue &value, int indent)
{
    JsonWriter out(indent);
    write(out, value);
    return out.take();
}

} // namespace paybench::json
