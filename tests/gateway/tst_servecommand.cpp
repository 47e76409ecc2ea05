#include "Cli.h"
#include "GatewayStateStore.h"
#include "GatewayTestClient.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace paybench::gateway::testing;

// paybench-cli serve, driven in-process: it runs its own event loop until a signal arrives.
class TestServeCommand : public QObject
{
    Q_OBJECT

private:
    static int run(const QStringList &args, QBuffer *out, QBuffer *err)
    {
        QBuffer in;
        in.open(QIODevice::ReadOnly);
        out->open(QIODevice::WriteOnly);
        err->open(QIODevice::WriteOnly);
        return paybench::cli::runCli(args, in, *out, *err,
                                     [](const QString &name) -> std::optional<QString> {
                                         if (name == QLatin1String("GATEWAY_KEY"))
                                             return QStringLiteral("sk_env_key");
                                         return std::nullopt;
                                     });
    }

private slots:
    void serve_printsListeningLogsRequestsAndStopsOnSigterm()
    {
        QBuffer out;
        QBuffer err;
        int created = 0;
        // Once the server says where it listens: one request, then SIGTERM as a user would.
        QTimer poll;
        poll.setInterval(10);
        connect(&poll, &QTimer::timeout, this, [&] {
            const QRegularExpressionMatch match =
                QRegularExpression(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)\n"))
                    .match(QString::fromUtf8(out.data()));
            if (!match.hasMatch())
                return;
            poll.stop();
            TestClient client(quint16(match.captured(1).toUInt()));
            created = client
                          .send("POST", QStringLiteral("/api/create-payment"),
                                "{\"provider\":{\"credentials\":{\"apiKey\":\"sk_env_key\"}},"
                                "\"cart\":{\"id\":\"c\"},\"amount\":1000,\"currency\":\"USD\"}")
                          .status;
            std::raise(SIGTERM);
        });
        poll.start();
        const int code =
            run({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                 QStringLiteral("--api-key"), QStringLiteral("${env:GATEWAY_KEY}"),
                 QStringLiteral("--webhook-secret"), QStringLiteral("whsec_x")},
                &out, &err);
        QCOMPARE(code, 0);
        QCOMPARE(created, 200);
        const QString output = QString::fromUtf8(out.data());
        QVERIFY2(output.contains(QStringLiteral(" POST /api/create-payment 200 ")),
                 qPrintable(output));
        QVERIFY(output.endsWith(QStringLiteral("stopped\n")));
        QVERIFY(!output.contains(QStringLiteral("sk_env_key")));
        QVERIFY(err.data().isEmpty());
    }

    void serve_badFlags_areUsageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        const QStringList base = {QStringLiteral("serve"), QStringLiteral("--api-key"),
                                  QStringLiteral("k"), QStringLiteral("--webhook-secret"),
                                  QStringLiteral("s")};
        QTest::newRow("no port") << base << "--port";
        QTest::newRow("bad port") << base + QStringList{"--port", "70000"} << "--port";
        QTest::newRow("no key") << QStringList{"serve", "--port", "0", "--webhook-secret", "s"}
                                << "--api-key";
        QTest::newRow("bad scheme")
            << base + QStringList{"--port", "0", "--signature-scheme", "hmac"} << "gateway|stripe";
        QTest::newRow("bad fault")
            << base + QStringList{"--port", "0", "--fault", "create-payment:error=7"} << "fault";
        QTest::newRow("unknown env")
            << QStringList{"serve",       "--port",           "0", "--api-key",
                           "${env:NOPE}", "--webhook-secret", "s"}
            << "NOPE";
        QTest::newRow("bad host") << base + QStringList{"--port", "0", "--host", "example.com"}
                                  << "example.com";
        QTest::newRow("bad state sync")
            << base + QStringList{"--port", "0", "--state", "s.sqlite", "--state-sync", "fast"}
            << "--state-sync";
        QTest::newRow("import without state")
            << base + QStringList{"--port", "0", "--import-state", "old.json"} << "--state FILE";
    }

    void serve_badFlags_areUsageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        QBuffer out;
        QBuffer err;
        QCOMPARE(run(args, &out, &err), 2);
        QVERIFY2(QString::fromUtf8(err.data()).contains(says), err.data().constData());
        QVERIFY(!out.data().contains("listening"));
    }

    void serve_exportThenImportState_carriesThePayments();

    void serve_corruptStateFile_isInvalidData()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("state.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[]");
        f.close();
        QBuffer out;
        QBuffer err;
        QCOMPARE(run({"serve", "--port", "0", "--api-key", "k", "--webhook-secret", "s", "--state",
                      file},
                     &out, &err),
                 1);
        QVERIFY(err.data().contains("state file"));
    }
};

void TestServeCommand::serve_exportThenImportState_carriesThePayments()
{
    QTemporaryDir dir;
    const QString state = dir.filePath(QStringLiteral("state.sqlite"));
    {
        paybench::gateway::GatewayStateStore store(state);
        QString error;
        QVERIFY2(store.open(&error), qPrintable(error));
        paybench::gateway::Payment payment;
        payment.id = QStringLiteral("pay_exported");
        payment.cartId = QStringLiteral("cart_1");
        payment.amount = 1000;
        payment.currency = QStringLiteral("USD");
        payment.clientSecret = QStringLiteral("pay_exported_secret_x");
        payment.createdAt = payment.updatedAt = QDateTime::currentDateTimeUtc();
        paybench::gateway::GatewayStateStore::Change change;
        change.payments.append(payment);
        QVERIFY2(store.commit(change, &error), qPrintable(error));
    }
    const QString json = dir.filePath(QStringLiteral("state.json"));
    QBuffer out;
    QBuffer err;
    QCOMPARE(run({"serve", "--state", state, "--export-state", json}, &out, &err), 0);
    QVERIFY2(out.data().contains("exported 1 payment(s)"), out.data().constData());
    QFile exported(json);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    QVERIFY(paybench::gateway::GatewayStateStore::isJsonState(exported.readAll()));

    // Import into a new state file, then serve it (stopped at once, as a user would).
    const QString imported = dir.filePath(QStringLiteral("imported.sqlite"));
    QTimer::singleShot(0, [] { std::raise(SIGTERM); });
    QBuffer out2;
    QBuffer err2;
    QCOMPARE(run({"serve", "--port", "0", "--api-key", "k", "--webhook-secret", "s", "--state",
                  imported, "--import-state", json},
                 &out2, &err2),
             0);
    QVERIFY2(out2.data().contains("imported 1 payment(s)"), out2.data().constData());
    paybench::gateway::GatewayStateStore check(imported);
    QString error;
    QVERIFY2(check.open(&error), qPrintable(error));
    QVERIFY(check.payment(QStringLiteral("pay_exported")));
}

QTEST_GUILESS_MAIN(TestServeCommand)
#include "tst_servecommand.moc"
