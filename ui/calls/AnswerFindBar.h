#pragma once

#include <QTextCursor>
#include <QVector>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;

namespace paybench::ui {

// Find in an answer: every match highlighted, the current one selected and scrolled to, "3 of
// 12" beside the field. Enter finds the next match, Shift+Enter the previous one.
class AnswerFindBar final : public QWidget
{
    Q_OBJECT
public:
    explicit AnswerFindBar(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(AnswerFindBar)

    // The text searched (not owned); the search follows its changes while the bar is open.
    void setEditor(QPlainTextEdit *editor);
    [[nodiscard]] QPlainTextEdit *editor() const { return m_editor; }
    // Shows the bar with the field focused and its text selected, searching at once.
    void open();
    void close();
    void setSearchText(const QString &text);
    [[nodiscard]] int matchCount() const { return static_cast<int>(m_matches.size()); }
    // 0-based; -1 when there is no match.
    [[nodiscard]] int currentMatch() const { return m_current; }

public slots:
    void findNext();
    void findPrevious();

private:
    void search();
    void step(int delta);
    void showMatches();

    QPlainTextEdit *m_editor = nullptr;
    QLineEdit *m_field;
    QLabel *m_count;
    QToolButton *m_previous;
    QToolButton *m_next;
    QVector<QTextCursor> m_matches;
    int m_current = -1;
};

} // namespace paybench::ui
