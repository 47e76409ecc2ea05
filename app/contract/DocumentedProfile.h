#pragma once

#include "RuntimeProfile.h"

namespace paybench::contract {

// The contract as custom-payment-provider.txt documents it: `provider: {name, credentials}`,
// a documented cart, every function called, the documented answer fields.
class DocumentedProfile final : public RuntimeProfile
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("documented"); }
    [[nodiscard]] QString title() const override { return QStringLiteral("Documentation"); }
    [[nodiscard]] bool isOpenfront() const override { return false; }
    [[nodiscard]] bool callsFunction(PaymentFunction /*function*/) const override { return true; }
    [[nodiscard]] json::OrderedValue requestBody(const RequestParts &parts) const override;
    // The documented judgement is part of every classified call (CallResult::contract).
    [[nodiscard]] Verdict judge(const CallResult &result) const override;
    [[nodiscard]] Verdict readiness(const CallTarget &target) const override;
};

} // namespace paybench::contract
