#pragma once

#include "CredentialReference.h"

#include <QIODevice>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <optional>

namespace paybench::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitInvalid = 1; // invalid data, failed verdict
inline constexpr int kExitUsage = 2;   // bad flags, unreadable files, connection errors

// What a command sees: its arguments (after the command words) and its three streams, so the
// CLI can be driven in-process by tests.
struct CliContext {
    QStringList args;
    QIODevice &in;
    QTextStream &out;
    QTextStream &err;
    EnvironmentLookup environment;
    // Asks the person at the terminal for a secret without echoing it; empty when nobody can
    // answer (scripts, CI, tests), and then commands say which variable to set instead.
    std::function<std::optional<QString>(const QString &question)> askSecret;
};

} // namespace paybench::cli
