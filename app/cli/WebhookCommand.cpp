#include "WebhookCommand.h"

#include "BoundedRead.h"
#include "CliWorkspace.h"
#include "DemoGateway.h"
#include "InputLimits.h"
#include "OrderedJson.h"
#include "SignatureDiagnosis.h"
#include "WebhookLab.h"
#include "WebhookReceiver.h"
#include "WebhookSender.h"

#include <QEventLoop>
#include <QUuid>

namespace paybench::cli {
namespace {

using webhook::Scheme;

std::optional<Scheme> schemeFlag(CliContext &context, const CliArgs &args)
{
    if (!args.has(QStringLiteral("scheme")))
        return Scheme::Gateway;
    const auto scheme = webhook::schemeFromName(args.value(QStringLiteral("scheme")));
    if (!scheme)
        context.err << "paybench-cli: --scheme must be one of "
                    << webhook::schemeNames().join(QLatin1Char('|')) << '\n';
    return scheme;
}

std::optional<qint64> integerFlag(CliContext &context, const CliArgs &args, const QString &flag,
                                  qint64 minimum)
{
    bool ok = false;
    const qint64 value = args.value(flag).toLongLong(&ok);
    if (!ok || value < minimum) {
        context.err << "paybench-cli: --" << flag << " must be a whole number of at least "
                    << minimum << '\n';
        return std::nullopt;
    }
    return value;
}

bool requireSecret(CliContext &context, const CliArgs &args)
{
    if (args.value(QStringLiteral("secret")).isEmpty()) {
        context.err << "paybench-cli: --secret S is required\n";
        return false;
    }
    return true;
}

// The body exactly as it arrives on stdin: no decoding, no newline handling. Prints why not.
std::optional<QByteArray> readBody(CliContext &context)
{
    QString error;
    std::optional<QByteArray> body = io::readBounded(
        context.in, io::kMaxBodyBytes, QStringLiteral("the body on standard input"), &error);
    if (!body)
        context.err << "paybench-cli: " << error << '\n';
    return body;
}

} // namespace

int runWebhookSign(CliContext &context)
{
    const auto args = parseArgs(context, {{QStringLiteral("secret"), QStringLiteral("scheme"),
                                           QStringLiteral("timestamp"), QStringLiteral("id")},
                                          {}});
    if (!args || !requireSecret(context, *args))
        return kExitUsage;
    const auto scheme = schemeFlag(context, *args);
    if (!scheme)
        return kExitUsage;
    std::optional<qint64> timestamp;
    if (args->has(QStringLiteral("timestamp"))) {
        timestamp = integerFlag(context, *args, QStringLiteral("timestamp"), 0);
        if (!timestamp)
            return kExitUsage;
    }
    QByteArray id = args->value(QStringLiteral("id")).toUtf8();
    if (id.isEmpty() && *scheme == Scheme::Standard)
        id = "msg_" + QUuid::createUuid().toString(QUuid::Id128).left(24).toLatin1();
    const std::optional<QByteArray> body = readBody(context);
    if (!body)
        return kExitUsage;
    const webhook::WebhookSigner signer(*scheme, args->value(QStringLiteral("secret")).toUtf8());
    for (const webhook::Header &header : signer.sign(*body, id, timestamp))
        context.out << QString::fromLatin1(header.first) << ": "
                    << QString::fromLatin1(header.second) << '\n';
    return kExitOk;
}

int runWebhookVerify(CliContext &context)
{
    const auto args = parseArgs(
        context, {{QStringLiteral("secret"), QStringLiteral("header"), QStringLiteral("scheme"),
                   QStringLiteral("tolerance"), QStringLiteral("now")},
                  {QStringLiteral("json")}});
    if (!args || !requireSecret(context, *args))
        return kExitUsage;
    std::optional<Scheme> scheme;
    if (args->has(QStringLiteral("scheme"))) {
        scheme = schemeFlag(context, *args);
        if (!scheme)
            return kExitUsage;
    }
    webhook::HeaderList headers;
    for (const QString &line : args->values(QStringLiteral("header"))) {
        const auto header = support::parseHeaderLine(line);
        if (!header) {
            context.err << "paybench-cli: --header must read 'name: value', got '" << line << "'\n";
            return kExitUsage;
        }
        headers.append(*header);
    }
    if (headers.isEmpty()) {
        context.err << "paybench-cli: give at least one --header 'name: value'\n";
        return kExitUsage;
    }
    int tolerance = webhook::WebhookSigner::kDefaultToleranceSeconds;
    if (args->has(QStringLiteral("tolerance"))) {
        const auto value = integerFlag(context, *args, QStringLiteral("tolerance"), 0);
        if (!value)
            return kExitUsage;
        tolerance = int(qMin<qint64>(*value, std::numeric_limits<int>::max()));
    }
    webhook::Clock clock = webhook::systemClock();
    if (args->has(QStringLiteral("now"))) {
        const auto now = integerFlag(context, *args, QStringLiteral("now"), 0);
        if (!now)
            return kExitUsage;
        clock = [seconds = *now] { return seconds; };
    }

    const std::optional<QByteArray> body = readBody(context);
    if (!body)
        return kExitUsage;
    const support::SignatureExplanation e = support::explainSignature(
        *body, headers, args->value(QStringLiteral("secret")).toUtf8(), scheme, tolerance, clock);
    if (args->has(QStringLiteral("json"))) {
        using json::OrderedValue;
        context.out
            << json::prettyPrint(OrderedValue::object({
                   {QStringLiteral("valid"), OrderedValue::boolean(e.valid())},
                   {QStringLiteral("scheme"), OrderedValue::string(webhook::schemeName(e.scheme))},
                   {QStringLiteral("schemeGuessed"), OrderedValue::boolean(e.schemeGuessed)},
                   {QStringLiteral("cause"),
                    OrderedValue::string(support::signatureCauseName(e.cause))},
                   {QStringLiteral("header"),
                    OrderedValue::string(QString::fromLatin1(e.headerName))},
                   {QStringLiteral("expected"),
                    OrderedValue::string(QString::fromLatin1(e.expected))},
                   {QStringLiteral("given"), OrderedValue::string(QString::fromLatin1(e.given))},
                   {QStringLiteral("explanation"), OrderedValue::string(e.explanation)},
               }))
            << '\n';
    } else {
        context.out << (e.valid() ? "valid" : "NOT valid") << " (" << webhook::schemeName(e.scheme)
                    << " scheme" << (e.schemeGuessed ? ", guessed from the headers" : "") << ")\n";
        if (!e.valid()) {
            context.out << "cause:    " << support::signatureCauseName(e.cause) << '\n'
                        << "header:   " << QString::fromLatin1(e.headerName) << '\n'
                        << "expected: " << QString::fromLatin1(e.expected) << '\n'
                        << "given:    " << QString::fromLatin1(e.given) << '\n';
        }
        context.out << e.explanation << '\n';
    }
    return e.valid() ? kExitOk : kExitInvalid;
}

int runWebhookSend(CliContext &context)
{
    const auto args = parseArgs(
        context, {{QStringLiteral("url"), QStringLiteral("secret"), QStringLiteral("type"),
                   QStringLiteral("payment-id"), QStringLiteral("scheme"), QStringLiteral("wrap"),
                   QStringLiteral("tamper"), QStringLiteral("event-id"), QStringLiteral("amount"),
                   QStringLiteral("currency"), QStringLiteral("timeout"),
                   QStringLiteral("credentials"), QStringLiteral("provider")},
                  {QStringLiteral("no-metadata"), QStringLiteral("no-history")}});
    if (!args || !requireSecret(context, *args))
        return kExitUsage;
    for (const QString &flag :
         {QStringLiteral("url"), QStringLiteral("type"), QStringLiteral("payment-id")}) {
        if (args->value(flag).isEmpty()) {
            context.err << "paybench-cli: --" << flag << " is required\n";
            return kExitUsage;
        }
    }
    const QUrl url(args->value(QStringLiteral("url")), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        context.err << "paybench-cli: --url must be an absolute http:// or https:// URL\n";
        return kExitUsage;
    }
    const auto scheme = schemeFlag(context, *args);
    if (!scheme)
        return kExitUsage;

    support::WebhookSendSpec spec;
    spec.scheme = *scheme;
    spec.secret = args->value(QStringLiteral("secret")).toUtf8();
    spec.event.type = args->value(QStringLiteral("type"));
    spec.event.paymentId = args->value(QStringLiteral("payment-id"));
    spec.event.eventId = args->value(QStringLiteral("event-id"));
    spec.event.withMetadata = !args->has(QStringLiteral("no-metadata"));
    spec.providerCode = args->value(QStringLiteral("provider"));
    if (args->has(QStringLiteral("currency")))
        spec.event.currency = args->value(QStringLiteral("currency")).toUpper();
    if (args->has(QStringLiteral("amount"))) {
        const auto amount = integerFlag(context, *args, QStringLiteral("amount"), 0);
        if (!amount)
            return kExitUsage;
        spec.event.amount = *amount;
    }
    spec.wrap = support::defaultWrapFor(url.toString());
    if (args->has(QStringLiteral("wrap"))) {
        const auto wrap = support::wrapFromName(args->value(QStringLiteral("wrap")));
        if (!wrap) {
            context.err << "paybench-cli: --wrap must be openfront or raw\n";
            return kExitUsage;
        }
        spec.wrap = *wrap;
    }
    if (args->has(QStringLiteral("tamper"))) {
        const auto tamper = support::tamperFromName(args->value(QStringLiteral("tamper")));
        if (!tamper) {
            context.err << "paybench-cli: --tamper must be one of "
                        << support::tamperNames().join(QLatin1Char('|')) << '\n';
            return kExitUsage;
        }
        spec.tamper = *tamper;
    }
    QStringList secrets{QString::fromUtf8(spec.secret)};
    if (args->has(QStringLiteral("credentials"))) {
        // Other credentials the handler wants in provider.credentials (an apiKey, ...).
        QString error;
        const std::optional<QByteArray> bytes = io::readFileBounded(
            args->value(QStringLiteral("credentials")), io::kMaxCredentialsFileBytes, &error);
        if (!bytes) {
            context.err << "paybench-cli: --credentials: " << error << '\n';
            return kExitUsage;
        }
        const json::ParseResult parsed = json::parse(*bytes);
        if (!parsed.value || !parsed.value->isObject()) {
            context.err << "paybench-cli: --credentials must name a file holding a JSON object\n";
            return kExitUsage;
        }
        spec.extraCredentials = *parsed.value;
        for (const auto &member : parsed.value->members()) {
            if (member.second.type() == json::OrderedValue::Type::String)
                secrets.append(member.second.toString());
        }
    }
    int timeoutMs = contract::kDefaultTimeoutMs;
    if (args->has(QStringLiteral("timeout"))) {
        const auto seconds = integerFlag(context, *args, QStringLiteral("timeout"), 1);
        if (!seconds)
            return kExitUsage;
        timeoutMs = int(qMin<qint64>(*seconds * 1000, std::numeric_limits<int>::max()));
    }

    support::WebhookSender sender;
    QEventLoop loop;
    std::optional<support::WebhookSendOutcome> outcome;
    QObject::connect(&sender, &support::WebhookSender::sendFinished, &loop,
                     [&](const support::WebhookSendOutcome &finished) {
                         outcome = finished;
                         loop.quit();
                     });
    sender.start(url, support::buildWebhookSend(spec), secrets, timeoutMs);
    if (!outcome)
        loop.exec();
    if (!args->has(QStringLiteral("no-history"))) {
        client::CallHistory history;
        QString error;
        if (!history.open(&error) || !support::recordWebhookSend(*outcome, history, &error))
            context.err << "paybench-cli: warning: the send was not recorded: " << error << '\n';
    }
    context.out << json::prettyPrint(support::webhookSendReport(*outcome, secrets)) << '\n';
    const bool failed = outcome->verdict().hasFailure();
    if (failed && outcome->transportFailed())
        return kExitUsage;
    return failed ? kExitInvalid : kExitOk;
}

int runWebhookCapture(CliContext &context)
{
    const auto args = parseArgs(context, {{QStringLiteral("secret"), QStringLiteral("scheme"),
                                           QStringLiteral("port"), QStringLiteral("count")},
                                          {}});
    if (!args || !requireSecret(context, *args))
        return kExitUsage;
    const auto scheme = schemeFlag(context, *args);
    if (!scheme)
        return kExitUsage;
    qint64 port = 0;
    qint64 count = 0; // 0: until stopped
    if (args->has(QStringLiteral("port"))) {
        const auto value = integerFlag(context, *args, QStringLiteral("port"), 0);
        if (!value || *value > 65535) {
            context.err << "paybench-cli: --port must be 0 to 65535\n";
            return kExitUsage;
        }
        port = *value;
    }
    if (args->has(QStringLiteral("count"))) {
        const auto value = integerFlag(context, *args, QStringLiteral("count"), 1);
        if (!value)
            return kExitUsage;
        count = *value;
    }
    // The embedded gateway's capture route, as in the GUI. Its payment endpoints get a random
    // API key nobody knows: this command is for receiving webhooks only.
    gateway::GatewayConfig config;
    config.port = quint16(port);
    config.apiKey = QString::fromLatin1(QUuid::createUuid().toByteArray(QUuid::Id128));
    config.webhookSecret = args->value(QStringLiteral("secret"));
    gateway::DemoGateway server;
    server.setConfig(config);
    support::WebhookReceiver receiver;
    receiver.setVerification(*scheme, args->value(QStringLiteral("secret")).toUtf8());
    receiver.attach(&server);
    QString error;
    if (server.start(&error) == 0) {
        context.err << "paybench-cli: cannot listen on port " << port << ": " << error << '\n';
        return kExitUsage;
    }
    context.err << "capturing at " << receiver.url().toString() << " (and any path below it)\n";
    context.err.flush();
    QEventLoop loop;
    qint64 seen = 0;
    QObject::connect(
        &receiver, &support::WebhookReceiver::webhookCaptured, &loop,
        [&](const support::CapturedWebhook &webhook) {
            using json::OrderedValue;
            OrderedValue headers = OrderedValue::object();
            for (const webhook::Header &header : webhook.headers)
                headers.setMember(QString::fromLatin1(header.first),
                                  OrderedValue::string(QString::fromLatin1(header.second)));
            const support::SignatureExplanation &e = webhook.verification;
            context.out << json::stringify(OrderedValue::object({
                               {QStringLiteral("at"),
                                OrderedValue::string(webhook.at.toString(Qt::ISODateWithMs))},
                               {QStringLiteral("path"),
                                OrderedValue::string(QString::fromLatin1(webhook.path))},
                               {QStringLiteral("headers"), headers},
                               {QStringLiteral("body"),
                                OrderedValue::string(QString::fromUtf8(webhook.body))},
                               {QStringLiteral("valid"), OrderedValue::boolean(e.valid())},
                               {QStringLiteral("cause"),
                                OrderedValue::string(support::signatureCauseName(e.cause))},
                               {QStringLiteral("explanation"), OrderedValue::string(e.explanation)},
                               {QStringLiteral("answered"),
                                OrderedValue::number(webhook.answeredStatus)},
                           }))
                        << '\n';
            context.out.flush();
            if (count > 0 && ++seen >= count)
                loop.quit();
        });
    loop.exec();
    return kExitOk;
}

} // namespace paybench::cli
