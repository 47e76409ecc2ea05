#pragma once

#include "HistogramBinning.h" // percentile()

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QVector>

namespace paybench::support {

// One repeated call.
struct LatencySample {
    int index = 0;          // order of sending, from 0
    qint64 startedAtMs = 0; // since the run started
    double totalMs = -1;    // to the microsecond; -1 when no answer came
    qint64 firstByteMs = -1;
    int httpStatus = 0; // 0 when no HTTP answer came
    QString failure;    // contract::failureClassName(), "none" when none
    QString verdict;    // "pass", "warning", "failure"
    // No HTTP answer, or a 4xx/5xx status: the call did not do its job.
    [[nodiscard]] bool isError() const { return httpStatus == 0 || httpStatus >= 400; }
};

// The times are those of the successful calls only: an error (a 4xx/5xx answer, no answer) is
// counted apart, never as a latency.
struct LatencyStats {
    int count = 0;                 // samples
    int answered = 0;              // samples with an HTTP answer (any status)
    int timed = 0;                 // successful samples: the ones the times below are made of
    int errorCount = 0;            // LatencySample::isError()
    QMap<int, int> errorsByStatus; // HTTP status (0: no answer) -> errors
    double min = 0;
    double median = 0;
    double p95 = 0;
    double p99 = 0;
    double max = 0;
    double mean = 0;
};

LatencyStats computeLatencyStats(const QVector<LatencySample> &samples);
// The times of the successful samples, in sample order.
QVector<double> latencyTimes(const QVector<LatencySample> &samples);
// Their histogram (HistogramBinning.h: the width from the data, sub-millisecond when needed).
Histogram latencyHistogram(const QVector<LatencySample> &samples);

// index,startedAtMs,totalMs,firstByteMs,httpStatus,error,failure,verdict; one line per sample
// (totalMs to the microsecond).
QByteArray latencyCsv(const QVector<LatencySample> &samples);

} // namespace paybench::support
