#include "LatencyCommand.h"

#include "CliCallTargets.h"
#include "CliWorkspace.h"
#include "LatencyRunner.h"
#include "SafeFileWriter.h"

#include <QEventLoop>

namespace paybench::cli {

int runLatency(CliContext &context)
{
    const auto args = parseArgs(
        context,
        {{QStringLiteral("workspace"), QStringLiteral("provider"), QStringLiteral("base-url"),
          QStringLiteral("credentials"), QStringLiteral("count"), QStringLiteral("concurrency"),
          QStringLiteral("profile"), QStringLiteral("payment-id"), QStringLiteral("amount"),
          QStringLiteral("timeout"), QStringLiteral("csv")},
         {QStringLiteral("insecure")}});
    if (!args)
        return kExitUsage;
    const auto function = args->positional().size() == 1
                              ? functionFromName(args->positional().first())
                              : std::nullopt;
    if (!function) {
        context.err << "paybench-cli: name one FUNCTION: create-payment capture-payment "
                       "refund-payment get-payment-status generate-payment-link handle-webhook\n";
        return kExitUsage;
    }
    support::LatencyPlan plan;
    contract::CallSpec spec;
    spec.function = *function;
    spec.paymentId = args->value(QStringLiteral("payment-id"));
    const auto number = [&](const QString &flag, qint64 low, qint64 high,
                            qint64 fallback) -> std::optional<qint64> {
        if (!args->has(flag))
            return fallback;
        bool ok = false;
        const qint64 value = args->value(flag).toLongLong(&ok);
        if (!ok || value < low || value > high) {
            context.err << "paybench-cli: --" << flag << " must be " << low << " to " << high
                        << '\n';
            return std::nullopt;
        }
        return value;
    };
    const auto count = number(QStringLiteral("count"), 1, support::LatencyRunner::kMaxCount, 20);
    const auto concurrency =
        number(QStringLiteral("concurrency"), 1, support::LatencyRunner::kMaxConcurrency, 1);
    const auto timeout =
        number(QStringLiteral("timeout"), 1, 3600, contract::kDefaultTimeoutMs / 1000);
    const auto amount =
        number(QStringLiteral("amount"), 0, qint64(1) << 50, contract::kDefaultAmount);
    if (!count || !concurrency || !timeout || !amount)
        return kExitUsage;
    if (args->has(QStringLiteral("amount")))
        spec.amount = *amount;
    spec.timeoutMs = int(*timeout * 1000);
    const auto profiles = profilesFromArgs(context, *args, QStringLiteral("documented"));
    if (!profiles)
        return kExitUsage;
    if (profiles->size() != 1) {
        context.err << "paybench-cli: latency takes one --profile\n";
        return kExitUsage;
    }
    spec.profile = profiles->first();
    int exitCode = kExitUsage;
    const auto target = callTargetFromArgs(context, *args, &exitCode);
    if (!target)
        return exitCode;
    plan.call = contract::prepareCall(*target, spec);
    if (!plan.call.urlError.isEmpty()) {
        context.err << "paybench-cli: " << functionSlug(*function) << ": " << plan.call.urlError
                    << '\n';
        return kExitUsage;
    }
    plan.count = int(*count);
    plan.concurrency = int(*concurrency);
    plan.options.ignoreTlsErrors = args->has(QStringLiteral("insecure"));

    support::LatencyRunner runner;
    QEventLoop loop;
    support::LatencyReport report;
    QObject::connect(&runner, &support::LatencyRunner::runFinished, &loop,
                     [&](const support::LatencyReport &finished) {
                         report = finished;
                         loop.quit();
                     });
    QString error;
    if (!runner.start(plan, &error)) {
        context.err << "paybench-cli: " << error << '\n';
        return kExitUsage;
    }
    if (runner.isRunning())
        loop.exec();
    if (args->has(QStringLiteral("csv"))) {
        if (!io::writeFileSafely(args->value(QStringLiteral("csv")),
                                 support::latencyCsv(report.samples), &error)) {
            context.err << "paybench-cli: --csv: " << error << '\n';
            return kExitUsage;
        }
    }
    context.out << json::prettyPrint(support::latencyReportJson(report)) << '\n';
    if (report.stats.answered == 0)
        return kExitUsage;
    return report.stats.errorCount > 0 ? kExitInvalid : kExitOk;
}

} // namespace paybench::cli
