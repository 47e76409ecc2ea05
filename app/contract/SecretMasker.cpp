#include "SecretMasker.h"

#include "ProviderInstance.h"

#include <algorithm>

namespace paybench::contract {

namespace {
constexpr qsizetype kMinimumMaskedLength = 4;
}

SecretMasker::SecretMasker(QStringList secretValues, QStringList markedPublicKeys)
    : m_markedPublicKeys(std::move(markedPublicKeys))
{
    secretValues.removeDuplicates();
    for (const QString &value : secretValues) {
        if (value.size() >= kMinimumMaskedLength)
            m_secrets.append(value);
    }
    std::sort(m_secrets.begin(), m_secrets.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

QString SecretMasker::placeholder()
{
    return maskedSecret(QStringLiteral("x"));
}

QString SecretMasker::mask(const QString &text) const
{
    QString result = text;
    for (const QString &secret : m_secrets)
        result.replace(secret, placeholder());
    return result;
}

QByteArray SecretMasker::mask(const QByteArray &bytes) const
{
    QByteArray result = bytes;
    const QByteArray replacement = placeholder().toUtf8();
    for (const QString &secret : m_secrets) {
        result.replace(secret.toUtf8(), replacement);
        // Also the form it takes inside a JSON string, when escaping changes it.
        const QByteArray quoted = json::stringify(json::OrderedValue::string(secret));
        const QByteArray escaped = quoted.mid(1, quoted.size() - 2);
        if (escaped != secret.toUtf8())
            result.replace(escaped, replacement);
    }
    return result;
}

json::OrderedValue SecretMasker::mask(const json::OrderedValue &value) const
{
    return maskValue(value, false);
}

json::OrderedValue SecretMasker::maskValue(const json::OrderedValue &value,
                                           bool insideCredentials) const
{
    using Type = json::OrderedValue::Type;
    switch (value.type()) {
    case Type::String:
        return json::OrderedValue::string(mask(value.toString()));
    case Type::Array: {
        QVector<json::OrderedValue> items;
        items.reserve(value.items().size());
        for (const json::OrderedValue &item : value.items())
            items.append(maskValue(item, insideCredentials));
        return json::OrderedValue::array(std::move(items));
    }
    case Type::Object: {
        QVector<QPair<QString, json::OrderedValue>> members;
        members.reserve(value.members().size());
        for (const auto &member : value.members()) {
            // Nested objects, arrays and numbers too: only a public key is shown.
            const bool empty =
                member.second.type() == Type::Null ||
                (member.second.type() == Type::String && member.second.toString().isEmpty());
            if (insideCredentials && isSecretByDefault(member.first) &&
                !m_markedPublicKeys.contains(member.first) && !empty) {
                members.append({member.first, json::OrderedValue::string(placeholder())});
                continue;
            }
            members.append({member.first, maskValue(member.second,
                                                    member.first == QLatin1String("credentials"))});
        }
        return json::OrderedValue::object(std::move(members));
    }
    case Type::Null:
    case Type::Bool:
    case Type::Number:
        break;
    }
    return value;
}

} // namespace paybench::contract
