// The Openfront menu of the assembled window (MainWindow + Workbench) against the GraphQL store
// test double of tests/openfront: the connection dialog, Compare, Push and Pull, and a wrong key.
// The review and message prompts are answered by the test instead of a person.
#include "Cli.h"
#include "GraphqlStoreDouble.h"
#include "MainWindow.h"
#include "OpenfrontApiKey.h"
#include "OpenfrontConnectionDialog.h"
#include "OpenfrontController.h"
#include "SecretStoreFactory.h"
#include "Workbench.h"
#include "WorkspaceDocument.h"

#include <QAction>
#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <memory>

using namespace paybench;

namespace {

constexpr const char *kProviderSecret = "sk_window_provider_secret_7";

int runCli(const QStringList &arguments, const QByteArray &input = {})
{
    QByteArray inBytes = input;
    QByteArray outBytes;
    QByteArray errBytes;
    QBuffer in(&inBytes);
    QBuffer out(&outBytes);
    QBuffer err(&errBytes);
    in.open(QIODevice::ReadOnly);
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    const int code = cli::runCli(arguments, in, out, err);
    if (code != 0)
        qWarning("%s", errBytes.constData());
    return code;
}

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestOpenfrontWindow final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<Workbench> m_workbench;
    ui::OpenfrontController *m_controller = nullptr;
    QVector<ui::OpenfrontReview> m_reviews;
    QStringList m_messages;
    bool m_confirm = true;

    // Through the dialog, as a person would: URL, key, Save connection.
    QString connectThroughDialog(const QString &url, const QString &apiKey)
    {
        ui::OpenfrontConnectionDialog *dialog = m_controller->connectionDialog();
        dialog->setUrl(url);
        dialog->setApiKey(apiKey);
        dialog->saveButton()->click();
        return dialog->resultText();
    }

    SecretResult storedApiKey()
    {
        SecretStoreOptions options;
        options.backend = SecretBackend::Vault;
        QString error;
        std::unique_ptr<SecretStore> store = createSecretStore(m_path, options, &error);
        if (!store) {
            SecretResult failed;
            failed.error = error;
            return failed;
        }
        return openfront::readApiKeyBlocking(*store, m_window->document()->workspace());
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("PAYBENCH_SECRET_BACKEND", "vault");
        qputenv("PAYBENCH_VAULT_PASSPHRASE", "openfront window test passphrase");
    }

    void init()
    {
        m_path = m_dir.filePath(QStringLiteral("%1.json").arg(QTest::currentTestFunction()));
        const QStringList at{QStringLiteral("--workspace"), m_path};
        QCOMPARE(runCli({QStringLiteral("workspace"), QStringLiteral("init"), m_path}), 0);
        QCOMPARE(runCli(QStringList{"region", "add", "--code", "eu", "--name", "Europe",
                                    "--currency", "EUR"} +
                        at),
                 0);
        QCOMPARE(runCli(QStringList{"platform", "add", "--name", "G", "--base-url",
                                    "https://pay.example.com"} +
                        at),
                 0);
        QCOMPARE(runCli(QStringList{"provider", "add", "--name", "EU", "--code", "pp_g",
                                    "--platform", "G", "--secret", "apiKey=-", "--region", "eu"} +
                            at,
                        kProviderSecret),
                 0);
        m_window = std::make_unique<MainWindow>();
        m_workbench = std::make_unique<Workbench>(m_window.get());
        QVERIFY(m_window->openFile(m_path));
        m_window->selectItem(ItemKind::Provider, QStringLiteral("pp_g"));
        m_controller = m_window->findChild<ui::OpenfrontController *>();
        QVERIFY(m_controller);
        m_reviews.clear();
        m_messages.clear();
        m_confirm = true;
        m_controller->setReviewPrompt([this](const ui::OpenfrontReview &review) {
            m_reviews.append(review);
            return m_confirm && !review.confirmText.isEmpty();
        });
        m_controller->setMessageSink(
            [this](const QString &, const QString &text) { m_messages.append(text); });
    }

    void cleanup()
    {
        m_workbench.reset();
        m_window.reset();
        m_controller = nullptr;
    }

    void menu_hasTheOpenfrontActions()
    {
        QVERIFY(m_window->findChild<QAction *>(QStringLiteral("actionOpenfrontConnection")));
        QCOMPARE(m_controller->pushAction()->text(),
                 QStringLiteral("&Push provider pp_g to the store…"));
        m_controller->selectedOnlyAction()->setChecked(false);
        QCOMPARE(m_controller->pushAction()->text(),
                 QStringLiteral("&Push all providers to the store…"));
    }

