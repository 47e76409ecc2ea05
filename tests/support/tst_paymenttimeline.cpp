#include "CallHistory.h"
#include "CliRunner.h"
#include "LoopbackHttpServer.h"
#include "PaymentTimeline.h"
#include "WebhookEvents.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace paybench;
using namespace paybench::support;

namespace {

QDateTime at(int minute)
{
    return QDateTime(QDate(2026, 1, 2), QTime(10, minute), QTimeZone::utc());
}

TimelineEvent call(int minute, const QString &function, const QString &status,
                   std::optional<qint64> amount = std::nullopt, bool succeeded = true)
{
    TimelineEvent event;
    event.at = at(minute);
    event.function = function;
    event.httpStatus = succeeded ? 200 : 400;
    event.succeeded = succeeded;
    event.status = succeeded ? status : QString();
    event.amount = amount;
    return event;
}

TimelineEvent webhookEvent(int minute, const QString &type, bool linked = true)
{
    TimelineEvent event;
    event.at = at(minute);
    event.kind = TimelineEvent::Kind::Webhook;
    event.function = QStringLiteral("handle-webhook");
    event.httpStatus = 200;
    event.succeeded = true;
    event.eventType = type;
    event.eventId = QStringLiteral("evt_%1").arg(minute);
    event.status = paymentStatusForEvent(type);
    event.openfrontLink = linked;
    return event;
}

QStringList codes(const QVector<Contradiction> &contradictions)
{
    QStringList list;
    for (const Contradiction &c : contradictions)
        list.append(c.code);
    return list;
}

contract::CallResult capturedResult(const contract::CallTarget &target, qint64 amount)
{
    contract::CallSpec spec;
    spec.function = PaymentFunction::CapturePayment;
    spec.paymentId = QStringLiteral("pay_7");
    spec.amount = amount;
    contract::CallResponse response;
    response.httpStatus = 200;
    response.headers = {{"Content-Type", "application/json"}};
    response.body = QStringLiteral(R"({"success":true,"transactionId":"tx_1","capturedAmount":%1})")
                        .arg(amount)
                        .toUtf8();
    response.startedAt = at(5);
    return contract::evaluateCall(contract::prepareCall(target, spec), response);
}

} // namespace

