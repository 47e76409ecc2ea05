#include "JsonReader.h"

#include "PlainJsonText.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <system_error>
#include <utility>

namespace paybench::json {
namespace {

// Deep enough for any real payment payload, shallow enough that recursion cannot overflow.
constexpr int kMaxDepth = 256;

// Member names repeat from document to document (the gateway parses the same request shape
// thousands of times a second), and so do some values (credential keys, region codes): short
// ASCII ones are shared from a small per-thread table instead of allocated each time.
// Direct-mapped, so it stays this size.
QString sharedText(const char *data, qsizetype size)
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

// The values of the open arrays and objects: each container is made at its exact size once it
// closes, instead of growing by one for every value (most are a handful of values).
template <typename T>
QVector<T> takeFrom(std::vector<T> &stack, size_t base)
{
    QVector<T> taken(std::make_move_iterator(stack.begin() + qsizetype(base)),
                     std::make_move_iterator(stack.end()));
    stack.erase(stack.begin() + qsizetype(base), stack.end());
    return taken;
}

} // namespace

JsonReader::JsonReader(QByteArray utf8) : m_text(std::move(utf8))
{
    // fetch's response.json() decodes UTF-8 and drops a byte order mark, so accept one.
    if (m_text.startsWith("\xEF\xBB\xBF"))
        m_pos = 3;
}

bool JsonReader::startDocument()
{
    skipWhitespace();
    if (atEnd())
        fail(QStringLiteral("empty document"));
    return !m_failed;
}

bool JsonReader::endDocument()
{
    skipWhitespace();
    if (!m_failed && !atEnd())
        failUnexpected(QStringLiteral("after the end of the document"));
    return !m_failed;
}

JsonReader::Kind JsonReader::next()
{
    skipWhitespace();
    if (atEnd())
        return Kind::End;
    switch (peek()) {
    case '{':
        return Kind::Object;
    case '[':
        return Kind::Array;
    case '"':
        return Kind::String;
    case 't':
    case 'f':
        return Kind::Bool;
    case 'n':
        return Kind::Null;
    default:
        return peek() == '-' || (peek() >= '0' && peek() <= '9') ? Kind::Number : Kind::Invalid;
    }
}

// Over raw pointers: an indented file (a workspace) is half whitespace.
void JsonReader::skipWhitespace()
{
    const char *at = m_text.constData() + m_pos;
    const char *const end = m_text.constData() + m_text.size();
    // A pretty-printed file is about a third indentation: eight spaces are skipped at once.
    constexpr quint64 kEightSpaces = 0x2020202020202020ULL;
    for (;;) {
        if (end - at >= 8) {
            quint64 eight = 0;
            std::memcpy(&eight, at, sizeof eight);
            if (eight == kEightSpaces) {
                at += 8;
                continue;
            }
        }
        if (at == end || (*at != ' ' && *at != '\n' && *at != '\r' && *at != '\t'))
            break;
        ++at;
    }
    m_pos = at - m_text.constData();
}

// "line 3, column 7", columns counting characters rather than UTF-8 bytes.
QString JsonReader::position(qsizetype offset) const
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

void JsonReader::failAt(qsizetype offset, const QString &what)
{
    if (m_failed)
        return;
    m_failed = true;
    m_errorOffset = offset;
    m_error = QStringLiteral("%1 at %2").arg(what, position(offset));
}

void JsonReader::failUnexpected(const QString &context)
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

bool JsonReader::consumeLiteral(const char *literal)
{
    const auto length = static_cast<qsizetype>(std::strlen(literal));
    if (m_text.size() - m_pos >= length &&
        std::memcmp(m_text.constData() + m_pos, literal, static_cast<size_t>(length)) == 0) {
        m_pos += length;
        return true;
    }
    return false;
}

bool JsonReader::enter(char open)
{
    if (m_failed)
        return false;
    skipWhitespace();
    if (atEnd() || peek() != open) {
        failUnexpected();
        return false;
    }
    return enterHere();
}

bool JsonReader::enterHere()
{
    if (m_depth >= kMaxDepth) {
        fail(QStringLiteral("nesting deeper than %1 levels").arg(kMaxDepth));
        return false;
    }
    ++m_pos;
    ++m_depth;
    m_containerFresh = true;
    return true;
}

bool JsonReader::enterObject()
{
    return enter('{');
}

bool JsonReader::enterArray()
{
    return enter('[');
}

bool JsonReader::continueAfter(char close, const char *expected)
{
    skipWhitespace();
    const bool fresh = std::exchange(m_containerFresh, false);
    if (!atEnd() && peek() == close) {
        ++m_pos;
        --m_depth;
        return false;
    }
    if (fresh)
        return true;
    if (!atEnd() && peek() == ',') {
        ++m_pos;
        skipWhitespace();
        return true;
    }
    failUnexpected(QLatin1String(expected));
    return false;
}

bool JsonReader::nextMember(QString *name)
{
    if (!atMemberName())
        return false;
    *name = readStringHere(true);
    return afterMemberName();
}

bool JsonReader::nextMember(QAnyStringView *name)
{
    if (!atMemberName())
        return false;
    const char *const first = m_text.constData() + m_pos + 1;
    const char *const last = m_text.constData() + m_text.size();
    const char *const end = skipPlainText(first, last);
    if (end < last && *end == '"') {
        *name = QLatin1String(first, end - first);
        m_pos = end + 1 - m_text.constData();
    } else {
        m_name = readStringHere(false);
        *name = m_name;
    }
    return afterMemberName();
}

bool JsonReader::atMemberName()
{
    if (m_failed || !continueAfter('}', "where ',' or '}' was expected"))
        return false;
    if (atEnd() || peek() != '"') {
        failUnexpected(QStringLiteral("where a member name in double quotes was expected"));
        return false;
    }
    return true;
}

bool JsonReader::afterMemberName()
{
    if (m_failed)
        return false;
    skipWhitespace();
    if (atEnd() || peek() != ':') {
        failUnexpected(QStringLiteral("where ':' was expected"));
        return false;
    }
    ++m_pos;
    skipWhitespace();
    return true;
}

bool JsonReader::nextItem()
{
    return !m_failed && continueAfter(']', "where ',' or ']' was expected");
}

// How readTree() makes the values of one kind of tree: each kind is read one way, only what is
// made of it differs.
struct JsonReader::OrderedTree {
    using Value = OrderedValue;
    using Name = QString;
    using Object = size_t; // where its members start on the reader's member stack
    using Array = size_t;

