#include "WorkspaceCommands.h"

#include "BoundedRead.h"
#include "CliWorkspace.h"
#include "CredentialReference.h"
#include "InputLimits.h"
#include "OpenfrontDocuments.h"
#include "OpenfrontRecords.h"
#include "SampleWorkspace.h"
#include "SecretMasker.h"
#include "WorkspaceFile.h"
#include "WorkspaceSecrets.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace paybench::cli {
namespace {

const QString kWorkspaceFlag = QStringLiteral("workspace");

const QString kCaCertFlag = QStringLiteral("ca-cert");

QSet<QString> platformFlags()
{
    QSet<QString> flags{QStringLiteral("base-url"), kCaCertFlag};
    for (PaymentFunction function : kAllPaymentFunctions)
        flags.insert(functionSlug(function));
    return flags;
}

// --base-url fills all six targets; a flag per function overrides one. --ca-cert FILE is
// stored as an absolute path (validation reads it); an empty value removes it.
bool applyPlatformFlags(CliContext &context, const CliArgs &args, Platform &platform,
                        bool requireAll)
{
    if (args.has(kCaCertFlag)) {
        const QString path = args.value(kCaCertFlag);
        platform.caCertificateFile =
            path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    }
    if (args.has(QStringLiteral("base-url")))
        platform.setBaseUrl(args.value(QStringLiteral("base-url")));
    QStringList missing;
    for (PaymentFunction function : kAllPaymentFunctions) {
        if (args.has(functionSlug(function)))
            platform.setTarget(function, args.value(functionSlug(function)));
        else if (requireAll && !args.has(QStringLiteral("base-url")))
            missing.append(QStringLiteral("--") + functionSlug(function));
    }
    if (!missing.isEmpty()) {
        context.err << "paybench-cli: give --base-url URL, or all six targets; missing "
                    << missing.join(QStringLiteral(", ")) << '\n';
        return false;
    }
    return true;
}

// "KEY=VALUE"; a VALUE of "-" is read from standard input (once), so secrets stay out of the
// shell history and the process list.
bool parseAssignment(CliContext &context, const QString &flag, const QString &assignment,
                     bool *stdinUsed, Credential *credential)
{
    const qsizetype eq = assignment.indexOf(QLatin1Char('='));
    if (eq <= 0) {
        context.err << "paybench-cli: --" << flag << " takes KEY=VALUE, got '"
                    << (flag == QLatin1String("secret") ? QStringLiteral("<hidden>") : assignment)
                    << "'\n";
        return false;
    }
    credential->key = assignment.left(eq);
    credential->value = assignment.mid(eq + 1);
    credential->valueLoaded = true;
    if (credential->value == QLatin1String("-")) {
        if (*stdinUsed) {
            context.err << "paybench-cli: only one value can come from standard input\n";
            return false;
        }
        *stdinUsed = true;
        QString error;
        const std::optional<QByteArray> read = io::readBounded(
            context.in, io::kMaxStdinValueBytes,
            QStringLiteral("the value of %1 on standard input").arg(credential->key), &error);
        if (!read) {
            context.err << "paybench-cli: " << error << '\n';
            return false;
        }
        QString value = QString::fromUtf8(*read);
        if (value.endsWith(QLatin1Char('\n')))
            value.chop(1);
        if (value.endsWith(QLatin1Char('\r')))
            value.chop(1);
        if (value.isEmpty()) {
            context.err << "paybench-cli: the value of " << credential->key
                        << " on standard input is empty; nothing was saved\n";
            return false;
        }
        credential->value = value;
    }
    return true;
}

bool applyCredentials(CliContext &context, const CliArgs &args, ProviderInstance &provider)
{
    bool stdinUsed = false;
    // --credential: kept in the file, masked unless its key is known public; --secret: kept in
    // the secret store; --public: kept in the file and shown (the user said it may be).
    for (const char *flag : {"credential", "secret", "public"}) {
        const QString name = QLatin1String(flag);
        for (const QString &assignment : args.values(name)) {
            Credential credential;
            if (!parseAssignment(context, name, assignment, &stdinUsed, &credential))
                return false;
            credential.secret = name == QLatin1String("secret");
            credential.markedPublic = name == QLatin1String("public");
            provider.setCredential(credential);
        }
    }
    for (const QString &key : args.values(QStringLiteral("remove-credential"))) {
        if (!provider.removeCredential(key)) {
            context.err << "paybench-cli: provider " << provider.code << " has no credential "
                        << key << '\n';
            return false;
        }
    }
    return true;
}

bool applyProviderFields(CliContext &context, const CliArgs &args, ProviderInstance &provider)
{
    if (args.has(QStringLiteral("name")))
        provider.name = args.value(QStringLiteral("name"));
    if (args.has(QStringLiteral("platform")))
        provider.platform = args.value(QStringLiteral("platform"));
    if (args.has(QStringLiteral("environment"))) {
        const auto environment = environmentFromName(args.value(QStringLiteral("environment")));
        if (!environment) {
            context.err << "paybench-cli: --environment must be sandbox or live\n";
            return false;
        }
        provider.environment = *environment;
    }
    if (args.has(QStringLiteral("installed")))
        provider.installed = true;
    if (args.has(QStringLiteral("not-installed")))
        provider.installed = false;
    if (args.has(QStringLiteral("region")))
        provider.regions = args.values(QStringLiteral("region"));
    if (args.has(QStringLiteral("metadata"))) {
        QJsonParseError error{};
        const QJsonDocument metadata =
            QJsonDocument::fromJson(args.value(QStringLiteral("metadata")).toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !metadata.isObject()) {
            context.err << "paybench-cli: --metadata must be a JSON object\n";
            return false;
        }
        provider.metadata = metadata.object();
    }
    return applyCredentials(context, args, provider);
}

const CliArgs::Spec &providerSpec()
{
    static const CliArgs::Spec spec{
        {kWorkspaceFlag, QStringLiteral("name"), QStringLiteral("code"), QStringLiteral("platform"),
         QStringLiteral("environment"), QStringLiteral("credential"), QStringLiteral("secret"),
         QStringLiteral("public"), QStringLiteral("remove-credential"), QStringLiteral("region"),
         QStringLiteral("metadata"), QStringLiteral("rename-code")},
        {QStringLiteral("installed"), QStringLiteral("not-installed")}};
    return spec;
}

void applyRegionFields(const CliArgs &args, Region &region)
{
    if (args.has(QStringLiteral("name")))
        region.name = args.value(QStringLiteral("name"));
    if (args.has(QStringLiteral("currency")))
        region.currency = args.value(QStringLiteral("currency")).toUpper();
    if (args.has(QStringLiteral("country"))) {
        region.countries.clear();
        for (const QString &country : args.values(QStringLiteral("country")))
            region.countries.append(country.toUpper());
    }
}

const CliArgs::Spec &regionSpec()
{
    static const CliArgs::Spec spec{{kWorkspaceFlag, QStringLiteral("code"), QStringLiteral("name"),
                                     QStringLiteral("currency"), QStringLiteral("country"),
                                     QStringLiteral("rename")},
                                    {}};
    return spec;
}

// Parses the flags, opens --workspace and runs the action on it; saves afterwards when asked
// and the action succeeded. The shape of every workspace command.
template <typename Action>
int onWorkspace(CliContext &context, const CliArgs::Spec &spec, bool save, Action action)
{
    const std::optional<CliArgs> args = parseArgs(context, spec);
    if (!args)
        return kExitUsage;
    int exitCode = kExitOk;
    std::optional<CliWorkspace> workspace =
        save ? openWorkspaceForEdit(context, args->value(kWorkspaceFlag), &exitCode)
             : openWorkspace(context, args->value(kWorkspaceFlag), &exitCode);
    if (!workspace)
        return exitCode;
    if (!save)
        return action(*args, *workspace);
    // What an edit reports ("Added platform ...") only becomes true once the file is saved, so
    // it is held back until then and dropped when validation refuses the change.
    QString report;
    QIODevice *device = context.out.device();
    QString *string = context.out.string();
    context.out.flush();
    context.out.setString(&report);
    exitCode = action(*args, *workspace);
    context.out.flush();
    if (device)
        context.out.setDevice(device);
    else
        context.out.setString(string, QIODevice::ReadWrite | QIODevice::Append);
    if (exitCode == kExitOk)
        exitCode = saveWorkspace(context, *workspace);
    if (exitCode == kExitOk)
        context.out << report;
    return exitCode;
}

template <typename Change>
int editWorkspace(CliContext &context, const CliArgs::Spec &spec, Change change)
{
    return onWorkspace(context, spec, true, change);
}

template <typename Inspect>
int inspectWorkspace(CliContext &context, const CliArgs::Spec &spec, Inspect inspect)
{
    return onWorkspace(context, spec, false, inspect);
}

int requireFlags(CliContext &context, const CliArgs &args, const QStringList &flags)
{
    for (const QString &flag : flags) {
        if (args.value(flag).isEmpty()) {
            context.err << "paybench-cli: --" << flag << " is required\n";
            return kExitUsage;
        }
    }
    return kExitOk;
}

bool hasUnloadedSecrets(const Workspace &workspace)
{
    return std::any_of(
        workspace.providers.cbegin(), workspace.providers.cend(),
        [](const ProviderInstance &provider) { return provider.hasUnloadedSecrets(); });
}

QJsonObject maskedCredential(const Credential &credential)
{
    QJsonObject object{{QStringLiteral("key"), credential.key},
                       {QStringLiteral("secret"), credential.secret}};
    if (credential.markedPublic)
        object.insert(QStringLiteral("public"), true);
    // A reference names where the value comes from, not the value.
    const bool shown = !isMaskedCredential(credential) || isCredentialReference(credential.value) ||
                       credential.value.isEmpty();
    object.insert(QStringLiteral("value"),
                  shown ? credential.value : contract::SecretMasker::placeholder());
    return object;
}

} // namespace

