#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <optional>

namespace paybench::io {

// Every file or stream Paybench reads goes through these, so nothing (a huge file, /dev/zero,
// an endless pipe) can make it read without end. Each caller names its own limit.

// "256 MiB", "64 KiB", "100 bytes": how a limit is named in an error.
QString byteLimitText(qint64 bytes);

// Reads device to its end, but never more than limit + 1 bytes: past limit it stops and returns
// nullopt with *error "<what> is larger than the <limit> limit". what names the input
// ("standard input", "the records file x.json"). A read error gives the device's reason.
std::optional<QByteArray> readBounded(QIODevice &device, qint64 limit, const QString &what,
                                      QString *error);

// Opens path for reading and reads it with readBounded; *error names path and, when it cannot
// be opened, the system's reason.
std::optional<QByteArray> readFileBounded(const QString &path, qint64 limit, QString *error);

} // namespace paybench::io
