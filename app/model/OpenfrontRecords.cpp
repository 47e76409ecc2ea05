#include "OpenfrontRecords.h"

#include "Validation.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace paybench {

std::optional<ImportConflictPolicy> conflictPolicyFromName(const QString &name)
{
    if (name.isEmpty() || name == QLatin1String("fail"))
        return ImportConflictPolicy::Fail;
    if (name == QLatin1String("skip"))
        return ImportConflictPolicy::Skip;
    if (name == QLatin1String("replace"))
        return ImportConflictPolicy::Replace;
    return std::nullopt;
}

namespace {

// The first platform with the same six targets, or a new one named after the record.
QString platformFor(Workspace &workspace, const QString &recordName, const Platform &targets,
                    QStringList *created)
{
    for (const Platform &platform : workspace.platforms) {
        if (platform.targets == targets.targets)
            return platform.name;
    }
    Platform platform = targets;
    platform.name = recordName;
    for (int n = 2; workspace.platformIndex(platform.name) >= 0; ++n)
        platform.name = QStringLiteral("%1 (%2)").arg(recordName).arg(n);
    workspace.platforms.append(platform);
    created->append(platform.name);
    return platform.name;
}

QString stringValue(const QJsonValue &value)
{
    return value.isString() ? value.toString() : value.toVariant().toString();
}

struct ParsedRecord {
    ProviderInstance provider;
    Platform targets;
};

std::optional<ParsedRecord> parseRecord(const QJsonValue &value, const Workspace &workspace,
                                        const QString &where, QStringList *errors)
{
    auto fail = [&](const QString &message) {
        errors->append(where + QStringLiteral(": ") + message);
        return std::nullopt;
    };
    if (!value.isObject())
        return fail(QStringLiteral("is not an object"));
    const QJsonObject record = value.toObject();
    ParsedRecord parsed;
    ProviderInstance &provider = parsed.provider;
    if (!record.value(QStringLiteral("name")).isString() ||
        record.value(QStringLiteral("name")).toString().trimmed().isEmpty())
        return fail(QStringLiteral("\"name\" must be a non-empty string"));
    provider.name = record.value(QStringLiteral("name")).toString();
    provider.code = record.value(QStringLiteral("code")).toString();
    if (!isValidProviderCode(provider.code))
        return fail(QStringLiteral("\"code\" must match ^pp_[a-zA-Z0-9-_]+$, got \"%1\"")
                        .arg(provider.code));
    for (PaymentFunction function : kAllPaymentFunctions) {
        const QJsonValue target = record.value(functionField(function));
        if (!target.isString())
            return fail(QStringLiteral("\"%1\" must be a string").arg(functionField(function)));
        parsed.targets.setTarget(function, target.toString());
    }
    const QJsonValue installed = record.value(QStringLiteral("isInstalled"));
    if (!installed.isUndefined() && !installed.isBool())
        return fail(QStringLiteral("\"isInstalled\" must be true or false"));
    provider.installed = installed.toBool(true);

    const QJsonValue credentials = record.value(QStringLiteral("credentials"));
    if (!credentials.isUndefined() && !credentials.isNull() && !credentials.isObject())
        return fail(QStringLiteral("\"credentials\" must be an object"));
    const QJsonObject credentialObject = credentials.toObject();
    for (auto it = credentialObject.begin(); it != credentialObject.end(); ++it) {
        if (it.key() == QLatin1String("environment")) {
            const auto environment = environmentFromName(it.value().toString());
            if (!environment)
                return fail(QStringLiteral("credentials.environment must be \"sandbox\" or "
                                           "\"live\""));
            provider.environment = *environment;
            continue;
        }
        provider.credentials.append(
            Credential{it.key(), stringValue(it.value()), isSecretByDefault(it.key()), true});
    }

    const QJsonValue metadata = record.value(QStringLiteral("metadata"));
    if (!metadata.isUndefined() && !metadata.isNull() && !metadata.isObject())
        return fail(QStringLiteral("\"metadata\" must be an object"));
    provider.metadata = metadata.toObject();

    // {connect: [{code}]} as Openfront takes it, or a plain list of codes or {code} objects.
    QJsonValue regions = record.value(QStringLiteral("regions"));
    if (regions.isObject())
        regions = regions.toObject().value(QStringLiteral("connect"));
    if (!regions.isUndefined() && !regions.isArray())
        return fail(QStringLiteral("\"regions\" must be {\"connect\": [{\"code\": ...}]} or a "
                                   "list of region codes"));
    const QJsonArray regionList = regions.toArray();
    for (const QJsonValue region : regionList) {
        // Openfront's own exports give related records as objects; accept both shapes.
        const QString code = region.isObject()
                                 ? region.toObject().value(QStringLiteral("code")).toString()
                                 : region.toString();
        if (code.isEmpty())
            return fail(QStringLiteral("\"regions\" holds an entry without a code"));
        if (!workspace.region(code))
            return fail(QStringLiteral("region \"%1\" is not in this workspace; add it first "
                                       "(paybench-cli region add)")
                            .arg(code));
        provider.regions.append(code);
    }
    return parsed;
}

} // namespace

