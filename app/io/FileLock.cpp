#include "FileLock.h"

#include "RealPath.h"

#include <QFileInfo>

namespace paybench::io {

FileLock::FileLock(const QString &path) : m_path(realFilePath(path)), m_lock(lockPath(path))
{
    // A holder may wait at a passphrase prompt for long: only a dead holder makes a lock stale.
    m_lock.setStaleLockTime(0);
}

QString FileLock::lockPath(const QString &path)
{
    return realFilePath(path) + QStringLiteral(".lock");
}

bool FileLock::lock(std::chrono::milliseconds wait, QString *error)
{
    if (m_lock.tryLock(wait))
        return true;
    switch (m_lock.error()) {
    case QLockFile::LockFailedError: {
        qint64 pid = 0;
        QString host;
        QString application;
        const QString holder = m_lock.getLockInfo(&pid, &host, &application)
                                   ? QStringLiteral("%1 (process %2)").arg(application).arg(pid)
                                   : QStringLiteral("another process");
        *error = QStringLiteral("%1 is being changed by %2; waited %3 s, try again when it is "
                                "done (lock file %4)")
                     .arg(m_path, holder)
                     .arg(static_cast<double>(wait.count()) / 1000.0)
                     .arg(lockPath(m_path));
        return false;
    }
    case QLockFile::PermissionError:
        *error = QStringLiteral("cannot create the lock file %1: permission denied")
                     .arg(lockPath(m_path));
        return false;
    case QLockFile::NoError:
    case QLockFile::UnknownError:
        break;
    }
    *error = QStringLiteral("cannot create the lock file %1").arg(lockPath(m_path));
    return false;
}

} // namespace paybench::io
