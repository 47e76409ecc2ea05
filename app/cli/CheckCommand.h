#pragma once

#include "CliContext.h"

namespace paybench::cli {

// paybench-cli check (--workspace W --provider CODE [--provider CODE]... | --base-url URL
// --credentials FILE.json) [--profile all|openfront|documented|openfront@VERSION[,...]] [--junit
// FILE] [--html FILE]
// [--json FILE|-] [--timeout S]: a conformance run, one line per check and a summary. Exit 0 when
// no check failed, 1 when one did, 2 on usage errors.
int runCheck(CliContext &context);

} // namespace paybench::cli
