#include "Workbench.h"

#include "CallHistory.h"
#include "CallPanel.h"
#include "ConformancePanel.h"
#include "CredentialResolver.h"
#include "DemoGateway.h"
#include "DiagnosisPanel.h"
#include "GatewayPanel.h"
#include "GatewaySettings.h"
#include "HistoryView.h"
#include "LatencyPanel.h"
#include "MainWindow.h"
#include "OpenfrontController.h"
#include "ProbePanel.h"
#include "SampleWorkspace.h"
#include "WebhookLabPanel.h"
#include "WorkspaceDocument.h"

#include <QStatusBar>

namespace paybench {
Workbench::Workbench(MainWindow *window, QObject *parent)
    : QObject(parent), m_window(window), m_history(std::make_unique<client::CallHistory>()),
      m_gateway(new gateway::DemoGateway(this))
{
    QString error;
    if (!m_history->open(&error))
        m_window->statusBar()->showMessage(tr("Call history is off: %1").arg(error));
    client::CallHistory *history = m_history->isOpen() ? m_history.get() : nullptr;
    WorkspaceDocument *document = m_window->document();
    const Workspace *workspace = &document->workspace();

    // One resolver for every panel: the document's secret store (made and read on first use,
    // never at start-up) and the process environment for ${env:NAME}.
    const support::CredentialResolver resolver(
        [document](const support::SecretStoreReady &ready) { document->withSecretStore(ready); },
        processEnvironment());

    auto *calls = new ui::CallPanel;
    calls->setHistory(history);
    calls->setCredentialResolver(resolver);
    auto *historyView = new ui::HistoryView;
    historyView->setHistory(history);
    connect(historyView, &ui::HistoryView::reopenRequested, calls, &ui::CallPanel::reopen);
    connect(historyView, &ui::HistoryView::resendRequested, calls, &ui::CallPanel::resend);
    auto *checks = new ui::ConformancePanel;
    checks->setHistory(history);
    checks->setTargetResolver(
        [resolver](const Workspace &current, const QString &code, QString *why) {
            return resolver.resolveBlocking(current, code, why);
        });
    auto *webhooks = new ui::WebhookLabPanel;
    webhooks->setGateway(m_gateway);
    auto *diagnosis = new ui::DiagnosisPanel;
    auto *probe = new ui::ProbePanel;
    auto *latency = new ui::LatencyPanel;
    const QList<ui::ProviderPanel *> supportPanels{webhooks, diagnosis, probe, latency};
    for (ui::ProviderPanel *panel : supportPanels) {
        panel->setHistory(history);
        panel->setCredentialResolver(resolver);
    }
    auto *gatewayPanel = new ui::GatewayPanel(m_gateway);

    m_window->addWorkbenchPanel(calls, tr("Test call"));
    m_window->addWorkbenchPanel(checks, tr("Checks"));
    m_window->addWorkbenchPanel(historyView, tr("History"));
    m_window->addWorkbenchPanel(webhooks, tr("Webhook lab"));
    m_window->addWorkbenchPanel(diagnosis, tr("Diagnosis"));
    m_window->addWorkbenchPanel(probe, tr("Probe"));
    m_window->addWorkbenchPanel(latency, tr("Latency"));
    m_window->addWorkbenchPanel(gatewayPanel, tr("Demo gateway"));
    new ui::OpenfrontController(m_window, processEnvironment()); // the Openfront menu

    // The panels read the document's workspace in place; a new one (New, Open) makes them
    // re-read it. Loaded secrets do not: a call resolves its credentials when it is made, and
    // the body being edited stays as it is.
    auto refresh = [=] {
        calls->setWorkspace(workspace);
        checks->setWorkspace(workspace);
        for (ui::ProviderPanel *panel : supportPanels)
            panel->setWorkspace(workspace);
        const QString code = m_window->currentProviderCode();
        calls->setProvider(code);
        checks->setProvider(code);
        for (ui::ProviderPanel *panel : supportPanels)
            panel->setProvider(code);
    };
    refresh();
    connect(document, &WorkspaceDocument::workspaceReplaced, this, refresh);
    connect(m_window, &MainWindow::currentSelectionChanged, this, refresh);

    connect(gatewayPanel, &ui::GatewayPanel::pointPlatformRequested, this,
            [this, document](const QString &baseUrl) {
                const QString name = m_window->currentPlatformName();
                const Platform *current = document->workspace().platform(name);
                if (!current) {
                    m_window->statusBar()->showMessage(
                        tr("Select a platform (or one of its providers) to point it at the demo "
                           "gateway."),
                        8000);
                    return;
                }
                Platform changed = *current;
                changed.setBaseUrl(baseUrl);
                QString updateError;
                if (document->updatePlatform(name, changed, {}, &updateError))
                    m_window->statusBar()->showMessage(
                        tr("Platform \"%1\" now calls %2").arg(name, baseUrl), 8000);
                else
                    m_window->statusBar()->showMessage(updateError, 8000);
            });
}

Workbench::~Workbench() = default;

void Workbench::startDemoGateway()
{
    gateway::GatewayConfig config;
    config.port = kDemoGatewayPort;
    config.apiKey = QString::fromLatin1(kDemoGatewayApiKey);
    config.webhookSecret = QString::fromLatin1(kDemoGatewayWebhookSecret);
    // What the Demo gateway tab's last Start kept, over the sample's settings.
    QString settingsError;
    config = gateway::GatewaySettings().load(config, &settingsError).value_or(config);
    const QString note = settingsError.isEmpty()
                             ? QString()
                             : tr(" (saved settings ignored: %1)").arg(settingsError);
    m_gateway->setConfig(config);
    QString error;
    if (m_gateway->start(&error) != 0) {
        m_window->statusBar()->showMessage(
            tr("Demo gateway listening on %1").arg(m_gateway->baseUrl().toString()) + note);
        return;
    }
    // Another program (or a second Paybench) holds the port: take any free one and say so,
    // since the sample platform's URLs then need pointing at it.
    const quint16 wanted = config.port;
    config.port = 0;
    m_gateway->setConfig(config);
    if (m_gateway->start(&error) != 0) {
        config.port = m_gateway->port(); // so Stop then Start keeps it
        m_gateway->setConfig(config);
        m_window->statusBar()->showMessage(
            tr("Port %1 is taken; the demo gateway listens on %2 (Demo gateway tab: point a "
               "platform at it)")
                .arg(wanted)
                .arg(m_gateway->baseUrl().toString()) +
            note);
    } else {
        m_window->statusBar()->showMessage(tr("The demo gateway did not start: %1").arg(error) +
                                           note);
    }
}

} // namespace paybench
