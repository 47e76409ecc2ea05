#pragma once

#include "CallResult.h"

namespace paybench::contract {

// Adds to result.contract what the documented contract says of a 2xx JSON object answer:
// fields, types, amounts, states, the webhook's echo of the event.
void judgeDocumentedAnswer(const PreparedCall &call, const json::OrderedValue &answer,
                           CallResult &result);

} // namespace paybench::contract
