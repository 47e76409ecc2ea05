#pragma once

#include "CallRequest.h"
#include "CallResult.h"
#include "CallRunner.h"
#include "LatencyStats.h"
#include "OrderedJson.h"

#include <QElapsedTimer>
#include <QObject>

namespace paybench::support {

struct LatencyPlan {
    contract::PreparedCall call;
    int count = 20;      // 1..100000
    int concurrency = 1; // calls in flight at once, 1..64
    client::CallOptions options;
};

struct LatencyReport {
    QString function; // slug
    QString url;
    int concurrency = 1;
    qint64 wallMs = 0;
    bool cancelled = false;
    QVector<LatencySample> samples; // in index order
    LatencyStats stats;
};

json::OrderedValue latencyReportJson(const LatencyReport &report);

// Why a function cannot be measured with this payment id (capture, refund, status and link
// act on an existing payment); empty when it can.
QString missingLatencyInput(PaymentFunction function, const QString &paymentId);

// Repeats one prepared call through app/client's CallRunner, keeping `concurrency` calls in
// flight, and records each call's time. One runFinished per start(); cancel() ends early.
class LatencyRunner final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kMaxCount = 100'000;
    static constexpr int kMaxConcurrency = 64;

    explicit LatencyRunner(QObject *parent = nullptr);
    ~LatencyRunner() override;
    Q_DISABLE_COPY_MOVE(LatencyRunner)

    // False and *error for a count or concurrency out of range, or a call that needs a payment
    // id without one (missingLatencyInput); nothing starts then.
    bool start(const LatencyPlan &plan, QString *error = nullptr);
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }

signals:
    void sampleRecorded(const paybench::support::LatencySample &sample);
    void runFinished(const paybench::support::LatencyReport &report);

private:
    void sendOne();
    void onCallFinished(quint64 id, const contract::CallResult &result);
    void finish();

    client::CallRunner *m_runner;
    LatencyPlan m_plan;
    LatencyReport m_report;
    struct InFlight {
        int index = 0;
        qint64 startedAtNs = 0; // m_clock
    };
    QHash<quint64, InFlight> m_inFlight; // by call id
    QElapsedTimer m_clock;
    int m_sent = 0;
    bool m_running = false;
    bool m_cancelling = false;
};

} // namespace paybench::support

Q_DECLARE_METATYPE(paybench::support::LatencySample)
Q_DECLARE_METATYPE(paybench::support::LatencyReport)
