#include "CaCertificates.h"

#include "Platform.h"

#include <QFile>
#include <QFileInfo>

namespace paybench::client {

std::optional<QList<QSslCertificate>> readCaCertificates(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the CA certificate file %1 cannot be read: %2")
                     .arg(path, file.errorString());
        return std::nullopt;
    }
    QList<QSslCertificate> certificates =
        QSslCertificate::fromData(file.read(kMaxCaCertificateFileBytes), QSsl::Pem);
    if (certificates.isEmpty()) {
        *error = QStringLiteral("the CA certificate file %1 holds no PEM certificate").arg(path);
        return std::nullopt;
    }
    return certificates;
}

std::optional<QList<QSslCertificate>> CaCertificateCache::certificates(const QString &path,
                                                                       QString *error)
{
    const QFileInfo info(path);
    const QDateTime modified = info.lastModified();
    const auto kept = m_entries.constFind(path);
    if (kept != m_entries.cend() && kept->size == info.size() && kept->modified == modified)
        return kept->certificates;
    std::optional<QList<QSslCertificate>> read = readCaCertificates(path, error);
    if (read)
        m_entries.insert(path, Entry{modified, info.size(), *read});
    else
        m_entries.remove(path);
    return read;
}

} // namespace paybench::client
