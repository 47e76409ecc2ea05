#pragma once

#include "CliContext.h"

namespace paybench::cli {

// paybench-cli call FUNCTION (--workspace W --provider CODE | --base-url URL --credentials
// FILE.json) [--profile NAME[,NAME...]] [--invoice] [--amount N] [--currency C] [--payment-id ID]
// [--body FILE] [--timeout S] [--ca-cert FILE] [--insecure] [--no-history]
// Prints the masked call report as JSON; exit 0 no failure, 1 failure (with --profile openfront
// also a failure of what Openfront would do), 2 usage or connection errors.
int runCall(CliContext &context);

} // namespace paybench::cli
