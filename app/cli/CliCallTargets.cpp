#include "CliCallTargets.h"

#include "BoundedRead.h"
#include "CliWorkspace.h"
#include "InputLimits.h"
#include "OrderedJson.h"

#include <QFile>

#include <algorithm>
#include <memory>

namespace paybench::cli {

support::CredentialResolver credentialResolver(CliContext &context, const QString &workspacePath)
{
    // Opened once, on the first secret that is not loaded, and kept for the command's life.
    auto store = std::make_shared<std::unique_ptr<SecretStore>>();
    auto tried = std::make_shared<bool>(false);
    return support::CredentialResolver(
        [&context, workspacePath, store, tried](const support::SecretStoreReady &ready) {
            if (!*tried) {
                *tried = true;
                *store = openSecretStore(context, workspacePath);
            }
            ready(store->get(),
                  *store ? QString() : QStringLiteral("the secret store could not be opened"));
        },
        context.environment);
}

std::optional<QVector<contract::CallTarget>>
callTargetsFromWorkspace(CliContext &context, const QString &workspacePath,
                         const QStringList &providerCodes, int *exitCode)
{
    std::optional<CliWorkspace> workspace = openWorkspace(context, workspacePath, exitCode);
    if (!workspace)
        return std::nullopt;
    *exitCode = kExitUsage;
    const support::CredentialResolver resolver = credentialResolver(context, workspace->path);
    QVector<contract::CallTarget> targets;
    for (const QString &code : providerCodes) {
        if (!workspace->current.provider(code)) {
            context.err << "paybench-cli: no provider with code " << code << " in the workspace\n";
            return std::nullopt;
        }
        QString error;
        const std::optional<contract::CallTarget> target =
            resolver.resolveBlocking(workspace->current, code, &error);
        if (!target) {
            context.err << "paybench-cli: " << error << '\n';
            return std::nullopt;
        }
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
    if (!target ||
        !support::CredentialResolver({}, context.environment).resolveReferences(*target, &error)) {
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

std::optional<QVector<const contract::RuntimeProfile *>>
profilesFromArgs(CliContext &context, const CliArgs &args, const QString &fallback)
{
    QString error;
    const QString list =
        args.has(QStringLiteral("profile")) ? args.value(QStringLiteral("profile")) : fallback;
    auto profiles = contract::selectRuntimeProfiles(list, &error);
    if (!profiles)
        context.err << "paybench-cli: --profile: " << error << '\n';
    return profiles;
}

} // namespace paybench::cli
