#include "ProbeReport.h"

namespace paybench::support {

using json::OrderedValue;

namespace {

contract::Severity worse(contract::Severity a, contract::Severity b)
{
    return int(a) >= int(b) ? a : b;
}

QString stepResultName(const ProbeStep &step)
{
    return step.skipped && step.severity == contract::Severity::Pass
               ? QStringLiteral("skipped")
               : contract::severityName(step.severity);
}

} // namespace

contract::Severity ProbeTarget::result() const
{
    contract::Severity result = contract::Severity::Pass;
    for (const ProbeStep &step : steps)
        result = worse(result, step.severity);
    return result;
}

contract::Severity ProbeReport::result() const
{
    contract::Severity result = cancelled ? contract::Severity::Warning : contract::Severity::Pass;
    for (const ProbeTarget &target : targets)
        result = worse(result, target.result());
    return result;
}

OrderedValue probeReportJson(const ProbeReport &report)
{
    OrderedValue targets = OrderedValue::array();
    for (const ProbeTarget &target : report.targets) {
        OrderedValue steps = OrderedValue::array();
        for (const ProbeStep &step : target.steps) {
            OrderedValue item = OrderedValue::object({
                {QStringLiteral("step"), OrderedValue::string(step.name)},
                {QStringLiteral("result"), OrderedValue::string(stepResultName(step))},
                {QStringLiteral("elapsedMs"), OrderedValue::number(double(step.elapsedMs))},
                {QStringLiteral("summary"), OrderedValue::string(step.summary)},
            });
            if (!step.advice.isEmpty())
                item.setMember(QStringLiteral("advice"), OrderedValue::string(step.advice));
            if (!step.details.members().isEmpty())
                item.setMember(QStringLiteral("details"), step.details);
            steps.append(item);
        }
        targets.append(OrderedValue::object({
            {QStringLiteral("function"), OrderedValue::string(target.label)},
            {QStringLiteral("url"), OrderedValue::string(target.url.toString())},
            {QStringLiteral("result"),
             OrderedValue::string(contract::severityName(target.result()))},
            {QStringLiteral("steps"), steps},
        }));
    }
    return OrderedValue::object({
        {QStringLiteral("startedAt"),
         OrderedValue::string(report.startedAt.toString(Qt::ISODateWithMs))},
        {QStringLiteral("result"), OrderedValue::string(contract::severityName(report.result()))},
        {QStringLiteral("cancelled"), OrderedValue::boolean(report.cancelled)},
        {QStringLiteral("targets"), targets},
    });
}

QString probeReportText(const ProbeReport &report)
{
    QString text;
    for (const ProbeTarget &target : report.targets) {
        text +=
            QStringLiteral("%1  %2  [%3]\n")
                .arg(target.label, target.url.toString(), contract::severityName(target.result()));
        for (const ProbeStep &step : target.steps) {
            text += QStringLiteral("  %1 %2 %3  %4\n")
                        .arg(stepResultName(step), -8)
                        .arg(step.name, -10)
                        .arg(step.elapsedMs >= 0 ? QStringLiteral("%1 ms").arg(step.elapsedMs)
                                                 : QStringLiteral("-"),
                             7)
                        .arg(step.summary);
            if (!step.advice.isEmpty())
                text += QStringLiteral("           -> %1\n").arg(step.advice);
        }
    }
    text += QStringLiteral("result: %1%2\n")
                .arg(contract::severityName(report.result()),
                     report.cancelled ? QStringLiteral(" (cancelled)") : QString());
    return text;
}

} // namespace paybench::support
