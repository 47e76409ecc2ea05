#pragma once

#include "OpenfrontProfile.h"

namespace paybench::contract {

// Openfront at 55912a7 (docs/openfront-runtime.md, "A"; versionDescription()).
class Openfront55912a7Profile final : public OpenfrontProfile
{
public:
    [[nodiscard]] QString name() const override { return QStringLiteral("openfront@55912a7"); }
    [[nodiscard]] QString title() const override
    {
        return QStringLiteral("Openfront 55912a7 (master of 2026-03-30)");
    }
    [[nodiscard]] bool callsFunction(PaymentFunction function) const override;

protected:
    [[nodiscard]] QString versionDescription() const override
    {
        return QStringLiteral(
            "Openfront at 55912a7 (master of 2026-03-30): calls create-payment, and "
            "capture-payment only from a success webhook; webhooks arrive only through the "
            "GraphQL mutation; checkout completes only for its three built-in provider codes.");
    }
    [[nodiscard]] ProviderShape providerShape(PaymentFunction function) const override;
    void addArguments(const RequestParts &parts, json::OrderedValue &body) const override;
    void judgeAnswer(const PreparedCall &call, const json::OrderedValue &answer,
                     Verdict &verdict) const override;
    void judgeCheckout(const CallTarget &target, Verdict &verdict) const override;

private:
    static void judgeCapture(const PreparedCall &call, const json::OrderedValue &answer,
                             Verdict &verdict);
    static void judgeWebhook(const PreparedCall &call, const json::OrderedValue &answer,
                             Verdict &verdict);
};

} // namespace paybench::contract
