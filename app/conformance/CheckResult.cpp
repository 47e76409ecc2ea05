#include "CheckResult.h"

namespace paybench::conformance {

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
         QStringLiteral("a GET with a complete body is refused with 405; a wrong API key and "
                        "malformed JSON with 4xx JSON errors"),
         {},
         {}},
        {K::TimeAndJson,
         11,
         QStringLiteral("time-and-json"),
         QStringLiteral("every answer arrives within the time budget and is JSON"),
         {},
         {}},
        {K::Readiness,
         12,
         QStringLiteral("openfront-readiness"),
         QStringLiteral("will checkout work on this Openfront version: the provider's "
                        "configuration, then what its answers showed"),
         {},
         {}},
    };
    return catalog;
}

const CheckInfo &checkInfo(CheckKind kind)
{
    return checkCatalog().at(static_cast<int>(kind) - 1);
}

QVector<CheckKind> checksFor(const contract::RuntimeProfile *profile)
{
    QVector<CheckKind> kinds;
    for (const CheckInfo &info : checkCatalog()) {
        if (info.kind != CheckKind::Readiness || profile->isOpenfront())
            kinds.append(info.kind);
    }
    return kinds;
}

QString CheckResult::key() const
{
    return QStringLiteral("%1/%2-%3").arg(profile->name()).arg(info().number).arg(info().id);
}

} // namespace paybench::conformance
