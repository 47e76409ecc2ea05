#include "CallTargetLoader.h"

#include "WorkspaceSecrets.h"

#include <QTimer>

#include <memory>

namespace paybench::support {

namespace {

void finish(const Workspace &workspace, const ProviderInstance &provider,
            const EnvironmentLookup &lookup, const CallTargetReady &done)
{
    QString error;
    const auto credentials = resolvedCredentials(provider, lookup, &error);
    std::optional<contract::CallTarget> target;
    if (credentials)
        target = contract::CallTarget::fromWorkspace(workspace, provider.code, &error);
    if (target)
        target->setCredentials(*credentials);
    done(target, target ? QString() : error);
}

} // namespace

void loadCallTarget(const Workspace &workspace, const QString &providerCode, SecretStore *store,
                    const EnvironmentLookup &lookup, CallTargetReady done)
{
    // Copies: the caller's workspace may change while the store answers.
    auto copy = std::make_shared<Workspace>(workspace);
    const int index = copy->providerIndex(providerCode);
    if (index < 0) {
        QTimer::singleShot(0, [done, providerCode] {
            done(std::nullopt, QStringLiteral("no provider with code %1").arg(providerCode));
        });
        return;
    }
    ProviderInstance &provider = copy->providers[index];
    const bool needsStore = provider.hasUnloadedSecrets();
    if (!needsStore) {
        QTimer::singleShot(0, [copy, index, lookup, done] {
            finish(*copy, copy->providers[index], lookup, done);
        });
        return;
    }
    if (!store) {
        QTimer::singleShot(0, [done] {
            done(std::nullopt, QStringLiteral("the secret store is not available to load the "
                                              "provider's secrets"));
        });
        return;
    }
    loadProviderSecrets(provider, *copy, *store,
                        [copy, index, lookup, done](const QStringList &errors) {
                            if (!errors.isEmpty()) {
                                done(std::nullopt, errors.join(QStringLiteral("; ")));
                                return;
                            }
                            finish(*copy, copy->providers[index], lookup, done);
                        });
}

} // namespace paybench::support
