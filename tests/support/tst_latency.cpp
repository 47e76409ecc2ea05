#include "CliRunner.h"
#include "LatencyRunner.h"
#include "LatencyStats.h"
#include "LoopbackHttpServer.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace paybench;
using namespace paybench::support;
using paybench::test::LoopbackHttpServer;

namespace {

QVector<LatencySample> samplesOf(const QVector<double> &times, int status = 200)
{
    QVector<LatencySample> samples;
    for (const double time : times) {
        LatencySample sample;
        sample.index = int(samples.size());
        sample.totalMs = time;
        sample.httpStatus = status;
        samples.append(sample);
    }
    return samples;
}

LoopbackHttpServer::Answer statusAnswer(const LoopbackHttpServer::Request &)
{
    return {
        200, "application/json",
        R"({"status":"captured","amount":1999,"currency":"USD","lastUpdated":"2026-01-01T00:00:00Z"})"};
}

} // namespace

class TestLatency : public QObject
{
    Q_OBJECT

private slots:
    void stats_oneToHundred_matchSpreadsheetPercentiles()
    {
        QVector<double> times;
        for (int i = 100; i >= 1; --i) // unsorted on purpose
            times.append(i);
        const LatencyStats stats = computeLatencyStats(samplesOf(times));
        QCOMPARE(stats.count, 100);
        QCOMPARE(stats.min, 1.0);
        QCOMPARE(stats.max, 100.0);
        // =PERCENTILE.INC(1..100, p): 50.5, 95.05, 99.01
        QCOMPARE(stats.median, 50.5);
        QVERIFY(qFuzzyCompare(stats.p95, 95.05));
        QVERIFY(qFuzzyCompare(stats.p99, 99.01));
        QCOMPARE(stats.mean, 50.5);
        QCOMPARE(stats.errorCount, 0);
    }

    void stats_oddCount_medianIsMiddleValue()
    {
        const LatencyStats stats = computeLatencyStats(samplesOf({7, 3, 9, 1, 5}));
        QCOMPARE(stats.median, 5.0);
        QCOMPARE(stats.p95, 8.6); // rank 0.95 * 4 = 3.8: 7 + 0.8 * (9 - 7)
    }

    void stats_errors_countedApartAndNotTimed()
    {
        QVector<LatencySample> samples = samplesOf({10, 20, 30});
        samples[1].httpStatus = 502; // answered, in 20 ms, but an error: not a latency
        LatencySample lost;
        lost.index = 3;
        samples.append(lost); // no answer: no time
        const LatencyStats stats = computeLatencyStats(samples);
        QCOMPARE(stats.count, 4);
        QCOMPARE(stats.answered, 3);
        QCOMPARE(stats.timed, 2);
        QCOMPARE(stats.errorCount, 2);
        QCOMPARE(stats.errorsByStatus.value(502), 1);
        QCOMPARE(stats.errorsByStatus.value(0), 1);
        QCOMPARE(stats.min, 10.0);
        QCOMPARE(stats.median, 20.0); // of 10 and 30
        QCOMPARE(stats.max, 30.0);
        int charted = 0;
        for (const HistogramBin &bin : latencyHistogram(samples).bins)
            charted += bin.count;
        QCOMPARE(charted, 2);
    }

    void stats_onlyErrors_haveNoLatency()
    {
        const QVector<LatencySample> samples = samplesOf({3, 4, 5}, 404);
        const LatencyStats stats = computeLatencyStats(samples);
        QCOMPARE(stats.errorCount, 3);
        QCOMPARE(stats.timed, 0);
        QCOMPARE(stats.max, 0.0);
        QVERIFY(latencyHistogram(samples).bins.isEmpty());
    }

    void stats_empty_isAllZero()
    {
        const LatencyStats stats = computeLatencyStats({});
        QCOMPARE(stats.count, 0);
        QCOMPARE(stats.p99, 0.0);
        QCOMPARE(percentile({}, 50), 0.0);
        QCOMPARE(percentile({4.0}, 99), 4.0);
    }

