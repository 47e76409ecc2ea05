#include "BoundedRead.h"

#include "InputLimits.h"

#include <QFile>

#include <algorithm>

namespace paybench::io {
namespace {

constexpr qint64 kChunkBytes = 64 * kKiB;

} // namespace

QString byteLimitText(qint64 bytes)
{
    if (bytes >= kMiB && bytes % kMiB == 0)
        return QStringLiteral("%1 MiB").arg(bytes / kMiB);
    if (bytes >= kKiB && bytes % kKiB == 0)
        return QStringLiteral("%1 KiB").arg(bytes / kKiB);
    return QStringLiteral("%1 bytes").arg(bytes);
}

std::optional<QByteArray> readBounded(QIODevice &device, qint64 limit, const QString &what,
                                      QString *error)
{
    QByteArray bytes;
    // A file tells its size: read it into one allocation, in one go (one byte more, to see it
    // grow past the limit meanwhile). Otherwise chunks rather than read(limit + 1): a huge limit
    // must not reserve its memory up front.
    if (!device.isSequential())
        bytes.reserve(qsizetype(std::clamp(device.size() - device.pos(), qint64(0), limit) + 1));
    for (;;) {
        // Into the room left in the buffer first: a file's one read, then one that finds its end.
        const qint64 room = bytes.capacity() - bytes.size();
        const qint64 want = std::min(room > 0 ? room : kChunkBytes, limit + 1 - bytes.size());
        const qsizetype start = bytes.size();
        bytes.resize(start + want);
        const qint64 got = device.read(bytes.data() + start, want);
        if (got < 0) {
            *error = QStringLiteral("cannot read %1: %2").arg(what, device.errorString());
            return std::nullopt;
        }
        bytes.resize(start + got);
        if (bytes.size() > limit) {
            *error =
                QStringLiteral("%1 is larger than the %2 limit").arg(what, byteLimitText(limit));
            return std::nullopt;
        }
        // A sequential device (a pipe, a terminal) may return 0 before its end: wait for more.
        if (got == 0 && (!device.isSequential() || device.atEnd() || !device.waitForReadyRead(-1)))
            break;
    }
    return bytes;
}

std::optional<QByteArray> readFileBounded(const QString &path, qint64 limit, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return readBounded(file, limit, path, error);
}

} // namespace paybench::io
