#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace paybench {

struct SecretResult {
    bool ok = false;
    bool notFound = false; // the store answered, but holds no such secret
    QString value;
    QString error; // plain words: "the keychain did not answer within 5 s", "wrong passphrase"
};

using SecretCallback = std::function<void(const SecretResult &)>;

// Where secret credential values live: the OS keychain, or an encrypted vault file next to the
// workspace when no keychain service answers. Every operation is asynchronous with a timeout;
// the callback is called exactly once, on the store's thread, from the event loop (never from
// inside the call that started the operation). No callback comes after the store is destroyed.
//
// readSecret: ok with the value; or notFound; or an error.
// writeSecret: ok; or an error.
// deleteSecret: ok (with notFound set when there was nothing to delete); or an error.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    explicit SecretStore(QObject *parent = nullptr) : QObject(parent) {}
    ~SecretStore() override = default;
    Q_DISABLE_COPY_MOVE(SecretStore)

    virtual void readSecret(const QString &key, SecretCallback done) = 0;
    virtual void writeSecret(const QString &key, const QString &value, SecretCallback done) = 0;
    virtual void deleteSecret(const QString &key, SecretCallback done) = 0;
    // "keychain" or "vault", for messages.
    [[nodiscard]] virtual QString backendName() const = 0;

protected:
    // Calls done(result) from the event loop, unless the store is destroyed first.
    void deliverLater(SecretCallback done, SecretResult result)
    {
        QMetaObject::invokeMethod(
            this, [done = std::move(done), result = std::move(result)] { done(result); },
            Qt::QueuedConnection);
    }
};

} // namespace paybench
