#include "ProbeCommand.h"

#include "CaCertificates.h"
#include "CliWorkspace.h"
#include "ConnectivityProbe.h"
#include "PaymentFunction.h"
#include "Platform.h"

#include <QEventLoop>

namespace paybench::cli {

int runProbe(CliContext &context)
{
    const auto args = parseArgs(context, {{QStringLiteral("workspace"), QStringLiteral("provider"),
                                           QStringLiteral("platform"), QStringLiteral("base-url"),
                                           QStringLiteral("timeout"), QStringLiteral("ca-cert")},
                                          {QStringLiteral("json")}});
    if (!args)
        return kExitUsage;
    const int sources = int(args->has(QStringLiteral("provider"))) +
                        int(args->has(QStringLiteral("platform"))) +
                        int(args->has(QStringLiteral("base-url")));
    if (sources != 1) {
        context.err << "paybench-cli: give exactly one of --workspace W --provider CODE, "
                       "--workspace W --platform NAME, --base-url URL\n";
        return kExitUsage;
    }

    Platform platform;
    if (args->has(QStringLiteral("base-url"))) {
        const QUrl base(args->value(QStringLiteral("base-url")), QUrl::StrictMode);
        if (!base.isValid() || base.host().isEmpty() ||
            (base.scheme() != QLatin1String("http") && base.scheme() != QLatin1String("https"))) {
            context.err << "paybench-cli: --base-url must be an absolute http:// or https:// URL\n";
            return kExitUsage;
        }
        platform.setBaseUrl(args->value(QStringLiteral("base-url")));
    } else {
        int exitCode = kExitOk;
        const auto workspace =
            openWorkspace(context, args->value(QStringLiteral("workspace")), &exitCode);
        if (!workspace)
            return exitCode;
        QString platformName = args->value(QStringLiteral("platform"));
        if (args->has(QStringLiteral("provider"))) {
            const ProviderInstance *provider =
                workspace->current.provider(args->value(QStringLiteral("provider")));
            if (!provider) {
                context.err << "paybench-cli: no provider with code '"
                            << args->value(QStringLiteral("provider")) << "' in the workspace\n";
                return kExitInvalid;
            }
            platformName = provider->platform;
        }
        const Platform *found = workspace->current.platform(platformName);
        if (!found) {
            context.err << "paybench-cli: no platform named '" << platformName
                        << "' in the workspace\n";
            return kExitInvalid;
        }
        platform = *found;
    }

    support::ProbeOptions options;
    if (args->has(QStringLiteral("timeout"))) {
        bool ok = false;
        const int seconds = args->value(QStringLiteral("timeout")).toInt(&ok);
        if (!ok || seconds < 1 || seconds > 600) {
            context.err << "paybench-cli: --timeout must be 1 to 600 seconds\n";
            return kExitUsage;
        }
        options.stepTimeoutMs = seconds * 1000;
    }
    QVector<support::ProbeRequest> requests;
    QString error;
    if (!support::planPlatformProbe(platform, &requests, &options, &error)) {
        context.err << "paybench-cli: " << error << '\n';
        return kExitInvalid;
    }
    for (const QString &path : args->values(QStringLiteral("ca-cert"))) {
        const std::optional<QList<QSslCertificate>> certificates =
            client::readCaCertificates(path, &error);
        if (!certificates) {
            context.err << "paybench-cli: --ca-cert: " << error << '\n';
            return kExitUsage;
        }
        options.caCertificates += *certificates;
    }
    for (const PaymentFunction function : kAllPaymentFunctions) {
        if (isBuiltInAdapter(platform.target(function)))
            context.err << functionSlug(function) << ": built-in adapter '"
                        << platform.target(function) << "', nothing to probe\n";
    }

    support::ConnectivityProbe probe;
    QEventLoop loop;
    support::ProbeReport report;
    QObject::connect(&probe, &support::ConnectivityProbe::probeFinished, &loop,
                     [&](const support::ProbeReport &finished) {
                         report = finished;
                         loop.quit();
                     });
    probe.start(requests, options);
    if (probe.isRunning())
        loop.exec();
    if (args->has(QStringLiteral("json")))
        context.out << json::prettyPrint(support::probeReportJson(report)) << '\n';
    else
        context.out << support::probeReportText(report);
    return report.result() == contract::Severity::Failure ? kExitInvalid : kExitOk;
}

} // namespace paybench::cli
