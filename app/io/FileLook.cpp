#include "FileLook.h"

#include <QFileInfo>

namespace paybench::io {

FileLook FileLook::of(const QString &path)
{
    const QFileInfo info(path); // one stat, cached for the calls below
    if (!info.exists())
        return {};
    return {true, info.size(), info.lastModified(), info.metadataChangeTime()};
}

bool FileLook::operator==(const FileLook &other) const
{
    return exists == other.exists && size == other.size && modified == other.modified &&
           statusChanged == other.statusChanged;
}

} // namespace paybench::io
