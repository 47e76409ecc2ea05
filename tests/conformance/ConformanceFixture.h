#pragma once

#include "CallTarget.h"
#include "ConformanceRun.h"
#include "DemoGateway.h"
#include "RuntimeProfile.h"

#include <QEventLoop>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTimer>

#include <memory>

namespace paybench::test {

// Distinctive values, so a test can grep any output for them.
inline const QString kApiKey = QStringLiteral("sk_test_conformance_key_5f2a");
inline const QString kWebhookSecret = QStringLiteral("whsec_conformance_secret_81c3");

// The embedded demo gateway on a loopback port, with faults on demand.
struct GatewayFixture {
    std::unique_ptr<gateway::DemoGateway> gateway = std::make_unique<gateway::DemoGateway>();

    bool start(const QMap<gateway::Endpoint, QString> &faults = {}, QString *error = nullptr)
    {
        gateway::GatewayConfig config;
        config.apiKey = kApiKey;
        config.webhookSecret = kWebhookSecret;
        config.port = 0;
        for (auto it = faults.begin(); it != faults.end(); ++it) {
            const std::optional<gateway::Fault> fault = gateway::Fault::parse(it.value(), error);
            if (!fault)
                return false;
            config.faults.insert(it.key(), *fault);
        }
        gateway->setConfig(config);
        return gateway->start(error) != 0;
    }

    [[nodiscard]] QString baseUrl() const { return gateway->baseUrl().toString(); }

    [[nodiscard]] contract::CallTarget target(const QString &apiKey = kApiKey) const;
};

// Any loopback gateway under baseUrl, with the fixture's credentials.
inline contract::CallTarget targetFor(const QString &baseUrl)
{
    QString error;
    std::optional<contract::CallTarget> target = contract::CallTarget::fromBaseUrl(
        baseUrl,
        QJsonObject{{QStringLiteral("apiKey"), kApiKey},
                    {QStringLiteral("webhookSecret"), kWebhookSecret},
                    {QStringLiteral("environment"), QStringLiteral("sandbox")}},
        &error);
    if (!target)
        qFatal("%s", qPrintable(error));
    return *target;
}

inline contract::CallTarget GatewayFixture::target(const QString &apiKey) const
{
    contract::CallTarget target = targetFor(baseUrl());
    if (apiKey != kApiKey)
        target.setCredentials(
            QJsonObject{{QStringLiteral("apiKey"), apiKey},
                        {QStringLiteral("webhookSecret"), kWebhookSecret},
                        {QStringLiteral("environment"), QStringLiteral("sandbox")}});
    return target;
}

// Waits for the run's runFinished (the gateway answers from the same event loop).
inline std::optional<conformance::ConformanceReport> waitForRun(conformance::ConformanceRun &run,
                                                                int limitMs = 60'000)
{
    std::optional<conformance::ConformanceReport> report;
    QEventLoop loop;
    QObject::connect(&run, &conformance::ConformanceRun::runFinished, &loop,
                     [&](const conformance::ConformanceReport &finished) {
                         report = finished;
                         loop.quit();
                     });
    QTimer::singleShot(limitMs, &loop, &QEventLoop::quit);
    loop.exec();
    return report;
}

// A registered profile by name ("documented", "openfront@55912a7", ...); aborts on a typo.
inline const contract::RuntimeProfile *profile(const QString &name)
{
    const contract::RuntimeProfile *found = contract::findRuntimeProfile(name);
    if (!found)
        qFatal("no runtime profile named %s", qPrintable(name));
    return found;
}

inline const contract::RuntimeProfile *documented()
{
    return &contract::documentedProfile();
}
inline const contract::RuntimeProfile *openfront55912a7()
{
    return profile(QStringLiteral("openfront@55912a7"));
}
inline const contract::RuntimeProfile *openfrontE23341c()
{
    return profile(QStringLiteral("openfront@e23341c"));
}

inline const conformance::CheckResult *findCheck(const conformance::ConformanceReport &report,
                                                 const contract::RuntimeProfile *profile,
                                                 conformance::CheckKind kind)
{
    for (const conformance::CheckResult &check : report.checks) {
        if (check.profile == profile && check.kind == kind)
            return &check;
    }
    return nullptr;
}

// "fail documented/3-capture-payment: message": for failure messages of QVERIFY2.
inline QString describe(const conformance::ConformanceReport &report)
{
    QStringList lines;
    for (const conformance::CheckResult &check : report.checks) {
        lines << QStringLiteral("%1 %2: %3 | %4")
                     .arg(conformance::verdictName(check.verdict), check.key(), check.message,
                          check.advice);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace paybench::test
