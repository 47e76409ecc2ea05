// Fills a call history with PAYBENCH_HISTORY_ROWS rows (default 20000 so CTest stays quick;
// bench/call-history-bench.sh runs it with 1,000,000) and times filtered page queries.
#include "CallHistory.h"
#include "PaymentFunction.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using paybench::client::CallHistory;
using paybench::client::HistoryEntry;
using paybench::client::HistoryFilter;

class BenchCallHistory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_history = std::make_unique<CallHistory>(m_dir.filePath(QStringLiteral("bench.sqlite")));
        QVERIFY(m_history->open(nullptr));
        bool ok = false;
        const int rows = qEnvironmentVariableIntValue("PAYBENCH_HISTORY_ROWS", &ok);
        m_rows = ok && rows > 0 ? rows : 20000;

        QRandomGenerator random(7);
        const QDateTime start(QDate(2025, 1, 1), QTime(0, 0), QTimeZone::utc());
        const QByteArray report(600, 'x'); // about the size of a real masked report
        QElapsedTimer fill;
        fill.start();
        QVector<HistoryEntry> batch;
        for (int i = 0; i < m_rows; ++i) {
            HistoryEntry entry;
            entry.startedAt = start.addMSecs(qint64(i) * 30000);
            entry.provider = QStringLiteral("pp_provider_%1").arg(random.bounded(20));
            entry.function = paybench::functionSlug(
                paybench::kAllPaymentFunctions.at(static_cast<size_t>(random.bounded(6))));
            entry.profile =
                random.bounded(2) ? QStringLiteral("openfront") : QStringLiteral("documented");
            entry.url = QStringLiteral("https://gateway.example.com/api/%1").arg(entry.function);
            const int roll = random.bounded(100);
            entry.httpStatus = roll < 90 ? 200 : roll < 97 ? 400 : 500;
            entry.failure =
                roll < 90 ? QStringLiteral("none") : QStringLiteral("http-error-status");
            entry.verdict = roll < 80   ? QStringLiteral("pass")
                            : roll < 90 ? QStringLiteral("warning")
                                        : QStringLiteral("failure");
            entry.openfrontVerdict = entry.verdict;
            entry.totalMs = random.bounded(2000);
            entry.paymentId = QStringLiteral("pay_%1").arg(i);
            entry.report = report;
            batch.append(entry);
            if (batch.size() == 10000 || i == m_rows - 1) {
                QVERIFY(m_history->append(batch));
                batch.clear();
            }
        }
        qInfo("filled %d rows in %lld ms", m_rows, static_cast<long long>(fill.elapsed()));
    }

    void firstPage_unfiltered()
    {
        QBENCHMARK
        {
            QCOMPARE(m_history->query({}, 50).entries.size(), 50);
        }
    }

    void firstPage_providerFunctionVerdict()
    {
        HistoryFilter filter;
        filter.provider = QStringLiteral("pp_provider_3");
        filter.function = QStringLiteral("refund-payment");
        filter.verdict = QStringLiteral("failure");
        QBENCHMARK
        {
            QVERIFY(!m_history->query(filter, 50).entries.isEmpty());
        }
    }

    void deepPage_keysetAfterTenPages_statusFilter()
    {
        HistoryFilter filter;
        filter.httpStatus = 500;
        std::optional<paybench::client::HistoryCursor> cursor;
        for (int i = 0; i < 10; ++i)
            cursor = m_history->query(filter, 50, cursor).next;
        QVERIFY(cursor);
        QBENCHMARK
        {
            QCOMPARE(m_history->query(filter, 50, cursor).entries.size(), 50);
        }
    }

    void firstPage_timeWindow_provider()
    {
        HistoryFilter filter;
        filter.provider = QStringLiteral("pp_provider_11");
        filter.from = QDateTime(QDate(2025, 1, 2), QTime(0, 0), QTimeZone::utc());
        filter.to = QDateTime(QDate(2025, 1, 3), QTime(0, 0), QTimeZone::utc());
        QBENCHMARK
        {
            QVERIFY(!m_history->query(filter, 50).entries.isEmpty());
        }
    }

    void firstPage_textSearch()
    {
        HistoryFilter filter;
        filter.text = QStringLiteral("pay_1234");
        QBENCHMARK
        {
            QVERIFY(!m_history->query(filter, 50).entries.isEmpty());
        }
    }

    void firstPage_textSearchCommonWord()
    {
        HistoryFilter filter;
        filter.text = QStringLiteral("refund");
        QBENCHMARK
        {
            QCOMPARE(m_history->query(filter, 50).entries.size(), 50);
        }
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<CallHistory> m_history;
    int m_rows = 0;
};

QTEST_MAIN(BenchCallHistory)
#include "tst_callhistory_bench.moc"
