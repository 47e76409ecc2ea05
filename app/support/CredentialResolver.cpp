#include "CredentialResolver.h"

#include "BlockingWait.h"

#include <QPointer>

#include <algorithm>

namespace paybench::support {

namespace {

// Calls done from the event loop unless context is gone by then.
void deliver(QObject *context, const std::function<void()> &done)
{
    QMetaObject::invokeMethod(context, done, Qt::QueuedConnection);
}

} // namespace

CredentialResolver::CredentialResolver() : m_environment(processEnvironment())
{}

CredentialResolver::CredentialResolver(SecretStoreSource source, EnvironmentLookup environment)
    : m_source(std::move(source)),
      m_environment(environment ? std::move(environment) : processEnvironment())
{}

void CredentialResolver::withStore(QObject *context, const SecretStoreReady &ready) const
{
    if (!m_source) {
        deliver(context, [ready] {
            ready(nullptr, QStringLiteral("no secret store is available to load the secrets"));
        });
        return;
    }
    // The source may answer at once or later; either way the answer reaches ready from the
    // event loop, and only while context lives.
    QPointer<QObject> guard(context);
    m_source([guard, ready](SecretStore *store, const QString &error) {
        if (!guard)
            return;
        QPointer<SecretStore> storeGuard(store);
        deliver(guard, [storeGuard, hadStore = store != nullptr, ready, error] {
            if (hadStore && !storeGuard)
                ready(nullptr, QStringLiteral("the secret store was closed"));
            else
                ready(storeGuard, error);
        });
    });
}

std::optional<contract::CallTarget> CredentialResolver::resolveLoaded(const Workspace &workspace,
                                                                      const QString &providerCode,
                                                                      QString *error) const
{
    const ProviderInstance *provider = workspace.provider(providerCode);
    if (!provider) {
        *error = QStringLiteral("no provider with code %1 in the workspace").arg(providerCode);
        return std::nullopt;
    }
    const std::optional<QJsonObject> credentials =
        resolvedCredentials(*provider, m_environment, error);
    if (!credentials)
        return std::nullopt;
    std::optional<contract::CallTarget> target =
        contract::CallTarget::fromWorkspace(workspace, providerCode, error);
    if (target)
        target->setCredentials(*credentials);
    return target;
}

void CredentialResolver::resolve(const Workspace &workspace, const QString &providerCode,
                                 QObject *context, CallTargetReady done) const
{
    auto copy = std::make_shared<Workspace>(workspace);
    const ProviderInstance *provider = copy->provider(providerCode);
    if (!provider || !provider->hasUnloadedSecrets()) {
        const CredentialResolver self = *this;
        deliver(context, [self, copy, providerCode, done] {
            QString error;
            const auto target = self.resolveLoaded(*copy, providerCode, &error);
            done(target, target ? QString() : error);
        });
        return;
    }
    const CredentialResolver self = *this;
    QPointer<QObject> guard(context);
    withStore(context, [self, copy, providerCode, done, guard](SecretStore *store,
                                                               const QString &storeError) {
        if (!store) {
            done(std::nullopt, storeError.isEmpty()
                                   ? QStringLiteral("the secret store could not be opened")
                                   : storeError);
            return;
        }
        ProviderInstance &loading = copy->providers[copy->providerIndex(providerCode)];
        loadProviderSecrets(loading, *copy, *store,
                            [self, copy, providerCode, done, guard](const QStringList &errors) {
                                if (!guard)
                                    return;
                                if (!errors.isEmpty()) {
                                    done(std::nullopt, errors.join(QStringLiteral("; ")));
                                    return;
                                }
                                QString error;
                                const auto target = self.resolveLoaded(*copy, providerCode, &error);
                                done(target, target ? QString() : error);
                            });
    });
}

std::optional<contract::CallTarget>
CredentialResolver::resolveBlocking(const Workspace &workspace, const QString &providerCode,
                                    QString *error, std::chrono::milliseconds timeout) const
{
    using Answer = std::pair<std::optional<contract::CallTarget>, QString>;
    QObject context;
    const std::optional<Answer> answer =
        waitForResult<Answer>(timeout, [&](const std::function<void(Answer)> &report) {
            resolve(
                workspace, providerCode, &context,
                [report](const std::optional<contract::CallTarget> &target, const QString &why) {
                    report({target, why});
                });
        });
    if (!answer) {
        *error = QStringLiteral("the secret store did not answer within %1 s")
                     .arg(std::chrono::duration_cast<std::chrono::seconds>(timeout).count());
        return std::nullopt;
    }
    *error = answer->second;
    return answer->first;
}

bool CredentialResolver::resolveReferences(contract::CallTarget &target, QString *error) const
{
    const std::optional<QJsonObject> values =
        resolvedCredentialValues(target.credentials, target.code, m_environment, error);
    if (!values)
        return false;
    target.setCredentials(*values);
    return true;
}

void CredentialResolver::loadAllSecrets(const std::shared_ptr<Workspace> &workspace,
                                        QObject *context, SecretErrorsCallback done) const
{
    const bool needed =
        std::any_of(workspace->providers.cbegin(), workspace->providers.cend(),
                    [](const ProviderInstance &provider) { return provider.hasUnloadedSecrets(); });
    if (!needed) {
        deliver(context, [done] { done({}); });
        return;
    }
    QPointer<QObject> guard(context);
    withStore(context, [workspace, done, guard](SecretStore *store, const QString &storeError) {
        if (!store) {
            done({storeError});
            return;
        }
        loadWorkspaceSecrets(*workspace, *store, [done, guard](const QStringList &errors) {
            if (guard)
                done(errors);
        });
    });
}

} // namespace paybench::support
