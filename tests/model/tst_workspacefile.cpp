#include "SampleWorkspace.h"
#include "Validation.h"
#include "WorkspaceFile.h"

#include <QtTest>

using namespace paybench;

namespace {

Workspace sample()
{
    const WorkspaceLoadResult loaded = workspaceFromJson(sampleWorkspaceJson());
    return *loaded.workspace;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

} // namespace

class WorkspaceFileTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void sample_loadsAndIsValid()
    {
        const WorkspaceLoadResult loaded = workspaceFromJson(sampleWorkspaceJson());
        QVERIFY2(loaded.workspace, qPrintable(loaded.error));
        QCOMPARE(loaded.workspace->platforms.size(), 1);
        QCOMPARE(loaded.workspace->providers.size(), 1);
        QVERIFY(!hasErrors(validateWorkspace(*loaded.workspace)));
    }

    void sample_opensWithoutWarnings()
    {
        // Its demo keys are marked public, so nothing says "looks like a secret".
        const QVector<Finding> findings = validateWorkspace(sample());
        QStringList texts;
        for (const Finding &finding : findings)
            texts.append(finding.field + QLatin1Char(' ') + finding.message);
        QVERIFY2(findings.isEmpty(), qPrintable(texts.join(QLatin1Char('\n'))));
    }

    void markedPublic_keepsTheValueInTheFile_andIsNotMasked()
    {
        Workspace workspace = sample();
        Credential auth{QStringLiteral("auth"), QStringLiteral("demo-auth-token"), false, true};
        auth.markedPublic = true;
        workspace.providers[0].setCredential(auth);
        const QByteArray json = workspaceToJson(workspace);
        QVERIFY(json.contains("\"public\": true"));
        QVERIFY(json.contains("demo-auth-token"));
        const WorkspaceLoadResult back = workspaceFromJson(json);
        QVERIFY2(back.workspace, qPrintable(back.error));
        const Credential *loaded = back.workspace->providers[0].credential(QStringLiteral("auth"));
        QVERIFY(loaded->markedPublic);
        QVERIFY(!isMaskedCredential(*loaded));
        // Unmarked, the same name is masked and warned about.
        Credential plain = *loaded;
        plain.markedPublic = false;
        QVERIFY(isMaskedCredential(plain));
        workspace.providers[0].setCredential(plain);
        bool warned = false;
        for (const Finding &finding : validateWorkspace(workspace))
            warned = warned || finding.field == QLatin1String("credentials.auth");
        QVERIFY(warned);
    }

    void roundTrip_keepsEverything_andIsStable()
    {
        Workspace workspace = sample();
        workspace.providers[0].credentials.append(
            {QStringLiteral("extra"), QStringLiteral("${env:EXTRA}"), true, true});
        workspace.providers[0].metadata = QJsonObject{{QStringLiteral("n"), 3}};
        workspace.platforms[0].caCertificateFile = QStringLiteral("/etc/paybench/gateway-ca.pem");
        const QByteArray first = workspaceToJson(workspace);
        QVERIFY(first.contains("\"caCertificateFile\": \"/etc/paybench/gateway-ca.pem\""));
        const WorkspaceLoadResult back = workspaceFromJson(first);
        QVERIFY2(back.workspace, qPrintable(back.error));
        QCOMPARE(*back.workspace, workspace);
        QCOMPARE(workspaceToJson(*back.workspace), first);
    }

    void secretValues_neverReachTheFile()
    {
        Workspace workspace = sample();
        workspace.providers[0].setCredential(
            {QStringLiteral("apiKey"), QStringLiteral("sk_live_topsecret"), true, true});
        const QByteArray json = workspaceToJson(workspace);
        QVERIFY(!json.contains("sk_live_topsecret"));
        const WorkspaceLoadResult back = workspaceFromJson(json);
        const Credential *apiKey =
            back.workspace->providers[0].credential(QStringLiteral("apiKey"));
        QVERIFY(apiKey->secret);
        QVERIFY(!apiKey->valueLoaded);
    }

