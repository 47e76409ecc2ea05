#include "AnswerText.h"

namespace paybench::contract::answer {

using json::OrderedValue;
using Type = json::OrderedValue::Type;

QString typeName(const OrderedValue &value)
{
    switch (value.type()) {
    case Type::Null:
        return QStringLiteral("null");
    case Type::Bool:
        return QStringLiteral("boolean");
    case Type::Number:
        return QStringLiteral("number");
    case Type::String:
        return QStringLiteral("string");
    case Type::Array:
        return QStringLiteral("array");
    case Type::Object:
        return QStringLiteral("object");
    }
    return {};
}

QString shown(const OrderedValue &value, const SecretMasker &masker)
{
    QByteArray text = json::stringify(masker.mask(value));
    if (text.size() > 120)
        text = text.left(117) + "...";
    return QString::fromUtf8(text);
}

QString firstBytes(const QByteArray &body, const SecretMasker &masker)
{
    const QByteArray masked = masker.mask(body);
    QString text = QString::fromUtf8(masked.left(160));
    for (QChar &c : text) {
        if (c.unicode() < 0x20 && c != QLatin1Char('\n'))
            c = QChar(0xFFFD);
    }
    text.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    if (masked.size() > 160)
        text += QStringLiteral("...");
    return text;
}

QByteArray headerValue(const webhook::HeaderList &headers, const QByteArray &name)
{
    return webhook::headerValue(headers, name).value_or(QByteArray());
}

bool isLoopback(const QUrl &url)
{
    const QString host = url.host();
    if (host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost")))
        return true;
    return host.startsWith(QLatin1String("127.")) || host == QLatin1String("::1");
}

} // namespace paybench::contract::answer
