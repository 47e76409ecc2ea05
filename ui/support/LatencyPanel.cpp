#include "LatencyPanel.h"

#include "SafeFileWriter.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QBuffer>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QValueAxis>

namespace paybench::ui {

namespace {
constexpr int kHistogramBins = 12;
}

LatencyPanel::LatencyPanel(QWidget *parent)
    : ProviderPanel(parent), m_runner(new support::LatencyRunner(this)),
      m_function(new QComboBox(this)), m_count(new QSpinBox(this)),
      m_concurrency(new QSpinBox(this)), m_paymentId(new QLineEdit(this)),
      m_run(new QPushButton(tr("Run"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_exportCsv(new QPushButton(tr("Export CSV..."), this)),
      m_exportPng(new QPushButton(tr("Export PNG..."), this)), m_stats(new QLabel(this)),
      m_overTime(new QLineSeries), m_timeChart(new QChart), m_histogramChart(new QChart),
      m_timeView(new QChartView(m_timeChart, this)),
      m_histogramView(new QChartView(m_histogramChart, this)), m_charts(new QWidget(this))
{
    for (const PaymentFunction function : kAllPaymentFunctions)
        m_function->addItem(functionSlug(function), int(function));
    m_function->setCurrentIndex(int(PaymentFunction::GetPaymentStatus));
    m_count->setRange(1, support::LatencyRunner::kMaxCount);
    m_count->setValue(50);
    m_concurrency->setRange(1, support::LatencyRunner::kMaxConcurrency);
    m_concurrency->setValue(1);
    m_paymentId->setPlaceholderText(tr("payment id (status, link, capture, refund)"));
    m_cancel->setEnabled(false);
    m_exportCsv->setEnabled(false);
    m_exportPng->setEnabled(false);
    m_stats->setTextFormat(Qt::RichText);

    m_timeChart->setTitle(tr("Latency over the run"));
    m_timeChart->addSeries(m_overTime);
    m_timeChart->legend()->hide();
    m_overTime->setPointsVisible(true);
    auto *x = new QValueAxis;
    x->setTitleText(tr("call #"));
    x->setLabelFormat(QStringLiteral("%d"));
    auto *y = new QValueAxis;
    y->setTitleText(tr("ms"));
    m_timeChart->addAxis(x, Qt::AlignBottom);
    m_timeChart->addAxis(y, Qt::AlignLeft);
    m_overTime->attachAxis(x);
    m_overTime->attachAxis(y);
    m_histogramChart->setTitle(tr("Distribution"));
    m_histogramChart->legend()->hide();
    for (QChartView *view : {m_timeView, m_histogramView}) {
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(220);
    }

    auto *form = new QFormLayout;
    auto *callRow = new QHBoxLayout;
    callRow->addWidget(m_function);
    callRow->addWidget(m_paymentId, 1);
    form->addRow(tr("Call:"), callRow);
    auto *repeat = new QHBoxLayout;
    repeat->addWidget(m_count);
    repeat->addWidget(new QLabel(tr("times, concurrency"), this));
    repeat->addWidget(m_concurrency);
    repeat->addStretch();
    repeat->addWidget(m_run);
    repeat->addWidget(m_cancel);
    form->addRow(tr("Repeat:"), repeat);

    auto *charts = new QHBoxLayout(m_charts);
    charts->setContentsMargins(0, 0, 0, 0);
    charts->addWidget(m_timeView, 3);
    charts->addWidget(m_histogramView, 2);
    auto *exports = new QHBoxLayout;
    exports->addWidget(m_stats, 1);
    exports->addWidget(m_exportCsv);
    exports->addWidget(m_exportPng);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(exports);
    layout->addWidget(m_charts, 1);

    connect(m_run, &QPushButton::clicked, this, &LatencyPanel::startRun);
    connect(m_cancel, &QPushButton::clicked, m_runner, &support::LatencyRunner::cancel);
    connect(m_runner, &support::LatencyRunner::sampleRecorded, this, &LatencyPanel::addSample);
    connect(m_runner, &support::LatencyRunner::runFinished, this, [this](const auto &report) {
        showReport(report);
        emit runFinished(report);
    });
    connect(m_exportCsv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export CSV"), QStringLiteral("latency.csv"), tr("CSV files (*.csv)"));
        QString error;
        if (!path.isEmpty() && !exportCsv(path, &error))
            QMessageBox::warning(this, tr("Export CSV"), error);
    });
    connect(m_exportPng, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export PNG"), QStringLiteral("latency.png"), tr("PNG images (*.png)"));
        QString error;
        if (!path.isEmpty() && !exportPng(path, &error))
            QMessageBox::warning(this, tr("Export PNG"), error);
    });
    providerChanged();
}

void LatencyPanel::setFunction(PaymentFunction function)
{
    m_function->setCurrentIndex(m_function->findData(int(function)));
}

void LatencyPanel::setCount(int count)
{
    m_count->setValue(count);
}

void LatencyPanel::setConcurrency(int concurrency)
{
    m_concurrency->setValue(concurrency);
}

void LatencyPanel::setPaymentId(const QString &paymentId)
{
    m_paymentId->setText(paymentId);
}

void LatencyPanel::providerChanged()
{
    m_run->setEnabled(providerInstance() != nullptr && !m_runner->isRunning());
    if (!providerInstance())
        m_stats->setText(tr("Choose a provider to measure its latency."));
}

void LatencyPanel::startRun()
{
    m_run->setEnabled(false);
    m_stats->setText(tr("Loading the provider's credentials..."));
    withCallTarget([this](const std::optional<contract::CallTarget> &target, const QString &error) {
        if (!target) {
            m_stats->setText(tr("Cannot run: %1").arg(error.toHtmlEscaped()));
            m_run->setEnabled(true);
            return;
        }
        contract::CallSpec spec;
        spec.function = PaymentFunction(m_function->currentData().toInt());
        spec.paymentId = m_paymentId->text().trimmed();
        support::LatencyPlan plan;
        plan.call = contract::prepareCall(*target, spec);
        plan.count = m_count->value();
        plan.concurrency = m_concurrency->value();
        m_overTime->clear();
        QString why;
        if (!plan.call.urlError.isEmpty() || !m_runner->start(plan, &why)) {
            m_stats->setText(tr("Cannot run: %1")
                                 .arg((why.isEmpty() ? plan.call.urlError : why).toHtmlEscaped()));
            m_run->setEnabled(true);
            return;
        }
        m_cancel->setEnabled(true);
        m_stats->setText(tr("Running %1 calls...").arg(plan.count));
    });
}

void LatencyPanel::addSample(const support::LatencySample &sample)
{
    if (sample.totalMs >= 0)
        m_overTime->append(sample.index, double(sample.totalMs));
}

void LatencyPanel::showReport(const support::LatencyReport &report)
{
    m_report = report;
    m_run->setEnabled(providerInstance() != nullptr);
    m_cancel->setEnabled(false);
    m_exportCsv->setEnabled(!report.samples.isEmpty());
    m_exportPng->setEnabled(!report.samples.isEmpty());
    const support::LatencyStats &s = report.stats;
    m_stats->setText(
        tr("<b>%1</b> calls%2: min <b>%3</b> · median <b>%4</b> · p95 <b>%5</b> · "
           "p99 <b>%6</b> · max <b>%7</b> ms · errors <b style='color:%8'>%9</b>")
            .arg(s.count)
            .arg(report.cancelled ? tr(" (cancelled)") : QString())
            .arg(s.min, 0, 'f', 0)
            .arg(s.median, 0, 'f', 1)
            .arg(s.p95, 0, 'f', 1)
            .arg(s.p99, 0, 'f', 1)
            .arg(s.max, 0, 'f', 0)
            .arg(s.errorCount > 0 ? QStringLiteral("#c62828") : QStringLiteral("#2e8b57"))
            .arg(s.errorCount));
    // The line is filled as samples arrive; rebuild it in call order for the final picture.
    m_overTime->clear();
    for (const support::LatencySample &sample : report.samples) {
        if (sample.totalMs >= 0)
            m_overTime->append(sample.index, double(sample.totalMs));
    }
    const auto axes = m_timeChart->axes();
    for (QAbstractAxis *axis : axes) {
        auto *value = qobject_cast<QValueAxis *>(axis);
        if (!value)
            continue;
        if (axis->alignment() == Qt::AlignBottom)
            value->setRange(0, qMax(1, int(report.samples.size()) - 1));
        else
            value->setRange(0, qMax(1.0, s.max * 1.1));
    }

    m_histogramChart->removeAllSeries();
    for (QAbstractAxis *axis : m_histogramChart->axes())
        m_histogramChart->removeAxis(axis);
    const QVector<support::HistogramBin> bins =
        support::latencyHistogram(report.samples, kHistogramBins);
    auto *set = new QBarSet(tr("calls"));
    QStringList labels;
    int highest = 1;
    for (const support::HistogramBin &bin : bins) {
        *set << bin.count;
        highest = qMax(highest, bin.count);
        labels << QStringLiteral("%1").arg(bin.from, 0, 'f', 0);
    }
    auto *series = new QBarSeries;
    series->append(set);
    series->setBarWidth(0.95);
    m_histogramChart->addSeries(series);
    auto *categories = new QBarCategoryAxis;
    categories->append(labels);
    categories->setTitleText(tr("ms (bin start)"));
    auto *counts = new QValueAxis;
    counts->setRange(0, highest);
    counts->setLabelFormat(QStringLiteral("%d"));
    counts->setTitleText(tr("calls"));
    m_histogramChart->addAxis(categories, Qt::AlignBottom);
    m_histogramChart->addAxis(counts, Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(counts);
}

bool LatencyPanel::exportCsv(const QString &path, QString *error) const
{
    return io::writeFileSafely(path, support::latencyCsv(m_report.samples), error);
}

bool LatencyPanel::exportPng(const QString &path, QString *error) const
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!m_charts->grab().save(&buffer, "PNG")) {
        *error = tr("Cannot draw the charts as PNG for %1").arg(path);
        return false;
    }
    return io::writeFileSafely(path, png, error);
}

} // namespace paybench::ui
