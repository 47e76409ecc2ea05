#include "ConformanceReport.h"

#include <algorithm>

namespace paybench::conformance {

using contract::PayloadProfile;

std::optional<QVector<PayloadProfile>> profilesFromName(const QString &name)
{
    if (name == QLatin1String("both"))
        return QVector<PayloadProfile>{PayloadProfile::Documented, PayloadProfile::Openfront};
    if (const auto profile = contract::profileFromName(name))
        return QVector<PayloadProfile>{*profile};
    return std::nullopt;
}

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
