#include "BundleCommand.h"

#include "CallHistory.h"
#include "CliCallTargets.h"
#include "CliWorkspace.h"
#include "SupportBundleBuilder.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonValue>
#include <QVariant>

namespace paybench::cli {
namespace {

constexpr int kDefaultHistoryEntries = 50;
constexpr int kMaxHistoryEntries = 10'000;

} // namespace

int runBundle(CliContext &context)
{
    const auto args =
        parseArgs(context, {{QStringLiteral("workspace"), QStringLiteral("provider"),
                             QStringLiteral("output"), QStringLiteral("history"),
                             QStringLiteral("history-db"), QStringLiteral("payment-id")},
                            {QStringLiteral("probe")}});
    if (!args)
        return kExitUsage;
    for (const QString &flag : {QStringLiteral("provider"), QStringLiteral("output")}) {
        if (args->value(flag).isEmpty()) {
            context.err << "paybench-cli: --" << flag << " is required\n";
            return kExitUsage;
        }
    }
    support::SupportBundleRequest request;
    request.historyEntries = kDefaultHistoryEntries;
    if (args->has(QStringLiteral("history"))) {
        bool ok = false;
        request.historyEntries = args->value(QStringLiteral("history")).toInt(&ok);
        if (!ok || request.historyEntries < 0 || request.historyEntries > kMaxHistoryEntries) {
            context.err << "paybench-cli: --history must be 0 to " << kMaxHistoryEntries << '\n';
            return kExitUsage;
        }
    }
    int exitCode = kExitOk;
    const auto workspace =
        openWorkspace(context, args->value(QStringLiteral("workspace")), &exitCode);
    if (!workspace)
        return exitCode;
    request.providerCode = args->value(QStringLiteral("provider"));
    if (!workspace->current.provider(request.providerCode)) {
        context.err << "paybench-cli: no provider with code '" << request.providerCode
                    << "' in the workspace\n";
        return kExitInvalid;
    }
    request.workspace = workspace->current;
    request.outputPath = args->value(QStringLiteral("output"));
    request.probe = args->has(QStringLiteral("probe"));
    request.paymentId = args->value(QStringLiteral("payment-id"));

    // The secrets are loaded only to be scrubbed from everything the bundle holds.
    const support::CredentialResolver resolver = credentialResolver(context, workspace->path);
    client::CallHistory history(args->value(QStringLiteral("history-db")));
    QString error;
    if (!history.open(&error))
        context.err << "note: the call history could not be opened: " << error << '\n';

    support::SupportBundleBuilder builder;
    QEventLoop loop;
    bool ok = false;
    QStringList notes;
    QObject::connect(
        &builder, &support::SupportBundleBuilder::bundleFinished, &loop,
        [&](bool written, const QString &, const QString &why, const QStringList &bundleNotes) {
            ok = written;
            error = why;
            notes = bundleNotes;
            loop.quit();
        });
    builder.start(request, resolver, &history);
    if (builder.isRunning())
        loop.exec();
    for (const QString &note : std::as_const(notes))
        context.err << "note: " << note << '\n';
    if (!ok) {
        context.err << "paybench-cli: " << error << '\n';
        return kExitUsage;
    }
    using json::OrderedValue;
    context.out << json::prettyPrint(OrderedValue::object({
                       {QStringLiteral("output"),
                        OrderedValue::string(QFileInfo(request.outputPath).absoluteFilePath())},
                       {QStringLiteral("provider"), OrderedValue::string(request.providerCode)},
                       {QStringLiteral("probe"), OrderedValue::boolean(request.probe)},
                       {QStringLiteral("paymentId"), OrderedValue::string(request.paymentId)},
                       {QStringLiteral("notes"),
                        OrderedValue::fromQJson(QJsonValue::fromVariant(notes))},
                   }))
                << '\n';
    return kExitOk;
}

} // namespace paybench::cli
