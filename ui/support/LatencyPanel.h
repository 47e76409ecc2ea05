#pragma once

#include "LatencyRunner.h"
#include "ProviderPanel.h"

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QLineSeries;
class QPushButton;
class QScatterSeries;
class QSpinBox;

namespace paybench::ui {

// Repeats one call of the provider N times (sequentially or concurrently) and plots the latency
// over time and as a histogram, with min, median, p95, p99, max; errors are counted and drawn
// apart, never as latencies. Run stays off, with the reason beside it, while the chosen call
// cannot be made (no provider, no payment id for a call that needs one). Exports PNG and CSV.
class LatencyPanel final : public ProviderPanel
{
    Q_OBJECT
public:
    explicit LatencyPanel(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(LatencyPanel)

    void setFunction(PaymentFunction function);
    void setCount(int count);
    void setConcurrency(int concurrency);
    void setPaymentId(const QString &paymentId);
    void startRun();
    [[nodiscard]] const support::LatencyReport &lastReport() const { return m_report; }
    bool exportCsv(const QString &path, QString *error) const;
    bool exportPng(const QString &path, QString *error) const;

signals:
    void runFinished(const paybench::support::LatencyReport &report);

protected:
    void providerChanged() override;

private:
    void showReport(const support::LatencyReport &report);
    void showHistogram(const support::LatencyReport &report);
    void addSample(const support::LatencySample &sample);
    // Run on or off, and why not, from the provider, the function and the payment id.
    void updateRunState();

    support::LatencyRunner *m_runner;
    support::LatencyReport m_report;
    QComboBox *m_function;
    QSpinBox *m_count;
    QSpinBox *m_concurrency;
    QLineEdit *m_paymentId;
    QPushButton *m_run;
    QLabel *m_runBlocked;
    QPushButton *m_cancel;
    QPushButton *m_exportCsv;
    QPushButton *m_exportPng;
    QLabel *m_stats;
    QLineSeries *m_overTime;
    QScatterSeries *m_errors; // drawn apart: an error is not a latency
    QChart *m_timeChart;
    QChart *m_histogramChart;
    QChartView *m_timeView;
    QChartView *m_histogramView;
    QWidget *m_charts;
};

} // namespace paybench::ui
