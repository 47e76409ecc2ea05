#include "WorkspaceFile.h"

#include "BoundedRead.h"
#include "ContentStamp.h"
#include "CredentialReference.h"
#include "InputLimits.h"
#include "RealPath.h"
#include "SafeFileWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace paybench {
namespace {

// Reads typed fields and remembers the first problem with its JSON path, so a hand-edited file
// gets "providers[2].installed must be true or false" instead of a silent default.
class Reader
{
public:
    [[nodiscard]] bool failed() const { return !m_error.isEmpty(); }
    [[nodiscard]] const QString &error() const { return m_error; }

    void fail(const QString &path, const QString &message)
    {
        if (m_error.isEmpty())
            m_error = path + QLatin1Char(' ') + message;
    }

    QString string(const QJsonObject &object, const QString &path, const QString &key,
                   bool required = true)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() && !required)
            return {};
        if (!value.isString())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be a string"));
        return value.toString();
    }

    bool boolean(const QJsonObject &object, const QString &path, const QString &key, bool fallback)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return fallback;
        if (!value.isBool())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be true or false"));
        return value.toBool(fallback);
    }

    QJsonArray array(const QJsonObject &object, const QString &path, const QString &key)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined())
            return {};
        if (!value.isArray())
            fail(path + QLatin1Char('.') + key, QStringLiteral("must be a list"));
        return value.toArray();
    }

    QJsonObject object(const QJsonValue &value, const QString &path)
    {
        if (!value.isObject())
            fail(path, QStringLiteral("must be an object"));
        return value.toObject();
    }

    QStringList strings(const QJsonObject &object, const QString &path, const QString &key)
    {
        QStringList result;
        const QJsonArray items = array(object, path, key);
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (!items.at(i).isString())
                fail(QStringLiteral("%1.%2[%3]").arg(path, key).arg(i),
                     QStringLiteral("must be a string"));
            result.append(items.at(i).toString());
        }
        return result;
    }

private:
    QString m_error;
};

// "providers[12]", or prefix + ".credentials[0]". Made for every item read (it names the item in
// an error), so appended directly: QString::arg parses its pattern on each call.
QString indexed(const char *list, qsizetype index, const QString &prefix = QString())
{
    const QLatin1String name(list);
    const QString number = QString::number(index);
    QString path;
    path.reserve(prefix.size() + 1 + name.size() + number.size() + 2);
    if (!prefix.isEmpty())
        path.append(prefix).append(QLatin1Char('.'));
    path.append(name).append(QLatin1Char('[')).append(number).append(QLatin1Char(']'));
    return path;
}

Credential readCredential(Reader &reader, const QJsonValue &value, const QString &path)
{
    const QJsonObject object = reader.object(value, path);
    Credential credential;
    credential.key = reader.string(object, path, QStringLiteral("key"));
    credential.secret = reader.boolean(object, path, QStringLiteral("secret"), false);
    credential.markedPublic = reader.boolean(object, path, QStringLiteral("public"), false);
    if (credential.secret && credential.markedPublic)
        reader.fail(path + QStringLiteral(".public"),
                    QStringLiteral("cannot be true for a secret: a value is either kept secret "
                                   "or shown"));
    const bool hasValue = object.contains(QStringLiteral("value"));
    credential.value = reader.string(object, path, QStringLiteral("value"), false);
    if (credential.secret && hasValue && !isCredentialReference(credential.value))
        reader.fail(path + QStringLiteral(".value"),
                    QStringLiteral("is a secret value written into the workspace file; secrets "
                                   "belong in the keychain or vault"));
    credential.valueLoaded = !credential.secret || hasValue;
    return credential;
}

