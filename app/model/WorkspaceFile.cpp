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

namespace paybench {
namespace {

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
            {QStringLiteral("metadata"), provider.metadata.object()},
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
    const io::FileLook look = io::FileLook::of(path); // before the read: a later write differs
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
    result.fileLook = look;
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
