#pragma once

#include <QByteArray>
#include <QString>

namespace paybench::json {

// Writes JSON text as it goes, the bytes JavaScript's JSON.stringify(value, null, indent) gives
// (number formatting and string escapes included), with no value tree in between: the demo
// gateway writes an answer and an event per request. The caller writes a well-formed document
// with each object key once; stringify() de-duplicates keys, this writer does not look back.
class JsonWriter final
{
public:
    explicit JsonWriter(int indent = 0);
    Q_DISABLE_COPY_MOVE(JsonWriter)

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    // An object member's name; its value is the next thing written.
    void key(QLatin1String name);
    void key(const QString &name);
    void string(const QString &text);
    void string(QLatin1String text);
    void number(double value);
    void boolean(bool value);
    void null();

    // The text written so far; the writer is empty afterwards.
    [[nodiscard]] QByteArray take();

private:
    void beginValue(); // the comma and line break owed before a value
    void reserve(qsizetype more)
    {
        if (m_bytes.size() - m_size < more)
            grow(more);
    }
    void grow(qsizetype more);
    void put(char c)
    {
        reserve(1);
        m_data[m_size++] = c;
    }
    void put(const char *text, qsizetype size);
    void newline(int depth);
    void endKey(); // the ':' after a key
    // Units: char (Latin-1) or char16_t (UTF-16).
    template <typename Unit>
    void quoted(const Unit *units, qsizetype size);
    template <typename Unit>
    void escapedTail(const Unit *units, qsizetype size);
    // constData(), not utf16(): utf16() copies a QStringLiteral to add its terminator.
    static const char16_t *utf16(const QString &text)
    {
        return reinterpret_cast<const char16_t *>(text.constData());
    }
    void numberText(double value);

    QByteArray m_bytes;     // its whole size is room; the first m_size bytes are written
    char *m_data = nullptr; // m_bytes.data(), without its detach check for every byte
    qsizetype m_size = 0;
    int m_indent = 0;
    int m_depth = 0;
    bool m_needComma = false; // a value ended: the next one in this container follows a comma
    bool m_afterKey = false;  // a key was written: its value follows on the same line
};

} // namespace paybench::json
