#include "LatencyPanel.h"

#include "SafeFileWriter.h"

#include <QAreaSeries>
#include <QBuffer>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMessageBox>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

namespace paybench::ui {

namespace {

// Enough decimals for sub-millisecond times, none for slow ones.
QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 3 : value < 100 ? 1 : 0);
}

} // namespace

LatencyPanel::LatencyPanel(QWidget *parent)
    : ProviderPanel(parent), m_runner(new support::LatencyRunner(this)),
      m_function(new QComboBox(this)), m_count(new QSpinBox(this)),
      m_concurrency(new QSpinBox(this)), m_paymentId(new QLineEdit(this)),
      m_run(new QPushButton(tr("Run"), this)), m_runBlocked(new QLabel(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)),
      m_exportCsv(new QPushButton(tr("Export CSV..."), this)),
      m_exportPng(new QPushButton(tr("Export PNG..."), this)), m_stats(new QLabel(this)),
      m_overTime(new QLineSeries), m_errors(new QScatterSeries), m_timeChart(new QChart),
      m_histogramChart(new QChart), m_timeView(new QChartView(m_timeChart, this)),
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
    m_run->setObjectName(QStringLiteral("run"));
    m_runBlocked->setObjectName(QStringLiteral("runBlocked"));
    m_runBlocked->setWordWrap(true);
    m_runBlocked->setStyleSheet(QStringLiteral("color: #b00020"));
    m_cancel->setEnabled(false);
    m_exportCsv->setEnabled(false);
    m_exportPng->setEnabled(false);
    m_stats->setTextFormat(Qt::RichText);
    m_stats->setObjectName(QStringLiteral("stats"));
    m_stats->setWordWrap(true);

    m_timeChart->setTitle(tr("Latency over the run"));
    m_overTime->setName(tr("latency (ms)"));
    m_overTime->setPointsVisible(true);
    m_errors->setName(tr("errors"));
    m_errors->setColor(QColor(0xc6, 0x28, 0x28));
    m_errors->setBorderColor(QColor(0xc6, 0x28, 0x28));
    m_errors->setMarkerSize(9);
    m_timeChart->addSeries(m_overTime);
    m_timeChart->addSeries(m_errors);
    m_timeChart->legend()->setAlignment(Qt::AlignBottom);
    auto *x = new QValueAxis;
    x->setTitleText(tr("call #"));
    x->setLabelFormat(QStringLiteral("%d"));
    x->setRange(0, m_count->value() - 1);
    auto *y = new QValueAxis;
    y->setTitleText(tr("ms"));
    m_timeChart->addAxis(x, Qt::AlignBottom);
    m_timeChart->addAxis(y, Qt::AlignLeft);
    for (QXYSeries *series :
         {static_cast<QXYSeries *>(m_overTime), static_cast<QXYSeries *>(m_errors)}) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
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
    form->addRow(m_runBlocked); // its own row: a wrapped reason needs the height

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
    connect(m_function, &QComboBox::currentIndexChanged, this, &LatencyPanel::updateRunState);
    connect(m_paymentId, &QLineEdit::textChanged, this, &LatencyPanel::updateRunState);
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
    updateRunState();
}

void LatencyPanel::updateRunState()
{
    const QString why =
        !providerInstance()
            ? tr("Choose a provider to measure its latency.")
            : support::missingLatencyInput(PaymentFunction(m_function->currentData().toInt()),
                                           m_paymentId->text());
    m_runBlocked->setText(why);
    m_runBlocked->setVisible(!why.isEmpty());
    m_run->setToolTip(why);
    m_run->setEnabled(why.isEmpty() && !m_runner->isRunning());
}

