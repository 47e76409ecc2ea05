#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>

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

    // Follows the file by name, so a write by rename is seen like one in place. The first look
    // always signals: the file may have changed between being read and being watched (a large
    // workspace is read on another thread well before the window watches it), and only the
    // caller's content check can tell. An empty path stops watching.
    void setPath(const QString &path);
    [[nodiscard]] QString path() const { return m_path; }
    void setInterval(std::chrono::milliseconds interval);

signals:
    void fileChanged(const QString &path);

private:
    struct Look {
        bool exists = false;
        qint64 size = -1;
        QDateTime modified;
        QDateTime statusChanged; // ctime: a rename over the file moves it too

        bool operator==(const Look &other) const;
    };

    static Look lookAt(const QString &path);
    void poll();

    QString m_path;
    bool m_looked = false; // m_last holds a look at m_path
    Look m_last;
    QTimer m_timer;
};

} // namespace paybench::io
