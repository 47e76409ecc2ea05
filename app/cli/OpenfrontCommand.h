#pragma once

#include "CliContext.h"

namespace paybench::cli {

// paybench-cli openfront connect|push|pull|diff|webhook-bridge: a workspace in step with a
// running Openfront store over its GraphQL API (app/openfront).
int runOpenfrontConnect(CliContext &context);
int runOpenfrontPush(CliContext &context);
int runOpenfrontPull(CliContext &context);
int runOpenfrontDiff(CliContext &context);
int runOpenfrontWebhookBridge(CliContext &context);

} // namespace paybench::cli
