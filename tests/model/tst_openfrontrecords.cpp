#include "OpenfrontRecords.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace paybench;

namespace {

Workspace makeWorkspace()
{
    Workspace workspace = Workspace::createEmpty();
    Platform platform;
    platform.name = QStringLiteral("Gateway");
    platform.setBaseUrl(QStringLiteral("https://pay.example.com"));
    workspace.platforms.append(platform);
    workspace.regions.append(
        Region{QStringLiteral("eu"), QStringLiteral("Europe"), QStringLiteral("EUR"), {}});
    ProviderInstance provider;
    provider.name = QStringLiteral("Main");
    provider.code = QStringLiteral("pp_main");
    provider.platform = platform.name;
    provider.environment = Environment::Live;
    provider.credentials = {
        {QStringLiteral("apiKey"), QStringLiteral("sk_secret_1"), true, true},
        {QStringLiteral("publishableKey"), QStringLiteral("pk_1"), false, true}};
    provider.regions = {QStringLiteral("eu")};
    provider.metadata = QJsonObject{{QStringLiteral("team"), QStringLiteral("payments")}};
    workspace.providers.append(provider);
    return workspace;
}

QByteArray toJson(const QJsonArray &records)
{
    return QJsonDocument(records).toJson(QJsonDocument::Compact);
}

} // namespace

class OpenfrontRecordsTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void export_flattensPlatformAndInstance()
    {
        const QJsonArray records = exportOpenfrontRecords(makeWorkspace(), false);
        QCOMPARE(records.size(), 1);
        const QJsonObject record = records.first().toObject();
        QCOMPARE(record.value(QStringLiteral("code")).toString(), QStringLiteral("pp_main"));
        QCOMPARE(record.value(QStringLiteral("isInstalled")).toBool(), true);
        QCOMPARE(record.value(QStringLiteral("refundPaymentFunction")).toString(),
                 QStringLiteral("https://pay.example.com/api/refund-payment"));
        // PaymentProviderCreateInput's shape, so the record can be sent to Openfront as it is.
        QCOMPARE(record.value(QStringLiteral("regions")).toObject(),
                 (QJsonObject{{QStringLiteral("connect"),
                               QJsonArray{QJsonObject{{QStringLiteral("code"), "eu"}}}}}));
        QVERIFY(!record.contains(QStringLiteral("credentials")));
        QVERIFY(!toJson(records).contains("sk_secret_1"));
    }

    void export_withoutRegions_leavesRegionsOut()
    {
        Workspace workspace = makeWorkspace();
        workspace.providers.first().regions.clear();
        const QJsonObject record = exportOpenfrontRecords(workspace, false).first().toObject();
        QVERIFY(!record.contains(QStringLiteral("regions")));
    }

    void export_withCredentials_includesThemOnlyWhenAsked()
    {
        const QJsonObject record = exportOpenfrontRecords(makeWorkspace(), true).first().toObject();
        const QJsonObject credentials = record.value(QStringLiteral("credentials")).toObject();
        QCOMPARE(credentials.value(QStringLiteral("apiKey")).toString(),
                 QStringLiteral("sk_secret_1"));
        QCOMPARE(credentials.value(QStringLiteral("environment")).toString(),
                 QStringLiteral("live"));
    }

    void import_ofExport_roundTripsIntoAnEmptyWorkspace()
    {
        const Workspace source = makeWorkspace();
        Workspace target = Workspace::createEmpty();
        target.regions = source.regions;
        const ImportReport report = importOpenfrontRecords(
            target, toJson(exportOpenfrontRecords(source, true)), ImportConflictPolicy::Fail);
        QVERIFY2(report.ok(), qPrintable(report.errors.join(QLatin1Char('\n'))));
        QCOMPARE(report.added, 1);
        QCOMPARE(report.platformsCreated, QStringList{QStringLiteral("Main")});
        const ProviderInstance &provider = target.providers.first();
        QCOMPARE(provider.environment, Environment::Live);
        QCOMPARE(provider.credential(QStringLiteral("apiKey"))->secret, true);
        QCOMPARE(provider.credential(QStringLiteral("publishableKey"))->secret, false);
        QCOMPARE(target.platforms.first().targets, source.platforms.first().targets);
    }

    void import_existingCode_failsWithoutChangingAnything()
    {
        Workspace workspace = makeWorkspace();
        const Workspace before = workspace;
        const ImportReport report =
            importOpenfrontRecords(workspace, toJson(exportOpenfrontRecords(workspace, false)),
                                   ImportConflictPolicy::Fail);
        QVERIFY(!report.ok());
        QCOMPARE(report.conflicts, QStringList{QStringLiteral("pp_main")});
        QCOMPARE(workspace, before);
    }

    void import_existingCode_skipOrReplace()
    {
        Workspace workspace = makeWorkspace();
        QJsonArray records = exportOpenfrontRecords(workspace, false);
        QJsonObject record = records.first().toObject();
        record.insert(QStringLiteral("name"), QStringLiteral("Replaced"));
        records = QJsonArray{record};

        ImportReport report =
            importOpenfrontRecords(workspace, toJson(records), ImportConflictPolicy::Skip);
        QVERIFY(report.ok());
        QCOMPARE(report.skipped, 1);
        QCOMPARE(workspace.providers.first().name, QStringLiteral("Main"));

        report = importOpenfrontRecords(workspace, toJson(records), ImportConflictPolicy::Replace);
        QVERIFY(report.ok());
        QCOMPARE(report.replaced, 1);
        QCOMPARE(workspace.providers.size(), 1);
        QCOMPARE(workspace.providers.first().name, QStringLiteral("Replaced"));
        // Same six targets: the existing platform is reused, not duplicated.
        QCOMPARE(workspace.platforms.size(), 1);
    }

    void import_badRecords_areReportedByNumber_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << QByteArray("{") << "not valid JSON";
        QTest::newRow("bad code") << QByteArray(R"([{"name":"a","code":"stripe"}])")
                                  << "record 1: \"code\"";
        QTest::newRow("missing function")
            << QByteArray(R"([{"name":"a","code":"pp_a"}])") << "createPaymentFunction";
        QTest::newRow("unknown region")
            << QByteArray(
                   R"([{"name":"a","code":"pp_a","createPaymentFunction":"manual",)"
                   R"("capturePaymentFunction":"manual","refundPaymentFunction":"manual",)"
                   R"("getPaymentStatusFunction":"manual","generatePaymentLinkFunction":"manual",)"
                   R"("handleWebhookFunction":"manual","regions":["us"]}])")
            << "region \"us\" is not in this workspace";
    }

    void import_badRecords_areReportedByNumber()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        Workspace workspace = makeWorkspace();
        const Workspace before = workspace;
        const ImportReport report =
            importOpenfrontRecords(workspace, json, ImportConflictPolicy::Fail);
        QVERIFY(!report.ok());
        QVERIFY2(report.errors.join(QLatin1Char('\n')).contains(message),
                 qPrintable(report.errors.join(QLatin1Char('\n'))));
        QCOMPARE(workspace, before);
    }
};

QTEST_GUILESS_MAIN(OpenfrontRecordsTest)
#include "tst_openfrontrecords.moc"
