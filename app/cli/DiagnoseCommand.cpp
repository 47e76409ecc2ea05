#include "DiagnoseCommand.h"

#include "CliCallTargets.h"
#include "CliWorkspace.h"
#include "PaymentDiagnosis.h"
#include "RecentFiles.h"

#include <QEventLoop>

namespace paybench::cli {

int runDiagnose(CliContext &context)
{
    const CliArgs::Spec spec{{QStringLiteral("workspace"), QStringLiteral("provider"),
                              QStringLiteral("payment-id"), QStringLiteral("base-url"),
                              QStringLiteral("credentials"), QStringLiteral("history-db"),
                              QStringLiteral("timeout")},
                             {QStringLiteral("json"), QStringLiteral("insecure")}};
    auto args = parseArgs(context, spec);
    if (!args)
        return kExitUsage;
    if (args->value(QStringLiteral("payment-id")).isEmpty()) {
        context.err << "paybench-cli: --payment-id ID is required\n";
        return kExitUsage;
    }
    if (!args->has(QStringLiteral("base-url")) &&
        args->value(QStringLiteral("provider")).isEmpty()) {
        context.err << "paybench-cli: --provider CODE is required\n";
        return kExitUsage;
    }
    // Without --workspace: the one the GUI opened last, as a support person expects.
    if (!args->has(QStringLiteral("workspace")) && !args->has(QStringLiteral("base-url"))) {
        const QString last = RecentFiles::lastExisting();
        if (last.isEmpty()) {
            context.err << "paybench-cli: no --workspace given and no recent workspace found\n";
            return kExitUsage;
        }
        QString error;
        args = CliArgs::parse(context.args + QStringList{QStringLiteral("--workspace"), last}, spec,
                              &error);
    }
    int timeoutMs = contract::kDefaultTimeoutMs;
    if (args->has(QStringLiteral("timeout"))) {
        bool ok = false;
        const int seconds = args->value(QStringLiteral("timeout")).toInt(&ok);
        if (!ok || seconds < 1 || seconds > 3600) {
            context.err << "paybench-cli: --timeout must be 1 to 3600 seconds\n";
            return kExitUsage;
        }
        timeoutMs = seconds * 1000;
    }
    int exitCode = kExitUsage;
    const auto target = callTargetFromArgs(context, *args, &exitCode);
    if (!target)
        return exitCode;
    const QString paymentId = args->value(QStringLiteral("payment-id"));

    QVector<client::HistoryEntry> history;
    client::CallHistory store(args->value(QStringLiteral("history-db")));
    QString error;
    if (store.open(&error))
        history = support::paymentHistory(store, target->code, paymentId);
    else
        context.err << "note: the call history could not be opened (" << error
                    << "); the timeline holds only the calls made now\n";

    support::PaymentDiagnosis diagnosis;
    QEventLoop loop;
    support::DiagnosisReport report;
    QObject::connect(&diagnosis, &support::PaymentDiagnosis::diagnosisFinished, &loop,
                     [&](const support::DiagnosisReport &finished) {
                         report = finished;
                         loop.quit();
                     });
    client::CallOptions options;
    options.ignoreTlsErrors = args->has(QStringLiteral("insecure"));
    diagnosis.start(*target, paymentId, history, options, timeoutMs);
    if (diagnosis.isRunning())
        loop.exec();
    if (args->has(QStringLiteral("json")))
        context.out << json::prettyPrint(support::diagnosisJson(report)) << '\n';
    else
        context.out << support::diagnosisText(report);
    const bool noAnswer =
        std::all_of(report.calls.cbegin(), report.calls.cend(),
                    [](const contract::CallResult &call) { return call.isTransportFailure(); });
    if (noAnswer)
        return kExitUsage;
    return report.result() == contract::Severity::Failure ? kExitInvalid : kExitOk;
}

} // namespace paybench::cli
