#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QPair>
#include <QString>
#include <QVector>

#include <optional>

namespace paybench::json {

// A JSON value that keeps object members in document order. QJsonObject sorts its keys, which
// breaks showing a body "as sent" and re-creating the bytes JavaScript's JSON.stringify gives.
class OrderedValue
{
public:
    enum class Type { Null, Bool, Number, String, Array, Object };

    OrderedValue() noexcept : m_number(0) {}
    static OrderedValue null();
    static OrderedValue boolean(bool value);
    static OrderedValue number(double value);
    static OrderedValue string(const QString &value);
    static OrderedValue array(QVector<OrderedValue> items = {});
    static OrderedValue object(QVector<QPair<QString, OrderedValue>> members = {});
    static OrderedValue fromQJson(const QJsonValue &value); // members in QJsonObject's order

    OrderedValue(const OrderedValue &other);
    OrderedValue(OrderedValue &&other) noexcept;
    OrderedValue &operator=(const OrderedValue &other);
    OrderedValue &operator=(OrderedValue &&other) noexcept;
    ~OrderedValue();

    [[nodiscard]] Type type() const { return m_type; }
    [[nodiscard]] bool isObject() const { return m_type == Type::Object; }
    [[nodiscard]] bool toBool() const { return m_bool; }
    [[nodiscard]] double toDouble() const { return m_type == Type::Number ? m_number : 0; }
    // Empty unless the value is of that type.
    [[nodiscard]] const QString &toString() const
    {
        return m_type == Type::String ? m_string : s_noString;
    }
    [[nodiscard]] const QVector<OrderedValue> &items() const
    {
        return m_type == Type::Array ? m_items : s_noItems;
    }
    [[nodiscard]] const QVector<QPair<QString, OrderedValue>> &members() const
    {
        return m_type == Type::Object ? m_members : s_noMembers;
    }
    // The member's value, or nullptr; the last one wins for duplicate keys, as in JavaScript.
    [[nodiscard]] const OrderedValue *member(const QString &key) const;
    [[nodiscard]] const OrderedValue *member(QLatin1String key) const; // no QString made
    // Replaces the member in place, or appends it.
    void setMember(const QString &key, const OrderedValue &value);
    void append(const OrderedValue &item);

    [[nodiscard]] QJsonValue toQJson() const;

private:
    using Members = QVector<QPair<QString, OrderedValue>>;
    void destroy() noexcept;
    // Copies (from an lvalue) or moves (from an rvalue) other's payload into this value, which
    // has other's type and no payload yet. A moved-from value keeps its type, payload empty.
    template <typename Other>
    void constructPayload(Other &&other);

    static const QString s_noString;
    static const QVector<OrderedValue> s_noItems;
    static const Members s_noMembers;

    Type m_type = Type::Null;
    bool m_bool = false;
    // Only the one of m_type lives: a parsed document has hundreds of thousands of values, so
    // each holds one payload instead of all four (32 bytes instead of 88).
    union {
        double m_number;
        QString m_string;
        QVector<OrderedValue> m_items;
        Members m_members;
    };
};

struct ParseResult {
    std::optional<OrderedValue> value;
    QString error; // "unexpected character '}' at line 3, column 7"
    qsizetype offset = -1;
};

// Strict RFC 8259 parser with a nesting limit, keeping member order.
ParseResult parse(const QByteArray &utf8);
// Compact, exactly as JavaScript's JSON.stringify(value) writes it (number formatting included).
QByteArray stringify(const OrderedValue &value);
// Indented for people, members in document order.
QByteArray prettyPrint(const OrderedValue &value, int indent = 2);

} // namespace paybench::json
