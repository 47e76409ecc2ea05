#include "OpenfrontSync.h"

#include <QJsonArray>
#include <QTest>

using namespace paybench;
using namespace paybench::openfront;

namespace {

Workspace makeWorkspace()
{
    Workspace workspace = Workspace::createEmpty();
    workspace.regions.append(Region{QStringLiteral("eu"),
                                    QStringLiteral("Europe"),
                                    QStringLiteral("EUR"),
                                    {QStringLiteral("DE")}});
    Platform platform;
    platform.name = QStringLiteral("Main");
    platform.setBaseUrl(QStringLiteral("https://pay.example.com"));
    workspace.platforms.append(platform);
    ProviderInstance provider;
    provider.name = QStringLiteral("EU");
    provider.code = QStringLiteral("pp_main");
    provider.platform = QStringLiteral("Main");
    provider.regions = {QStringLiteral("eu")};
    provider.credentials.append(
        Credential{QStringLiteral("apiKey"), QStringLiteral("sk_1"), true, true});
    workspace.providers.append(provider);
    return workspace;
}

QJsonObject recordOf(const Workspace &workspace, bool withCredentials)
{
    const ProviderInstance &provider = workspace.providers.first();
    return openfrontCreateInput(workspace, provider,
                                withCredentials ? std::optional(exportedCredentials(provider))
                                                : std::nullopt);
}

StoreProvider storeCopy(const QJsonObject &record)
{
    StoreProvider provider;
    provider.id = QStringLiteral("id1");
    provider.record = record;
    if (!provider.record.contains(QStringLiteral("credentials")))
        provider.record.insert(QStringLiteral("credentials"), QJsonObject());
    provider.regions.append(Region{QStringLiteral("eu"),
                                   QStringLiteral("Europe"),
                                   QStringLiteral("EUR"),
                                   {QStringLiteral("DE")}});
    return provider;
}

} // namespace

class OpenfrontSyncTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void push_providerMissingInStore_isCreatedWithWholeRecord()
    {
        const QJsonObject record = recordOf(makeWorkspace(), false);
        const PushPlan plan = planPush({record}, {}, {QStringLiteral("eu")});
        QVERIFY(plan.errors.isEmpty());
        QCOMPARE(plan.steps.size(), 1);
        QCOMPARE(plan.steps.first().action, PushAction::Create);
        QCOMPARE(plan.steps.first().data, record);
    }

    void push_sameRecord_changesNothing()
    {
        const QJsonObject record = recordOf(makeWorkspace(), false);
        const PushPlan plan = planPush({record}, {storeCopy(record)}, {QStringLiteral("eu")});
        QVERIFY(!plan.changesSomething());
        QCOMPARE(plan.steps.first().action, PushAction::Unchanged);
    }

    void push_changedNameAndRegions_sendsOnlyThoseWithRegionSet()
    {
        Workspace workspace = makeWorkspace();
        const StoreProvider store = storeCopy(recordOf(workspace, false));
        workspace.regions.append(Region{QStringLiteral("us"),
                                        QStringLiteral("US"),
                                        QStringLiteral("USD"),
                                        {QStringLiteral("US")}});
        workspace.providers.first().name = QStringLiteral("EU 2");
        workspace.providers.first().regions = {QStringLiteral("us")};
        const PushPlan plan =
            planPush({recordOf(workspace, false)}, {store}, {QStringLiteral("us")});
        QVERIFY(plan.errors.isEmpty());
        const PushStep &step = plan.steps.first();
        QCOMPARE(step.action, PushAction::Update);
        QCOMPARE(step.data.keys(),
                 (QStringList{QStringLiteral("name"), QStringLiteral("regions")}));
        QCOMPARE(step.data.value(QStringLiteral("regions")).toObject(),
                 (QJsonObject{{QStringLiteral("set"),
                               QJsonArray{QJsonObject{{QStringLiteral("code"), "us"}}}}}));
    }

    void push_regionMissingInStore_isAnErrorNamingIt()
    {
        const PushPlan plan = planPush({recordOf(makeWorkspace(), false)}, {}, {});
        QCOMPARE(plan.errors.size(), 1);
        QVERIFY(plan.errors.first().contains(QLatin1String("region eu")));
        QVERIFY(plan.errors.first().contains(QLatin1String("pp_main")));
    }

    void diff_differentCredential_neverShowsItsValues()
    {
        const QJsonObject mine = recordOf(makeWorkspace(), true);
        StoreProvider theirs = storeCopy(mine);
        theirs.record.insert(QStringLiteral("credentials"),
                             QJsonObject{{QStringLiteral("apiKey"), "sk_store_2"},
                                         {QStringLiteral("environment"), "sandbox"}});
        const QVector<ProviderDiff> diffs = diffProviders({mine}, {theirs});
        QCOMPARE(diffs.size(), 1);
        QCOMPARE(diffs.first().state, DiffState::Different);
        QCOMPARE(diffs.first().differences.size(), 1);
        const QString text = describeDifference(diffs.first().differences.first());
        QCOMPARE(text, QStringLiteral("credentials.apiKey: differs (values not shown)"));
    }

    void diff_providerOnlyInStore_isReported()
    {
        StoreProvider other = storeCopy(recordOf(makeWorkspace(), false));
        other.record.insert(QStringLiteral("code"), QStringLiteral("pp_other"));
        const QVector<ProviderDiff> diffs =
            diffProviders({recordOf(makeWorkspace(), false)}, {other});
        QCOMPARE(diffs.size(), 2);
        QCOMPARE(diffs.at(0).state, DiffState::OnlyInWorkspace);
        QCOMPARE(diffs.at(1).state, DiffState::OnlyInStore);
    }

    void pull_intoEmptyWorkspace_addsRegionAndMarksCredentialsSecret()
    {
        StoreProvider store = storeCopy(recordOf(makeWorkspace(), false));
        store.record.insert(QStringLiteral("credentials"),
                            QJsonObject{{QStringLiteral("merchantId"), "m_1"}});
        const PullOutcome outcome =
            planPull(Workspace::createEmpty(), {store}, ImportConflictPolicy::Fail);
        QVERIFY2(outcome.report.ok(), qPrintable(outcome.report.errors.join(QLatin1Char('\n'))));
        QCOMPARE(outcome.regionsAdded, QStringList{QStringLiteral("eu")});
        const ProviderInstance *provider = outcome.workspace.provider(QStringLiteral("pp_main"));
        QVERIFY(provider);
        QVERIFY(provider->credential(QStringLiteral("merchantId"))->secret);
    }
};

QTEST_GUILESS_MAIN(OpenfrontSyncTest)
#include "tst_openfrontsync.moc"
