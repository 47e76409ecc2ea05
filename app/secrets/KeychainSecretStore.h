#pragma once

#include "SecretStore.h"

#include <QString>

#include <chrono>
#include <functional>

namespace QKeychain {
class Job;
}

namespace paybench {

inline constexpr const char *kKeychainService = "Paybench";

// A SecretStore in the OS keychain through QtKeychain: one entry per secret under the service
// "Paybench" (another service name keeps tests away from real entries). Never falls back to
// storing in plain text. A job that does not finish within timeout() reports an error; its late
// answer is ignored.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kDefaultTimeout{5000};

    explicit KeychainSecretStore(QObject *parent = nullptr);
    explicit KeychainSecretStore(const QString &service, QObject *parent = nullptr);
    ~KeychainSecretStore() override;
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)

    void readSecret(const QString &key, SecretCallback done) override;
    void writeSecret(const QString &key, const QString &value, SecretCallback done) override;
    void deleteSecret(const QString &key, SecretCallback done) override;
    [[nodiscard]] QString backendName() const override;

    [[nodiscard]] QString service() const { return m_service; }
    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

private:
    using Interpret = std::function<SecretResult(QKeychain::Job &job)>;
    void start(QKeychain::Job *job, const QString &key, Interpret interpret, SecretCallback done);

    QString m_service;
    std::chrono::milliseconds m_timeout = kDefaultTimeout;
};

struct KeychainProbeResult {
    bool available = false;
    QString reason; // why not, in plain words, when unavailable
};

// Whether a keychain service answers: a short read of a probe entry. "No such entry" counts as
// available. done is called once, from the event loop, unless context is destroyed first.
void probeKeychain(const QString &service, std::chrono::milliseconds timeout, QObject *context,
                   std::function<void(const KeychainProbeResult &)> done);
// The same, waiting in a local event loop (for the CLI).
KeychainProbeResult probeKeychainBlocking(const QString &service,
                                          std::chrono::milliseconds timeout);

} // namespace paybench
