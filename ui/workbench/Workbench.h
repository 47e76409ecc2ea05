#pragma once

#include <QObject>

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
class Workbench final : public QObject
{
    Q_OBJECT
public:
    explicit Workbench(MainWindow *window, QObject *parent = nullptr);
    ~Workbench() override;
    Q_DISABLE_COPY_MOVE(Workbench)

    // Starts the demo gateway on the sample's port, or on any free port when that one is taken.
    void startDemoGateway();

private:
    MainWindow *m_window;
    std::unique_ptr<client::CallHistory> m_history;
    gateway::DemoGateway *m_gateway;
};

} // namespace paybench
