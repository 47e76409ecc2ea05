#include "GatewaySettings.h"

#include "BoundedRead.h"
#include "SafeFileWriter.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace paybench::gateway {

namespace {

const QString kFormat = QStringLiteral("paybench-demo-gateway-settings");
constexpr int kVersion = 1;

} // namespace

QString GatewaySettings::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
        .filePath(QStringLiteral("demo-gateway.json"));
}

GatewaySettings::GatewaySettings(QString path) : m_path(std::move(path))
{}

std::optional<GatewayConfig> GatewaySettings::load(const GatewayConfig &defaults,
                                                   QString *error) const
{
    if (!QFileInfo::exists(m_path))
        return std::nullopt;
    QString problem;
    const std::optional<QByteArray> bytes = io::readFileBounded(m_path, kMaxFileBytes, &problem);
    const QJsonObject object = bytes ? QJsonDocument::fromJson(*bytes).object() : QJsonObject();
    if (bytes && (object.value(QStringLiteral("format")).toString() != kFormat ||
                  object.value(QStringLiteral("version")).toInt() != kVersion))
        problem = QStringLiteral("%1 is not a demo gateway settings file of version %2")
                      .arg(m_path)
                      .arg(kVersion);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return std::nullopt;
    }
    GatewayConfig config = defaults;
    const auto text = [&object](const char *key, const QString &fallback) {
        return object.value(QLatin1String(key)).toString(fallback);
    };
    config.host = text("host", config.host);
    const int port = object.value(QStringLiteral("port")).toInt(-1);
    if (port >= 0 && port <= 65535)
        config.port = quint16(port);
    config.apiKey = text("apiKey", config.apiKey);
    config.webhookSecret = text("webhookSecret", config.webhookSecret);
    config.webhookUrl = QUrl(text("webhookUrl", config.webhookUrl.toString()), QUrl::StrictMode);
    config.signatureScheme =
        webhook::schemeFromName(
            text("signatureScheme", webhook::schemeName(config.signatureScheme)))
            .value_or(config.signatureScheme);
    config.stateFile = text("stateFile", config.stateFile);
    return config;
}

bool GatewaySettings::save(const GatewayConfig &config, QString *error) const
{
    const QJsonObject object{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("version"), kVersion},
        {QStringLiteral("host"), config.host},
        {QStringLiteral("port"), int(config.port)},
        {QStringLiteral("apiKey"), config.apiKey},
        {QStringLiteral("webhookSecret"), config.webhookSecret},
        {QStringLiteral("webhookUrl"), config.webhookUrl.toString()},
        {QStringLiteral("signatureScheme"), webhook::schemeName(config.signatureScheme)},
        {QStringLiteral("stateFile"), config.stateFile},
    };
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create the folder of %1").arg(m_path);
        return false;
    }
    io::SafeFileWriter writer(m_path);
    writer.setOwnerOnly(true);
    if (writer.write(QJsonDocument(object).toJson(QJsonDocument::Indented)))
        return true;
    if (error)
        *error = writer.errorString();
    return false;
}

} // namespace paybench::gateway
