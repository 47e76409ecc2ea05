#include "CliRunner.h"
#include "GraphqlStoreDouble.h"

#include <QDir>
#include <QDirIterator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

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
};

QTEST_GUILESS_MAIN(OpenfrontCommandTest)
#include "tst_openfrontcommand.moc"
