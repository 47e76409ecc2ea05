#pragma once

#include "Validation.h"

#include <QWidget>

class QLabel;

namespace paybench {

// The validation message shown right below the field at fault: an icon from the style (no
// hard-coded colour, so it follows the theme) and the findings' text. Hidden when all is well.
class FieldMessage final : public QWidget
{
    Q_OBJECT
public:
    explicit FieldMessage(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(FieldMessage)

    void setFindings(const QVector<Finding> &findings);
    // A message from the editor itself (e.g. "not valid JSON"), shown as an error.
    void setError(const QString &message);
    void clear();
    [[nodiscard]] QString text() const;
    [[nodiscard]] bool isError() const { return m_error; } // an error rather than a warning

private:
    QLabel *m_icon;
    QLabel *m_text;
    bool m_error = false;
};

// Routes findings to the FieldMessage of their field: an exact match, else the longest
// registered prefix ("credentials" takes "credentials.apiKey"), else the general message.
class FieldMessageRouter final
{
public:
    void add(const QString &field, FieldMessage *message) { m_fields.insert(field, message); }
    void setGeneral(FieldMessage *message) { m_general = message; }
    void show(const QVector<Finding> &findings);
    [[nodiscard]] FieldMessage *messageFor(const QString &field) const;

private:
    QHash<QString, FieldMessage *> m_fields;
    FieldMessage *m_general = nullptr;
};

} // namespace paybench
