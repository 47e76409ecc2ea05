#include "VaultSecretStore.h"

#include "VaultFile.h"

#include <QThread>

namespace paybench {
namespace {

SecretResult failure(const QString &error)
{
    SecretResult result;
    result.error = error;
    return result;
}

SecretResult success(const QString &value = {})
{
    SecretResult result;
    result.ok = true;
    result.value = value;
    return result;
}

// Applies change to the vault and saves; on a failed save the entries go back to what the file
// holds, so memory never claims what the disk does not have.
SecretResult changeAndSave(VaultFile &vault, const std::function<void(VaultFile &)> &change)
{
    QString error;
    if (!vault.reload(&error))
        return failure(error);
    change(vault);
    if (!vault.save(&error)) {
        QString ignored;
        vault.revert(&ignored);
        return failure(error);
    }
    return success();
}

} // namespace

VaultSecretStore::VaultSecretStore(const QString &vaultPath, const QString &passphrase,
                                   QObject *parent)
    : SecretStore(parent), m_vault(std::make_shared<VaultFile>(vaultPath)), m_passphrase(passphrase)
{}

VaultSecretStore::~VaultSecretStore() = default;

QString VaultSecretStore::backendName() const
{
    return QStringLiteral("vault");
}

QString VaultSecretStore::vaultPath() const
{
    return m_vault->path();
}

void VaultSecretStore::readSecret(const QString &key, SecretCallback done)
{
    run(
        [key](VaultFile &vault) {
            QString error;
            if (!vault.reload(&error))
                return failure(error);
            if (!vault.contains(key)) {
                SecretResult result;
                result.notFound = true;
                result.error = QStringLiteral("no secret stored under %1 in the vault").arg(key);
                return result;
            }
            return success(vault.value(key));
        },
        std::move(done));
}

void VaultSecretStore::writeSecret(const QString &key, const QString &value, SecretCallback done)
{
    run(
        [key, value](VaultFile &vault) {
            return changeAndSave(vault, [&](VaultFile &v) { v.setValue(key, value); });
        },
        std::move(done));
}

void VaultSecretStore::deleteSecret(const QString &key, SecretCallback done)
{
    run(
        [key](VaultFile &vault) {
            QString error;
            if (!vault.reload(&error))
                return failure(error);
            if (!vault.contains(key)) {
                SecretResult result = success();
                result.notFound = true;
                return result;
            }
            return changeAndSave(vault, [&](VaultFile &v) { v.remove(key); });
        },
        std::move(done));
}

void VaultSecretStore::unlock(SecretCallback done)
{
    run([](VaultFile &) { return success(); }, std::move(done));
}

void VaultSecretStore::run(Operation operation, SecretCallback done)
{
    switch (m_state) {
    case State::Unlocked:
        deliverLater(std::move(done), operation(*m_vault));
        return;
    case State::Failed:
        deliverLater(std::move(done), failure(m_unlockError));
        return;
    case State::Locked:
        m_waiting.append({std::move(operation), std::move(done)});
        startUnlock();
        return;
    case State::Unlocking:
        m_waiting.append({std::move(operation), std::move(done)});
        return;
    }
}

void VaultSecretStore::startUnlock()
{
    m_state = State::Unlocking;
    auto outcome = std::make_shared<std::pair<bool, QString>>(false, QString());
    // The thread object is not a child: destroying the store must not destroy a running thread.
    QThread *thread = QThread::create(
        [vault = m_vault, passphrase = std::exchange(m_passphrase, QString()), outcome] {
            outcome->first = vault->unlock(passphrase, &outcome->second);
        });
    connect(thread, &QThread::finished, this,
            [this, outcome] { unlockFinished(outcome->first, outcome->second); });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void VaultSecretStore::unlockFinished(bool ok, const QString &error)
{
    m_state = ok ? State::Unlocked : State::Failed;
    m_unlockError = error;
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &[operation, done] : waiting)
        run(operation, done);
}

} // namespace paybench
