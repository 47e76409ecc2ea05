#include "ProviderInstance.h"

#include <algorithm>

namespace paybench {

QString environmentName(Environment environment)
{
    return environment == Environment::Live ? QStringLiteral("live") : QStringLiteral("sandbox");
}

std::optional<Environment> environmentFromName(const QString &name)
{
    if (name == QLatin1String("sandbox"))
        return Environment::Sandbox;
    if (name == QLatin1String("live"))
        return Environment::Live;
    return std::nullopt;
}

QStringList wellKnownCredentialKeys()
{
    return {QStringLiteral("apiKey"), QStringLiteral("publishableKey"),
            QStringLiteral("webhookSecret")};
}

bool isSecretByDefault(const QString &credentialKey)
{
    // Publishable keys are meant for browsers; every other key-like or secret-like name is not.
    const QString key = credentialKey.toLower();
    if (key.contains(QLatin1String("publishable")) || key.contains(QLatin1String("public")))
        return false;
    static const char *const markers[] = {"secret", "key", "token", "password", "pass", "private"};
    return std::any_of(std::begin(markers), std::end(markers),
                       [&](const char *marker) { return key.contains(QLatin1String(marker)); });
}

const Credential *ProviderInstance::credential(const QString &key) const
{
    const auto it = std::find_if(credentials.cbegin(), credentials.cend(),
                                 [&](const Credential &c) { return c.key == key; });
    return it == credentials.cend() ? nullptr : &*it;
}

Credential *ProviderInstance::credential(const QString &key)
{
    const auto it = std::find_if(credentials.begin(), credentials.end(),
                                 [&](const Credential &c) { return c.key == key; });
    return it == credentials.end() ? nullptr : &*it;
}

void ProviderInstance::setCredential(const Credential &value)
{
    if (Credential *existing = credential(value.key))
        *existing = value;
    else
        credentials.append(value);
}

bool ProviderInstance::removeCredential(const QString &key)
{
    return credentials.removeIf([&](const Credential &c) { return c.key == key; }) > 0;
}

bool ProviderInstance::hasUnloadedSecrets() const
{
    return std::any_of(credentials.cbegin(), credentials.cend(),
                       [](const Credential &c) { return !c.valueLoaded; });
}

QString maskedSecret(const QString &value)
{
    // A fixed-width mask: neither the value nor its length leaks.
    return value.isEmpty() ? QString() : QStringLiteral("••••••••");
}

} // namespace paybench