int runWorkspaceInit(CliContext &context)
{
    const std::optional<CliArgs> args = parseArgs(context, {{}, {QStringLiteral("sample")}});
    if (!args)
        return kExitUsage;
    if (args->positional().size() != 1) {
        context.err << "paybench-cli: usage: workspace init FILE [--sample]\n";
        return kExitUsage;
    }
    const QString path = args->positional().first();
    const std::unique_ptr<io::FileLock> lock = lockWorkspace(context, path);
    if (!lock)
        return kExitUsage;
    if (QFileInfo::exists(path)) {
        context.err << "paybench-cli: " << path << " already exists; nothing was changed\n";
        return kExitUsage;
    }
    Workspace workspace = Workspace::createEmpty();
    if (args->has(QStringLiteral("sample"))) {
        workspace = *workspaceFromJson(sampleWorkspaceJson()).workspace;
        workspace.id = Workspace::createEmpty().id;
    }
    QString error;
    if (!saveWorkspaceFile(workspace, path, &error)) {
        context.err << "paybench-cli: " << error << '\n';
        return kExitUsage;
    }
    context.out << "Created workspace " << path << '\n';
    return kExitOk;
}

int runPlatformAdd(CliContext &context)
{
    CliArgs::Spec spec{platformFlags(), {}};
    spec.valueFlags += {kWorkspaceFlag, QStringLiteral("name")};
    return editWorkspace(context, spec, [&](const CliArgs &args, CliWorkspace &workspace) {
        if (const int code = requireFlags(context, args, {QStringLiteral("name")}))
            return code;
        Platform platform;
        platform.name = args.value(QStringLiteral("name"));
        if (workspace.current.platform(platform.name)) {
            context.err << "paybench-cli: a platform named \"" << platform.name
                        << "\" already exists (use platform set)\n";
            return kExitInvalid;
        }
        if (!applyPlatformFlags(context, args, platform, true))
            return kExitUsage;
        workspace.current.platforms.append(platform);
        context.out << "Added platform \"" << platform.name << "\"\n";
        return kExitOk;
    });
}

