#pragma once

#include "SecretStore.h"
#include "Workspace.h"

namespace paybench::openfront {

// The Openfront API key of a workspace's connection lives in the secret store (keychain or
// vault) under "paybench/<workspace id>/openfront/apiKey"; provider codes start with pp_, so it
// never meets a credential's key.
QString apiKeySecretKey(const Workspace &workspace);

// Read and write it, waiting in a local event loop (for the CLI). The result never holds the
// key in its error.
SecretResult readApiKeyBlocking(SecretStore &store, const Workspace &workspace);
SecretResult writeApiKeyBlocking(SecretStore &store, const Workspace &workspace,
                                 const QString &apiKey);

} // namespace paybench::openfront
