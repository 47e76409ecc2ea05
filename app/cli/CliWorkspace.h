#pragma once

#include "CliArgs.h"
#include "CliContext.h"
#include "FileLock.h"
#include "SecretStore.h"
#include "Validation.h"
#include "Workspace.h"

#include <QJsonDocument>

#include <memory>
#include <optional>

namespace paybench::cli {

// Parses the command's flags; prints the usage error and returns nullopt when they are wrong.
std::optional<CliArgs> parseArgs(CliContext &context, const CliArgs::Spec &spec);

// The open workspace of one CLI command: as loaded (what the secret store matches) and as
// changed by the command.
struct CliWorkspace {
    QString path; // the real file, symlinks followed: its vault, backup and lock sit beside it
    Workspace saved;
    Workspace current;
    std::shared_ptr<io::FileLock> lock; // held by an edit from loading to saving
};

// How long an edit waits for another process editing the same workspace; the variable
// PAYBENCH_LOCK_TIMEOUT (seconds) changes it.
inline constexpr int kDefaultLockWaitSeconds = 5;

// Loads --workspace; on failure prints why and sets *exitCode (2 unreadable, 1 damaged).
std::optional<CliWorkspace> openWorkspace(CliContext &context, const QString &path, int *exitCode);
// The same for a read-modify-write: takes the workspace's lock first and keeps it in the result,
// so concurrent edits by other processes wait instead of overwriting each other. Fails (exit 2)
// when another process keeps it longer than the lock wait.
std::optional<CliWorkspace> openWorkspaceForEdit(CliContext &context, const QString &path,
                                                 int *exitCode);
// The workspace's lock alone (creating a workspace); prints why not.
std::unique_ptr<io::FileLock> lockWorkspace(CliContext &context, const QString &path);

// The keychain or vault for that workspace; prints why not on failure.
std::unique_ptr<SecretStore> openSecretStore(CliContext &context, const QString &workspacePath);

// Validates, then writes secrets (first, so a typed secret is never lost) and the file.
// Errors in the changed items stop it before anything is written. Returns the exit code.
int saveWorkspace(CliContext &context, CliWorkspace &workspace);

void printFindings(QTextStream &stream, const QVector<Finding> &findings);
void printJson(QTextStream &stream, const QJsonDocument &document);

} // namespace paybench::cli
