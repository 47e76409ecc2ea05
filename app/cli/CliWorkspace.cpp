#include "CliWorkspace.h"

#include "CredentialReference.h"
#include "RealPath.h"
#include "SecretStoreFactory.h"
#include "WorkspaceFile.h"
#include "WorkspaceSecrets.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

namespace paybench::cli {
namespace {

bool isStoredSecret(const Credential &credential)
{
    return credential.secret && !isCredentialReference(credential.value);
}

QSet<QString> storedSecretKeys(const Workspace &workspace)
{
    QSet<QString> keys;
    for (const ProviderInstance &provider : workspace.providers) {
        for (const Credential &credential : provider.credentials) {
            if (isStoredSecret(credential))
                keys.insert(secretKey(workspace, provider.code, credential.key));
        }
    }
    return keys;
}

// The store is opened only when a secret was typed in or one must be deleted, so plain edits
// of a workspace with secrets need no passphrase.
bool needsSecretStore(const CliWorkspace &workspace)
{
    for (const ProviderInstance &provider : workspace.current.providers) {
        for (const Credential &credential : provider.credentials) {
            if (isStoredSecret(credential) && credential.valueLoaded)
                return true;
        }
    }
    return !(storedSecretKeys(workspace.saved) - storedSecretKeys(workspace.current)).isEmpty();
}

QSet<QString> errorLines(const QVector<Finding> &findings)
{
    QSet<QString> lines;
    for (const Finding &finding : findings) {
        if (finding.severity == Severity::Error)
            lines.insert(finding.toString());
    }
    return lines;
}

} // namespace

std::optional<CliArgs> parseArgs(CliContext &context, const CliArgs::Spec &spec)
{
    QString error;
    std::optional<CliArgs> args = CliArgs::parse(context.args, spec, &error);
    if (!args)
        context.err << "paybench-cli: " << error << " (see --help)\n";
    return args;
}

std::optional<CliWorkspace> openWorkspace(CliContext &context, const QString &path, int *exitCode)
{
    if (path.isEmpty()) {
        context.err << "paybench-cli: --workspace FILE is required\n";
        *exitCode = kExitUsage;
        return std::nullopt;
    }
    const WorkspaceLoadResult loaded = loadWorkspaceFile(path);
    if (!loaded.workspace) {
        context.err << "paybench-cli: " << loaded.error << '\n';
        *exitCode = QFileInfo(path).isFile() ? kExitInvalid : kExitUsage;
        return std::nullopt;
    }
    if (loaded.migratedFromVersion > 0)
        context.err << "paybench-cli: " << QFileInfo(path).fileName() << " uses workspace format "
                    << loaded.migratedFromVersion << "; it will be saved in format "
                    << kWorkspaceFormatVersion << " when changed\n";
    return CliWorkspace{io::realFilePath(path), *loaded.workspace, *loaded.workspace, nullptr};
}

std::unique_ptr<io::FileLock> lockWorkspace(CliContext &context, const QString &path)
{
    int seconds = kDefaultLockWaitSeconds;
    const std::optional<QString> wait =
        context.environment ? context.environment(QStringLiteral("PAYBENCH_LOCK_TIMEOUT"))
                            : std::nullopt;
    if (wait && !wait->isEmpty()) {
        bool ok = false;
        seconds = wait->toInt(&ok);
        if (!ok || seconds < 0 || seconds > 3600) {
            context.err << "paybench-cli: PAYBENCH_LOCK_TIMEOUT must be 0 to 3600 seconds\n";
            return nullptr;
        }
    }
    auto lock = std::make_unique<io::FileLock>(path);
    QString error;
    if (!lock->lock(std::chrono::seconds(seconds), &error)) {
        context.err << "paybench-cli: " << error << '\n';
        return nullptr;
    }
    return lock;
}

std::optional<CliWorkspace> openWorkspaceForEdit(CliContext &context, const QString &path,
                                                 int *exitCode)
{
    // No file, nothing to protect: openWorkspace says what is wrong.
    if (path.isEmpty() || !QFileInfo::exists(path))
        return openWorkspace(context, path, exitCode);
    std::shared_ptr<io::FileLock> lock = lockWorkspace(context, path);
    if (!lock) {
        *exitCode = kExitUsage;
        return std::nullopt;
    }
    std::optional<CliWorkspace> workspace = openWorkspace(context, path, exitCode);
    if (workspace)
        workspace->lock = std::move(lock);
    return workspace;
}

std::unique_ptr<SecretStore> openSecretStore(CliContext &context, const QString &workspacePath)
{
    SecretStoreOptions options;
    options.environment = context.environment;
    if (context.askSecret) {
        options.passphrasePrompt = [&context, workspacePath] {
            return context.askSecret(QStringLiteral("Vault passphrase for %1: ")
                                         .arg(QFileInfo(workspacePath).fileName()));
        };
    }
    QString error;
    std::unique_ptr<SecretStore> store = createSecretStore(workspacePath, options, &error);
    if (!store)
        context.err << "paybench-cli: cannot open the secret store: " << error << '\n';
    return store;
}

int saveWorkspace(CliContext &context, CliWorkspace &workspace)
{
    const QVector<Finding> findings = validateWorkspace(workspace.current);
    const QSet<QString> before = errorLines(validateWorkspace(workspace.saved));
    QVector<Finding> newErrors;
    for (const Finding &finding : findings) {
        if (finding.severity == Severity::Error && !before.contains(finding.toString()))
            newErrors.append(finding);
        else if (finding.severity == Severity::Warning)
            context.err << "warning: " << finding.toString() << '\n';
    }
    if (!newErrors.isEmpty()) {
        for (const Finding &finding : newErrors)
            context.err << "error: " << finding.toString() << '\n';
        context.err << "paybench-cli: nothing was saved\n";
        return kExitInvalid;
    }

    if (needsSecretStore(workspace)) {
        std::unique_ptr<SecretStore> store = openSecretStore(context, workspace.path);
        if (!store)
            return kExitUsage;
        const QStringList errors =
            saveWorkspaceSecretsBlocking(workspace.saved, workspace.current, *store);
        if (!errors.isEmpty()) {
            for (const QString &error : errors)
                context.err << "error: " << error << '\n';
            context.err << "paybench-cli: the secrets could not be stored; the workspace file "
                           "was not changed\n";
            return kExitUsage;
        }
    }
    QString error;
    if (!saveWorkspaceFile(workspace.current, workspace.path, &error)) {
        context.err << "paybench-cli: " << error << '\n';
        return kExitUsage;
    }
    workspace.saved = workspace.current;
    return kExitOk;
}

void printFindings(QTextStream &stream, const QVector<Finding> &findings)
{
    QJsonArray array;
    for (const Finding &finding : findings) {
        array.append(QJsonObject{
            {QStringLiteral("severity"), severityName(finding.severity)},
            {QStringLiteral("kind"), itemKindName(finding.kind)},
            {QStringLiteral("item"), finding.item},
            {QStringLiteral("field"), finding.field},
            {QStringLiteral("message"), finding.message},
        });
    }
    printJson(stream, QJsonDocument(array));
}

void printJson(QTextStream &stream, const QJsonDocument &document)
{
    stream << QString::fromUtf8(document.toJson(QJsonDocument::Indented));
}

} // namespace paybench::cli
