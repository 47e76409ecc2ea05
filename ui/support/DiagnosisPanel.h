#pragma once

#include "PaymentDiagnosis.h"
#include "ProviderPanel.h"
#include "SupportBundleBuilder.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace paybench::ui {

// "The payment failed" + a payment id: calls get-payment-status and generate-payment-link, shows
// the answers with their verdicts on a timeline with the payment's history, flags what does not
// add up, and writes a redacted support bundle.
class DiagnosisPanel final : public ProviderPanel
{
    Q_OBJECT
public:
    explicit DiagnosisPanel(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(DiagnosisPanel)

    void setPaymentId(const QString &paymentId);
    void startDiagnosis();
    // Writes the support bundle for the provider (and the payment, when one is set) to path.
    void saveBundle(const QString &path, bool probe);
    [[nodiscard]] const support::DiagnosisReport &lastReport() const { return m_report; }

signals:
    void diagnosisFinished(const paybench::support::DiagnosisReport &report);
    void bundleFinished(bool ok, const QString &path, const QString &error);

protected:
    void providerChanged() override;

private:
    void showReport(const support::DiagnosisReport &report);

    support::PaymentDiagnosis *m_diagnosis;
    support::SupportBundleBuilder *m_bundle;
    support::DiagnosisReport m_report;
    QLineEdit *m_paymentId;
    QPushButton *m_start;
    QPushButton *m_saveBundle;
    QCheckBox *m_probeInBundle;
    QLabel *m_summary;
    QTreeWidget *m_findings;
    QTreeWidget *m_timeline;
};

} // namespace paybench::ui
