#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QVector>

namespace paybench::support {

// Writes a ZIP archive (PKWARE APPNOTE 6.3, without ZIP64) in memory: stored or deflated
// entries with CRC-32, UTF-8 names. Qt's QZipWriter is private API, hence this small one.
class ZipWriter final
{
public:
    enum class Method { Stored, Deflated };
    // An entry, and the archive, must stay below 4 GiB (no ZIP64).
    static constexpr qint64 kMaxSize = 0xFFFFFFFELL;

    // False (and *error) for an empty or duplicate name, a name with "..", or too much data.
    bool addFile(const QString &name, const QByteArray &data, Method method = Method::Deflated,
                 const QDateTime &modified = QDateTime::currentDateTime(),
                 QString *error = nullptr);
    [[nodiscard]] int entryCount() const { return int(m_entries.size()); }
    // The archive: local entries, central directory, end record.
    [[nodiscard]] QByteArray finish() const;

    static quint32 crc32(const QByteArray &data);
    // Raw deflate (no zlib header), as ZIP stores it.
    static QByteArray deflateRaw(const QByteArray &data);

private:
    struct Entry {
        QByteArray name;
        quint16 method = 0;
        quint16 dosTime = 0;
        quint16 dosDate = 0;
        quint32 crc = 0;
        quint32 compressedSize = 0;
        quint32 size = 0;
        quint32 offset = 0;
    };
    static void putSharedFields(QByteArray &out, const Entry &entry);

    QVector<Entry> m_entries;
    QByteArray m_data; // the local entries so far
};

} // namespace paybench::support
