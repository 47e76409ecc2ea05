#include "SupportBundleBuilder.h"

#include <memory>

namespace paybench::support {

SupportBundleBuilder::SupportBundleBuilder(QObject *parent)
    : QObject(parent), m_probe(new ConnectivityProbe(this)), m_diagnosis(new PaymentDiagnosis(this))
{
    connect(m_probe, &ConnectivityProbe::probeFinished, this, [this](const ProbeReport &report) {
        m_input.probe = report;
        runDiagnosis();
    });
    connect(m_diagnosis, &PaymentDiagnosis::diagnosisFinished, this,
            [this](const DiagnosisReport &report) {
                m_input.diagnosis = diagnosisJson(report);
                write();
            });
}

SupportBundleBuilder::~SupportBundleBuilder() = default;

void SupportBundleBuilder::start(const SupportBundleRequest &request,
                                 const CredentialResolver &resolver,
                                 const client::CallHistory *history)
{
    m_request = request;
    m_resolver = resolver;
    m_input = SupportBundleInput{};
    m_input.providerCode = request.providerCode;
    m_paymentHistory.clear();
    m_running = true;
    if (history && history->isOpen()) {
        client::HistoryFilter filter;
        filter.provider = request.providerCode;
        for (const client::HistoryEntry &row :
             history->query(filter, request.historyEntries).entries) {
            if (const auto full = history->entry(row.id))
                m_input.history.append(*full);
        }
        if (!request.paymentId.isEmpty())
            m_paymentHistory = paymentHistory(*history, request.providerCode, request.paymentId);
    } else if (request.historyEntries > 0) {
        m_input.notes.append(QStringLiteral("no call history was available"));
    }
    emit progressed(tr("Loading secrets to scrub them"));
    auto workspace = std::make_shared<Workspace>(request.workspace);
    const auto loaded = [this, workspace](const QStringList &errors) {
        for (const QString &error : errors)
            m_input.notes.append(
                QStringLiteral("a secret could not be loaded to be scrubbed: %1").arg(error));
        m_input.workspace = *workspace;
        runProbe();
    };
    m_resolver.loadAllSecrets(workspace, this, loaded);
}

void SupportBundleBuilder::runProbe()
{
    const Workspace &workspace = m_input.workspace;
    const ProviderInstance *provider = workspace.provider(m_request.providerCode);
    const Platform *platform = provider ? workspace.platform(provider->platform) : nullptr;
    if (!m_request.probe || !platform) {
        runDiagnosis();
        return;
    }
    emit progressed(tr("Probing the function URLs"));
    QVector<ProbeRequest> requests;
    for (const PaymentFunction function : kAllPaymentFunctions) {
        if (!isBuiltInAdapter(platform->target(function)))
            requests.append({functionSlug(function), QUrl(platform->target(function))});
    }
    m_probe->start(requests);
}

void SupportBundleBuilder::runDiagnosis()
{
    if (m_request.paymentId.isEmpty()) {
        write();
        return;
    }
    emit progressed(tr("Diagnosing payment %1").arg(m_request.paymentId));
    // The secrets are loaded in m_input.workspace already: the store is not asked again.
    m_resolver.resolve(
        m_input.workspace, m_request.providerCode, this,
        [this](const std::optional<contract::CallTarget> &target, const QString &error) {
            if (!target) {
                m_input.notes.append(QStringLiteral("the diagnosis could not run: %1").arg(error));
                write();
                return;
            }
            m_diagnosis->start(*target, m_request.paymentId, m_paymentHistory);
        });
}

void SupportBundleBuilder::write()
{
    QString error;
    const bool ok = writeSupportBundle(m_input, m_request.outputPath, &error);
    m_running = false;
    emit bundleFinished(ok, m_request.outputPath, error, m_input.notes);
}

} // namespace paybench::support
