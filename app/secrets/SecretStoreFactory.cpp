#include "SecretStoreFactory.h"

#include "VaultFile.h"
#include "VaultSecretStore.h"

#include <QMetaObject>

namespace paybench {
namespace {

std::optional<QString> lookup(const SecretStoreOptions &options, const char *name)
{
    const EnvironmentLookup environment =
        options.environment ? options.environment : processEnvironment();
    return environment(QString::fromLatin1(name));
}

std::optional<SecretBackend> chosenBackend(const SecretStoreOptions &options, QString *error)
{
    if (options.backend)
        return options.backend;
    const std::optional<QString> name = lookup(options, kSecretBackendVariable);
    if (!name || name->isEmpty())
        return SecretBackend::Auto;
    const std::optional<SecretBackend> backend = secretBackendFromName(name->trimmed());
    if (!backend)
        *error = QStringLiteral("%1 must be auto, keychain or vault, not \"%2\"")
                     .arg(QString::fromLatin1(kSecretBackendVariable), *name);
    return backend;
}

std::unique_ptr<SecretStore> makeKeychain(const SecretStoreOptions &options)
{
    auto store = std::make_unique<KeychainSecretStore>(options.keychainService);
    store->setTimeout(options.keychainTimeout);
    return store;
}

// keychainNote: why the keychain is not used, when auto fell back to the vault.
std::unique_ptr<SecretStore> makeVault(const QString &workspacePath,
                                       const SecretStoreOptions &options,
                                       const QString &keychainNote, QString *error)
{
    const QString because =
        keychainNote.isEmpty() ? QString() : QStringLiteral(" (keychain: %1)").arg(keychainNote);
    if (workspacePath.isEmpty()) {
        *error = QStringLiteral("the vault lives next to the workspace file: save the workspace "
                                "first%1")
                     .arg(because);
        return nullptr;
    }
    const QString vaultPath = VaultFile::pathForWorkspace(workspacePath);
    std::optional<QString> passphrase = lookup(options, kVaultPassphraseVariable);
    if (!passphrase || passphrase->isEmpty()) {
        if (!options.passphrasePrompt) {
            *error = QStringLiteral("the vault %1 needs a passphrase: set %2%3")
                         .arg(vaultPath, QString::fromLatin1(kVaultPassphraseVariable), because);
            return nullptr;
        }
        passphrase = options.passphrasePrompt();
        if (!passphrase) {
            *error = QStringLiteral("no passphrase given for the vault %1 (without a terminal "
                                    "or dialog to ask, set %2)")
                         .arg(vaultPath, QString::fromLatin1(kVaultPassphraseVariable));
            return nullptr;
        }
    }
    if (passphrase->isEmpty()) {
        *error = QStringLiteral("the vault passphrase is empty");
        return nullptr;
    }
    return std::make_unique<VaultSecretStore>(vaultPath, *passphrase);
}

// For a backend chosen by name: no probe.
std::unique_ptr<SecretStore> makeChosen(SecretBackend backend, const QString &workspacePath,
                                        const SecretStoreOptions &options, QString *error)
{
    if (backend == SecretBackend::Keychain)
        return makeKeychain(options);
    return makeVault(workspacePath, options, {}, error);
}

// For auto, once the probe has answered.
std::unique_ptr<SecretStore> makeProbed(const QString &workspacePath,
                                        const SecretStoreOptions &options,
                                        const KeychainProbeResult &probe, QString *error)
{
    if (probe.available)
        return makeKeychain(options);
    return makeVault(workspacePath, options, probe.reason, error);
}

} // namespace

QString secretBackendName(SecretBackend backend)
{
    switch (backend) {
    case SecretBackend::Auto:
        return QStringLiteral("auto");
    case SecretBackend::Keychain:
        return QStringLiteral("keychain");
    case SecretBackend::Vault:
        return QStringLiteral("vault");
    }
    return {};
}

std::optional<SecretBackend> secretBackendFromName(const QString &name)
{
    for (SecretBackend backend :
         {SecretBackend::Auto, SecretBackend::Keychain, SecretBackend::Vault})
        if (name.compare(secretBackendName(backend), Qt::CaseInsensitive) == 0)
            return backend;
    return std::nullopt;
}

std::unique_ptr<SecretStore> createSecretStore(const QString &workspacePath,
                                               const SecretStoreOptions &options, QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    const std::optional<SecretBackend> backend = chosenBackend(options, &message);
    if (!backend)
        return nullptr;
    if (*backend != SecretBackend::Auto)
        return makeChosen(*backend, workspacePath, options, &message);
    return makeProbed(workspacePath, options,
                      probeKeychainBlocking(options.keychainService, options.probeTimeout),
                      &message);
}

void createSecretStoreAsync(const QString &workspacePath, const SecretStoreOptions &options,
                            QObject *context, SecretStoreReady done)
{
    QString error;
    const std::optional<SecretBackend> backend = chosenBackend(options, &error);
    if (backend == SecretBackend::Auto) {
        probeKeychain(options.keychainService, options.probeTimeout, context,
                      [workspacePath, options, done](const KeychainProbeResult &probe) {
                          QString failure;
                          std::unique_ptr<SecretStore> store =
                              makeProbed(workspacePath, options, probe, &failure);
                          done(std::move(store), failure);
                      });
        return;
    }
    // Known already, but the answer still comes from the event loop like every other.
    QMetaObject::invokeMethod(
        context,
        [workspacePath, options, done, backend, error] {
            QString failure = error;
            std::unique_ptr<SecretStore> store;
            if (backend)
                store = makeChosen(*backend, workspacePath, options, &failure);
            done(std::move(store), failure);
        },
        Qt::QueuedConnection);
}

} // namespace paybench
