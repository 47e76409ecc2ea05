#include "Cli.h"

#include "BundleCommand.h"
#include "CallCommand.h"
#include "CheckCommand.h"
#include "CliContext.h"
#include "DiagnoseCommand.h"
#include "LatencyCommand.h"
#include "OpenfrontCommand.h"
#include "ProbeCommand.h"
#include "ServeCommand.h"
#include "WebhookCommand.h"
#include "WorkspaceCommands.h"

#include <QTextStream>

namespace paybench::cli {
namespace {

struct Command {
    QLatin1String words; // "provider add": one or two words
    QLatin1String usage;
    int (*run)(CliContext &context);
};

// Every command of paybench-cli. Each lives in its own file; add one line here.
const Command kCommands[] = {
    {QLatin1String("workspace init"), QLatin1String("workspace init FILE"), &runWorkspaceInit},
    {QLatin1String("platform add"),
     QLatin1String("platform add --workspace FILE --name NAME (--base-url URL | --create-payment "
                   "URL --capture-payment URL ...) [--ca-cert PEM]"),
     &runPlatformAdd},
    {QLatin1String("platform set"),
     QLatin1String("platform set --workspace FILE --name NAME [--rename NEW] [--base-url URL | "
                   "--create-payment URL ...] [--ca-cert PEM|'']"),
     &runPlatformSet},
    {QLatin1String("provider add"),
     QLatin1String("provider add --workspace FILE --name NAME --code CODE --platform NAME "
                   "[--environment sandbox|live] [--credential KEY=VALUE]... [--secret "
                   "KEY=VALUE|KEY=-]... [--public KEY=VALUE]... [--region CODE]... [--metadata "
                   "JSON] [--not-installed]"),
     &runProviderAdd},
    {QLatin1String("provider set"),
     QLatin1String("provider set --workspace FILE --code CODE [--name NAME] [--platform NAME] "
                   "[--environment sandbox|live] [--credential KEY=VALUE]... [--secret "
                   "KEY=VALUE|KEY=-]... [--public KEY=VALUE]... [--remove-credential KEY]... "
                   "[--region CODE]... "
                   "[--metadata JSON] [--installed|--not-installed]"),
     &runProviderSet},
    {QLatin1String("region add"),
     QLatin1String("region add --workspace FILE --code CODE --name NAME --currency CUR "
                   "[--country CC]..."),
     &runRegionAdd},
    {QLatin1String("region set"),
     QLatin1String("region set --workspace FILE --code CODE [--name NAME] [--currency CUR] "
                   "[--country CC]..."),
     &runRegionSet},
    {QLatin1String("list"), QLatin1String("list --workspace FILE"), &runList},
    {QLatin1String("call"),
     QLatin1String("call FUNCTION (--workspace FILE --provider CODE | --base-url URL --credentials "
                   "FILE.json) [--profile NAME[,NAME...]] [--invoice] [--amount N] [--currency C] "
                   "[--payment-id ID] [--body FILE] [--timeout S] [--ca-cert FILE] [--insecure] "
                   "[--no-history]"),
     &runCall},
    {QLatin1String("check"),
     QLatin1String(
         "check (--workspace FILE --provider CODE [--provider CODE]... | --base-url URL "
         "--credentials FILE.json) [--profile all|openfront|documented|openfront@VERSION[,...]] "
         "[--junit FILE] [--html "
         "FILE] [--json FILE|-] [--timeout S] [--amount N] [--currency C] [--signature-scheme "
         "gateway|stripe|standard] [--strict-openfront] [--no-history]"),
     &runCheck},
    {QLatin1String("serve"),
     QLatin1String(
         "serve --port P [--host H] --api-key K --webhook-secret S [--webhook-url URL] "
         "[--signature-scheme gateway|stripe|standard] [--state FILE [--state-sync full|normal] "
         "[--import-state OLD.json] [--export-state OUT.json]] "
         "[--fault ENDPOINT:SPEC]... [--max-connections N] [--allowed-host NAME]... "
         "[--quiet]"),
     &runServe},
    {QLatin1String("webhook sign"),
     QLatin1String("webhook sign --secret S [--scheme gateway|stripe|standard] [--timestamp UNIX] "
                   "[--id ID] < BODY"),
     &runWebhookSign},
    {QLatin1String("webhook verify"),
     QLatin1String("webhook verify --secret S --header 'name: value' [--header ...] [--scheme ...] "
                   "[--tolerance SECONDS] [--now UNIX] [--json] < BODY"),
     &runWebhookVerify},
    {QLatin1String("webhook send"),
     QLatin1String(
         "webhook send --url URL --secret S --type TYPE --payment-id ID [--scheme ...] [--wrap "
         "openfront|raw] [--tamper signature|body|reserialize|timestamp|duplicate|oversize] "
         "[--event-id ID] [--amount N] [--currency C] [--no-metadata] [--credentials FILE.json] "
         "[--timeout S] [--provider CODE] [--no-history]"),
     &runWebhookSend},
    {QLatin1String("webhook capture"),
     QLatin1String("webhook capture --secret S [--scheme gateway|stripe|standard] [--port P] "
                   "[--count N]"),
     &runWebhookCapture},
    {QLatin1String("probe"),
     QLatin1String("probe (--workspace W --provider CODE | --workspace W --platform NAME | "
                   "--base-url URL) [--timeout S] [--ca-cert FILE]... [--json]"),
     &runProbe},
    {QLatin1String("bundle"),
     QLatin1String("bundle --workspace W --provider CODE --output FILE.zip [--history N] "
                   "[--history-db FILE] [--probe] [--payment-id ID]"),
     &runBundle},
    {QLatin1String("latency"),
     QLatin1String(
         "latency FUNCTION (--workspace W --provider CODE | --base-url URL [--credentials "
         "FILE.json]) [--count N] [--concurrency C] [--profile NAME] [--payment-id "
         "ID] [--amount N] [--timeout S] [--csv FILE] [--insecure]"),
     &runLatency},
    {QLatin1String("diagnose"),
     QLatin1String("diagnose --provider CODE --payment-id ID [--workspace W] [--json] "
                   "[--history-db FILE] [--timeout S] [--insecure]"),
     &runDiagnose},
    {QLatin1String("validate"), QLatin1String("validate --workspace FILE"), &runValidate},
    {QLatin1String("export-openfront"),
     QLatin1String("export-openfront --workspace FILE [--format json|graphql] "
                   "[--include-credentials]"),
     &runExportOpenfront},
    {QLatin1String("openfront connect"),
     QLatin1String("openfront connect --workspace FILE --url GRAPHQL-URL (--api-key - | "
                   "--api-key-env VAR) [--no-check] [--timeout S]"),
     &runOpenfrontConnect},
    {QLatin1String("openfront push"),
     QLatin1String("openfront push --workspace FILE [--provider CODE]... [--dry-run] "
                   "[--include-credentials] [--timeout S]"),
     &runOpenfrontPush},
    {QLatin1String("openfront pull"),
     QLatin1String("openfront pull --workspace FILE [--provider CODE]... [--on-conflict "
                   "fail|skip|replace] [--timeout S]"),
     &runOpenfrontPull},
    {QLatin1String("openfront diff"),
     QLatin1String("openfront diff --workspace FILE [--provider CODE]... [--timeout S]"),
     &runOpenfrontDiff},
    {QLatin1String("openfront webhook-bridge"),
     QLatin1String("openfront webhook-bridge --workspace FILE --provider CODE --port P "
                   "[--count N] [--timeout S]"),
     &runOpenfrontWebhookBridge},
    {QLatin1String("import-openfront"),
     QLatin1String("import-openfront --workspace FILE RECORDS.json [--on-conflict "
                   "fail|skip|replace]"),
     &runImportOpenfront},
};

void printHelp(QTextStream &out)
{
    out << "paybench-cli " << PAYBENCH_VERSION
        << ": test bench for Openfront custom payment providers\n\n"
           "Usage: paybench-cli COMMAND [OPTIONS]\n\nCommands:\n";
    for (const Command &command : kCommands)
        out << "  paybench-cli " << command.usage << '\n';
    out << "\nSecrets are kept out of the workspace file: in the OS keychain, or in an encrypted\n"
           "vault next to it (passphrase from PAYBENCH_VAULT_PASSPHRASE). A credential value may\n"
           "be a reference such as ${env:GATEWAY_API_KEY}, resolved at call time. Every\n"
           "credential value is masked in output, history and reports unless its key is known\n"
           "public (publishableKey, environment, ...) or it was added with --public.\n"
           "Exit codes: 0 success, 1 invalid data or failed check, 2 usage or I/O error.\n";
}

} // namespace

int runCli(const QStringList &arguments, QIODevice &in, QIODevice &out, QIODevice &err,
           const EnvironmentLookup &environment,
           const std::function<std::optional<QString>(const QString &)> &askSecret)
{
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    if (arguments.isEmpty() || arguments.first() == QLatin1String("--help") ||
        arguments.first() == QLatin1String("-h") || arguments.first() == QLatin1String("help")) {
        printHelp(arguments.isEmpty() ? errStream : outStream);
        return arguments.isEmpty() ? kExitUsage : kExitOk;
    }
    if (arguments.first() == QLatin1String("--version")) {
        outStream << "paybench-cli " << PAYBENCH_VERSION << '\n';
        return kExitOk;
    }

    // The longest match wins, so "provider add" is found before a one-word "provider".
    const Command *match = nullptr;
    qsizetype matchedWords = 0;
    for (const Command &command : kCommands) {
        const QStringList words = QString(command.words).split(QLatin1Char(' '));
        if (words.size() > arguments.size() || words.size() <= matchedWords)
            continue;
        if (arguments.mid(0, words.size()) == words) {
            match = &command;
            matchedWords = words.size();
        }
    }
    if (!match) {
        errStream << "paybench-cli: unknown command '" << arguments.join(QLatin1Char(' '))
                  << "'. Run paybench-cli --help for the list.\n";
        return kExitUsage;
    }
    const QStringList rest = arguments.mid(matchedWords);
    if (rest.contains(QLatin1String("--help"))) {
        outStream << "Usage: paybench-cli " << match->usage << '\n';
        return kExitOk;
    }
    CliContext context{rest, in, outStream, errStream, environment, askSecret};
    const int code = match->run(context);
    outStream.flush();
    errStream.flush();
    return code;
}

} // namespace paybench::cli
