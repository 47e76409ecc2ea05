#pragma once

#include "CliContext.h"

namespace paybench::cli {

// paybench-cli diagnose: the status and link of one payment, its timeline from the call
// history, and the contradictions found on it.
int runDiagnose(CliContext &context);

} // namespace paybench::cli