    void secretValueWrittenIntoTheFile_isRefused()
    {
        QByteArray json = workspaceToJson(sample());
        json.replace(R"("public": true,)", "");
        json.replace(R"("key": "apiKey",)", R"("key": "apiKey", "secret": true,)");
        const WorkspaceLoadResult loaded = workspaceFromJson(json);
        QVERIFY(!loaded.workspace);
        QVERIFY2(loaded.error.contains(QLatin1String("providers[0].credentials[0].value")),
                 qPrintable(loaded.error));
    }

    void badInput_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << "not valid JSON";
        QTest::newRow("garbage") << QByteArray("\x89PNG\r\n") << "not valid JSON";
        QTest::newRow("array") << QByteArray("[]") << "not a Paybench workspace";
        QTest::newRow("other json") << QByteArray(R"({"name":"x"})") << "not a Paybench workspace";
        QTest::newRow("newer") << QByteArray(R"({"format":"paybench-workspace","version":9})")
                               << "newer Paybench";
        QTest::newRow("bad version")
            << QByteArray(R"({"format":"paybench-workspace","version":"2"})") << "format version";
        QTest::newRow("version infinity")
            << QByteArray(R"({"format":"paybench-workspace","version":1e400})") << "format version";
        QTest::newRow("version past int")
            << QByteArray(R"({"format":"paybench-workspace","version":1e300})") << "format version";
        QTest::newRow("version fraction")
            << QByteArray(R"({"format":"paybench-workspace","version":1.5})") << "format version";
        QTest::newRow("wrong type")
            << QByteArray(R"({"format":"paybench-workspace","version":2,"id":"x",)"
                          R"("providers":[{"name":"a","code":"pp_a","platform":"p",)"
                          R"("installed":"yes"}]})")
            << "providers[0].installed must be true or false";
        QTest::newRow("secret and public")
            << QByteArray(R"({"format":"paybench-workspace","version":2,"id":"x",)"
                          R"("providers":[{"name":"a","code":"pp_a","platform":"p",)"
                          R"("credentials":[{"key":"k","secret":true,"public":true}]}]})")
            << "providers[0].credentials[0].public cannot be true for a secret";
        // The first problem in the order id, platforms, providers, regions, openfront, wherever
        // the members stand in the file.
        QTest::newRow("id before providers")
            << QByteArray(R"({"providers":[{"installed":"yes"}],"format":"paybench-workspace",)"
                          R"("version":2,"id":5})")
            << "workspace.id must be a string";
        QTest::newRow("first bad item")
            << QByteArray(R"({"format":"paybench-workspace","version":2,"id":"x","regions":[)"
                          R"({"code":"eu","name":"EU","currency":"EUR"},3,{"code":1}]})")
            << "regions[1] must be an object";
        QTest::newRow("not a list")
            << QByteArray(R"({"format":"paybench-workspace","version":2,"id":"x","platforms":{}})")
            << "workspace.platforms must be a list";
        QTest::newRow("missing function")
            << QByteArray(R"({"format":"paybench-workspace","version":2,"id":"x",)"
                          R"("platforms":[{"name":"p"}]})")
            << "platforms[0].createPaymentFunction must be a string";
        QTest::newRow("region code not a string")
            << QByteArray(R"({"format":"paybench-workspace","version":2,"id":"x",)"
                          R"("providers":[{"name":"a","code":"pp_a","platform":"p",)"
                          R"("regions":["eu",3]}]})")
            << "providers[0].regions[1] must be a string";
        QTest::newRow("credentials not a list")
            << QByteArray(R"({"format":"paybench-workspace","version":2,"id":"x",)"
                          R"("providers":[{"name":"a","code":"pp_a","platform":"p",)"
                          R"("credentials":{"k":"v"}}]})")
            << "providers[0].credentials must be a list";
        QTest::newRow("metadata not an object")
            << QByteArray(R"({"format":"paybench-workspace","version":2,"id":"x",)"
                          R"("providers":[{"name":"a","code":"pp_a","platform":"p",)"
                          R"("metadata":null}]})")
            << "providers[0].metadata must be an object";
        QTest::newRow("openfront without url")
            << QByteArray(R"({"format":"paybench-workspace","version":2,"id":"x","openfront":{}})")
            << "openfront.graphqlUrl must be a string";
        QTest::newRow("json error after a problem")
            << QByteArray(R"({"format":"paybench-workspace","version":2,"id":5,"regions":[)")
            << "not valid JSON";
        QTest::newRow("version 1 platforms not a list")
            << QByteArray(R"({"format":"paybench-workspace","version":1,"platforms":3})")
            << "workspace.platforms must be a list";
        QTest::newRow("bad environment")
            << QByteArray(R"({"format":"paybench-workspace","version":2,"id":"x",)"
                          R"("providers":[{"name":"a","code":"pp_a","platform":"p",)"
                          R"("environment":"prod"}]})")
            << "providers[0].environment";
    }

    void badInput()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const WorkspaceLoadResult loaded = workspaceFromJson(json);
        QVERIFY(!loaded.workspace);
        QVERIFY2(loaded.error.contains(message), qPrintable(loaded.error));
    }

    // As in JavaScript, the last of a repeated member counts, and members Paybench does not
    // know (a newer version's) are passed over, however deep.
    void repeatedMembers_theLastCounts_andUnknownOnesAreSkipped()
    {
        const QByteArray json = R"({"format": "other", "format": "paybench-workspace",
            "version": 2, "id": "w", "future": {"deep": [1, {"x": null}], "s": "\u00e9"},
            "providers": [{"name": "gone"}],
            "providers": [{"name": 1, "name": "Shop", "code": "pp_shop", "platform": "P",
                "installed": "yes", "installed": false, "regions": [3], "regions": ["eu"],
                "credentials": [{"key": "a"}], "credentials": [{"key": "k", "key": "apiKey",
                "secret": true, "extra": [true]}], "metadata": 3, "metadata": {"n": 1}}]})";
        const WorkspaceLoadResult loaded = workspaceFromJson(json);
        QVERIFY2(loaded.workspace, qPrintable(loaded.error));
        QCOMPARE(loaded.workspace->providers.size(), 1);
        const ProviderInstance &provider = loaded.workspace->providers.at(0);
        QCOMPARE(provider.name, QStringLiteral("Shop"));
        QVERIFY(!provider.installed);
        QCOMPARE(provider.regions, QStringList{QStringLiteral("eu")});
        QCOMPARE(provider.credentials.size(), 1);
        QCOMPARE(provider.credentials.at(0).key, QStringLiteral("apiKey"));
        QVERIFY(provider.credentials.at(0).secret && !provider.credentials.at(0).valueLoaded);
        QCOMPARE(provider.metadata.object().value(QLatin1String("n")).toInt(), 1);
    }

    void corruptFile_isReported_andNeverOverwritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.json"));
        const QByteArray broken("{\"format\": \"paybench-workspace\", \"version\": 2, ");
        writeAll(path, broken);
        const WorkspaceLoadResult loaded = loadWorkspaceFile(path);
        QVERIFY(!loaded.workspace);
        QVERIFY2(loaded.error.startsWith(QLatin1String("broken.json")), qPrintable(loaded.error));
        QCOMPARE(readAll(path), broken);
    }

    void missingFile_isAClearError()
    {
        const WorkspaceLoadResult loaded = loadWorkspaceFile(QStringLiteral("/nonexistent/x.json"));
        QVERIFY(!loaded.workspace);
        QVERIFY(loaded.error.contains(QLatin1String("Cannot open")));
    }

    void save_keepsPreviousVersionAsBackup()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.json"));
        Workspace workspace = sample();
        QString error;
        QVERIFY2(saveWorkspaceFile(workspace, path, &error), qPrintable(error));
        const QByteArray first = readAll(path);
        workspace.platforms[0].name = QStringLiteral("Renamed");
        workspace.renamePlatform(QStringLiteral("Paybench demo gateway"),
                                 QStringLiteral("Renamed"));
        QVERIFY2(saveWorkspaceFile(workspace, path, &error), qPrintable(error));
        QCOMPARE(readAll(workspaceBackupPath(path)), first);
        QCOMPARE(*loadWorkspaceFile(path).workspace, workspace);
    }

    void failedSave_leavesTheOldFileIntact()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.json"));
        QString error;
        QVERIFY(saveWorkspaceFile(sample(), path, &error));
        const QByteArray before = readAll(path);
        // A non-empty directory where the backup goes makes the save fail after the new content
        // was written to its temporary file.
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("w.json.bak/keep")));
        Workspace changed = sample();
        changed.regions.clear();
        QVERIFY(!saveWorkspaceFile(changed, path, &error));
        QVERIFY(error.contains(QLatin1String("nothing was saved")));
        QCOMPARE(readAll(path), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("w.json")});
    }

    // Version 1 was read as a QJsonObject: credentials in key order, the last of a repeated key.
    void version1_credentials_comeInKeyOrder_andTheLastOfARepeatedKeyWins()
    {
        const QByteArray v1 = R"({"format": "paybench-workspace", "version": 1,
            "platforms": [], "regions": [],
            "providers": [{"name": "Legacy", "code": "pp_legacy", "platform": "Old",
                "credentials": {"zeta": "1", "apiKey": "sk_first", "zeta": "3", "apiKey": "sk_last"},
                "secretKeys": ["apiKey"]}]})";
        const WorkspaceLoadResult loaded = workspaceFromJson(v1);
        QVERIFY2(loaded.workspace, qPrintable(loaded.error));
        const QVector<Credential> &credentials = loaded.workspace->providers.at(0).credentials;
        QCOMPARE(credentials.size(), 2);
        QCOMPARE(credentials.at(0).key, QStringLiteral("apiKey"));
        QCOMPARE(credentials.at(0).value, QStringLiteral("sk_last"));
        QVERIFY(credentials.at(0).secret);
        QCOMPARE(credentials.at(1).key, QStringLiteral("zeta"));
        QCOMPARE(credentials.at(1).value, QStringLiteral("3"));
    }

    void version1_isMigrated_andSecretsMoveOutOnSave()
    {
        const QByteArray v1 = R"({
            "format": "paybench-workspace", "version": 1,
            "platforms": [{"name": "Old", "functions": {
                "create-payment": "https://p.example.com/api/create-payment",
                "capture-payment": "https://p.example.com/api/capture-payment",
                "refund-payment": "https://p.example.com/api/refund-payment",
                "get-payment-status": "https://p.example.com/api/get-payment-status",
                "generate-payment-link": "https://p.example.com/api/generate-payment-link",
                "handle-webhook": "https://p.example.com/api/handle-webhook"}}],
            "providers": [{"name": "Legacy", "code": "pp_legacy", "platform": "Old",
                "environment": "live",
                "credentials": {"apiKey": "sk_old_secret", "publishableKey": "pk_1"},
                "secretKeys": ["apiKey"], "regions": []}],
            "regions": []})";
        const WorkspaceLoadResult loaded = workspaceFromJson(v1);
        QVERIFY2(loaded.workspace, qPrintable(loaded.error));
        QCOMPARE(loaded.migratedFromVersion, 1);
        const Workspace &workspace = *loaded.workspace;
        QVERIFY(!workspace.id.isEmpty());
        QCOMPARE(workspace.platforms[0].baseUrl(), QStringLiteral("https://p.example.com"));
        const ProviderInstance &provider = workspace.providers[0];
        QCOMPARE(provider.environment, Environment::Live);
        const Credential *apiKey = provider.credential(QStringLiteral("apiKey"));
        QVERIFY(apiKey->secret && apiKey->valueLoaded);
        QCOMPARE(apiKey->value, QStringLiteral("sk_old_secret"));
        QCOMPARE(provider.credential(QStringLiteral("publishableKey"))->secret, false);
        const QByteArray saved = workspaceToJson(workspace);
        QVERIFY(!saved.contains("sk_old_secret"));
        QVERIFY(saved.contains("\"version\": 2"));
    }
};

QTEST_GUILESS_MAIN(WorkspaceFileTest)
#include "tst_workspacefile.moc"