Workspace readVersion2(Reader &reader, const QJsonObject &root)
{
    Workspace workspace;
    workspace.id = reader.string(root, QStringLiteral("workspace"), QStringLiteral("id"));
    if (!reader.failed() && workspace.id.isEmpty())
        reader.fail(QStringLiteral("workspace.id"), QStringLiteral("must not be empty"));

    const QJsonArray platforms =
        reader.array(root, QStringLiteral("workspace"), QStringLiteral("platforms"));
    for (qsizetype i = 0; i < platforms.size() && !reader.failed(); ++i) {
        const QString path = indexed("platforms", i);
        const QJsonObject object = reader.object(platforms.at(i), path);
        Platform platform;
        platform.name = reader.string(object, path, QStringLiteral("name"));
        for (PaymentFunction function : kAllPaymentFunctions)
            platform.setTarget(function, reader.string(object, path, functionField(function)));
        platform.caCertificateFile =
            reader.string(object, path, QStringLiteral("caCertificateFile"), false);
        workspace.platforms.append(platform);
    }

    const QJsonArray providers =
        reader.array(root, QStringLiteral("workspace"), QStringLiteral("providers"));
    workspace.providers.reserve(providers.size());
    for (qsizetype i = 0; i < providers.size() && !reader.failed(); ++i) {
        const QString path = indexed("providers", i);
        const QJsonObject object = reader.object(providers.at(i), path);
        ProviderInstance provider;
        provider.name = reader.string(object, path, QStringLiteral("name"));
        provider.code = reader.string(object, path, QStringLiteral("code"));
        provider.platform = reader.string(object, path, QStringLiteral("platform"));
        provider.installed = reader.boolean(object, path, QStringLiteral("installed"), true);
        const QString environment =
            reader.string(object, path, QStringLiteral("environment"), false);
        if (const auto parsed = environmentFromName(environment))
            provider.environment = *parsed;
        else if (!environment.isEmpty())
            reader.fail(path + QStringLiteral(".environment"),
                        QStringLiteral("must be \"sandbox\" or \"live\""));
        const QJsonArray credentials = reader.array(object, path, QStringLiteral("credentials"));
        for (qsizetype c = 0; c < credentials.size(); ++c)
            provider.credentials.append(
                readCredential(reader, credentials.at(c), indexed("credentials", c, path)));
        provider.regions = reader.strings(object, path, QStringLiteral("regions"));
        const QJsonValue metadata = object.value(QStringLiteral("metadata"));
        if (!metadata.isUndefined())
            provider.metadata = reader.object(metadata, path + QStringLiteral(".metadata"));
        workspace.providers.append(provider);
    }

    const QJsonArray regions =
        reader.array(root, QStringLiteral("workspace"), QStringLiteral("regions"));
    for (qsizetype i = 0; i < regions.size() && !reader.failed(); ++i) {
        const QString path = indexed("regions", i);
        const QJsonObject object = reader.object(regions.at(i), path);
        Region region;
        region.code = reader.string(object, path, QStringLiteral("code"));
        region.name = reader.string(object, path, QStringLiteral("name"));
        region.currency = reader.string(object, path, QStringLiteral("currency"));
        region.countries = reader.strings(object, path, QStringLiteral("countries"));
        workspace.regions.append(region);
    }
    const QJsonValue openfront = root.value(QStringLiteral("openfront"));
    if (!openfront.isUndefined() && !reader.failed()) {
        const QJsonObject object = reader.object(openfront, QStringLiteral("openfront"));
        workspace.openfront.graphqlUrl =
            reader.string(object, QStringLiteral("openfront"), QStringLiteral("graphqlUrl"));
    }
    return workspace;
}

// A secret value found in a version-1 file: it moves to the secret store on the next save.
struct MigratedSecret {
    qsizetype provider;
    QString key;
    QString value;
};

