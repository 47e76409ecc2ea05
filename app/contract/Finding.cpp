#include "Finding.h"

namespace paybench::contract {

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Pass:
        return QStringLiteral("pass");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Failure:
        return QStringLiteral("failure");
    }
    return {};
}

Severity Verdict::result() const
{
    Severity worst = Severity::Pass;
    for (const Finding &finding : findings) {
        if (static_cast<int>(finding.severity) > static_cast<int>(worst))
            worst = finding.severity;
    }
    return worst;
}

const Finding *Verdict::find(const QString &code) const
{
    for (const Finding &finding : findings) {
        if (finding.code == code)
            return &finding;
    }
    return nullptr;
}

void Verdict::add(Severity severity, const QString &code, const QString &path,
                  const QString &message, const QString &expected, const QString &actual,
                  const QString &advice)
{
    findings.append({severity, code, path, message, expected, actual, advice});
}

} // namespace paybench::contract
