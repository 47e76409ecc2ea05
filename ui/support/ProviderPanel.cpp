#include "ProviderPanel.h"

namespace paybench::ui {

ProviderPanel::ProviderPanel(QWidget *parent) : QWidget(parent)
{}

void ProviderPanel::setWorkspace(const Workspace *workspace)
{
    m_workspace = workspace;
    if (!m_workspace || !m_workspace->provider(m_providerCode))
        m_providerCode.clear();
    providerChanged();
}

void ProviderPanel::setProvider(const QString &code)
{
    m_providerCode = code;
    providerChanged();
}

const ProviderInstance *ProviderPanel::providerInstance() const
{
    return m_workspace ? m_workspace->provider(m_providerCode) : nullptr;
}

const Platform *ProviderPanel::platform() const
{
    const ProviderInstance *instance = providerInstance();
    return instance ? m_workspace->platform(instance->platform) : nullptr;
}

void ProviderPanel::withCallTarget(const support::CallTargetReady &done)
{
    if (!m_workspace) {
        done(std::nullopt, tr("No workspace is open."));
        return;
    }
    m_resolver.resolve(*m_workspace, m_providerCode, this, done);
}

} // namespace paybench::ui
