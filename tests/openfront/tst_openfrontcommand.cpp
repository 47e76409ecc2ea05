#include "CliRunner.h"
#include "GraphqlStoreDouble.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace paybench::test;

class OpenfrontCommandTest final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_workspace;
    CliRunner m_cli;

    CliRun run(QStringList arguments, const QByteArray &in = {})
    {
        arguments << QStringLiteral("--workspace") << m_workspace;
        return m_cli.run(arguments, in);
    }

private Q_SLOTS:
    void init()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_workspace = m_dir.filePath(QStringLiteral("w%1.json").arg(QTest::currentTestFunction()));
        QCOMPARE(
            m_cli.run({QStringLiteral("workspace"), QStringLiteral("init"), m_workspace}).exitCode,
            0);
        QCOMPARE(run({"region", "add", "--code", "eu", "--name", "Europe", "--currency", "EUR"})
                     .exitCode,
                 0);
        QCOMPARE(run({"platform", "add", "--name", "G", "--base-url", "https://pay.example.com"})
                     .exitCode,
                 0);
        QCOMPARE(run({"provider", "add", "--name", "EU", "--code", "pp_g", "--platform", "G",
                      "--secret", "apiKey=-", "--region", "eu"},
                     "sk_provider_secret_1")
                     .exitCode,
                 0);
    }

    void push_twice_createsThenSaysNothingChanged()
    {
        GraphqlStoreDouble store;
        QCOMPARE(run({"openfront", "connect", "--url", store.url(), "--api-key", "-"},
                     store.apiKey.toUtf8())
                     .exitCode,
                 0);
        const CliRun first = run({"openfront", "push", "--include-credentials"});
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QCOMPARE(store.writes, 1);
        QCOMPARE(store.providers.value(QStringLiteral("pp_g"))
                     .value(QStringLiteral("credentials"))
                     .toObject()
                     .value(QStringLiteral("apiKey"))
                     .toString(),
                 QStringLiteral("sk_provider_secret_1"));
        const CliRun second = run({"openfront", "push", "--include-credentials"});
        QCOMPARE(second.exitCode, 0);
        QVERIFY(second.out.contains(QLatin1String("Nothing to push")));
        QCOMPARE(store.writes, 1);
        QCOMPARE(run({"openfront", "diff"}).exitCode, 0);

        // Neither the API key nor the provider's secret reaches any output or file.
        for (const CliRun &output : {first, second}) {
            QVERIFY(!output.out.contains(store.apiKey) && !output.err.contains(store.apiKey));
            QVERIFY(!output.out.contains(QLatin1String("sk_provider_secret_1")));
            QVERIFY(!output.err.contains(QLatin1String("sk_provider_secret_1")));
        }
        QStringList files{m_workspace};
        QDirIterator data(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation),
                          QDir::Files, QDirIterator::Subdirectories);
        while (data.hasNext())
            files.append(data.next());
        for (const QString &path : files) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY2(!bytes.contains(store.apiKey.toUtf8()), qPrintable(path));
            QVERIFY2(!bytes.contains("sk_provider_secret_1"), qPrintable(path));
        }
    }

    void push_regionMissingInStore_writesNothing()
    {
        GraphqlStoreDouble store;
        store.regionCodes.clear();
        QCOMPARE(run({"openfront", "connect", "--url", store.url(), "--api-key", "-"},
                     store.apiKey.toUtf8())
                     .exitCode,
                 0);
        const CliRun push = run({"openfront", "push"});
        QCOMPARE(push.exitCode, 1);
        QVERIFY(push.err.contains(QLatin1String("region eu")));
        QCOMPARE(store.writes, 0);
    }

    void pull_storeProvider_comesInWithCredentialsInTheSecretStore()
    {
        GraphqlStoreDouble store;
        QCOMPARE(run({"openfront", "connect", "--url", store.url(), "--api-key", "-"},
                     store.apiKey.toUtf8())
                     .exitCode,
                 0);
        QCOMPARE(run({"openfront", "push"}).exitCode, 0);
        QJsonObject &stored = store.providers[QStringLiteral("pp_g")];
        stored.insert(QStringLiteral("name"), QStringLiteral("From the store"));
        stored.insert(QStringLiteral("credentials"),
                      QJsonObject{{QStringLiteral("merchantToken"), "mt_store_secret"}});
        QCOMPARE(run({"openfront", "diff"}).exitCode, 1);
        QCOMPARE(run({"openfront", "pull"}).exitCode, 1); // a conflict, and fail is the default
        const CliRun pull = run({"openfront", "pull", "--on-conflict", "replace"});
        QVERIFY2(pull.exitCode == 0, qPrintable(pull.err));
        QFile file(m_workspace);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.contains("From the store"));
        QVERIFY(!bytes.contains("mt_store_secret"));
    }

    void push_storeAnswersHtml_isAClearErrorAndWritesNothing()
    {
        GraphqlStoreDouble store;
        QCOMPARE(run({"openfront", "connect", "--url", store.url(), "--api-key", "-"},
                     store.apiKey.toUtf8())
                     .exitCode,
                 0);
        store.answerHtml = true;
        const CliRun push = run({"openfront", "push"});
        QCOMPARE(push.exitCode, 2);
        QVERIFY(push.err.contains(QLatin1String("not a JSON object")));
        QCOMPARE(store.writes, 0);
    }

    void webhookBridge_postedWebhook_reachesTheStoreWithRawBody()
    {
        GraphqlStoreDouble store;
        QCOMPARE(run({"openfront", "connect", "--url", store.url(), "--api-key", "-"},
                     store.apiKey.toUtf8())
                     .exitCode,
                 0);
        QCOMPARE(run({"openfront", "push"}).exitCode, 0);
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        const QByteArray body = R"({"type":"payment_intent.succeeded", "id":"evt_1"})";
        QNetworkAccessManager network;
        int answered = 0;
        // The bridge starts listening only after its store lookup, later under sanitizers, so
        // the post is retried until the port takes it (the bridge itself blocks in run()).
        std::function<void()> post = [&] {
            QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1/hook").arg(port)));
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            request.setRawHeader("X-Gateway-Signature", "t=1,v1=abc");
            QNetworkReply *reply = network.post(request, body);
            QObject::connect(reply, &QNetworkReply::finished, reply, [&answered, &post, reply] {
                reply->deleteLater();
                if (reply->error() == QNetworkReply::ConnectionRefusedError) {
                    QTimer::singleShot(100, reply->manager(), post);
                    return;
                }
                answered = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            });
        };
        QTimer::singleShot(100, &network, post);
        const CliRun bridge = run({"openfront", "webhook-bridge", "--provider", "pp_g", "--port",
                                   QString::number(port), "--count", "1"});
        QVERIFY2(bridge.exitCode == 0, qPrintable(bridge.err));
        QVERIFY(bridge.out.contains(QLatin1String("handled payment_intent.succeeded")));
        QCOMPARE(store.lastWebhookHeaders.value(QStringLiteral("__rawBody")).toString(),
                 QString::fromUtf8(body));
        QCOMPARE(store.lastWebhookHeaders.value(QStringLiteral("__rawbody")).toString(),
                 QString::fromUtf8(body));
        QCOMPARE(store.lastWebhookHeaders.value(QStringLiteral("x-gateway-signature")).toString(),
                 QStringLiteral("t=1,v1=abc"));
        QTRY_COMPARE(answered, 200);
    }

    void connect_wrongKey_isRefusedAndNothingStored()
    {
        GraphqlStoreDouble store;
        const CliRun connect =
            run({"openfront", "connect", "--url", store.url(), "--api-key", "-"}, "of_wrong");
        QCOMPARE(connect.exitCode, 2);
        QVERIFY(connect.err.contains(QLatin1String("HTTP 401")));
        QVERIFY(!connect.err.contains(QLatin1String("of_wrong")));
        QCOMPARE(run({"openfront", "diff"}).exitCode, 2); // still not connected
    }

    void connect_urlNotHttp_isRefusedBeforeAnyRequest()
    {
        const CliRun connect = run(
            {"openfront", "connect", "--url", "ftp://shop.example/api/graphql", "--api-key", "-"},
            "of_test_key");
        QCOMPARE(connect.exitCode, 2);
        QVERIFY2(connect.err.contains(QLatin1String("is not an http(s) URL")),
                 qPrintable(connect.err));
        QCOMPARE(run({"openfront", "diff"}).exitCode, 2); // still not connected
    }

    void connect_tlsHandshakeFails_saysTlsAndStoresNothing()
    {
        // Plain text where a TLS server hello belongs: the handshake fails.
        QTcpServer plain;
        QVERIFY(plain.listen(QHostAddress::LocalHost, 0));
        QObject::connect(&plain, &QTcpServer::newConnection, &plain, [&plain] {
            while (QTcpSocket *socket = plain.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    socket->readAll();
                    socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
                });
            }
        });
        const CliRun connect =
            run({"openfront", "connect", "--url",
                 QStringLiteral("https://127.0.0.1:%1/api/graphql").arg(plain.serverPort()),
                 "--api-key", "-"},
                "of_test_key");
        QCOMPARE(connect.exitCode, 2);
        QVERIFY2(connect.err.contains(QLatin1String("TLS failed")), qPrintable(connect.err));
        QVERIFY(connect.err.contains(QLatin1String("nothing was stored")));
        QCOMPARE(run({"openfront", "diff"}).exitCode, 2);
    }

    void push_keyRevoked403_isAClearErrorAndWritesNothing()
    {
        GraphqlStoreDouble store;
        QCOMPARE(run({"openfront", "connect", "--url", store.url(), "--api-key", "-"},
                     store.apiKey.toUtf8())
                     .exitCode,
                 0);
        store.refuseWithStatus = 403;
        const CliRun push = run({"openfront", "push"});
        QCOMPARE(push.exitCode, 2);
        QVERIFY2(push.err.contains(QLatin1String("refused the API key (HTTP 403)")),
                 qPrintable(push.err));
        QCOMPARE(store.writes, 0);
        QCOMPARE(run({"openfront", "diff"}).exitCode, 2);
    }

    void push_graphqlErrorsAtSecondWrite_stopsThereAndSaysWhatWasWritten()
    {
        QCOMPARE(run({"provider", "add", "--name", "H", "--code", "pp_h", "--platform", "G",
                      "--region", "eu"})
                     .exitCode,
                 0);
        GraphqlStoreDouble store;
        QCOMPARE(run({"openfront", "connect", "--url", store.url(), "--api-key", "-"},
                     store.apiKey.toUtf8())
                     .exitCode,
                 0);
        store.failWritesFrom = 1;
        const CliRun push = run({"openfront", "push"});
        QCOMPARE(push.exitCode, 2);
        QVERIFY2(push.err.contains(QLatin1String("the store answered with errors: Access denied")),
                 qPrintable(push.err));
        QCOMPARE(store.writes, 1);
        const QString written = store.providers.firstKey();
        const QString stopped =
            written == QLatin1String("pp_g") ? QStringLiteral("pp_h") : QStringLiteral("pp_g");
        QVERIFY2(push.err.contains(QStringLiteral("stopped at %1; written before it: %2; nothing "
                                                  "after it")
                                       .arg(stopped, written)),
                 qPrintable(push.err));
    }

    void push_storeNeverAnswers_timesOutWithTheLimit()
    {
        QTcpServer silent; // takes the connection and the request, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QCOMPARE(run({"openfront", "connect", "--url",
                      QStringLiteral("http://127.0.0.1:%1/api/graphql").arg(silent.serverPort()),
                      "--api-key", "-", "--no-check"},
                     "of_test_key")
                     .exitCode,
                 0);
        QElapsedTimer clock;
        clock.start();
        const CliRun push = run({"openfront", "push", "--timeout", "1"});
        QCOMPARE(push.exitCode, 2);
        QVERIFY2(push.err.contains(QLatin1String("no answer within 1 s")), qPrintable(push.err));
        QVERIFY(clock.elapsed() < 20'000);
    }
};

QTEST_GUILESS_MAIN(OpenfrontCommandTest)
#include "tst_openfrontcommand.moc"
