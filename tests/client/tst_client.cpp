#include "CaCertificates.h"
#include "CallHistory.h"
#include "CallReport.h"
#include "CallRunner.h"
#include "TestServers.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTimer>

using namespace paybench;
using namespace paybench::contract;
using paybench::client::CaCertificateCache;
using paybench::client::CallHistory;
using paybench::client::CallOptions;
using paybench::client::CallRunner;
using paybench::client::HistoryFilter;
using testsupport::kApiKey;
using testsupport::kWebhookSecret;

namespace {

CallTarget targetAt(const QString &baseUrl)
{
    QString error;
    auto target =
        CallTarget::fromBaseUrl(baseUrl,
                                QJsonObject{{QStringLiteral("apiKey"), kApiKey},
                                            {QStringLiteral("webhookSecret"), kWebhookSecret}},
                                &error);
    Q_ASSERT(target);
    target->code = QStringLiteral("pp_test");
    return *target;
}

CallResult callAndWait(CallRunner &runner, const PreparedCall &call,
                       const CallOptions &options = {})
{
    QSignalSpy spy(&runner, &CallRunner::callFinished);
    const quint64 id = runner.send(call, options);
    if (!spy.wait(20000))
        qFatal("no callFinished within 20 s");
    [&] { QCOMPARE(spy.count(), 1); }();
    [&] { QCOMPARE(spy.at(0).at(0).toULongLong(), id); }();
    return spy.at(0).at(1).value<CallResult>();
}

CallResult callAndWait(CallRunner &runner, const CallTarget &target, const CallSpec &spec,
                       const CallVariables &variables = {}, const CallOptions &options = {})
{
    return callAndWait(runner, prepareCall(target, spec, variables), options);
}

QString describe(const CallResult &result)
{
    QStringList lines{failureClassName(result.failure) + QStringLiteral(": ") +
                      result.failureDetails};
    for (const Finding &finding : result.contract.findings)
        lines << severityName(finding.severity) + QLatin1Char(' ') + finding.code +
                     QLatin1Char(' ') + finding.path + QLatin1Char(' ') + finding.message;
    return lines.join(QLatin1Char('\n'));
}

CallSpec spec(PaymentFunction function,
              const RuntimeProfile *profile = &contract::documentedProfile())
{
    CallSpec result;
    result.function = function;
    result.profile = profile;
    return result;
}

} // namespace

