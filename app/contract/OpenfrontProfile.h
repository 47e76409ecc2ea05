#pragma once

#include "RuntimeProfile.h"

#include <QVector>

namespace paybench::contract {

struct PreparedCall;

// What every Openfront version shares (docs/openfront-runtime.md, sections 2 and 7): the HTTP
// caller (one POST, no timeout, a non-2xx body never read, a 2xx body parsed as JSON), the
// provider record instead of {name, credentials}, the record's rules. A version says what it
// sends and reads through the hooks below.
class OpenfrontProfile : public RuntimeProfile
{
public:
    [[nodiscard]] bool isOpenfront() const final { return true; }
    // The version's own rules, then the HTTP caller every version shares.
    [[nodiscard]] QString description() const final;
    [[nodiscard]] json::OrderedValue requestBody(const RequestParts &parts) const final;
    [[nodiscard]] Verdict judge(const CallResult &result) const final;
    [[nodiscard]] Verdict readiness(const CallTarget &target) const final;

protected:
    [[nodiscard]] virtual QString versionDescription() const = 0;
    // The fields of the provider record a version queries before calling `function`.
    struct ProviderShape {
        bool isInstalled = true;
        QVector<PaymentFunction> functionFields;
    };
    [[nodiscard]] virtual ProviderShape providerShape(PaymentFunction function) const = 0;
    // The arguments after `provider` (cart, amount, currency, paymentId, event, headers, ...).
    virtual void addArguments(const RequestParts &parts, json::OrderedValue &body) const = 0;
    // Judges a 2xx JSON object answer to a function this version calls.
    virtual void judgeAnswer(const PreparedCall &call, const json::OrderedValue &answer,
                             Verdict &verdict) const = 0;
    // Whether checkout with this code and configuration can complete; adds what must change.
    virtual void judgeCheckout(const CallTarget &target, Verdict &verdict) const = 0;

    // Shared pieces for the versions.
    // The cart as version A queries it (B adds fields to it).
    [[nodiscard]] static json::OrderedValue cartObject(const RequestParts &parts);
    [[nodiscard]] static json::OrderedValue invoiceObject(const RequestParts &parts);
    // The whole create answer becomes the session's data, which storefronts can read.
    static void judgeSessionData(const PreparedCall &call, const json::OrderedValue &answer,
                                 Verdict &verdict);
    // `status` (lower-cased) must be one of `accepted`; `error` is Openfront's text, with %1 for
    // the status as sent ("undefined" when absent). True when it is.
    static bool judgeStatus(const json::OrderedValue &answer, const QStringList &accepted,
                            const QString &error, Verdict &verdict);
    // Number(amount) must be an integer equal to `expected`.
    static void judgeAmountEquals(const PreparedCall &call, const json::OrderedValue &answer,
                                  qint64 expected, const QString &error, Verdict &verdict);
    // currency, compared ignoring case; absent passes unless required.
    static void judgeCurrency(const PreparedCall &call, const json::OrderedValue &answer,
                              bool required, const QString &error, Verdict &verdict);
    // `data` is merged into the Payment's data; without it, `consequence` happens (a warning).
    static void judgeDataObject(const PreparedCall &call, const json::OrderedValue &answer,
                                const QString &consequence, Verdict &verdict);
    // The webhook event types Openfront acts on (both versions use the same names).
    [[nodiscard]] static QString webhookAction(const QString &type);
};

} // namespace paybench::contract
