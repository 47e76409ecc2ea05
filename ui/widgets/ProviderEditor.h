#pragma once

#include "ItemEditor.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace paybench {

class CredentialsModel;
struct ProviderInstance;

// A provider instance: name, code, platform, environment, installed, credentials (secrets
// masked, revealed or copied on request), regions picked from the workspace, metadata JSON.
class ProviderEditor final : public ItemEditor
{
    Q_OBJECT
public:
    explicit ProviderEditor(WorkspaceDocument *document, QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ProviderEditor)

    [[nodiscard]] CredentialsModel *credentialsModel() const { return m_credentials; }
    [[nodiscard]] QTableView *credentialsView() const { return m_credentialsView; }
    // The credential table's current row: reveal or hide it, copy it (never shown).
    void setCurrentRevealed(bool revealed);
    void copyCurrentValue();

signals:
    // A short note for the status bar ("apiKey copied").
    void statusMessage(const QString &message);

protected:
    void load() override;
    [[nodiscard]] QVector<Finding> validate() const override;
    void otherItemsChanged() override;

private:
    bool edit(const QString &field, const std::function<void(ProviderInstance &)> &change);
    void fillPlatforms();
    void fillRegions();
    void onSecretsLoaded(const QString &code, const QStringList &errors);
    void updateCredentialButtons();
    void addCredential();
    void removeCredential();
    void onMetadataEdited();
    [[nodiscard]] QString metadataError() const;

    QLineEdit *m_name;
    QLineEdit *m_code;
    QComboBox *m_platform;
    QComboBox *m_environment;
    QCheckBox *m_installed;
    CredentialsModel *m_credentials;
    QTableView *m_credentialsView;
    QPushButton *m_reveal;
    QPushButton *m_copy;
    QPushButton *m_removeCredential;
    QListWidget *m_regions;
    QPlainTextEdit *m_metadata;
    QString m_pendingCopy; // credential key to copy once its secret is loaded
};

} // namespace paybench
