#include "CredentialReference.h"

#include <QRegularExpression>

namespace paybench {
namespace {

const QRegularExpression &referencePattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$)"));
    return pattern;
}

} // namespace

bool isCredentialReference(const QString &value)
{
    return referencePattern().match(value).hasMatch();
}

EnvironmentLookup processEnvironment()
{
    return [](const QString &name) -> std::optional<QString> {
        const QByteArray key = name.toLocal8Bit();
        if (!qEnvironmentVariableIsSet(key.constData()))
            return std::nullopt;
        return qEnvironmentVariable(key.constData());
    };
}

std::optional<QString> resolveCredentialValue(const QString &value, const EnvironmentLookup &lookup,
                                              QString *error)
{
    const QRegularExpressionMatch match = referencePattern().match(value);
    if (!match.hasMatch())
        return value;
    const QString name = match.captured(1);
    std::optional<QString> resolved = lookup ? lookup(name) : std::nullopt;
    if (!resolved && error)
        *error = QStringLiteral("environment variable %1 is not set").arg(name);
    return resolved;
}

} // namespace paybench
