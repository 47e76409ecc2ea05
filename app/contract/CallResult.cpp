#include "CallResult.h"

#include "AnswerText.h"
#include "DocumentedJudge.h"

#include <QUrl>

#include <algorithm>

namespace paybench::contract {

using json::OrderedValue;
using Type = json::OrderedValue::Type;
using answer::firstBytes;
using answer::headerValue;
using answer::shown;

bool CallResult::isTransportFailure() const
{
    return response.outcome != TransportOutcome::Completed;
}

namespace {

void classifyTransport(const PreparedCall &call, CallResult &result)
{
    const CallResponse &response = result.response;
    switch (response.outcome) {
    case TransportOutcome::Completed:
        return;
    case TransportOutcome::NotSent:
        // A call with a usable URL is only held back by the platform's CA file: a TLS setup
        // problem, not a URL one.
        result.failure = call.urlError.isEmpty() && call.url.isValid() ? FailureClass::TlsFailure
                                                                       : FailureClass::BadUrl;
        result.failureDetails = call.urlError.isEmpty() ? response.transportError : call.urlError;
        break;
    case TransportOutcome::HostNotFound:
        result.failure = FailureClass::DnsFailure;
        result.failureDetails = QStringLiteral("host \"%1\" not found").arg(call.url.host());
        break;
    case TransportOutcome::ConnectionRefused:
        result.failure = FailureClass::ConnectionRefused;
        result.failureDetails =
            QStringLiteral("%1 port %2 refused the connection")
                .arg(call.url.host())
                .arg(call.url.port(call.url.scheme() == QLatin1String("https") ? 443 : 80));
        break;
    case TransportOutcome::TlsFailure: {
        result.failure = FailureClass::TlsFailure;
        const CertificateInfo &certificate = response.certificate;
        QStringList parts;
        if (!certificate.errors.isEmpty())
            parts << certificate.errors.join(QStringLiteral("; "));
        if (!certificate.isEmpty()) {
            parts << QStringLiteral("certificate subject: %1; issuer: %2; valid until %3")
                         .arg(certificate.subject, certificate.issuer,
                              certificate.notAfter.toUTC().toString(Qt::ISODate));
        }
        if (parts.isEmpty())
            parts << response.transportError;
        result.failureDetails = parts.join(QStringLiteral(". "));
        break;
    }
    case TransportOutcome::Timeout:
        result.failure = FailureClass::Timeout;
        result.failureDetails =
            QStringLiteral("no complete answer within %1 s").arg(call.timeoutMs / 1000.0);
        break;
    case TransportOutcome::Cancelled:
        result.failure = FailureClass::Cancelled;
        result.failureDetails = QStringLiteral("cancelled");
        break;
    case TransportOutcome::NetworkError:
        result.failure = FailureClass::NetworkError;
        result.failureDetails = response.transportError;
        break;
    }
    const Severity severity =
        result.failure == FailureClass::Cancelled ? Severity::Warning : Severity::Failure;
    result.contract.add(severity, failureClassName(result.failure), {},
                        failureClassTitle(result.failure) + QStringLiteral(": ") +
                            result.failureDetails,
                        {}, response.transportError, failureClassExplanation(result.failure));
}

void judgeRedirect(const PreparedCall &call, CallResult &result)
{
    const CallResponse &response = result.response;
    const QByteArray location = headerValue(response.headers, "location");
    const QUrl target = call.url.resolved(QUrl(QString::fromUtf8(location)));
    result.failure = FailureClass::Redirect;
    result.failureDetails =
        QStringLiteral("HTTP %1 to %2")
            .arg(response.httpStatus)
            .arg(location.isEmpty() ? QStringLiteral("(no Location header)") : target.toString());
    result.contract.add(Severity::Failure, failureClassName(FailureClass::Redirect),
                        QStringLiteral("Location"),
                        QStringLiteral("the endpoint redirects instead of answering"),
                        QStringLiteral("a 2xx JSON answer"), result.failureDetails,
                        QStringLiteral("Configure the final URL in the platform; Paybench does "
                                       "not re-send credentials to another address."));
}

QString bodyErrorText(const std::optional<OrderedValue> &answer)
{
    if (!answer || !answer->isObject())
        return {};
    const OrderedValue *error = answer->member(QStringLiteral("error"));
    if (error && error->type() == Type::String)
        return error->toString();
    return {};
}

void judgeErrorStatus(const PreparedCall &call, CallResult &result)
{
    const CallResponse &response = result.response;
    const int status = response.httpStatus;
    const QString statusLine =
        QStringLiteral("HTTP %1 %2").arg(status).arg(QString::fromLatin1(response.reasonPhrase));
    const QString errorText = bodyErrorText(result.answer);
    const bool clientError = status >= 400 && status < 500;

    if (call.expectation == CallExpectation::Rejection && clientError) {
        result.contract.add(Severity::Pass, QStringLiteral("rejected"), {},
                            QStringLiteral("the endpoint refused the request as expected"),
                            QStringLiteral("a 4xx status"), statusLine);
    } else {
        result.failure = FailureClass::HttpErrorStatus;
        result.failureDetails = statusLine;
        QString advice = failureClassExplanation(FailureClass::HttpErrorStatus);
        if (status == 401 || status == 403)
            advice = QStringLiteral("Check the credentials: the endpoint refused them.");
        else if (status == 404)
            advice = QStringLiteral("Check the path: the endpoint does not exist at this URL.");
        else if (status == 405)
            advice = QStringLiteral("The endpoint must accept POST.");
        else if (status >= 500)
            advice = QStringLiteral("The endpoint failed; look at its logs. A bad request should "
                                    "get a 4xx, not a 5xx.");
        result.contract.add(
            Severity::Failure, failureClassName(FailureClass::HttpErrorStatus), {},
            QStringLiteral("the endpoint answered %1").arg(statusLine),
            call.expectation == CallExpectation::Rejection ? QStringLiteral("a 4xx status")
                                                           : QStringLiteral("a 2xx status"),
            errorText.isEmpty() ? statusLine : statusLine + QStringLiteral(": ") + errorText,
            advice);
    }
    // The documented error shape is {"error": "..."}; an HTML page is no help to anyone.
    if (!result.answer) {
        result.contract.add(Severity::Failure, QStringLiteral("error-not-json"), {},
                            QStringLiteral("the error answer is not JSON"),
                            QStringLiteral("{\"error\": \"...\"}"),
                            firstBytes(response.body, call.masker),
                            QStringLiteral("Answer errors with a JSON object holding an \"error\" "
                                           "message, not an HTML page."));
    } else if (errorText.isEmpty()) {
        result.contract.add(Severity::Warning, QStringLiteral("error-without-message"),
                            QStringLiteral("$.error"),
                            QStringLiteral("the error answer has no \"error\" message"),
                            QStringLiteral("a string"), shown(*result.answer, call.masker),
                            QStringLiteral("Say what went wrong in an \"error\" string."));
    } else {
        result.contract.add(
            Severity::Pass, QStringLiteral("error-message"), QStringLiteral("$.error"),
            QStringLiteral("the error answer carries a message"), {}, call.masker.mask(errorText));
    }
}

// Classifies the exchange and judges it against the documented contract (result.contract),
// taking the values later calls need from the answer.
CallResult classifyAndJudgeDocumented(const PreparedCall &call, const CallResponse &response)
{
    CallResult result;
    result.call = call;
    result.response = response;
    result.variables = call.variables;

    if (response.certificate.errorsIgnored) {
        result.contract.add(Severity::Warning, QStringLiteral("tls-errors-ignored"), {},
                            QStringLiteral("TLS errors were ignored for this call, by choice"), {},
                            response.certificate.errors.join(QStringLiteral("; ")),
                            QStringLiteral("Openfront would refuse this certificate: fix it before "
                                           "going live."));
    }
    if (response.outcome != TransportOutcome::Completed) {
        classifyTransport(call, result);
        return result;
    }

    const int status = response.httpStatus;
    if (status >= 300 && status < 400) {
        judgeRedirect(call, result);
        return result;
    }

    // Parse first: error answers are judged on their body too.
    const QByteArray trimmed = response.body.trimmed();
    if (!trimmed.isEmpty()) {
        json::ParseResult parsed = json::parse(response.body);
        if (parsed.value)
            result.answer = std::move(parsed.value);
        else
            result.parseError = parsed.error;
    }

    if (status < 200 || status >= 300) {
        judgeErrorStatus(call, result);
        return result;
    }

    if (call.expectation == CallExpectation::Rejection) {
        result.contract.add(Severity::Failure, QStringLiteral("accepted-unexpectedly"), {},
                            QStringLiteral("the endpoint accepted a request it should refuse"),
                            QStringLiteral("a 4xx status with a JSON error"),
                            QStringLiteral("HTTP %1").arg(status),
                            QStringLiteral("Validate the request (signature, amounts, credentials) "
                                           "and answer 4xx when it is wrong."));
    }

    if (trimmed.isEmpty()) {
        result.failure = FailureClass::EmptyBody;
        result.failureDetails = QStringLiteral("HTTP %1 with an empty body").arg(status);
        result.contract.add(Severity::Failure, failureClassName(FailureClass::EmptyBody), {},
                            QStringLiteral("the answer has no body"),
                            QStringLiteral("a JSON object"), QStringLiteral("0 bytes"),
                            failureClassExplanation(FailureClass::EmptyBody));
        return result;
    }
    if (!result.answer) {
        result.failure = FailureClass::NonJsonBody;
        result.failureDetails = QStringLiteral("%1; first bytes: %2")
                                    .arg(result.parseError, firstBytes(response.body, call.masker));
        result.contract.add(Severity::Failure, failureClassName(FailureClass::NonJsonBody), {},
                            QStringLiteral("the body is not JSON (%1)").arg(result.parseError),
                            QStringLiteral("a JSON object"), firstBytes(response.body, call.masker),
                            failureClassExplanation(FailureClass::NonJsonBody));
        return result;
    }

    const QByteArray contentType = headerValue(response.headers, "content-type").toLower();
    if (!contentType.startsWith("application/json") && !contentType.contains("+json")) {
        result.failure = FailureClass::WrongContentType;
        result.failureDetails = QStringLiteral("Content-Type: %1")
                                    .arg(contentType.isEmpty() ? QStringLiteral("(none)")
                                                               : QString::fromLatin1(contentType));
        result.contract.add(Severity::Warning, failureClassName(FailureClass::WrongContentType),
                            QStringLiteral("Content-Type"),
                            QStringLiteral("the JSON answer is not labelled as JSON"),
                            QStringLiteral("application/json"), result.failureDetails,
                            failureClassExplanation(FailureClass::WrongContentType));
    }

    if (!result.answer->isObject()) {
        result.contract.add(Severity::Failure, QStringLiteral("not-an-object"), QStringLiteral("$"),
                            QStringLiteral("the answer is JSON but not an object"),
                            QStringLiteral("object"), shown(*result.answer, call.masker),
                            QStringLiteral("Answer a JSON object with the documented fields."));
        return result;
    }

    judgeDocumentedAnswer(call, *result.answer, result);

    // Values for the next calls.
    const OrderedValue &answer = *result.answer;
    auto take = [&](const char *field, const char *variable) {
        const OrderedValue *value = answer.member(QString::fromLatin1(field));
        if (!value)
            return;
        if (value->type() == Type::String)
            result.variables.insert(QString::fromLatin1(variable), value->toString());
        else if (value->type() == Type::Number)
            result.variables.insert(QString::fromLatin1(variable),
                                    QString::fromUtf8(json::stringify(*value)));
    };
    switch (call.function) {
    case PaymentFunction::CreatePayment:
        take("paymentId", "paymentId");
        if (call.requestedAmount)
            result.variables.insert(QStringLiteral("amount"),
                                    QString::number(*call.requestedAmount));
        result.variables.insert(QStringLiteral("currency"), call.requestedCurrency);
        break;
    case PaymentFunction::CapturePayment:
        take("transactionId", "transactionId");
        take("capturedAmount", "capturedAmount");
        break;
    case PaymentFunction::RefundPayment:
        take("refundId", "refundId");
        take("refundedAmount", "refundedAmount");
        break;
    case PaymentFunction::GetPaymentStatus:
        take("status", "status");
        break;
    case PaymentFunction::GeneratePaymentLink:
        take("url", "url");
        break;
    case PaymentFunction::HandleWebhook:
        take("eventType", "eventType");
        break;
    }
    return result;
}

} // namespace

CallResult evaluateCall(const PreparedCall &call, const CallResponse &response)
{
    CallResult result = classifyAndJudgeDocumented(call, response);
    QVector<const RuntimeProfile *> judges{call.profile};
    judges += call.alsoJudgedBy;
    for (const RuntimeProfile *profile : judges) {
        const bool done = std::any_of(
            result.runtime.cbegin(), result.runtime.cend(),
            [profile](const ProfileVerdict &judged) { return judged.profile == profile; });
        if (profile && profile->isOpenfront() && !done)
            result.runtime.append({profile, profile->judge(result)});
    }
    return result;
}

const Verdict *CallResult::verdictOf(const RuntimeProfile *profile) const
{
    if (!profile || !profile->isOpenfront())
        return &contract;
    for (const ProfileVerdict &judged : runtime) {
        if (judged.profile == profile)
            return &judged.verdict;
    }
    return nullptr;
}

const Verdict &CallResult::verdict() const
{
    const Verdict *own = verdictOf(call.profile);
    return own ? *own : contract;
}

} // namespace paybench::contract
