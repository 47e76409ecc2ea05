#pragma once

#include "CliArgs.h"
#include "CliContext.h"
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
    QString path;
    Workspace saved;
    Workspace current;
};

// Loads --workspace; on failure prints why and sets *exitCode (2 unreadable, 1 damaged).
std::optional<CliWorkspace> openWorkspace(CliContext &context, const QString &path, int *exitCode);

// The keychain or vault for that workspace; prints why not on failure.
std::unique_ptr<SecretStore> openSecretStore(CliContext &context, const QString &workspacePath);

// Validates, then writes secrets (first, so a typed secret is never lost) and the file.
// Errors in the changed items stop it before anything is written. Returns the exit code.
int saveWorkspace(CliContext &context, CliWorkspace &workspace);

void printFindings(QTextStream &stream, const QVector<Finding> &findings);
void printJson(QTextStream &stream, const QJsonDocument &document);

} // namespace paybench::cli
