#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace paybench::ui {

// Colours JSON text: member names, strings, numbers and the literals true/false/null.
class JsonHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_key;
    QTextCharFormat m_string;
    QTextCharFormat m_number;
    QTextCharFormat m_literal;
};

} // namespace paybench::ui
