#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QtEndian>

#include <zlib.h>

namespace paybench::test {

// Reads a ZIP the way an unzip tool does, from the end: the end record, the central directory,
// then each local entry; inflates and checks every CRC. Independent of the writer's code.
struct ZipContents {
    bool ok = false;
    QString error;
    QMap<QString, QByteArray> files;
};

inline quint16 le16(const QByteArray &data, qsizetype at)
{
    return qFromLittleEndian<quint16>(data.constData() + at);
}
inline quint32 le32(const QByteArray &data, qsizetype at)
{
    return qFromLittleEndian<quint32>(data.constData() + at);
}

inline QByteArray inflateRaw(const QByteArray &data, qsizetype size)
{
    QByteArray out(size, Qt::Uninitialized);
    z_stream stream{};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK)
        return {};
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = inflate(&stream, Z_FINISH);
    inflateEnd(&stream);
    return result == Z_STREAM_END ? out : QByteArray();
}

inline ZipContents readZip(const QByteArray &zip)
{
    ZipContents contents;
    const auto fail = [&contents](const QString &error) {
        contents.error = error;
        return contents;
    };
    if (zip.size() < 22 || le32(zip, zip.size() - 22) != 0x06054b50)
        return fail(QStringLiteral("no end of central directory record at the end"));
    const qsizetype end = zip.size() - 22;
    const int count = le16(zip, end + 10);
    const quint32 directorySize = le32(zip, end + 12);
    qsizetype at = le32(zip, end + 16);
    if (at + directorySize != quint32(end))
        return fail(QStringLiteral("central directory does not end where the end record starts"));
    for (int i = 0; i < count; ++i) {
        if (at + 46 > end || le32(zip, at) != 0x02014b50)
            return fail(QStringLiteral("bad central directory entry %1").arg(i));
        const quint16 method = le16(zip, at + 10);
        const quint32 crc = le32(zip, at + 16);
        const quint32 compressed = le32(zip, at + 20);
        const quint32 size = le32(zip, at + 24);
        const quint16 nameLength = le16(zip, at + 28);
        const qsizetype skip = le16(zip, at + 30) + le16(zip, at + 32);
        const quint32 local = le32(zip, at + 42);
        const QString name = QString::fromUtf8(zip.mid(at + 46, nameLength));
        at += 46 + nameLength + skip;
        if (le32(zip, local) != 0x04034b50 || le32(zip, local + 14) != crc ||
            QString::fromUtf8(zip.mid(local + 30, le16(zip, local + 26))) != name)
            return fail(QStringLiteral("local header of %1 disagrees").arg(name));
        const qsizetype dataAt = local + 30 + le16(zip, local + 26) + le16(zip, local + 28);
        const QByteArray stored = zip.mid(dataAt, compressed);
        const QByteArray data = method == 0   ? stored
                                : method == 8 ? inflateRaw(stored, size)
                                              : QByteArray();
        if (qsizetype(data.size()) != qsizetype(size) ||
            quint32(::crc32(0, reinterpret_cast<const Bytef *>(data.constData()),
                            uInt(data.size()))) != crc)
            return fail(QStringLiteral("%1: size or CRC-32 does not match").arg(name));
        contents.files.insert(name, data);
    }
    contents.ok = true;
    return contents;
}

} // namespace paybench::test
