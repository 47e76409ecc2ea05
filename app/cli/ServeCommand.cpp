#include "ServeCommand.h"

#include "BoundedRead.h"
#include "CliArgs.h"
#include "DemoGateway.h"
#include "GatewayStateStore.h"
#include "SafeFileWriter.h"

#include <QEventLoop>
#include <QFile>
#include <QSocketNotifier>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace paybench::cli {
namespace {

using gateway::DemoGateway;
using gateway::GatewayConfig;
using gateway::GatewayStateStore;

constexpr qint64 kMaxImportBytes = 1024LL * 1024 * 1024; // a version 1 state of ~2M payments

// --export-state: the state file as one JSON document (version 1), then exit.
int exportState(CliContext &context, const QString &stateFile, const QString &target)
{
    GatewayStateStore store(stateFile);
    QString error;
    if (!QFile::exists(stateFile)) {
        context.err << "paybench-cli serve: --export-state: state file " << stateFile
                    << " does not exist\n";
        return kExitUsage;
    }
    if (!store.open(&error)) {
        context.err << "paybench-cli serve: " << error << '\n';
        return kExitInvalid;
    }
    const QByteArray document = store.exportJson();
    if (!io::writeFileSafely(target, document, &error)) {
        context.err << "paybench-cli serve: cannot write " << target << ": " << error << '\n';
        return kExitUsage;
    }
    context.out << "exported " << store.paymentCount() << " payment(s) to " << target << '\n';
    return kExitOk;
}

// --import-state: a version 1 JSON state into a new (or empty) state file, before serving.
int importState(CliContext &context, const QString &stateFile, const QString &source)
{
    QString error;
    const std::optional<QByteArray> document = io::readFileBounded(source, kMaxImportBytes, &error);
    if (!document) {
        context.err << "paybench-cli serve: --import-state: " << error << '\n';
        return kExitUsage;
    }
    GatewayStateStore store(stateFile);
    if (!store.open(&error) || !store.importJson(*document, &error)) {
        context.err << "paybench-cli serve: --import-state " << source << ": " << error << '\n';
        return kExitInvalid;
    }
    context.out << "imported " << store.paymentCount() << " payment(s) from " << source << " into "
                << stateFile << '\n';
    return kExitOk;
}

#ifdef Q_OS_UNIX
// The signal handler only writes one byte to a socket pair; the event loop reads it and stops.
int g_signalPipe[2] = {-1, -1};

extern "C" void onStopSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

// Routes SIGINT and SIGTERM to `loop` while it lives; restores the previous handlers after.
class StopSignals final
{
public:
    explicit StopSignals(QEventLoop &loop)
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
            return;
        m_notifier = std::make_unique<QSocketNotifier>(g_signalPipe[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, &loop, [&loop] {
            char byte = 0;
            [[maybe_unused]] const auto got = ::read(g_signalPipe[0], &byte, 1);
            loop.quit();
        });
        struct sigaction action = {};
        action.sa_handler = &onStopSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &action, &m_previousInt);
        ::sigaction(SIGTERM, &action, &m_previousTerm);
    }
    ~StopSignals()
    {
        if (!m_notifier)
            return;
        ::sigaction(SIGINT, &m_previousInt, nullptr);
        ::sigaction(SIGTERM, &m_previousTerm, nullptr);
        m_notifier.reset();
        ::close(g_signalPipe[0]);
        ::close(g_signalPipe[1]);
        g_signalPipe[0] = g_signalPipe[1] = -1;
    }
    Q_DISABLE_COPY_MOVE(StopSignals)

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_previousInt = {};
    struct sigaction m_previousTerm = {};
};
#else
// Elsewhere the console's default Ctrl+C handling ends the process.
class StopSignals final
{
public:
    explicit StopSignals(QEventLoop &) {}
};
#endif

