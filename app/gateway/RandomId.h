#pragma once

#include <QString>

namespace paybench::gateway {

// prefix + hexDigits random lower-case hex digits (at most 32), from the global generator:
// payment, capture, refund and event ids. Written in place, one allocation per id.
QString randomId(QStringView prefix, int hexDigits = 24);

} // namespace paybench::gateway
