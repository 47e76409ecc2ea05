#pragma once

#include "GatewayConfig.h"

#include <QString>

#include <optional>

namespace paybench::gateway {

// The demo gateway's settings as the app keeps them between runs: host, port, API key, webhook
// secret, webhook URL and scheme, state file. Faults are not kept: a gateway that fails on its
// own at the next start would surprise. The file holds the keys, so it is readable by its owner
// only; it is written with io::writeFileSafely and read bounded.
class GatewaySettings final
{
public:
    static constexpr qint64 kMaxFileBytes = qint64(64) * 1024;

    // demo-gateway.json in the app's configuration folder (QStandardPaths::AppConfigLocation).
    static QString defaultPath();

    explicit GatewaySettings(QString path = defaultPath());

    [[nodiscard]] const QString &path() const { return m_path; }
    // The saved settings over `defaults` (fields the file lacks keep their default); nullopt
    // when nothing was saved, and also with *error when the file cannot be read or is not a
    // settings file.
    [[nodiscard]] std::optional<GatewayConfig> load(const GatewayConfig &defaults,
                                                    QString *error = nullptr) const;
    bool save(const GatewayConfig &config, QString *error = nullptr) const;

private:
    QString m_path;
};

} // namespace paybench::gateway
