#include "RuntimeProfileGuide.h"

#include "PaymentFunction.h"
#include "RuntimeProfile.h"

#include <QStringList>

namespace paybench::contract {

QString runtimeProfileGuideMarkdown()
{
    QString text = QStringLiteral(
        "Every answer in Test call is judged by each profile below; the chosen profile also "
        "shapes the request. Checks and `paybench-cli --profile` take these names, or "
        "`openfront` (every Openfront version) and `all` (every profile).\n\n");
    for (const RuntimeProfile *profile : runtimeProfiles()) {
        QStringList called;
        for (PaymentFunction function : kAllPaymentFunctions) {
            if (profile->callsFunction(function))
                called << QStringLiteral("`%1`").arg(functionSlug(function));
        }
        text += QStringLiteral("## %1 (`%2`)\n\n%3\n\nCalls: %4.\n\n")
                    .arg(profile->title(), profile->name(), profile->description(),
                         called.join(QStringLiteral(", ")));
    }
    return text;
}

} // namespace paybench::contract
