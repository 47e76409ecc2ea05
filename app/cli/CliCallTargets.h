#pragma once

#include "CallTarget.h"
#include "CliArgs.h"
#include "CliContext.h"
#include "CredentialResolver.h"
#include "RuntimeProfile.h"

#include <QVector>

#include <optional>

namespace paybench::cli {

// What the call-making commands (call, check, latency, diagnose) talk to. Each prints why not
// on failure.

// The one resolver of credentials, its secret store the workspace's keychain or vault (opened
// on the first secret that is not loaded; a failure to open it is printed).
support::CredentialResolver credentialResolver(CliContext &context, const QString &workspacePath);

// The named providers of the workspace, their secrets loaded from the keychain or vault (the
// store is opened once, and only when a secret is not loaded) and ${env:NAME} resolved.
// *exitCode: 2 for an unreadable file or unknown provider, 1 for a damaged workspace.
std::optional<QVector<contract::CallTarget>>
callTargetsFromWorkspace(CliContext &context, const QString &workspacePath,
                         const QStringList &providerCodes, int *exitCode);

// The six conventional paths below baseUrl, credentials from a JSON object file (optional).
std::optional<contract::CallTarget>
callTargetFromBaseUrl(CliContext &context, const QString &baseUrl, const QString &credentialsPath);

// --workspace W --provider CODE, or --base-url URL [--credentials FILE.json].
std::optional<contract::CallTarget> callTargetFromArgs(CliContext &context, const CliArgs &args,
                                                       int *exitCode);

// --profile NAME[,NAME...] (names or the groups "openfront" and "all"); `fallback` when the flag
// is absent. An unknown name prints the known ones (a usage error).
std::optional<QVector<const contract::RuntimeProfile *>>
profilesFromArgs(CliContext &context, const CliArgs &args, const QString &fallback);

} // namespace paybench::cli