    void connect_keyGoesToTheSecretStoreAndNotIntoTheFile()
    {
        test::GraphqlStoreDouble store;
        ui::OpenfrontConnectionDialog *dialog = m_controller->connectionDialog();
        dialog->setUrl(store.url());
        dialog->setApiKey(store.apiKey);
        dialog->testButton()->click();
        QCOMPARE(dialog->resultText(),
                 QStringLiteral("Connected: the store has 0 payment providers"));
        QVERIFY(!dialog->isBusy());
        QVERIFY(storedApiKey().notFound); // a test stores nothing

        const QString result = connectThroughDialog(store.url(), store.apiKey);
        QVERIFY2(result.contains(QLatin1String("Connected to")), qPrintable(result));
        // The address is an edit of the document (one undo step); saving puts it in the file.
        QCOMPARE(m_window->document()->workspace().openfront.graphqlUrl, store.url());
        QVERIFY(m_window->document()->isModified());
        QString error;
        QVERIFY2(m_window->document()->save(&error), qPrintable(error));
        const QByteArray file = fileBytes(m_path);
        QVERIFY(file.contains(store.url().toUtf8()));
        QVERIFY(!file.contains(store.apiKey.toUtf8()));
        const SecretResult stored = storedApiKey();
        QVERIFY2(stored.ok, qPrintable(stored.error));
        QCOMPARE(stored.value, store.apiKey);
        // The vault keeps it encrypted, and the result line never shows it.
        QVERIFY(!fileBytes(m_path + QStringLiteral(".vault")).contains(store.apiKey.toUtf8()));
        QVERIFY(!result.contains(store.apiKey));
    }

    void connect_wrongKey_shows401AndStoresNothing()
    {
        test::GraphqlStoreDouble store;
        const QString result = connectThroughDialog(store.url(), QStringLiteral("of_wrong_key"));
        QVERIFY2(result.contains(QLatin1String("HTTP 401")), qPrintable(result));
        QVERIFY(result.contains(QLatin1String("Nothing was stored")));
        QVERIFY(!result.contains(QLatin1String("of_wrong_key")));
        QVERIFY(m_window->document()->workspace().openfront.graphqlUrl.isEmpty());
        QVERIFY(!fileBytes(m_path).contains(store.url().toUtf8()));
        QVERIFY(storedApiKey().notFound);
    }

    void push_afterConfirmation_createsTheRecordInTheStore()
    {
        test::GraphqlStoreDouble store;
        QVERIFY(connectThroughDialog(store.url(), store.apiKey)
                    .contains(QLatin1String("Connected to")));

        m_confirm = false; // the review is shown, the person cancels: nothing is written
        m_controller->pushAction()->trigger();
        QCOMPARE(m_reviews.size(), 1);
        QCOMPARE(m_reviews.first().rows.size(), 1);
        QCOMPARE(m_reviews.first().rows.first().code, QStringLiteral("pp_g"));
        QCOMPARE(m_reviews.first().rows.first().what, QStringLiteral("create"));
        QCOMPARE(store.writes, 0);
        QVERIFY(store.providers.isEmpty());

        m_confirm = true;
        m_controller->pushAction()->trigger();
        QCOMPARE(m_reviews.size(), 2);
        QCOMPARE(store.writes, 1);
        QVERIFY(store.providers.contains(QStringLiteral("pp_g")));
        QCOMPARE(store.providers.value(QStringLiteral("pp_g")).value(QStringLiteral("name")),
                 QJsonValue(QStringLiteral("EU")));
        QVERIFY2(m_messages.last().startsWith(QLatin1String("Pushed 1 provider")),
                 qPrintable(m_messages.last()));
        // Without "Push credential values too" the provider's secret stays home.
        QVERIFY(!QJsonDocument(store.providers.value(QStringLiteral("pp_g")))
                     .toJson()
                     .contains(kProviderSecret));

        m_controller->pushAction()->trigger(); // unchanged: no review, nothing written
        QCOMPARE(m_reviews.size(), 2);
        QCOMPARE(store.writes, 1);
        QVERIFY(m_messages.last().startsWith(QLatin1String("Nothing to push")));
    }