// A credential flag's value; `${env:NAME}` references are resolved.
std::optional<QString> credentialFlag(CliContext &context, const CliArgs &args, const QString &flag)
{
    if (!args.has(flag) || args.value(flag).isEmpty()) {
        context.err << "paybench-cli serve: --" << flag << " is required\n";
        return std::nullopt;
    }
    QString error;
    auto value = resolveCredentialValue(args.value(flag), context.environment, &error);
    if (!value)
        context.err << "paybench-cli serve: --" << flag << ": " << error << '\n';
    return value;
}

} // namespace

int runServe(CliContext &context)
{
    const CliArgs::Spec spec{
        {QStringLiteral("port"), QStringLiteral("host"), QStringLiteral("api-key"),
         QStringLiteral("webhook-secret"), QStringLiteral("webhook-url"),
         QStringLiteral("signature-scheme"), QStringLiteral("state"), QStringLiteral("state-sync"),
         QStringLiteral("import-state"), QStringLiteral("export-state"), QStringLiteral("fault"),
         QStringLiteral("max-connections"), QStringLiteral("allowed-host")},
        {QStringLiteral("quiet")}};
    QString error;
    const auto args = CliArgs::parse(context.args, spec, &error);
    if (!args || !args->positional().isEmpty()) {
        context.err
            << "paybench-cli serve: "
            << (args ? QStringLiteral("unexpected argument '%1'").arg(args->positional().first())
                     : error)
            << '\n';
        return kExitUsage;
    }
    const QString stateFile = args->value(QStringLiteral("state"));
    const bool exporting = args->has(QStringLiteral("export-state"));
    if ((exporting || args->has(QStringLiteral("import-state"))) && stateFile.isEmpty()) {
        context.err << "paybench-cli serve: --import-state and --export-state need --state FILE\n";
        return kExitUsage;
    }
    // Exporting reads the state file and exits: no port or keys needed.
    if (exporting)
        return exportState(context, stateFile, args->value(QStringLiteral("export-state")));
    auto stateSync = gateway::StateSync::Full;
    if (args->has(QStringLiteral("state-sync"))) {
        const QString sync = args->value(QStringLiteral("state-sync"));
        if (sync != QLatin1String("full") && sync != QLatin1String("normal")) {
            context.err << "paybench-cli serve: --state-sync is full (every answer synced to the "
                           "disk) or normal (survives kill -9, not a power cut)\n";
            return kExitUsage;
        }
        if (sync == QLatin1String("normal"))
            stateSync = gateway::StateSync::Normal;
    }
    GatewayConfig config;
    bool ok = false;
    const int port = args->value(QStringLiteral("port")).toInt(&ok);
    if (!args->has(QStringLiteral("port")) || !ok || port < 0 || port > 65535) {
        context.err << "paybench-cli serve: --port takes a number from 0 to 65535 (0: any free "
                       "port)\n";
        return kExitUsage;
    }
    config.port = quint16(port);
    if (args->has(QStringLiteral("host")))
        config.host = args->value(QStringLiteral("host"));
    const auto apiKey = credentialFlag(context, *args, QStringLiteral("api-key"));
    const auto secret = credentialFlag(context, *args, QStringLiteral("webhook-secret"));
    if (!apiKey || !secret)
        return kExitUsage;
    config.apiKey = *apiKey;
    config.webhookSecret = *secret;
    if (args->has(QStringLiteral("webhook-url")))
        config.webhookUrl = QUrl(args->value(QStringLiteral("webhook-url")), QUrl::StrictMode);
    if (args->has(QStringLiteral("signature-scheme"))) {
        const auto scheme =
            webhook::schemeFromName(args->value(QStringLiteral("signature-scheme")));
        if (!scheme) {
            context.err << "paybench-cli serve: --signature-scheme is one of "
                        << webhook::schemeNames().join(QLatin1Char('|')) << '\n';
            return kExitUsage;
        }
        config.signatureScheme = *scheme;
    }
    config.stateFile = stateFile;
    if (args->has(QStringLiteral("max-connections"))) {
        config.limits.maxConnections = args->value(QStringLiteral("max-connections")).toInt(&ok);
        if (!ok || config.limits.maxConnections < 1) {
            context.err << "paybench-cli serve: --max-connections takes a positive number\n";
            return kExitUsage;
        }
    }
    // --fault ENDPOINT:SPEC, e.g. create-payment:latency=200,error=0.1:503
    for (const QString &text : args->values(QStringLiteral("fault"))) {
        const auto endpoint = gateway::endpointFromName(text.section(QLatin1Char(':'), 0, 0));
        const auto fault = endpoint
                               ? gateway::Fault::parse(text.section(QLatin1Char(':'), 1), &error)
                               : std::nullopt;
        if (!fault) {
            context.err << "paybench-cli serve: --fault ENDPOINT:SPEC, ENDPOINT like "
                           "create-payment; "
                        << (endpoint ? error : QStringLiteral("unknown endpoint")) << '\n';
            return kExitUsage;
        }
        config.faults.insert(*endpoint, *fault);
    }
    // Host names (besides localhost and IP literals) callers may use: checked against DNS
    // rebinding.
    config.allowedHosts = args->values(QStringLiteral("allowed-host"));
    const bool quiet = args->has(QStringLiteral("quiet"));
    config.logBodies = false; // one line per request, no bodies
    const QStringList problems = config.validate();
    if (!problems.isEmpty()) {
        context.err << "paybench-cli serve: " << problems.join(QStringLiteral("; ")) << '\n';
        return kExitUsage;
    }
    if (config.isExposed()) {
        context.err << "paybench-cli serve: warning: listening on " << config.host
                    << ", reachable from other machines; credentials travel in plain HTTP\n";
        context.err.flush();
    }

    // Log lines are flushed once per event-loop pass: they still appear at once, but a burst of
    // concurrent requests costs one write, not one per line.
    QTimer flush;
    flush.setSingleShot(true);
    flush.setInterval(0);
    QObject::connect(&flush, &QTimer::timeout, &flush, [&context] { context.out.flush(); });
    if (args->has(QStringLiteral("import-state"))) {
        const int imported =
            importState(context, stateFile, args->value(QStringLiteral("import-state")));
        if (imported != kExitOk)
            return imported;
    }
    DemoGateway gateway;
    gateway.setConfig(config);
    gateway.setStateSync(stateSync);
    if (!quiet) {
        QObject::connect(&gateway, &DemoGateway::requestHandled, &gateway,
                         [&context, &flush](const gateway::GatewayLogEntry &entry) {
                             context.out << entry.toLine() << '\n';
                             if (!flush.isActive())
                                 flush.start();
                         });
        // Webhooks out: one line when a delivery is settled or scheduled for a retry.
        QObject::connect(&gateway, &DemoGateway::deliveryChanged, &gateway,
                         [&context, &flush](const gateway::WebhookDelivery &delivery) {
                             if (delivery.attempts == 0)
                                 return;
                             context.out << "webhook " << delivery.eventId << ' '
                                         << delivery.eventType << ' '
                                         << gateway::deliveryStateName(delivery.state) << " after "
                                         << delivery.attempts << " attempt(s)";
                             if (!delivery.lastError.isEmpty())
                                 context.out << ": " << delivery.lastError;
                             context.out << '\n';
                             if (!flush.isActive())
                                 flush.start();
                         });
    }
    QObject::connect(&gateway, &DemoGateway::stateSaveFailed, &gateway,
                     [&context](const QString &message) {
                         context.err << "paybench-cli serve: " << message << '\n';
                         context.err.flush();
                     });
    QEventLoop loop;
    const StopSignals stopSignals(loop);
    const quint16 realPort = gateway.start(&error);
    if (realPort == 0) {
        context.err << "paybench-cli serve: " << error << '\n';
        return error.contains(QLatin1String("state file")) ? kExitInvalid : kExitUsage;
    }
    QUrl listening; // the address as asked for, 0.0.0.0 included
    listening.setScheme(QStringLiteral("http"));
    listening.setHost(config.host);
    listening.setPort(realPort);
    context.out << "listening on " << listening.toString() << '\n';
    context.out.flush();
    loop.exec();
    gateway.stop();
    context.out << "stopped\n";
    context.out.flush();
    return kExitOk;
}

} // namespace paybench::cli
