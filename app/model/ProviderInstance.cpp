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
    // The one rule of the project: a credential is secret unless its key is known to be public
    // (meant for browsers, or a setting rather than a credential). A name that merely does not
    // look secret ("auth", "login") is no proof, so it is masked too. The list is in README.md.
    const QString key = credentialKey.toLower();
    if (key.contains(QLatin1String("publishable")) || key.contains(QLatin1String("public")))
        return false;
    static const char *const publicKeys[] = {"environment", "mode",      "clientid", "merchantid",
                                             "accountid",   "region",    "currency", "country",
                                             "locale",      "apiversion"};
    return std::none_of(std::begin(publicKeys), std::end(publicKeys),
                        [&](const char *name) { return key == QLatin1String(name); });
}

bool isMaskedCredential(const Credential &credential)
{
    return credential.secret || (!credential.markedPublic && isSecretByDefault(credential.key));
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