class TestPaymentTimeline : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void cleanFlow_hasNoContradiction()
    {
        const QVector<TimelineEvent> timeline{
            call(1, QStringLiteral("create-payment"), QStringLiteral("pending"), 1000),
            webhookEvent(2, QStringLiteral("payment_intent.amount_capturable_updated")),
            call(3, QStringLiteral("capture-payment"), QStringLiteral("captured"), 1000),
            call(4, QStringLiteral("refund-payment"), QStringLiteral("refunded"), 400),
            call(5, QStringLiteral("get-payment-status"), QStringLiteral("captured"), 1000),
        };
        QVERIFY2(findContradictions(timeline).isEmpty(),
                 qPrintable(codes(findContradictions(timeline)).join(QLatin1Char(','))));
    }

    void capturedTwice_isFailure()
    {
        const auto found = findContradictions({
            call(1, QStringLiteral("capture-payment"), QStringLiteral("captured"), 1000),
            call(2, QStringLiteral("capture-payment"), QStringLiteral("captured"), 1000),
        });
        QCOMPARE(codes(found), QStringList{QStringLiteral("captured-twice")});
        QCOMPARE(found.first().severity, contract::Severity::Failure);
        QCOMPARE(found.first().events, (QVector<int>{0, 1}));
    }

    void refusedSecondCapture_isFine()
    {
        QVERIFY(findContradictions({
                                       call(1, QStringLiteral("capture-payment"),
                                            QStringLiteral("captured"), 1000),
                                       call(2, QStringLiteral("capture-payment"),
                                            QStringLiteral("captured"), 1000, false),
                                   })
                    .isEmpty());
    }

    void refundsBeyondCaptured_areFlaggedWhenTheSumPassesIt()
    {
        const auto found = findContradictions({
            call(1, QStringLiteral("capture-payment"), QStringLiteral("captured"), 1000),
            call(2, QStringLiteral("refund-payment"), QStringLiteral("refunded"), 600),
            call(3, QStringLiteral("refund-payment"), QStringLiteral("refunded"), 600),
        });
        QCOMPARE(codes(found), QStringList{QStringLiteral("over-refunded")});
        QVERIFY(found.first().message.contains(QStringLiteral("1200")));
        QCOMPARE(found.first().events, (QVector<int>{0, 1, 2}));
    }

    void refundWithoutCapture_comparesWithCreatedAmount()
    {
        const auto found = findContradictions({
            call(1, QStringLiteral("create-payment"), QStringLiteral("pending"), 500),
            call(2, QStringLiteral("refund-payment"), QStringLiteral("refunded"), 700),
        });
        QVERIFY(codes(found).contains(QStringLiteral("over-refunded")));
    }

    void statusGoingBackwards_isWarning()
    {
        const auto found = findContradictions({
            call(1, QStringLiteral("capture-payment"), QStringLiteral("captured"), 1000),
            call(2, QStringLiteral("get-payment-status"), QStringLiteral("pending")),
        });
        QCOMPARE(codes(found), QStringList{QStringLiteral("status-backwards")});
        QCOMPARE(found.first().severity, contract::Severity::Warning);
    }

    void changeAfterCancelled_isFailure()
    {
        const auto found = findContradictions({
            webhookEvent(1, QStringLiteral("payment_intent.canceled")),
            call(2, QStringLiteral("capture-payment"), QStringLiteral("captured"), 1000),
        });
        QCOMPARE(codes(found), QStringList{QStringLiteral("status-backwards")});
        QCOMPARE(found.first().severity, contract::Severity::Failure);
        QVERIFY(found.first().message.contains(QStringLiteral("cancelled")));
    }

    void documentedWebhookName_isOnlyRecordedByOpenfront()
    {
        const auto found =
            findContradictions({webhookEvent(1, QStringLiteral("payment.captured"))});
        QCOMPARE(codes(found), QStringList{QStringLiteral("webhook-ignored")});
        QVERIFY(findContradictions({webhookEvent(1, QStringLiteral("PAYMENT.CAPTURE.COMPLETED"))})
                    .isEmpty());
    }

    void webhookWithoutMetadata_isUnlinked()
    {
        const auto found = findContradictions(
            {webhookEvent(1, QStringLiteral("payment_intent.succeeded"), false)});
        QCOMPARE(codes(found), QStringList{QStringLiteral("webhook-unlinked")});
        QCOMPARE(found.first().severity, contract::Severity::Failure);
    }

    void historyEntry_isReadFromTheContractReport()
    {
        QString error;
        const auto target = contract::CallTarget::fromBaseUrl(
            QStringLiteral("http://127.0.0.1:9"), {{QStringLiteral("apiKey"), QStringLiteral("k")}},
            &error);
        QVERIFY(target);
        client::HistoryEntry entry = client::CallHistory::entryFor(capturedResult(*target, 1234));
        entry.id = 7;
        const auto event = timelineEventFromHistory(entry);
        QVERIFY(event);
        QCOMPARE(event->function, QStringLiteral("capture-payment"));
        QCOMPARE(event->status, QStringLiteral("captured"));
        QCOMPARE(event->amount, std::optional<qint64>(1234));
        QVERIFY(event->succeeded);
        QCOMPARE(event->source, QStringLiteral("history #7"));
    }

    void cli_diagnose_findsDoubleCaptureInHistory()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath(QStringLiteral("history.sqlite"));
        test::LoopbackHttpServer server([](const test::LoopbackHttpServer::Request &request) {
            if (request.path.endsWith("get-payment-status"))
                return test::LoopbackHttpServer::Answer{
                    200, "application/json",
                    R"({"status":"captured","amount":1000,"currency":"USD","lastUpdated":"2026-01-02T10:05:00Z"})"};
            return test::LoopbackHttpServer::Answer{
                200, "application/json", "{\"url\":\"https://dashboard.example/payments/pay_7\"}"};
        });
        const QString base = QStringLiteral("http://127.0.0.1:%1").arg(server.port());
        QString error;
        const auto target = contract::CallTarget::fromBaseUrl(base, {}, &error);
        QVERIFY(target);
        {
            client::CallHistory history(database);
            QVERIFY2(history.open(&error), qPrintable(error));
            QVERIFY(history.record(capturedResult(*target, 1000), &error) > 0);
            QVERIFY(history.record(capturedResult(*target, 1000), &error) > 0);
        }
        const auto run = test::CliRunner().run(
            {QStringLiteral("diagnose"), QStringLiteral("--base-url"), base,
             QStringLiteral("--payment-id"), QStringLiteral("pay_7"),
             QStringLiteral("--history-db"), database, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 1, qPrintable(run.out + run.err));
        const auto report = json::parse(run.out.toUtf8());
        QVERIFY(report.value);
        QCOMPARE(report.value->member(QStringLiteral("timeline"))->items().size(), 4);
        QCOMPARE(report.value->member(QStringLiteral("contradictions"))
                     ->items()
                     .first()
                     .member(QStringLiteral("code"))
                     ->toString(),
                 QStringLiteral("captured-twice"));
        QCOMPARE(server.requests.size(), 2);

        const auto text =
            test::CliRunner().run({QStringLiteral("diagnose"), QStringLiteral("--base-url"), base,
                                   QStringLiteral("--payment-id"), QStringLiteral("pay_other"),
                                   QStringLiteral("--history-db"), database});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains(QStringLiteral("No contradictions.")));
    }
};

QTEST_GUILESS_MAIN(TestPaymentTimeline)
#include "tst_paymenttimeline.moc"
