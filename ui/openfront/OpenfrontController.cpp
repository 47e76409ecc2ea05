#include "OpenfrontController.h"

#include "GraphqlClient.h"
#include "MainWindow.h"
#include "OpenfrontApiKey.h"
#include "OpenfrontConnectionDialog.h"
#include "OpenfrontSession.h"
#include "Validation.h"
#include "WorkspaceDocument.h"
#include "WorkspaceMerge.h"

#include <QAction>
#include <QApplication>
#include <QEventLoop>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStatusBar>

#include <memory>

namespace paybench::ui {
namespace {

using namespace paybench::openfront;

// A modal progress dialog while the network works: it blocks input to the window (the work
// waits in a local event loop) and shows at once, not after QProgressDialog's usual delay.
class Busy final
{
public:
    Busy(QWidget *parent, const QString &text) : m_dialog(text, QString(), 0, 0, parent)
    {
        m_dialog.setObjectName(QStringLiteral("openfrontProgress"));
        m_dialog.setWindowTitle(QObject::tr("Openfront"));
        m_dialog.setWindowModality(Qt::WindowModal);
        m_dialog.setCancelButton(nullptr); // each request ends by its own time limit
        m_dialog.setMinimumDuration(0);
        m_dialog.setMinimumWidth(420);
        m_dialog.show();
        QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    }
    void step(const QString &text, int value, int maximum)
    {
        m_dialog.setMaximum(maximum);
        m_dialog.setValue(value);
        m_dialog.setLabelText(text);
    }

private:
    QProgressDialog m_dialog;
};

// "1 provider", "2 providers" (no translation files that would resolve %n forms).
QString providers(int count)
{
    return count == 1 ? QObject::tr("1 provider") : QObject::tr("%1 providers").arg(count);
}

QString storeName(const GraphqlEndpoint &endpoint)
{
    return endpoint.url.toDisplayString(QUrl::RemoveUserInfo);
}

} // namespace

OpenfrontController::OpenfrontController(MainWindow *window, EnvironmentLookup environment)
    : QObject(window), m_window(window), m_environment(std::move(environment))
{
    setObjectName(QStringLiteral("openfrontController"));
    m_menu = new QMenu(tr("&Openfront"), window);
    m_menu->setObjectName(QStringLiteral("openfrontMenu"));
    m_connectionAction = m_menu->addAction(tr("&Connection…"), this, [this] {
        OpenfrontConnectionDialog *dialog = connectionDialog();
        dialog->show();
        dialog->raise();
        dialog->activateWindow();
    });
    m_connectionAction->setObjectName(QStringLiteral("actionOpenfrontConnection"));
    m_menu->addSeparator();
    m_compareAction =
        m_menu->addAction(tr("Co&mpare with the store"), this, &OpenfrontController::compare);
    m_compareAction->setObjectName(QStringLiteral("actionOpenfrontCompare"));
    m_pushAction = m_menu->addAction(tr("&Push to the store…"), this, &OpenfrontController::push);
    m_pushAction->setObjectName(QStringLiteral("actionOpenfrontPush"));
    m_pullAction = m_menu->addAction(tr("P&ull from the store…"), this, &OpenfrontController::pull);
    m_pullAction->setObjectName(QStringLiteral("actionOpenfrontPull"));
    m_menu->addSeparator();
    m_selectedOnlyAction = m_menu->addAction(tr("Only the &selected provider"));
    m_selectedOnlyAction->setObjectName(QStringLiteral("actionOpenfrontSelectedOnly"));
    m_selectedOnlyAction->setCheckable(true);
    m_selectedOnlyAction->setChecked(true);
    m_includeCredentialsAction = m_menu->addAction(tr("Push credential &values too"));
    m_includeCredentialsAction->setObjectName(QStringLiteral("actionOpenfrontCredentials"));
    m_includeCredentialsAction->setCheckable(true);
    m_includeCredentialsAction->setToolTip(
        tr("Off: the store's credentials are left as they are (like push without "
           "--include-credentials)."));

    // Before Help, the last menu by convention.
    QMenuBar *bar = window->menuBar();
    const QList<QAction *> menus = bar->actions();
    bar->insertMenu(menus.isEmpty() ? nullptr : menus.constLast(), m_menu);

    connect(window, &MainWindow::currentSelectionChanged, this,
            &OpenfrontController::updateActions);
    connect(m_selectedOnlyAction, &QAction::toggled, this, &OpenfrontController::updateActions);
    connect(window->document(), &WorkspaceDocument::workspaceReplaced, this,
            &OpenfrontController::updateActions);
    updateActions();
}

OpenfrontController::~OpenfrontController() = default;

QStringList OpenfrontController::scope() const
{
    const QString code = m_window->currentProviderCode();
    if (m_selectedOnlyAction->isChecked() && !code.isEmpty())
        return {code};
    return {};
}

QString OpenfrontController::scopeText() const
{
    const QStringList codes = scope();
    return codes.isEmpty() ? tr("all providers") : tr("provider %1").arg(codes.first());
}

void OpenfrontController::updateActions()
{
    const QString scopeName = scopeText();
    m_compareAction->setText(tr("Co&mpare %1 with the store").arg(scopeName));
    m_pushAction->setText(tr("&Push %1 to the store…").arg(scopeName));
    m_pullAction->setText(tr("P&ull %1 from the store…").arg(scopeName));
}

OpenfrontConnectionDialog *OpenfrontController::connectionDialog()
{
    if (!m_dialog) {
        m_dialog = new OpenfrontConnectionDialog(m_window);
        connect(m_dialog, &OpenfrontConnectionDialog::testRequested, this,
                &OpenfrontController::testConnection);
        connect(m_dialog, &OpenfrontConnectionDialog::saveRequested, this,
                &OpenfrontController::saveConnection);
    }
    // The fields show the workspace's connection each time the dialog opens.
    if (!m_dialog->isVisible()) {
        m_dialog->setUrl(m_window->document()->workspace().openfront.graphqlUrl);
        m_dialog->setApiKey(QString());
        m_dialog->setKeyStored(false);
        m_dialog->showResult(true, QString());
        if (!m_window->document()->workspace().openfront.graphqlUrl.isEmpty()) {
            QString error;
            if (SecretStore *store = secretStore(&error))
                m_dialog->setKeyStored(
                    readApiKeyBlocking(*store, m_window->document()->workspace()).ok);
        }
    }
    return m_dialog;
}

SecretStore *OpenfrontController::secretStore(QString *error)
{
    SecretStore *found = nullptr;
    bool answered = false;
    QEventLoop loop;
    m_window->document()->withSecretStore([&](SecretStore *store, const QString &why) {
        found = store;
        *error = why;
        answered = true;
        loop.quit();
    });
    if (!answered)
        loop.exec(); // the document's store creation has its own time limits
    if (!found && error->isEmpty())
        *error = tr("no secret store is available");
    return found;
}

std::optional<GraphqlEndpoint> OpenfrontController::endpoint(SecretStore **store, QString *error)
{
    const Workspace &workspace = m_window->document()->workspace();
    if (workspace.openfront.graphqlUrl.isEmpty()) {
        *error = tr("The workspace has no Openfront connection: set one in Openfront › "
                    "Connection…");
        return std::nullopt;
    }
    QString why;
    *store = secretStore(&why);
    if (!*store) {
        *error = tr("The secret store cannot be opened: %1").arg(why);
        return std::nullopt;
    }
    const SecretResult key = readApiKeyBlocking(**store, workspace);
    if (!key.ok) {
        *error = key.notFound ? tr("The Openfront API key is not in the %1; enter it again in "
                                   "Openfront › Connection…")
                                    .arg((*store)->backendName())
                              : tr("The Openfront API key cannot be read: %1").arg(key.error);
        return std::nullopt;
    }
    return GraphqlEndpoint{QUrl(workspace.openfront.graphqlUrl), key.value, 30'000, {}};
}

std::optional<GraphqlEndpoint> OpenfrontController::dialogEndpoint(QString *error)
{
    const QUrl url(m_dialog->url(), QUrl::StrictMode);
    if (const QString problem = graphqlUrlProblem(url); !problem.isEmpty()) {
        *error = tr("URL: %1").arg(problem);
        return std::nullopt;
    }
    QString key = m_dialog->apiKey();
    if (key.isEmpty()) {
        QString why;
        SecretStore *store = secretStore(&why);
        const SecretResult stored =
            store ? readApiKeyBlocking(*store, m_window->document()->workspace()) : SecretResult{};
        if (!stored.ok) {
            *error = tr("Enter the API key (of_…)");
            return std::nullopt;
        }
        key = stored.value;
    }
    return GraphqlEndpoint{url, key, 30'000, {}};
}

void OpenfrontController::fail(const QString &title, const QString &text)
{
    m_lastMessage = text;
    m_window->statusBar()->showMessage(text, 10'000);
    if (m_message)
        m_message(title, text);
    else
        QMessageBox::warning(m_window, title, text);
}

void OpenfrontController::tell(const QString &title, const QString &text)
{
    m_lastMessage = text;
    m_window->statusBar()->showMessage(text, 10'000);
    if (m_message)
        m_message(title, text);
    else
        QMessageBox::information(m_window, title, text);
}

bool OpenfrontController::confirm(const OpenfrontReview &review)
{
    if (m_review)
        return m_review(review);
    OpenfrontReviewDialog dialog(review, m_window);
    return dialog.exec() == QDialog::Accepted && !review.confirmText.isEmpty();
}

void OpenfrontController::testConnection()
{
    if (!m_dialog || m_dialog->isBusy())
        return;
    QString error;
    const std::optional<GraphqlEndpoint> target = dialogEndpoint(&error);
    if (!target) {
        m_lastMessage = error;
        m_dialog->showResult(false, error);
        return;
    }
    m_dialog->showBusy(tr("Asking %1…").arg(storeName(*target)));
    const ConnectionCheck check = checkConnection(*target);
    m_lastMessage = check.message();
    if (m_dialog)
        m_dialog->showResult(check.ok(), check.message());
}

void OpenfrontController::saveConnection()
{
    if (!m_dialog || m_dialog->isBusy())
        return;
    WorkspaceDocument *document = m_window->document();
    QString error;
    // The key's secret store sits beside the workspace file.
    if (document->filePath().isEmpty())
        error = tr("Save the workspace first: the API key is kept beside its file.");
    std::optional<GraphqlEndpoint> target;
    if (error.isEmpty())
        target = dialogEndpoint(&error);
    if (!target) {
        m_lastMessage = error;
        m_dialog->showResult(false, error);
        return;
    }
    m_dialog->showBusy(tr("Asking %1…").arg(storeName(*target)));
    // As `openfront connect`: test first, store only what works.
    const ConnectionCheck check = checkConnection(*target);
    if (!check.ok()) {
        m_lastMessage = check.message();
        m_dialog->showResult(false, tr("%1\nNothing was stored.").arg(check.message()));
        return;
    }
    SecretStore *store = secretStore(&error);
    const SecretResult written =
        store ? writeApiKeyBlocking(*store, document->workspace(), target->apiKey) : SecretResult{};
    if (!written.ok) {
        m_lastMessage = tr("The API key could not be stored: %1; nothing was changed")
                            .arg(store ? written.error : error);
        m_dialog->showResult(false, m_lastMessage);
        return;
    }
    document->setOpenfrontConnection({target->url.toString()});
    m_lastMessage = tr("%1. Connected to %2 (API key in the %3; save the workspace to keep the "
                       "address).")
                        .arg(check.message(), target->url.toString(), store->backendName());
    m_dialog->setApiKey(QString());
    m_dialog->setKeyStored(true);
    m_dialog->showResult(true, m_lastMessage);
    m_window->statusBar()->showMessage(m_lastMessage, 10'000);
}

void OpenfrontController::compare()
{
    if (m_running)
        return;
    m_running = true;
    const QString title = tr("Compare with Openfront");
    const QStringList codes = scope();
    std::optional<QVector<ProviderDiff>> diffs;
    QString error;
    GraphqlEndpoint target;
    {
        Busy busy(m_window, tr("Reading the store's providers…"));
        SecretStore *store = nullptr;
        const std::optional<GraphqlEndpoint> found = endpoint(&store, &error);
        if (found) {
            target = *found;
            // A copy: loading secrets for the comparison is not an edit of the document.
            Workspace workspace = m_window->document()->workspace();
            const std::optional<QVector<QJsonObject>> records =
                workspaceRecords(workspace, *store, codes, true, m_environment, &error);
            const std::optional<QVector<StoreProvider>> storeProviders =
                records ? fetchStoreProviders(target, codes, &error) : std::nullopt;
            if (storeProviders)
                diffs = diffProviders(*records, *storeProviders);
        }
    }
    m_running = false;
    if (!diffs) {
        fail(title, error);
        return;
    }
    OpenfrontReview review;
    review.title = title;
    int different = 0;
    for (const ProviderDiff &diff : std::as_const(*diffs)) {
        different += diff.state == DiffState::Same ? 0 : 1;
        review.rows.append({diff.code, diffStateName(diff.state), diff.differences});
    }
    review.summary =
        different == 0
            ? tr("The store at %1 matches the workspace (%2).").arg(storeName(target), scopeText())
            : (different == 1 ? tr("1 provider differs between the workspace and the store at %1.")
                                    .arg(storeName(target))
                              : tr("%1 providers differ between the workspace and the store at "
                                   "%2.")
                                    .arg(different)
                                    .arg(storeName(target)));
    m_lastMessage = review.summary;
    m_window->statusBar()->showMessage(review.summary, 10'000);
    confirm(review);
}

void OpenfrontController::push()
{
    if (m_running)
        return;
    const QString title = tr("Push to Openfront");
    const Workspace &current = m_window->document()->workspace();
    QStringList problems;
    for (const Finding &finding : validateWorkspace(current)) {
        if (finding.severity == Severity::Error)
            problems.append(finding.toString());
    }
    if (!problems.isEmpty()) {
        fail(title, tr("Fix the workspace first; nothing was pushed.\n\n%1")
                        .arg(problems.join(QLatin1Char('\n'))));
        return;
    }
    m_running = true;
    const QStringList codes = scope();
    std::optional<PushPlan> plan;
    QString error;
    GraphqlEndpoint target;
    {
        Busy busy(m_window, tr("Asking the store what would change…"));
        SecretStore *store = nullptr;
        const std::optional<GraphqlEndpoint> found = endpoint(&store, &error);
        if (found) {
            target = *found;
            Workspace workspace = current;
            const std::optional<QVector<QJsonObject>> records =
                workspaceRecords(workspace, *store, codes, m_includeCredentialsAction->isChecked(),
                                 m_environment, &error);
            if (records)
                plan = fetchPushPlan(target, *records, &error);
        }
    }
    if (!plan) {
        m_running = false;
        fail(title, tr("%1\nNothing was pushed.").arg(error));
        return;
    }
    if (!plan->errors.isEmpty()) {
        m_running = false;
        fail(title, tr("%1\nNothing was pushed.").arg(plan->errors.join(QLatin1Char('\n'))));
        return;
    }
    if (!plan->changesSomething()) {
        m_running = false;
        tell(title, tr("Nothing to push: the store already matches the workspace."));
        return;
    }
    OpenfrontReview review;
    review.title = title;
    int writes = 0;
    for (const PushStep &step : std::as_const(plan->steps)) {
        writes += step.action == PushAction::Unchanged ? 0 : 1;
        review.rows.append({step.code, pushActionName(step.action), step.changes});
    }
    review.summary = tr("Pushing %1 would change %2 in the store at %3. Nothing has been written "
                        "yet.")
                         .arg(scopeText(), providers(writes), storeName(target));
    review.confirmText = tr("Push %1").arg(providers(writes));
    if (!confirm(review)) {
        m_running = false;
        m_lastMessage = tr("Push cancelled; nothing was written.");
        m_window->statusBar()->showMessage(m_lastMessage, 10'000);
        return;
    }
    PushOutcome outcome;
    {
        Busy busy(m_window, tr("Writing to the store…"));
        outcome = applyPushPlan(target, *plan, [&busy](const PushStep &step, int index, int total) {
            busy.step(tr("%1 %2 (%3 of %4)…")
                          .arg(pushActionName(step.action), step.code)
                          .arg(index + 1)
                          .arg(total),
                      index, total);
        });
    }
    m_running = false;
    if (!outcome.ok()) {
        fail(title, tr("%1\n%2").arg(outcome.error, outcome.stopMessage()));
        return;
    }
    tell(title, tr("Pushed %1: %2")
                    .arg(providers(int(outcome.written.size())),
                         outcome.written.join(QStringLiteral(", "))));
}

void OpenfrontController::pull()
{
    if (m_running)
        return;
    m_running = true;
    const QString title = tr("Pull from Openfront");
    WorkspaceDocument *document = m_window->document();
    const QStringList codes = scope();
    std::optional<QVector<StoreProvider>> storeProviders;
    QVector<ProviderDiff> diffs;
    QString credentialsNote;
    QString error;
    GraphqlEndpoint target;
    {
        Busy busy(m_window, tr("Reading the store's providers…"));
        SecretStore *store = nullptr;
        const std::optional<GraphqlEndpoint> found = endpoint(&store, &error);
        if (found) {
            target = *found;
            storeProviders = fetchStoreProviders(target, codes, &error);
        }
        if (storeProviders) {
            // Field differences, credentials compared without showing values: a pulled
            // provider takes the store's credentials, so losing one must show. When they
            // cannot be read (a variable not set), the rest is still compared, and it says so.
            Workspace workspace = document->workspace();
            QStringList present;
            for (const StoreProvider &provider : std::as_const(*storeProviders)) {
                const QString code = provider.record.value(QStringLiteral("code")).toString();
                if (workspace.provider(code))
                    present.append(code);
            }
            if (!present.isEmpty()) {
                QString why;
                std::optional<QVector<QJsonObject>> records =
                    workspaceRecords(workspace, *store, present, true, m_environment, &why);
                if (!records) {
                    credentialsNote = tr("credentials not compared: %1").arg(why);
                    records =
                        workspaceRecords(workspace, *store, present, false, m_environment, &error);
                }
                if (!records)
                    storeProviders.reset();
                else
                    diffs = diffProviders(*records, *storeProviders);
            }
        }
    }
    m_running = false;
    if (!storeProviders) {
        fail(title, tr("%1\nNothing was changed.").arg(error));
        return;
    }
    // Replace: the person sees every provider that changes and confirms it.
    const PullOutcome outcome =
        planPull(document->workspace(), *storeProviders, ImportConflictPolicy::Replace);
    if (!outcome.report.ok()) {
        fail(title,
             tr("%1\nNothing was changed.").arg(outcome.report.errors.join(QLatin1Char('\n'))));
        return;
    }
    const Workspace &before = document->workspace();
    const Workspace &after = outcome.workspace;
    OpenfrontReview review;
    review.title = title;
    int changes = 0;
    for (const ProviderInstance &provider : after.providers) {
        const ProviderInstance *old = before.provider(provider.code);
        if (old && *old == provider)
            continue;
        OpenfrontReview::Row row{provider.code, old ? tr("update") : tr("add"), {}};
        for (const ProviderDiff &diff : std::as_const(diffs)) {
            if (diff.code == provider.code)
                row.differences = diff.differences;
        }
        review.rows.append(row);
        ++changes;
    }
    if (!credentialsNote.isEmpty() && changes > 0)
        review.notes.append(credentialsNote);
    for (const QString &region : outcome.regionsAdded)
        review.notes.append(tr("adds region %1").arg(region));
    for (const QString &platform : outcome.report.platformsCreated)
        review.notes.append(tr("adds platform %1").arg(platform));
    if (changes == 0 && review.notes.isEmpty()) {
        tell(title, tr("Nothing to pull: the workspace already matches the store."));
        return;
    }
    review.summary = tr("Pulling %1 from %2 would change %3 in the workspace (one undo step). "
                        "Pulled credentials go to the secret store when you save.")
                         .arg(scopeText(), storeName(target), providers(changes));
    review.confirmText = tr("Pull %1").arg(providers(changes));
    if (!confirm(review)) {
        m_lastMessage = tr("Pull cancelled; nothing was changed.");
        m_window->statusBar()->showMessage(m_lastMessage, 10'000);
        return;
    }
    QString why;
    if (!mergeIntoDocument(*document, after, tr("Pull from Openfront"), &why)) {
        fail(title, tr("%1\nNothing was changed.").arg(why));
        return;
    }
    tell(title, tr("Pulled %1 from %2; save the workspace to keep them (credentials go to the "
                   "secret store).")
                    .arg(providers(changes), storeName(target)));
}

} // namespace paybench::ui
