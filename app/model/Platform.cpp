#include "Platform.h"

namespace paybench {

const QString &Platform::target(PaymentFunction function) const
{
    return targets.at(static_cast<std::size_t>(function));
}

void Platform::setTarget(PaymentFunction function, const QString &value)
{
    targets.at(static_cast<std::size_t>(function)) = value;
}

void Platform::setBaseUrl(const QString &baseUrl)
{
    QString base = baseUrl.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    for (PaymentFunction function : kAllPaymentFunctions)
        setTarget(function, base + conventionalPath(function));
}

QString Platform::baseUrl() const
{
    const QString &first = target(PaymentFunction::CreatePayment);
    const QString suffix = conventionalPath(PaymentFunction::CreatePayment);
    if (!first.endsWith(suffix))
        return {};
    QString base = first.left(first.size() - suffix.size());
    for (PaymentFunction function : kAllPaymentFunctions) {
        if (target(function) != base + conventionalPath(function))
            return {};
    }
    return base;
}

} // namespace paybench