class TestClient : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void lifecycle_bothProfiles_passAndChainVariables_data()
    {
        QTest::addColumn<QString>("profile");
        for (const RuntimeProfile *profile : runtimeProfiles())
            QTest::newRow(qPrintable(profile->name())) << profile->name();
    }
    void lifecycle_bothProfiles_passAndChainVariables()
    {
        QFETCH(QString, profile);
        testsupport::MiniGateway gateway;
        CallRunner runner;
        const CallTarget target = targetAt(gateway.baseUrl(QStringLiteral("ok")));
        CallVariables variables;
        for (PaymentFunction function : kAllPaymentFunctions) {
            const CallResult result =
                callAndWait(runner, target, spec(function, findRuntimeProfile(profile)), variables);
            // The double answers the documented shapes, whatever the request's shape.
            QVERIFY2(!result.contract.hasFailure(), qPrintable(describe(result)));
            QCOMPARE(result.response.httpStatus, 200);
            QVERIFY(result.response.timings.totalMs >= 0);
            QVERIFY(result.response.timings.responseBytes > 0);
            variables = result.variables;
        }
        QCOMPARE(variables.value(QStringLiteral("paymentId")), QStringLiteral("pay_1"));
        QCOMPARE(variables.value(QStringLiteral("transactionId")), QStringLiteral("tx_pay_1"));
        QCOMPARE(variables.value(QStringLiteral("refundId")), QStringLiteral("re_pay_1"));
        // The last request was the webhook for the created payment.
        QVERIFY(gateway.lastBody.contains("\"id\":\"pay_1\""));
    }

    void webhook_wrongSignature_isRefusedAsExpected()
    {
        testsupport::MiniGateway gateway;
        CallRunner runner;
        CallSpec webhook = spec(PaymentFunction::HandleWebhook);
        webhook.signature = QByteArray("0000");
        webhook.expectation = CallExpectation::Rejection;
        const CallResult result =
            callAndWait(runner, targetAt(gateway.baseUrl(QStringLiteral("ok"))), webhook,
                        {{QStringLiteral("paymentId"), QStringLiteral("pay_1")}});
        QCOMPARE(result.response.httpStatus, 403);
        QVERIFY2(!result.hasFailure(), qPrintable(describe(result)));
    }

    void wrongApiKey_isHttpErrorStatusWithAdvice()
    {
        testsupport::MiniGateway gateway;
        CallRunner runner;
        CallTarget target = targetAt(gateway.baseUrl(QStringLiteral("ok")));
        target.credentials[0].value = QStringLiteral("sk_wrong_value");
        const CallResult result = callAndWait(runner, target, spec(PaymentFunction::CreatePayment));
        QCOMPARE(result.failure, FailureClass::HttpErrorStatus);
        QCOMPARE(result.response.httpStatus, 401);
        QVERIFY(result.contract.find(QStringLiteral("http-error-status"))
                    ->advice.contains(QStringLiteral("credentials")));
    }

    void brokenAnswers_areClassified_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("function");
        QTest::addColumn<int>("failure");
        QTest::addColumn<QString>("code");
        QTest::newRow("non-json") << "html" << int(PaymentFunction::CreatePayment)
                                  << int(FailureClass::NonJsonBody) << "non-json-body";
        QTest::newRow("empty") << "empty" << int(PaymentFunction::CreatePayment)
                               << int(FailureClass::EmptyBody) << "empty-body";
        QTest::newRow("5xx html") << "crash" << int(PaymentFunction::CreatePayment)
                                  << int(FailureClass::HttpErrorStatus) << "error-not-json";
        QTest::newRow("missing") << "missing" << int(PaymentFunction::CreatePayment)
                                 << int(FailureClass::None) << "missing-field";
        QTest::newRow("types") << "types" << int(PaymentFunction::CapturePayment)
                               << int(FailureClass::None) << "wrong-type";
        QTest::newRow("enum") << "enum" << int(PaymentFunction::GetPaymentStatus)
                              << int(FailureClass::None) << "wrong-enum";
    }
    void brokenAnswers_areClassified()
    {
        QFETCH(QString, scenario);
        QFETCH(int, function);
        QFETCH(int, failure);
        QFETCH(QString, code);
        testsupport::MiniGateway gateway;
        CallRunner runner;
        const CallResult result =
            callAndWait(runner, targetAt(gateway.baseUrl(scenario)),
                        spec(static_cast<PaymentFunction>(function)),
                        {{QStringLiteral("paymentId"), QStringLiteral("pay_1")}});
        QCOMPARE(int(result.failure), failure);
        QVERIFY2(result.contract.find(code), qPrintable(describe(result)));
        QVERIFY(result.hasFailure());
    }

    void refusedPort_isConnectionRefused()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        }
        CallRunner runner;
        const CallResult result =
            callAndWait(runner, targetAt(QStringLiteral("http://127.0.0.1:%1").arg(port)),
                        spec(PaymentFunction::CreatePayment));
        QCOMPARE(result.failure, FailureClass::ConnectionRefused);
        QVERIFY(result.failureDetails.contains(QString::number(port)));
    }

    void unknownHost_isDnsFailure()
    {
        CallRunner runner;
        const CallResult result =
            callAndWait(runner, targetAt(QStringLiteral("http://nonexistent.invalid")),
                        spec(PaymentFunction::CreatePayment));
        QCOMPARE(result.failure, FailureClass::DnsFailure);
        QVERIFY(result.failureDetails.contains(QStringLiteral("nonexistent.invalid")));
    }

    void silentServer_isTimeoutAtTheCallsLimit()
    {
        testsupport::RawServer silent{QByteArray()};
        CallRunner runner;
        CallSpec create = spec(PaymentFunction::CreatePayment);
        create.timeoutMs = 300;
        const CallResult result = callAndWait(
            runner, targetAt(QStringLiteral("http://127.0.0.1:%1").arg(silent.port())), create);
        QCOMPARE(result.failure, FailureClass::Timeout);
        create.profile = &newestOpenfrontProfile();
        const CallResult asOpenfront = callAndWait(
            runner, targetAt(QStringLiteral("http://127.0.0.1:%1").arg(silent.port())), create);
        QVERIFY(asOpenfront.verdict().find(QStringLiteral("openfront-no-timeout")));
    }

    void redirect_isReportedNotFollowed()
    {
        testsupport::RawServer target{QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")};
        testsupport::RawServer redirecting{
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:" +
            QByteArray::number(target.port()) +
            "/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"};
        CallRunner runner;
        const CallResult result = callAndWait(
            runner, targetAt(QStringLiteral("http://127.0.0.1:%1").arg(redirecting.port())),
            spec(PaymentFunction::CreatePayment));
        QCOMPARE(result.failure, FailureClass::Redirect);
        QCOMPARE(result.response.httpStatus, 307);
        QVERIFY(target.m_received.isEmpty()); // credentials were not re-sent
    }

    void selfSignedTls_isRefusedWithCertificateDetails()
    {
        const testsupport::TestCertificate certificate = testsupport::makeSelfSignedCertificate();
        QVERIFY(!certificate.certificate.isNull());
        testsupport::RawServer tls{testsupport::rawJsonAnswer("{}"), &certificate};
        CallRunner runner;
        const CallTarget target = targetAt(QStringLiteral("https://127.0.0.1:%1").arg(tls.port()));
        const CallResult refused =
            callAndWait(runner, target, spec(PaymentFunction::CreatePayment));
        QCOMPARE(refused.failure, FailureClass::TlsFailure);
        QCOMPARE(refused.response.certificate.subject, QStringLiteral("Paybench Test"));
        QCOMPARE(refused.response.certificate.issuer, QStringLiteral("Paybench Test"));
        QVERIFY(refused.response.certificate.notAfter.isValid());
        QVERIFY2(refused.failureDetails.contains(QStringLiteral("self")),
                 qPrintable(refused.failureDetails));
        const QByteArray report = json::stringify(callReport(refused));
        QVERIFY(report.contains("\"certificate\":{\"subject\":\"Paybench Test\""));

        // Ignoring errors is an explicit choice, and the verdict says it was made.
        CallOptions ignore;
        ignore.ignoreTlsErrors = true;
        const CallResult ignored =
            callAndWait(runner, target, spec(PaymentFunction::CreatePayment), {}, ignore);
        QCOMPARE(ignored.response.outcome, TransportOutcome::Completed);
        QVERIFY(ignored.contract.find(QStringLiteral("tls-errors-ignored")));

        // Trusting the test CA for this call makes it verify cleanly.
        CallOptions trusted;
        trusted.extraCaCertificates = {certificate.certificate};
        const CallResult verified =
            callAndWait(runner, target, spec(PaymentFunction::CreatePayment), {}, trusted);
        QVERIFY2(verified.response.outcome == TransportOutcome::Completed,
                 qPrintable(describe(verified)));
        QVERIFY(!verified.contract.find(QStringLiteral("tls-errors-ignored")));
    }

    void platformCaFile_trustsItsServer_andAMissingOneFailsWithoutSending()
    {
        const testsupport::TestCertificate certificate = testsupport::makeSelfSignedCertificate();
        testsupport::RawServer tls{testsupport::rawJsonAnswer("{}"), &certificate};
        QTemporaryDir dir;
        const QString caFile = dir.filePath(QStringLiteral("gateway-ca.pem"));
        QFile pem(caFile);
        QVERIFY(pem.open(QIODevice::WriteOnly));
        pem.write(certificate.certificate.toPem());
        pem.close();

        CallRunner runner;
        CallTarget target = targetAt(QStringLiteral("https://127.0.0.1:%1").arg(tls.port()));
        target.caCertificateFile = caFile;
        const CallResult verified =
            callAndWait(runner, target, spec(PaymentFunction::CreatePayment));
        QVERIFY2(verified.response.outcome == TransportOutcome::Completed,
                 qPrintable(describe(verified)));
        QVERIFY(verified.response.certificate.errors.isEmpty());

        // A CA file that went missing is a TLS set-up failure that names the file; nothing is
        // sent without the trust the platform asked for.
        const QByteArray receivedBefore = tls.m_received;
        target.caCertificateFile = dir.filePath(QStringLiteral("moved.pem"));
        const CallResult missing =
            callAndWait(runner, target, spec(PaymentFunction::CreatePayment));
        QCOMPARE(missing.failure, FailureClass::TlsFailure);
        QCOMPARE(missing.response.outcome, TransportOutcome::NotSent);
        QVERIFY2(missing.failureDetails.contains(QStringLiteral("moved.pem")),
                 qPrintable(missing.failureDetails));
        QCOMPARE(tls.m_received, receivedBefore);

        // Plain http targets do not need the file at all.
        testsupport::RawServer plain{testsupport::rawJsonAnswer("{}")};
        CallTarget http = targetAt(QStringLiteral("http://127.0.0.1:%1").arg(plain.port()));
        http.caCertificateFile = dir.filePath(QStringLiteral("moved.pem"));
        QCOMPARE(callAndWait(runner, http, spec(PaymentFunction::CreatePayment)).response.outcome,
                 TransportOutcome::Completed);
    }

    void caCertificateCache_readsAgainOnlyWhenTheFileChanges()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ca.pem"));
        const auto writeCertificate = [&path](const QSslCertificate &certificate) {
            QFile file(path);
            return file.open(QIODevice::WriteOnly) && file.write(certificate.toPem()) > 0;
        };
        const QSslCertificate first = testsupport::makeSelfSignedCertificate(3600).certificate;
        const QSslCertificate second = testsupport::makeSelfSignedCertificate(7200).certificate;
        QVERIFY(writeCertificate(first));
        CaCertificateCache cache;
        QString error;
        QCOMPARE(cache.certificates(path, &error).value_or(QList<QSslCertificate>{}),
                 QList<QSslCertificate>{first});
        // A replaced certificate is seen without a new cache.
        QVERIFY(writeCertificate(second));
        QFile touched(path);
        QVERIFY(touched.open(QIODevice::ReadWrite));
        QVERIFY(touched.setFileTime(QDateTime::currentDateTimeUtc().addSecs(5),
                                    QFileDevice::FileModificationTime));
        touched.close();
        QCOMPARE(cache.certificates(path, &error).value_or(QList<QSslCertificate>{}),
                 QList<QSslCertificate>{second});
        QVERIFY(QFile::remove(path));
        QVERIFY(!cache.certificates(path, &error));
        QVERIFY(error.contains(QStringLiteral("ca.pem")));
    }

    void endlessAnswer_isCutOff()
    {
        const QByteArray body(qsizetype{17} * 1024 * 1024, 'x');
        testsupport::RawServer huge{"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                    "Content-Length: " +
                                    QByteArray::number(body.size()) + "\r\n\r\n" + body};
        CallRunner runner;
        const CallResult result =
            callAndWait(runner, targetAt(QStringLiteral("http://127.0.0.1:%1").arg(huge.port())),
                        spec(PaymentFunction::CreatePayment));
        QCOMPARE(result.failure, FailureClass::NetworkError);
        QVERIFY(result.failureDetails.contains(QStringLiteral("larger than")));
    }

    void builtInAdapter_isBadUrlWithoutNetwork()
    {
        CallTarget target = targetAt(QStringLiteral("http://127.0.0.1:1"));
        target.targets[0] = QStringLiteral("manual");
        CallRunner runner;
        const CallResult result = callAndWait(runner, target, spec(PaymentFunction::CreatePayment));
        QCOMPARE(result.failure, FailureClass::BadUrl);
    }

    void cancel_endsTheCallWithOneSignal()
    {
        testsupport::RawServer silent{QByteArray()};
        CallRunner runner;
        QSignalSpy spy(&runner, &CallRunner::callFinished);
        const quint64 id = runner.send(
            prepareCall(targetAt(QStringLiteral("http://127.0.0.1:%1").arg(silent.port())),
                        spec(PaymentFunction::CreatePayment)));
        QCOMPARE(runner.pendingCount(), 1);
        QTimer::singleShot(50, &runner, [&runner, id] { runner.cancel(id); });
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.at(0).at(1).value<CallResult>().failure, FailureClass::Cancelled);
        QCOMPARE(runner.pendingCount(), 0);
        QTest::qWait(50);
        QCOMPARE(spy.count(), 1);
    }

    void history_storesMaskedCalls_andNeverTheSecret()
    {
        QTemporaryDir dir;
        testsupport::MiniGateway gateway;
        CallRunner runner;
        CallHistory history(dir.filePath(QStringLiteral("history.sqlite")));
        QString error;
        QVERIFY2(history.open(&error), qPrintable(error));
        const CallTarget target = targetAt(gateway.baseUrl(QStringLiteral("ok")));
        CallVariables variables;
        for (PaymentFunction function : kAllPaymentFunctions) {
            for (const RuntimeProfile *profile : runtimeProfiles()) {
                const CallResult result =
                    callAndWait(runner, target, spec(function, profile), variables);
                variables = result.variables;
                QVERIFY(history.record(result, &error) > 0);
                // The cURL command shown by default is masked too.
                QVERIFY(!curlCommand(result.call).contains(kApiKey));
                QVERIFY(!curlCommand(result.call).contains(kWebhookSecret));
            }
        }
        QCOMPARE(history.query({}, 100).entries.size(),
                 int(kAllPaymentFunctions.size()) * runtimeProfiles().size());
        const auto stored = history.entry(history.query({}, 1).entries.first().id);
        QVERIFY(stored && !stored->report.isEmpty());
        QVERIFY(json::parse(stored->report).value);
        // Grep every file SQLite wrote for either secret.
        for (const QString &name : QDir(dir.path()).entryList(QDir::Files)) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY2(!bytes.contains(kApiKey.toUtf8()), qPrintable(name));
            QVERIFY2(!bytes.contains(kWebhookSecret.toUtf8()), qPrintable(name));
        }
    }

    void history_textSearch_findsRareMatchesBeyondTheNewestRows()
    {
        QTemporaryDir dir;
        CallHistory history(dir.filePath(QStringLiteral("h.sqlite")));
        QVERIFY(history.open(nullptr));
        const QDateTime base(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc());
        QVector<client::HistoryEntry> entries;
        for (int i = 0; i < 3000; ++i) {
            client::HistoryEntry entry;
            entry.startedAt = base.addSecs(i);
            entry.provider = QStringLiteral("pp_x");
            entry.function = QStringLiteral("create-payment");
            entry.profile = QStringLiteral("documented");
            entry.url = QStringLiteral("http://h/api/create-payment");
            entry.failure = QStringLiteral("none");
            entry.verdict = QStringLiteral("pass");
            entry.openfrontVerdict = QStringLiteral("pass");
            entry.paymentId = i % 1000 == 7 ? QStringLiteral("needle_%1").arg(i)
                                            : QStringLiteral("hay_%1").arg(i);
            entries.append(entry);
        }
        QVERIFY(history.append(entries));
        HistoryFilter rare;
        rare.text = QStringLiteral("NEEDLE");
        const auto found = history.query(rare, 10).entries;
        QCOMPARE(found.size(), 3);
        QCOMPARE(found.at(0).paymentId, QStringLiteral("needle_2007"));
        QCOMPARE(found.at(2).paymentId, QStringLiteral("needle_7"));
        // A common term pages through every match once.
        HistoryFilter common;
        common.text = QStringLiteral("hay_");
        int total = 0;
        std::optional<client::HistoryCursor> cursor;
        do {
            const auto page = history.query(common, 500, cursor);
            total += static_cast<int>(page.entries.size());
            cursor = page.next;
        } while (cursor);
        QCOMPARE(total, 2997);
    }

    void history_recordsCallsThatNeverGotAnAnswer()
    {
        QTemporaryDir dir;
        CallHistory history(dir.filePath(QStringLiteral("h.sqlite")));
        QVERIFY(history.open(nullptr));
        CallTarget target = targetAt(QStringLiteral("http://127.0.0.1:1"));
        target.targets[0] = QStringLiteral("stripe");
        CallRunner runner;
        const CallResult result = callAndWait(runner, target, spec(PaymentFunction::CreatePayment));
        QString error;
        QVERIFY2(history.record(result, &error) > 0, qPrintable(error));
        const auto entries = history.query({}, 10).entries;
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().failure, QStringLiteral("bad-url"));
        QCOMPARE(entries.first().httpStatus, 0);
    }

    void history_filtersAndKeysetPaging()
    {
        QTemporaryDir dir;
        CallHistory history(dir.filePath(QStringLiteral("h.sqlite")));
        QVERIFY(history.open(nullptr));
        QSignalSpy added(&history, &CallHistory::entryAdded);
        const QDateTime base(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc());
        QVector<client::HistoryEntry> entries;
        for (int i = 0; i < 250; ++i) {
            client::HistoryEntry entry;
            entry.startedAt = base.addSecs(qint64{60} * i);
            entry.provider = i % 2 ? QStringLiteral("pp_odd") : QStringLiteral("pp_even");
            entry.function = functionSlug(kAllPaymentFunctions.at(static_cast<size_t>(i % 6)));
            entry.profile = QStringLiteral("documented");
            entry.url = QStringLiteral("http://h/%1").arg(i);
            entry.httpStatus = i % 5 == 0 ? 500 : 200;
            entry.failure = QStringLiteral("none");
            entry.verdict = i % 5 == 0 ? QStringLiteral("failure") : QStringLiteral("pass");
            entry.openfrontVerdict = QStringLiteral("pass");
            entry.paymentId = QStringLiteral("pay_%1").arg(i);
            entry.report = "{}";
            entries.append(entry);
        }
        QVERIFY(history.append(entries));
        QCOMPARE(added.count(), 0); // bulk appends are silent

        // Paging walks every row once, newest first.
        HistoryFilter all;
        std::optional<client::HistoryCursor> cursor;
        QSet<qint64> seen;
        QDateTime previous = base.addYears(1);
        int pages = 0;
        do {
            const client::HistoryPage page = history.query(all, 40, cursor);
            for (const client::HistoryEntry &entry : page.entries) {
                QVERIFY(entry.startedAt <= previous);
                previous = entry.startedAt;
                seen.insert(entry.id);
            }
            cursor = page.next;
            ++pages;
        } while (cursor);
        QCOMPARE(seen.size(), 250);
        QCOMPARE(pages, 7);

        HistoryFilter filter;
        filter.provider = QStringLiteral("pp_odd");
        filter.httpStatus = 500;
        const auto failures = history.query(filter, 100).entries;
        QCOMPARE(failures.size(), 25); // odd multiples of 5 below 250
        for (const auto &entry : failures)
            QVERIFY(entry.provider == QLatin1String("pp_odd") &&
                    entry.verdict == QLatin1String("failure"));

        HistoryFilter window;
        window.from = base.addSecs(qint64{60} * 10);
        window.to = base.addSecs(qint64{60} * 20);
        window.function = QStringLiteral("create-payment");
        const auto inWindow = history.query(window, 100).entries;
        QCOMPARE(inWindow.size(), 2); // i = 12 and 18
        HistoryFilter text;
        text.text = QStringLiteral("pay_24");
        QCOMPARE(history.query(text, 100).entries.size(), 11); // pay_24 and pay_240 to pay_249
    }
};

QTEST_MAIN(TestClient)
#include "tst_client.moc"
