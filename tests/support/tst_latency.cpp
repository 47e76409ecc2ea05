#include "CliRunner.h"
#include "LatencyRunner.h"
#include "LatencyStats.h"
#include "LoopbackHttpServer.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace paybench;
using namespace paybench::support;
using paybench::test::LoopbackHttpServer;

namespace {

QVector<LatencySample> samplesOf(const QVector<qint64> &times, int status = 200)
{
    QVector<LatencySample> samples;
    for (qint64 time : times) {
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
        QVector<qint64> times;
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

    void stats_errors_countedButOnlyAnsweredTimed()
    {
        QVector<LatencySample> samples = samplesOf({10, 20, 30});
        samples[1].httpStatus = 502;
        LatencySample lost;
        lost.index = 3;
        samples.append(lost); // no answer: no time
        const LatencyStats stats = computeLatencyStats(samples);
        QCOMPARE(stats.count, 4);
        QCOMPARE(stats.answered, 3);
        QCOMPARE(stats.errorCount, 2);
        QCOMPARE(stats.max, 30.0);
    }

    void stats_empty_isAllZero()
    {
        const LatencyStats stats = computeLatencyStats({});
        QCOMPARE(stats.count, 0);
        QCOMPARE(stats.p99, 0.0);
        QCOMPARE(percentile({}, 50), 0.0);
        QCOMPARE(percentile({4.0}, 99), 4.0);
    }

    void histogram_binsCoverRangeAndCountEverySample()
    {
        const QVector<HistogramBin> bins =
            latencyHistogram(samplesOf({0, 1, 2, 3, 4, 5, 6, 7, 8, 10}), 5);
        QCOMPARE(bins.size(), 5);
        QCOMPARE(bins.first().from, 0.0);
        QCOMPARE(bins.last().to, 10.0);
        int total = 0;
        for (const HistogramBin &bin : bins)
            total += bin.count;
        QCOMPARE(total, 10);
        QCOMPARE(bins.last().count, 2); // 8 and the maximum 10
        QCOMPARE(latencyHistogram(samplesOf({5, 5, 5}), 10).size(), 1);
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
