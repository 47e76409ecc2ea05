#pragma once

#include "CredentialReference.h"

#include <QIODevice>
#include <QStringList>

#include <functional>
#include <optional>

namespace paybench::cli {

// Runs `paybench-cli ARGS...` (arguments without the program name) with the given streams.
// Returns the process exit code.
int runCli(const QStringList &arguments, QIODevice &in, QIODevice &out, QIODevice &err,
           const EnvironmentLookup &environment = processEnvironment(),
           const std::function<std::optional<QString>(const QString &)> &askSecret = {});

} // namespace paybench::cli
