#pragma once

#include "CallHistory.h"
#include "ConnectivityProbe.h"
#include "CredentialResolver.h"
#include "PaymentDiagnosis.h"
#include "SupportBundle.h"

#include <QObject>

namespace paybench::support {

struct SupportBundleRequest {
    Workspace workspace;
    QString providerCode;
    QString outputPath;
    int historyEntries = 50;
    bool probe = false;
    QString paymentId; // empty: no diagnosis
};

// Gathers everything for a support bundle (the workspace's secrets through the resolver, to
// scrub them; the provider's history; a probe; a diagnosis) and writes the zip. The GUI action and
// `paybench-cli bundle` both run it. One bundleFinished per start().
class SupportBundleBuilder final : public QObject
{
    Q_OBJECT
public:
    explicit SupportBundleBuilder(QObject *parent = nullptr);
    ~SupportBundleBuilder() override;
    Q_DISABLE_COPY_MOVE(SupportBundleBuilder)

    // resolver gives the secrets (to scrub them) and the diagnosis's credentials; history is
    // not owned and may be null (then the notes say so).
    void start(const SupportBundleRequest &request, const CredentialResolver &resolver,
               const client::CallHistory *history);
    [[nodiscard]] bool isRunning() const { return m_running; }

signals:
    void progressed(const QString &step);
    // ok false: error says why nothing was written.
    void bundleFinished(bool ok, const QString &path, const QString &error,
                        const QStringList &notes);

private:
    void runProbe();
    void runDiagnosis();
    void write();

    SupportBundleRequest m_request;
    SupportBundleInput m_input;
    QVector<client::HistoryEntry> m_paymentHistory; // oldest first
    CredentialResolver m_resolver;
    ConnectivityProbe *m_probe;
    PaymentDiagnosis *m_diagnosis;
    bool m_running = false;
};

} // namespace paybench::support
