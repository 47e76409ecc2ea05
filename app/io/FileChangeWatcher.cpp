#include "FileChangeWatcher.h"

#include <QFileInfo>

namespace paybench::io {

FileChangeWatcher::FileChangeWatcher(QObject *parent) : QObject(parent)
{
    m_timer.setTimerType(Qt::CoarseTimer);
    m_timer.setInterval(kDefaultInterval);
    connect(&m_timer, &QTimer::timeout, this, &FileChangeWatcher::poll);
}

void FileChangeWatcher::setPath(const QString &path)
{
    m_path = path;
    m_looked = false;
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

bool FileChangeWatcher::Look::operator==(const Look &other) const
{
    return exists == other.exists && size == other.size && modified == other.modified &&
           statusChanged == other.statusChanged;
}

FileChangeWatcher::Look FileChangeWatcher::lookAt(const QString &path)
{
    const QFileInfo info(path); // one stat, cached for the calls below
    if (!info.exists())
        return {};
    return {true, info.size(), info.lastModified(), info.metadataChangeTime()};
}

void FileChangeWatcher::poll()
{
    const Look now = lookAt(m_path);
    if (m_looked && now == m_last)
        return;
    m_looked = true;
    m_last = now;
    emit fileChanged(m_path);
}

} // namespace paybench::io
