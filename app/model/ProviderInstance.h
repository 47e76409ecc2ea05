#pragma once

#include "ProviderMetadata.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace paybench {

enum class Environment { Sandbox, Live };

QString environmentName(Environment environment);
std::optional<Environment> environmentFromName(const QString &name);

struct Credential {
    QString key;
    // For a secret: empty until it is read from the secret store or typed in (see valueLoaded).
    QString value;
    bool secret = false;
    // False for a secret whose value still sits in the secret store: start-up never reads the
    // keychain, the value is fetched when a call needs it.
    bool valueLoaded = true;
    // The user said this value may be shown (a demo key, a merchant id under an odd name): kept
    // in the workspace file and never masked. Never true for a secret.
    bool markedPublic = false;

    friend bool operator==(const Credential &a, const Credential &b)
    {
        return a.key == b.key && a.value == b.value && a.secret == b.secret &&
               a.valueLoaded == b.valueLoaded && a.markedPublic == b.markedPublic;
    }
    friend bool operator!=(const Credential &a, const Credential &b) { return !(a == b); }
};

// The usual credential keys offered by the editor and the CLI.
QStringList wellKnownCredentialKeys();
// Every credential is secret unless its key is known to be public (publishableKey, environment,
// ...: README.md lists them): the one rule for masking and for the default storage.
bool isSecretByDefault(const QString &credentialKey);
// The same rule for a credential of the workspace: masked when it sits in the secret store, or
// when its key is not known public and the user did not mark it public.
bool isMaskedCredential(const Credential &credential);

// What the Openfront docs call a payment provider: credentials, environment and regions for one
// platform.
struct ProviderInstance {
    QString name;
    QString code; // ^pp_[a-zA-Z0-9-_]+$, unique in the workspace
    QString platform;
    bool installed = true;
    Environment environment = Environment::Sandbox;
    QVector<Credential> credentials;
    QStringList regions; // region codes of the workspace
    ProviderMetadata metadata;

    [[nodiscard]] const Credential *credential(const QString &key) const;
    Credential *credential(const QString &key);
    // Adds or replaces the credential with this key, keeping its position when it exists.
    void setCredential(const Credential &value);
    bool removeCredential(const QString &key);
    // True while a secret value still sits in the secret store (read it before calling out).
    [[nodiscard]] bool hasUnloadedSecrets() const;

    friend bool operator==(const ProviderInstance &a, const ProviderInstance &b)
    {
        return a.name == b.name && a.code == b.code && a.platform == b.platform &&
               a.installed == b.installed && a.environment == b.environment &&
               a.credentials == b.credentials && a.regions == b.regions && a.metadata == b.metadata;
    }
    friend bool operator!=(const ProviderInstance &a, const ProviderInstance &b)
    {
        return !(a == b);
    }
};

// Masks a secret for display: never shows more than its length class.
QString maskedSecret(const QString &value);

} // namespace paybench

// Qt values and a shared_ptr inside: moved by memcpy when a QList grows (10,000 providers load
// faster).
Q_DECLARE_TYPEINFO(paybench::Credential, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(paybench::ProviderInstance, Q_RELOCATABLE_TYPE);
