#include "CallTarget.h"

#include "Platform.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace paybench::contract {

const QString &CallTarget::target(PaymentFunction function) const
{
    return targets.at(static_cast<size_t>(function));
}

QString CallTarget::credentialValue(const QString &key) const
{
    for (const Credential &credential : credentials) {
        if (credential.key == key)
            return credential.value;
    }
    return {};
}

QStringList CallTarget::secretValues() const
{
    QStringList values;
    for (const Credential &credential : credentials) {
        if (isMaskedCredential(credential) && !credential.value.isEmpty())
            values.append(credential.value);
    }
    return values;
}

bool CallTarget::resolveReferences(const EnvironmentLookup &lookup, QString *error)
{
    QVector<Credential> resolved = credentials;
    for (Credential &credential : resolved) {
        if (!isCredentialReference(credential.value))
            continue;
        QString reason;
        const std::optional<QString> value =
            resolveCredentialValue(credential.value, lookup, &reason);
        if (!value) {
            *error = QStringLiteral("credential %1: %2").arg(credential.key, reason);
            return false;
        }
        credential.value = *value;
        // A value that came from the environment is treated like a secret when its name says so.
        credential.secret = isMaskedCredential(credential);
    }
    credentials = resolved;
    return true;
}

std::optional<CallTarget> CallTarget::fromWorkspace(const Workspace &workspace,
                                                    const QString &providerCode, QString *error)
{
    const ProviderInstance *instance = workspace.provider(providerCode);
    if (!instance) {
        *error = QStringLiteral("no provider with code %1 in the workspace").arg(providerCode);
        return std::nullopt;
    }
    const Platform *platform = workspace.platform(instance->platform);
    if (!platform) {
        *error = QStringLiteral("provider %1 refers to platform \"%2\", which does not exist")
                     .arg(providerCode, instance->platform);
        return std::nullopt;
    }
    CallTarget target;
    target.name = instance->name;
    target.code = instance->code;
    target.platformName = platform->name;
    target.installed = instance->installed;
    target.environment = instance->environment;
    target.targets = platform->targets;
    target.caCertificateFile = platform->caCertificateFile;
    target.credentials = instance->credentials;
    target.metadata = instance->metadata.object();
    if (!instance->regions.isEmpty()) {
        target.regionCode = instance->regions.first();
        if (const Region *region = workspace.region(target.regionCode))
            target.regionCurrency = region->currency;
    }
    return target;
}

std::optional<CallTarget> CallTarget::fromBaseUrl(const QString &baseUrl,
                                                  const QJsonObject &credentials, QString *error)
{
    const QUrl url(baseUrl, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        *error =
            QStringLiteral("--base-url must be an absolute http(s) URL, got \"%1\"").arg(baseUrl);
        return std::nullopt;
    }
    Platform platform;
    platform.setBaseUrl(baseUrl);
    CallTarget target;
    target.name = url.host();
    target.code = QStringLiteral("pp_adhoc");
    target.targets = platform.targets;
    target.setCredentials(credentials);
    return target;
}

QStringList CallTarget::markedPublicKeys() const
{
    QStringList keys;
    for (const Credential &credential : credentials) {
        if (credential.markedPublic)
            keys.append(credential.key);
    }
    return keys;
}

SecretMasker CallTarget::masker() const
{
    return SecretMasker(secretValues(), markedPublicKeys());
}

void CallTarget::setCredentials(const QJsonObject &values)
{
    QVector<Credential> updated;
    for (auto it = values.begin(); it != values.end(); ++it) {
        Credential credential;
        credential.key = it.key();
        // Non-string values are kept as their JSON text.
        credential.value =
            it.value().isString()
                ? it.value().toString()
                : QString::fromUtf8(
                      QJsonDocument(QJsonArray{it.value()}).toJson(QJsonDocument::Compact))
                      .mid(1)
                      .chopped(1);
        credential.secret = isSecretByDefault(credential.key);
        for (const Credential &existing : std::as_const(credentials)) {
            if (existing.key == credential.key) {
                credential.markedPublic = existing.markedPublic;
                credential.secret = isMaskedCredential(existing);
            }
        }
        updated.append(credential);
        if (credential.key == QLatin1String("environment")) {
            if (const auto parsed = environmentFromName(credential.value))
                environment = *parsed;
        }
    }
    credentials = updated;
}

} // namespace paybench::contract
