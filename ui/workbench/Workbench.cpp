#include "Workbench.h"

#include "CallHistory.h"
#include "CallPanel.h"
#include "CallReport.h"
#include "ConformancePanel.h"
#include "DemoGateway.h"
#include "DiagnosisPanel.h"
#include "GatewayPanel.h"
#include "GatewaySettings.h"
#include "HelpMenu.h"
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

template <typename T>
void Workbench::addPanel(const QString &title, std::function<T *()> create)
{
    auto *page = new LazyPanelPage(T::staticMetaObject, std::move(create));
    m_pages.append(page);
    m_window->addWorkbenchPanel(page, title);
}

template <typename T>
void Workbench::follow(T *panel)
{
    const Workspace *workspace = &m_window->document()->workspace();
    std::function<void()> update = [this, panel, workspace] {
        panel->setWorkspace(workspace);
        panel->setProvider(m_window->currentProviderCode());
    };
    update();
    m_followers.append(std::move(update));
}

Workbench::Workbench(MainWindow *window, QObject *parent)
    : QObject(parent), m_window(window), m_history(std::make_unique<client::CallHistory>()),
      m_gateway(new gateway::DemoGateway(this)),
      // One resolver for every panel: the document's secret store (made and read on first use,
      // never at start-up) and the process environment for ${env:NAME}.
      m_resolver([document = window->document()](
                     const support::SecretStoreReady &ready) { document->withSecretStore(ready); },
                 processEnvironment())
{
    WorkspaceDocument *document = m_window->document();
    addPanel<ui::CallPanel>(tr("Test call"), [this, document] {
        auto *calls = new ui::CallPanel;
        calls->setHistory(history());
        calls->setCredentialResolver(m_resolver);
        follow(calls);
        // The request bar shows the URL of the platform as it is edited.
        connect(document, &WorkspaceDocument::itemChanged, calls, &ui::CallPanel::updateRequestBar);
        return calls;
    });
    addPanel<ui::ConformancePanel>(tr("Checks"), [this] {
        auto *checks = new ui::ConformancePanel;
        checks->setHistory(history());
        checks->setTargetResolver(
            [resolver = m_resolver](const Workspace &current, const QString &code, QString *why) {
                return resolver.resolveBlocking(current, code, why);
            });
        follow(checks);
        return checks;
    });
    addPanel<ui::HistoryView>(tr("History"), [this] {
        auto *historyView = new ui::HistoryView;
        historyView->setHistory(history());
        connect(historyView, &ui::HistoryView::reopenRequested, this,
                [this](const QByteArray &report) { goToCall(report, false); });
        connect(historyView, &ui::HistoryView::resendRequested, this,
                [this](const QByteArray &report) { goToCall(report, true); });
        return historyView;
    });
    // The support panels: each its own history, resolver, workspace and provider.
    auto supportPanel = [this](auto *panel) {
        panel->setHistory(history());
        panel->setCredentialResolver(m_resolver);
        follow(panel);
        return panel;
    };
    addPanel<ui::WebhookLabPanel>(tr("Webhook lab"), [this, supportPanel] {
        auto *webhooks = new ui::WebhookLabPanel;
        webhooks->setGateway(m_gateway);
        return supportPanel(webhooks);
    });
    addPanel<ui::DiagnosisPanel>(tr("Diagnosis"),
                                 [supportPanel] { return supportPanel(new ui::DiagnosisPanel); });
    addPanel<ui::ProbePanel>(tr("Probe"),
                             [supportPanel] { return supportPanel(new ui::ProbePanel); });
    // Made on first show, so Qt Charts is not touched before Latency is opened.
    addPanel<ui::LatencyPanel>(tr("Latency"),
                               [supportPanel] { return supportPanel(new ui::LatencyPanel); });
    addPanel<ui::GatewayPanel>(tr("Demo gateway"), [this] {
        auto *gatewayPanel = new ui::GatewayPanel(m_gateway);
        connect(gatewayPanel, &ui::GatewayPanel::pointPlatformRequested, this,
                &Workbench::pointPlatformAt);
        return gatewayPanel;
    });
    new ui::OpenfrontController(m_window, processEnvironment()); // the Openfront menu
    m_window->addShortcutHelp(tr("Test call"), ui::CallPanel::keyboardShortcuts());
    addHelpTopics(m_window);

    // The panels read the document's workspace in place; a new one (New, Open) makes them
    // re-read it. Loaded secrets do not: a call resolves its credentials when it is made, and
    // the body being edited stays as it is.
    connect(document, &WorkspaceDocument::workspaceReplaced, this, &Workbench::followSelection);
    connect(m_window, &MainWindow::currentSelectionChanged, this, &Workbench::followSelection);
}

Workbench::~Workbench() = default;

LazyPanelPage *Workbench::page(const QMetaObject &type) const
{
    for (LazyPanelPage *candidate : m_pages) {
        if (&candidate->panelType() == &type)
            return candidate;
    }
    qFatal("Workbench: no panel of class %s", type.className());
}

QWidget *Workbench::showPage(LazyPanelPage *page)
{
    QWidget *panel = page->panel();
    m_window->showWorkbenchPanel(page);
    return panel;
}

void Workbench::followSelection()
{
    for (const std::function<void()> &update : std::as_const(m_followers))
        update();
}

client::CallHistory *Workbench::history()
{
    if (!m_historyTried) {
        m_historyTried = true;
        QString error;
        if (!m_history->open(&error))
            m_window->statusBar()->showMessage(tr("Call history is off: %1").arg(error));
    }
    return m_history->isOpen() ? m_history.get() : nullptr;
}

void Workbench::goToCall(const QByteArray &report, bool sendAgain)
{
    // The tree, the editor and Test call all show the call's provider (when it still exists).
    const QString code = contract::reportProviderCode(report);
    if (m_window->document()->workspace().provider(code))
        m_window->selectItem(ItemKind::Provider, code);
    auto *calls = showPanel<ui::CallPanel>();
    if (sendAgain)
        calls->resend(report);
    else
        calls->reopen(report);
}

void Workbench::pointPlatformAt(const QString &baseUrl)
{
    WorkspaceDocument *document = m_window->document();
    const QString name = m_window->currentPlatformName();
    const Platform *current = document->workspace().platform(name);
    if (!current) {
        m_window->statusBar()->showMessage(
            tr("Select a platform (or one of its providers) to point it at the demo gateway."),
            8000);
        return;
    }
    Platform changed = *current;
    changed.setBaseUrl(baseUrl);
    QString updateError;
    if (document->updatePlatform(name, changed, {}, &updateError))
        m_window->statusBar()->showMessage(tr("Platform \"%1\" now calls %2").arg(name, baseUrl),
                                           8000);
    else
        m_window->statusBar()->showMessage(updateError, 8000);
}

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
