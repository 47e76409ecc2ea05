#pragma once

#include "RuntimeProfile.h"

namespace paybench::contract {

// The contract as custom-payment-provider.txt documents it (description()).
class DocumentedProfile final : public RuntimeProfile
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("documented"); }
    [[nodiscard]] QString title() const override { return QStringLiteral("Documentation"); }
    [[nodiscard]] QString description() const override
    {
        return QStringLiteral(
            "The published contract (custom-payment-provider.txt): every function is called "
            "with `provider: {name, credentials}` and a documented cart; each answer must carry "
            "the documented fields (create-payment: sessionData and paymentId; capture: "
            "success, transactionId and capturedAmount; and so on).");
    }
    [[nodiscard]] bool isOpenfront() const override { return false; }
    [[nodiscard]] bool callsFunction(PaymentFunction /*function*/) const override { return true; }
    [[nodiscard]] json::OrderedValue requestBody(const RequestParts &parts) const override;
    // The documented judgement is part of every classified call (CallResult::contract).
    [[nodiscard]] Verdict judge(const CallResult &result) const override;
    [[nodiscard]] Verdict readiness(const CallTarget &target) const override;
};

} // namespace paybench::contract
