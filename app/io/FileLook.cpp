#include "FileLook.h"

#include <QFileInfo>

namespace paybench::io {

FileLook FileLook::of(const QString &path)
{
    FileLook look;
    look.takenAt = QDateTime::currentDateTimeUtc();
    const QFileInfo info(path); // one stat, cached for the calls below
    if (!info.exists())
        return look;
    look.exists = true;
    look.size = info.size();
    look.modified = info.lastModified();
    look.statusChanged = info.metadataChangeTime();
    return look;
}

bool FileLook::isSettled() const
{
    return exists && modified.isValid() && takenAt.isValid() &&
           modified.msecsTo(takenAt) >= kSettledMs;
}

bool FileLook::operator==(const FileLook &other) const
{
    return exists == other.exists && size == other.size && modified == other.modified &&
           statusChanged == other.statusChanged;
}

} // namespace paybench::io
