// The contract checker judges whatever an endpoint answers. Input: the first byte picks the
// function and the status, the rest is the answer's body.
#include "CallReport.h"
#include "CallResult.h"

#include <QJsonObject>

#include <cstddef>
#include <cstdint>

using namespace paybench;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const std::optional<contract::CallTarget> target = [] {
        QString error;
        return contract::CallTarget::fromBaseUrl(
            QStringLiteral("http://127.0.0.1:9"),
            QJsonObject{{QStringLiteral("apiKey"), QStringLiteral("sk_fuzz")},
                        {QStringLiteral("webhookSecret"), QStringLiteral("whsec_fuzz")}},
            &error);
    }();
    const PaymentFunction function = kAllPaymentFunctions[data[0] % kAllPaymentFunctions.size()];
    static const int statuses[] = {200, 201, 204, 301, 400, 403, 404, 500};
    contract::CallSpec spec;
    spec.function = function;
    // The high bit picks the request's shape; every profile judges the answer.
    spec.profile =
        (data[0] & 0x80) ? &contract::newestOpenfrontProfile() : &contract::documentedProfile();
    contract::PreparedCall call = contract::prepareCall(
        *target, spec, {{QStringLiteral("paymentId"), QStringLiteral("pay_1")}},
        [](const QString &prefix) { return prefix + QStringLiteral("_1"); });
    call.alsoJudgedBy = contract::runtimeProfiles();
    contract::CallResponse response;
    response.httpStatus = statuses[(data[0] >> 3) % 8];
    response.headers.append(
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    response.body =
        QByteArray(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));
    const contract::CallResult result = contract::evaluateCall(call, response);
    contract::callReport(result);
    return 0;
}
