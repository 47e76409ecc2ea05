#pragma once

#include <QList>
#include <QSslCertificate>
#include <QString>

#include <optional>

namespace paybench::client {

// The PEM certificates of a CA file (a platform's own test CA, a --ca-cert flag). nullopt and a
// plain reason ("cannot be read: ...", "holds no PEM certificate") when none can be used.
std::optional<QList<QSslCertificate>> readCaCertificates(const QString &path, QString *error);

} // namespace paybench::client
