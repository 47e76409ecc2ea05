#pragma once

#include "CredentialReference.h"
#include "PaymentFunction.h"
#include "ProviderInstance.h"
#include "SecretMasker.h"
#include "Workspace.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>
#include <QVector>

#include <array>
#include <optional>

namespace paybench::contract {

// Everything a call needs to know about the provider it talks to, independent of where it came
// from (a workspace with a secret store, or a base URL and a credentials file). Credential values
// are concrete here: whoever builds a CallTarget has loaded the secrets already.
struct CallTarget {
    QString name;         // instance name, sent as provider.name in the documented profile
    QString code;         // pp_... code
    QString platformName; // empty for a bare base URL
    bool installed = true;
    Environment environment = Environment::Sandbox;
    std::array<QString, 6> targets; // per PaymentFunction: URL or built-in adapter name
    QString caCertificateFile;      // the platform's extra trusted CAs (PEM), if any
    QVector<Credential> credentials;
    QString regionCode;     // first region of the instance, if any
    QString regionCurrency; // that region's currency, if any
    QJsonObject metadata;

    [[nodiscard]] const QString &target(PaymentFunction function) const;
    [[nodiscard]] QString credentialValue(const QString &key) const;
    // The credential values that must never be shown (isMaskedCredential).
    [[nodiscard]] QStringList secretValues() const;
    // The keys the user marked public: shown in clear even where their name looks secret.
    [[nodiscard]] QStringList markedPublicKeys() const;
    // What masks this target's secrets in everything shown or stored.
    [[nodiscard]] SecretMasker masker() const;
    // Replaces the credentials by these values (as resolvedCredentials() of app/secrets gives
    // them); a key keeps its secret and public flags, a new key is secret when its name says so.
    void setCredentials(const QJsonObject &values);
    // Replaces values given as ${env:NAME} by the variable's value. False and a plain error when a
    // variable is not set; nothing is changed then.
    bool resolveReferences(const EnvironmentLookup &lookup, QString *error);

    // From a workspace: the instance, its platform's targets and its first region. The secret
    // credential values must be loaded (Credential::valueLoaded) for the calls to carry them.
    static std::optional<CallTarget> fromWorkspace(const Workspace &workspace,
                                                   const QString &providerCode, QString *error);
    // A bare endpoint: the six conventional paths below baseUrl, credentials from a JSON object
    // (string values; others are written as their JSON text).
    static std::optional<CallTarget> fromBaseUrl(const QString &baseUrl,
                                                 const QJsonObject &credentials, QString *error);
};

} // namespace paybench::contract
