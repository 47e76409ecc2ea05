#include "SafeFileWriter.h"

#include "BoundedRead.h"
#include "RealPath.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <atomic>
#include <cerrno>

#ifdef Q_OS_WIN
#include <io.h>
#include <qt_windows.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

namespace paybench::io {
namespace {

constexpr int kNoFault = -1;
std::atomic<int> g_faultStep{kNoFault};
std::atomic<int> g_faultErrno{0};

// True (with errno set) when a test asked this step to fail.
bool injectedFailure(SafeFileWriter::Step step)
{
    int expected = static_cast<int>(step);
    if (!g_faultStep.compare_exchange_strong(expected, kNoFault))
        return false;
    errno = g_faultErrno.load();
    return true;
}

// What the system said about the call that just failed, in its own words.
QString systemError()
{
    return qt_error_string(errno);
}

QString temporaryPath(const QString &target)
{
    const QFileInfo info(target);
    return info.dir().filePath(
        QStringLiteral(".%1.tmp-%2")
            .arg(info.fileName())
            .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0')));
}

// Each step returns the reason it failed, empty when it did not.

QString writeAll(QFile &file, const QByteArray &bytes)
{
    for (qsizetype done = 0; done < bytes.size();) {
        if (injectedFailure(SafeFileWriter::Step::Write))
            return systemError();
        const qint64 written = file.write(bytes.constData() + done, bytes.size() - done);
        if (written <= 0)
            return file.errorString().isEmpty() ? systemError() : file.errorString();
        done += written;
    }
    return {};
}

QString syncFile(QFile &file)
{
    if (injectedFailure(SafeFileWriter::Step::Sync))
        return systemError();
#ifdef Q_OS_WIN
    return ::_commit(file.handle()) == 0 ? QString() : systemError();
#else
    return ::fsync(file.handle()) == 0 ? QString() : systemError();
#endif
}

QString renameOver(const QString &from, const QString &to)
{
    if (injectedFailure(SafeFileWriter::Step::Rename))
        return systemError();
#ifdef Q_OS_WIN
    if (::MoveFileExW(reinterpret_cast<const wchar_t *>(QDir::toNativeSeparators(from).utf16()),
                      reinterpret_cast<const wchar_t *>(QDir::toNativeSeparators(to).utf16()),
                      MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        return {};
    return qt_error_string(static_cast<int>(::GetLastError()));
#else
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0)
        return {};
    return systemError();
#endif
}

// Makes the rename itself durable. File systems that cannot sync a folder say EINVAL: nothing
// more can be done there.
QString syncFolder(const QString &folder)
{
#ifdef Q_OS_WIN
    Q_UNUSED(folder);
    return {}; // MOVEFILE_WRITE_THROUGH already waited for the rename
#else
    const int fd =
        ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return systemError();
    QString reason = ::fsync(fd) == 0 || errno == EINVAL ? QString() : systemError();
    ::close(fd);
    return reason;
#endif
}

} // namespace

SafeFileWriter::SafeFileWriter(const QString &path) : m_path(realFilePath(path))
{}

QString SafeFileWriter::backupPath(const QString &path)
{
    return path + QStringLiteral(".bak");
}

void SafeFileWriter::failNextWriteForTesting(Step step, int errorCode)
{
    g_faultErrno = errorCode;
    g_faultStep = static_cast<int>(step);
}

bool SafeFileWriter::fail(const QString &reason)
{
    m_error = QStringLiteral("cannot write %1: %2").arg(m_path, reason);
    return false;
}

bool SafeFileWriter::write(const QByteArray &bytes)
{
    m_error.clear();
    const QFileInfo target(m_path);
    const bool replacing = target.exists();
    QFileDevice::Permissions permissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!m_ownerOnly) {
        permissions = replacing ? target.permissions()
                                : permissions | QFileDevice::ReadGroup | QFileDevice::ReadOther;
    }
    QFile file(temporaryPath(m_path));
    // Unbuffered: every write reaches the system at once, so its error is seen here.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly | QIODevice::Unbuffered, permissions))
        return fail(file.errorString());
    if (replacing && !m_ownerOnly)
        file.setPermissions(permissions); // exactly the old ones, whatever the umask
    QString reason = writeAll(file, bytes);
    if (reason.isEmpty())
        reason = syncFile(file);
    if (reason.isEmpty()) {
        file.close();
        if (file.error() != QFileDevice::NoError)
            reason = file.errorString();
    }
    if (reason.isEmpty() && m_keepBackup && replacing && !keepBackup()) {
        file.remove();
        return false;
    }
    if (reason.isEmpty())
        reason = renameOver(file.fileName(), m_path);
    if (!reason.isEmpty()) {
        file.close();
        file.remove();
        return fail(reason);
    }
    reason = syncFolder(target.absolutePath());
    if (!reason.isEmpty())
        return fail(QStringLiteral("the new content is in place, but its folder could not be "
                                   "synced to disk: %1")
                        .arg(reason));
    return true;
}

// The backup is a safe write of its own, so a failure there leaves the old backup too.
bool SafeFileWriter::keepBackup()
{
    QString error;
    const std::optional<QByteArray> old = readFileBounded(m_path, QFileInfo(m_path).size(), &error);
    SafeFileWriter backup(backupPath(m_path));
    backup.setOwnerOnly(m_ownerOnly);
    if (!old || !backup.write(*old)) {
        m_error = QStringLiteral("cannot keep the previous version of %1 as %2 (%3); nothing "
                                 "was saved")
                      .arg(m_path, backupPath(m_path), old ? backup.errorString() : error);
        return false;
    }
    return true;
}

bool writeFileSafely(const QString &path, const QByteArray &bytes, QString *error)
{
    SafeFileWriter writer(path);
    if (writer.write(bytes))
        return true;
    *error = writer.errorString();
    return false;
}

} // namespace paybench::io
