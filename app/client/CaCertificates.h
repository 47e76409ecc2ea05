#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSslCertificate>
#include <QString>

#include <optional>

namespace paybench::client {

// The PEM certificates of a CA file (a platform's own test CA, a --ca-cert flag). nullopt and a
// plain reason ("cannot be read: ...", "holds no PEM certificate") when none can be used.
std::optional<QList<QSslCertificate>> readCaCertificates(const QString &path, QString *error);

// Keeps what readCaCertificates() read, and reads a file again only when its size or time
// changed: a run of many calls to one platform reads its CA file once, yet a certificate
// replaced on disk is used without a restart. Failures are not kept.
class CaCertificateCache final
{
public:
    std::optional<QList<QSslCertificate>> certificates(const QString &path, QString *error);

private:
    struct Entry {
        QDateTime modified;
        qint64 size = -1;
        QList<QSslCertificate> certificates;
    };
    QHash<QString, Entry> m_entries;
};

} // namespace paybench::client
