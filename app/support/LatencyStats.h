#pragma once

#include <QByteArray>
#include <QString>
#include <QVector>

namespace paybench::support {

// One repeated call.
struct LatencySample {
    int index = 0;          // order of sending, from 0
    qint64 startedAtMs = 0; // since the run started
    qint64 totalMs = -1;    // -1 when no answer came
    qint64 firstByteMs = -1;
    int httpStatus = 0; // 0 when no HTTP answer came
    QString failure;    // contract::failureClassName(), "none" when none
    QString verdict;    // "pass", "warning", "failure"
    // No HTTP answer, or a 4xx/5xx status: the call did not do its job.
    [[nodiscard]] bool isError() const { return httpStatus == 0 || httpStatus >= 400; }
};

struct LatencyStats {
    int count = 0;      // samples
    int answered = 0;   // samples with a time (an HTTP answer)
    int errorCount = 0; // LatencySample::isError()
    double min = 0;
    double median = 0;
    double p95 = 0;
    double p99 = 0;
    double max = 0;
    double mean = 0;
};

// Percentile p (0..100) of sorted values by linear interpolation between closest ranks (the
// "R-7" method of spreadsheets and numpy's default); 0 for no values.
double percentile(const QVector<double> &sorted, double p);
// Times are those of answered samples (any status); errors are counted over all samples.
LatencyStats computeLatencyStats(const QVector<LatencySample> &samples);

struct HistogramBin {
    double from = 0; // inclusive
    double to = 0;   // exclusive, except the last bin
    int count = 0;
};
// binCount bins of equal width from min to max of the answered times.
QVector<HistogramBin> latencyHistogram(const QVector<LatencySample> &samples, int binCount);

// index,startedAtMs,totalMs,firstByteMs,httpStatus,error,failure,verdict; one line per sample.
QByteArray latencyCsv(const QVector<LatencySample> &samples);

} // namespace paybench::support
