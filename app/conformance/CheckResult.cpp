#include "CheckResult.h"

namespace paybench::conformance {

using contract::PayloadProfile;

QString verdictName(CheckVerdict verdict)
{
    switch (verdict) {
    case CheckVerdict::Pending:
        return QStringLiteral("pending");
    case CheckVerdict::Pass:
        return QStringLiteral("pass");
    case CheckVerdict::Warn:
        return QStringLiteral("warn");
    case CheckVerdict::Fail:
        return QStringLiteral("fail");
    case CheckVerdict::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

const QVector<CheckInfo> &checkCatalog()
{
    using K = CheckKind;
    using F = PaymentFunction;
    static const QVector<CheckInfo> catalog{
        {K::CreatePayment,
         1,
         QStringLiteral("create-payment"),
         QStringLiteral("create-payment answers paymentId and sessionData"),
         {},
         {F::CreatePayment}},
        {K::StatusAfterCreate,
         2,
         QStringLiteral("status-after-create"),
         QStringLiteral("get-payment-status reports the new payment: valid status, same amount and "
                        "currency"),
         {K::CreatePayment},
         {F::GetPaymentStatus}},
        {K::CapturePayment,
         3,
         QStringLiteral("capture-payment"),
         QStringLiteral("capture-payment captures the amount asked for"),
         {K::CreatePayment},
         {F::CapturePayment}},
        {K::StatusAfterCapture,
         4,
         QStringLiteral("status-after-capture"),
         QStringLiteral("get-payment-status says captured after the capture"),
         {K::CapturePayment},
         {F::GetPaymentStatus}},
        {K::RefundPayment,
         5,
         QStringLiteral("refund-payment"),
         QStringLiteral("refund-payment refunds part, then the rest"),
         {K::CapturePayment},
         {F::RefundPayment}},
        {K::RefundBeyondCaptured,
         6,
         QStringLiteral("refund-beyond-captured"),
         QStringLiteral("a refund beyond what was captured is refused with a 4xx JSON error"),
         {K::CapturePayment},
         {F::RefundPayment}},
        {K::PaymentLink,
         7,
         QStringLiteral("payment-link"),
         QStringLiteral("generate-payment-link answers an absolute http(s) url"),
         {K::CreatePayment},
         {F::GeneratePaymentLink}},
        {K::WebhookSigned,
         8,
         QStringLiteral("webhook-signed"),
         QStringLiteral("handle-webhook verifies a correctly signed event"),
         {K::CreatePayment},
         {F::HandleWebhook}},
        {K::WebhookWrongSignature,
         9,
         QStringLiteral("webhook-wrong-signature"),
         QStringLiteral("handle-webhook refuses a wrong signature with 403 and verified: false"),
         {K::CreatePayment},
         {F::HandleWebhook}},
        {K::Refusals,
         10,
         QStringLiteral("refusals"),
         QStringLiteral("GET, a wrong API key and malformed JSON are refused with 4xx JSON errors"),
         {},
         {}},
        {K::TimeAndJson,
         11,
         QStringLiteral("time-and-json"),
         QStringLiteral("every answer arrives within the time budget and is JSON"),
         {},
         {}},
        {K::OpenfrontFindings,
         12,
         QStringLiteral("openfront-handling"),
         QStringLiteral("what Openfront would do with each answer"),
         {},
         {}},
    };
    return catalog;
}

const CheckInfo &checkInfo(CheckKind kind)
{
    return checkCatalog().at(static_cast<int>(kind) - 1);
}

QVector<CheckKind> checksFor(PayloadProfile profile)
{
    QVector<CheckKind> kinds;
    for (const CheckInfo &info : checkCatalog()) {
        if (info.kind != CheckKind::OpenfrontFindings || profile == PayloadProfile::Openfront)
            kinds.append(info.kind);
    }
    return kinds;
}

QString CheckResult::key() const
{
    return QStringLiteral("%1/%2-%3")
        .arg(contract::profileName(profile))
        .arg(info().number)
        .arg(info().id);
}

} // namespace paybench::conformance
