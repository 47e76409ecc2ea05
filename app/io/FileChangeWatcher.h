#pragma once

#include "FileLook.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <optional>

namespace paybench::io {

// Tells when a file's size or times change, by a stat about once a second. Not
// QFileSystemWatcher: closing its inotify descriptor waits for a kernel grace period (about
// 15 ms at every exit of a window with a file open), and inotify never hears of a change that
// another machine makes on a network share. A signal means "look again", not "the content
// changed": the caller compares contents (io::contentStamp) to tell.
class FileChangeWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileChangeWatcher)

public:
    static constexpr std::chrono::milliseconds kDefaultInterval{1000};

    explicit FileChangeWatcher(QObject *parent = nullptr);

    // Follows the file by name, so a write by rename is seen like one in place. The file may
    // have changed between being read and being watched (a large workspace is read on another
    // thread well before the window watches it): the first look compares with `seen`, the look
    // taken before its bytes were read, and without one, or when that look is not settled
    // (FileLook::isSettled), always signals, for the caller's content check to tell. An empty
    // path stops watching.
    void setPath(const QString &path, const std::optional<FileLook> &seen = std::nullopt);
    [[nodiscard]] QString path() const { return m_path; }
    void setInterval(std::chrono::milliseconds interval);

signals:
    void fileChanged(const QString &path);

private:
    void poll();

    QString m_path;
    std::optional<FileLook> m_last; // the last look at m_path known to the caller
    QTimer m_timer;
};

} // namespace paybench::io
