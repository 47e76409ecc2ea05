#include "CliCallTargets.h"

#include "BoundedRead.h"
#include "CliWorkspace.h"
#include "InputLimits.h"
#include "OrderedJson.h"
#include "WorkspaceSecrets.h"

#include <algorithm>

namespace paybench::cli {

std::optional<QVector<contract::CallTarget>>
callTargetsFromWorkspace(CliContext &context, const QString &workspacePath,
                         const QStringList &providerCodes, int *exitCode)
{
    std::optional<CliWorkspace> workspace = openWorkspace(context, workspacePath, exitCode);
    if (!workspace)
        return std::nullopt;
    *exitCode = kExitUsage;
    std::unique_ptr<SecretStore> store;
    QVector<contract::CallTarget> targets;
    for (const QString &code : providerCodes) {
        const int index = workspace->current.providerIndex(code);
        if (index < 0) {
            context.err << "paybench-cli: no provider with code " << code << " in the workspace\n";
            return std::nullopt;
        }
        ProviderInstance &provider = workspace->current.providers[index];
        if (provider.hasUnloadedSecrets()) {
            if (!store)
                store = openSecretStore(context, workspace->path);
            if (!store)
                return std::nullopt;
            const QStringList errors =
                loadProviderSecretsBlocking(provider, workspace->current, *store);
            if (!errors.isEmpty()) {
                context.err << "paybench-cli: " << errors.join(QStringLiteral("; ")) << '\n';
                return std::nullopt;
            }
        }
        QString error;
        const std::optional<QJsonObject> credentials =
            resolvedCredentials(provider, context.environment, &error);
        std::optional<contract::CallTarget> target =
            credentials ? contract::CallTarget::fromWorkspace(workspace->current, code, &error)
                        : std::nullopt;
        if (!target) {
            context.err << "paybench-cli: " << error << '\n';
            return std::nullopt;
        }
        target->setCredentials(*credentials);
        targets.append(*target);
    }
    return targets;
}

std::optional<contract::CallTarget>
callTargetFromBaseUrl(CliContext &context, const QString &baseUrl, const QString &credentialsPath)
{
    QJsonObject credentials;
    if (!credentialsPath.isEmpty()) {
        QString error;
        const std::optional<QByteArray> bytes =
            io::readFileBounded(credentialsPath, io::kMaxCredentialsFileBytes, &error);
        if (!bytes) {
            context.err << "paybench-cli: --credentials: " << error << '\n';
            return std::nullopt;
        }
        const json::ParseResult parsed = json::parse(*bytes);
        if (!parsed.value || !parsed.value->isObject()) {
            context.err << "paybench-cli: --credentials " << credentialsPath
                        << " must hold a JSON object such as {\"apiKey\": \"...\", "
                           "\"webhookSecret\": \"...\"}"
                        << (parsed.value ? QString() : QStringLiteral(": ") + parsed.error) << '\n';
            return std::nullopt;
        }
        credentials = parsed.value->toQJson().toObject();
    }
    QString error;
    std::optional<contract::CallTarget> target =
        contract::CallTarget::fromBaseUrl(baseUrl, credentials, &error);
    if (!target || !target->resolveReferences(context.environment, &error)) {
        context.err << "paybench-cli: " << error << '\n';
        return std::nullopt;
    }
    return target;
}

std::optional<contract::CallTarget> callTargetFromArgs(CliContext &context, const CliArgs &args,
                                                       int *exitCode)
{
    *exitCode = kExitUsage;
    const bool fromWorkspace = args.has(QStringLiteral("provider"));
    if (fromWorkspace == args.has(QStringLiteral("base-url"))) {
        context.err << "paybench-cli: give --workspace W --provider CODE, or --base-url URL "
                       "[--credentials FILE.json]\n";
        return std::nullopt;
    }
    if (!fromWorkspace)
        return callTargetFromBaseUrl(context, args.value(QStringLiteral("base-url")),
                                     args.value(QStringLiteral("credentials")));
    const auto targets =
        callTargetsFromWorkspace(context, args.value(QStringLiteral("workspace")),
                                 {args.value(QStringLiteral("provider"))}, exitCode);
    if (!targets)
        return std::nullopt;
    return targets->first();
}

} // namespace paybench::cli
