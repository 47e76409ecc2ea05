#include "SupportBundle.h"

#include "CredentialReference.h"
#include "SafeFileWriter.h"
#include "SecretMasker.h"
#include "WorkspaceFile.h"
#include "ZipWriter.h"

#include <QSysInfo>

namespace paybench::support {

using json::OrderedValue;

namespace {

const QString kRemoved = QStringLiteral("<removed>");

OrderedValue str(const QString &value)
{
    return OrderedValue::string(value);
}

OrderedValue historyJson(const QVector<client::HistoryEntry> &history)
{
    OrderedValue entries = OrderedValue::array();
    for (const client::HistoryEntry &entry : history) {
        OrderedValue item = OrderedValue::object({
            {QStringLiteral("id"), OrderedValue::number(double(entry.id))},
            {QStringLiteral("startedAt"), str(entry.startedAt.toString(Qt::ISODateWithMs))},
            {QStringLiteral("provider"), str(entry.provider)},
            {QStringLiteral("function"), str(entry.function)},
            {QStringLiteral("profile"), str(entry.profile)},
            {QStringLiteral("url"), str(entry.url)},
            {QStringLiteral("httpStatus"), OrderedValue::number(entry.httpStatus)},
            {QStringLiteral("failure"), str(entry.failure)},
            {QStringLiteral("verdict"), str(entry.verdict)},
            {QStringLiteral("openfrontVerdict"), str(entry.openfrontVerdict)},
            {QStringLiteral("totalMs"), OrderedValue::number(double(entry.totalMs))},
            {QStringLiteral("paymentId"), str(entry.paymentId)},
        });
        if (const json::ParseResult report = json::parse(entry.report); report.value)
            item.setMember(QStringLiteral("report"), *report.value);
        else if (!entry.report.isEmpty())
            item.setMember(QStringLiteral("report"), str(QString::fromUtf8(entry.report)));
        entries.append(item);
    }
    return entries;
}

QByteArray readme(const SupportBundleInput &input)
{
    QString text =
        QStringLiteral(
            "Paybench support bundle\n"
            "=======================\n\n"
            "Made %1 for provider %2 by Paybench %3.\n\n"
            "What it holds:\n"
            "- workspace.paybench.json: the workspace (platforms, providers, regions). Every\n"
            "  credential value is replaced by \"%4\"; only the credential names are kept.\n"
            "- history.json: the last %5 calls to this provider from the call history, with\n"
            "  request and answer; credentials masked.\n"
            "- probe.json: connectivity checks of the function URLs (DNS, TCP, TLS, HTTP)%6.\n"
            "- diagnosis.json: the payment diagnosis and its timeline%7.\n"
            "- environment.json: app and Qt versions, operating system.\n\n"
            "Every text in this archive was scrubbed of every credential value known to the\n"
            "workspace, including the secrets kept in the keychain or vault.\n")
            .arg(input.createdAt.toString(Qt::ISODate), input.providerCode,
                 QStringLiteral(PAYBENCH_VERSION), kRemoved)
            .arg(input.history.size())
            .arg(input.probe ? QString() : QStringLiteral(" (not run)"),
                 input.diagnosis ? QString() : QStringLiteral(" (not run)"));
    if (!input.notes.isEmpty())
        text += QStringLiteral("\nNotes:\n- ") + input.notes.join(QStringLiteral("\n- ")) +
                QLatin1Char('\n');
    return text.toUtf8();
}

} // namespace

Workspace redactedWorkspace(const Workspace &workspace)
{
    Workspace redacted = workspace;
    for (ProviderInstance &provider : redacted.providers) {
        for (Credential &credential : provider.credentials) {
            if (!isCredentialReference(credential.value))
                credential.value = kRemoved;
            credential.valueLoaded = true;
        }
    }
    return redacted;
}

QStringList credentialValues(const Workspace &workspace)
{
    QStringList values;
    for (const ProviderInstance &provider : workspace.providers) {
        for (const Credential &credential : provider.credentials) {
            // Short plain values ("sandbox", "eu") are settings, not keys: scrubbing them would
            // shred every mention of the word. The workspace entry drops them anyway.
            const bool keyLike = credential.secret || credential.value.size() >= kMinScrubbedLength;
            if (keyLike && !credential.value.isEmpty() && !isCredentialReference(credential.value))
                values.append(credential.value);
        }
    }
    values.removeDuplicates();
    return values;
}

OrderedValue environmentReport()
{
    return OrderedValue::object({
        {QStringLiteral("app"),
         str(QStringLiteral("Paybench ") + QStringLiteral(PAYBENCH_VERSION))},
        {QStringLiteral("qtRuntime"), str(QString::fromLatin1(qVersion()))},
        {QStringLiteral("qtBuild"), str(QStringLiteral(QT_VERSION_STR))},
        {QStringLiteral("os"), str(QSysInfo::prettyProductName())},
        {QStringLiteral("kernel"),
         str(QSysInfo::kernelType() + QLatin1Char(' ') + QSysInfo::kernelVersion())},
        {QStringLiteral("cpu"), str(QSysInfo::currentCpuArchitecture())},
        {QStringLiteral("build"), str(QSysInfo::buildAbi())},
    });
}

QByteArray buildSupportBundle(const SupportBundleInput &input)
{
    QStringList secrets = credentialValues(input.workspace) + input.extraSecrets;
    secrets.removeAll(QString());
    const contract::SecretMasker masker(secrets);
    // The masker skips values under 4 characters (they would shred the text); a workspace file
    // that held one would still be redacted, since every value is replaced there.
    const auto scrub = [&masker](const QByteArray &text) { return masker.mask(text); };

    ZipWriter zip;
    const QDateTime at = input.createdAt;
    zip.addFile(QStringLiteral("README.txt"), scrub(readme(input)), ZipWriter::Method::Deflated,
                at);
    zip.addFile(QStringLiteral("workspace.paybench.json"),
                scrub(workspaceToJson(redactedWorkspace(input.workspace))),
                ZipWriter::Method::Deflated, at);
    zip.addFile(QStringLiteral("history.json"),
                scrub(json::prettyPrint(masker.mask(historyJson(input.history)))),
                ZipWriter::Method::Deflated, at);
    zip.addFile(QStringLiteral("probe.json"),
                scrub(input.probe ? json::prettyPrint(probeReportJson(*input.probe))
                                  : QByteArrayLiteral("null\n")),
                ZipWriter::Method::Deflated, at);
    zip.addFile(QStringLiteral("diagnosis.json"),
                scrub(input.diagnosis ? json::prettyPrint(masker.mask(*input.diagnosis))
                                      : QByteArrayLiteral("null\n")),
                ZipWriter::Method::Deflated, at);
    zip.addFile(QStringLiteral("environment.json"), scrub(json::prettyPrint(environmentReport())),
                ZipWriter::Method::Deflated, at);
    return zip.finish();
}

bool writeSupportBundle(const SupportBundleInput &input, const QString &path, QString *error)
{
    return io::writeFileSafely(path, buildSupportBundle(input), error);
}

} // namespace paybench::support
