#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

#ifdef Q_OS_LINUX
#include <sys/mount.h>
#include <sys/statvfs.h>
#endif

namespace paybench::test {

// A real, tiny file system for tests that must meet a full disk: a tmpfs of a few KiB mounted on
// a temporary folder. Mounting needs root (CAP_SYS_ADMIN) on Linux: where it is not permitted,
// mounted() is false and the test skips (the injected failures of io::SafeFileWriter cover the
// same paths there). Unmounted when destroyed.
class TinyFileSystem
{
public:
    explicit TinyFileSystem(qint64 bytes = 64 * 1024)
    {
#ifdef Q_OS_LINUX
        const QByteArray options = "size=" + QByteArray::number(bytes) + ",mode=0700";
        m_mounted =
            m_dir.isValid() && ::mount("tmpfs", QFile::encodeName(m_dir.path()).constData(),
                                       "tmpfs", MS_NOSUID | MS_NODEV, options.constData()) == 0;
#else
        Q_UNUSED(bytes);
#endif
    }
    ~TinyFileSystem()
    {
#ifdef Q_OS_LINUX
        if (m_mounted)
            ::umount2(QFile::encodeName(m_dir.path()).constData(), MNT_DETACH);
#endif
    }
    TinyFileSystem(const TinyFileSystem &) = delete;
    TinyFileSystem &operator=(const TinyFileSystem &) = delete;

    [[nodiscard]] bool mounted() const
    {
        return m_mounted;
    }
    [[nodiscard]] QString filePath(const QString &name) const
    {
        return m_dir.filePath(name);
    }

    // Fills the free space with a file, leaving leaveFree bytes (whole 4 KiB pages) free.
    bool fill(qint64 leaveFree = 0) const
    {
#ifdef Q_OS_LINUX
        struct statvfs stats {};
        if (::statvfs(QFile::encodeName(m_dir.path()).constData(), &stats) != 0)
            return false;
        const qint64 free = qint64(stats.f_bavail) * qint64(stats.f_bsize);
        QFile filler(filePath(QStringLiteral("filler")));
        if (!filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            return false;
        const qint64 wanted = free - leaveFree;
        return wanted <= 0 || filler.write(QByteArray(wanted, '\0')) == wanted;
#else
        Q_UNUSED(leaveFree);
        return false;
#endif
    }

private:
    QTemporaryDir m_dir;
    bool m_mounted = false;
};

} // namespace paybench::test
