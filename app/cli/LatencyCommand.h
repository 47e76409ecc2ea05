#pragma once

#include "CliContext.h"

namespace paybench::cli {

// paybench-cli latency FUNCTION ...: repeats a call and prints the latency statistics.
int runLatency(CliContext &context);

} // namespace paybench::cli