    void niceWidth_isOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen()
    {
        const QList<std::tuple<double, double, int>> cases = {
            {0.163, 0.2, 1},    {0.23, 0.25, 2}, {2.3, 2.5, 1}, {7, 10, 0},
            {0.0004, 0.001, 3}, {0.05, 0.05, 2}, {31, 50, 0},
        };
        for (const auto &[rough, width, decimals] : cases) {
            const NiceWidth nice = niceWidthAtLeast(rough);
            QVERIFY2(qFuzzyCompare(nice.width, width), qPrintable(QString::number(rough)));
            QCOMPARE(nice.decimals, decimals);
        }
    }

    void histogram_binsTileTheDataAndCountEverySample()
    {
        QVector<double> times;
        for (int i = 1; i <= 100; ++i)
            times.append(i);
        const Histogram histogram = histogramOf(times);
        // Freedman–Diaconis: 2 * IQR 49.5 / cbrt(100) = 21.3 leaves fewer than 5 bins over the
        // range 99, so the nice width below 99 / 5 = 19.8: 10, bins on multiples of 10 from 0.
        QCOMPARE(histogram.width, 10.0);
        QCOMPARE(histogram.decimals, 0);
        QCOMPARE(histogram.bins.first().from, 0.0);
        QVERIFY(histogram.bins.last().to > 100);
        int total = 0;
        for (int i = 0; i < histogram.bins.size(); ++i) {
            const HistogramBin &bin = histogram.bins[i];
            if (i > 0)
                QCOMPARE(bin.from, histogram.bins[i - 1].to);
            const auto inside = std::count_if(times.cbegin(), times.cend(), [&bin](double t) {
                return t >= bin.from && t < bin.to;
            });
            QCOMPARE(bin.count, int(inside));
            total += bin.count;
        }
        QCOMPARE(total, 100);
    }

    void histogram_subMillisecondTimes_getSubMillisecondBinsWithExactDistinctLabels()
    {
        // A loopback gateway: 0.3 to 0.9 ms, bunched around 0.4.
        QVector<double> times;
        for (int i = 0; i < 60; ++i)
            times.append(0.3 + 0.6 * std::pow(double(i) / 59.0, 3));
        const Histogram histogram = histogramOf(times);
        QVERIFY2(histogram.width < 1, qPrintable(QString::number(histogram.width)));
        QVERIFY(histogram.bins.size() >= kMinBins);
        QSet<QString> seen;
        int total = 0;
        for (const HistogramBin &bin : histogram.bins) {
            const QString label = histogram.label(bin);
            QVERIFY2(!seen.contains(label), qPrintable(label));
            seen.insert(label);
            // The label reads back as the bin's own bounds.
            const QStringList bounds = label.split(QChar(0x2013));
            QCOMPARE(bounds.size(), 2);
            QVERIFY2(std::abs(bounds[0].toDouble() - bin.from) < 1e-9, qPrintable(label));
            QVERIFY2(std::abs(bounds[1].toDouble() - bin.to) < 1e-9, qPrintable(label));
            const auto inside = std::count_if(times.cbegin(), times.cend(), [&bin](double t) {
                return t >= bin.from && t < bin.to;
            });
            QCOMPARE(bin.count, int(inside));
            total += bin.count;
        }
        QCOMPARE(total, 60);
    }

    void histogram_equalTimes_areOneBinAroundThem()
    {
        const Histogram histogram = histogramOf({5, 5, 5});
        QCOMPARE(histogram.bins.size(), 1);
        QCOMPARE(histogram.bins.first().count, 3);
        QVERIFY(histogram.bins.first().from <= 5 && histogram.bins.first().to > 5);
        QVERIFY(histogramOf({}).bins.isEmpty());
    }

