#pragma once

#include "CredentialReference.h"
#include "SecretStore.h"
#include "Workspace.h"

#include <QJsonObject>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace paybench {

// What the CLI and the GUI call to move secret credential values between a workspace and a
// SecretStore. Errors name the provider and the credential, never a value.

// "paybench/<workspace id>/<provider code>/<credential key>"
QString secretKey(const Workspace &workspace, const QString &providerCode,
                  const QString &credentialKey);

using SecretErrorsCallback = std::function<void(const QStringList &errors)>;

// How long the blocking twins wait for the whole batch: the vault's first use derives its key,
// and a keychain may show an unlock dialog.
inline constexpr std::chrono::milliseconds kBlockingSecretsTimeout{60'000};

// Reads every secret credential of provider whose value is not loaded yet, fills value and sets
// valueLoaded. A secret the store does not hold is an error naming it; the others still load.
// done is called once, from the event loop (also when there is nothing to load). provider must
// stay alive until then; no callback comes once store is destroyed.
void loadProviderSecrets(ProviderInstance &provider, const Workspace &workspace, SecretStore &store,
                         SecretErrorsCallback done);
// The same, waiting in a local event loop; the errors (empty on success).
QStringList
loadProviderSecretsBlocking(ProviderInstance &provider, const Workspace &workspace,
                            SecretStore &store,
                            std::chrono::milliseconds timeout = kBlockingSecretsTimeout);
// Every provider of the workspace (export with credentials); workspace must stay alive until
// done is called.
void loadWorkspaceSecrets(Workspace &workspace, SecretStore &store, SecretErrorsCallback done);
QStringList
loadWorkspaceSecretsBlocking(Workspace &workspace, SecretStore &store,
                             std::chrono::milliseconds timeout = kBlockingSecretsTimeout);

// Brings the store in line with current, given the workspace as it was last saved successfully
// (an empty Workspace for a new file):
// - writes every secret whose value is loaded, unless previouslySaved held the same loaded value;
// - deletes the entries of secret credentials that are gone (credential or provider removed,
//   provider code changed, no longer secret, value now a ${env:NAME} reference);
// - skips ${env:NAME} values: they are not secrets and live in the workspace file.
// A secret of current that is neither loaded nor stored under its key (a provider code changed
// before its secrets were loaded) is an error, and then nothing is deleted, so no value is lost.
void saveWorkspaceSecrets(const Workspace &previouslySaved, const Workspace &current,
                          SecretStore &store, SecretErrorsCallback done);
QStringList
saveWorkspaceSecretsBlocking(const Workspace &previouslySaved, const Workspace &current,
                             SecretStore &store,
                             std::chrono::milliseconds timeout = kBlockingSecretsTimeout);

// The credentials as Openfront sends them: every value, ${env:NAME} references resolved through
// lookup, plus "environment": "sandbox" or "live". nullopt and *error when a secret is not
// loaded, a variable is not set, or a credential named environment contradicts the provider's.
std::optional<QJsonObject> resolvedCredentials(const ProviderInstance &provider,
                                               const EnvironmentLookup &lookup, QString *error);
// The values alone (what resolvedCredentials starts from; also a bare endpoint's credentials):
// owner names the provider in errors.
std::optional<QJsonObject> resolvedCredentialValues(const QVector<Credential> &credentials,
                                                    const QString &owner,
                                                    const EnvironmentLookup &lookup,
                                                    QString *error);

} // namespace paybench
