#include "DemoGateway.h"
#include "GatewayStateStore.h"
#include "GatewayTestClient.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <functional>
#include <memory>

#ifdef Q_OS_LINUX
#include <sys/mount.h>
#include <sys/resource.h>
#endif

using namespace paybench::gateway;
using namespace paybench::gateway::testing;

namespace {

const QString kApiKey = QStringLiteral("sk_test_state_key");

QJsonObject provider()
{
    return {{QStringLiteral("name"), QStringLiteral("Demo")},
            {QStringLiteral("credentials"), QJsonObject{{QStringLiteral("apiKey"), kApiKey}}}};
}

QJsonObject createBody(qint64 amount)
{
    return {
        {QStringLiteral("provider"), provider()},
        {QStringLiteral("cart"), QJsonObject{{QStringLiteral("id"), QStringLiteral("cart_1")},
                                             {QStringLiteral("total"), amount},
                                             {QStringLiteral("currency"), QStringLiteral("USD")}}},
        {QStringLiteral("amount"), amount},
        {QStringLiteral("currency"), QStringLiteral("USD")}};
}

QByteArray bytesOf(const QString &file)
{
    QFile f(file);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

void writeBytes(const QString &file, const QByteArray &bytes)
{
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

// What kill -9 leaves: the files as they are on disk while the gateway still runs (the
// database and its write-ahead log), copied under another name.
void copyAsCrashed(const QString &from, const QString &to)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
        QFile::remove(to + suffix);
        if (QFile::exists(from + suffix))
            QVERIFY(QFile::copy(from + suffix, to + suffix));
    }
}

} // namespace

