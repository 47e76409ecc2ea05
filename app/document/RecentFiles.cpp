#include "RecentFiles.h"

#include <QFileInfo>
#include <QSettings>

namespace paybench {
namespace {

const QString kKey = QStringLiteral("recentFiles/paths");

void store(const QStringList &paths)
{
    QSettings().setValue(kKey, paths);
}

} // namespace

QStringList RecentFiles::list()
{
    return QSettings().value(kKey).toStringList();
}

void RecentFiles::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList paths = list();
    paths.removeAll(absolute);
    paths.prepend(absolute);
    while (paths.size() > kMaxEntries)
        paths.removeLast();
    store(paths);
}

void RecentFiles::remove(const QString &path)
{
    QStringList paths = list();
    if (paths.removeAll(QFileInfo(path).absoluteFilePath()) > 0)
        store(paths);
}

void RecentFiles::clear()
{
    store({});
}

QString RecentFiles::lastExisting()
{
    for (const QString &path : list()) {
        if (QFileInfo(path).isFile())
            return path;
    }
    return {};
}

} // namespace paybench
