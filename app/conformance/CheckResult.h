#pragma once

#include "CallRequest.h"
#include "CallResult.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace paybench::conformance {

// How one check of a conformance run ended. Pending: not run (yet).
enum class CheckVerdict { Pending, Pass, Warn, Fail, Skipped };

QString verdictName(CheckVerdict verdict); // "pending", "pass", "warn", "fail", "skipped"

// The checks of a run, in the order they run. The lifecycle carries values from step to step.
enum class CheckKind {
    CreatePayment = 1,
    StatusAfterCreate,
    CapturePayment,
    StatusAfterCapture,
    RefundPayment,
    RefundBeyondCaptured,
    PaymentLink,
    WebhookSigned,
    WebhookWrongSignature,
    Refusals,
    TimeAndJson,
    Readiness, // only with an Openfront profile
};

struct CheckInfo {
    CheckKind kind = CheckKind::CreatePayment;
    int number = 1;
    QString id;                         // stable: "create-payment", "refund-beyond-captured", ...
    QString title;                      // for people
    QVector<CheckKind> dependsOn;       // must have passed (or warned) for this one to run
    QVector<PaymentFunction> functions; // the endpoints the check calls itself
};

// The catalogue of checks, in order.
const QVector<CheckInfo> &checkCatalog();
const CheckInfo &checkInfo(CheckKind kind);
// The checks one profile runs: 1-11, plus 12 (readiness) for an Openfront version.
QVector<CheckKind> checksFor(const contract::RuntimeProfile *profile);

// The result of one check: its verdict, a one-line message, advice when it did not pass, and the
// evidence (the calls it made, judged; lines for the checks that look at the other checks).
struct CheckResult {
    CheckKind kind = CheckKind::CreatePayment;
    const contract::RuntimeProfile *profile = &contract::documentedProfile();
    CheckVerdict verdict = CheckVerdict::Pending;
    QString message;
    QString advice;
    QStringList notes;
    QVector<contract::CallResult> calls;
    qint64 elapsedMs = 0;

    [[nodiscard]] const CheckInfo &info() const { return checkInfo(kind); }
    // "documented/3-capture-payment", "openfront@e23341c/12-openfront-readiness": unique.
    [[nodiscard]] QString key() const;
};

} // namespace paybench::conformance

Q_DECLARE_METATYPE(paybench::conformance::CheckResult)
