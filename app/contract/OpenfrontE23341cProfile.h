#pragma once

#include "OpenfrontProfile.h"

namespace paybench::contract {

// Openfront at e23341c, the newer payment code (docs/openfront-runtime.md, "B";
// versionDescription()).
class OpenfrontE23341cProfile final : public OpenfrontProfile
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("openfront@e23341c"); }
    [[nodiscard]] QString title() const override
    {
        return QStringLiteral("Openfront e23341c (webhook route, idempotency keys)");
    }
    [[nodiscard]] bool callsFunction(PaymentFunction function) const override;

protected:
    [[nodiscard]] QString versionDescription() const override
    {
        return QStringLiteral(
            "Openfront at e23341c (newer payment code): get-payment-status, capture and refund "
            "over HTTP with idempotency keys, a webhook route with de-duplication, and a launch "
            "policy; checkout counts only configured provider codes.");
    }
    [[nodiscard]] ProviderShape providerShape(PaymentFunction function) const override;
    void addArguments(const RequestParts &parts, json::OrderedValue &body) const override;
    void judgeAnswer(const PreparedCall &call, const json::OrderedValue &answer,
                     Verdict &verdict) const override;
    void judgeCheckout(const CallTarget &target, Verdict &verdict) const override;

private:
    static void judgeReference(const PreparedCall &call, const json::OrderedValue &answer,
                               Verdict &verdict);
    static void judgeSettlement(const PreparedCall &call, const json::OrderedValue &answer,
                                Verdict &verdict);
    static void judgeRefund(const PreparedCall &call, const json::OrderedValue &answer,
                            Verdict &verdict);
    static void judgeWebhook(const PreparedCall &call, const json::OrderedValue &answer,
                             Verdict &verdict);
};

} // namespace paybench::contract
