#pragma once

#include "CliContext.h"

namespace paybench::cli {

// paybench-cli webhook sign|verify|send: the webhook lab on the console.
int runWebhookSign(CliContext &context);
int runWebhookVerify(CliContext &context);
int runWebhookSend(CliContext &context);
int runWebhookCapture(CliContext &context);

} // namespace paybench::cli