// The demo gateway's state file (GatewayStateStore): what was answered is on disk, restarts
// replay idempotent answers, files that are not ours are refused untouched, one gateway per file.
class TestGatewayState : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    static std::unique_ptr<DemoGateway> gatewayOn(const QString &stateFile, QString *error,
                                                  const QUrl &webhookUrl = {})
    {
        auto gateway = std::make_unique<DemoGateway>();
        GatewayConfig config;
        config.apiKey = kApiKey;
        config.webhookSecret = QStringLiteral("whsec_state");
        config.webhookUrl = webhookUrl;
        config.port = 0;
        config.stateFile = stateFile;
        gateway->setConfig(config);
        if (gateway->start(error) == 0)
            return nullptr;
        return gateway;
    }

    // The file must be refused with `says` in the error, and left byte for byte as it was
    // (no write-ahead log or journal beside it either).
    void expectRefusedUntouched(const QString &file, const QString &says)
    {
        const QByteArray before = bytesOf(file);
        QString error;
        QVERIFY(!gatewayOn(file, &error));
        QVERIFY2(error.contains(says), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("state file")), qPrintable(error));
        QCOMPARE(bytesOf(file), before);
        QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(file + QStringLiteral("-journal")));
    }

    // With the state file's writes failing (`breakWrites`, until `repairWrites`): a create and a
    // capture are answered 503, not 200, and nothing of them is kept, in memory or on disk, so
    // no webhook announces them; once writes work again the same idempotency key creates the
    // payment (the 503 was not remembered).
    void expectUnwrittenChangesRefused(const QString &file,
                                       const std::function<void()> &breakWrites,
                                       const std::function<void()> &repairWrites)
    {
        QString error;
        auto gateway = gatewayOn(file, &error);
        QVERIFY2(gateway, qPrintable(error));
        TestClient client(gateway->port());
        const QString kept = client.post(QStringLiteral("/api/create-payment"), createBody(1100))
                                 .json.value(QStringLiteral("paymentId"))
                                 .toString();
        QVERIFY(!kept.isEmpty());
        QSignalSpy raised(gateway.get(), &DemoGateway::eventRaised);
        QSignalSpy saveFailed(gateway.get(), &DemoGateway::stateSaveFailed);
        const QList<QPair<QByteArray, QByteArray>> key = {{"Idempotency-Key", "while-full"}};
        const QJsonObject capture{{QStringLiteral("provider"), provider()},
                                  {QStringLiteral("paymentId"), kept},
                                  {QStringLiteral("amount"), 1100}};

        breakWrites();
        if (QTest::currentTestFailed())
            return;
        const HttpReply created =
            client.post(QStringLiteral("/api/create-payment"), createBody(1200), key);
        const HttpReply captured = client.post(QStringLiteral("/api/capture-payment"), capture);
        repairWrites();

        QCOMPARE(created.status, 503);
        QVERIFY2(created.json.value(QStringLiteral("error"))
                     .toString()
                     .contains(QStringLiteral("could not store")),
                 created.body.constData());
        QVERIFY(!created.json.contains(QStringLiteral("paymentId")));
        QCOMPARE(captured.status, 503);
        QCOMPARE(saveFailed.size(), 2);
        QCOMPARE(raised.size(), 0);
        QCOMPARE(gateway->payments().size(), 1);
        QCOMPARE(gateway->payment(kept)->status, PaymentStatus::Authorized);

        const HttpReply retried =
            client.post(QStringLiteral("/api/create-payment"), createBody(1200), key);
        QCOMPARE(retried.status, 200);
        QVERIFY(retried.header("idempotent-replayed").isEmpty());
        QCOMPARE(client.post(QStringLiteral("/api/capture-payment"), capture).status, 200);
        gateway.reset();
        GatewayStateStore store(file);
        QVERIFY2(store.open(&error), qPrintable(error));
        QCOMPARE(store.paymentCount(), 2);
        QCOMPARE(store.payment(kept)->status, PaymentStatus::Captured);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void crash_answeredCreate_isInTheStateFile()
    {
        const QString file = path(QStringLiteral("crash.sqlite"));
        QString error;
        auto gateway = gatewayOn(file, &error);
        QVERIFY2(gateway, qPrintable(error));
        TestClient client(gateway->port());
        const HttpReply reply =
            client.post(QStringLiteral("/api/create-payment"), createBody(1200));
        QCOMPARE(reply.status, 200);
        const QString id = reply.json.value(QStringLiteral("paymentId")).toString();
        QVERIFY(!id.isEmpty());
        // Answered: the files on disk hold it now, with no stop() and no save to wait for.
        copyAsCrashed(file, path(QStringLiteral("crashed.sqlite")));
        gateway.reset();

        auto restarted = gatewayOn(path(QStringLiteral("crashed.sqlite")), &error);
        QVERIFY2(restarted, qPrintable(error));
        const auto payment = restarted->payment(id);
        QVERIFY(payment);
        QCOMPARE(payment->amount, 1200);
        QCOMPARE(payment->status, PaymentStatus::Authorized);
        QCOMPARE(restarted->eventsFor(id).size(), 1);
        // And it lives on: a capture after the restart changes the stored payment.
        TestClient again(restarted->port());
        QJsonObject capture{{QStringLiteral("provider"), provider()},
                            {QStringLiteral("paymentId"), id},
                            {QStringLiteral("amount"), 1200}};
        QCOMPARE(again.post(QStringLiteral("/api/capture-payment"), capture).status, 200);
        QCOMPARE(restarted->payment(id)->status, PaymentStatus::Captured);
    }

    void crash_idempotentRetryAfterRestart_replaysTheSamePayment()
    {
        const QString file = path(QStringLiteral("retry.sqlite"));
        QString error;
        auto gateway = gatewayOn(file, &error);
        QVERIFY2(gateway, qPrintable(error));
        const QList<QPair<QByteArray, QByteArray>> key = {{"Idempotency-Key", "order-42"}};
        const HttpReply first =
            TestClient(gateway->port())
                .post(QStringLiteral("/api/create-payment"), createBody(1500), key);
        QCOMPARE(first.status, 200);
        copyAsCrashed(file, path(QStringLiteral("retry-crashed.sqlite")));
        gateway.reset();

        auto restarted = gatewayOn(path(QStringLiteral("retry-crashed.sqlite")), &error);
        QVERIFY2(restarted, qPrintable(error));
        const HttpReply retry =
            TestClient(restarted->port())
                .post(QStringLiteral("/api/create-payment"), createBody(1500), key);
        QCOMPARE(retry.status, 200);
        QCOMPARE(retry.header("idempotent-replayed"), QByteArray("true"));
        QCOMPARE(retry.json.value(QStringLiteral("paymentId")),
                 first.json.value(QStringLiteral("paymentId")));
        QCOMPARE(restarted->payments().size(), 1);
    }

    // A gateway that ran without a state file and is started with a new one hands it what it
    // holds: payments, their events and idempotency records survive the next restart.
    void newStateFile_afterMemoryOnlyRun_keepsWhatTheGatewayHeld()
    {
        DemoGateway gateway;
        GatewayConfig config;
        config.apiKey = kApiKey;
        config.webhookSecret = QStringLiteral("whsec_state");
        config.port = 0;
        gateway.setConfig(config);
        QString error;
        QVERIFY2(gateway.start(&error) != 0, qPrintable(error));
        QStringList ids;
        QList<HttpReply> first;
        for (int i = 0; i < 3; ++i) {
            const QList<QPair<QByteArray, QByteArray>> key = {
                {"Idempotency-Key", "held-" + QByteArray::number(i)}};
            first.append(
                TestClient(gateway.port())
                    .post(QStringLiteral("/api/create-payment"), createBody(1000 + 100 * i), key));
            QCOMPARE(first.last().status, 200);
            ids.append(first.last().json.value(QStringLiteral("paymentId")).toString());
        }
        gateway.stop();

        const QString file = path(QStringLiteral("handover.sqlite"));
        config.stateFile = file;
        gateway.setConfig(config);
        QVERIFY2(gateway.start(&error) != 0, qPrintable(error));
        gateway.stop();

        auto restarted = gatewayOn(file, &error);
        QVERIFY2(restarted, qPrintable(error));
        QCOMPARE(restarted->paymentCount(), 3);
        QCOMPARE(restarted->events().size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(restarted->payment(ids[i])->amount, 1000 + 100 * i);
            QCOMPARE(restarted->eventsFor(ids[i]).size(), 1);
            const QList<QPair<QByteArray, QByteArray>> key = {
                {"Idempotency-Key", "held-" + QByteArray::number(i)}};
            const HttpReply retry =
                TestClient(restarted->port())
                    .post(QStringLiteral("/api/create-payment"), createBody(1000 + 100 * i), key);
            QCOMPARE(retry.header("idempotent-replayed"), QByteArray("true"));
            QCOMPARE(retry.json.value(QStringLiteral("paymentId")).toString(), ids[i]);
        }
        QCOMPARE(restarted->paymentCount(), 3);
    }

    void webhook_withStateFile_isSentOnceItsEventIsStored()
    {
        WebhookReceiver receiver({200});
        const QString file = path(QStringLiteral("webhook.sqlite"));
        QString error;
        auto gateway = gatewayOn(file, &error, receiver.url());
        QVERIFY2(gateway, qPrintable(error));
        QSignalSpy raised(gateway.get(), &DemoGateway::eventRaised);
        const QString id = TestClient(gateway->port())
                               .post(QStringLiteral("/api/create-payment"), createBody(1300))
                               .json.value(QStringLiteral("paymentId"))
                               .toString();
        QTRY_COMPARE(receiver.requests.size(), 1);
        QCOMPARE(raised.size(), 1);
        const QString eventId =
            QJsonDocument::fromJson(WebhookReceiver::bodyOf(receiver.requests[0]))
                .object()
                .value(QStringLiteral("id"))
                .toString();
        copyAsCrashed(file, path(QStringLiteral("webhook-crashed.sqlite")));
        gateway.reset();
        GatewayStateStore store(path(QStringLiteral("webhook-crashed.sqlite")));
        QVERIFY2(store.open(&error), qPrintable(error));
        const QVector<GatewayEvent> stored = store.eventsFor(id);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored[0].id, eventId);
        QCOMPARE(stored[0].type, QStringLiteral("payment.authorized"));
    }

    void wrongShape_jsonOfAnotherShape_isRefusedUntouched()
    {
        const QString file = path(QStringLiteral("shape.json"));
        writeBytes(file, R"({"payments": {}, "formt": "paybench-gateway-state"})");
        expectRefusedUntouched(file, QStringLiteral("not a Paybench gateway state file"));
    }

    void wrongShape_version1JsonState_isRefusedWithTheImportCommand()
    {
        const QString file = path(QStringLiteral("v1.json"));
        writeBytes(file, R"({"format":"paybench-gateway-state","version":1,"payments":[],)"
                         R"("events":[],"idempotency":[]})");
        expectRefusedUntouched(file, QStringLiteral("--import-state"));
    }

    void wrongShape_anotherProgramsSqlite_isRefusedUntouched()
    {
        const QString file = path(QStringLiteral("other.sqlite"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"),
                                                        QStringLiteral("other-program"));
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("CREATE TABLE payments (id TEXT, doc BLOB)")));
            QVERIFY(query.exec(QStringLiteral("INSERT INTO payments VALUES ('x', 'y')")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other-program"));
        expectRefusedUntouched(file, QStringLiteral("another program"));
    }

    void wrongShape_damagedFile_isRefusedUntouched()
    {
        const QString file = path(QStringLiteral("damaged.sqlite"));
        QByteArray bytes("SQLite format 3");
        bytes.append('\0');
        bytes.append(QByteArray(40, '\x7f'));
        writeBytes(file, bytes);
        expectRefusedUntouched(file, QStringLiteral("state file"));
    }

    void lock_secondStoreOnOneFile_isRefusedUntilTheFirstCloses()
    {
        const QString file = path(QStringLiteral("locked.sqlite"));
        auto first = std::make_unique<GatewayStateStore>(file);
        QString error;
        QVERIFY2(first->open(&error), qPrintable(error));
        GatewayStateStore second(file);
        QVERIFY(!second.open(&error));
        QVERIFY2(error.contains(QStringLiteral("in use by another Paybench gateway")),
                 qPrintable(error));
        first.reset();
        GatewayStateStore third(file);
        QVERIFY2(third.open(&error), qPrintable(error));
    }

    void lock_secondGatewayOnOneStateFile_failsToStart()
    {
        const QString file = path(QStringLiteral("two-serves.sqlite"));
        QString error;
        auto first = gatewayOn(file, &error);
        QVERIFY2(first, qPrintable(error));
        QVERIFY(!gatewayOn(file, &error));
        QVERIFY2(error.contains(QStringLiteral("in use")), qPrintable(error));
        QVERIFY(first->isRunning());
    }

    void dashboard_withStateFile_countsEveryStoredPaymentShowsTheNewest()
    {
        QString error;
        auto gateway = gatewayOn(path(QStringLiteral("dashboard.sqlite")), &error);
        QVERIFY2(gateway, qPrintable(error));
        TestClient client(gateway->port());
        QString last;
        for (int i = 0; i < 203; ++i) {
            last = client.post(QStringLiteral("/api/create-payment"), createBody(1000 + i))
                       .json.value(QStringLiteral("paymentId"))
                       .toString();
        }
        const HttpReply page = client.send("GET", QStringLiteral("/dashboard"), {}, {});
        QCOMPARE(page.status, 200);
        QVERIFY2(page.body.contains("203 payment(s), the newest 200 shown."),
                 page.body.left(300).constData());
        QVERIFY(page.body.contains(last.toUtf8()));
    }

    void json_exportThenImport_keepsPaymentsAndIdempotency()
    {
        const QString file = path(QStringLiteral("export.sqlite"));
        QString error;
        QString id;
        const QList<QPair<QByteArray, QByteArray>> key = {{"Idempotency-Key", "exp-1"}};
        {
            auto gateway = gatewayOn(file, &error);
            QVERIFY2(gateway, qPrintable(error));
            id = TestClient(gateway->port())
                     .post(QStringLiteral("/api/create-payment"), createBody(2000), key)
                     .json.value(QStringLiteral("paymentId"))
                     .toString();
        }
        QByteArray exported;
        {
            GatewayStateStore store(file);
            QVERIFY2(store.open(&error), qPrintable(error));
            exported = store.exportJson();
        }
        QVERIFY(GatewayStateStore::isJsonState(exported));
        const QString imported = path(QStringLiteral("imported.sqlite"));
        {
            GatewayStateStore store(imported);
            QVERIFY2(store.open(&error), qPrintable(error));
            QVERIFY2(store.importJson(exported, &error), qPrintable(error));
            // A second import would mix two states: refused.
            QVERIFY(!store.importJson(exported, &error));
        }
        auto gateway = gatewayOn(imported, &error);
        QVERIFY2(gateway, qPrintable(error));
        QCOMPARE(gateway->payment(id)->amount, 2000);
        const HttpReply retry =
            TestClient(gateway->port())
                .post(QStringLiteral("/api/create-payment"), createBody(2000), key);
        QCOMPARE(retry.json.value(QStringLiteral("paymentId")).toString(), id);
    }

    // Always runs: with RLIMIT_FSIZE at 0 the kernel refuses every write to a file (EFBIG), as a
    // full disk refuses them (a limit at the log's size is not enough: SQLite may restart the
    // write-ahead log from its beginning and overwrite it in place).
    void stateWriteFails_fileSizeLimit_answers503AndKeepsNothing()
    {
#ifdef Q_OS_LINUX
        const QString file = path(QStringLiteral("limited.sqlite"));
        rlimit saved{};
        QVERIFY(getrlimit(RLIMIT_FSIZE, &saved) == 0);
        // Past the limit a write fails with EFBIG instead of killing the process.
        const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        expectUnwrittenChangesRefused(
            file,
            [&] {
                rlimit limited = saved;
                limited.rlim_cur = 0;
                QVERIFY(setrlimit(RLIMIT_FSIZE, &limited) == 0);
            },
            [&] { QVERIFY(setrlimit(RLIMIT_FSIZE, &saved) == 0); });
        setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, previousHandler);
#else
        QSKIP("RLIMIT_FSIZE is used on Linux only");
#endif
    }

    // A real full file system: a small tmpfs, filled up once the gateway runs. Mounting needs
    // root (CAP_SYS_ADMIN): skipped where the test may not mount.
    void stateWriteFails_fullFileSystem_answers503AndKeepsNothing()
    {
#ifdef Q_OS_LINUX
        const QString mountPoint = path(QStringLiteral("tmpfs"));
        QVERIFY(QDir().mkpath(mountPoint));
        if (::mount("paybench-test", QFile::encodeName(mountPoint).constData(), "tmpfs", 0,
                    "size=2m") != 0)
            QSKIP("cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)");
        const auto unmount =
            qScopeGuard([&] { ::umount2(QFile::encodeName(mountPoint).constData(), MNT_DETACH); });
        const QString filler = mountPoint + QStringLiteral("/filler");
        expectUnwrittenChangesRefused(
            mountPoint + QStringLiteral("/state.sqlite"),
            [&] {
                QFile fill(filler);
                QVERIFY(fill.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
                const QByteArray block(4096, 'x');
                while (fill.write(block) == block.size()) {
                }
                while (fill.write("x", 1) == 1) {
                }
            },
            [&] { QVERIFY(QFile::remove(filler)); });
#else
        QSKIP("tmpfs is mounted on Linux only");
#endif
    }
};

QTEST_GUILESS_MAIN(TestGatewayState)
#include "tst_gatewaystate.moc"
