#include "CallReport.h"

namespace paybench::contract {

using json::OrderedValue;

namespace {

OrderedValue findingsJson(const Verdict &verdict)
{
    QVector<OrderedValue> items;
    for (const Finding &finding : verdict.findings) {
        OrderedValue item = OrderedValue::object({
            {QStringLiteral("severity"), OrderedValue::string(severityName(finding.severity))},
            {QStringLiteral("code"), OrderedValue::string(finding.code)},
            {QStringLiteral("path"), OrderedValue::string(finding.path)},
            {QStringLiteral("message"), OrderedValue::string(finding.message)},
        });
        if (!finding.expected.isEmpty())
            item.setMember(QStringLiteral("expected"), OrderedValue::string(finding.expected));
        if (!finding.actual.isEmpty())
            item.setMember(QStringLiteral("actual"), OrderedValue::string(finding.actual));
        if (!finding.advice.isEmpty())
            item.setMember(QStringLiteral("advice"), OrderedValue::string(finding.advice));
        items.append(item);
    }
    return OrderedValue::object(
        {{QStringLiteral("result"), OrderedValue::string(severityName(verdict.result()))},
         {QStringLiteral("findings"), OrderedValue::array(items)}});
}

OrderedValue headersJson(const webhook::HeaderList &headers, const SecretMasker &masker)
{
    OrderedValue object = OrderedValue::object();
    for (const webhook::Header &header : headers) {
        const QString name = QString::fromLatin1(header.first);
        const QString value = masker.mask(QString::fromUtf8(header.second));
        // Repeated headers (Set-Cookie) are joined as fetch's Headers.get() joins them.
        if (const OrderedValue *existing = object.member(name))
            object.setMember(
                name, OrderedValue::string(existing->toString() + QStringLiteral(", ") + value));
        else
            object.setMember(name, OrderedValue::string(value));
    }
    return object;
}

OrderedValue numberOrNull(qint64 value)
{
    return value < 0 ? OrderedValue::null() : OrderedValue::number(static_cast<double>(value));
}

} // namespace

json::OrderedValue maskedRequest(const PreparedCall &call)
{
    OrderedValue request = OrderedValue::object({
        {QStringLiteral("method"), OrderedValue::string(QString::fromLatin1(call.method))},
        {QStringLiteral("url"),
         OrderedValue::string(call.url.isValid() ? call.url.toString()
                                                 : call.masker.mask(call.target))},
        {QStringLiteral("headers"), headersJson(call.headers, call.masker)},
    });
    if (call.payload)
        request.setMember(QStringLiteral("body"), call.masker.mask(*call.payload));
    else
        request.setMember(QStringLiteral("rawBody"),
                          OrderedValue::string(QString::fromUtf8(call.masker.mask(call.body))));
    return request;
}

json::OrderedValue callReport(const CallResult &result)
{
    const PreparedCall &call = result.call;
    const CallResponse &response = result.response;
    const SecretMasker &masker = call.masker;
    OrderedValue report = OrderedValue::object({
        {QStringLiteral("function"), OrderedValue::string(functionSlug(call.function))},
        {QStringLiteral("profile"), OrderedValue::string(call.profile->name())},
        {QStringLiteral("provider"), OrderedValue::string(call.providerCode)},
        {QStringLiteral("expectation"),
         OrderedValue::string(call.expectation == CallExpectation::Rejection
                                  ? QStringLiteral("rejection")
                                  : QStringLiteral("success"))},
        {QStringLiteral("startedAt"),
         OrderedValue::string(response.startedAt.isValid()
                                  ? response.startedAt.toUTC().toString(Qt::ISODateWithMs)
                                  : QString())},
        {QStringLiteral("request"), maskedRequest(call)},
    });

    OrderedValue answer = OrderedValue::object();
    if (response.outcome == TransportOutcome::Completed) {
        answer.setMember(QStringLiteral("status"), OrderedValue::number(response.httpStatus));
        answer.setMember(QStringLiteral("statusText"),
                         OrderedValue::string(QString::fromLatin1(response.reasonPhrase)));
        answer.setMember(QStringLiteral("headers"), headersJson(response.headers, masker));
        answer.setMember(QStringLiteral("body"),
                         result.answer ? masker.mask(*result.answer) : OrderedValue::null());
        // As received (masked): the bytes matter when the parsed form hides a problem.
        answer.setMember(QStringLiteral("rawBody"),
                         OrderedValue::string(QString::fromUtf8(masker.mask(response.body))));
    }
    report.setMember(QStringLiteral("answer"), response.outcome == TransportOutcome::Completed
                                                   ? answer
                                                   : OrderedValue::null());
    if (result.failure != FailureClass::None) {
        OrderedValue failure = OrderedValue::object({
            {QStringLiteral("class"), OrderedValue::string(failureClassName(result.failure))},
            {QStringLiteral("title"), OrderedValue::string(failureClassTitle(result.failure))},
            {QStringLiteral("details"), OrderedValue::string(masker.mask(result.failureDetails))},
            {QStringLiteral("explanation"),
             OrderedValue::string(failureClassExplanation(result.failure))},
        });
        const CertificateInfo &certificate = response.certificate;
        if (!certificate.isEmpty()) {
            failure.setMember(
                QStringLiteral("certificate"),
                OrderedValue::object({
                    {QStringLiteral("subject"), OrderedValue::string(certificate.subject)},
                    {QStringLiteral("issuer"), OrderedValue::string(certificate.issuer)},
                    {QStringLiteral("notBefore"),
                     OrderedValue::string(certificate.notBefore.toUTC().toString(Qt::ISODate))},
                    {QStringLiteral("notAfter"),
                     OrderedValue::string(certificate.notAfter.toUTC().toString(Qt::ISODate))},
                    {QStringLiteral("errors"),
                     OrderedValue::string(certificate.errors.join(QStringLiteral("; ")))},
                }));
        }
        report.setMember(QStringLiteral("failure"), failure);
    } else {
        report.setMember(QStringLiteral("failure"), OrderedValue::null());
    }
    report.setMember(
        QStringLiteral("timings"),
        OrderedValue::object({
            {QStringLiteral("totalMs"), numberOrNull(response.timings.totalMs)},
            {QStringLiteral("firstByteMs"), numberOrNull(response.timings.firstByteMs)},
            {QStringLiteral("requestBytes"), numberOrNull(response.timings.requestBytes)},
            {QStringLiteral("responseBytes"), numberOrNull(response.timings.responseBytes)},
        }));
    // "verdict" is the call's own profile's; "verdicts" holds every profile that judged it.
    report.setMember(QStringLiteral("verdict"), findingsJson(result.verdict()));
    OrderedValue verdicts =
        OrderedValue::object({{documentedProfile().name(), findingsJson(result.contract)}});
    for (const ProfileVerdict &judged : result.runtime)
        verdicts.setMember(judged.profile->name(), findingsJson(judged.verdict));
    report.setMember(QStringLiteral("verdicts"), verdicts);
    OrderedValue variables = OrderedValue::object();
    for (auto it = result.variables.begin(); it != result.variables.end(); ++it)
        variables.setMember(it.key(), OrderedValue::string(masker.mask(it.value())));
    report.setMember(QStringLiteral("variables"), variables);
    return report;
}

QString reportProviderCode(const QByteArray &report)
{
    const json::ParseResult parsed = json::parse(report);
    const OrderedValue *provider = parsed.value && parsed.value->isObject()
                                       ? parsed.value->member(QStringLiteral("provider"))
                                       : nullptr;
    return provider && provider->type() == OrderedValue::Type::String ? provider->toString()
                                                                      : QString();
}

} // namespace paybench::contract
