#pragma once

#include "ItemEditor.h"
#include "PaymentFunction.h"

#include <array>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;

namespace paybench {

struct Platform;

// A platform: its name, the six function targets (with the base-URL helper that fills the six
// conventional paths) and an optional CA certificate file for its https:// targets.
class PlatformEditor final : public ItemEditor
{
    Q_OBJECT
public:
    explicit PlatformEditor(WorkspaceDocument *document, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(PlatformEditor)

signals:
    void addProviderRequested();

protected:
    void load() override;
    [[nodiscard]] QVector<Finding> validate() const override;
    void otherItemsChanged() override;

private:
    void edit(const QString &field, const std::function<void(Platform &)> &change);
    void applyBaseUrl();
    void chooseCaCertificate();
    // A line edit with a button beside it, as one form row; returns the button.
    QPushButton *addRowWithButton(QFormLayout *form, const QString &label, QLineEdit *field,
                                  const QString &name, const QString &buttonText,
                                  const QString &buttonName);
    void showProviderCount();

    QLineEdit *m_name;
    QLineEdit *m_baseUrl;
    QString m_loadedItem; // the platform the fields were last filled from
    QLabel *m_providers;
    std::array<QLineEdit *, 6> m_targets{};
    QLineEdit *m_caCertificate;
};

} // namespace paybench