void LatencyPanel::startRun()
{
    if (!m_run->isEnabled())
        return; // called directly (Ctrl+Enter, tests) while the reason is shown
    m_run->setEnabled(false);
    m_stats->setText(tr("Loading the provider's credentials..."));
    withCallTarget([this](const std::optional<contract::CallTarget> &target, const QString &error) {
        if (!target) {
            m_stats->setText(tr("Cannot run: %1").arg(error.toHtmlEscaped()));
            updateRunState();
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
        m_errors->clear();
        QString why;
        if (!plan.call.urlError.isEmpty() || !m_runner->start(plan, &why)) {
            m_stats->setText(tr("Cannot run: %1")
                                 .arg((why.isEmpty() ? plan.call.urlError : why).toHtmlEscaped()));
            updateRunState();
            return;
        }
        m_cancel->setEnabled(true);
        m_stats->setText(tr("Running %1 calls...").arg(plan.count));
    });
}

void LatencyPanel::addSample(const support::LatencySample &sample)
{
    // Errors sit on the axis, apart from the latencies: their time says nothing of the speed.
    if (sample.isError())
        m_errors->append(sample.index, 0);
    else if (sample.totalMs >= 0)
        m_overTime->append(sample.index, sample.totalMs);
}

void LatencyPanel::showReport(const support::LatencyReport &report)
{
    m_report = report;
    m_cancel->setEnabled(false);
    updateRunState();
    m_exportCsv->setEnabled(!report.samples.isEmpty());
    m_exportPng->setEnabled(!report.samples.isEmpty());
    const support::LatencyStats &s = report.stats;
    QString text =
        tr("<b>%1</b> calls%2").arg(s.count).arg(report.cancelled ? tr(" (cancelled)") : QString());
    if (s.timed > 0)
        text += tr(": <b>%1</b> succeeded in min <b>%2</b> · median <b>%3</b> · p95 <b>%4</b> · "
                   "p99 <b>%5</b> · max <b>%6</b> ms")
                    .arg(s.timed)
                    .arg(ms(s.min), ms(s.median), ms(s.p95), ms(s.p99), ms(s.max));
    else
        text += tr(": none succeeded, so there is no latency to show");
    QStringList kinds;
    for (auto it = s.errorsByStatus.cbegin(); it != s.errorsByStatus.cend(); ++it)
        kinds << tr("%1 × %2")
                     .arg(it.value())
                     .arg(it.key() ? tr("HTTP %1").arg(it.key()) : tr("no answer"));
    text += tr(" · errors <b style='color:%1'>%2</b>%3")
                .arg(s.errorCount > 0 ? QStringLiteral("#c62828") : QStringLiteral("#2e8b57"))
                .arg(s.errorCount)
                .arg(kinds.isEmpty() ? QString()
                                     : tr(" (%1, not counted as latencies)").arg(kinds.join(", ")));
    m_stats->setText(text);
    m_errors->setName(tr("errors (%1)").arg(s.errorCount));
    // The line is filled as samples arrive; rebuild it in call order for the final picture.
    m_overTime->clear();
    m_errors->clear();
    for (const support::LatencySample &sample : report.samples)
        addSample(sample);
    const auto axes = m_timeChart->axes();
    for (QAbstractAxis *axis : axes) {
        auto *value = qobject_cast<QValueAxis *>(axis);
        if (!value)
            continue;
        if (axis->alignment() == Qt::AlignBottom)
            value->setRange(0, qMax(1, int(report.samples.size()) - 1));
        else
            value->setRange(0, s.timed > 0 ? s.max * 1.1 : 1.0);
        value->applyNiceNumbers();
    }
    showHistogram(report);
}

void LatencyPanel::showHistogram(const support::LatencyReport &report)
{
    m_histogramChart->removeAllSeries();
    for (QAbstractAxis *axis : m_histogramChart->axes())
        m_histogramChart->removeAxis(axis);
    const support::Histogram histogram = support::latencyHistogram(report.samples);
    // Bars as one stepped outline on a value axis whose ticks sit on the bin bounds: every
    // label is a bound, printed with the decimals the width needs (a category axis elides).
    auto *outline = new QLineSeries;
    int highest = 1;
    for (const support::HistogramBin &bin : histogram.bins) {
        if (outline->count() == 0)
            outline->append(bin.from, 0);
        outline->append(bin.from, bin.count);
        outline->append(bin.to, bin.count);
        highest = qMax(highest, bin.count);
    }
    if (!histogram.bins.isEmpty())
        outline->append(histogram.bins.last().to, 0);
    auto *bars = new QAreaSeries(outline);
    outline->setParent(bars); // QAreaSeries does not own its line: it goes when the bars go
    bars->setName(tr("successful calls"));
    bars->setColor(QColor(0x20, 0x9f, 0xdf));
    bars->setBorderColor(QColor(0x10, 0x60, 0x90));
    connect(bars, &QAreaSeries::hovered, this, [histogram](const QPointF &point, bool over) {
        for (const support::HistogramBin &bin : histogram.bins) {
            if (over && point.x() >= bin.from && point.x() < bin.to)
                QToolTip::showText(QCursor::pos(),
                                   tr("%1 ms: %n successful call(s)", nullptr, bin.count)
                                       .arg(histogram.label(bin)));
        }
    });
    m_histogramChart->addSeries(bars);
    auto *bounds = new QValueAxis;
    bounds->setLabelFormat(QStringLiteral("%.%1f").arg(histogram.decimals));
    if (histogram.bins.isEmpty()) {
        bounds->setTitleText(tr("ms (no successful call)"));
        bounds->setLabelsVisible(false);
    } else {
        const qsizetype count = histogram.bins.size();
        bounds->setRange(histogram.bins.first().from, histogram.bins.last().to);
        // A label every `every` bounds, so they do not overlap; a minor tick at every bound.
        const int every = int((count + 5) / 6);
        bounds->setTickType(QValueAxis::TicksDynamic);
        bounds->setTickAnchor(histogram.bins.first().from);
        bounds->setTickInterval(histogram.width * every);
        bounds->setMinorTickCount(every - 1);
        bounds->setTitleText(tr("ms, %n bin(s) of %1 ms", nullptr, int(count))
                                 .arg(histogram.width, 0, 'f', histogram.decimals));
    }
    auto *counts = new QValueAxis;
    // Whole-number ticks: at most 5 steps of a whole number of calls.
    const int step = (highest + 4) / 5;
    const int top = step * ((highest + step - 1) / step);
    counts->setRange(0, top);
    counts->setTickCount(top / step + 1);
    counts->setLabelFormat(QStringLiteral("%d"));
    counts->setTitleText(tr("successful calls"));
    m_histogramChart->addAxis(bounds, Qt::AlignBottom);
    m_histogramChart->addAxis(counts, Qt::AlignLeft);
    bars->attachAxis(bounds);
    bars->attachAxis(counts);
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
