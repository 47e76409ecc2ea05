#pragma once

#include "CliContext.h"

namespace paybench::cli {

// The workspace commands an installer scripts: create, add and change items, list, validate,
// export to and import from Openfront's PaymentProvider records.
int runWorkspaceInit(CliContext &context);
int runPlatformAdd(CliContext &context);
int runPlatformSet(CliContext &context);
int runProviderAdd(CliContext &context);
int runProviderSet(CliContext &context);
int runRegionAdd(CliContext &context);
int runRegionSet(CliContext &context);
int runList(CliContext &context);
int runValidate(CliContext &context);
int runExportOpenfront(CliContext &context);
int runImportOpenfront(CliContext &context);

} // namespace paybench::cli
