#include "DocumentedJudge.h"

#include "AnswerText.h"

#include <QDateTime>
#include <QUrl>

#include <cmath>

namespace paybench::contract {

using json::OrderedValue;
using Type = json::OrderedValue::Type;
using answer::isLoopback;
using answer::shown;
using answer::typeName;

namespace {

enum class FieldKind { String, NonEmptyString, Number, Amount, Boolean, Object, Timestamp, Url };

QString kindName(FieldKind kind)
{
    switch (kind) {
    case FieldKind::String:
        return QStringLiteral("string");
    case FieldKind::NonEmptyString:
        return QStringLiteral("non-empty string");
    case FieldKind::Number:
        return QStringLiteral("number");
    case FieldKind::Amount:
        return QStringLiteral("integer number (minor units)");
    case FieldKind::Boolean:
        return QStringLiteral("boolean");
    case FieldKind::Object:
        return QStringLiteral("object");
    case FieldKind::Timestamp:
        return QStringLiteral("ISO 8601 timestamp string");
    case FieldKind::Url:
        return QStringLiteral("absolute http(s) URL string");
    }
    return {};
}

struct FieldSpec {
    const char *name;
    FieldKind kind;
    bool required;
    const char *meaning; // for advice: "the gateway's id of the payment"
};

QDateTime parseIsoTimestamp(const QString &text)
{
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid())
        parsed = QDateTime::fromString(text, Qt::ISODate);
    return parsed;
}

} // namespace

// Judges a 2xx JSON object answer against the documented contract of its function.
class DocumentedJudge final
{
public:
    DocumentedJudge(const PreparedCall &call, CallResult &result) : m_call(call), m_result(result)
    {}

