#pragma once

#include "CallTarget.h"
#include "CredentialReference.h"
#include "SecretStore.h"
#include "Workspace.h"

#include <functional>
#include <optional>

namespace paybench::support {

using CallTargetReady =
    std::function<void(const std::optional<contract::CallTarget> &target, const QString &error)>;

// The CallTarget of a workspace provider with every credential concrete: secret values not
// loaded yet are read from `store` first (asynchronously), ${env:NAME} references resolved
// through `lookup`. done is called once, from the event loop; never after `store` is destroyed.
// A null store is fine when no secret needs loading.
void loadCallTarget(const Workspace &workspace, const QString &providerCode, SecretStore *store,
                    const EnvironmentLookup &lookup, CallTargetReady done);

} // namespace paybench::support
