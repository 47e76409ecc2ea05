#include "CliRunner.h"
#include "ConnectivityProbe.h"
#include "LoopbackHttpServer.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace paybench;
using namespace paybench::support;
using paybench::test::LoopbackHttpServer;

namespace {

// A function endpoint as documented: GET refused with 405, POST answers JSON.
LoopbackHttpServer::Answer wellBehaved(const LoopbackHttpServer::Request &request)
{
    if (request.method != "POST")
        return {405, "application/json", R"({"error":"Method not allowed"})"};
    return {400, "application/json", R"({"error":"Payment creation failed: no amount"})"};
}

LoopbackHttpServer::Answer sloppy(const LoopbackHttpServer::Request &request)
{
    if (request.method != "POST")
        return {200, "text/html", "<html>hello</html>"};
    return {500, "text/html", "<html>Internal Server Error</html>"};
}

const ProbeStep *findStep(const ProbeTarget &target, const QString &name)
{
    for (const ProbeStep &step : target.steps) {
        if (step.name == name)
            return &step;
    }
    return nullptr;
}

ProbeReport probe(const QVector<ProbeRequest> &requests, ProbeOptions options = {})
{
    ConnectivityProbe prober;
    QSignalSpy finished(&prober, &ConnectivityProbe::probeFinished);
    prober.start(requests, options);
    if (!finished.wait(60000))
        return {};
    return finished.first().first().value<ProbeReport>();
}

} // namespace

