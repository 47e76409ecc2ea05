#include "ItemEditor.h"

#include "WorkspaceDocument.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QVBoxLayout>

namespace paybench {

ItemEditor::ItemEditor(ItemKind kind, WorkspaceDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_kind(kind), m_general(new FieldMessage(this))
{
    m_router.setGeneral(m_general);
    m_general->setObjectName(QStringLiteral("message:general"));
    connect(document, &WorkspaceDocument::itemChanged, this, &ItemEditor::onItemChanged);
    connect(document, &WorkspaceDocument::itemAdded, this, [this](ItemKind changed) {
        if (changed != m_kind)
            otherItemsChanged();
        revalidate();
    });
    connect(document, &WorkspaceDocument::itemRemoved, this,
            [this](ItemKind changed, const QString &key) {
                if (changed == m_kind && key == m_key)
                    setItem(QString());
                else if (changed != m_kind)
                    otherItemsChanged();
                revalidate();
            });
    connect(document, &WorkspaceDocument::workspaceReplaced, this, [this] {
        otherItemsChanged();
        reload();
    });
}

void ItemEditor::setItem(const QString &key)
{
    m_key = key;
    reload();
}

void ItemEditor::reload()
{
    const Workspace &workspace = m_document->workspace();
    const bool exists =
        !m_key.isEmpty() && ((m_kind == ItemKind::Platform && workspace.platform(m_key)) ||
                             (m_kind == ItemKind::Provider && workspace.provider(m_key)) ||
                             (m_kind == ItemKind::Region && workspace.region(m_key)));
    if (!exists) {
        m_key.clear();
        setEnabled(false);
        return;
    }
    setEnabled(true);
    load();
    revalidate();
}

void ItemEditor::onItemChanged(ItemKind kind, const QString &key, const QString &previousKey)
{
    if (kind != m_kind) {
        otherItemsChanged();
        revalidate();
        return;
    }
    if (previousKey == m_key) {
        m_key = key;
        if (!m_applying) {
            reload();
            return;
        }
    }
    revalidate(); // another item may clash with this one
}

QString ItemEditor::messageText(const QString &field) const
{
    const FieldMessage *message = m_router.messageFor(field);
    return message && !message->isHidden() ? message->text() : QString();
}

std::optional<Finding> ItemEditor::firstError() const
{
    if (m_key.isEmpty())
        return std::nullopt;
    for (const Finding &finding : validate()) {
        if (finding.severity == Severity::Error)
            return finding;
    }
    // A field the editor refused to apply (a base URL that is not one) shows its own error.
    for (auto it = m_fields.cbegin(); it != m_fields.cend(); ++it) {
        const FieldMessage *message = m_router.messageFor(it.key());
        if (message && !message->isHidden() && message->isError())
            return Finding{Severity::Error, m_kind, m_key, it.key(), message->text()};
    }
    return std::nullopt;
}

void ItemEditor::focusField(const QString &field)
{
    if (QWidget *widget = m_fields.value(field))
        widget->setFocus(Qt::OtherFocusReason);
}

void ItemEditor::addRow(QFormLayout *form, const QString &label, QWidget *field,
                        const QString &name)
{
    auto *cell = new QWidget(this);
    auto *layout = new QVBoxLayout(cell);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    auto *message = new FieldMessage(cell);
    message->setObjectName(QStringLiteral("message:") + name);
    layout->addWidget(message);
    m_router.add(name, message);
    m_fields.insert(name, field);
    form->addRow(label, cell);
}

bool ItemEditor::commit(const QString &field, const std::function<bool(QString *)> &edit)
{
    if (m_key.isEmpty())
        return false;
    QString error;
    m_applying = true;
    const bool ok = edit(&error);
    m_applying = false;
    revalidate();
    if (!ok)
        showError(field, error);
    return ok;
}

void ItemEditor::showError(const QString &field, const QString &message)
{
    if (FieldMessage *fieldMessage = m_router.messageFor(field))
        fieldMessage->setError(message);
}

void ItemEditor::revalidate()
{
    if (!m_key.isEmpty())
        m_router.show(validate());
}

void ItemEditor::setText(QLineEdit *edit, const QString &text)
{
    if (edit->text() != text)
        edit->setText(text);
}

} // namespace paybench
