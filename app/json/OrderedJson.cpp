#include "OrderedJson.h"

#include "JsonReader.h"
#include "JsonWriter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVarLengthArray>

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
    ParseResult result;
    JsonReader reader(utf8);
    if (reader.startDocument()) {
        OrderedValue value = reader.readValue();
        if (reader.endDocument())
            result.value = std::move(value);
    }
    if (reader.failed()) {
        result.error = reader.error();
        result.offset = reader.errorOffset();
    }
    return result;
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
