#include "CheckCommand.h"

#include "CallHistory.h"
#include "CliCallTargets.h"
#include "CliWorkspace.h"
#include "ConformanceSuite.h"
#include "ReportWriter.h"
#include "SafeFileWriter.h"
#include "WorkspaceSecrets.h"

#include <QEventLoop>
#include <QRegularExpression>

#include <cmath>

namespace paybench::cli {
namespace {

using conformance::CheckResult;
using conformance::CheckVerdict;
using conformance::ConformanceOptions;
using conformance::ConformanceReport;

// The run's options from the flags; prints the first problem.
std::optional<ConformanceOptions> readOptions(CliContext &context, const CliArgs &args)
{
    ConformanceOptions options;
    const auto profiles = profilesFromArgs(context, args, QStringLiteral("documented"));
    if (!profiles)
        return std::nullopt;
    options.profiles = *profiles;
    if (args.has(QStringLiteral("timeout"))) {
        bool ok = false;
        const double seconds = args.value(QStringLiteral("timeout")).toDouble(&ok);
        if (!ok || !std::isfinite(seconds) || seconds <= 0 || seconds > 3600) {
            context.err << "paybench-cli: --timeout takes seconds, more than 0 and at most 3600\n";
            return std::nullopt;
        }
        options.answerBudgetMs = qMax(1, static_cast<int>(seconds * 1000));
    }
    if (args.has(QStringLiteral("amount"))) {
        bool ok = false;
        options.amount = args.value(QStringLiteral("amount")).toLongLong(&ok);
        if (!ok || options.amount < 2) {
            context.err << "paybench-cli: --amount takes a whole number of minor units, at least "
                           "2 (1999 for 19.99)\n";
            return std::nullopt;
        }
    }
    if (args.has(QStringLiteral("currency"))) {
        options.currency = args.value(QStringLiteral("currency")).toUpper();
        static const QRegularExpression isoCode(QStringLiteral("^[A-Z]{3}$"));
        if (!isoCode.match(options.currency).hasMatch()) {
            context.err << "paybench-cli: --currency takes a three-letter ISO 4217 code\n";
            return std::nullopt;
        }
    }
    if (args.has(QStringLiteral("signature-scheme"))) {
        const auto scheme = webhook::schemeFromName(args.value(QStringLiteral("signature-scheme")));
        if (!scheme) {
            context.err << "paybench-cli: --signature-scheme must be one of "
                        << webhook::schemeNames().join(QStringLiteral(", ")) << '\n';
            return std::nullopt;
        }
        options.signatureScheme = *scheme;
    }
    options.strictOpenfront = args.has(QStringLiteral("strict-openfront"));
    return options;
}

QString checkLine(const CheckResult &check, const QString &provider)
{
    QString line = QStringLiteral("%1 %2%3 %4 %5")
                       .arg(verdictName(check.verdict).toUpper().leftJustified(7))
                       .arg(provider.isEmpty() ? QString() : provider + QLatin1Char(' '))
                       .arg(check.profile->name().leftJustified(17))
                       .arg(check.info().number, 2)
                       .arg(check.info().id.leftJustified(24));
    if (!check.message.isEmpty())
        line += QStringLiteral("  ") + check.message;
    if (!check.advice.isEmpty() && check.verdict != CheckVerdict::Pass)
        line += QStringLiteral("\n        advice: ") + check.advice;
    // The readiness section lists every finding, not just the first.
    if (check.kind == conformance::CheckKind::Readiness) {
        for (const QString &note : check.notes)
            line += QStringLiteral("\n        - ") + note;
    }
    return line;
}

bool writeReport(CliContext &context, const QString &flag, const QString &path,
                 const QByteArray &bytes)
{
    QString error;
    if (!io::writeFileSafely(path, bytes, &error)) {
        context.err << "paybench-cli: --" << flag << ": " << error << '\n';
        return false;
    }
    return true;
}

} // namespace

int runCheck(CliContext &context)
{
    const CliArgs::Spec spec{
        {QStringLiteral("workspace"), QStringLiteral("provider"), QStringLiteral("base-url"),
         QStringLiteral("credentials"), QStringLiteral("profile"), QStringLiteral("junit"),
         QStringLiteral("html"), QStringLiteral("json"), QStringLiteral("timeout"),
         QStringLiteral("amount"), QStringLiteral("currency"), QStringLiteral("signature-scheme")},
        {QStringLiteral("strict-openfront"), QStringLiteral("no-history")}};
    const std::optional<CliArgs> args = parseArgs(context, spec);
    if (!args)
        return kExitUsage;
    const bool fromWorkspace = args->has(QStringLiteral("workspace"));
    const bool fromBaseUrl = args->has(QStringLiteral("base-url"));
    if (!args->positional().isEmpty() || fromWorkspace == fromBaseUrl ||
        (fromWorkspace &&
         (!args->has(QStringLiteral("provider")) || args->has(QStringLiteral("credentials")))) ||
        (fromBaseUrl && args->has(QStringLiteral("provider")))) {
        context.err << "paybench-cli: give either --workspace FILE --provider CODE [--provider "
                       "CODE]..., or --base-url URL --credentials FILE.json\n";
        return kExitUsage;
    }
    const std::optional<ConformanceOptions> options = readOptions(context, *args);
    if (!options)
        return kExitUsage;

    QVector<contract::CallTarget> targets;
    if (fromWorkspace) {
        int exitCode = kExitUsage;
        auto loaded = callTargetsFromWorkspace(context, args->value(QStringLiteral("workspace")),
                                               args->values(QStringLiteral("provider")), &exitCode);
        if (!loaded)
            return exitCode;
        targets = *loaded;
    } else {
        auto target = callTargetFromBaseUrl(context, args->value(QStringLiteral("base-url")),
                                            args->value(QStringLiteral("credentials")));
        if (!target)
            return kExitUsage;
        targets.append(*target);
    }

    client::CallHistory history;
    if (!args->has(QStringLiteral("no-history"))) {
        QString error;
        if (!history.open(&error))
            context.err << "paybench-cli: warning: the calls are not recorded: " << error << '\n';
    }

    // JSON on stdout replaces the lines there; they go to stderr then.
    const bool jsonToStdout = args->value(QStringLiteral("json")) == QLatin1String("-");
    QTextStream &lines = jsonToStdout ? context.err : context.out;
    conformance::ConformanceSuite suite;
    for (const contract::CallTarget &target : std::as_const(targets)) {
        conformance::ConformanceRun *run = suite.addProvider(target, *options);
        if (history.isOpen())
            run->setHistory(&history);
    }
    const bool several = targets.size() > 1;
    QObject::connect(&suite, &conformance::ConformanceSuite::checkFinished, &suite,
                     [&](int run, int, const CheckResult &check) {
                         const contract::CallTarget &target = targets.at(run);
                         const contract::SecretMasker masker = target.masker();
                         lines << masker.mask(checkLine(check, several ? target.code : QString()))
                               << '\n';
                         lines.flush();
                     });
    QEventLoop loop;
    QObject::connect(&suite, &conformance::ConformanceSuite::finished, &loop, &QEventLoop::quit);
    suite.start();
    loop.exec();

    const QVector<ConformanceReport> reports = suite.reports();
    bool failed = false;
    for (const ConformanceReport &report : reports) {
        failed = failed || report.hasFailure();
        lines << QStringLiteral("%1: %2 pass, %3 warn, %4 fail, %5 skipped in %6 ms\n")
                     .arg(report.providerCode)
                     .arg(report.count(CheckVerdict::Pass))
                     .arg(report.count(CheckVerdict::Warn))
                     .arg(report.count(CheckVerdict::Fail))
                     .arg(report.count(CheckVerdict::Skipped))
                     .arg(report.elapsedMs());
    }
    lines << (failed ? "result: FAIL\n" : "result: PASS\n");
    lines.flush();

    bool written = true;
    const struct {
        const char *flag;
        conformance::ReportFormat format;
    } outputs[] = {{"junit", conformance::ReportFormat::JunitXml},
                   {"html", conformance::ReportFormat::Html},
                   {"json", conformance::ReportFormat::Json}};
    for (const auto &output : outputs) {
        const QString flag = QString::fromLatin1(output.flag);
        if (!args->has(flag))
            continue;
        const QByteArray bytes = conformance::renderReport(output.format, reports);
        if (output.format == conformance::ReportFormat::Json && jsonToStdout)
            context.out << QString::fromUtf8(bytes);
        else
            written = writeReport(context, flag, args->value(flag), bytes) && written;
    }
    if (!written)
        return kExitUsage;
    return failed ? kExitInvalid : kExitOk;
}

} // namespace paybench::cli
