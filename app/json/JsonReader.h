#pragma once

#include "OrderedJson.h"

#include <QAnyStringView>
#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <vector>

namespace paybench::json {

// A strict RFC 8259 pull parser: the caller walks the document value by value and keeps only
// what it needs, so a large file is read into its own structures without a tree of every value
// in between (json::parse builds its tree through this reader, so both read JSON one way).
//
// After enterObject(), each nextMember() that returns true is followed by exactly one value read
// (readString, readBool, readNumber, readValue, or a nested enter...); the same for enterArray()
// and nextItem(). The first syntax error stops the reader: from then on every call returns false
// or an empty value, and error() says what and where ("unexpected character '}' at line 3,
// column 7").
class JsonReader final
{
public:
    enum class Kind { Null, Bool, Number, String, Array, Object, Invalid, End };

    explicit JsonReader(QByteArray utf8); // shared, not copied
    JsonReader(const JsonReader &) = delete;
    JsonReader &operator=(const JsonReader &) = delete;

    // Fails with "empty document" when there is nothing but whitespace.
    bool startDocument();
    // Fails when anything but whitespace follows the document's value.
    bool endDocument();

    // The kind of the value that starts here (after whitespace); End when the text has ended,
    // Invalid when no value can start with this character. Reads nothing.
    [[nodiscard]] Kind next();

    bool enterObject(); // the next value must be an object
    // The next member's name, shared between documents when it is short (see sharedName);
    // false when the object has ended.
    bool nextMember(QString *name);
    // The same, as a view valid until the reader's next call: for a name that is only compared,
    // no string is made.
    bool nextMember(QAnyStringView *name);
    bool enterArray(); // the next value must be an array
    bool nextItem();   // false when the array has ended

    // `shared`: a short plain-ASCII value that repeats (a key, a code) is shared, not allocated.
    QString readString(bool shared = false);
    bool readBool();
    double readNumber();
    // Any value, as a tree.
    OrderedValue readValue();
    // Any value as Qt holds JSON (numbers as doubles, as readValue and JavaScript hold them),
    // made directly rather than through an OrderedValue.
    QJsonValue readJsonValue();
    // The next value's text as it stands in the document, checked as the others check it, with
    // nothing made of it: to keep a value as JSON until someone looks inside.
    QByteArray readRawValue();
    // Checks the next value and keeps nothing of it (a member nobody reads).
    void skipValue();

    [[nodiscard]] bool failed() const { return m_failed; }
    [[nodiscard]] const QString &error() const { return m_error; }
    [[nodiscard]] qsizetype errorOffset() const { return m_errorOffset; }

private:
    [[nodiscard]] bool atEnd() const { return m_pos >= m_text.size(); }
    [[nodiscard]] char peek() const { return m_text.at(m_pos); }
    void skipWhitespace();
    [[nodiscard]] QString position(qsizetype offset) const;
    void failAt(qsizetype offset, const QString &what);
    void fail(const QString &what) { failAt(m_pos, what); }
    void failUnexpected(const QString &context = {});
    bool consumeLiteral(const char *literal);
    bool enter(char open);
    bool enterHere();                    // at the '{' or '[' of a container, not failed
    QString readStringHere(bool shared); // at the opening quote, not failed
    struct OrderedTree;
    struct QtTree;
    struct SkippedTree;
    template <typename Tree>
    typename Tree::Value readTree(const Tree &tree);
    bool atMemberName();    // both nextMember()s, up to the name's opening quote
    bool afterMemberName(); // and from its closing quote to the value
    // After the first value of the innermost container: "," before the next, or its end.
    bool continueAfter(char close, const char *expected);
    int hexDigit(char c) const;
    int parseHex4();
    bool appendUtf8Char(QString &out);

    // The values of the open arrays and objects while readValue() builds a tree: each
    // container is made at its exact size once it closes.
    std::vector<QPair<QString, OrderedValue>> m_memberStack;
    std::vector<OrderedValue> m_itemStack;
    const QByteArray m_text;
    qsizetype m_pos = 0;
    int m_depth = 0;
    // Set by enter...() until the container's first nextMember()/nextItem(): the only time
    // no "," is due. One flag is enough, as a nested container closes before its parent
    // continues.
    bool m_containerFresh = false;
    bool m_failed = false;
    QString m_error;
    qsizetype m_errorOffset = -1;
    QString m_name; // the last member name with escapes, for nextMember(QAnyStringView *)
};

} // namespace paybench::json
