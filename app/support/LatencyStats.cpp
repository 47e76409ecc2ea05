#include "LatencyStats.h"

#include <algorithm>
#include <cmath>

namespace paybench::support {

double percentile(const QVector<double> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const double rank = std::clamp(p, 0.0, 100.0) / 100.0 * double(sorted.size() - 1);
    const auto lower = qsizetype(std::floor(rank));
    const auto upper = qsizetype(std::ceil(rank));
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - double(lower));
}

namespace {

QVector<double> sortedTimes(const QVector<LatencySample> &samples)
{
    QVector<double> times;
    for (const LatencySample &sample : samples) {
        if (sample.totalMs >= 0 && sample.httpStatus > 0)
            times.append(double(sample.totalMs));
    }
    std::sort(times.begin(), times.end());
    return times;
}

} // namespace

LatencyStats computeLatencyStats(const QVector<LatencySample> &samples)
{
    LatencyStats stats;
    stats.count = int(samples.size());
    for (const LatencySample &sample : samples)
        stats.errorCount += sample.isError() ? 1 : 0;
    const QVector<double> times = sortedTimes(samples);
    stats.answered = int(times.size());
    if (times.isEmpty())
        return stats;
    stats.min = times.first();
    stats.max = times.last();
    stats.median = percentile(times, 50);
    stats.p95 = percentile(times, 95);
    stats.p99 = percentile(times, 99);
    double sum = 0;
    for (const double time : times)
        sum += time;
    stats.mean = sum / double(times.size());
    return stats;
}

QVector<HistogramBin> latencyHistogram(const QVector<LatencySample> &samples, int binCount)
{
    const QVector<double> times = sortedTimes(samples);
    if (times.isEmpty() || binCount < 1)
        return {};
    const double low = times.first();
    const double high = times.last();
    // All equal: one bin holds them all.
    const int bins = high > low ? binCount : 1;
    const double width = high > low ? (high - low) / bins : 1;
    QVector<HistogramBin> histogram(bins);
    for (int i = 0; i < bins; ++i) {
        histogram[i].from = low + width * i;
        histogram[i].to = i == bins - 1 ? high : low + width * (i + 1);
    }
    for (const double time : times) {
        const int bin = std::min(bins - 1, int((time - low) / width));
        ++histogram[bin].count;
    }
    return histogram;
}

QByteArray latencyCsv(const QVector<LatencySample> &samples)
{
    QByteArray csv = "index,startedAtMs,totalMs,firstByteMs,httpStatus,error,failure,verdict\n";
    for (const LatencySample &sample : samples) {
        csv += QByteArray::number(sample.index) + ',' + QByteArray::number(sample.startedAtMs) +
               ',' + QByteArray::number(sample.totalMs) + ',' +
               QByteArray::number(sample.firstByteMs) + ',' +
               QByteArray::number(sample.httpStatus) + ',' + (sample.isError() ? "1" : "0") + ',' +
               sample.failure.toUtf8() + ',' + sample.verdict.toUtf8() + '\n';
    }
    return csv;
}

} // namespace paybench::support
