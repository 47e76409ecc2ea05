#include "DocumentedProfile.h"

#include "CallResult.h"
#include "RequestParts.h"

namespace paybench::contract {

using json::OrderedValue;
using request::num;
using request::str;

OrderedValue DocumentedProfile::requestBody(const RequestParts &parts) const
{
    const CallSpec &spec = parts.spec;
    OrderedValue body = OrderedValue::object(
        {{QStringLiteral("provider"),
          OrderedValue::object({
              {QStringLiteral("name"), str(parts.target.name)},
              {QStringLiteral("credentials"), request::credentialsObject(parts.target)},
          })}});
    switch (spec.function) {
    case PaymentFunction::CreatePayment:
        body.setMember(
            QStringLiteral("cart"),
            OrderedValue::object(
                {{QStringLiteral("id"), str(parts.cartId)},
                 {QStringLiteral("total"), num(parts.amount)},
                 {QStringLiteral("currency"), str(parts.currency)},
                 {QStringLiteral("customer"),
                  OrderedValue::object({{QStringLiteral("email"), str(spec.customerEmail)}})}}));
        body.setMember(QStringLiteral("amount"), num(parts.amount));
        body.setMember(QStringLiteral("currency"), str(parts.currency));
        break;
    case PaymentFunction::CapturePayment:
    case PaymentFunction::RefundPayment:
        body.setMember(QStringLiteral("paymentId"), str(parts.paymentId));
        body.setMember(QStringLiteral("amount"), num(parts.amount));
        if (spec.function == PaymentFunction::RefundPayment)
            body.setMember(QStringLiteral("reason"), str(spec.reason));
        break;
    case PaymentFunction::GetPaymentStatus:
    case PaymentFunction::GeneratePaymentLink:
        body.setMember(QStringLiteral("paymentId"), str(parts.paymentId));
        break;
    case PaymentFunction::HandleWebhook:
        body.setMember(QStringLiteral("event"), parts.event);
        body.setMember(QStringLiteral("headers"), parts.signatureHeaders);
        break;
    }
    return body;
}

Verdict DocumentedProfile::judge(const CallResult &result) const
{
    return result.contract;
}

Verdict DocumentedProfile::readiness(const CallTarget &target) const
{
    Verdict verdict;
    for (PaymentFunction function : kAllPaymentFunctions) {
        const QString &value = target.target(function);
        const QUrl url(value, QUrl::StrictMode);
        const bool http =
            url.isValid() && !url.host().isEmpty() &&
            (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"));
        if (http) {
            verdict.add(Severity::Pass, QStringLiteral("function-url"), functionField(function),
                        QStringLiteral("%1 is an http(s) URL").arg(functionSlug(function)), {},
                        value);
        } else {
            verdict.add(
                Severity::Failure, QStringLiteral("function-not-http"), functionField(function),
                QStringLiteral("%1 is not an http(s) URL").arg(functionSlug(function)),
                QStringLiteral("https://..."), value.isEmpty() ? QStringLiteral("empty") : value,
                QStringLiteral("The documented contract calls every function over HTTP: "
                               "give each one the URL of its endpoint."));
        }
    }
    return verdict;
}

} // namespace paybench::contract