int runPlatformSet(CliContext &context)
{
    CliArgs::Spec spec{platformFlags(), {}};
    spec.valueFlags += {kWorkspaceFlag, QStringLiteral("name"), QStringLiteral("rename")};
    return editWorkspace(context, spec, [&](const CliArgs &args, CliWorkspace &workspace) {
        if (const int code = requireFlags(context, args, {QStringLiteral("name")}))
            return code;
        const QString name = args.value(QStringLiteral("name"));
        const int index = workspace.current.platformIndex(name);
        if (index < 0) {
            context.err << "paybench-cli: no platform named \"" << name << "\"\n";
            return kExitInvalid;
        }
        if (!applyPlatformFlags(context, args, workspace.current.platforms[index], false))
            return kExitUsage;
        if (args.has(QStringLiteral("rename")))
            workspace.current.renamePlatform(name, args.value(QStringLiteral("rename")));
        context.out << "Changed platform \"" << name << "\"\n";
        return kExitOk;
    });
}

int runProviderAdd(CliContext &context)
{
    return editWorkspace(
        context, providerSpec(), [&](const CliArgs &args, CliWorkspace &workspace) {
            if (const int code = requireFlags(
                    context, args,
                    {QStringLiteral("name"), QStringLiteral("code"), QStringLiteral("platform")}))
                return code;
            ProviderInstance provider;
            provider.code = args.value(QStringLiteral("code"));
            if (workspace.current.provider(provider.code)) {
                context.err << "paybench-cli: a provider with code " << provider.code
                            << " already exists (use provider set)\n";
                return kExitInvalid;
            }
            if (!applyProviderFields(context, args, provider))
                return kExitUsage;
            workspace.current.providers.append(provider);
            context.out << "Added provider " << provider.code << '\n';
            return kExitOk;
        });
}

