#include "ReportWriter.h"

#include "CallReport.h"

#include <QXmlStreamWriter>

namespace paybench::conformance {

using json::OrderedValue;

namespace {

OrderedValue str(const QString &text)
{
    return OrderedValue::string(text);
}

OrderedValue num(qint64 value)
{
    return OrderedValue::number(static_cast<double>(value));
}

OrderedValue countsOf(const QVector<const CheckResult *> &checks)
{
    int counts[5] = {0, 0, 0, 0, 0};
    for (const CheckResult *check : checks)
        ++counts[static_cast<int>(check->verdict)];
    return OrderedValue::object({
        {QStringLiteral("checks"), num(checks.size())},
        {QStringLiteral("pass"), num(counts[static_cast<int>(CheckVerdict::Pass)])},
        {QStringLiteral("warn"), num(counts[static_cast<int>(CheckVerdict::Warn)])},
        {QStringLiteral("fail"), num(counts[static_cast<int>(CheckVerdict::Fail)])},
        {QStringLiteral("skipped"), num(counts[static_cast<int>(CheckVerdict::Skipped)])},
        {QStringLiteral("result"),
         str(counts[static_cast<int>(CheckVerdict::Fail)] > 0 ? QStringLiteral("fail")
                                                              : QStringLiteral("pass"))},
    });
}

OrderedValue checkJson(const CheckResult &check)
{
    QVector<OrderedValue> notes;
    for (const QString &note : check.notes)
        notes.append(str(note));
    QVector<OrderedValue> calls;
    for (const contract::CallResult &call : check.calls)
        calls.append(contract::callReport(call));
    return OrderedValue::object({
        {QStringLiteral("key"), str(check.key())},
        {QStringLiteral("number"), num(check.info().number)},
        {QStringLiteral("id"), str(check.info().id)},
        {QStringLiteral("title"), str(check.info().title)},
        {QStringLiteral("profile"), str(check.profile->name())},
        {QStringLiteral("verdict"), str(verdictName(check.verdict))},
        {QStringLiteral("message"), str(check.message)},
        {QStringLiteral("advice"), str(check.advice)},
        {QStringLiteral("elapsedMs"), num(check.elapsedMs)},
        {QStringLiteral("notes"), OrderedValue::array(notes)},
        {QStringLiteral("calls"), OrderedValue::array(calls)},
    });
}

OrderedValue runJson(const ConformanceReport &report)
{
    QVector<const CheckResult *> all;
    QVector<OrderedValue> checks;
    QVector<OrderedValue> profiles;
    for (const contract::RuntimeProfile *profile : report.options.profiles)
        profiles.append(str(profile->name()));
    for (const CheckResult &check : report.checks) {
        all.append(&check);
        checks.append(checkJson(check));
    }
    const OrderedValue run = OrderedValue::object({
        {QStringLiteral("provider"), str(report.providerCode)},
        {QStringLiteral("name"), str(report.providerName)},
        {QStringLiteral("target"), str(report.baseDescription)},
        {QStringLiteral("startedAt"), str(report.startedAt.toUTC().toString(Qt::ISODateWithMs))},
        {QStringLiteral("finishedAt"), str(report.finishedAt.toUTC().toString(Qt::ISODateWithMs))},
        {QStringLiteral("elapsedMs"), num(report.elapsedMs())},
        {QStringLiteral("answerBudgetMs"), num(report.options.answerBudgetMs)},
        {QStringLiteral("profiles"), OrderedValue::array(profiles)},
        {QStringLiteral("cancelled"), OrderedValue::boolean(report.cancelled)},
        {QStringLiteral("summary"), countsOf(all)},
        {QStringLiteral("checks"), OrderedValue::array(checks)},
    });
    // The whole run through the provider's masker: credentials members and secret values.
    return report.masker.mask(run);
}

const OrderedValue &member(const OrderedValue &object, const char *name)
{
    static const OrderedValue missing;
    const OrderedValue *value = object.member(QString::fromLatin1(name));
    return value ? *value : missing;
}

QString text(const OrderedValue &object, const char *name)
{
    const OrderedValue &value = member(object, name);
    if (value.type() == OrderedValue::Type::String)
        return value.toString();
    if (value.type() == OrderedValue::Type::Null)
        return {};
    return QString::fromUtf8(json::stringify(value));
}

qint64 number(const OrderedValue &object, const char *name)
{
    return static_cast<qint64>(member(object, name).toDouble());
}

QString pretty(const OrderedValue &value)
{
    return QString::fromUtf8(json::prettyPrint(value));
}

// "POST http://... -> HTTP 200 in 3 ms" and the masked request and answer.
QString callEvidence(const OrderedValue &call)
{
    const OrderedValue &request = member(call, "request");
    const OrderedValue &answer = member(call, "answer");
    const OrderedValue &failure = member(call, "failure");
    QString outcome;
    if (answer.isObject())
        outcome = QStringLiteral("HTTP %1").arg(number(answer, "status"));
    else if (failure.isObject())
        outcome = text(failure, "title");
    QString line = QStringLiteral("%1 %2 -> %3 in %4 ms")
                       .arg(text(request, "method"), text(request, "url"), outcome)
                       .arg(number(member(call, "timings"), "totalMs"));
    QString evidence = line + QStringLiteral("\nrequest:\n") + pretty(request);
    if (answer.isObject())
        evidence += QStringLiteral("\nanswer:\n") + pretty(answer);
    if (failure.isObject())
        evidence += QStringLiteral("\nfailure: ") + text(failure, "details");
    return evidence;
}

QString checkEvidence(const OrderedValue &check)
{
    QStringList parts;
    if (!text(check, "advice").isEmpty())
        parts << QStringLiteral("advice: ") + text(check, "advice");
    for (const OrderedValue &note : member(check, "notes").items())
        parts << note.toString();
    for (const OrderedValue &call : member(check, "calls").items())
        parts << callEvidence(call);
    return parts.join(QStringLiteral("\n\n"));
}

QString seconds(qint64 ms)
{
    return QString::number(static_cast<double>(ms) / 1000.0, 'f', 3);
}

QString caseName(const OrderedValue &check)
{
    return QStringLiteral("%1 %2: %3")
        .arg(number(check, "number"), 2, 10, QLatin1Char('0'))
        .arg(text(check, "id"), text(check, "title"));
}

} // namespace

OrderedValue reportDocument(const QVector<ConformanceReport> &reports)
{
    QVector<const CheckResult *> all;
    QVector<OrderedValue> runs;
    for (const ConformanceReport &report : reports) {
        for (const CheckResult &check : report.checks)
            all.append(&check);
        runs.append(runJson(report));
    }
    return OrderedValue::object({
        {QStringLiteral("tool"), str(QStringLiteral("paybench conformance"))},
        {QStringLiteral("version"), str(QStringLiteral(PAYBENCH_VERSION))},
        {QStringLiteral("generatedAt"),
         str(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))},
        {QStringLiteral("summary"), countsOf(all)},
        {QStringLiteral("runs"), OrderedValue::array(runs)},
    });
}

