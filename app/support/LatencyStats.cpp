#include "LatencyStats.h"

#include <algorithm>
#include <cmath>

namespace paybench::support {

QVector<double> latencyTimes(const QVector<LatencySample> &samples)
{
    QVector<double> times;
    for (const LatencySample &sample : samples) {
        if (sample.totalMs >= 0 && !sample.isError())
            times.append(sample.totalMs);
    }
    return times;
}

LatencyStats computeLatencyStats(const QVector<LatencySample> &samples)
{
    LatencyStats stats;
    stats.count = int(samples.size());
    for (const LatencySample &sample : samples) {
        stats.answered += sample.httpStatus > 0 ? 1 : 0;
        if (sample.isError()) {
            ++stats.errorCount;
            ++stats.errorsByStatus[sample.httpStatus];
        }
    }
    QVector<double> times = latencyTimes(samples);
    std::sort(times.begin(), times.end());
    stats.timed = int(times.size());
    if (times.isEmpty())
        return stats;
    stats.min = times.first();
    stats.max = times.last();
    stats.median = percentile(times, 50);
    stats.p95 = percentile(times, 95);
    stats.p99 = percentile(times, 99);
    double sum = 0;
    for (const double time : std::as_const(times))
        sum += time;
    stats.mean = sum / double(times.size());
    return stats;
}

Histogram latencyHistogram(const QVector<LatencySample> &samples)
{
    return histogramOf(latencyTimes(samples));
}

QByteArray latencyCsv(const QVector<LatencySample> &samples)
{
    QByteArray csv = "index,startedAtMs,totalMs,firstByteMs,httpStatus,error,failure,verdict\n";
    for (const LatencySample &sample : samples) {
        csv += QByteArray::number(sample.index) + ',' + QByteArray::number(sample.startedAtMs) +
               ',' + QByteArray::number(std::round(sample.totalMs * 1000) / 1000, 'g', 15) + ',' +
               QByteArray::number(sample.firstByteMs) + ',' +
               QByteArray::number(sample.httpStatus) + ',' + (sample.isError() ? "1" : "0") + ',' +
               sample.failure.toUtf8() + ',' + sample.verdict.toUtf8() + '\n';
    }
    return csv;
}

} // namespace paybench::support
