#include "KeychainSecretStore.h"

#include "BlockingWait.h"

#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

namespace paybench {
namespace {

const QString kProbeKey = QStringLiteral("paybench/probe");

QString errorName(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return QStringLiteral("no error");
    case QKeychain::EntryNotFound:
        return QStringLiteral("entry not found");
    case QKeychain::CouldNotDeleteEntry:
        return QStringLiteral("could not delete entry");
    case QKeychain::AccessDeniedByUser:
        return QStringLiteral("access denied by the user");
    case QKeychain::AccessDenied:
        return QStringLiteral("access denied");
    case QKeychain::NoBackendAvailable:
        return QStringLiteral("no keychain service available");
    case QKeychain::NotImplemented:
        return QStringLiteral("not implemented on this platform");
    case QKeychain::OtherError:
        break;
    }
    return QStringLiteral("the keychain service failed");
}

SecretResult jobFailure(const QKeychain::Job &job)
{
    SecretResult result;
    result.error = QStringLiteral("keychain: %1").arg(errorName(job.error()));
    if (!job.errorString().isEmpty())
        result.error += QStringLiteral(" (%1)").arg(job.errorString());
#ifdef Q_OS_LINUX
    // The usual cause on a headless box, where QtKeychain itself only says "Unknown error".
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        result.error += QStringLiteral("; no D-Bus session bus is running");
#endif
    return result;
}

QString seconds(std::chrono::milliseconds timeout)
{
    return QString::number(static_cast<double>(timeout.count()) / 1000.0, 'g', 3);
}

} // namespace

KeychainSecretStore::KeychainSecretStore(QObject *parent)
    : KeychainSecretStore(QString::fromLatin1(kKeychainService), parent)
{}

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent), m_service(service)
{}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::backendName() const
{
    return QStringLiteral("keychain");
}

void KeychainSecretStore::readSecret(const QString &key, SecretCallback done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    start(
        job, key,
        [key](QKeychain::Job &finished) {
            SecretResult result;
            if (finished.error() == QKeychain::NoError) {
                result.ok = true;
                result.value = static_cast<QKeychain::ReadPasswordJob &>(finished).textData();
            } else if (finished.error() == QKeychain::EntryNotFound) {
                result.notFound = true;
                result.error = QStringLiteral("no secret stored under %1 in the keychain").arg(key);
            } else {
                result = jobFailure(finished);
            }
            return result;
        },
        std::move(done));
}

void KeychainSecretStore::writeSecret(const QString &key, const QString &value, SecretCallback done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setTextData(value);
    start(
        job, key,
        [](QKeychain::Job &finished) {
            if (finished.error() != QKeychain::NoError)
                return jobFailure(finished);
            SecretResult result;
            result.ok = true;
            return result;
        },
        std::move(done));
}

void KeychainSecretStore::deleteSecret(const QString &key, SecretCallback done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    start(
        job, key,
        [](QKeychain::Job &finished) {
            SecretResult result;
            if (finished.error() == QKeychain::NoError) {
                result.ok = true;
            } else if (finished.error() == QKeychain::EntryNotFound) {
                result.ok = true;
                result.notFound = true;
            } else {
                result = jobFailure(finished);
            }
            return result;
        },
        std::move(done));
}

void KeychainSecretStore::start(QKeychain::Job *job, const QString &key, Interpret interpret,
                                SecretCallback done)
{
    // The job has no parent: it deletes itself when it finishes, even after the store is gone,
    // because destroying a job the backend still answers to is not safe.
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);

    auto answered = std::make_shared<bool>(false);
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, answered, timer, done] {
        timer->deleteLater();
        if (std::exchange(*answered, true))
            return;
        SecretResult result;
        result.error =
            QStringLiteral("the keychain did not answer within %1 s").arg(seconds(m_timeout));
        deliverLater(done, result);
    });
    connect(
        job, &QKeychain::Job::finished, this,
        [this, answered, timer, interpret = std::move(interpret), done](QKeychain::Job *finished) {
            if (std::exchange(*answered, true))
                return;
            timer->stop();
            timer->deleteLater();
            deliverLater(done, interpret(*finished));
        });
    timer->start(m_timeout);
    job->start();
}

void probeKeychain(const QString &service, std::chrono::milliseconds timeout, QObject *context,
                   std::function<void(const KeychainProbeResult &)> done)
{
    auto *store = new KeychainSecretStore(service, context);
    store->setTimeout(timeout);
    store->readSecret(kProbeKey, [store, done = std::move(done)](const SecretResult &result) {
        store->deleteLater();
        KeychainProbeResult probe;
        probe.available = result.ok || result.notFound;
        if (!probe.available)
            probe.reason = result.error;
        done(probe);
    });
}

KeychainProbeResult probeKeychainBlocking(const QString &service, std::chrono::milliseconds timeout)
{
    QObject context;
    // The probe's own timeout ends the wait; the margin only guards against a lost callback.
    const std::optional<KeychainProbeResult> result = waitForResult<KeychainProbeResult>(
        timeout + std::chrono::seconds(1), [&](std::function<void(KeychainProbeResult)> report) {
            probeKeychain(service, timeout, &context,
                          [report](const KeychainProbeResult &probe) { report(probe); });
        });
    if (result)
        return *result;
    KeychainProbeResult probe;
    probe.reason = QStringLiteral("the keychain did not answer within %1 s").arg(seconds(timeout));
    return probe;
}

} // namespace paybench
