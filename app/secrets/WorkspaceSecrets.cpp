#include "WorkspaceSecrets.h"

#include "BlockingWait.h"

#include <QMap>
#include <QMetaObject>

#include <memory>

namespace paybench {
namespace {

// One store operation of a batch; finish turns its result into an error message, or none.
struct Step {
    std::function<void(SecretCallback)> start;
    std::function<QString(const SecretResult &)> finish;
};

// Starts every step at once (the store orders them) and reports all errors when the last ends.
void runSteps(SecretStore &store, const QVector<Step> &steps, const QStringList &errors,
              const SecretErrorsCallback &done)
{
    if (steps.isEmpty()) {
        QMetaObject::invokeMethod(
            &store, [done, errors] { done(errors); }, Qt::QueuedConnection);
        return;
    }
    struct Batch {
        qsizetype remaining = 0;
        QStringList errors;
        SecretErrorsCallback done;
    };
    auto batch = std::make_shared<Batch>(Batch{steps.size(), errors, done});
    for (const Step &step : steps) {
        step.start([batch, finish = step.finish](const SecretResult &result) {
            const QString error = finish(result);
            if (!error.isEmpty())
                batch->errors.append(error);
            if (--batch->remaining == 0)
                batch->done(batch->errors);
        });
    }
}

QString keyFor(const QString &workspaceId, const QString &providerCode,
               const QString &credentialKey)
{
    return QStringLiteral("paybench/%1/%2/%3").arg(workspaceId, providerCode, credentialKey);
}

QString credentialLabel(const QString &credentialKey, const QString &providerCode)
{
    return QStringLiteral("credential %1 of provider %2").arg(credentialKey, providerCode);
}

using ProviderLocator = std::function<ProviderInstance *()>;

// Read steps for the secrets of provider that are not loaded; locate finds the provider again
// when the answers come.
void appendLoadSteps(QVector<Step> &steps, const QString &workspaceId,
                     const ProviderInstance &provider, const ProviderLocator &locate,
                     SecretStore &store)
{
    for (const Credential &credential : provider.credentials) {
        if (!credential.secret || credential.valueLoaded)
            continue;
        const QString key = keyFor(workspaceId, provider.code, credential.key);
        const QString label = credentialLabel(credential.key, provider.code);
        const QString backend = store.backendName();
        Step step;
        step.start = [&store, key](SecretCallback done) { store.readSecret(key, std::move(done)); };
        step.finish = [locate, credentialKey = credential.key, label,
                       backend](const SecretResult &result) -> QString {
            if (result.notFound)
                return QStringLiteral("%1 has no value in the %2").arg(label, backend);
            if (!result.ok)
                return QStringLiteral("%1: %2").arg(label, result.error);
            ProviderInstance *target = locate();
            Credential *loaded = target ? target->credential(credentialKey) : nullptr;
            if (loaded) {
                loaded->value = result.value;
                loaded->valueLoaded = true;
            }
            return {};
        };
        steps.append(step);
    }
}

QString notAnsweredMessage(const SecretStore &store, std::chrono::milliseconds timeout)
{
    return QStringLiteral("the %1 did not answer within %2 s")
        .arg(store.backendName())
        .arg(static_cast<double>(timeout.count()) / 1000.0, 0, 'g', 3);
}

// Runs start on a copy of target and copies it back when it reports in time, so nothing writes
// into target once the caller has stopped waiting.
template <typename Target>
QStringList blockingOnCopy(Target &target, SecretStore &store, std::chrono::milliseconds timeout,
                           const std::function<void(Target &, SecretErrorsCallback)> &start)
{
    auto copy = std::make_shared<Target>(target);
    const std::optional<QStringList> errors =
        waitForResult<QStringList>(timeout, [&](std::function<void(QStringList)> report) {
            start(*copy, [copy, report](const QStringList &found) { report(found); });
        });
    if (!errors)
        return {notAnsweredMessage(store, timeout)};
    target = *copy;
    return *errors;
}

// A secret credential whose value belongs in the store, under its store key.
struct StoredSecret {
    QString credentialKey;
    QString providerCode;
    QString value;
    bool loaded = false;
};

QMap<QString, StoredSecret> storedSecrets(const Workspace &workspace)
{
    QMap<QString, StoredSecret> secrets;
    for (const ProviderInstance &provider : workspace.providers) {
        for (const Credential &credential : provider.credentials) {
            if (!credential.secret)
                continue;
            // A reference lives in the workspace file.
            if (credential.valueLoaded && isCredentialReference(credential.value))
                continue;
            secrets.insert(
                secretKey(workspace, provider.code, credential.key),
                {credential.key, provider.code, credential.value, credential.valueLoaded});
        }
    }
    return secrets;
}

} // namespace

QString secretKey(const Workspace &workspace, const QString &providerCode,
                  const QString &credentialKey)
{
    return keyFor(workspace.id, providerCode, credentialKey);
}

void loadProviderSecrets(ProviderInstance &provider, const Workspace &workspace, SecretStore &store,
                         SecretErrorsCallback done)
{
    QVector<Step> steps;
    appendLoadSteps(
        steps, workspace.id, provider, [&provider] { return &provider; }, store);
    runSteps(store, steps, {}, done);
}

QStringList loadProviderSecretsBlocking(ProviderInstance &provider, const Workspace &workspace,
                                        SecretStore &store, std::chrono::milliseconds timeout)
{
    return blockingOnCopy<ProviderInstance>(
        provider, store, timeout, [&](ProviderInstance &copy, SecretErrorsCallback done) {
            loadProviderSecrets(copy, workspace, store, std::move(done));
        });
}

void loadWorkspaceSecrets(Workspace &workspace, SecretStore &store, SecretErrorsCallback done)
{
    QVector<Step> steps;
    for (const ProviderInstance &provider : workspace.providers) {
        const ProviderLocator locate = [&workspace, code = provider.code]() -> ProviderInstance * {
            const int index = workspace.providerIndex(code);
            return index < 0 ? nullptr : &workspace.providers[index];
        };
        appendLoadSteps(steps, workspace.id, provider, locate, store);
    }
    runSteps(store, steps, {}, done);
}

QStringList loadWorkspaceSecretsBlocking(Workspace &workspace, SecretStore &store,
                                         std::chrono::milliseconds timeout)
{
    return blockingOnCopy<Workspace>(workspace, store, timeout,
                                     [&](Workspace &copy, SecretErrorsCallback done) {
                                         loadWorkspaceSecrets(copy, store, std::move(done));
                                     });
}

void saveWorkspaceSecrets(const Workspace &previouslySaved, const Workspace &current,
                          SecretStore &store, SecretErrorsCallback done)
{
    const QMap<QString, StoredSecret> before = storedSecrets(previouslySaved);
    const QMap<QString, StoredSecret> after = storedSecrets(current);
    QStringList errors;
    QVector<Step> steps;
    if (current.id.isEmpty() && !after.isEmpty()) {
        // Keys without the id would mix the secrets of different workspaces.
        runSteps(store, steps,
                 {QStringLiteral("the workspace has no id, so its secrets cannot be stored")},
                 done);
        return;
    }

    for (auto it = after.constBegin(); it != after.constEnd(); ++it) {
        const StoredSecret &secret = it.value();
        const QString label = credentialLabel(secret.credentialKey, secret.providerCode);
        if (!secret.loaded) {
            if (!before.contains(it.key()))
                errors.append(QStringLiteral("%1 has no value to save: it was not loaded from the "
                                             "%2 and nothing is stored under this provider code")
                                  .arg(label, store.backendName()));
            continue;
        }
        const auto previous = before.constFind(it.key());
        if (previous != before.constEnd() && previous->loaded && previous->value == secret.value)
            continue;
        Step step;
        step.start = [&store, key = it.key(), value = secret.value](SecretCallback stepDone) {
            store.writeSecret(key, value, std::move(stepDone));
        };
        step.finish = [label](const SecretResult &result) {
            return result.ok ? QString() : QStringLiteral("saving %1: %2").arg(label, result.error);
        };
        steps.append(step);
    }

    // Deleting while a value may exist only under an old key would lose it: keep the orphans.
    if (errors.isEmpty()) {
        for (auto it = before.constBegin(); it != before.constEnd(); ++it) {
            if (after.contains(it.key()))
                continue;
            const QString label = credentialLabel(it->credentialKey, it->providerCode);
            Step step;
            step.start = [&store, key = it.key()](SecretCallback stepDone) {
                store.deleteSecret(key, std::move(stepDone));
            };
            step.finish = [label](const SecretResult &result) {
                return result.ok ? QString()
                                 : QStringLiteral("removing the stored value of %1: %2")
                                       .arg(label, result.error);
            };
            steps.append(step);
        }
    }
    runSteps(store, steps, errors, done);
}

QStringList saveWorkspaceSecretsBlocking(const Workspace &previouslySaved, const Workspace &current,
                                         SecretStore &store, std::chrono::milliseconds timeout)
{
    const std::optional<QStringList> errors =
        waitForResult<QStringList>(timeout, [&](std::function<void(QStringList)> report) {
            saveWorkspaceSecrets(previouslySaved, current, store,
                                 [report](const QStringList &found) { report(found); });
        });
    return errors ? *errors : QStringList{notAnsweredMessage(store, timeout)};
}

std::optional<QJsonObject> resolvedCredentialValues(const QVector<Credential> &credentials,
                                                    const QString &owner,
                                                    const EnvironmentLookup &lookup, QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    QJsonObject values;
    for (const Credential &credential : credentials) {
        const QString label = credentialLabel(credential.key, owner);
        if (credential.secret && !credential.valueLoaded) {
            message = QStringLiteral("%1 is not loaded from the secret store").arg(label);
            return std::nullopt;
        }
        QString why;
        const std::optional<QString> value = resolveCredentialValue(credential.value, lookup, &why);
        if (!value) {
            message = QStringLiteral("%1: %2").arg(label, why);
            return std::nullopt;
        }
        values.insert(credential.key, *value);
    }
    return values;
}

std::optional<QJsonObject> resolvedCredentials(const ProviderInstance &provider,
                                               const EnvironmentLookup &lookup, QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    std::optional<QJsonObject> credentials =
        resolvedCredentialValues(provider.credentials, provider.code, lookup, &message);
    if (!credentials)
        return std::nullopt;
    const QString environment = environmentName(provider.environment);
    const QString environmentKey = QStringLiteral("environment");
    if (credentials->contains(environmentKey) &&
        credentials->value(environmentKey).toString() != environment) {
        message = QStringLiteral("%1 says \"%2\" but the provider's environment is %3")
                      .arg(credentialLabel(environmentKey, provider.code),
                           credentials->value(environmentKey).toString(), environment);
        return std::nullopt;
    }
    credentials->insert(environmentKey, environment);
    return credentials;
}

} // namespace paybench
