#pragma once

#include "ItemEditor.h"

class QComboBox;
class QLineEdit;

namespace paybench {

struct Region;

// A region: code, name, currency from the ISO 4217 list (with its minor units) and countries.
class RegionEditor final : public ItemEditor
{
    Q_OBJECT
public:
    explicit RegionEditor(WorkspaceDocument *document, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(RegionEditor)

protected:
    void load() override;
    [[nodiscard]] QVector<Finding> validate() const override;

private:
    void edit(const QString &field, const std::function<void(Region &)> &change);

    QLineEdit *m_code;
    QLineEdit *m_name;
    QComboBox *m_currency;
    QLineEdit *m_countries;
};

} // namespace paybench
