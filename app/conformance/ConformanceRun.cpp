#include "ConformanceRun.h"

#include "CallHistory.h"
#include "CallRunner.h"
#include "ReportWriter.h"

#include <QTimer>

#include <algorithm>

namespace paybench::conformance {

using contract::CallExpectation;
using contract::CallResult;
using contract::CallSpec;
using contract::PreparedCall;
using contract::RuntimeProfile;
using contract::Severity;
using json::OrderedValue;

namespace {

// The first failure decides the message and the advice; a warning only when nothing failed.
struct Outcome {
    CheckVerdict verdict = CheckVerdict::Pass;
    QString message;
    QString advice;

    void fail(const QString &text, const QString &why)
    {
        if (verdict == CheckVerdict::Fail)
            return;
        verdict = CheckVerdict::Fail;
        message = text;
        advice = why;
    }
    void warn(const QString &text, const QString &why)
    {
        if (verdict != CheckVerdict::Pass)
            return;
        verdict = CheckVerdict::Warn;
        message = text;
        advice = why;
    }
};

QString callLabel(const PreparedCall &call)
{
    QString label = functionSlug(call.function);
    if (call.method != "POST")
        label += QStringLiteral(" (%1)").arg(QString::fromLatin1(call.method));
    return label;
}

const OrderedValue *answerMember(const CallResult &result, const char *name)
{
    return result.answer && result.answer->isObject()
               ? result.answer->member(QString::fromLatin1(name))
               : nullptr;
}

QString answerText(const CallResult &result, const char *name)
{
    const OrderedValue *value = answerMember(result, name);
    if (!value)
        return {};
    if (value->type() == OrderedValue::Type::String)
        return value->toString();
    return QString::fromUtf8(json::stringify(*value));
}

bool answeredStatus(const CallResult &result, int low, int high)
{
    return result.response.outcome == contract::TransportOutcome::Completed &&
           result.response.httpStatus >= low && result.response.httpStatus <= high;
}

bool isJsonAnswer(const CallResult &result)
{
    return result.answer.has_value();
}

// A well-formed signature that does not match, in the scheme's own header format.
QByteArray wrongSignature(webhook::Scheme scheme)
{
    const QByteArray mac =
        webhook::hmacSha256("paybench-not-the-webhook-secret", "paybench conformance");
    switch (scheme) {
    case webhook::Scheme::Gateway:
        return mac.toHex();
    case webhook::Scheme::Stripe:
        return "t=" + QByteArray::number(QDateTime::currentSecsSinceEpoch()) + ",v1=" + mac.toHex();
    case webhook::Scheme::Standard:
        return "v1," + mac.toBase64();
    }
    return mac.toHex();
}

bool isLifecycle(CheckKind kind)
{
    switch (kind) {
    case CheckKind::CreatePayment:
    case CheckKind::StatusAfterCreate:
    case CheckKind::CapturePayment:
    case CheckKind::StatusAfterCapture:
    case CheckKind::RefundPayment:
    case CheckKind::PaymentLink:
    case CheckKind::WebhookSigned:
        return true;
    default:
        return false;
    }
}

bool isSummary(CheckKind kind)
{
    return kind == CheckKind::TimeAndJson || kind == CheckKind::Readiness;
}

} // namespace

ConformanceRun::ConformanceRun(contract::CallTarget target, ConformanceOptions options,
                               QObject *parent)
    : QObject(parent), m_target(std::move(target)), m_options(std::move(options)),
      m_ids(contract::randomIds()), m_runner(new client::CallRunner(this))
{
    if (m_options.profiles.isEmpty())
        m_options.profiles = {&contract::documentedProfile()};
    if (m_options.answerBudgetMs <= 0)
        m_options.answerBudgetMs = kDefaultAnswerBudgetMs;
    for (const RuntimeProfile *profile : std::as_const(m_options.profiles)) {
        for (CheckKind kind : checksFor(profile)) {
            CheckResult check;
            check.kind = kind;
            check.profile = profile;
            m_checks.append(check);
        }
    }
    connect(m_runner, &client::CallRunner::callFinished, this, &ConformanceRun::onCallFinished);
}

ConformanceRun::~ConformanceRun()
{
    // The runner is a child: its replies go with it, and no signal reaches a half-destroyed run.
    m_runner->disconnect(this);
}

ConformanceReport ConformanceRun::report() const
{
    ConformanceReport report;
    report.providerCode = m_target.code;
    report.providerName = m_target.name;
    report.baseDescription = m_target.target(PaymentFunction::CreatePayment);
    report.startedAt = m_startedAt;
    report.finishedAt = m_finishedAt;
    report.options = m_options;
    report.checks = m_checks;
    report.cancelled = m_cancelled;
    report.masker = m_target.masker();
    return report;
}

void ConformanceRun::start()
{
    if (m_running)
        return;
    QVector<int> queue;
    for (int i = 0; i < m_checks.size(); ++i)
        queue.append(i);
    runQueue(queue);
}

void ConformanceRun::rerunCheck(int index)
{
    if (m_running || index < 0 || index >= m_checks.size())
        return;
    const RuntimeProfile *profile = m_checks.at(index).profile;
    // The check, what it needs (transitively), and the summaries that look at everything.
    QVector<CheckKind> wanted{m_checks.at(index).kind};
    for (int i = 0; i < wanted.size(); ++i) {
        for (CheckKind dependency : checkInfo(wanted.at(i)).dependsOn) {
            if (!wanted.contains(dependency))
                wanted.append(dependency);
        }
    }
    wanted << CheckKind::TimeAndJson << CheckKind::Readiness;
    QVector<int> queue;
    for (int i = 0; i < m_checks.size(); ++i) {
        if (m_checks.at(i).profile == profile && wanted.contains(m_checks.at(i).kind))
            queue.append(i);
    }
    runQueue(queue);
}

void ConformanceRun::cancel()
{
    if (!m_running || m_cancelled)
        return;
    m_cancelled = true;
    if (m_inFlight != 0)
        m_runner->cancel(m_inFlight); // its callFinished ends the check
}

void ConformanceRun::runQueue(QVector<int> queue)
{
    m_running = true;
    m_cancelled = false;
    m_startedAt = QDateTime::currentDateTimeUtc();
    m_finishedAt = {};
    for (int index : std::as_const(queue)) {
        CheckResult fresh;
        fresh.kind = m_checks.at(index).kind;
        fresh.profile = m_checks.at(index).profile;
        m_checks[index] = fresh;
    }
    m_plannedCount = static_cast<int>(queue.size());
    m_queue = std::move(queue);
    QTimer::singleShot(0, this, &ConformanceRun::startNext);
}

int ConformanceRun::indexOf(const RuntimeProfile *profile, CheckKind kind) const
{
    for (int i = 0; i < m_checks.size(); ++i) {
        if (m_checks.at(i).profile == profile && m_checks.at(i).kind == kind)
            return i;
    }
    return -1;
}

void ConformanceRun::startNext()
{
    if (m_cancelled) {
        for (int index : std::as_const(m_queue)) {
            CheckResult &check = m_checks[index];
            check.verdict = CheckVerdict::Skipped;
            check.message = QStringLiteral("skipped: the run was cancelled");
            emit checkFinished(index, check);
        }
        m_queue.clear();
    }
    if (m_queue.isEmpty()) {
        finishRun();
        return;
    }
    m_current = m_queue.takeFirst();
    m_checkStartMs = QDateTime::currentMSecsSinceEpoch();
    emit checkStarted(m_current);
    CheckResult &check = m_checks[m_current];
    const QString reason = skipReason(check);
    if (!reason.isEmpty()) {
        check.verdict = CheckVerdict::Skipped;
        check.message = reason;
        finishCheck();
        return;
    }
    if (isSummary(check.kind)) {
        judgeSummary(check);
        finishCheck();
        return;
    }
    m_planNotes.clear();
    m_calls = planCalls(check, &m_planNotes);
    sendNext();
}

void ConformanceRun::sendNext()
{
    if (m_calls.isEmpty()) {
        CheckResult &check = m_checks[m_current];
        check.notes += m_planNotes;
        judge(check);
        finishCheck();
        return;
    }
    const PreparedCall call = m_calls.takeFirst();
    m_inFlight = m_runner->send(call, m_options.callOptions);
}

void ConformanceRun::onCallFinished(quint64 id, const CallResult &result)
{
    if (id != m_inFlight || m_current < 0)
        return;
    m_inFlight = 0;
    if (m_history)
        m_history->record(result);
    CheckResult &check = m_checks[m_current];
    check.calls.append(result);
    if (isLifecycle(check.kind) && result.call.expectation == CallExpectation::Success)
        m_variables[check.profile] = result.variables;
    if (m_cancelled) {
        m_calls.clear();
        check.verdict = CheckVerdict::Skipped;
        check.message = QStringLiteral("skipped: the run was cancelled");
        finishCheck();
        return;
    }
    sendNext();
}

void ConformanceRun::finishCheck()
{
    CheckResult &check = m_checks[m_current];
    check.elapsedMs = QDateTime::currentMSecsSinceEpoch() - m_checkStartMs;
    const int index = m_current;
    m_current = -1;
    emit checkFinished(index, check);
    // Queued, so a long chain of skipped checks does not nest, and a cancel can come in between.
    QTimer::singleShot(0, this, &ConformanceRun::startNext);
}

void ConformanceRun::finishRun()
{
    m_running = false;
    m_finishedAt = QDateTime::currentDateTimeUtc();
    const ConformanceReport finished = report();
    // The report stays with the provider in the history, masked like every other report.
    if (m_history && !finished.cancelled) {
        const QString verdict = finished.hasFailure()                    ? QStringLiteral("failure")
                                : finished.count(CheckVerdict::Warn) > 0 ? QStringLiteral("warning")
                                                                         : QStringLiteral("pass");
        m_history->recordRun(client::RunRecord{-1, m_finishedAt, finished.providerCode,
                                               QString::fromLatin1(kHistoryRunKind), verdict,
                                               toJson({finished})});
    }
    emit runFinished(finished);
}

QString ConformanceRun::skipReason(const CheckResult &check) const
{
    const CheckInfo &info = check.info();
    for (PaymentFunction function : info.functions) {
        if (!check.profile->callsFunction(function)) {
            return QStringLiteral("skipped: %1 never calls %2")
                .arg(check.profile->name(), functionSlug(function));
        }
    }
    for (PaymentFunction function : info.functions) {
        const QString &target = m_target.target(function);
        if (isBuiltInAdapter(target)) {
            return QStringLiteral("skipped: %1 is handled by Openfront's built-in \"%2\" adapter, "
                                  "there is no HTTP endpoint to check")
                .arg(functionSlug(function), target);
        }
    }
    if (check.kind == CheckKind::Refusals &&
        std::all_of(kAllPaymentFunctions.begin(), kAllPaymentFunctions.end(),
                    [this](PaymentFunction function) {
                        return isBuiltInAdapter(m_target.target(function));
                    })) {
        return QStringLiteral("skipped: every function is a built-in Openfront adapter, there is "
                              "no HTTP endpoint to check");
    }
    for (CheckKind dependency : info.dependsOn) {
        const int index = indexOf(check.profile, dependency);
        const CheckResult &before = m_checks.at(index);
        const CheckInfo &needed = before.info();
        if (before.verdict == CheckVerdict::Fail)
            return QStringLiteral("skipped because check %1 (%2) failed")
                .arg(needed.number)
                .arg(needed.id);
        if (before.verdict == CheckVerdict::Skipped || before.verdict == CheckVerdict::Pending)
            return QStringLiteral("skipped because check %1 (%2) did not run")
                .arg(needed.number)
                .arg(needed.id);
    }
    if ((check.kind == CheckKind::WebhookSigned ||
         check.kind == CheckKind::WebhookWrongSignature) &&
        m_target.credentialValue(QStringLiteral("webhookSecret")).isEmpty()) {
        return QStringLiteral("skipped: the provider has no webhookSecret credential to sign the "
                              "event with");
    }
    return {};
}

CallSpec ConformanceRun::baseSpec(PaymentFunction function, const RuntimeProfile *profile) const
{
    CallSpec spec;
    spec.function = function;
    spec.profile = profile;
    spec.timeoutMs = m_options.effectiveCallTimeoutMs();
    spec.signatureScheme = m_options.signatureScheme;
    return spec;
}

QVector<PreparedCall> ConformanceRun::planCalls(const CheckResult &check, QStringList *notes)
{
    const RuntimeProfile *profile = check.profile;
    contract::CallVariables &variables = m_variables[profile];
    const auto prepare = [&](const CallSpec &spec) {
        return contract::prepareCall(m_target, spec, variables, m_ids);
    };
    const qint64 captured =
        variables.value(QStringLiteral("capturedAmount"), variables.value(QStringLiteral("amount")))
            .toLongLong();
    QVector<PreparedCall> calls;
    switch (check.kind) {
    case CheckKind::CreatePayment: {
        variables.clear(); // a new payment, a new chain of values
        CallSpec spec = baseSpec(PaymentFunction::CreatePayment, profile);
        spec.amount = m_options.amount;
        spec.currency = m_options.currency;
        calls.append(prepare(spec));
        break;
    }
    case CheckKind::StatusAfterCreate:
    case CheckKind::StatusAfterCapture:
        calls.append(prepare(baseSpec(PaymentFunction::GetPaymentStatus, profile)));
        break;
    case CheckKind::CapturePayment: {
        CallSpec spec = baseSpec(PaymentFunction::CapturePayment, profile);
        spec.amount = variables.value(QStringLiteral("amount")).toLongLong();
        calls.append(prepare(spec));
        break;
    }
    case CheckKind::RefundPayment: {
        // Part first, then the rest: a gateway must accept several partial refunds.
        const qint64 part = captured / 2;
        for (qint64 amount : {part, captured - part}) {
            if (amount <= 0)
                continue;
            CallSpec spec = baseSpec(PaymentFunction::RefundPayment, profile);
            spec.amount = amount;
            calls.append(prepare(spec));
        }
        break;
    }
    case CheckKind::RefundBeyondCaptured: {
        CallSpec spec = baseSpec(PaymentFunction::RefundPayment, profile);
        spec.amount = captured + 1;
        spec.expectation = CallExpectation::Rejection;
        calls.append(prepare(spec));
        break;
    }
    case CheckKind::PaymentLink:
        calls.append(prepare(baseSpec(PaymentFunction::GeneratePaymentLink, profile)));
        break;
    case CheckKind::WebhookSigned:
        calls.append(prepare(baseSpec(PaymentFunction::HandleWebhook, profile)));
        break;
    case CheckKind::WebhookWrongSignature: {
        CallSpec spec = baseSpec(PaymentFunction::HandleWebhook, profile);
        spec.signature = wrongSignature(m_options.signatureScheme);
        spec.expectation = CallExpectation::Rejection;
        calls.append(prepare(spec));
        break;
    }
    case CheckKind::Refusals: {
        std::optional<PaymentFunction> probe; // the endpoint the negative POSTs go to
        for (PaymentFunction function : kAllPaymentFunctions) {
            if (isBuiltInAdapter(m_target.target(function)))
                continue;
            if (!probe)
                probe = function;
            // A complete, valid body with the credentials: an endpoint that processes GET like
            // POST must show it here.
            CallSpec spec = baseSpec(function, profile);
            spec.method = "GET";
            spec.expectation = CallExpectation::Rejection;
            calls.append(prepare(spec));
        }
        if (!probe)
            break;
        bool hasKey = false;
        contract::CallTarget wrongKey = m_target;
        for (Credential &credential : wrongKey.credentials) {
            if (credential.key == QLatin1String("apiKey")) {
                credential.value = m_ids(QStringLiteral("pb_wrong_key_"));
                hasKey = true;
            }
        }
        if (hasKey) {
            CallSpec spec = baseSpec(*probe, profile);
            spec.expectation = CallExpectation::Rejection;
            calls.append(contract::prepareCall(wrongKey, spec, variables, m_ids));
        } else {
            notes->append(QStringLiteral("the provider has no apiKey credential: the wrong-key "
                                         "case was not tried"));
        }
        CallSpec malformed = baseSpec(*probe, profile);
        malformed.rawBody = QByteArray("{\"provider\": {\"name\": \"paybench\", \"credentials\": ");
        malformed.expectation = CallExpectation::Rejection;
        calls.append(prepare(malformed));
        break;
    }
    case CheckKind::TimeAndJson:
    case CheckKind::Readiness:
        break;
    }
    return calls;
}

void ConformanceRun::judge(CheckResult &check) const
{
    Outcome outcome;
    const bool several = check.calls.size() > 1;
    for (const CallResult &result : std::as_const(check.calls)) {
        const QString prefix = several ? callLabel(result.call) + QStringLiteral(": ") : QString();
        // A GET that is not refused with 405 may have been processed like a POST. First, so
        // that its advice (answer 405) wins over the verdict's generic "refuse it".
        if (check.kind == CheckKind::Refusals && result.call.method == "GET" &&
            result.response.outcome == contract::TransportOutcome::Completed &&
            result.response.httpStatus != 405) {
            outcome.fail(QStringLiteral("%1 with a complete body was answered HTTP %2, not 405")
                             .arg(callLabel(result.call))
                             .arg(result.response.httpStatus),
                         QStringLiteral("Answer 405 Method Not Allowed to any method but POST: an "
                                        "endpoint that processes GET like POST can be triggered "
                                        "by a link or a crawler."));
        }
        // The check's own profile judges: an answer that breaks a version's rules fails.
        for (const contract::Finding &finding : result.verdict().findings) {
            if (finding.severity == Severity::Pass)
                continue;
            QString advice = finding.advice;
            if (advice.isEmpty())
                advice = contract::failureClassExplanation(result.failure);
            // What this check is about turns some of the contract's warnings into failures.
            const bool promoted = (check.kind == CheckKind::StatusAfterCreate &&
                                   (finding.code == QLatin1String("amount-mismatch") ||
                                    finding.code == QLatin1String("currency-mismatch"))) ||
                                  ((check.kind == CheckKind::CapturePayment ||
                                    check.kind == CheckKind::RefundPayment) &&
                                   finding.code == QLatin1String("not-successful"));
            if (finding.severity == Severity::Failure || promoted)
                outcome.fail(prefix + finding.message, advice);
            else
                outcome.warn(prefix + finding.message, advice);
        }
        const int status = result.response.httpStatus;
        // The rest is what the documentation asks beyond a version's own rules.
        if (check.profile->isOpenfront())
            continue;
        switch (check.kind) {
        case CheckKind::StatusAfterCapture: {
            const QString state = answerText(result, "status");
            if (answeredStatus(result, 200, 299) && state != QLatin1String("captured")) {
                outcome.fail(
                    QStringLiteral("status is \"%1\" after a successful capture").arg(state),
                    QStringLiteral("After a capture, get-payment-status must answer "
                                   "status \"captured\"."));
            }
            break;
        }
        case CheckKind::WebhookWrongSignature:
            if (answeredStatus(result, 400, 499) && status != 403) {
                outcome.fail(QStringLiteral("the wrong signature was refused with HTTP %1, not 403")
                                 .arg(status),
                             QStringLiteral("Answer 403 with {\"verified\": false} when the "
                                            "signature does not match."));
            }
            if (answeredStatus(result, 400, 499)) {
                const OrderedValue *verified = answerMember(result, "verified");
                if (!verified || verified->type() != OrderedValue::Type::Bool ||
                    verified->toBool()) {
                    outcome.fail(QStringLiteral("the refusal does not say verified: false"),
                                 QStringLiteral("Answer {\"verified\": false, \"error\": \"...\"} "
                                                "with the 403."));
                }
            }
            break;
        case CheckKind::Refusals:
            if (result.call.method == "POST" && result.call.payload &&
                answeredStatus(result, 400, 499) && status != 401) {
                outcome.warn(
                    QStringLiteral("a wrong API key was refused with HTTP %1, not 401").arg(status),
                    QStringLiteral("Answer 401 when provider.credentials.apiKey is "
                                   "wrong."));
            }
            break;
        default:
            break;
        }
    }
    if (outcome.verdict == CheckVerdict::Pass && !check.notes.isEmpty())
        outcome.warn(check.notes.first(), QString());
    check.verdict = outcome.verdict;
    check.message = outcome.message;
    check.advice = outcome.advice;
    if (check.verdict != CheckVerdict::Pass || check.calls.isEmpty())
        return;

    // A line that says what was seen.
    const CallResult &last = check.calls.last();
    if (check.profile->isOpenfront() && check.kind != CheckKind::Refusals) {
        check.message = (last.call.expectation == CallExpectation::Rejection
                             ? QStringLiteral("%1 sees the refusal (HTTP %2)")
                             : QStringLiteral("%1 takes the answer (HTTP %2)"))
                            .arg(check.profile->name())
                            .arg(last.response.httpStatus);
        return;
    }
    switch (check.kind) {
    case CheckKind::CreatePayment:
        check.message =
            QStringLiteral("paymentId %1 with sessionData").arg(answerText(last, "paymentId"));
        break;
    case CheckKind::StatusAfterCreate:
        check.message = QStringLiteral("status %1, amount %2 %3")
                            .arg(answerText(last, "status"), answerText(last, "amount"),
                                 answerText(last, "currency"));
        break;
    case CheckKind::CapturePayment:
        check.message =
            QStringLiteral("captured %1, transaction %2")
                .arg(answerText(last, "capturedAmount"), answerText(last, "transactionId"));
        break;
    case CheckKind::StatusAfterCapture:
        check.message = QStringLiteral("status captured");
        break;
    case CheckKind::RefundPayment: {
        QStringList amounts;
        for (const CallResult &result : std::as_const(check.calls))
            amounts << answerText(result, "refundedAmount");
        check.message = QStringLiteral("refunded %1").arg(amounts.join(QStringLiteral(" + ")));
        break;
    }
    case CheckKind::PaymentLink:
        check.message = QStringLiteral("url %1").arg(answerText(last, "url"));
        break;
    case CheckKind::WebhookSigned:
        check.message = QStringLiteral("verified %1 for %2")
                            .arg(answerText(last, "eventType"), answerText(last, "paymentId"));
        break;
    default:
        check.message = QStringLiteral("refused with HTTP %1").arg(last.response.httpStatus);
        if (check.calls.size() > 1)
            check.message =
                QStringLiteral("%1 requests refused as expected").arg(check.calls.size());
        break;
    }
}

void ConformanceRun::judgeSummary(CheckResult &check) const
{
    if (check.kind == CheckKind::Readiness) {
        judgeReadiness(check);
        return;
    }
    Outcome outcome;
    int judged = 0;
    const int budget = m_options.answerBudgetMs;
    for (const CheckResult &other : std::as_const(m_checks)) {
        if (other.profile != check.profile || isSummary(other.kind))
            continue;
        for (const CallResult &result : other.calls) {
            const QString label =
                QStringLiteral("check %1 %2").arg(other.info().number).arg(callLabel(result.call));
            const contract::CallResponse &response = result.response;
            if (response.outcome == contract::TransportOutcome::NotSent ||
                response.outcome == contract::TransportOutcome::Cancelled)
                continue;
            ++judged;
            if (response.outcome != contract::TransportOutcome::Completed) {
                check.notes << QStringLiteral("%1: no answer (%2)")
                                   .arg(label, contract::failureClassTitle(result.failure));
                outcome.fail(QStringLiteral("%1: no answer arrived (%2)")
                                 .arg(label, contract::failureClassTitle(result.failure)),
                             contract::failureClassExplanation(result.failure));
                continue;
            }
            check.notes << QStringLiteral("%1: HTTP %2 in %3 ms, %4")
                               .arg(label)
                               .arg(response.httpStatus)
                               .arg(response.timings.totalMs)
                               .arg(isJsonAnswer(result) ? QStringLiteral("JSON")
                                                         : QStringLiteral("not JSON"));
            if (response.timings.totalMs > budget) {
                outcome.fail(QStringLiteral("%1 answered in %2 ms, over the %3 ms budget")
                                 .arg(label)
                                 .arg(response.timings.totalMs)
                                 .arg(budget),
                             QStringLiteral("Answer within %1 s: Openfront sets no timeout, so "
                                            "a slow endpoint holds up checkout.")
                                 .arg(budget / 1000.0));
            }
            if (!isJsonAnswer(result)) {
                outcome.fail(QStringLiteral("%1 answered HTTP %2 with a body that is not JSON")
                                 .arg(label)
                                 .arg(response.httpStatus),
                             QStringLiteral("Answer every request, errors included, with a "
                                            "JSON body: Openfront's response.json() fails on "
                                            "anything else."));
            }
        }
    }
    if (judged == 0) {
        check.verdict = CheckVerdict::Skipped;
        check.message = QStringLiteral("skipped: no answer to judge");
        return;
    }
    check.verdict = outcome.verdict;
    check.message = outcome.message;
    check.advice = outcome.advice;
    if (outcome.verdict == CheckVerdict::Pass)
        check.message =
            QStringLiteral("%1 answers, all JSON, all within %2 ms").arg(judged).arg(budget);
}

void ConformanceRun::judgeReadiness(CheckResult &check) const
{
    // The store's configuration: advice unless strict (it is not the endpoints' fault).
    Outcome outcome;
    const contract::Verdict readiness = check.profile->readiness(m_target);
    for (const contract::Finding &finding : readiness.findings) {
        if (finding.severity == Severity::Pass)
            continue;
        check.notes << finding.message + (finding.advice.isEmpty()
                                              ? QString()
                                              : QStringLiteral(". ") + finding.advice);
        if (finding.severity == Severity::Failure && m_options.strictOpenfront)
            outcome.fail(finding.message, finding.advice);
        else
            outcome.warn(finding.message, finding.advice);
    }
    // What the live answers showed under this version (those failures fail their own checks).
    int broken = 0;
    int answered = 0;
    for (const CheckResult &other : std::as_const(m_checks)) {
        if (other.profile != check.profile || isSummary(other.kind))
            continue;
        for (const CallResult &result : other.calls) {
            if (result.call.expectation != CallExpectation::Success)
                continue;
            ++answered;
            if (result.hasFailure()) {
                ++broken;
                check.notes << QStringLiteral("check %1 %2: the answer breaks this version's rules")
                                   .arg(other.info().number)
                                   .arg(callLabel(result.call));
            }
        }
    }
    check.notes << QStringLiteral("answers: %1 of %2 taken by %3")
                       .arg(answered - broken)
                       .arg(answered)
                       .arg(check.profile->name());
    check.verdict = outcome.verdict;
    check.message = outcome.message;
    check.advice = outcome.advice;
    if (outcome.verdict == CheckVerdict::Pass) {
        check.message = broken == 0
                            ? QStringLiteral("checkout can work on %1").arg(check.profile->name())
                            : QStringLiteral("configuration fine; %1 answers break %2")
                                  .arg(broken)
                                  .arg(check.profile->name());
    }
}

} // namespace paybench::conformance
