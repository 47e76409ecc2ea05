#pragma once

#include "CallTarget.h"
#include "CredentialResolver.h"
#include "Workspace.h"

#include <QWidget>

namespace paybench::client {
class CallHistory;
}

namespace paybench::ui {

// What every support panel needs to know: the workspace, the chosen provider, where secrets and
// history live. Panels react in providerChanged(); they never touch the secret store directly
// but go through app/support's CredentialResolver, the one the CLI uses too.
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
    void setHistory(client::CallHistory *history) { m_history = history; }
    // Default: no secret store, the process environment.
    void setCredentialResolver(const support::CredentialResolver &resolver)
    {
        m_resolver = resolver;
    }

protected:
    virtual void providerChanged() {}
    [[nodiscard]] const Workspace *workspace() const { return m_workspace; }
    [[nodiscard]] const ProviderInstance *providerInstance() const;
    [[nodiscard]] const Platform *platform() const;
    [[nodiscard]] client::CallHistory *history() const { return m_history; }
    [[nodiscard]] const support::CredentialResolver &credentialResolver() const
    {
        return m_resolver;
    }
    // The provider as a CallTarget with its secrets (read from the store now if they are not
    // loaded); done is not called once the panel is gone.
    void withCallTarget(const support::CallTargetReady &done);

private:
    const Workspace *m_workspace = nullptr;
    QString m_providerCode;
    client::CallHistory *m_history = nullptr;
    support::CredentialResolver m_resolver;
};

} // namespace paybench::ui
