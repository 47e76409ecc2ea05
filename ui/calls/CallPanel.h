#pragma once

#include "CallRequest.h"
#include "CallResult.h"
#include "CallRunner.h"
#include "CredentialResolver.h"
#include "OrderedJson.h"
#include "Workspace.h"

#include <QHash>
#include <QKeySequence>
#include <QList>
#include <QPair>
#include <QVector>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableWidget;
class QTreeWidget;

namespace paybench::client {
class CallHistory;
}

namespace paybench::ui {

class AnswerFindBar;
class VerdictBadge;

// The request and answer panels for one provider instance: pick a function and a profile, edit
// the pre-filled body, send, and read the verdicts. The profile shapes the request; every
// profile judges the answer, and their verdicts are shown side by side (one badge each, the
// findings filterable per profile). Everything it does is a call into app/contract and
// app/client; secrets are loaded from the store only when a call needs them.
class CallPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit CallPanel(QWidget *parent = nullptr);
    ~CallPanel() override;
    Q_DISABLE_COPY_MOVE(CallPanel)

    // The workspace must outlive the panel or be replaced first; nullptr clears the panel.
    void setWorkspace(const Workspace *workspace);
    void setProvider(const QString &code);
    [[nodiscard]] QString provider() const { return m_providerCode; }
    // Not owned. Calls are recorded there when set.
    void setHistory(client::CallHistory *history);
    // How credentials become values (secret store, ${env:NAME}); default: no store, the
    // process environment.
    void setCredentialResolver(const support::CredentialResolver &resolver);

    void setFunction(PaymentFunction function);
    void setProfile(const contract::RuntimeProfile *profile);
    [[nodiscard]] QString bodyText() const;
    void setBodyText(const QString &text);
    [[nodiscard]] bool isBusy() const { return m_callId != 0; }
    [[nodiscard]] const contract::CallVariables &variables() const;

    // A stored call (contract::callReport JSON): shows its answer and verdict.
    void showReport(const QByteArray &report);
    // A stored call's request (function, profile, body) in the editor, ready to re-send.
    void loadRequest(const QByteArray &report);
    // Reopens a stored call: its provider (when the workspace has it), request and answer.
    void reopen(const QByteArray &report);
    // Reopens a stored call's request and sends it again with the provider's current secrets.
    void resend(const QByteArray &report);
    // The request in the editor as a cURL command; secrets masked unless reveal (and loaded).
    [[nodiscard]] QString curlCommand(bool reveal) const;
    // The panel's keys and what they do, for Help › Keyboard shortcuts.
    [[nodiscard]] static QList<QPair<QKeySequence, QString>> keyboardShortcuts();

public slots:
    void send();
    void cancel();
    void resetBody();
    // Method and URL of the selected function, as the platform configures it now.
    void updateRequestBar();
    // The find bar over the answer tab in front (Body when it is not a text).
    void openFind();
    // The answer body as received on the clipboard.
    void copyAnswer();

signals:
    void callFinished(const paybench::contract::CallResult &result);
    void busyChanged(bool busy);

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    // One keyboard command of the panel. A claimed key is also a window shortcut (Ctrl+F
    // filters the tree): the panel takes it while the focus is inside it.
    struct Command {
        QList<QKeySequence> keys;
        const char *what;
        void (CallPanel::*run)();
        bool claimed;
    };
    static const QVector<Command> &commands();
    void escape();
    void findNextMatch();
    void findPreviousMatch();
    [[nodiscard]] const ProviderInstance *currentProvider() const;
    // For display: secret values replaced by the mask placeholder.
    [[nodiscard]] std::optional<contract::CallTarget> displayTarget() const;
    // With real credential values; nullopt and *error when they are not available.
    [[nodiscard]] std::optional<contract::CallTarget> sendTarget(QString *error) const;
    [[nodiscard]] contract::CallSpec currentSpec() const;
    [[nodiscard]] std::optional<contract::PreparedCall>
    buildCall(const contract::CallTarget &target, QString *error) const;
    void startCall(const contract::CallTarget &target);
    void handleFinished(quint64 id, const contract::CallResult &result);
    void validateEditors();
    void setBusy(bool busy);
    void renderReport(const json::OrderedValue &report);
    void renderVerdicts(const json::OrderedValue &report);
    // Shows the findings of one profile (by name), or of every profile for an empty name.
    void filterVerdicts(const QString &profileName);
    void clearAnswer();
    void updateEnabled();

    const Workspace *m_workspace = nullptr;
    QString m_providerCode;
    client::CallHistory *m_history = nullptr;
    support::CredentialResolver m_resolver;
    client::CallRunner *m_runner;
    quint64 m_callId = 0;
    QHash<QString, contract::CallVariables> m_variables; // per provider code
    bool m_bodyValid = true;
    bool m_headersValid = true;

    QLabel *m_providerLabel;
    QLabel *m_requestMethod;
    QLineEdit *m_requestUrl;
    QComboBox *m_function;
    QComboBox *m_profile;
    QLineEdit *m_paymentId;
    QDoubleSpinBox *m_timeout;
    QCheckBox *m_ignoreTls;
    QPlainTextEdit *m_body;
    QLabel *m_bodyError;
    QPlainTextEdit *m_headers;
    QPushButton *m_send;
    QPushButton *m_cancel;
    QPushButton *m_copyCurl;
    QCheckBox *m_revealSecrets;
    QProgressBar *m_busy;
    QLabel *m_status;
    QLabel *m_failure;
    QWidget *m_verdictBar;
    QVector<VerdictBadge *> m_badges; // one per contract::runtimeProfiles(), in that order
    QComboBox *m_verdictFilter;
    QTabWidget *m_answerTabs;
    QPushButton *m_copyAnswer;
    AnswerFindBar *m_findBar;
    QTreeWidget *m_verdicts;
    QLabel *m_advice;
    QPlainTextEdit *m_answerBody;
    QPlainTextEdit *m_answerRaw;
    QTableWidget *m_answerHeaders;
    QPlainTextEdit *m_sentRequest;
};

} // namespace paybench::ui
