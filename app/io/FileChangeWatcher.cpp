#include "FileChangeWatcher.h"

namespace paybench::io {

FileChangeWatcher::FileChangeWatcher(QObject *parent) : QObject(parent)
{
    m_timer.setTimerType(Qt::CoarseTimer);
    m_timer.setInterval(kDefaultInterval);
    connect(&m_timer, &QTimer::timeout, this, &FileChangeWatcher::poll);
}

void FileChangeWatcher::setPath(const QString &path, const std::optional<FileLook> &seen)
{
    m_path = path;
    // An unsettled look could hide a same-size write made in its clock tick: check the content.
    m_last = seen && seen->isSettled() ? seen : std::nullopt;
    if (path.isEmpty()) {
        m_timer.stop();
        return;
    }
    m_timer.start();
}

void FileChangeWatcher::setInterval(std::chrono::milliseconds interval)
{
    m_timer.setInterval(interval);
}

void FileChangeWatcher::poll()
{
    const FileLook now = FileLook::of(m_path);
    if (m_last == now)
        return;
    m_last = now;
    emit fileChanged(m_path);
}

} // namespace paybench::io