class TestConnectivityProbe : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QSslCertificate m_certificate;
    QSslKey m_key;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        // A self-signed certificate for localhost and 127.0.0.1, made fresh for this run.
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QSKIP("the openssl command is needed to make a test certificate");
        QProcess process;
        process.start(openssl,
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-keyout"), m_dir.filePath(QStringLiteral("key.pem")),
                       QStringLiteral("-out"), m_dir.filePath(QStringLiteral("cert.pem")),
                       QStringLiteral("-days"), QStringLiteral("30"), QStringLiteral("-subj"),
                       QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1")});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        QFile cert(m_dir.filePath(QStringLiteral("cert.pem")));
        QFile key(m_dir.filePath(QStringLiteral("key.pem")));
        QVERIFY(cert.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly));
        m_certificate = QSslCertificate(cert.readAll(), QSsl::Pem);
        m_key = QSslKey(key.readAll(), QSsl::Rsa, QSsl::Pem);
        QVERIFY(!m_certificate.isNull() && !m_key.isNull());
    }

    void plainHttp_wellBehavedEndpoint_passesEveryStep()
    {
        LoopbackHttpServer server(&wellBehaved);
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/api/create-payment").arg(server.port()));
        const ProbeReport report = probe({{QStringLiteral("create-payment"), url}});
        QCOMPARE(report.targets.size(), 1);
        const ProbeTarget &target = report.targets.first();
        QCOMPARE(target.result(), contract::Severity::Pass);
        QVERIFY(findStep(target, QStringLiteral("dns")));
        QVERIFY(findStep(target, QStringLiteral("tcp")));
        QVERIFY(findStep(target, QStringLiteral("tls"))->skipped);
        QVERIFY(
            findStep(target, QStringLiteral("http-get"))->summary.contains(QStringLiteral("405")));
        QVERIFY(findStep(target, QStringLiteral("http-post"))
                    ->summary.contains(QStringLiteral("JSON")));
        QCOMPARE(server.requests.size(), 2);
        QCOMPARE(server.requests[1].body, QByteArray("{}"));
        QCOMPARE(server.requests[1].path, QByteArray("/api/create-payment"));
    }

    void sloppyEndpoint_getAcceptedWarns_htmlPostFails()
    {
        LoopbackHttpServer server(&sloppy);
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/api/refund-payment").arg(server.port()));
        const ProbeTarget target =
            probe({{QStringLiteral("refund-payment"), url}}).targets.value(0);
        QCOMPARE(findStep(target, QStringLiteral("http-get"))->severity,
                 contract::Severity::Warning);
        QCOMPARE(findStep(target, QStringLiteral("http-post"))->severity,
                 contract::Severity::Failure);
        QCOMPARE(target.result(), contract::Severity::Failure);
    }

    void refusedPort_failsTcpAndSkipsTheRest()
    {
        quint16 port = 0;
        {
            QTcpServer closed;
            QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
            port = closed.serverPort();
        }
        const ProbeTarget target =
            probe({{QStringLiteral("x"), QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port))}})
                .targets.value(0);
        QCOMPARE(findStep(target, QStringLiteral("tcp"))->severity, contract::Severity::Failure);
        QVERIFY(findStep(target, QStringLiteral("http-post"))->skipped);
    }

    void unresolvableHost_failsDns()
    {
        ProbeOptions options;
        options.stepTimeoutMs = 3000;
        const ProbeTarget target =
            probe({{QStringLiteral("x"), QUrl(QStringLiteral("https://no-such-host.invalid/"))}},
                  options)
                .targets.value(0);
        QCOMPARE(findStep(target, QStringLiteral("dns"))->severity, contract::Severity::Failure);
        QVERIFY(findStep(target, QStringLiteral("tcp"))->skipped);
    }

    void notAUrl_isReportedNotProbed()
    {
        const ProbeTarget target =
            probe({{QStringLiteral("x"), QUrl(QStringLiteral("stripe"))}}).targets.value(0);
        QCOMPARE(target.result(), contract::Severity::Failure);
        QCOMPARE(target.steps.first().name, QStringLiteral("url"));
    }

    void selfSignedTls_untrusted_failsTlsButShowsTheCertificate()
    {
        if (m_certificate.isNull())
            QSKIP("no test certificate");
        LoopbackHttpServer server(&wellBehaved);
        server.useTls(m_certificate, m_key);
        const QUrl url(
            QStringLiteral("https://127.0.0.1:%1/api/create-payment").arg(server.port()));
        const ProbeTarget target =
            probe({{QStringLiteral("create-payment"), url}}).targets.value(0);
        const ProbeStep *tls = findStep(target, QStringLiteral("tls"));
        QVERIFY(tls);
        QCOMPARE(tls->severity, contract::Severity::Failure);
        QCOMPARE(tls->details.member(QStringLiteral("trusted"))->toBool(), false);
        QVERIFY(tls->summary.contains(QStringLiteral("localhost")));
        QVERIFY(!tls->details.member(QStringLiteral("chain"))->items().isEmpty());
        const double days = tls->details.member(QStringLiteral("expiresInDays"))->toDouble();
        QVERIFY(days >= 28 && days <= 30);
        // The HTTP steps still run over the untrusted session.
        QCOMPARE(findStep(target, QStringLiteral("http-post"))->severity, contract::Severity::Pass);
    }

    void selfSignedTls_withItsCaAdded_isTrusted()
    {
        if (m_certificate.isNull())
            QSKIP("no test certificate");
        LoopbackHttpServer server(&wellBehaved);
        server.useTls(m_certificate, m_key);
        ProbeOptions options;
        options.caCertificates = {m_certificate};
        const QUrl url(
            QStringLiteral("https://localhost:%1/api/create-payment").arg(server.port()));
        const ProbeTarget target =
            probe({{QStringLiteral("create-payment"), url}}, options).targets.value(0);
        const ProbeStep *tls = findStep(target, QStringLiteral("tls"));
        QVERIFY(tls);
        QVERIFY2(tls->severity == contract::Severity::Pass, qPrintable(tls->summary));
        QCOMPARE(tls->details.member(QStringLiteral("hostMatches"))->toBool(), true);
        QVERIFY(tls->details.member(QStringLiteral("protocol"))
                    ->toString()
                    .startsWith(QStringLiteral("TLS 1.")));
        QCOMPARE(target.result(), contract::Severity::Pass);
    }

    void httpsUrlOnPlainServer_failsTls()
    {
        LoopbackHttpServer server(&wellBehaved);
        ProbeOptions options;
        options.stepTimeoutMs = 3000;
        const QUrl url(QStringLiteral("https://127.0.0.1:%1/").arg(server.port()));
        const ProbeTarget target = probe({{QStringLiteral("x"), url}}, options).targets.value(0);
        QCOMPARE(findStep(target, QStringLiteral("tls"))->severity, contract::Severity::Failure);
    }

    void cli_probeBaseUrl_printsEveryFunctionAndExitsByVerdict()
    {
        LoopbackHttpServer server(&wellBehaved);
        const auto run = test::CliRunner().run(
            {QStringLiteral("probe"), QStringLiteral("--base-url"),
             QStringLiteral("http://127.0.0.1:%1").arg(server.port()), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        const auto parsed = json::parse(run.out.toUtf8());
        QVERIFY(parsed.value);
        QCOMPARE(parsed.value->member(QStringLiteral("targets"))->items().size(), 6);
        QCOMPARE(server.requests.size(), 12);

        LoopbackHttpServer bad(&sloppy);
        const auto failing =
            test::CliRunner().run({QStringLiteral("probe"), QStringLiteral("--base-url"),
                                   QStringLiteral("http://127.0.0.1:%1").arg(bad.port())});
        QCOMPARE(failing.exitCode, 1);
        QVERIFY(failing.out.contains(QStringLiteral("http-post")));
    }

    void cli_probeWithoutSource_isUsageError()
    {
        QCOMPARE(test::CliRunner().run({QStringLiteral("probe")}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestConnectivityProbe)
#include "tst_connectivityprobe.moc"
