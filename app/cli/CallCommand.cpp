#include "CallCommand.h"

#include "BoundedRead.h"
#include "CaCertificates.h"
#include "CallHistory.h"
#include "CallReport.h"
#include "CallRunner.h"
#include "CliCallTargets.h"
#include "CliWorkspace.h"
#include "InputLimits.h"
#include "WorkspaceSecrets.h"

#include <QEventLoop>
#include <QRegularExpression>

#include <cmath>

namespace paybench::cli {
namespace {

std::optional<QByteArray> readFile(CliContext &context, const QString &flag, const QString &path)
{
    QString error;
    std::optional<QByteArray> bytes = io::readFileBounded(path, io::kMaxBodyBytes, &error);
    if (!bytes)
        context.err << "paybench-cli: --" << flag << ": " << error << '\n';
    return bytes;
}

// A JSON object from a file, member order kept; prints why not.
std::optional<json::OrderedValue> readJsonObject(CliContext &context, const QString &flag,
                                                 const QString &path)
{
    const std::optional<QByteArray> bytes = readFile(context, flag, path);
    if (!bytes)
        return std::nullopt;
    json::ParseResult parsed = json::parse(*bytes);
    if (!parsed.value) {
        context.err << "paybench-cli: --" << flag << " " << path << " is not JSON: " << parsed.error
                    << '\n';
        return std::nullopt;
    }
    if (!parsed.value->isObject()) {
        context.err << "paybench-cli: --" << flag << " " << path << " must hold a JSON object\n";
        return std::nullopt;
    }
    return parsed.value;
}

// Fills spec from the value flags; prints the first problem.
bool readSpec(CliContext &context, const CliArgs &args, contract::CallSpec &spec,
              QVector<const contract::RuntimeProfile *> *alsoJudgedBy, client::CallOptions &options)
{
    const auto profiles = profilesFromArgs(context, args, QStringLiteral("documented"));
    if (!profiles)
        return false;
    // The first profile shapes the request; every one judges the answer.
    spec.profile = profiles->first();
    *alsoJudgedBy = profiles->mid(1);
    if (args.has(QStringLiteral("invoice")))
        spec.source = contract::PaymentSource::Invoice;
    if (args.has(QStringLiteral("amount"))) {
        bool ok = false;
        const qint64 amount = args.value(QStringLiteral("amount")).toLongLong(&ok);
        if (!ok || amount < 0) {
            context.err << "paybench-cli: --amount takes a whole number of minor units (1999 for "
                           "19.99)\n";
            return false;
        }
        spec.amount = amount;
    }
    if (args.has(QStringLiteral("currency"))) {
        const QString currency = args.value(QStringLiteral("currency")).toUpper();
        static const QRegularExpression isoCode(QStringLiteral("^[A-Z]{3}$"));
        if (!isoCode.match(currency).hasMatch()) {
            context.err << "paybench-cli: --currency takes a three-letter ISO 4217 code\n";
            return false;
        }
        spec.currency = currency;
    }
    spec.paymentId = args.value(QStringLiteral("payment-id"));
    if (args.has(QStringLiteral("body"))) {
        std::optional<json::OrderedValue> body =
            readJsonObject(context, QStringLiteral("body"), args.value(QStringLiteral("body")));
        if (!body)
            return false;
        spec.body = std::move(body);
    }
    if (args.has(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = args.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 3600) {
            context.err << "paybench-cli: --timeout takes seconds, more than 0 and at most 3600\n";
            return false;
        }
        spec.timeoutMs = static_cast<int>(seconds * 1000);
    }
    if (args.has(QStringLiteral("ca-cert"))) {
        QString error;
        const std::optional<QList<QSslCertificate>> certificates =
            client::readCaCertificates(args.value(QStringLiteral("ca-cert")), &error);
        if (!certificates) {
            context.err << "paybench-cli: --ca-cert: " << error << '\n';
            return false;
        }
        options.extraCaCertificates = *certificates;
    }
    options.ignoreTlsErrors = args.has(QStringLiteral("insecure"));
    return true;
}

} // namespace

int runCall(CliContext &context)
{
    const CliArgs::Spec spec{
        {QStringLiteral("workspace"), QStringLiteral("provider"), QStringLiteral("base-url"),
         QStringLiteral("credentials"), QStringLiteral("profile"), QStringLiteral("amount"),
         QStringLiteral("currency"), QStringLiteral("payment-id"), QStringLiteral("body"),
         QStringLiteral("timeout"), QStringLiteral("ca-cert")},
        {QStringLiteral("insecure"), QStringLiteral("no-history"), QStringLiteral("invoice")}};
    const std::optional<CliArgs> args = parseArgs(context, spec);
    if (!args)
        return kExitUsage;
    if (args->positional().size() != 1) {
        context.err << "paybench-cli: call takes one FUNCTION: create-payment, capture-payment, "
                       "refund-payment, get-payment-status, generate-payment-link or "
                       "handle-webhook\n";
        return kExitUsage;
    }
    const std::optional<PaymentFunction> function = functionFromName(args->positional().first());
    if (!function) {
        context.err << "paybench-cli: unknown function '" << args->positional().first()
                    << "'; one of create-payment, capture-payment, refund-payment, "
                       "get-payment-status, generate-payment-link, handle-webhook\n";
        return kExitUsage;
    }
    const bool fromWorkspace = args->has(QStringLiteral("workspace"));
    const bool fromBaseUrl = args->has(QStringLiteral("base-url"));
    if (fromWorkspace == fromBaseUrl ||
        (fromWorkspace &&
         (!args->has(QStringLiteral("provider")) || args->has(QStringLiteral("credentials")))) ||
        (fromBaseUrl && args->has(QStringLiteral("provider")))) {
        context.err << "paybench-cli: give either --workspace FILE --provider CODE, or --base-url "
                       "URL [--credentials FILE.json]\n";
        return kExitUsage;
    }

    contract::CallSpec callSpec;
    callSpec.function = *function;
    client::CallOptions options;
    QVector<const contract::RuntimeProfile *> alsoJudgedBy;
    if (!readSpec(context, *args, callSpec, &alsoJudgedBy, options))
        return kExitUsage;
    int exitCode = kExitUsage;
    const std::optional<contract::CallTarget> target =
        callTargetFromArgs(context, *args, &exitCode);
    if (!target)
        return exitCode;

    client::CallRunner runner;
    QEventLoop loop;
    contract::CallResult result;
    QObject::connect(&runner, &client::CallRunner::callFinished, &loop,
                     [&](quint64, const contract::CallResult &finished) {
                         result = finished;
                         loop.quit();
                     });
    contract::PreparedCall call = contract::prepareCall(*target, callSpec);
    call.alsoJudgedBy = alsoJudgedBy;
    runner.send(call, options);
    loop.exec();

    if (!args->has(QStringLiteral("no-history"))) {
        client::CallHistory history;
        QString error;
        if (!history.open(&error) || history.record(result, &error) < 0)
            context.err << "paybench-cli: warning: the call was not recorded: " << error << '\n';
    }
    context.out << QString::fromUtf8(json::prettyPrint(contract::callReport(result))) << '\n';
    if (result.isTransportFailure()) {
        context.err << "paybench-cli: " << contract::failureClassTitle(result.failure) << ": "
                    << result.call.masker.mask(result.failureDetails) << '\n';
        return kExitUsage;
    }
    // One line per profile, worst first finding: the JSON above has them all.
    bool failed = false;
    QVector<const contract::RuntimeProfile *> profiles{callSpec.profile};
    profiles += alsoJudgedBy;
    for (const contract::RuntimeProfile *profile : std::as_const(profiles)) {
        const contract::Verdict *verdict = result.verdictOf(profile);
        if (!verdict)
            continue;
        failed = failed || verdict->hasFailure();
        QString line =
            profile->name() + QStringLiteral(": ") + contract::severityName(verdict->result());
        for (const contract::Finding &finding : verdict->findings) {
            if (finding.severity == verdict->result() &&
                finding.severity != contract::Severity::Pass) {
                line += QStringLiteral(" (") + finding.message + QLatin1Char(')');
                break;
            }
        }
        context.err << result.call.masker.mask(line) << '\n';
    }
    return failed ? kExitInvalid : kExitOk;
}

} // namespace paybench::cli
