#pragma once

#include <QString>

#include <optional>

namespace paybench::cli {

// Reads a line from the controlling terminal with echo off. nullopt when there is no terminal
// (a pipe, a service, CI), so scripts never hang on a prompt.
std::optional<QString> askOnTerminal(const QString &question);

} // namespace paybench::cli
