#include "FieldMessage.h"

#include "SymbolicIcon.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

namespace paybench {
namespace {

// Material red 700 and orange 800: legible on light and dark windows alike.
const QColor kErrorColor(0xd3, 0x2f, 0x2f);
const QColor kWarningColor(0xef, 0x6c, 0x00);

} // namespace

FieldMessage::FieldMessage(QWidget *parent)
    : QWidget(parent), m_icon(new QLabel(this)), m_text(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_icon->setAlignment(Qt::AlignTop);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    hide();
}

void FieldMessage::setFindings(const QVector<Finding> &findings)
{
    if (findings.isEmpty()) {
        clear();
        return;
    }
    QStringList lines;
    bool error = false;
    for (const Finding &finding : findings) {
        error = error || finding.severity == Severity::Error;
        lines.append(finding.message);
    }
    m_error = error;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap((error ? symbolicIcon(Symbol::Error, kErrorColor)
                             : symbolicIcon(Symbol::Warning, kWarningColor))
                          .pixmap(size, size));
    m_text->setText(lines.join(QLatin1Char('\n')));
    setAccessibleDescription(m_text->text());
    show();
}

void FieldMessage::setError(const QString &message)
{
    Finding finding;
    finding.message = message;
    setFindings({finding});
}

void FieldMessage::clear()
{
    m_error = false;
    m_text->clear();
    hide();
}

QString FieldMessage::text() const
{
    return m_text->text();
}

FieldMessage *FieldMessageRouter::messageFor(const QString &field) const
{
    if (FieldMessage *exact = m_fields.value(field))
        return exact;
    QString best;
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        if (field.startsWith(it.key() + QLatin1Char('.')) && it.key().size() > best.size())
            best = it.key();
    }
    return best.isEmpty() ? m_general : m_fields.value(best);
}

void FieldMessageRouter::show(const QVector<Finding> &findings)
{
    QHash<FieldMessage *, QVector<Finding>> routed;
    for (Finding finding : findings) {
        FieldMessage *message = messageFor(finding.field);
        if (!message)
            continue;
        // Under a prefix ("credentials"), say which part: "apiKey: is empty".
        if (!m_fields.contains(finding.field)) {
            QString part = finding.field;
            for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
                if (it.value() == message && finding.field.startsWith(it.key() + QLatin1Char('.')))
                    part = finding.field.mid(it.key().size() + 1);
            }
            if (!part.isEmpty())
                finding.message = part + QStringLiteral(": ") + finding.message;
        }
        routed[message].append(finding);
    }
    for (FieldMessage *message : m_fields)
        message->setFindings(routed.value(message));
    if (m_general)
        m_general->setFindings(routed.value(m_general));
}

} // namespace paybench