// Version 1 named functions by slug under "functions", kept credentials as one flat object
// with every value in the file, and had no workspace id.
QJsonObject migrateVersion1(Reader &reader, const QJsonObject &v1, QVector<MigratedSecret> *secrets)
{
    QJsonObject v2 = v1;
    v2.insert(QStringLiteral("version"), 2);
    v2.insert(QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces));

    QJsonArray platforms;
    const QJsonArray oldPlatforms =
        reader.array(v1, QStringLiteral("workspace"), QStringLiteral("platforms"));
    for (qsizetype i = 0; i < oldPlatforms.size(); ++i) {
        const QJsonObject old = reader.object(oldPlatforms.at(i), indexed("platforms", i));
        const QJsonObject functions = old.value(QStringLiteral("functions")).toObject();
        QJsonObject platform{{QStringLiteral("name"), old.value(QStringLiteral("name"))}};
        for (PaymentFunction function : kAllPaymentFunctions)
            platform.insert(functionField(function), functions.value(functionSlug(function)));
        platforms.append(platform);
    }
    v2.insert(QStringLiteral("platforms"), platforms);

    QJsonArray providers;
    const QJsonArray oldProviders =
        reader.array(v1, QStringLiteral("workspace"), QStringLiteral("providers"));
    for (qsizetype i = 0; i < oldProviders.size(); ++i) {
        QJsonObject provider = reader.object(oldProviders.at(i), indexed("providers", i));
        const QJsonObject oldCredentials = provider.value(QStringLiteral("credentials")).toObject();
        const QJsonArray secretKeys = provider.value(QStringLiteral("secretKeys")).toArray();
        QJsonArray credentials;
        for (auto it = oldCredentials.begin(); it != oldCredentials.end(); ++it) {
            const QString value = it.value().toVariant().toString();
            QJsonObject credential{{QStringLiteral("key"), it.key()}};
            if (secretKeys.contains(QJsonValue(it.key()))) {
                credential.insert(QStringLiteral("secret"), true);
                secrets->append(MigratedSecret{i, it.key(), value});
            } else {
                credential.insert(QStringLiteral("value"), value);
            }
            credentials.append(credential);
        }
        provider.remove(QStringLiteral("secretKeys"));
        provider.insert(QStringLiteral("credentials"), credentials);
        providers.append(provider);
    }
    v2.insert(QStringLiteral("providers"), providers);
    return v2;
}

QJsonObject credentialToJson(const Credential &credential)
{
    QJsonObject object{{QStringLiteral("key"), credential.key}};
    if (credential.secret)
        object.insert(QStringLiteral("secret"), true);
    else if (credential.markedPublic)
        object.insert(QStringLiteral("public"), true);
    // A reference is not a secret: it names where the secret comes from at call time.
    if (!credential.secret || isCredentialReference(credential.value))
        object.insert(QStringLiteral("value"), credential.value);
    return object;
}

} // namespace

WorkspaceLoadResult workspaceFromJson(const QByteArray &json)
{
    WorkspaceLoadResult result;
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error = QStringLiteral("is not valid JSON (%1 at byte %2)")
                           .arg(parseError.errorString())
                           .arg(parseError.offset);
        return result;
    }
    const QJsonObject root = document.object();
    if (!document.isObject() ||
        root.value(QStringLiteral("format")).toString() != QLatin1String(kWorkspaceFormatTag)) {
        result.error = QStringLiteral("is not a Paybench workspace (it has no \"format\": \"%1\")")
                           .arg(QLatin1String(kWorkspaceFormatTag));
        return result;
    }
    const QJsonValue versionValue = root.value(QStringLiteral("version"));
    const double versionNumber = versionValue.toDouble(-1);
    const int version = static_cast<int>(versionNumber);
    if (!versionValue.isDouble() || version != versionNumber || version < 1) {
        result.error = QStringLiteral("has no valid format version (\"version\" must be a whole "
                                      "number from 1 to %1)")
                           .arg(kWorkspaceFormatVersion);
        return result;
    }
    if (version > kWorkspaceFormatVersion) {
        result.error = QStringLiteral("was written by a newer Paybench (workspace format %1; this "
                                      "version reads formats up to %2). Update Paybench to open "
                                      "it.")
                           .arg(version)
                           .arg(kWorkspaceFormatVersion);
        return result;
    }

    Reader reader;
    QVector<MigratedSecret> migratedSecrets;
    QJsonObject current = root;
    if (version == 1) {
        current = migrateVersion1(reader, root, &migratedSecrets);
        result.migratedFromVersion = 1;
    }
    Workspace workspace;
    if (!reader.failed())
        workspace = readVersion2(reader, current);
    for (const MigratedSecret &secret : migratedSecrets) {
        if (secret.provider >= workspace.providers.size())
            continue;
        if (Credential *credential = workspace.providers[secret.provider].credential(secret.key)) {
            credential->value = secret.value;
            credential->valueLoaded = true;
        }
    }
    if (reader.failed()) {
        result.error = QStringLiteral("is damaged: %1").arg(reader.error());
        return result;
    }
    result.workspace = std::move(workspace);
    return result;
}

