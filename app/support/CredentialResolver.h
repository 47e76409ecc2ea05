#pragma once

#include "CallTarget.h"
#include "CredentialReference.h"
#include "SecretStore.h"
#include "Workspace.h"
#include "WorkspaceSecrets.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace paybench::support {

using SecretStoreReady = std::function<void(SecretStore *store, const QString &error)>;
// Hands over the secret store when a secret is first needed (opening it may wait for a keychain
// or ask for the vault passphrase): ready is called once, with the store or null and why not.
// The store must stay alive until the operation that asked for it has finished.
using SecretStoreSource = std::function<void(const SecretStoreReady &ready)>;

using CallTargetReady =
    std::function<void(const std::optional<contract::CallTarget> &target, const QString &error)>;

// The one path from a provider to the credentials a request carries, for the CLI and every
// panel of the window: secret values not loaded yet come from the store (asked for only then,
// so on first use, never before), ${env:NAME} references are resolved through the environment,
// and "environment" says sandbox or live. A value copy: cheap, the functions are shared.
class CredentialResolver final
{
public:
    // No secret store (a secret that is not loaded is an error) and the process environment.
    CredentialResolver();
    CredentialResolver(SecretStoreSource source, EnvironmentLookup environment);

    [[nodiscard]] const EnvironmentLookup &environment() const { return m_environment; }

    // The provider of workspace as a CallTarget with concrete credentials. done is called once,
    // from the event loop, unless context (not null) is destroyed first. The workspace is
    // copied: it may change while the store answers.
    void resolve(const Workspace &workspace, const QString &providerCode, QObject *context,
                 CallTargetReady done) const;
    // The same, waiting in a local event loop.
    std::optional<contract::CallTarget>
    resolveBlocking(const Workspace &workspace, const QString &providerCode, QString *error,
                    std::chrono::milliseconds timeout = kBlockingSecretsTimeout) const;
    // Without the store: nullopt and *error when a secret is not loaded yet.
    std::optional<contract::CallTarget>
    resolveLoaded(const Workspace &workspace, const QString &providerCode, QString *error) const;
    // A bare endpoint's credentials (given as values or ${env:NAME}); false and *error when a
    // reference cannot be resolved, and then nothing is changed.
    bool resolveReferences(contract::CallTarget &target, QString *error) const;

    // Loads every secret of *workspace (a support bundle scrubs them); done gets the errors,
    // once, from the event loop, unless context is destroyed first.
    void loadAllSecrets(const std::shared_ptr<Workspace> &workspace, QObject *context,
                        SecretErrorsCallback done) const;

private:
    void withStore(QObject *context, const SecretStoreReady &ready) const;

    SecretStoreSource m_source;
    EnvironmentLookup m_environment;
};

} // namespace paybench::support
