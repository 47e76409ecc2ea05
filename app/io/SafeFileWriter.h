#pragma once

#include <QByteArray>
#include <QString>

namespace paybench::io {

// The one way Paybench writes a file: the new content goes to a temporary file in the same
// folder, every write and the flush are checked, the file is synced to disk, then renamed over
// the target, and the folder is synced so the rename survives a crash. Any failure leaves the
// old file as it was and names the system's own reason ("No space left on device").
//
// QSaveFile is not enough: Qt 6.4 commits even when flushing its buffer failed (a full disk
// then leaves an empty file), and it does not sync.
//
// The target is resolved once (realFilePath), so writing through a symlink replaces the file it
// points at and the backup sits beside that file.
class SafeFileWriter final
{
public:
    explicit SafeFileWriter(const QString &path);

    // The file written: the target with every symlink followed.
    [[nodiscard]] const QString &path() const { return m_path; }

    // Keeps what the file held before as backupPath(path()), taken only once the new content
    // is on disk, so a failed write never touches the backup either.
    void setKeepBackup(bool keep) { m_keepBackup = keep; }
    // New files (and the backup) readable and writable by the owner only; otherwise a replaced
    // file keeps its permissions and a new one gets the usual ones.
    void setOwnerOnly(bool ownerOnly) { m_ownerOnly = ownerOnly; }

    // Replaces the file with bytes; false and errorString() when anything failed.
    bool write(const QByteArray &bytes);
    // "cannot write /x/workspace.json: No space left on device"
    [[nodiscard]] const QString &errorString() const { return m_error; }

    // x.json -> x.json.bak
    static QString backupPath(const QString &path);

    // Test seam: makes the next write() of this process fail at step with the system error
    // errorCode (an errno value), as a full disk or a failing device would.
    enum class Step { Write, Sync, Rename };
    static void failNextWriteForTesting(Step step, int errorCode);

private:
    bool fail(const QString &reason);
    bool keepBackup();

    QString m_path;
    bool m_keepBackup = false;
    bool m_ownerOnly = false;
    QString m_error;
};

// The short form: *error set on failure.
bool writeFileSafely(const QString &path, const QByteArray &bytes, QString *error);

} // namespace paybench::io
