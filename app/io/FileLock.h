#pragma once

#include <QLockFile>
#include <QString>

#include <chrono>

namespace paybench::io {

// Serializes the processes that read, change and write one file (a workspace and its vault):
// a QLockFile named FILE.lock beside the real file (symlinks followed). A lock left by a
// process that died is taken over. Unlocked when destroyed.
class FileLock final
{
public:
    explicit FileLock(const QString &path);
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    // Waits up to wait for the lock; false and *error (who holds it, or why it cannot be made)
    // when it is not free by then.
    bool lock(std::chrono::milliseconds wait, QString *error);

    // x.json -> x.json.lock (of the real file)
    static QString lockPath(const QString &path);

private:
    QString m_path;
    QLockFile m_lock;
};

} // namespace paybench::io