    void compare_storeChangedAName_listsTheFieldDifference()
    {
        test::GraphqlStoreDouble store;
        QVERIFY(connectThroughDialog(store.url(), store.apiKey)
                    .contains(QLatin1String("Connected to")));
        m_controller->pushAction()->trigger();
        QCOMPARE(store.writes, 1);
        store.providers[QStringLiteral("pp_g")].insert(QStringLiteral("name"),
                                                       QStringLiteral("Renamed in the store"));

        m_reviews.clear();
        m_controller->compareAction()->trigger();
        QCOMPARE(m_reviews.size(), 1);
        const ui::OpenfrontReview &review = m_reviews.first();
        QVERIFY(review.confirmText.isEmpty()); // Compare only shows
        QCOMPARE(review.rows.size(), 1);
        QCOMPARE(review.rows.first().what, QStringLiteral("different"));
        bool nameListed = false;
        for (const openfront::FieldDifference &difference : review.rows.first().differences) {
            if (difference.field == QLatin1String("name")) {
                nameListed = true;
                QVERIFY(openfront::describeDifference(difference)
                            .contains(QLatin1String("Renamed in the store")));
            }
            // The store holds no credentials: they differ, but no value is shown.
            if (difference.secret)
                QVERIFY(!openfront::describeDifference(difference).contains(kProviderSecret));
        }
        QVERIFY(nameListed);
        QCOMPARE(store.writes, 1);
    }

    void pull_storeRename_comesInThroughTheDocumentAndUndoes()
    {
        test::GraphqlStoreDouble store;
        QVERIFY(connectThroughDialog(store.url(), store.apiKey)
                    .contains(QLatin1String("Connected to")));
        m_controller->pushAction()->trigger();
        store.providers[QStringLiteral("pp_g")].insert(QStringLiteral("name"),
                                                       QStringLiteral("Renamed in the store"));
        m_reviews.clear();
        m_confirm = false;
        m_controller->pullAction()->trigger();
        QCOMPARE(m_reviews.size(), 1);
        QCOMPARE(m_reviews.first().rows.first().what, QStringLiteral("update"));
        // The store has no apiKey: the review says the credential changes, without its value.
        bool credentialListed = false;
        for (const openfront::FieldDifference &difference :
             m_reviews.first().rows.first().differences) {
            credentialListed = credentialListed || difference.secret;
            QVERIFY(!openfront::describeDifference(difference).contains(kProviderSecret));
        }
        QVERIFY(credentialListed);
        QCOMPARE(m_window->document()->workspace().provider(QStringLiteral("pp_g"))->name,
                 QStringLiteral("EU"));

        m_confirm = true;
        m_controller->pullAction()->trigger();
        QCOMPARE(m_window->document()->workspace().provider(QStringLiteral("pp_g"))->name,
                 QStringLiteral("Renamed in the store"));
        QVERIFY(m_window->document()->isModified());
        m_window->document()->undoStack()->undo();
        QCOMPARE(m_window->document()->workspace().provider(QStringLiteral("pp_g"))->name,
                 QStringLiteral("EU"));
    }

    void push_storeRefusesTheKey_shows401AndWritesNothing()
    {
        test::GraphqlStoreDouble store;
        QVERIFY(connectThroughDialog(store.url(), store.apiKey)
                    .contains(QLatin1String("Connected to")));
        store.apiKey = QStringLiteral("of_rotated_key"); // the stored key is no longer valid
        m_controller->pushAction()->trigger();
        QVERIFY(m_reviews.isEmpty()); // stopped before any review
        QCOMPARE(m_messages.size(), 1);
        QVERIFY2(m_messages.first().contains(QLatin1String("HTTP 401")),
                 qPrintable(m_messages.first()));
        QVERIFY(m_messages.first().contains(QLatin1String("Nothing was pushed")));
        QVERIFY(!m_messages.first().contains(QLatin1String("of_test_key")));
        QCOMPARE(store.writes, 0);
        QVERIFY(store.providers.isEmpty());
    }

    void push_storeAnswersGraphqlErrors_showsThemAndStopsAtTheFirst()
    {
        test::GraphqlStoreDouble store;
        QVERIFY(connectThroughDialog(store.url(), store.apiKey)
                    .contains(QLatin1String("Connected to")));
        store.failWritesFrom = 0;
        m_controller->pushAction()->trigger();
        QCOMPARE(m_reviews.size(), 1); // the plan was shown and confirmed
        QCOMPARE(m_messages.size(), 1);
        QVERIFY2(m_messages.first().contains(
                     QLatin1String("the store answered with errors: Access denied")),
                 qPrintable(m_messages.first()));
        QVERIFY(m_messages.first().contains(
            QLatin1String("stopped at pp_g; written before it: nothing; nothing after it")));
        QCOMPARE(store.writes, 0);
    }
};

QTEST_MAIN(TestOpenfrontWindow)
#include "tst_openfrontwindow.moc"
