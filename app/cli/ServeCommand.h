#pragma once

#include "CliContext.h"

namespace paybench::cli {

// paybench-cli serve: runs the embedded demo gateway headless until SIGINT or SIGTERM.
int runServe(CliContext &context);

} // namespace paybench::cli
