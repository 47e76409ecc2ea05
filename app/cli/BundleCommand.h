#pragma once

#include "CliContext.h"

namespace paybench::cli {

// paybench-cli bundle: a redacted support bundle (zip) for one provider.
int runBundle(CliContext &context);

} // namespace paybench::cli
