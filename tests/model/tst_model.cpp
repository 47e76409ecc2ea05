#include "Country.h"
#include "CredentialReference.h"
#include "Currency.h"
#include "Validation.h"
#include "Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace paybench;

namespace {

Workspace workspaceWithOneOfEach()
{
    Workspace workspace = Workspace::createEmpty();
    Platform platform;
    platform.name = QStringLiteral("Gateway");
    platform.setBaseUrl(QStringLiteral("https://pay.example.com/"));
    workspace.platforms.append(platform);
    workspace.regions.append(Region{QStringLiteral("eu"),
                                    QStringLiteral("Europe"),
                                    QStringLiteral("EUR"),
                                    {QStringLiteral("DE")}});
    ProviderInstance provider;
    provider.name = QStringLiteral("Main");
    provider.code = QStringLiteral("pp_main");
    provider.platform = platform.name;
    provider.credentials.append({QStringLiteral("apiKey"), QStringLiteral("k"), true, true});
    provider.regions.append(QStringLiteral("eu"));
    workspace.providers.append(provider);
    return workspace;
}

bool hasFinding(const QVector<Finding> &findings, Severity severity, const QString &field)
{
    return std::any_of(findings.cbegin(), findings.cend(), [&](const Finding &f) {
        return f.severity == severity && f.field == field;
    });
}

} // namespace

