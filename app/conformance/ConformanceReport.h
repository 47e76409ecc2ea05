#pragma once

#include "CallRunner.h"
#include "CheckResult.h"
#include "SecretMasker.h"
#include "WebhookSigner.h"

#include <QDateTime>
#include <QVector>

#include <optional>

namespace paybench::conformance {

inline constexpr int kDefaultAnswerBudgetMs = 10'000;

// How a run is done. Every answer must arrive within the budget (check 11); a call is given up
// only at callTimeoutMs (default three budgets), so a slow answer is reported as slow and the
// lifecycle can go on.
struct ConformanceOptions {
    QVector<const contract::RuntimeProfile *> profiles{&contract::documentedProfile()};
    int answerBudgetMs = kDefaultAnswerBudgetMs;
    int callTimeoutMs = 0;                    // 0: three times the budget
    qint64 amount = contract::kDefaultAmount; // minor units
    QString currency;                         // empty: the region's currency, else USD
    webhook::Scheme signatureScheme = webhook::Scheme::Gateway;
    // Readiness (check 12) is advice (warn) unless strict, when its failures fail the check.
    // An answer that breaks a version's rules fails its own check either way.
    bool strictOpenfront = false;
    client::CallOptions callOptions;

    [[nodiscard]] int effectiveCallTimeoutMs() const
    {
        return callTimeoutMs > 0 ? callTimeoutMs : 3 * answerBudgetMs;
    }
};

// One provider's run: every check of every profile, in order.
struct ConformanceReport {
    QString providerCode;
    QString providerName;
    QString baseDescription; // where the calls went: the create-payment target
    QDateTime startedAt;
    QDateTime finishedAt;
    ConformanceOptions options;
    QVector<CheckResult> checks;
    bool cancelled = false;
    contract::SecretMasker masker; // the provider's secrets, for everything written out

    [[nodiscard]] int count(CheckVerdict verdict) const;
    [[nodiscard]] bool hasFailure() const { return count(CheckVerdict::Fail) > 0; }
    [[nodiscard]] qint64 elapsedMs() const;
};

} // namespace paybench::conformance

Q_DECLARE_METATYPE(paybench::conformance::ConformanceReport)
