#include "OpenfrontSession.h"

#include "OpenfrontDocuments.h"
#include "OpenfrontRecords.h"
#include "WorkspaceSecrets.h"

namespace paybench::openfront {

QString ConnectionCheck::message() const
{
    if (!result.ok())
        return result.error;
    return QStringLiteral("Connected: the store has %1 payment provider%2")
        .arg(providerCount)
        .arg(providerCount == 1 ? QString() : QStringLiteral("s"));
}

ConnectionCheck checkConnection(const GraphqlEndpoint &endpoint)
{
    ConnectionCheck check;
    check.result = sendBlocking(endpoint, connectionTestQuery());
    if (check.result.ok())
        check.providerCount =
            check.result.data.value(QStringLiteral("paymentProvidersCount")).toInt();
    return check;
}

std::optional<QVector<StoreProvider>> fetchStoreProviders(const GraphqlEndpoint &endpoint,
                                                          const QStringList &codes, QString *error)
{
    const GraphqlResult result = sendBlocking(endpoint, providersQuery(codes));
    if (!result.ok()) {
        *error = result.error;
        return std::nullopt;
    }
    return parseStoreProviders(result.data, error);
}

std::optional<QVector<QJsonObject>> workspaceRecords(Workspace &workspace, SecretStore &secrets,
                                                     const QStringList &codes, bool withCredentials,
                                                     const EnvironmentLookup &environment,
                                                     QString *error)
{
    for (const QString &code : codes) {
        if (!workspace.provider(code)) {
            *error = QStringLiteral("the workspace has no provider %1").arg(code);
            return std::nullopt;
        }
    }
    QVector<QJsonObject> records;
    for (ProviderInstance &provider : workspace.providers) {
        if (!codes.isEmpty() && !codes.contains(provider.code))
            continue;
        std::optional<QJsonObject> credentials;
        if (withCredentials) {
            const QStringList errors = loadProviderSecretsBlocking(provider, workspace, secrets);
            QString why = errors.join(QStringLiteral("; "));
            if (why.isEmpty())
                credentials = resolvedCredentials(provider, environment, &why);
            if (!credentials) {
                *error = why;
                return std::nullopt;
            }
        }
        records.append(openfrontCreateInput(workspace, provider, credentials));
    }
    return records;
}

std::optional<PushPlan> fetchPushPlan(const GraphqlEndpoint &endpoint,
                                      const QVector<QJsonObject> &records, QString *error)
{
    QStringList codes;
    for (const QJsonObject &record : records)
        codes.append(record.value(QStringLiteral("code")).toString());
    const std::optional<QVector<StoreProvider>> store = fetchStoreProviders(endpoint, codes, error);
    if (!store)
        return std::nullopt;
    QSet<QString> storeRegions;
    if (const QStringList regions = regionCodesOf(records); !regions.isEmpty()) {
        const GraphqlResult result = sendBlocking(endpoint, regionsQuery(regions));
        if (!result.ok()) {
            *error = result.error;
            return std::nullopt;
        }
        storeRegions = parseStoreRegionCodes(result.data);
    }
    return planPush(records, *store, storeRegions);
}

QString PushOutcome::stopMessage() const
{
    return QStringLiteral("stopped at %1; written before it: %2; nothing after it")
        .arg(failedCode,
             written.isEmpty() ? QStringLiteral("nothing") : written.join(QStringLiteral(", ")));
}

PushOutcome applyPushPlan(const GraphqlEndpoint &endpoint, const PushPlan &plan,
                          const PushProgress &progress)
{
    PushOutcome outcome;
    Q_ASSERT(plan.errors.isEmpty());
    int total = 0;
    for (const PushStep &step : plan.steps)
        total += step.action == PushAction::Unchanged ? 0 : 1;
    int index = 0;
    for (const PushStep &step : plan.steps) {
        if (step.action == PushAction::Unchanged)
            continue;
        if (progress)
            progress(step, index, total);
        ++index;
        const bool create = step.action == PushAction::Create;
        const GraphqlResult result =
            sendBlocking(endpoint, create ? createProviderMutation(step.data)
                                          : updateProviderMutation(step.code, step.data));
        const QString field = create ? QStringLiteral("createPaymentProvider")
                                     : QStringLiteral("updatePaymentProvider");
        if (!result.ok() || !result.data.value(field).isObject()) {
            outcome.failedCode = step.code;
            outcome.error =
                result.ok() ? QStringLiteral("the store did not return provider %1").arg(step.code)
                            : result.error;
            return outcome;
        }
        outcome.written.append(step.code);
    }
    return outcome;
}

} // namespace paybench::openfront