QJsonObject exportedCredentials(const ProviderInstance &provider)
{
    // Openfront's own docs keep the environment among the credentials.
    QJsonObject credentials{{QStringLiteral("environment"), environmentName(provider.environment)}};
    for (const Credential &credential : provider.credentials) {
        credentials.insert(credential.key, credential.valueLoaded ? QJsonValue(credential.value)
                                                                  : QJsonValue(QJsonValue::Null));
    }
    return credentials;
}

QJsonObject openfrontCreateInput(const Workspace &workspace, const ProviderInstance &provider,
                                 const std::optional<QJsonObject> &credentials)
{
    QJsonObject record{
        {QStringLiteral("name"), provider.name},
        {QStringLiteral("code"), provider.code},
        {QStringLiteral("isInstalled"), provider.installed},
        {QStringLiteral("metadata"), provider.metadata.object()},
    };
    if (!provider.regions.isEmpty()) {
        QJsonArray connect;
        for (const QString &code : provider.regions)
            connect.append(QJsonObject{{QStringLiteral("code"), code}});
        record.insert(QStringLiteral("regions"), QJsonObject{{QStringLiteral("connect"), connect}});
    }
    if (const Platform *platform = workspace.platform(provider.platform)) {
        for (PaymentFunction function : kAllPaymentFunctions)
            record.insert(functionField(function), platform->target(function));
    }
    if (credentials)
        record.insert(QStringLiteral("credentials"), *credentials);
    return record;
}

QJsonArray exportOpenfrontRecords(const Workspace &workspace, bool includeCredentials)
{
    QJsonArray records;
    for (const ProviderInstance &provider : workspace.providers) {
        records.append(openfrontCreateInput(
            workspace, provider,
            includeCredentials ? std::optional(exportedCredentials(provider)) : std::nullopt));
    }
    return records;
}

ImportReport importOpenfrontRecords(Workspace &workspace, const QByteArray &json,
                                    ImportConflictPolicy policy)
{
    ImportReport report;
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        report.errors.append(QStringLiteral("not valid JSON (%1 at byte %2)")
                                 .arg(parseError.errorString())
                                 .arg(parseError.offset));
        return report;
    }
    // One record, or a list of them.
    const QJsonArray records =
        document.isArray() ? document.array() : QJsonArray{document.object()};
    if (!document.isArray() && !document.isObject()) {
        report.errors.append(QStringLiteral("expected a list of PaymentProvider records"));
        return report;
    }

    Workspace result = workspace;
    QSet<QString> codesInFile;
    for (qsizetype i = 0; i < records.size(); ++i) {
        const QString where = QStringLiteral("record %1").arg(i + 1);
        std::optional<ParsedRecord> parsed =
            parseRecord(records.at(i), result, where, &report.errors);
        if (!parsed)
            continue;
        ProviderInstance &provider = parsed->provider;
        if (codesInFile.contains(provider.code)) {
            report.errors.append(
                QStringLiteral("%1: code %2 appears twice in the file").arg(where, provider.code));
            continue;
        }
        codesInFile.insert(provider.code);
        const int existing = result.providerIndex(provider.code);
        if (existing >= 0) {
            report.conflicts.append(provider.code);
            if (policy == ImportConflictPolicy::Fail) {
                report.errors.append(QStringLiteral("%1: a provider with code %2 already exists "
                                                    "(choose skip or replace)")
                                         .arg(where, provider.code));
                continue;
            }
            if (policy == ImportConflictPolicy::Skip) {
                ++report.skipped;
                continue;
            }
        }
        provider.platform =
            platformFor(result, provider.name, parsed->targets, &report.platformsCreated);
        if (existing >= 0) {
            result.providers[existing] = provider;
            ++report.replaced;
        } else {
            result.providers.append(provider);
            ++report.added;
        }
    }
    if (report.ok())
        workspace = std::move(result);
    else
        report.platformsCreated.clear();
    return report;
}

} // namespace paybench
