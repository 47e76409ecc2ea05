#pragma once

#include "CredentialResolver.h"
#include "LazyPanelPage.h"

#include <QObject>
#include <QVector>

#include <functional>
#include <memory>

namespace paybench {
class MainWindow;
namespace client {
class CallHistory;
}
namespace gateway {
class DemoGateway;
}

// Puts the panels of the other ui libraries into the main window and keeps them on the
// document's workspace and the selected provider. It also runs the embedded demo gateway the
// sample workspace points at, so the app works offline from the first start.
//
// Start-up builds only the first screen: each panel is made when its tab is first shown (or
// when panel<T>() asks for it), and the call history is opened by the first panel that records
// or reads calls.
class Workbench final : public QObject
{
    Q_OBJECT
public:
    explicit Workbench(MainWindow *window, QObject *parent = nullptr);
    ~Workbench() override;
    Q_DISABLE_COPY_MOVE(Workbench)

    // Starts the demo gateway on the sample's port, or on any free port when that one is taken.
    void startDemoGateway();

    // The panel of class T (ui::CallPanel, ui::LatencyPanel, ...), made now if its tab was
    // never shown.
    template <typename T>
    T *panel()
    {
        return static_cast<T *>(page(T::staticMetaObject)->panel());
    }
    // Whether the panel of class T was made.
    template <typename T>
    [[nodiscard]] bool hasPanel() const
    {
        return page(T::staticMetaObject)->hasPanel();
    }
    // Brings the tab of the panel of class T to the front (making the panel) and returns it.
    template <typename T>
    T *showPanel()
    {
        return static_cast<T *>(showPage(page(T::staticMetaObject)));
    }

private:
    template <typename T>
    void addPanel(const QString &title, std::function<T *()> create);
    [[nodiscard]] LazyPanelPage *page(const QMetaObject &type) const;
    QWidget *showPage(LazyPanelPage *page);
    // Keeps panel on the document's workspace and the selected provider from now on.
    template <typename T>
    void follow(T *panel);
    void followSelection();
    // The call history, opened on first use; null when it cannot be opened (said once).
    client::CallHistory *history();
    // A stored call: its provider selected in the tree and the call in the Test call tab.
    void goToCall(const QByteArray &report, bool sendAgain);
    void pointPlatformAt(const QString &baseUrl);

    MainWindow *m_window;
    std::unique_ptr<client::CallHistory> m_history;
    bool m_historyTried = false;
    gateway::DemoGateway *m_gateway;
    support::CredentialResolver m_resolver;
    QVector<LazyPanelPage *> m_pages;
    QVector<std::function<void()>> m_followers; // one per panel made
};

} // namespace paybench