    // Field presence and type; true when present with the right type.
    bool checkField(const OrderedValue &answer, const FieldSpec &spec)
    {
        const QString name = QString::fromLatin1(spec.name);
        const QString path = QStringLiteral("$.") + name;
        const OrderedValue *value = answer.member(name);
        Verdict &verdict = m_result.contract;
        if (!value) {
            if (spec.required) {
                verdict.add(Severity::Failure, QStringLiteral("missing-field"), path,
                            QStringLiteral("%1 is missing").arg(name), kindName(spec.kind),
                            QStringLiteral("absent"),
                            QStringLiteral("Add \"%1\" (%2) to the answer.")
                                .arg(name, QString::fromLatin1(spec.meaning)));
            } else {
                verdict.add(Severity::Pass, QStringLiteral("optional-field-absent"), path,
                            QStringLiteral("%1 is optional and absent").arg(name));
            }
            return false;
        }
        QString problem;
        switch (spec.kind) {
        case FieldKind::String:
            if (value->type() != Type::String)
                problem = typeName(*value);
            break;
        case FieldKind::NonEmptyString:
            if (value->type() != Type::String)
                problem = typeName(*value);
            else if (value->toString().trimmed().isEmpty())
                problem = QStringLiteral("an empty string");
            break;
        case FieldKind::Number:
        case FieldKind::Amount:
            if (value->type() != Type::Number)
                problem = typeName(*value);
            break;
        case FieldKind::Boolean:
            if (value->type() != Type::Bool)
                problem = typeName(*value);
            break;
        case FieldKind::Object:
            if (value->type() != Type::Object)
                problem = typeName(*value);
            break;
        case FieldKind::Timestamp:
            if (value->type() != Type::String)
                problem = typeName(*value);
            else if (!parseIsoTimestamp(value->toString()).isValid())
                problem = QStringLiteral("a string that is not an ISO 8601 timestamp");
            break;
        case FieldKind::Url: {
            if (value->type() != Type::String) {
                problem = typeName(*value);
                break;
            }
            const QUrl url(value->toString(), QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty() ||
                (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
                problem = QStringLiteral("a string that is not an absolute http(s) URL");
            break;
        }
        }
        if (!problem.isEmpty()) {
            QString advice = QStringLiteral("Send \"%1\" as a %2.").arg(name, kindName(spec.kind));
            if (value->type() == Type::String &&
                (spec.kind == FieldKind::Number || spec.kind == FieldKind::Amount))
                advice =
                    QStringLiteral("Send \"%1\" as a JSON number, not a quoted string.").arg(name);
            verdict.add(Severity::Failure, QStringLiteral("wrong-type"), path,
                        QStringLiteral("%1 has the wrong type").arg(name), kindName(spec.kind),
                        QStringLiteral("%1: %2").arg(problem, shown(*value, m_call.masker)),
                        advice);
            return false;
        }
        if (spec.kind == FieldKind::Amount &&
            (!std::isfinite(value->toDouble()) ||
             value->toDouble() != std::floor(value->toDouble()) || value->toDouble() < 0)) {
            verdict.add(Severity::Warning, QStringLiteral("amount-not-minor-units"), path,
                        QStringLiteral("%1 is not a whole number of minor units").arg(name),
                        QStringLiteral("a non-negative integer such as 1999 for 19.99"),
                        shown(*value, m_call.masker),
                        QStringLiteral("Amounts travel in minor units (cents): send integers."));
            return true;
        }
        // A loopback link is a local test gateway's own page: plain http is expected there.
        if (spec.kind == FieldKind::Url && value->toString().startsWith(QLatin1String("http:")) &&
            !isLoopback(QUrl(value->toString()))) {
            verdict.add(Severity::Warning, QStringLiteral("insecure-url"), path,
                        QStringLiteral("%1 uses plain http").arg(name),
                        QStringLiteral("an https URL"), shown(*value, m_call.masker),
                        QStringLiteral("Link to the dashboard over https."));
            return true;
        }
        verdict.add(Severity::Pass, QStringLiteral("field-ok"), path,
                    QStringLiteral("%1 is present with the right type").arg(name),
                    kindName(spec.kind), shown(*value, m_call.masker));
        return true;
    }

    void checkFields(const OrderedValue &answer, std::initializer_list<FieldSpec> specs)
    {
        for (const FieldSpec &spec : specs)
            checkField(answer, spec);
        // Extra members are allowed: noted so that typos such as "paymentID" stand out.
        for (const auto &member : answer.members()) {
            const bool known = std::any_of(specs.begin(), specs.end(), [&](const FieldSpec &spec) {
                return member.first == QLatin1String(spec.name);
            });
            if (!known) {
                m_result.contract.add(
                    Severity::Pass, QStringLiteral("extra-field"),
                    QStringLiteral("$.") + member.first,
                    QStringLiteral("%1 is not part of the contract (allowed)").arg(member.first),
                    {}, shown(member.second, m_call.masker));
            }
        }
    }

    void checkAmount(const OrderedValue &answer, const char *field)
    {
        const QString name = QString::fromLatin1(field);
        const OrderedValue *value = answer.member(name);
        if (!value || value->type() != Type::Number || !m_call.requestedAmount)
            return;
        const double asked = static_cast<double>(*m_call.requestedAmount);
        if (value->toDouble() == asked) {
            m_result.contract.add(Severity::Pass, QStringLiteral("amount-matches"),
                                  QStringLiteral("$.") + name,
                                  QStringLiteral("%1 equals the amount asked for").arg(name),
                                  QString::number(asked, 'f', 0), shown(*value, m_call.masker));
            return;
        }
        m_result.contract.add(
            Severity::Failure, QStringLiteral("amount-mismatch"), QStringLiteral("$.") + name,
            QStringLiteral("%1 differs from the amount asked for").arg(name),
            QString::number(asked, 'f', 0), shown(*value, m_call.masker),
            QStringLiteral("Report the amount actually processed, in the same minor units as the "
                           "request; a 100x difference usually means units were converted."));
    }

    void checkSuccessFlag(const OrderedValue &answer, const QString &what)
    {
        const OrderedValue *success = answer.member(QStringLiteral("success"));
        if (success && success->type() == Type::Bool && !success->toBool()) {
            m_result.contract.add(Severity::Warning, QStringLiteral("not-successful"),
                                  QStringLiteral("$.success"),
                                  QStringLiteral("the %1 answered success: false").arg(what),
                                  QStringLiteral("true"), QStringLiteral("false"),
                                  QStringLiteral("A failed %1 should answer a 4xx status with an "
                                                 "error message, so the cause is visible.")
                                      .arg(what));
        }
    }

    void judgeCreate(const OrderedValue &answer)
    {
        checkFields(answer, {{"sessionData", FieldKind::Object, true,
                              "the data the storefront needs, such as a client secret"},
                             {"paymentId", FieldKind::NonEmptyString, true,
                              "the gateway's id of the payment, used by every later call"}});
    }

    void judgeCapture(const OrderedValue &answer)
    {
        checkFields(answer,
                    {{"success", FieldKind::Boolean, true, "whether the capture went through"},
                     {"transactionId", FieldKind::NonEmptyString, true, "the capture's id"},
                     {"capturedAmount", FieldKind::Amount, true, "the amount captured"},
                     {"fees", FieldKind::Number, false, "the processing fees"}});
        checkAmount(answer, "capturedAmount");
        checkSuccessFlag(answer, QStringLiteral("capture"));
    }

    void judgeRefund(const OrderedValue &answer)
    {
        checkFields(answer,
                    {{"success", FieldKind::Boolean, true, "whether the refund went through"},
                     {"refundId", FieldKind::NonEmptyString, true, "the refund's id"},
                     {"refundedAmount", FieldKind::Amount, true, "the amount refunded"}});
        checkAmount(answer, "refundedAmount");
        checkSuccessFlag(answer, QStringLiteral("refund"));
    }

    void judgeStatus(const OrderedValue &answer)
    {
        checkFields(answer,
                    {{"status", FieldKind::String, true, "one of the five payment states"},
                     {"amount", FieldKind::Amount, true, "the payment's amount"},
                     {"currency", FieldKind::String, true, "the payment's currency code"},
                     {"lastUpdated", FieldKind::Timestamp, true, "when the payment last changed"}});
        static const QStringList states{QStringLiteral("pending"), QStringLiteral("authorized"),
                                        QStringLiteral("captured"), QStringLiteral("failed"),
                                        QStringLiteral("cancelled")};
        const OrderedValue *status = answer.member(QStringLiteral("status"));
        if (status && status->type() == Type::String) {
            if (states.contains(status->toString())) {
                m_result.contract.add(Severity::Pass, QStringLiteral("status-valid"),
                                      QStringLiteral("$.status"),
                                      QStringLiteral("status is a documented state"),
                                      states.join(QLatin1Char('|')), status->toString());
            } else {
                QString advice = QStringLiteral("Map the gateway's own states to the five "
                                                "documented ones.");
                if (states.contains(status->toString().toLower()))
                    advice = QStringLiteral("Send the state in lower case.");
                else if (status->toString() == QLatin1String("canceled"))
                    advice = QStringLiteral("Spell it \"cancelled\", with two l's.");
                m_result.contract.add(Severity::Failure, QStringLiteral("wrong-enum"),
                                      QStringLiteral("$.status"),
                                      QStringLiteral("status is not one of the documented states"),
                                      states.join(QLatin1Char('|')), status->toString(), advice);
            }
        }
        // The same payment should come back: compare with what create-payment used.
        const QString knownAmount = m_call.variables.value(QStringLiteral("amount"));
        const OrderedValue *amount = answer.member(QStringLiteral("amount"));
        if (!knownAmount.isEmpty() && amount && amount->type() == Type::Number &&
            amount->toDouble() != knownAmount.toDouble()) {
            m_result.contract.add(Severity::Warning, QStringLiteral("amount-mismatch"),
                                  QStringLiteral("$.amount"),
                                  QStringLiteral("amount differs from the payment created"),
                                  knownAmount, shown(*amount, m_call.masker),
                                  QStringLiteral("Report the payment's amount in the same minor "
                                                 "units as create-payment received it."));
        }
        const QString knownCurrency = m_call.variables.value(QStringLiteral("currency"));
        const OrderedValue *currency = answer.member(QStringLiteral("currency"));
        if (!knownCurrency.isEmpty() && currency && currency->type() == Type::String &&
            currency->toString().compare(knownCurrency, Qt::CaseInsensitive) != 0) {
            m_result.contract.add(Severity::Warning, QStringLiteral("currency-mismatch"),
                                  QStringLiteral("$.currency"),
                                  QStringLiteral("currency differs from the payment created"),
                                  knownCurrency, currency->toString(),
                                  QStringLiteral("Report the payment's own currency code."));
        }
    }

    void judgeLink(const OrderedValue &answer)
    {
        checkFields(answer, {{"url", FieldKind::Url, true, "the payment in the dashboard"}});
    }

    void judgeWebhook(const OrderedValue &answer)
    {
        checkFields(answer,
                    {{"verified", FieldKind::Boolean, true, "whether the signature is valid"},
                     {"eventType", FieldKind::String, true, "the event's type"},
                     {"paymentId", FieldKind::String, true, "the payment the event is about"},
                     {"shouldUpdatePayment", FieldKind::Boolean, true,
                      "whether Openfront should update the payment"}});
        const OrderedValue *verified = answer.member(QStringLiteral("verified"));
        if (verified && verified->type() == Type::Bool && !verified->toBool() &&
            m_call.expectation == CallExpectation::Success) {
            m_result.contract.add(Severity::Failure, QStringLiteral("not-verified"),
                                  QStringLiteral("$.verified"),
                                  QStringLiteral("the handler did not verify a correctly signed "
                                                 "event"),
                                  QStringLiteral("true"), QStringLiteral("false"),
                                  QStringLiteral("Verify the HMAC over the raw body bytes with the "
                                                 "webhookSecret credential; re-serialising the "
                                                 "event changes the bytes."));
        }
        if (m_call.event) {
            const OrderedValue *sentType = m_call.event->member(QStringLiteral("type"));
            const OrderedValue *eventType = answer.member(QStringLiteral("eventType"));
            if (sentType && eventType && eventType->type() == Type::String &&
                eventType->toString() != sentType->toString()) {
                m_result.contract.add(Severity::Failure, QStringLiteral("event-type-mismatch"),
                                      QStringLiteral("$.eventType"),
                                      QStringLiteral("eventType is not the type of the event sent"),
                                      sentType->toString(), eventType->toString(),
                                      QStringLiteral("Answer the event's own type."));
            }
        }
        const OrderedValue *paymentId = answer.member(QStringLiteral("paymentId"));
        if (!m_call.paymentId.isEmpty() && paymentId && paymentId->type() == Type::String &&
            paymentId->toString() != m_call.paymentId) {
            m_result.contract.add(Severity::Failure, QStringLiteral("payment-id-mismatch"),
                                  QStringLiteral("$.paymentId"),
                                  QStringLiteral("paymentId is not the payment of the event"),
                                  m_call.paymentId, paymentId->toString(),
                                  QStringLiteral("Read the id from event.data.payment.id."));
        }
    }

    void judgeAnswer(const OrderedValue &answer)
    {
        switch (m_call.function) {
        case PaymentFunction::CreatePayment:
            judgeCreate(answer);
            break;
        case PaymentFunction::CapturePayment:
            judgeCapture(answer);
            break;
        case PaymentFunction::RefundPayment:
            judgeRefund(answer);
            break;
        case PaymentFunction::GetPaymentStatus:
            judgeStatus(answer);
            break;
        case PaymentFunction::GeneratePaymentLink:
            judgeLink(answer);
            break;
        case PaymentFunction::HandleWebhook:
            judgeWebhook(answer);
            break;
        }
    }

private:
    const PreparedCall &m_call;
    CallResult &m_result;
};

void judgeDocumentedAnswer(const PreparedCall &call, const json::OrderedValue &answer,
                           CallResult &result)
{
    DocumentedJudge(call, result).judgeAnswer(answer);
}

} // namespace paybench::contract
