#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <optional>

namespace paybench {

// The six functions Openfront calls on a payment provider.
enum class PaymentFunction {
    CreatePayment,
    CapturePayment,
    RefundPayment,
    GetPaymentStatus,
    GeneratePaymentLink,
    HandleWebhook,
};

inline constexpr std::array<PaymentFunction, 6> kAllPaymentFunctions{
    PaymentFunction::CreatePayment,       PaymentFunction::CapturePayment,
    PaymentFunction::RefundPayment,       PaymentFunction::GetPaymentStatus,
    PaymentFunction::GeneratePaymentLink, PaymentFunction::HandleWebhook,
};

// "createPaymentFunction": the field name in Openfront's PaymentProvider record.
QString functionField(PaymentFunction function);
// "create-payment": the conventional endpoint name and the CLI spelling.
QString functionSlug(PaymentFunction function);
// "Create payment": for people.
QString functionTitle(PaymentFunction function);
// "/api/create-payment": the conventional path below a base URL.
QString conventionalPath(PaymentFunction function);
// Accepts the slug ("create-payment") or the field name ("createPaymentFunction").
std::optional<PaymentFunction> functionFromName(const QString &name);

// Names Openfront resolves to built-in adapter modules instead of an HTTP call.
QStringList builtInAdapterNames();
bool isBuiltInAdapter(const QString &target);

} // namespace paybench