int runProviderSet(CliContext &context)
{
    return editWorkspace(
        context, providerSpec(), [&](const CliArgs &args, CliWorkspace &workspace) {
            if (const int code = requireFlags(context, args, {QStringLiteral("code")}))
                return code;
            const QString code = args.value(QStringLiteral("code"));
            const int index = workspace.current.providerIndex(code);
            if (index < 0) {
                context.err << "paybench-cli: no provider with code " << code << '\n';
                return kExitInvalid;
            }
            ProviderInstance &provider = workspace.current.providers[index];
            if (!applyProviderFields(context, args, provider))
                return kExitUsage;
            if (args.has(QStringLiteral("rename-code"))) {
                // Secrets are stored under the code: bring them along before it changes.
                std::unique_ptr<SecretStore> store = openSecretStore(context, workspace.path);
                if (!store)
                    return kExitUsage;
                const QStringList errors =
                    loadProviderSecretsBlocking(provider, workspace.current, *store);
                if (!errors.isEmpty()) {
                    context.err << "paybench-cli: " << errors.join(QStringLiteral("; ")) << '\n';
                    return kExitUsage;
                }
                provider.code = args.value(QStringLiteral("rename-code"));
            }
            context.out << "Changed provider " << code << '\n';
            return kExitOk;
        });
}

int runRegionAdd(CliContext &context)
{
    return editWorkspace(context, regionSpec(), [&](const CliArgs &args, CliWorkspace &workspace) {
        if (const int code = requireFlags(
                context, args,
                {QStringLiteral("code"), QStringLiteral("name"), QStringLiteral("currency")}))
            return code;
        Region region;
        region.code = args.value(QStringLiteral("code"));
        if (workspace.current.region(region.code)) {
            context.err << "paybench-cli: a region with code " << region.code
                        << " already exists (use region set)\n";
            return kExitInvalid;
        }
        applyRegionFields(args, region);
        workspace.current.regions.append(region);
        context.out << "Added region " << region.code << '\n';
        return kExitOk;
    });
}

int runRegionSet(CliContext &context)
{
    return editWorkspace(context, regionSpec(), [&](const CliArgs &args, CliWorkspace &workspace) {
        if (const int code = requireFlags(context, args, {QStringLiteral("code")}))
            return code;
        const QString code = args.value(QStringLiteral("code"));
        const int index = workspace.current.regionIndex(code);
        if (index < 0) {
            context.err << "paybench-cli: no region with code " << code << '\n';
            return kExitInvalid;
        }
        applyRegionFields(args, workspace.current.regions[index]);
        if (args.has(QStringLiteral("rename")))
            workspace.current.renameRegion(code, args.value(QStringLiteral("rename")));
        context.out << "Changed region " << code << '\n';
        return kExitOk;
    });
}

int runList(CliContext &context)
{
    return inspectWorkspace(
        context, {{kWorkspaceFlag}, {}}, [&](const CliArgs &, CliWorkspace &workspace) {
            QJsonObject document =
                QJsonDocument::fromJson(workspaceToJson(workspace.current)).object();
            const QJsonArray stored = document.value(QStringLiteral("providers")).toArray();
            QJsonArray providers;
            for (qsizetype i = 0; i < stored.size(); ++i) {
                QJsonArray credentials;
                for (const Credential &credential : workspace.current.providers.at(i).credentials)
                    credentials.append(maskedCredential(credential));
                QJsonObject provider = stored.at(i).toObject();
                provider.insert(QStringLiteral("credentials"), credentials);
                providers.append(provider);
            }
            document.insert(QStringLiteral("providers"), providers);
            printJson(context.out, QJsonDocument(document));
            return kExitOk;
        });
}

