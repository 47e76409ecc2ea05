#include "PaymentFunction.h"

namespace paybench {
namespace {

struct FunctionNames {
    const char *field;
    const char *slug;
    const char *title;
};

constexpr FunctionNames kNames[] = {
    {"createPaymentFunction", "create-payment", "Create payment"},
    {"capturePaymentFunction", "capture-payment", "Capture payment"},
    {"refundPaymentFunction", "refund-payment", "Refund payment"},
    {"getPaymentStatusFunction", "get-payment-status", "Get payment status"},
    {"generatePaymentLinkFunction", "generate-payment-link", "Generate payment link"},
    {"handleWebhookFunction", "handle-webhook", "Handle webhook"},
};

const FunctionNames &namesOf(PaymentFunction function)
{
    return kNames[static_cast<int>(function)];
}

} // namespace

QString functionField(PaymentFunction function)
{
    return QString::fromLatin1(namesOf(function).field);
}

QString functionSlug(PaymentFunction function)
{
    return QString::fromLatin1(namesOf(function).slug);
}

QString functionTitle(PaymentFunction function)
{
    return QString::fromLatin1(namesOf(function).title);
}

QString conventionalPath(PaymentFunction function)
{
    return QStringLiteral("/api/") + functionSlug(function);
}

std::optional<PaymentFunction> functionFromName(const QString &name)
{
    for (PaymentFunction function : kAllPaymentFunctions) {
        if (name == functionSlug(function) || name == functionField(function))
            return function;
    }
    return std::nullopt;
}

QStringList builtInAdapterNames()
{
    return {QStringLiteral("stripe"), QStringLiteral("paypal"), QStringLiteral("manual")};
}

bool isBuiltInAdapter(const QString &target)
{
    return builtInAdapterNames().contains(target);
}

} // namespace paybench