class ModelTest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void baseUrl_fillsTheSixConventionalPaths()
    {
        Platform platform;
        platform.setBaseUrl(QStringLiteral("https://pay.example.com//"));
        QCOMPARE(platform.target(PaymentFunction::CreatePayment),
                 QStringLiteral("https://pay.example.com/api/create-payment"));
        QCOMPARE(platform.target(PaymentFunction::HandleWebhook),
                 QStringLiteral("https://pay.example.com/api/handle-webhook"));
        QCOMPARE(platform.baseUrl(), QStringLiteral("https://pay.example.com"));
        platform.setTarget(PaymentFunction::RefundPayment, QStringLiteral("stripe"));
        QVERIFY(platform.baseUrl().isEmpty());
    }

    void functionNames_roundTrip()
    {
        for (PaymentFunction function : kAllPaymentFunctions) {
            QCOMPARE(functionFromName(functionSlug(function)), function);
            QCOMPARE(functionFromName(functionField(function)), function);
        }
        QVERIFY(!functionFromName(QStringLiteral("create_payment")));
    }

    void validWorkspace_hasNoErrors()
    {
        const QVector<Finding> findings = validateWorkspace(workspaceWithOneOfEach());
        QVERIFY2(!hasErrors(findings), qPrintable(findings.value(0).toString()));
    }

    void target_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<int>("expected"); // 0 ok, 1 warning, 2 error
        QTest::newRow("https") << "https://pay.example.com/api/create-payment" << 0;
        QTest::newRow("built-in") << "stripe" << 0;
        QTest::newRow("built-in wrong case") << "Stripe" << 2;
        QTest::newRow("http loopback") << "http://127.0.0.1:4242/api/create-payment" << 0;
        QTest::newRow("http localhost") << "http://localhost/api/x" << 0;
        QTest::newRow("http ipv6 loopback") << "http://[::1]:8080/x" << 0;
        QTest::newRow("http remote") << "http://pay.example.com/api/x" << 1;
        QTest::newRow("empty") << "" << 2;
        QTest::newRow("relative") << "/api/create-payment" << 2;
        QTest::newRow("ftp") << "ftp://pay.example.com/x" << 2;
        QTest::newRow("no host") << "https:///x" << 2;
        QTest::newRow("user info") << "https://user:pw@pay.example.com/x" << 2;
        QTest::newRow("fragment") << "https://pay.example.com/x#y" << 2;
        QTest::newRow("spaces") << " https://pay.example.com/x" << 2;
        QTest::newRow("unknown name") << "square" << 2;
    }

    void target()
    {
        QFETCH(QString, target);
        QFETCH(int, expected);
        const QVector<Finding> findings =
            validateTarget(QStringLiteral("P"), QStringLiteral("createPaymentFunction"), target);
        if (expected == 0) {
            QVERIFY2(findings.isEmpty(), qPrintable(findings.value(0).toString()));
        } else {
            QCOMPARE(findings.size(), 1);
            QCOMPARE(findings.first().severity,
                     expected == 1 ? Severity::Warning : Severity::Error);
            QCOMPARE(findings.first().field, QStringLiteral("createPaymentFunction"));
            QVERIFY(!findings.first().message.isEmpty());
        }
    }

    void caCertificateFile_isCheckedWhereItIsSet()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto writeFile = [&](const QString &name, const QByteArray &bytes) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::WriteOnly))
                return QString();
            file.write(bytes);
            return file.fileName();
        };
        const QString pem =
            writeFile(QStringLiteral("ca.pem"),
                      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        const QString notPem = writeFile(QStringLiteral("key.txt"), "not a certificate");
        Workspace workspace = workspaceWithOneOfEach();
        Platform &platform = workspace.platforms[0];
        const QString field = QStringLiteral("caCertificateFile");

        platform.caCertificateFile = pem;
        QVERIFY(!hasFinding(validatePlatform(platform, workspace), Severity::Error, field));
        QVERIFY(!hasFinding(validatePlatform(platform, workspace), Severity::Warning, field));

        platform.caCertificateFile = QStringLiteral("ca.pem");
        QVERIFY(hasFinding(validatePlatform(platform, workspace), Severity::Error, field));
        platform.caCertificateFile = dir.filePath(QStringLiteral("missing.pem"));
        QVERIFY(hasFinding(validatePlatform(platform, workspace), Severity::Error, field));
        platform.caCertificateFile = notPem;
        QVERIFY(hasFinding(validatePlatform(platform, workspace), Severity::Error, field));

        // Trusted CAs only matter for https targets.
        platform.caCertificateFile = pem;
        platform.setBaseUrl(QStringLiteral("http://127.0.0.1:4242"));
        QVERIFY(hasFinding(validatePlatform(platform, workspace), Severity::Warning, field));
    }

    void providerCode_mustMatchOpenfrontPattern()
    {
        QVERIFY(isValidProviderCode(QStringLiteral("pp_stripe-eu_2")));
        QVERIFY(!isValidProviderCode(QStringLiteral("stripe")));
        QVERIFY(!isValidProviderCode(QStringLiteral("pp_")));
        QVERIFY(!isValidProviderCode(QStringLiteral("pp_a b")));
        QVERIFY(!isValidProviderCode(QStringLiteral("PP_abc")));
    }

    void provider_duplicateCode_isAnErrorOnTheCodeField()
    {
        Workspace workspace = workspaceWithOneOfEach();
        workspace.providers.append(workspace.providers.first());
        QVERIFY(hasFinding(validateWorkspace(workspace), Severity::Error, QStringLiteral("code")));
    }

    // The editor validates one item: it counts only that item's name or code.
    void oneItem_duplicateNameOrCode_isAnError_andAUniqueOneIsNot()
    {
        Workspace workspace = workspaceWithOneOfEach();
        QVERIFY(!hasFinding(validatePlatform(workspace.platforms[0], workspace), Severity::Error,
                            QStringLiteral("name")));
        QVERIFY(!hasFinding(validateProvider(workspace.providers[0], workspace), Severity::Error,
                            QStringLiteral("code")));
        QVERIFY(!hasFinding(validateRegion(workspace.regions[0], workspace), Severity::Error,
                            QStringLiteral("code")));
        workspace.platforms.append(workspace.platforms.first());
        workspace.providers.append(workspace.providers.first());
        workspace.regions.append(workspace.regions.first());
        QVERIFY(hasFinding(validatePlatform(workspace.platforms[1], workspace), Severity::Error,
                           QStringLiteral("name")));
        QVERIFY(hasFinding(validateProvider(workspace.providers[1], workspace), Severity::Error,
                           QStringLiteral("code")));
        QVERIFY(hasFinding(validateRegion(workspace.regions[1], workspace), Severity::Error,
                           QStringLiteral("code")));
        // Only the item's own key counts: another item's duplicate does not make it one.
        ProviderInstance unique = workspace.providers.first();
        unique.code = QStringLiteral("pp_unique");
        workspace.providers.append(unique);
        QVERIFY(!hasFinding(validateProvider(workspace.providers.last(), workspace),
                            Severity::Error, QStringLiteral("code")));
    }

    void provider_unknownPlatformAndRegion_areErrors()
    {
        Workspace workspace = workspaceWithOneOfEach();
        workspace.providers[0].platform = QStringLiteral("Nope");
        workspace.providers[0].regions = {QStringLiteral("us")};
        const QVector<Finding> findings = validateProvider(workspace.providers[0], workspace);
        QVERIFY(hasFinding(findings, Severity::Error, QStringLiteral("platform")));
        QVERIFY(hasFinding(findings, Severity::Error, QStringLiteral("regions")));
    }

    void provider_secretLookingValueNotMarkedSecret_isAWarning()
    {
        Workspace workspace = workspaceWithOneOfEach();
        workspace.providers[0].credentials[0].secret = false;
        QVERIFY(hasFinding(validateProvider(workspace.providers[0], workspace), Severity::Warning,
                           QStringLiteral("credentials.apiKey")));
    }

    void provider_malformedReference_isAnError()
    {
        Workspace workspace = workspaceWithOneOfEach();
        workspace.providers[0].credentials[0].value = QStringLiteral("${env:}");
        QVERIFY(hasFinding(validateProvider(workspace.providers[0], workspace), Severity::Error,
                           QStringLiteral("credentials.apiKey")));
    }

    void region_unknownCurrencyAndCountry_areErrors()
    {
        Workspace workspace = workspaceWithOneOfEach();
        workspace.regions[0].currency = QStringLiteral("eur");
        workspace.regions[0].countries = {QStringLiteral("XX"), QStringLiteral("DE"),
                                          QStringLiteral("DE")};
        const QVector<Finding> findings = validateRegion(workspace.regions[0], workspace);
        QVERIFY(hasFinding(findings, Severity::Error, QStringLiteral("currency")));
        QCOMPARE(
            std::count_if(findings.cbegin(), findings.cend(),
                          [](const Finding &f) { return f.field == QLatin1String("countries"); }),
            2);
    }

    void currency_knowsMinorUnits()
    {
        QCOMPARE(currencyInfo(QStringLiteral("JPY"))->minorUnits, 0);
        QCOMPARE(currencyInfo(QStringLiteral("EUR"))->minorUnits, 2);
        QCOMPARE(currencyInfo(QStringLiteral("KWD"))->minorUnits, 3);
        QVERIFY(!currencyInfo(QStringLiteral("XYZ")));
        // ISO gives MGA two digits; Openfront treats it as zero-decimal.
        QCOMPARE(currencyInfo(QStringLiteral("MGA"))->minorUnits, 2);
        QVERIFY(isOpenfrontZeroDecimal(QStringLiteral("MGA")));
        QVERIFY(isKnownCountry(QStringLiteral("JP")));
        QVERIFY(!isKnownCountry(QStringLiteral("UK")));
    }

    void reference_resolvesAtCallTime()
    {
        const EnvironmentLookup lookup = [](const QString &name) -> std::optional<QString> {
            if (name == QLatin1String("GATEWAY_API_KEY"))
                return QStringLiteral("resolved");
            return std::nullopt;
        };
        QString error;
        QCOMPARE(resolveCredentialValue(QStringLiteral("${env:GATEWAY_API_KEY}"), lookup, &error),
                 QStringLiteral("resolved"));
        QCOMPARE(resolveCredentialValue(QStringLiteral("plain"), lookup, &error),
                 QStringLiteral("plain"));
        QVERIFY(!resolveCredentialValue(QStringLiteral("${env:MISSING}"), lookup, &error));
        QVERIFY(error.contains(QLatin1String("MISSING")));
    }

    void renamePlatform_updatesProviders()
    {
        Workspace workspace = workspaceWithOneOfEach();
        workspace.renamePlatform(QStringLiteral("Gateway"), QStringLiteral("Renamed"));
        QCOMPARE(workspace.providers[0].platform, QStringLiteral("Renamed"));
        workspace.renameRegion(QStringLiteral("eu"), QStringLiteral("europe"));
        QCOMPARE(workspace.providers[0].regions, QStringList{QStringLiteral("europe")});
        QVERIFY(!hasErrors(validateWorkspace(workspace)));
    }
};

QTEST_GUILESS_MAIN(ModelTest)
#include "tst_model.moc"
