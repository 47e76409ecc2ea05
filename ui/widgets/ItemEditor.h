#pragma once

#include "FieldMessage.h"
#include "Validation.h"

#include <QWidget>

#include <functional>
#include <optional>

class QFormLayout;
class QLineEdit;

namespace paybench {

class WorkspaceDocument;

// What the platform, provider and region editors share: the item being edited (by key), edits
// sent to the document as undoable commands, reloading when the document changes the item
// (undo, redo, rename), and validation messages next to the fields.
class ItemEditor : public QWidget
{
    Q_OBJECT
public:
    ~ItemEditor() override = default;
    Q_DISABLE_COPY_MOVE(ItemEditor)

    // Shows the item; an empty key shows nothing.
    void setItem(const QString &key);
    [[nodiscard]] QString item() const { return m_key; }
    [[nodiscard]] ItemKind kind() const { return m_kind; }
    // The message under a field, for tests and accessibility.
    [[nodiscard]] QString messageText(const QString &field) const;
    // The first error this editor shows (an invalid URL, metadata that is not JSON), if any. A
    // save is refused while there is one, so nothing invalid is written and nothing typed is lost.
    [[nodiscard]] std::optional<Finding> firstError() const;
    // Puts the keyboard focus into the field of that name (as given to addRow).
    void focusField(const QString &field);

protected:
    ItemEditor(ItemKind kind, WorkspaceDocument *document, QWidget *parent);

    // Fills the fields from the document; called with a valid item.
    virtual void load() = 0;
    [[nodiscard]] virtual QVector<Finding> validate() const = 0;
    // Another kind of item changed (the provider editor lists platforms and regions).
    virtual void otherItemsChanged() {}

    // A form row: the field with its message below it.
    void addRow(QFormLayout *form, const QString &label, QWidget *field, const QString &name);
    // Sends one edit; a refused edit (duplicate key...) shows its reason under the field.
    bool commit(const QString &field, const std::function<bool(QString *error)> &edit);
    void revalidate();
    void showError(const QString &field, const QString &message);
    // Findings of no particular field; the subclass puts it at the top of its form.
    [[nodiscard]] FieldMessage *generalMessage() const { return m_general; }
    static void setText(QLineEdit *edit, const QString &text); // keeps the cursor if unchanged

    WorkspaceDocument *const m_document;

private:
    void onItemChanged(ItemKind kind, const QString &key, const QString &previousKey);
    void reload();

    const ItemKind m_kind;
    QString m_key;
    bool m_applying = false;
    FieldMessageRouter m_router;
    QHash<QString, QWidget *> m_fields; // by name, as given to addRow
    FieldMessage *m_general;
};

} // namespace paybench
