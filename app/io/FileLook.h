#pragma once

#include <QDateTime>
#include <QString>

namespace paybench::io {

// What one stat tells of a file by its name. Two equal looks mean "probably unchanged": a write
// inside one tick of the file system's clock that keeps the size looks the same, so only a
// content check (io::contentStamp) can say for sure.
struct FileLook final {
    // A file modified this long before it was looked at cannot be written again within the
    // same tick of its clock (FAT's is 2 s; Linux's is a few ms).
    static constexpr qint64 kSettledMs = 3000;

    bool exists = false;
    qint64 size = -1;
    QDateTime modified;
    QDateTime statusChanged; // ctime: a rename over the file changes it too
    QDateTime takenAt;       // just before the stat; not compared

    [[nodiscard]] static FileLook of(const QString &path);
    // True when a later write must change the look: the file was last modified well before it
    // was looked at. A look at a file written just before ("racily clean", as git calls it)
    // could equal a look after a second same-size write in the same tick.
    [[nodiscard]] bool isSettled() const;
    bool operator==(const FileLook &other) const;
};

} // namespace paybench::io
