#pragma once

#include "CliContext.h"

namespace paybench::cli {

// paybench-cli probe: DNS, TCP, TLS and HTTP checks of every function URL.
int runProbe(CliContext &context);

} // namespace paybench::cli
