#pragma once

#include "SecretStore.h"

#include <QTest>

#include <memory>
#include <optional>

namespace paybench::test {

// How long a test waits for one store answer; the vault's first use derives its key.
inline constexpr int kAnswerTimeoutMs = 60'000;

// Starts an operation and waits in the event loop for its callback; a failure saying so when
// none came.
inline SecretResult awaitResult(const std::function<void(SecretCallback)> &start)
{
    auto result = std::make_shared<std::optional<SecretResult>>();
    start([result](const SecretResult &answer) { *result = answer; });
    if (QTest::qWaitFor([&] { return result->has_value(); }, kAnswerTimeoutMs))
        return **result;
    SecretResult none;
    none.error = QStringLiteral("test: no callback within %1 ms").arg(kAnswerTimeoutMs);
    return none;
}

inline SecretResult readNow(SecretStore &store, const QString &key)
{
    return awaitResult([&](SecretCallback done) { store.readSecret(key, std::move(done)); });
}

inline SecretResult writeNow(SecretStore &store, const QString &key, const QString &value)
{
    return awaitResult(
        [&](SecretCallback done) { store.writeSecret(key, value, std::move(done)); });
}

inline SecretResult deleteNow(SecretStore &store, const QString &key)
{
    return awaitResult([&](SecretCallback done) { store.deleteSecret(key, std::move(done)); });
}

} // namespace paybench::test