    JsonReader &reader;
    Object beginObject() const { return reader.m_memberStack.size(); }
    void add(Object, Name &name, Value &&value) const
    {
        reader.m_memberStack.emplace_back(std::move(name), std::move(value));
    }
    Value end(Object base, bool failed) const
    {
        // Made at its exact size once it closes.
        QVector<QPair<QString, OrderedValue>> members = takeFrom(reader.m_memberStack, base);
        return failed ? Value() : OrderedValue::object(std::move(members));
    }
    Array beginArray() const { return reader.m_itemStack.size(); }
    void add(Array, Value &&value) const { reader.m_itemStack.push_back(std::move(value)); }
    Value endArray(Array base, bool failed) const
    {
        QVector<OrderedValue> items = takeFrom(reader.m_itemStack, base);
        return failed ? Value() : OrderedValue::array(std::move(items));
    }
    static Value string(const QString &text) { return OrderedValue::string(text); }
    static Value boolean(bool value) { return OrderedValue::boolean(value); }
    static Value number(double value) { return OrderedValue::number(value); }
    static Value null() { return OrderedValue::null(); }
};

struct JsonReader::QtTree {
    using Value = QJsonValue;
    using Name = QString;
    using Object = QJsonObject;
    using Array = QJsonArray;

    JsonReader &reader;
    static Object beginObject() { return {}; }
    static void add(Object &object, const Name &name, Value &&value) { object.insert(name, value); }
    static Value end(const Object &object, bool failed) { return failed ? Value() : object; }
    static Array beginArray() { return {}; }
    static void add(Array &array, Value &&value) { array.append(value); }
    static Value endArray(const Array &array, bool failed) { return failed ? Value() : array; }
    static Value string(const QString &text) { return text; }
    static Value boolean(bool value) { return value; }
    static Value number(double value) { return value; }
    static Value null() { return QJsonValue::Null; }
};

// Checks a value and keeps nothing of it.
struct JsonReader::SkippedTree {
    struct Value {};
    using Name = QAnyStringView;
    struct Object {};
    using Array = Object;