QByteArray toJson(const QVector<ConformanceReport> &reports)
{
    return json::prettyPrint(reportDocument(reports)) + '\n';
}

QByteArray toJunitXml(const QVector<ConformanceReport> &reports)
{
    const OrderedValue document = reportDocument(reports);
    QByteArray bytes;
    QXmlStreamWriter xml(&bytes);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("testsuites"));
    const OrderedValue &summary = member(document, "summary");
    xml.writeAttribute(QStringLiteral("name"), QStringLiteral("paybench conformance"));
    xml.writeAttribute(QStringLiteral("tests"), QString::number(number(summary, "checks")));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(number(summary, "fail")));
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("skipped"), QString::number(number(summary, "skipped")));
    for (const OrderedValue &run : member(document, "runs").items()) {
        const QString provider = text(run, "provider");
        for (const OrderedValue &profileValue : member(run, "profiles").items()) {
            const QString &profile = profileValue.toString();
            QVector<const OrderedValue *> checks;
            int failures = 0;
            int skipped = 0;
            qint64 elapsed = 0;
            for (const OrderedValue &check : member(run, "checks").items()) {
                if (text(check, "profile") != profile)
                    continue;
                checks.append(&check);
                failures += text(check, "verdict") == QLatin1String("fail");
                skipped += text(check, "verdict") == QLatin1String("skipped");
                elapsed += number(check, "elapsedMs");
            }
            xml.writeStartElement(QStringLiteral("testsuite"));
            xml.writeAttribute(QStringLiteral("name"),
                               QStringLiteral("%1 (%2 profile)").arg(provider, profile));
            xml.writeAttribute(QStringLiteral("tests"), QString::number(checks.size()));
            xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
            xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
            xml.writeAttribute(QStringLiteral("skipped"), QString::number(skipped));
            xml.writeAttribute(QStringLiteral("time"), seconds(elapsed));
            xml.writeAttribute(QStringLiteral("timestamp"), text(run, "startedAt"));
            xml.writeStartElement(QStringLiteral("properties"));
            for (const auto &[name, value] :
                 {std::pair{QStringLiteral("provider"), provider},
                  std::pair{QStringLiteral("target"), text(run, "target")},
                  std::pair{QStringLiteral("profile"), profile},
                  std::pair{QStringLiteral("answerBudgetMs"), text(run, "answerBudgetMs")}}) {
                xml.writeStartElement(QStringLiteral("property"));
                xml.writeAttribute(QStringLiteral("name"), name);
                xml.writeAttribute(QStringLiteral("value"), value);
                xml.writeEndElement();
            }
            xml.writeEndElement(); // properties
            for (const OrderedValue *check : checks) {
                const QString verdict = text(*check, "verdict");
                xml.writeStartElement(QStringLiteral("testcase"));
                xml.writeAttribute(
                    QStringLiteral("classname"),
                    QStringLiteral("paybench.conformance.%1.%2").arg(provider, profile));
                xml.writeAttribute(QStringLiteral("name"), caseName(*check));
                xml.writeAttribute(QStringLiteral("time"), seconds(number(*check, "elapsedMs")));
                if (verdict == QLatin1String("fail")) {
                    xml.writeStartElement(QStringLiteral("failure"));
                    xml.writeAttribute(QStringLiteral("message"), text(*check, "message"));
                    xml.writeAttribute(QStringLiteral("type"), text(*check, "id"));
                    xml.writeCharacters(checkEvidence(*check));
                    xml.writeEndElement();
                } else if (verdict == QLatin1String("skipped") ||
                           verdict == QLatin1String("pending")) {
                    xml.writeStartElement(QStringLiteral("skipped"));
                    xml.writeAttribute(QStringLiteral("message"), text(*check, "message"));
                    xml.writeEndElement();
                } else {
                    xml.writeTextElement(QStringLiteral("system-out"),
                                         verdict.toUpper() + QStringLiteral(": ") +
                                             text(*check, "message") + QStringLiteral("\n\n") +
                                             checkEvidence(*check));
                }
                xml.writeEndElement(); // testcase
            }
            xml.writeEndElement(); // testsuite
        }
    }
    xml.writeEndElement(); // testsuites
    xml.writeEndDocument();
    return bytes;
}

namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

const char kStyle[] = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;margin:2em auto;max-width:62em;padding:0 1em}
h1{font-size:1.6em;margin:0 0 .2em}h2{font-size:1.25em;margin:1.6em 0 .4em;border-bottom:1px solid #ccd}
h3{font-size:1.05em;margin:1.2em 0 .3em;color:#445}
.meta{color:#556;margin:.2em 0 1em}
.summary{display:flex;gap:.6em;flex-wrap:wrap;margin:.6em 0}
.summary span{padding:.2em .7em;border-radius:1em;border:1px solid #ccd}
.check{border:1px solid #d8dce3;border-left:6px solid #999;border-radius:4px;margin:.5em 0;padding:.4em .8em;break-inside:avoid}
.check.pass{border-left-color:#2e7d32}.check.warn{border-left-color:#e0a000}
.check.fail{border-left-color:#c62828}.check.skipped,.check.pending{border-left-color:#8a8f98}
.verdict{display:inline-block;min-width:4.5em;font-weight:600;text-transform:uppercase;font-size:.85em}
.pass .verdict{color:#2e7d32}.warn .verdict{color:#9a6b00}.fail .verdict{color:#c62828}.skipped .verdict{color:#6b7079}
.message{margin:.2em 0}.advice{margin:.3em 0;padding:.3em .6em;background:#fff6e0;border-radius:3px}
ul.notes{margin:.3em 0 .3em 1.2em;padding:0}
pre{background:#f5f6f8;border:1px solid #e1e4e8;padding:.5em;overflow-x:auto;white-space:pre-wrap;word-break:break-word;font-size:12px}
summary{cursor:pointer;color:#445}
@media print{body{margin:0;max-width:none;font-size:11pt}.check{border-left-width:4px}pre{font-size:8pt}
 details{display:block}details>summary{list-style:none}a{color:inherit;text-decoration:none}}
)css";

} // namespace

QByteArray toHtml(const QVector<ConformanceReport> &reports)
{
    const OrderedValue document = reportDocument(reports);
    const OrderedValue &summary = member(document, "summary");
    QString html;
    html +=
        QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>Paybench conformance report</title>\n<style>");
    html += QString::fromUtf8(kStyle);
    html += QStringLiteral("</style>\n</head>\n<body>\n<h1>Paybench conformance report</h1>\n");
    html +=
        QStringLiteral("<p class=\"meta\">Generated %1 by Paybench %2. Result: <strong>%3</strong>"
                       "</p>\n")
            .arg(esc(text(document, "generatedAt")), esc(text(document, "version")),
                 text(summary, "result") == QLatin1String("fail")
                     ? QStringLiteral("checks failed")
                     : QStringLiteral("no check failed"));
    for (const OrderedValue &run : member(document, "runs").items()) {
        const OrderedValue &counts = member(run, "summary");
        html += QStringLiteral("<h2>%1 <small>(%2)</small></h2>\n")
                    .arg(esc(text(run, "name")), esc(text(run, "provider")));
        html += QStringLiteral("<p class=\"meta\">Target %1 &middot; started %2 &middot; %3 ms "
                               "&middot; answer budget %4 ms%5</p>\n")
                    .arg(esc(text(run, "target")), esc(text(run, "startedAt")))
                    .arg(number(run, "elapsedMs"))
                    .arg(number(run, "answerBudgetMs"))
                    .arg(member(run, "cancelled").toBool() ? QStringLiteral(" &middot; cancelled")
                                                           : QString());
        html += QStringLiteral("<div class=\"summary\"><span>%1 pass</span><span>%2 warn</span>"
                               "<span>%3 fail</span><span>%4 skipped</span></div>\n")
                    .arg(number(counts, "pass"))
                    .arg(number(counts, "warn"))
                    .arg(number(counts, "fail"))
                    .arg(number(counts, "skipped"));
        QString profile;
        for (const OrderedValue &check : member(run, "checks").items()) {
            if (text(check, "profile") != profile) {
                profile = text(check, "profile");
                html += QStringLiteral("<h3>%1 profile</h3>\n").arg(esc(profile));
            }
            const QString verdict = text(check, "verdict");
            html += QStringLiteral("<div class=\"check %1\" id=\"%2\">\n")
                        .arg(esc(verdict), esc(text(check, "key")));
            html += QStringLiteral("<div><span class=\"verdict\">%1</span> <strong>%2. %3</strong>"
                                   "</div>\n")
                        .arg(esc(verdict))
                        .arg(number(check, "number"))
                        .arg(esc(text(check, "title")));
            if (!text(check, "message").isEmpty())
                html += QStringLiteral("<div class=\"message\">%1</div>\n")
                            .arg(esc(text(check, "message")));
            if (!text(check, "advice").isEmpty())
                html += QStringLiteral("<div class=\"advice\">%1</div>\n")
                            .arg(esc(text(check, "advice")));
            const auto &notes = member(check, "notes").items();
            if (!notes.isEmpty()) {
                html += QStringLiteral("<ul class=\"notes\">");
                for (const OrderedValue &note : notes)
                    html += QStringLiteral("<li>%1</li>").arg(esc(note.toString()));
                html += QStringLiteral("</ul>\n");
            }
            const auto &calls = member(check, "calls").items();
            if (!calls.isEmpty()) {
                // Open where something is wrong, so the evidence is on paper too.
                html +=
                    QStringLiteral("<details%1><summary>Evidence: %2 call(s)</summary>\n")
                        .arg(verdict == QLatin1String("pass") ? QString() : QStringLiteral(" open"))
                        .arg(calls.size());
                for (const OrderedValue &call : calls)
                    html += QStringLiteral("<pre>%1</pre>\n").arg(esc(callEvidence(call)));
                html += QStringLiteral("</details>\n");
            }
            html += QStringLiteral("</div>\n");
        }
    }
    html += QStringLiteral("</body>\n</html>\n");
    return html.toUtf8();
}

QString evidenceText(const ConformanceReport &report, int checkIndex)
{
    if (checkIndex < 0 || checkIndex >= report.checks.size())
        return {};
    const OrderedValue check = report.masker.mask(checkJson(report.checks.at(checkIndex)));
    QString header = QStringLiteral("%1. %2 (%3 profile)\n%4: %5\n\n")
                         .arg(number(check, "number"))
                         .arg(text(check, "title"), text(check, "profile"),
                              text(check, "verdict").toUpper(), text(check, "message"));
    return header + checkEvidence(check);
}

QByteArray renderReport(ReportFormat format, const QVector<ConformanceReport> &reports)
{
    switch (format) {
    case ReportFormat::Json:
        return toJson(reports);
    case ReportFormat::JunitXml:
        return toJunitXml(reports);
    case ReportFormat::Html:
        return toHtml(reports);
    }
    return {};
}

} // namespace paybench::conformance
