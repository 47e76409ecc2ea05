#pragma once

#include "CredentialReference.h"
#include "KeychainSecretStore.h"
#include "SecretStore.h"

#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace paybench {

enum class SecretBackend { Auto, Keychain, Vault };

QString secretBackendName(SecretBackend backend); // "auto", "keychain", "vault"
std::optional<SecretBackend> secretBackendFromName(const QString &name);

inline constexpr const char *kSecretBackendVariable = "PAYBENCH_SECRET_BACKEND";
inline constexpr const char *kVaultPassphraseVariable = "PAYBENCH_VAULT_PASSPHRASE";

// Asks the person for the vault passphrase (a dialog in the GUI, the terminal in the CLI);
// nullopt when they cancel.
using PassphrasePrompt = std::function<std::optional<QString>()>;

struct SecretStoreOptions {
    // Unset: PAYBENCH_SECRET_BACKEND, else auto.
    std::optional<SecretBackend> backend;
    // Used for the vault when PAYBENCH_VAULT_PASSPHRASE is not set.
    PassphrasePrompt passphrasePrompt;
    // Where PAYBENCH_SECRET_BACKEND and PAYBENCH_VAULT_PASSPHRASE are read; empty: the process
    // environment. The CLI passes its context's lookup so tests drive it in-process.
    EnvironmentLookup environment;
    // auto: how long the keychain gets to answer the probe before the vault is used instead.
    std::chrono::milliseconds probeTimeout{3000};
    std::chrono::milliseconds keychainTimeout = KeychainSecretStore::kDefaultTimeout;
    QString keychainService = QString::fromLatin1(kKeychainService);
};

// The secret store for the workspace at workspacePath: the keychain, or the vault at
// workspacePath + ".vault". With auto, the keychain is probed (waiting in a local event loop up
// to probeTimeout) and the vault is used when it does not answer. nullptr and *error when no
// store can be made (unknown backend name, no passphrase, unsaved workspace and no keychain).
std::unique_ptr<SecretStore> createSecretStore(const QString &workspacePath,
                                               const SecretStoreOptions &options, QString *error);

using SecretStoreReady =
    std::function<void(std::unique_ptr<SecretStore> store, const QString &error)>;
// The same without blocking: the probe runs in the event loop; done is called once, from the
// event loop, unless context (not null) is destroyed first. The passphrase prompt is called from
// there.
void createSecretStoreAsync(const QString &workspacePath, const SecretStoreOptions &options,
                            QObject *context, SecretStoreReady done);

} // namespace paybench
