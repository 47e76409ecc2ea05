#include "OpenfrontApiKey.h"

#include "BlockingWait.h"
#include "WorkspaceSecrets.h"

namespace paybench::openfront {
namespace {

SecretResult waitFor(SecretStore &store, const std::function<void(SecretCallback)> &start)
{
    const std::optional<SecretResult> result =
        waitForResult<SecretResult>(kBlockingSecretsTimeout, start);
    if (result)
        return *result;
    SecretResult late;
    late.error = QStringLiteral("the %1 did not answer").arg(store.backendName());
    return late;
}

} // namespace

QString apiKeySecretKey(const Workspace &workspace)
{
    return QStringLiteral("paybench/%1/openfront/apiKey").arg(workspace.id);
}

SecretResult readApiKeyBlocking(SecretStore &store, const Workspace &workspace)
{
    return waitFor(store, [&](SecretCallback done) {
        store.readSecret(apiKeySecretKey(workspace), std::move(done));
    });
}

SecretResult writeApiKeyBlocking(SecretStore &store, const Workspace &workspace,
                                 const QString &apiKey)
{
    return waitFor(store, [&](SecretCallback done) {
        store.writeSecret(apiKeySecretKey(workspace), apiKey, std::move(done));
    });
}

} // namespace paybench::openfront
