#include "OpenfrontProfile.h"

#include "AnswerText.h"
#include "CallResult.h"
#include "Currency.h"
#include "RequestParts.h"

#include <QRegularExpression>

#include <cmath>

namespace paybench::contract {

using json::OrderedValue;
using Type = json::OrderedValue::Type;
using answer::shown;
using request::num;
using request::str;

namespace {

const QString kCallerFails = QStringLiteral("The operation fails in Openfront with this error.");

// JSON's own whitespace (RFC 8259); V8 reports any other character, \v or a no-break space
// included, as an unexpected token.
bool isJsonSpace(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n') ||
           c == QLatin1Char('\r');
}

// Node 20's text for JSON.parse of a body that is not JSON, for the usual case of a first
// character that cannot start JSON (V8's "unexpected token" messages); a generic line otherwise.
QString nodeJsonError(const QByteArray &body)
{
    // response.json() decodes UTF-8 and drops a byte order mark before parsing.
    QString text = QString::fromUtf8(body);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    qsizetype position = 0;
    while (position < text.size() && isJsonSpace(text.at(position)))
        ++position;
    if (position == text.size())
        return QStringLiteral("Unexpected end of JSON input");
    const QChar first = text.at(position);
    if (QStringLiteral("{[\"-0123456789tfn").contains(first))
        return QStringLiteral("SyntaxError from JSON.parse (Node's text names the position)");
    // V8 quotes the whole source below 21 characters; else up to 10 characters either side,
    // with "..." where it cut.
    constexpr qsizetype kContext = 10;
    QString quoted;
    if (text.size() < 2 * kContext + 1)
        quoted = QStringLiteral("\"%1\"").arg(text);
    else if (position < kContext)
        quoted = QStringLiteral("\"%1\"...").arg(text.left(position + kContext));
    else if (position < text.size() - kContext)
        quoted = QStringLiteral("...\"%1\"...").arg(text.mid(position - kContext, 2 * kContext));
    else
        quoted = QStringLiteral("...\"%1\"").arg(text.mid(position - kContext));
    return QStringLiteral("Unexpected token '%1', %2 is not valid JSON").arg(first, quoted);
}

bool isHttpTarget(const QString &value)
{
    // The adapter's own test: a field starting with "http" is called over HTTP.
    return value.startsWith(QLatin1String("http"));
}

} // namespace

// ---- requests -------------------------------------------------------------------------------

OrderedValue OpenfrontProfile::requestBody(const RequestParts &parts) const
{
    const CallTarget &target = parts.target;
    const ProviderShape shape = providerShape(parts.spec.function);
    OrderedValue provider = OrderedValue::object({
        {QStringLiteral("id"), str(request::recordId(target))},
        {QStringLiteral("code"), str(target.code)},
    });
    if (shape.isInstalled)
        provider.setMember(QStringLiteral("isInstalled"), OrderedValue::boolean(target.installed));
    for (PaymentFunction function : shape.functionFields)
        provider.setMember(functionField(function), str(target.target(function)));
    provider.setMember(QStringLiteral("credentials"), request::credentialsObject(target));
    OrderedValue body = OrderedValue::object({{QStringLiteral("provider"), provider}});
    addArguments(parts, body);
    return body;
}

OrderedValue OpenfrontProfile::cartObject(const RequestParts &parts)
{
    const CallTarget &target = parts.target;
    const OrderedValue currency = OrderedValue::object({
        {QStringLiteral("code"), str(parts.currency.toLower())},
        {QStringLiteral("noDivisionCurrency"),
         OrderedValue::boolean(isOpenfrontNoDivisionCurrency(parts.currency))},
    });
    const OrderedValue region = OrderedValue::object({
        {QStringLiteral("id"),
         str(target.regionCode.isEmpty() ? QStringLiteral("reg_default") : target.regionCode)},
        {QStringLiteral("taxRate"), num(0)},
        {QStringLiteral("currency"), currency},
    });
    // A collection made for this checkout is just {id}.
    const OrderedValue collection =
        OrderedValue::object({{QStringLiteral("id"), str(parts.ids(QStringLiteral("paycol_")))}});
    return OrderedValue::object({{QStringLiteral("id"), str(parts.cartId)},
                                 {QStringLiteral("rawTotal"), num(parts.amount)},
                                 {QStringLiteral("region"), region},
                                 {QStringLiteral("paymentCollection"), collection}});
}

OrderedValue OpenfrontProfile::invoiceObject(const RequestParts &parts)
{
    return OrderedValue::object({
        {QStringLiteral("id"), str(parts.cartId)},
        {QStringLiteral("totalAmount"), num(parts.amount)},
        {QStringLiteral("currency"),
         OrderedValue::object({
             {QStringLiteral("code"), str(parts.currency.toLower())},
             {QStringLiteral("noDivisionCurrency"),
              OrderedValue::boolean(isOpenfrontNoDivisionCurrency(parts.currency))},
         })},
        {QStringLiteral("account"),
         OrderedValue::object(
             {{QStringLiteral("id"), str(parts.ids(QStringLiteral("acct_")))},
              {QStringLiteral("user"),
               OrderedValue::object(
                   {{QStringLiteral("id"), str(parts.ids(QStringLiteral("user_")))}})}})},
        {QStringLiteral("paymentCollection"),
         OrderedValue::object({{QStringLiteral("id"), str(parts.ids(QStringLiteral("paycol_")))}})},
    });
}

QString OpenfrontProfile::description() const
{
    return versionDescription() +
           QStringLiteral(
               " Like every Openfront version, it sends one POST with only Content-Type: "
               "application/json and no timeout, and the provider's database record instead of "
               "{name, credentials}; an answer outside 2xx fails with its reason phrase (the body "
               "is never read), and a 2xx answer must be JSON.");
}

// ---- judging --------------------------------------------------------------------------------

Verdict OpenfrontProfile::judge(const CallResult &result) const
{
    const PreparedCall &call = result.call;
    const CallResponse &response = result.response;
    Verdict verdict;
    if (!callsFunction(call.function)) {
        verdict.add(Severity::Pass, QStringLiteral("openfront-never-calls"), {},
                    QStringLiteral("%1 never calls %2: this answer cannot break it")
                        .arg(name(), functionSlug(call.function)));
        return verdict;
    }
    if (call.url.scheme() == QLatin1String("http") && !answer::isLoopback(call.url)) {
        verdict.add(Severity::Warning, QStringLiteral("openfront-plain-http"),
                    QStringLiteral("url"), QStringLiteral("credentials travel in clear text"),
                    QStringLiteral("https"), call.url.toString(),
                    QStringLiteral("Openfront sends the provider's credentials in every request "
                                   "body: use https."));
    }
    switch (response.outcome) {
    case TransportOutcome::Completed:
        break;
    case TransportOutcome::Cancelled:
        verdict.add(Severity::Warning, QStringLiteral("cancelled"), {},
                    QStringLiteral("cancelled before an answer came"));
        return verdict;
    case TransportOutcome::Timeout:
        verdict.add(Severity::Failure, QStringLiteral("openfront-no-timeout"), {},
                    QStringLiteral("Openfront would wait with no limit"),
                    QStringLiteral("an answer"), result.failureDetails,
                    QStringLiteral("Openfront's fetch sets no timeout: answer within a few "
                                   "seconds, or checkout hangs with the endpoint."));
        return verdict;
    case TransportOutcome::NotSent:
        verdict.add(
            Severity::Failure, QStringLiteral("openfront-not-http"), functionField(call.function),
            call.builtInAdapter ? QStringLiteral("Openfront runs its bundled \"%1\" module, not an "
                                                 "HTTP endpoint")
                                      .arg(call.target)
                                : QStringLiteral("Openfront cannot call this target: %1")
                                      .arg(result.failureDetails),
            QStringLiteral("an http(s) URL"), call.target,
            QStringLiteral("Point the function field at the endpoint's URL."));
        return verdict;
    case TransportOutcome::HostNotFound:
    case TransportOutcome::ConnectionRefused:
    case TransportOutcome::TlsFailure:
    case TransportOutcome::NetworkError:
        verdict.add(Severity::Failure, QStringLiteral("openfront-fetch-failed"), {},
                    QStringLiteral("Openfront's call fails with \"fetch failed\""),
                    QStringLiteral("a reachable endpoint"), result.failureDetails,
                    QStringLiteral("The operation fails in Openfront until the endpoint is "
                                   "reachable from the Openfront server."));
        return verdict;
    }

    const int status = response.httpStatus;
    const QString reason = QString::fromLatin1(response.reasonPhrase);
    if (status >= 300 && status < 400) {
        const bool keepsMethod = status == 307 || status == 308;
        verdict.add(keepsMethod ? Severity::Warning : Severity::Failure,
                    QStringLiteral("openfront-follows-redirect"), QStringLiteral("Location"),
                    QStringLiteral("Openfront's fetch follows HTTP %1").arg(status), {},
                    result.failureDetails,
                    keepsMethod
                        ? QStringLiteral("fetch re-sends the POST with its body, credentials "
                                         "included, to the new address: configure the final URL.")
                        : QStringLiteral("fetch follows it as a GET without the body, so the "
                                         "operation fails: configure the final URL."));
        return verdict;
    }
    if (status < 200 || status >= 300) {
        const QString error = QStringLiteral("HTTP request failed: %1").arg(reason);
        if (call.expectation == CallExpectation::Rejection) {
            verdict.add(Severity::Pass, QStringLiteral("openfront-operation-refused"), {},
                        QStringLiteral("Openfront's operation stops with \"%1\"").arg(error), {},
                        QStringLiteral("HTTP %1").arg(status));
        } else {
            verdict.add(Severity::Failure, QStringLiteral("openfront-http-error"), {},
                        QStringLiteral("Openfront fails with \"%1\"").arg(error),
                        QStringLiteral("a 2xx answer"), QStringLiteral("HTTP %1").arg(status),
                        QStringLiteral("Openfront never reads the body of a non-2xx answer: the "
                                       "merchant sees only the reason phrase."));
        }
        return verdict;
    }
    if (call.expectation == CallExpectation::Rejection) {
        verdict.add(Severity::Failure, QStringLiteral("accepted-unexpectedly"), {},
                    QStringLiteral("Openfront goes on as if the request were fine"),
                    QStringLiteral("a non-2xx status"), QStringLiteral("HTTP %1").arg(status),
                    QStringLiteral("Answer non-2xx when the request is wrong: Openfront only "
                                   "looks at the status."));
    }
    // response.json() decodes UTF-8 with U+FFFD for invalid bytes before parsing, so a body the
    // strict parser refused for its encoding alone still reaches Openfront's code.
    std::optional<OrderedValue> decoded = result.answer;
    if (!decoded && !response.body.trimmed().isEmpty()) {
        decoded = json::parse(QString::fromUtf8(response.body).toUtf8()).value;
        if (decoded) {
            verdict.add(Severity::Warning, QStringLiteral("openfront-invalid-utf8"), {},
                        QStringLiteral("the body is not valid UTF-8: Openfront reads U+FFFD in "
                                       "place of the invalid bytes"),
                        QStringLiteral("UTF-8"), answer::firstBytes(response.body, call.masker),
                        QStringLiteral("Encode every answer as UTF-8."));
        }
    }
    if (!decoded) {
        verdict.add(Severity::Failure, QStringLiteral("openfront-json-fails"), {},
                    QStringLiteral("Openfront fails with \"%1\"").arg(nodeJsonError(response.body)),
                    QStringLiteral("a JSON body"),
                    response.body.trimmed().isEmpty()
                        ? QStringLiteral("HTTP %1 with an empty body").arg(status)
                        : answer::firstBytes(response.body, call.masker),
                    QStringLiteral("Every 2xx answer needs a JSON body (never 204): Openfront "
                                   "parses it with response.json()."));
        return verdict;
    }
    // A webhook answer is destructured or read by each version in its own way: a null or a
    // string fails (or not) with that version's own words, so the version judges it.
    if (!decoded->isObject() && call.function != PaymentFunction::HandleWebhook) {
        verdict.add(Severity::Failure, QStringLiteral("openfront-not-an-object"),
                    QStringLiteral("$"),
                    QStringLiteral("Openfront reads fields of an object; this answer has none"),
                    QStringLiteral("a JSON object"), shown(*decoded, call.masker), kCallerFails);
        return verdict;
    }
    judgeAnswer(call, *decoded, verdict);
    if (!verdict.hasFailure()) {
        verdict.add(Severity::Pass, QStringLiteral("openfront-accepts"), {},
                    QStringLiteral("%1 takes this answer").arg(name()));
    }
    return verdict;
}

void OpenfrontProfile::judgeSessionData(const PreparedCall &call, const OrderedValue &answer,
                                        Verdict &verdict)
{
    const QByteArray stored = json::stringify(answer);
    if (call.masker.mask(stored) != stored) {
        verdict.add(Severity::Failure, QStringLiteral("secret-in-session-data"),
                    QStringLiteral("$"), QStringLiteral("the answer contains a secret credential"),
                    QStringLiteral("no secret values"), QStringLiteral("a credential value"),
                    QStringLiteral("Openfront stores the whole create-payment answer as the "
                                   "payment session's data, which the storefront can read: never "
                                   "echo secret keys."));
    } else {
        verdict.add(Severity::Pass, QStringLiteral("session-data-stored"), QStringLiteral("$"),
                    QStringLiteral("stored whole as the payment session's data"));
    }
}

bool OpenfrontProfile::judgeStatus(const OrderedValue &answer, const QStringList &accepted,
                                   const QString &error, Verdict &verdict)
{
    const OrderedValue *status = answer.member(QStringLiteral("status"));
    const QString sent = !status ? QStringLiteral("undefined")
                         : status->type() == Type::String
                             ? status->toString()
                             : QString::fromUtf8(json::stringify(*status));
    if (status && status->type() == Type::String && accepted.contains(sent.toLower())) {
        verdict.add(Severity::Pass, QStringLiteral("openfront-status-accepted"),
                    QStringLiteral("$.status"), QStringLiteral("status is one Openfront accepts"),
                    accepted.join(QLatin1Char('|')), sent);
        return true;
    }
    verdict.add(Severity::Failure, QStringLiteral("openfront-status-rejected"),
                QStringLiteral("$.status"),
                QStringLiteral("Openfront fails with \"%1\"").arg(error.arg(sent)),
                accepted.join(QLatin1Char('|')), sent,
                status ? QStringLiteral("Answer one of the states Openfront accepts (any case).")
                       : QStringLiteral("Add \"status\": the documented answer has none, but "
                                        "Openfront reads it."));
    return false;
}

void OpenfrontProfile::judgeAmountEquals(const PreparedCall &call, const OrderedValue &answer,
                                         qint64 expected, const QString &error, Verdict &verdict)
{
    const OrderedValue *amount = answer.member(QStringLiteral("amount"));
    // Openfront converts with Number(): a numeric string passes, a missing amount does not.
    double value = std::nan("");
    if (amount && amount->type() == Type::Number)
        value = amount->toDouble();
    else if (amount && amount->type() == Type::String) {
        bool ok = false;
        const double parsed = amount->toString().trimmed().toDouble(&ok);
        if (ok)
            value = parsed;
    }
    if (amount && std::isfinite(value) && value == std::floor(value) &&
        value == static_cast<double>(expected)) {
        verdict.add(Severity::Pass, QStringLiteral("openfront-amount-matches"),
                    QStringLiteral("$.amount"), QStringLiteral("amount equals Openfront's amount"),
                    QString::number(expected), shown(*amount, call.masker));
        return;
    }
    verdict.add(Severity::Failure, QStringLiteral("openfront-amount-mismatch"),
                QStringLiteral("$.amount"),
                QStringLiteral("Openfront fails with \"%1\"").arg(error), QString::number(expected),
                amount ? shown(*amount, call.masker) : QStringLiteral("absent"),
                amount ? QStringLiteral("Answer the amount Openfront sent, as an integer in the "
                                        "same minor units.")
                       : QStringLiteral("Add \"amount\" (an integer in minor units): Openfront "
                                        "compares it with its own total."));
}

void OpenfrontProfile::judgeCurrency(const PreparedCall &call, const OrderedValue &answer,
                                     bool required, const QString &error, Verdict &verdict)
{
    const QString expected = call.requestedCurrency.isEmpty()
                                 ? call.variables.value(QStringLiteral("currency"))
                                 : call.requestedCurrency;
    const OrderedValue *currency = answer.member(QStringLiteral("currency"));
    // Openfront skips the comparison for a falsy currency (`result.currency || expected`):
    // absent, null, false, 0 or "".
    const bool present =
        currency && !(currency->type() == Type::Null ||
                      (currency->type() == Type::Bool && !currency->toBool()) ||
                      (currency->type() == Type::Number && currency->toDouble() == 0) ||
                      (currency->type() == Type::String && currency->toString().isEmpty()));
    if (!present && !required) {
        verdict.add(Severity::Pass, QStringLiteral("openfront-currency-absent"),
                    QStringLiteral("$.currency"),
                    QStringLiteral("no currency: Openfront does not compare it"));
        return;
    }
    if (present && currency->type() == Type::String &&
        currency->toString().compare(expected, Qt::CaseInsensitive) == 0) {
        verdict.add(Severity::Pass, QStringLiteral("openfront-currency-matches"),
                    QStringLiteral("$.currency"), QStringLiteral("currency matches (any case)"),
                    expected, currency->toString());
        return;
    }
    verdict.add(Severity::Failure, QStringLiteral("openfront-currency-mismatch"),
                QStringLiteral("$.currency"),
                QStringLiteral("Openfront fails with \"%1\"").arg(error), expected,
                currency ? shown(*currency, call.masker) : QStringLiteral("absent"),
                QStringLiteral("Answer the currency code Openfront sent (any case)."));
}

void OpenfrontProfile::judgeDataObject(const PreparedCall &call, const OrderedValue &answer,
                                       const QString &consequence, Verdict &verdict)
{
    const OrderedValue *data = answer.member(QStringLiteral("data"));
    if (data && data->isObject())
        return;
    verdict.add(Severity::Warning, QStringLiteral("openfront-no-data"), QStringLiteral("$.data"),
                QStringLiteral("no data object: %1").arg(consequence), QStringLiteral("an object"),
                data ? shown(*data, call.masker) : QStringLiteral("absent"),
                QStringLiteral("Put the gateway's payment record in \"data\"."));
}

QString OpenfrontProfile::webhookAction(const QString &type)
{
    // Case-sensitive substring matches, as both versions test them.
    if (type.contains(QLatin1String("payment_intent.succeeded")) ||
        type.contains(QLatin1String("PAYMENT.CAPTURE.COMPLETED")))
        return QStringLiteral("captured");
    if (type.contains(QLatin1String("payment_intent.payment_failed")) ||
        type.contains(QLatin1String("PAYMENT.CAPTURE.DENIED")))
        return QStringLiteral("failed");
    if (type.contains(QLatin1String("payment_intent.amount_capturable_updated")) ||
        type.contains(QLatin1String("PAYMENT.AUTHORIZATION.CREATED")))
        return QStringLiteral("authorized");
    if (type.contains(QLatin1String("payment_intent.canceled")) ||
        type.contains(QLatin1String("PAYMENT.AUTHORIZATION.VOIDED")))
        return QStringLiteral("canceled");
    return {};
}

// ---- readiness ------------------------------------------------------------------------------

Verdict OpenfrontProfile::readiness(const CallTarget &target) const
{
    Verdict verdict;
    static const QRegularExpression codeRule(QStringLiteral("^pp_[a-zA-Z0-9-_]+$"));
    if (codeRule.match(target.code).hasMatch()) {
        verdict.add(Severity::Pass, QStringLiteral("code-format"), QStringLiteral("code"),
                    QStringLiteral("the code is one Openfront's record accepts"), {}, target.code);
    } else {
        verdict.add(Severity::Failure, QStringLiteral("code-format"), QStringLiteral("code"),
                    QStringLiteral("Openfront refuses the record: the code breaks its rule"),
                    QStringLiteral("^pp_[a-zA-Z0-9-_]+$"), target.code,
                    QStringLiteral("Use pp_ followed by letters, digits, - or _."));
    }
    if (!target.installed) {
        verdict.add(Severity::Failure, QStringLiteral("not-installed"),
                    QStringLiteral("isInstalled"),
                    QStringLiteral("the provider is not installed: Openfront neither lists nor "
                                   "calls it"),
                    QStringLiteral("true"), QStringLiteral("false"),
                    QStringLiteral("Install the provider."));
    }
    if (target.regionCode.isEmpty()) {
        verdict.add(Severity::Failure, QStringLiteral("no-region"), QStringLiteral("regions"),
                    QStringLiteral("linked to no region: the storefront lists providers by the "
                                   "cart's region"),
                    QStringLiteral("at least one region"), QStringLiteral("none"),
                    QStringLiteral("Link the provider to the regions it serves."));
    }
    for (PaymentFunction function : kAllPaymentFunctions) {
        const QString field = functionField(function);
        const QString &value = target.target(function);
        if (value.trimmed().isEmpty()) {
            verdict.add(Severity::Failure, QStringLiteral("function-empty"), field,
                        QStringLiteral("%1 is empty: Openfront's record requires every function "
                                       "field")
                            .arg(field),
                        QStringLiteral("a URL"), QStringLiteral("empty"),
                        QStringLiteral("Fill in every function field, even for functions this "
                                       "version never calls."));
            continue;
        }
        if (!callsFunction(function)) {
            verdict.add(Severity::Pass, QStringLiteral("function-never-called"), field,
                        QStringLiteral("%1 never calls %2").arg(name(), functionSlug(function)));
            continue;
        }
        if (!isHttpTarget(value)) {
            verdict.add(Severity::Failure, QStringLiteral("function-not-http"), field,
                        QStringLiteral("Openfront treats \"%1\" as a bundled module name, not an "
                                       "endpoint")
                            .arg(value),
                        QStringLiteral("https://..."), value,
                        QStringLiteral("Give the endpoint's full http(s) URL."));
            continue;
        }
        const QUrl url(value, QUrl::StrictMode);
        if (url.scheme() == QLatin1String("http") && !answer::isLoopback(url)) {
            const bool live = target.environment == Environment::Live;
            verdict.add(
                live ? Severity::Failure : Severity::Warning, QStringLiteral("function-plain-http"),
                field,
                QStringLiteral("%1 uses plain http%2")
                    .arg(field, live ? QStringLiteral(" in the live environment") : QString()),
                QStringLiteral("https"), value,
                QStringLiteral("Openfront sends the credentials in the body: use https."));
            continue;
        }
        verdict.add(Severity::Pass, QStringLiteral("function-url"), field,
                    QStringLiteral("%1 is called over HTTP").arg(functionSlug(function)), {},
                    value);
    }
    judgeCheckout(target, verdict);
    return verdict;
}

} // namespace paybench::contract
