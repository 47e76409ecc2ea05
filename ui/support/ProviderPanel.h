#pragma once

#include "CallTarget.h"
#include "CallTargetLoader.h"
#include "CredentialReference.h"
#include "Workspace.h"

#include <QPointer>
#include <QWidget>

namespace paybench {
class SecretStore;
namespace client {
class CallHistory;
}
} // namespace paybench

namespace paybench::ui {

// What every support panel needs to know: the workspace, the chosen provider, where secrets and
// history live. Panels react in providerChanged(); they never touch the secret store directly
// but go through app/support's loadCallTarget().
class ProviderPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProviderPanel(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ProviderPanel)

    // The workspace must outlive the panel or be replaced first; nullptr clears the panel.
    void setWorkspace(const Workspace *workspace);
    void setProvider(const QString &code);
    [[nodiscard]] QString provider() const { return m_providerCode; }
    void setSecretStore(SecretStore *store) { m_store = store; }
    void setHistory(client::CallHistory *history) { m_history = history; }
    void setEnvironmentLookup(EnvironmentLookup lookup) { m_lookup = std::move(lookup); }

protected:
    virtual void providerChanged() {}
    [[nodiscard]] const Workspace *workspace() const { return m_workspace; }
    [[nodiscard]] const ProviderInstance *providerInstance() const;
    [[nodiscard]] const Platform *platform() const;
    [[nodiscard]] client::CallHistory *history() const { return m_history; }
    [[nodiscard]] SecretStore *secretStore() const { return m_store; }
    [[nodiscard]] const EnvironmentLookup &environmentLookup() const { return m_lookup; }
    // The provider as a CallTarget with its secrets; done is not called once the panel is gone.
    void withCallTarget(const support::CallTargetReady &done);

private:
    const Workspace *m_workspace = nullptr;
    QString m_providerCode;
    QPointer<SecretStore> m_store;
    client::CallHistory *m_history = nullptr;
    EnvironmentLookup m_lookup = processEnvironment();
};

} // namespace paybench::ui
