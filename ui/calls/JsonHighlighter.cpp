#include "JsonHighlighter.h"

#include <QRegularExpression>

namespace paybench::ui {

JsonHighlighter::JsonHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    m_key.setForeground(QColor(0x7a, 0x3e, 0x9d));
    m_string.setForeground(QColor(0x2e, 0x7d, 0x32));
    m_number.setForeground(QColor(0x15, 0x65, 0xc0));
    m_literal.setForeground(QColor(0xc6, 0x28, 0x28));
    m_literal.setFontWeight(QFont::Bold);
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    // A string followed by a colon is a member name.
    static const QRegularExpression strings(QStringLiteral(R"("(?:[^"\\]|\\.)*"(\s*:)?)"));
    static const QRegularExpression numbers(
        QStringLiteral(R"((?<![\w."])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"));
    static const QRegularExpression literals(QStringLiteral(R"(\b(?:true|false|null)\b)"));
    for (auto it = numbers.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(static_cast<int>(match.capturedStart()), static_cast<int>(match.capturedLength()),
                  m_number);
    }
    for (auto it = literals.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(static_cast<int>(match.capturedStart()), static_cast<int>(match.capturedLength()),
                  m_literal);
    }
    // Strings last: digits and words inside them keep the string colour.
    for (auto it = strings.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        const bool isKey = !match.captured(1).isEmpty();
        const qsizetype length = match.capturedLength() - match.captured(1).size();
        setFormat(static_cast<int>(match.capturedStart()), static_cast<int>(length),
                  isKey ? m_key : m_string);
    }
}

} // namespace paybench::ui