QByteArray workspaceToJson(const Workspace &workspace)
{
    QJsonArray platforms;
    for (const Platform &platform : workspace.platforms) {
        QJsonObject object{{QStringLiteral("name"), platform.name}};
        for (PaymentFunction function : kAllPaymentFunctions)
            object.insert(functionField(function), platform.target(function));
        // Written only when set, so files without one stay as they were.
        if (!platform.caCertificateFile.isEmpty())
            object.insert(QStringLiteral("caCertificateFile"), platform.caCertificateFile);
        platforms.append(object);
    }
    QJsonArray providers;
    for (const ProviderInstance &provider : workspace.providers) {
        QJsonArray credentials;
        for (const Credential &credential : provider.credentials)
            credentials.append(credentialToJson(credential));
        providers.append(QJsonObject{
            {QStringLiteral("name"), provider.name},
            {QStringLiteral("code"), provider.code},
            {QStringLiteral("platform"), provider.platform},
            {QStringLiteral("installed"), provider.installed},
            {QStringLiteral("environment"), environmentName(provider.environment)},
            {QStringLiteral("credentials"), credentials},
            {QStringLiteral("regions"), QJsonArray::fromStringList(provider.regions)},
            {QStringLiteral("metadata"), provider.metadata},
        });
    }
    QJsonArray regions;
    for (const Region &region : workspace.regions) {
        regions.append(QJsonObject{
            {QStringLiteral("code"), region.code},
            {QStringLiteral("name"), region.name},
            {QStringLiteral("currency"), region.currency},
            {QStringLiteral("countries"), QJsonArray::fromStringList(region.countries)},
        });
    }
    // QJsonObject keeps keys sorted, which is exactly the stable order a diff wants.
    QJsonObject root{
        {QStringLiteral("format"), QLatin1String(kWorkspaceFormatTag)},
        {QStringLiteral("version"), kWorkspaceFormatVersion},
        {QStringLiteral("id"), workspace.id},
        {QStringLiteral("platforms"), platforms},
        {QStringLiteral("providers"), providers},
        {QStringLiteral("regions"), regions},
    };
    // Written only when connected, so files without a connection stay as they were.
    if (!workspace.openfront.graphqlUrl.isEmpty())
        root.insert(QStringLiteral("openfront"),
                    QJsonObject{{QStringLiteral("graphqlUrl"), workspace.openfront.graphqlUrl}});
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

namespace {

WorkspaceLoadResult readWorkspaceFile(const QString &path)
{
    WorkspaceLoadResult result;
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = QStringLiteral("Cannot open %1: %2").arg(path, file.errorString());
        return result;
    }
    const std::optional<QByteArray> bytes =
        io::readBounded(file, io::kMaxWorkspaceFileBytes, name, &result.error);
    if (!bytes)
        return result;
    result = workspaceFromJson(*bytes);
    if (!result.workspace) {
        result.error = name + QLatin1Char(' ') + result.error;
        return result;
    }
    result.contentStamp = io::contentStamp(*bytes);
    return result;
}

} // namespace

WorkspaceLoadResult loadWorkspaceFile(const QString &path)
{
    WorkspaceLoadResult result = readWorkspaceFile(path);
    const QString backup = workspaceBackupPath(path);
    if (!result.workspace && QFileInfo(path).isFile() && QFileInfo::exists(backup) &&
        readWorkspaceFile(backup).workspace) {
        result.backupPath = backup;
        result.error += QStringLiteral("\nThe previous version is intact in %1: open that file, "
                                       "or copy it over the damaged one.")
                            .arg(QDir::toNativeSeparators(backup));
    }
    return result;
}

QString workspaceBackupPath(const QString &path)
{
    return io::SafeFileWriter::backupPath(io::realFilePath(path));
}

bool saveWorkspaceFile(const Workspace &workspace, const QString &path, QString *error,
                       QByteArray *stamp)
{
    io::SafeFileWriter writer(path);
    writer.setKeepBackup(true);
    const QByteArray bytes = workspaceToJson(workspace);
    if (!writer.write(bytes)) {
        *error = writer.errorString();
        return false;
    }
    if (stamp)
        *stamp = io::contentStamp(bytes);
    return true;
}

} // namespace paybench
