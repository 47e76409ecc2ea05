#pragma once

#include "CallHistory.h"
#include "CallRunner.h"
#include "CallTarget.h"
#include "PaymentTimeline.h"

#include <QObject>

namespace paybench::support {

struct DiagnosisReport {
    QString provider;
    QString paymentId;
    QVector<contract::CallResult> calls; // get-payment-status and generate-payment-link, now
    QVector<TimelineEvent> timeline;     // history first (oldest first), then the calls of now
    QVector<Contradiction> contradictions;
    [[nodiscard]] contract::Severity result() const;
};

json::OrderedValue diagnosisJson(const DiagnosisReport &report);
QString diagnosisText(const DiagnosisReport &report);

// Every stored call about the payment (newest `limit` first as stored), oldest first.
QVector<client::HistoryEntry> paymentHistory(const client::CallHistory &history,
                                             const QString &provider, const QString &paymentId,
                                             int limit = 500);

// Calls get-payment-status and generate-payment-link for one payment through app/client, puts
// the answers on a timeline after the payment's history, and looks for contradictions. One
// diagnosisFinished per start().
class PaymentDiagnosis final : public QObject
{
    Q_OBJECT
public:
    explicit PaymentDiagnosis(QObject *parent = nullptr);
    ~PaymentDiagnosis() override;
    Q_DISABLE_COPY_MOVE(PaymentDiagnosis)

    void start(const contract::CallTarget &target, const QString &paymentId,
               const QVector<client::HistoryEntry> &history,
               const client::CallOptions &options = {},
               int timeoutMs = contract::kDefaultTimeoutMs);
    void cancel();
    [[nodiscard]] bool isRunning() const { return !m_pending.isEmpty(); }

signals:
    void diagnosisFinished(const paybench::support::DiagnosisReport &report);

private:
    void onCallFinished(quint64 id, const contract::CallResult &result);

    client::CallRunner *m_runner;
    DiagnosisReport m_report;
    QHash<quint64, int> m_pending; // call id -> slot in m_report.calls
};

} // namespace paybench::support

Q_DECLARE_METATYPE(paybench::support::DiagnosisReport)
