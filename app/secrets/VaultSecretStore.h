#pragma once

#include "SecretStore.h"

#include <QString>
#include <QVector>

#include <memory>

namespace paybench {

class VaultFile;

// A SecretStore on an encrypted VaultFile. The slow key derivation runs once, on a worker thread,
// started by unlock() or by the first operation; operations wait for it in order. A wrong
// passphrase fails every operation with the same clear error. The first write creates the file.
class VaultSecretStore final : public SecretStore
{
    Q_OBJECT
public:
    explicit VaultSecretStore(const QString &vaultPath, const QString &passphrase,
                              QObject *parent = nullptr);
    ~VaultSecretStore() override;
    Q_DISABLE_COPY_MOVE(VaultSecretStore)

    void readSecret(const QString &key, SecretCallback done) override;
    void writeSecret(const QString &key, const QString &value, SecretCallback done) override;
    void deleteSecret(const QString &key, SecretCallback done) override;
    [[nodiscard]] QString backendName() const override;

    [[nodiscard]] QString vaultPath() const;
    // Derives the key now; done reports ok, or why the vault cannot be opened (wrong
    // passphrase, not a vault, newer format...).
    void unlock(SecretCallback done);

private:
    enum class State { Locked, Unlocking, Unlocked, Failed };
    using Operation = std::function<SecretResult(VaultFile &vault)>;

    void run(Operation operation, SecretCallback done);
    void startUnlock();
    void unlockFinished(bool ok, const QString &error);

    std::shared_ptr<VaultFile> m_vault; // shared with the unlock thread
    QString m_passphrase;               // until the unlock starts
    State m_state = State::Locked;
    QString m_unlockError;
    QVector<std::pair<Operation, SecretCallback>> m_waiting;
};

} // namespace paybench
