#include "ZipWriter.h"

#include <QtEndian>

#include <zlib.h>

namespace paybench::support {

namespace {

constexpr quint32 kLocalSignature = 0x04034b50;
constexpr quint32 kCentralSignature = 0x02014b50;
constexpr quint32 kEndSignature = 0x06054b50;
constexpr quint16 kVersion = 20;        // 2.0: deflate
constexpr quint16 kMadeByUnix = 0x0314; // Unix, spec 2.0, so the file modes below are read
constexpr quint16 kUtf8Names = 0x0800;  // general purpose bit 11
constexpr quint32 kFileMode = 0100644u << 16;

void put16(QByteArray &out, quint16 value)
{
    char bytes[2];
    qToLittleEndian(value, bytes);
    out.append(bytes, 2);
}

void put32(QByteArray &out, quint32 value)
{
    char bytes[4];
    qToLittleEndian(value, bytes);
    out.append(bytes, 4);
}

} // namespace

quint32 ZipWriter::crc32(const QByteArray &data)
{
    uLong crc = ::crc32(0L, Z_NULL, 0);
    qsizetype done = 0;
    // zlib takes uInt lengths; feed large data in slices.
    while (done < data.size()) {
        const uInt chunk = uInt(qMin<qsizetype>(data.size() - done, 1 << 30));
        crc = ::crc32(crc, reinterpret_cast<const Bytef *>(data.constData() + done), chunk);
        done += chunk;
    }
    return quint32(crc);
}

QByteArray ZipWriter::deflateRaw(const QByteArray &data)
{
    z_stream stream{};
    if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = deflate(&stream, Z_FINISH);
    const qsizetype written = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        return {};
    out.resize(written);
    return out;
}

bool ZipWriter::addFile(const QString &name, const QByteArray &data, Method method,
                        const QDateTime &modified, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QByteArray encoded = name.toUtf8();
    if (encoded.isEmpty() || encoded.size() > 0xFFFF || name.startsWith(QLatin1Char('/')) ||
        name.split(QLatin1Char('/')).contains(QStringLiteral("..")))
        return fail(QStringLiteral("invalid entry name '%1'").arg(name));
    if (m_entries.size() >= 0xFFFF)
        return fail(QStringLiteral("too many entries for a ZIP without ZIP64"));
    for (const Entry &entry : std::as_const(m_entries)) {
        if (entry.name == encoded)
            return fail(QStringLiteral("duplicate entry name '%1'").arg(name));
    }
    Entry entry;
    entry.name = encoded;
    entry.crc = crc32(data);
    QByteArray stored = data;
    if (method == Method::Deflated) {
        const QByteArray deflated = deflateRaw(data);
        // Keep what is smaller: tiny or random data grows when deflated.
        if (!deflated.isEmpty() && deflated.size() < data.size()) {
            stored = deflated;
            entry.method = 8;
        }
    }
    if (data.size() > kMaxSize || m_data.size() + stored.size() + 30 + encoded.size() > kMaxSize)
        return fail(QStringLiteral("'%1' is too large for a ZIP without ZIP64").arg(name));
    entry.size = quint32(data.size());
    entry.compressedSize = quint32(stored.size());
    entry.offset = quint32(m_data.size());
    // DOS dates start in 1980.
    const QDateTime local = modified.toLocalTime();
    const QDate date = local.date().year() < 1980 ? QDate(1980, 1, 1) : local.date();
    const QTime time = local.date().year() < 1980 ? QTime(0, 0) : local.time();
    entry.dosTime = quint16((time.hour() << 11) | (time.minute() << 5) | (time.second() / 2));
    entry.dosDate = quint16(((date.year() - 1980) << 9) | (date.month() << 5) | date.day());

    put32(m_data, kLocalSignature);
    putSharedFields(m_data, entry);
    m_data.append(encoded);
    m_data.append(stored);
    m_entries.append(entry);
    return true;
}

// The fields a local header and its central directory record have in common, in that order.
void ZipWriter::putSharedFields(QByteArray &out, const Entry &entry)
{
    put16(out, kVersion);
    put16(out, kUtf8Names);
    put16(out, entry.method);
    put16(out, entry.dosTime);
    put16(out, entry.dosDate);
    put32(out, entry.crc);
    put32(out, entry.compressedSize);
    put32(out, entry.size);
    put16(out, quint16(entry.name.size()));
    put16(out, 0); // no extra field
}

QByteArray ZipWriter::finish() const
{
    QByteArray out = m_data;
    const quint32 directoryOffset = quint32(out.size());
    for (const Entry &entry : m_entries) {
        put32(out, kCentralSignature);
        put16(out, kMadeByUnix);
        putSharedFields(out, entry);
        put16(out, 0); // comment
        put16(out, 0); // disk
        put16(out, 0); // internal attributes
        put32(out, kFileMode);
        put32(out, entry.offset);
        out.append(entry.name);
    }
    const quint32 directorySize = quint32(out.size()) - directoryOffset;
    put32(out, kEndSignature);
    put16(out, 0);
    put16(out, 0);
    put16(out, quint16(m_entries.size()));
    put16(out, quint16(m_entries.size()));
    put32(out, directorySize);
    put32(out, directoryOffset);
    put16(out, 0); // comment
    return out;
}

} // namespace paybench::support
