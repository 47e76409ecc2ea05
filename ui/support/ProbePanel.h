#pragma once

#include "ConnectivityProbe.h"
#include "ProviderPanel.h"

class QLabel;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace paybench::ui {

// Probes every function URL of the provider's platform (DNS, TCP, TLS, GET, POST) and shows a
// table with a verdict per step.
class ProbePanel final : public ProviderPanel
{
    Q_OBJECT
public:
    explicit ProbePanel(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ProbePanel)

    void startProbe();
    [[nodiscard]] const support::ProbeReport &lastReport() const { return m_report; }

signals:
    void probeFinished(const paybench::support::ProbeReport &report);

protected:
    void providerChanged() override;

private:
    void showTarget(const support::ProbeTarget &target);

    support::ConnectivityProbe *m_probe;
    support::ProbeReport m_report;
    QLabel *m_summary;
    QSpinBox *m_timeout;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QTreeWidget *m_tree;
};

} // namespace paybench::ui
