#include "CaCertificates.h"

#include <QFile>

namespace paybench::client {

std::optional<QList<QSslCertificate>> readCaCertificates(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the CA certificate file %1 cannot be read: %2")
                     .arg(path, file.errorString());
        return std::nullopt;
    }
    // A CA bundle is a few kilobytes; reading a huge file whole would only waste memory.
    constexpr qint64 kMaxPemBytes = 1'048'576; // 1 MiB
    QList<QSslCertificate> certificates =
        QSslCertificate::fromData(file.read(kMaxPemBytes), QSsl::Pem);
    if (certificates.isEmpty()) {
        *error = QStringLiteral("the CA certificate file %1 holds no PEM certificate").arg(path);
        return std::nullopt;
    }
    return certificates;
}

} // namespace paybench::client
