#include "AnswerFindBar.h"

#include "ClearButton.h"
#include "SymbolicIcon.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextDocument>
#include <QToolButton>

namespace paybench::ui {
namespace {

// More highlights than this add nothing a person can use and slow a large answer down.
constexpr int kMaxHighlights = 5000;

// Enter and Shift+Enter in the field step through the matches.
class FindField final : public QLineEdit
{
public:
    FindField(AnswerFindBar *bar, QWidget *parent) : QLineEdit(parent), m_bar(bar) {}

protected:
    void keyPressEvent(QKeyEvent *event) override
    {
        if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
            if (event->modifiers() & Qt::ShiftModifier)
                m_bar->findPrevious();
            else
                m_bar->findNext();
            return;
        }
        QLineEdit::keyPressEvent(event);
    }

private:
    AnswerFindBar *m_bar;
};

} // namespace

AnswerFindBar::AnswerFindBar(QWidget *parent)
    : QWidget(parent), m_field(new FindField(this, this)), m_count(new QLabel(this)),
      m_previous(new QToolButton(this)), m_next(new QToolButton(this))
{
    setObjectName(QStringLiteral("findBar"));
    m_field->setObjectName(QStringLiteral("findText"));
    m_field->setPlaceholderText(tr("Find in the answer"));
    m_field->setAccessibleName(tr("Find in the answer"));
    addClearButton(m_field);
    m_count->setObjectName(QStringLiteral("findCount"));
    m_previous->setObjectName(QStringLiteral("findPrevious"));
    m_previous->setArrowType(Qt::UpArrow);
    m_previous->setToolTip(
        tr("Previous match (%1)")
            .arg(QKeySequence(QKeySequence::FindPrevious).toString(QKeySequence::NativeText)));
    m_next->setObjectName(QStringLiteral("findNext"));
    m_next->setArrowType(Qt::DownArrow);
    m_next->setToolTip(
        tr("Next match (%1)")
            .arg(QKeySequence(QKeySequence::FindNext).toString(QKeySequence::NativeText)));
    auto *closeButton = new QToolButton(this);
    closeButton->setObjectName(QStringLiteral("findClose"));
    closeButton->setIcon(symbolicIcon(Symbol::Close));
    closeButton->setAutoRaise(true);
    closeButton->setToolTip(tr("Close (Esc)"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_field, 1);
    layout->addWidget(m_count);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(closeButton);

    connect(m_field, &QLineEdit::textChanged, this, &AnswerFindBar::search);
    connect(m_previous, &QToolButton::clicked, this, &AnswerFindBar::findPrevious);
    connect(m_next, &QToolButton::clicked, this, &AnswerFindBar::findNext);
    connect(closeButton, &QToolButton::clicked, this, &AnswerFindBar::close);
    hide();
}

void AnswerFindBar::setEditor(QPlainTextEdit *editor)
{
    if (editor == m_editor)
        return;
    if (m_editor) {
        m_editor->setExtraSelections({});
        disconnect(m_editor, nullptr, this, nullptr);
    }
    m_editor = editor;
    if (m_editor) {
        connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
            if (!isHidden())
                search();
        });
    }
    if (!isHidden())
        search();
}

void AnswerFindBar::open()
{
    show();
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
    search();
}

void AnswerFindBar::close()
{
    hide();
    m_matches.clear();
    m_current = -1;
    if (m_editor) {
        m_editor->setExtraSelections({});
        m_editor->setFocus(Qt::OtherFocusReason);
    }
}

void AnswerFindBar::setSearchText(const QString &text)
{
    m_field->setText(text);
}

void AnswerFindBar::findNext()
{
    step(1);
}

void AnswerFindBar::findPrevious()
{
    step(-1);
}

void AnswerFindBar::search()
{
    m_matches.clear();
    m_current = -1;
    const QString wanted = m_field->text();
    if (m_editor && !wanted.isEmpty()) {
        const QTextDocument *document = m_editor->document();
        QTextCursor match = document->find(wanted, 0);
        while (!match.isNull()) {
            m_matches.append(match);
            match = document->find(wanted, match);
        }
        // From where the reader is: the first match at or after the cursor.
        const int from = m_editor->textCursor().selectionStart();
        m_current = m_matches.isEmpty() ? -1 : 0;
        for (int i = 0; i < m_matches.size(); ++i) {
            if (m_matches.at(i).selectionStart() >= from) {
                m_current = i;
                break;
            }
        }
    }
    showMatches();
}

void AnswerFindBar::step(int delta)
{
    if (m_matches.isEmpty())
        return;
    const auto count = static_cast<int>(m_matches.size());
    m_current = (m_current + delta + count) % count; // wraps around at both ends
    showMatches();
}

void AnswerFindBar::showMatches()
{
    m_previous->setEnabled(m_matches.size() > 1);
    m_next->setEnabled(m_matches.size() > 1);
    if (m_field->text().isEmpty())
        m_count->clear();
    else if (m_matches.isEmpty())
        m_count->setText(tr("No match"));
    else
        m_count->setText(tr("%1 of %2").arg(m_current + 1).arg(m_matches.size()));
    m_field->setStyleSheet(!m_field->text().isEmpty() && m_matches.isEmpty()
                               ? QStringLiteral("QLineEdit { background: #ffebee; }")
                               : QString());
    if (!m_editor)
        return;
    QList<QTextEdit::ExtraSelection> selections;
    QTextCharFormat all;
    all.setBackground(QColor(0xff, 0xf1, 0x76));
    QTextCharFormat current;
    current.setBackground(QColor(0xff, 0x98, 0x00));
    for (int i = 0; i < m_matches.size() && i < kMaxHighlights; ++i)
        selections.append({m_matches.at(i), i == m_current ? current : all});
    if (m_current >= kMaxHighlights)
        selections.append({m_matches.at(m_current), current});
    m_editor->setExtraSelections(selections);
    if (m_current >= 0) {
        // Moves the view; the field keeps the focus so typing goes on.
        QTextCursor cursor = m_editor->textCursor();
        cursor.setPosition(m_matches.at(m_current).selectionStart());
        m_editor->setTextCursor(cursor);
        m_editor->ensureCursorVisible();
    }
}

} // namespace paybench::ui
