#pragma once

#include <QDateTime>
#include <QString>

namespace paybench::io {

// What one stat tells of a file by its name. Two equal looks mean "probably unchanged": a write
// inside one tick of the file system's clock that keeps the size looks the same, so only a
// content check (io::contentStamp) can say for sure.
struct FileLook final {
    bool exists = false;
    qint64 size = -1;
    QDateTime modified;
    QDateTime statusChanged; // ctime: a rename over the file changes it too

    [[nodiscard]] static FileLook of(const QString &path);
    bool operator==(const FileLook &other) const;
};

} // namespace paybench::io