int runValidate(CliContext &context)
{
    return inspectWorkspace(
        context, {{kWorkspaceFlag}, {}}, [&](const CliArgs &, CliWorkspace &workspace) {
            const QVector<Finding> findings = validateWorkspace(workspace.current);
            printFindings(context.out, findings);
            for (const Finding &finding : findings)
                context.err << severityName(finding.severity) << ": " << finding.toString() << '\n';
            if (hasErrors(findings))
                return kExitInvalid;
            context.err << "The workspace is valid"
                        << (findings.isEmpty() ? QString() : QStringLiteral(" (with warnings)"))
                        << ".\n";
            return kExitOk;
        });
}

int runExportOpenfront(CliContext &context)
{
    const CliArgs::Spec spec{{kWorkspaceFlag, QStringLiteral("format")},
                             {QStringLiteral("include-credentials")}};
    return inspectWorkspace(context, spec, [&](const CliArgs &args, CliWorkspace &workspace) {
        const bool withCredentials = args.has(QStringLiteral("include-credentials"));
        const QString format = args.value(QStringLiteral("format"));
        if (!format.isEmpty() && format != QLatin1String("json") &&
            format != QLatin1String("graphql")) {
            context.err << "paybench-cli: --format must be json or graphql\n";
            return kExitUsage;
        }
        if (withCredentials && hasUnloadedSecrets(workspace.current)) {
            std::unique_ptr<SecretStore> store = openSecretStore(context, workspace.path);
            if (!store)
                return kExitUsage;
            const QStringList errors = loadWorkspaceSecretsBlocking(workspace.current, *store);
            if (!errors.isEmpty()) {
                context.err << "paybench-cli: " << errors.join(QStringLiteral("; ")) << '\n';
                return kExitUsage;
            }
        }
        const QJsonArray records = exportOpenfrontRecords(workspace.current, withCredentials);
        // graphql: the request Openfront's /api/graphql takes as it is (createPaymentProviders).
        if (format == QLatin1String("graphql"))
            printJson(context.out, QJsonDocument(openfront::requestBody(
                                       openfront::createProvidersMutation(records))));
        else
            printJson(context.out, QJsonDocument(records));
        return kExitOk;
    });
}

int runImportOpenfront(CliContext &context)
{
    const std::optional<CliArgs> args =
        parseArgs(context, {{kWorkspaceFlag, QStringLiteral("on-conflict")}, {}});
    if (!args)
        return kExitUsage;
    if (args->positional().size() != 1) {
        context.err << "paybench-cli: usage: import-openfront --workspace FILE RECORDS.json\n";
        return kExitUsage;
    }
    const std::optional<ImportConflictPolicy> policy =
        conflictPolicyFromName(args->value(QStringLiteral("on-conflict")));
    if (!policy) {
        context.err << "paybench-cli: --on-conflict must be fail, skip or replace\n";
        return kExitUsage;
    }
    QString readError;
    const std::optional<QByteArray> records =
        io::readFileBounded(args->positional().first(), io::kMaxRecordsFileBytes, &readError);
    if (!records) {
        context.err << "paybench-cli: " << readError << '\n';
        return kExitUsage;
    }
    const QByteArray &json = *records;
    return editWorkspace(
        context, {{kWorkspaceFlag, QStringLiteral("on-conflict")}, {}},
        [&](const CliArgs &, CliWorkspace &workspace) {
            const ImportReport report = importOpenfrontRecords(workspace.current, json, *policy);
            printJson(
                context.out,
                QJsonDocument(QJsonObject{
                    {QStringLiteral("added"), report.added},
                    {QStringLiteral("replaced"), report.replaced},
                    {QStringLiteral("skipped"), report.skipped},
                    {QStringLiteral("conflicts"), QJsonArray::fromStringList(report.conflicts)},
                    {QStringLiteral("platformsCreated"),
                     QJsonArray::fromStringList(report.platformsCreated)},
                    {QStringLiteral("errors"), QJsonArray::fromStringList(report.errors)},
                }));
            for (const QString &error : report.errors)
                context.err << "error: " << error << '\n';
            return report.ok() ? kExitOk : kExitInvalid;
        });
}

} // namespace paybench::cli
