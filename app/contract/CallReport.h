#pragma once

#include "CallResult.h"

namespace paybench::contract {

// A result as JSON (request masked, answer, timings, verdicts), the document the CLI prints
// and the history stores. Credentials never appear in it.
json::OrderedValue callReport(const CallResult &result);
// The request alone, masked: method, url, headers, body.
json::OrderedValue maskedRequest(const PreparedCall &call);
// The provider code a stored report (callReport's JSON) was made for; empty when it has none.
QString reportProviderCode(const QByteArray &report);

} // namespace paybench::contract