    void csv_hasHeaderAndOneLinePerSample()
    {
        QVector<LatencySample> samples = samplesOf({12, 15});
        samples[1].httpStatus = 500;
        samples[1].failure = QStringLiteral("http-error-status");
        const QList<QByteArray> lines = latencyCsv(samples).trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith("index,startedAtMs,totalMs"));
        QCOMPARE(lines[2], QByteArray("1,0,15,-1,500,1,http-error-status,"));
        samples[0].totalMs = 0.4567891;
        QVERIFY(latencyCsv(samples).contains("\n0,0,0.457,-1,200,0,"));
    }

    void runner_concurrentRepeats_recordEverySample()
    {
        LoopbackHttpServer server(&statusAnswer);
        QString error;
        auto target = contract::CallTarget::fromBaseUrl(
            QStringLiteral("http://127.0.0.1:%1").arg(server.port()), {}, &error);
        QVERIFY2(target, qPrintable(error));
        contract::CallSpec spec;
        spec.function = PaymentFunction::GetPaymentStatus;
        spec.paymentId = QStringLiteral("pay_1");
        LatencyPlan plan;
        plan.call = contract::prepareCall(*target, spec);
        plan.count = 12;
        plan.concurrency = 3;
        LatencyRunner runner;
        QSignalSpy samples(&runner, &LatencyRunner::sampleRecorded);
        QSignalSpy finished(&runner, &LatencyRunner::runFinished);
        QVERIFY(runner.start(plan, &error));
        QVERIFY(finished.wait(30000));
        const auto report = finished.first().first().value<LatencyReport>();
        QCOMPARE(samples.size(), 12);
        QCOMPARE(report.samples.size(), 12);
        QCOMPARE(report.stats.answered, 12);
        QCOMPARE(report.stats.errorCount, 0);
        QCOMPARE(server.requests.size(), 12);
        for (int i = 0; i < report.samples.size(); ++i)
            QCOMPARE(report.samples[i].index, i);
    }

    void runner_badPlan_isRefused()
    {
        LatencyRunner runner;
        LatencyPlan plan;
        plan.count = 0;
        QString error;
        QVERIFY(!runner.start(plan, &error));
        QVERIFY(error.contains(QStringLiteral("count")));
        plan.count = 5;
        plan.concurrency = 1000;
        QVERIFY(!runner.start(plan, &error));
        QVERIFY(!runner.isRunning());
    }

    void runner_callNeedingAPaymentIdWithoutOne_isRefused()
    {
        QString error;
        auto target =
            contract::CallTarget::fromBaseUrl(QStringLiteral("http://127.0.0.1:1"), {}, &error);
        QVERIFY2(target, qPrintable(error));
        for (const PaymentFunction function :
             {PaymentFunction::CapturePayment, PaymentFunction::RefundPayment,
              PaymentFunction::GetPaymentStatus, PaymentFunction::GeneratePaymentLink}) {
            contract::CallSpec spec;
            spec.function = function;
            LatencyPlan plan;
            plan.call = contract::prepareCall(*target, spec);
            LatencyRunner runner;
            QVERIFY(!runner.start(plan, &error));
            QVERIFY2(error.contains(QStringLiteral("payment id")), qPrintable(error));
            QVERIFY(!runner.isRunning());
        }
        QVERIFY(missingLatencyInput(PaymentFunction::CreatePayment, {}).isEmpty());
        QVERIFY(missingLatencyInput(PaymentFunction::CapturePayment, QStringLiteral("pay_1"))
                    .isEmpty());
    }

    void cli_latency_writesCsvAndJson()
    {
        LoopbackHttpServer server(&statusAnswer);
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("latency.csv"));
        const auto run = test::CliRunner().run(
            {QStringLiteral("latency"), QStringLiteral("get-payment-status"),
             QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:%1").arg(server.port()),
             QStringLiteral("--payment-id"), QStringLiteral("pay_1"), QStringLiteral("--count"),
             QStringLiteral("5"), QStringLiteral("--concurrency"), QStringLiteral("2"),
             QStringLiteral("--csv"), csv});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY(run.out.contains(QStringLiteral("\"p95Ms\"")));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().trimmed().split('\n').size(), 6);
    }

    void cli_latency_unknownFunction_isUsageError()
    {
        QCOMPARE(test::CliRunner()
                     .run({QStringLiteral("latency"), QStringLiteral("pay"),
                           QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:1")})
                     .exitCode,
                 2);
    }
};

QTEST_GUILESS_MAIN(TestLatency)
#include "tst_latency.moc"
