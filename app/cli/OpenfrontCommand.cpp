#include "OpenfrontCommand.h"

#include "CliWorkspace.h"
#include "GraphqlClient.h"
#include "InputLimits.h"
#include "OpenfrontApiKey.h"
#include "OpenfrontDocuments.h"
#include "OpenfrontRecords.h"
#include "OpenfrontSession.h"
#include "OpenfrontSync.h"
#include "WebhookBridge.h"
#include "WorkspaceSecrets.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>

namespace paybench::cli {
namespace {

using namespace paybench::openfront;

const QString kWorkspaceFlag = QStringLiteral("workspace");
const QString kTimeoutFlag = QStringLiteral("timeout");
const QString kProviderFlag = QStringLiteral("provider");

std::optional<int> timeoutMs(CliContext &context, const CliArgs &args)
{
    if (!args.has(kTimeoutFlag))
        return 30'000;
    bool ok = false;
    const int seconds = args.value(kTimeoutFlag).toInt(&ok);
    if (!ok || seconds < 1 || seconds > 600) {
        context.err << "paybench-cli: --timeout must be 1 to 600 seconds\n";
        return std::nullopt;
    }
    return seconds * 1000;
}

// What every store command needs: the workspace, its secret store and the store's endpoint.
struct StoreSession {
    CliWorkspace workspace;
    std::unique_ptr<SecretStore> secrets;
    GraphqlEndpoint endpoint;
};

std::optional<StoreSession> openSession(CliContext &context, const CliArgs &args, int *exitCode)
{
    *exitCode = kExitUsage;
    const std::optional<int> timeout = timeoutMs(context, args);
    if (!timeout)
        return std::nullopt;
    std::optional<CliWorkspace> workspace =
        openWorkspace(context, args.value(kWorkspaceFlag), exitCode);
    if (!workspace)
        return std::nullopt;
    *exitCode = kExitUsage;
    if (workspace->current.openfront.graphqlUrl.isEmpty()) {
        context.err << "paybench-cli: the workspace has no Openfront connection; run paybench-cli "
                       "openfront connect --workspace "
                    << workspace->path << " --url URL --api-key -\n";
        return std::nullopt;
    }
    std::unique_ptr<SecretStore> secrets = openSecretStore(context, workspace->path);
    if (!secrets)
        return std::nullopt;
    const SecretResult key = readApiKeyBlocking(*secrets, workspace->current);
    if (!key.ok) {
        context.err << "paybench-cli: the Openfront API key "
                    << (key.notFound ? QStringLiteral("is not in the %1; run openfront connect "
                                                      "again")
                                           .arg(secrets->backendName())
                                     : QStringLiteral("cannot be read: %1").arg(key.error))
                    << '\n';
        return std::nullopt;
    }
    GraphqlEndpoint endpoint{
        QUrl(workspace->current.openfront.graphqlUrl), key.value, *timeout, {}};
    return StoreSession{std::move(*workspace), std::move(secrets), endpoint};
}

std::optional<QVector<StoreProvider>>
storeProviders(CliContext &context, const GraphqlEndpoint &endpoint, const QStringList &codes)
{
    QString error;
    std::optional<QVector<StoreProvider>> providers = fetchStoreProviders(endpoint, codes, &error);
    if (!providers)
        context.err << "paybench-cli: " << error << '\n';
    return providers;
}

// The selected providers (--provider, or all) as records, credentials resolved when asked.
std::optional<QVector<QJsonObject>> workspaceRecords(CliContext &context, StoreSession &session,
                                                     const QStringList &codes, bool withCredentials)
{
    QString error;
    std::optional<QVector<QJsonObject>> records =
        openfront::workspaceRecords(session.workspace.current, *session.secrets, codes,
                                    withCredentials, context.environment, &error);
    if (!records)
        context.err << "paybench-cli: " << error << '\n';
    return records;
}

} // namespace

int runOpenfrontConnect(CliContext &context)
{
    const auto args =
        parseArgs(context, {{kWorkspaceFlag, QStringLiteral("url"), QStringLiteral("api-key"),
                             QStringLiteral("api-key-env"), kTimeoutFlag},
                            {QStringLiteral("no-check")}});
    if (!args)
        return kExitUsage;
    const std::optional<int> timeout = timeoutMs(context, *args);
    if (!timeout)
        return kExitUsage;
    const QUrl url(args->value(QStringLiteral("url")), QUrl::StrictMode);
    if (const QString problem = graphqlUrlProblem(url); !problem.isEmpty()) {
        context.err << "paybench-cli: --url: " << problem << '\n';
        return kExitUsage;
    }
    QString apiKey;
    if (args->has(QStringLiteral("api-key-env"))) {
        const QString name = args->value(QStringLiteral("api-key-env"));
        apiKey = context.environment(name).value_or(QString());
        if (apiKey.isEmpty()) {
            context.err << "paybench-cli: the variable " << name << " is not set\n";
            return kExitUsage;
        }
    } else if (args->value(QStringLiteral("api-key")) == QLatin1String("-")) {
        apiKey = QString::fromUtf8(context.in.read(io::kMaxStdinValueBytes)).trimmed();
    } else {
        context.err << "paybench-cli: give the API key on standard input (--api-key -) or name a "
                       "variable that holds it (--api-key-env VAR); a key on the command line "
                       "would land in the shell history\n";
        return kExitUsage;
    }
    if (apiKey.isEmpty()) {
        context.err << "paybench-cli: the API key is empty\n";
        return kExitUsage;
    }
    int exitCode = kExitOk;
    std::optional<CliWorkspace> workspace =
        openWorkspace(context, args->value(kWorkspaceFlag), &exitCode);
    if (!workspace)
        return exitCode;
    const GraphqlEndpoint endpoint{url, apiKey, *timeout, {}};
    if (!args->has(QStringLiteral("no-check"))) {
        const ConnectionCheck check = checkConnection(endpoint);
        if (!check.ok()) {
            context.err << "paybench-cli: " << check.message() << '\n';
            context.err << "paybench-cli: nothing was stored\n";
            return kExitUsage;
        }
        context.out << check.message() << '\n';
    }
    std::unique_ptr<SecretStore> secrets = openSecretStore(context, workspace->path);
    if (!secrets)
        return kExitUsage;
    const SecretResult written = writeApiKeyBlocking(*secrets, workspace->current, apiKey);
    if (!written.ok) {
        context.err << "paybench-cli: the API key could not be stored: " << written.error
                    << "; nothing was changed\n";
        return kExitUsage;
    }
    workspace->current.openfront.graphqlUrl = url.toString();
    const int saved = saveWorkspace(context, *workspace);
    if (saved == kExitOk)
        context.out << "Saved the Openfront connection " << url.toString() << " (API key in the "
                    << secrets->backendName() << ")\n";
    return saved;
}

int runOpenfrontPush(CliContext &context)
{
    const auto args =
        parseArgs(context, {{kWorkspaceFlag, kProviderFlag, kTimeoutFlag},
                            {QStringLiteral("dry-run"), QStringLiteral("include-credentials")}});
    if (!args)
        return kExitUsage;
    int exitCode = kExitOk;
    std::optional<StoreSession> session = openSession(context, *args, &exitCode);
    if (!session)
        return exitCode;
    const QVector<Finding> findings = validateWorkspace(session->workspace.current);
    if (hasErrors(findings)) {
        for (const Finding &finding : findings) {
            if (finding.severity == Severity::Error)
                context.err << "error: " << finding.toString() << '\n';
        }
        context.err << "paybench-cli: fix the workspace first (paybench-cli validate); nothing "
                       "was pushed\n";
        return kExitInvalid;
    }
    const std::optional<QVector<QJsonObject>> records =
        workspaceRecords(context, *session, args->values(kProviderFlag),
                         args->has(QStringLiteral("include-credentials")));
    if (!records)
        return kExitUsage;
    QString fetchError;
    const std::optional<PushPlan> fetched = fetchPushPlan(session->endpoint, *records, &fetchError);
    if (!fetched) {
        context.err << "paybench-cli: " << fetchError << '\n';
        return kExitUsage;
    }
    const PushPlan &plan = *fetched;
    for (const PushStep &step : plan.steps) {
        context.out << pushActionName(step.action) << ' ' << step.code << '\n';
        for (const FieldDifference &change : step.changes)
            context.out << "  " << describeDifference(change) << '\n';
    }
    if (!plan.errors.isEmpty()) {
        for (const QString &error : plan.errors)
            context.err << "error: " << error << '\n';
        context.err << "paybench-cli: nothing was pushed\n";
        return kExitInvalid;
    }
    if (!plan.changesSomething()) {
        context.out << "Nothing to push: the store already matches the workspace\n";
        return kExitOk;
    }
    if (args->has(QStringLiteral("dry-run"))) {
        context.out << "Dry run: nothing was written to the store\n";
        return kExitOk;
    }
    const PushOutcome outcome = applyPushPlan(session->endpoint, plan);
    if (!outcome.ok()) {
        context.err << "paybench-cli: " << outcome.error << '\n';
        context.err << "paybench-cli: " << outcome.stopMessage() << '\n';
        return kExitUsage;
    }
    const QStringList &written = outcome.written;
    context.out << "Pushed " << written.size()
                << " provider(s): " << written.join(QStringLiteral(", ")) << '\n';
    return kExitOk;
}

int runOpenfrontPull(CliContext &context)
{
    const auto args = parseArgs(
        context,
        {{kWorkspaceFlag, kProviderFlag, kTimeoutFlag, QStringLiteral("on-conflict")}, {}});
    if (!args)
        return kExitUsage;
    const std::optional<ImportConflictPolicy> policy =
        conflictPolicyFromName(args->value(QStringLiteral("on-conflict")));
    if (!policy) {
        context.err << "paybench-cli: --on-conflict must be fail, skip or replace\n";
        return kExitUsage;
    }
    int exitCode = kExitOk;
    std::optional<StoreSession> session = openSession(context, *args, &exitCode);
    if (!session)
        return exitCode;
    const std::optional<QVector<StoreProvider>> store =
        storeProviders(context, session->endpoint, args->values(kProviderFlag));
    if (!store)
        return kExitUsage;
    const PullOutcome outcome = planPull(session->workspace.current, *store, *policy);
    const ImportReport &report = outcome.report;
    printJson(
        context.out,
        QJsonDocument(QJsonObject{
            {QStringLiteral("added"), report.added},
            {QStringLiteral("replaced"), report.replaced},
            {QStringLiteral("skipped"), report.skipped},
            {QStringLiteral("conflicts"), QJsonArray::fromStringList(report.conflicts)},
            {QStringLiteral("regionsAdded"), QJsonArray::fromStringList(outcome.regionsAdded)},
            {QStringLiteral("platformsCreated"),
             QJsonArray::fromStringList(report.platformsCreated)},
            {QStringLiteral("errors"), QJsonArray::fromStringList(report.errors)},
        }));
    if (!report.ok()) {
        for (const QString &error : report.errors)
            context.err << "error: " << error << '\n';
        context.err << "paybench-cli: nothing was saved\n";
        return kExitInvalid;
    }
    session->secrets.reset(); // saveWorkspace opens its own
    session->workspace.current = outcome.workspace;
    return saveWorkspace(context, session->workspace);
}

int runOpenfrontDiff(CliContext &context)
{
    const auto args = parseArgs(context, {{kWorkspaceFlag, kProviderFlag, kTimeoutFlag}, {}});
    if (!args)
        return kExitUsage;
    int exitCode = kExitOk;
    std::optional<StoreSession> session = openSession(context, *args, &exitCode);
    if (!session)
        return exitCode;
    const QStringList codes = args->values(kProviderFlag);
    const std::optional<QVector<QJsonObject>> records =
        workspaceRecords(context, *session, codes, true);
    if (!records)
        return kExitUsage;
    const std::optional<QVector<StoreProvider>> store =
        storeProviders(context, session->endpoint, codes);
    if (!store)
        return kExitUsage;
    bool equal = true;
    for (const ProviderDiff &diff : diffProviders(*records, *store)) {
        equal = equal && diff.state == DiffState::Same;
        context.out << diffStateName(diff.state) << ' ' << diff.code << '\n';
        for (const FieldDifference &difference : diff.differences)
            context.out << "  " << describeDifference(difference) << '\n';
    }
    context.out << (equal ? "The store matches the workspace\n"
                          : "The store and the workspace differ\n");
    return equal ? kExitOk : kExitInvalid;
}

int runOpenfrontWebhookBridge(CliContext &context)
{
    const auto args = parseArgs(context, {{kWorkspaceFlag, kProviderFlag, kTimeoutFlag,
                                           QStringLiteral("port"), QStringLiteral("count")},
                                          {}});
    if (!args)
        return kExitUsage;
    bool portOk = false;
    const int port = args->value(QStringLiteral("port")).toInt(&portOk);
    bool countOk = true;
    const int count = args->has(QStringLiteral("count"))
                          ? args->value(QStringLiteral("count")).toInt(&countOk)
                          : 0;
    if (!portOk || port < 0 || port > 65535 || !countOk || count < 0) {
        context.err << "paybench-cli: --port must be 0 to 65535 and --count a whole number\n";
        return kExitUsage;
    }
    const QString code = args->value(kProviderFlag);
    if (code.isEmpty()) {
        context.err << "paybench-cli: --provider CODE is required\n";
        return kExitUsage;
    }
    int exitCode = kExitOk;
    std::optional<StoreSession> session = openSession(context, *args, &exitCode);
    if (!session)
        return exitCode;
    const std::optional<QVector<StoreProvider>> store =
        storeProviders(context, session->endpoint, {code});
    if (!store)
        return kExitUsage;
    if (store->isEmpty()) {
        context.err << "paybench-cli: provider " << code
                    << " is not in the store; push it first (paybench-cli openfront push)\n";
        return kExitInvalid;
    }
    WebhookBridge bridge(session->endpoint, store->first().id);
    QString error;
    const quint16 listening = bridge.listen(quint16(port), &error);
    if (listening == 0) {
        context.err << "paybench-cli: " << error << '\n';
        return kExitUsage;
    }
    context.err << "bridging webhooks posted to http://127.0.0.1:" << listening
                << "/ (any path) to handlePaymentProviderWebhook of " << code << " at "
                << session->endpoint.url.toString() << '\n';
    context.err.flush();
    QEventLoop loop;
    int seen = 0;
    QObject::connect(
        &bridge, &WebhookBridge::webhookBridged, &loop, [&](const BridgedWebhook &webhook) {
            QJsonObject line{
                {QStringLiteral("at"), webhook.at.toString(Qt::ISODateWithMs)},
                {QStringLiteral("path"), webhook.path},
                {QStringLiteral("answered"), webhook.answeredStatus},
                {QStringLiteral("reachedStore"), webhook.reachedStore},
            };
            if (webhook.reachedStore)
                line.insert(QStringLiteral("openfront"), webhook.storeAnswer);
            if (!webhook.error.isEmpty())
                line.insert(QStringLiteral("error"), webhook.error);
            context.out << QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact))
                        << '\n';
            context.out.flush();
            if (count > 0 && ++seen >= count)
                loop.quit();
        });
    loop.exec();
    return kExitOk;
}

} // namespace paybench::cli