    JsonReader &reader;
    static Object beginObject() { return {}; }
    static void add(Object, Name, Value) {}
    static Value end(Object, bool) { return {}; }
    static Array beginArray() { return {}; }
    static void add(Array, Value) {}
    static Value endArray(Array, bool) { return {}; }
    static Value string(const QString &) { return {}; }
    static Value boolean(bool) { return {}; }
    static Value number(double) { return {}; }
    static Value null() { return {}; }
};

OrderedValue JsonReader::readValue()
{
    return readTree(OrderedTree{*this});
}

QJsonValue JsonReader::readJsonValue()
{
    return readTree(QtTree{*this});
}

QByteArray JsonReader::readRawValue()
{
    if (m_failed)
        return {};
    skipWhitespace();
    const qsizetype start = m_pos;
    readTree(SkippedTree{*this});
    return m_failed ? QByteArray() : m_text.mid(start, m_pos - start);
}

void JsonReader::skipValue()
{
    readTree(SkippedTree{*this});
}

template <typename Tree>
typename Tree::Value JsonReader::readTree(const Tree &tree)
{
    if (m_failed)
        return {};
    switch (next()) {
    case Kind::Object: {
        typename Tree::Object object = tree.beginObject();
        typename Tree::Name name;
        if (enterHere()) {
            while (nextMember(&name))
                tree.add(object, name, readTree(tree));
        }
        return tree.end(object, m_failed);
    }
    case Kind::Array: {
        typename Tree::Array array = tree.beginArray();
        if (enterHere()) {
            while (nextItem())
                tree.add(array, readTree(tree));
        }
        return tree.endArray(array, m_failed);
    }
    case Kind::String:
        return tree.string(readStringHere(false));
    case Kind::Bool:
        return tree.boolean(readBool());
    case Kind::Number:
        return tree.number(readNumber());
    case Kind::Null:
        if (consumeLiteral("null"))
            return tree.null();
        break;
    case Kind::Invalid:
    case Kind::End:
        break;
    }
    failUnexpected();
    return {};
}

bool JsonReader::readBool()
{
    if (m_failed)
        return false;
    skipWhitespace();
    if (consumeLiteral("true"))
        return true;
    if (!consumeLiteral("false"))
        failUnexpected();
    return false;
}

int JsonReader::hexDigit(char c) const
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
int JsonReader::parseHex4()
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
bool JsonReader::appendUtf8Char(QString &out)
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

QString JsonReader::readString(bool shared)
{
    if (m_failed)
        return {};
    skipWhitespace();
    if (atEnd() || peek() != '"') {
        failUnexpected();
        return {};
    }
    return readStringHere(shared);
}

QString JsonReader::readStringHere(bool shared)
{
    const qsizetype start = m_pos;
    ++m_pos; // opening quote
    // Most strings are plain ASCII from quote to quote: made in one exact allocation.
    const char *const first = m_text.constData() + m_pos;
    const char *const last = m_text.constData() + m_text.size();
    const char *const end = skipPlainText(first, last);
    if (end < last && *end == '"') {
        const qsizetype length = end - first;
        m_pos += length + 1;
        return shared ? sharedText(first, length) : QString::fromLatin1(first, length);
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
            if (escape == 'u') {
                // Lone surrogates are kept as JavaScript keeps them.
                const int code = parseHex4();
                if (code < 0)
                    return {};
                out.append(QChar(static_cast<char16_t>(code)));
                continue;
            }
            if (escape == '/') {
                out.append(QLatin1Char('/'));
                continue;
            }
            const auto *const known = std::find_if(
                std::begin(kShortEscapes), std::end(kShortEscapes),
                [escape](const std::pair<char16_t, char> &e) { return e.second == escape; });
            if (known == std::end(kShortEscapes)) {
                --m_pos;
                failUnexpected(QStringLiteral("after '\\' (not a JSON escape)"));
                return {};
            }
            out.append(QChar(known->first));
            continue;
        }
        if (c < 0x80) {
            // A run of plain ASCII goes in at once: most strings are nothing else.
            const qsizetype runStart = m_pos;
            m_pos = skipPlainText(m_text.constData() + m_pos, m_text.constData() + m_text.size()) -
                    m_text.constData();
            out.append(QLatin1String(m_text.constData() + runStart, m_pos - runStart));
            continue;
        }
        if (!appendUtf8Char(out))
            return {};
    }
}

double JsonReader::readNumber()
{
    if (m_failed)
        return 0;
    skipWhitespace();
    const qsizetype start = m_pos;
    auto isDigit = [this] { return !atEnd() && peek() >= '0' && peek() <= '9'; };
    if (!atEnd() && peek() == '-')
        ++m_pos;
    if (!isDigit()) {
        failUnexpected(QStringLiteral("where a digit was expected"));
        return 0;
    }
    if (peek() == '0') {
        ++m_pos;
        if (isDigit()) {
            fail(QStringLiteral("leading zero in a number"));
            return 0;
        }
    } else {
        while (isDigit())
            ++m_pos;
    }
    if (!atEnd() && peek() == '.') {
        ++m_pos;
        if (!isDigit()) {
            failUnexpected(QStringLiteral("where a digit after '.' was expected"));
            return 0;
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
            return 0;
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
        return 0;
    }
    return value;
}

} // namespace paybench::json
