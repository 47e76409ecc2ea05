#include "ConformanceReport.h"

#include <algorithm>

namespace paybench::conformance {

int ConformanceReport::count(CheckVerdict verdict) const
{
    return static_cast<int>(
        std::count_if(checks.begin(), checks.end(),
                      [verdict](const CheckResult &check) { return check.verdict == verdict; }));
}

qint64 ConformanceReport::elapsedMs() const
{
    return startedAt.isValid() && finishedAt.isValid() ? startedAt.msecsTo(finishedAt) : 0;
}

} // namespace paybench::conformance
