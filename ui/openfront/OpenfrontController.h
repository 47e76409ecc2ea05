#pragma once

#include "CredentialReference.h"
#include "OpenfrontReviewDialog.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <optional>

class QAction;
class QMenu;

namespace paybench {
class MainWindow;
class SecretStore;
namespace openfront {
struct GraphqlEndpoint;
}

namespace ui {

class OpenfrontConnectionDialog;

// The Openfront menu of the main window: Connection…, Compare with the store, Push to the
// store…, Pull from the store…, on the selected provider or on all. Each runs the steps of
// app/openfront that `paybench-cli openfront` runs (OpenfrontSession), waiting in a local event
// loop behind a modal progress dialog; Push and Pull show the planner's result first and write
// only when confirmed, and stop at the first error. Pulled providers go through the document
// (one undo step); their credentials reach the secret store when the workspace is saved.
class OpenfrontController final : public QObject
{
    Q_OBJECT
public:
    // Shows a review; true when the person confirms (always false without confirmText).
    using ReviewPrompt = std::function<bool(const OpenfrontReview &review)>;
    // Shows an error (title, text) or a plain outcome.
    using MessageSink = std::function<void(const QString &title, const QString &text)>;

    // Adds the Openfront menu to window's menu bar, before Help; parented to window.
    explicit OpenfrontController(MainWindow *window, EnvironmentLookup environment);
    ~OpenfrontController() override;
    Q_DISABLE_COPY_MOVE(OpenfrontController)

    // Tests answer the prompts instead of a person.
    void setReviewPrompt(ReviewPrompt prompt) { m_review = std::move(prompt); }
    void setMessageSink(MessageSink sink) { m_message = std::move(sink); }

    // Made on first use; opened by the Connection… action.
    OpenfrontConnectionDialog *connectionDialog();

    QAction *connectionAction() const { return m_connectionAction; }
    QAction *compareAction() const { return m_compareAction; }
    QAction *pushAction() const { return m_pushAction; }
    QAction *pullAction() const { return m_pullAction; }
    // Checked: the actions work on the selected provider only (when one is selected).
    QAction *selectedOnlyAction() const { return m_selectedOnlyAction; }
    // Checked: Push sends credential values too (--include-credentials).
    QAction *includeCredentialsAction() const { return m_includeCredentialsAction; }

    // The last outcome line shown (error or success), for the status bar and tests.
    [[nodiscard]] QString lastMessage() const { return m_lastMessage; }

    void compare();
    void push();
    void pull();
    void testConnection();
    void saveConnection();

private:
    [[nodiscard]] QStringList scope() const;
    [[nodiscard]] QString scopeText() const;
    void updateActions();
    // The document's secret store, waiting for it; null and *error when there is none.
    SecretStore *secretStore(QString *error);
    // The endpoint of the workspace's connection with the stored key; nullopt and *error when
    // the workspace is not connected or the key cannot be read.
    std::optional<openfront::GraphqlEndpoint> endpoint(SecretStore **store, QString *error);
    // The key typed in the dialog, else the stored one.
    std::optional<openfront::GraphqlEndpoint> dialogEndpoint(QString *error);
    void fail(const QString &title, const QString &text);
    void tell(const QString &title, const QString &text);
    bool confirm(const OpenfrontReview &review);

    MainWindow *m_window;
    EnvironmentLookup m_environment;
    QMenu *m_menu = nullptr;
    QAction *m_connectionAction = nullptr;
    QAction *m_compareAction = nullptr;
    QAction *m_pushAction = nullptr;
    QAction *m_pullAction = nullptr;
    QAction *m_selectedOnlyAction = nullptr;
    QAction *m_includeCredentialsAction = nullptr;
    QPointer<OpenfrontConnectionDialog> m_dialog;
    ReviewPrompt m_review;
    MessageSink m_message;
    QString m_lastMessage;
    bool m_running = false;
};

} // namespace ui
} // namespace paybench
