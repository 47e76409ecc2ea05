#pragma once

#include "CallTarget.h"
#include "CliArgs.h"
#include "CliContext.h"

#include <optional>

namespace paybench::cli {

// The provider to call from --workspace W --provider CODE (secrets loaded from the keychain or
// vault, ${env:NAME} resolved) or from --base-url URL [--credentials FILE.json]; prints why not.
std::optional<contract::CallTarget> loadCallTarget(CliContext &context, const CliArgs &args);

// paybench-cli latency FUNCTION ...: repeats a call and prints the latency statistics.
int runLatency(CliContext &context);

} // namespace paybench::cli
