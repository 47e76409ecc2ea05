#pragma once

#include "CallHistory.h"
#include "ConnectivityProbe.h"
#include "CredentialReference.h"
#include "PaymentDiagnosis.h"
#include "SecretStore.h"
#include "SupportBundle.h"

#include <QObject>
#include <QPointer>

namespace paybench::support {

struct SupportBundleRequest {
    Workspace workspace;
    QString providerCode;
    QString outputPath;
    int historyEntries = 50;
    bool probe = false;
    QString paymentId; // empty: no diagnosis
    EnvironmentLookup environment = processEnvironment();
};

// Gathers everything for a support bundle (the workspace's secrets from the store, to scrub
// them; the provider's history; a probe; a diagnosis) and writes the zip. The GUI action and
// `paybench-cli bundle` both run it. One bundleFinished per start().
class SupportBundleBuilder final : public QObject
{
    Q_OBJECT
public:
    explicit SupportBundleBuilder(QObject *parent = nullptr);
    ~SupportBundleBuilder() override;
    Q_DISABLE_COPY_MOVE(SupportBundleBuilder)

    // store and history are not owned and may be null (then the notes say what is missing).
    void start(const SupportBundleRequest &request, SecretStore *store,
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
    QPointer<SecretStore> m_store;
    ConnectivityProbe *m_probe;
    PaymentDiagnosis *m_diagnosis;
    bool m_running = false;
};

} // namespace paybench::support
