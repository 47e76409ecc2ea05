#pragma once

#include <QString>

#include <functional>
#include <optional>

namespace paybench {

// A credential value may be a reference such as ${env:GATEWAY_API_KEY}, resolved at call time.
bool isCredentialReference(const QString &value);

using EnvironmentLookup = std::function<std::optional<QString>(const QString &name)>;
EnvironmentLookup processEnvironment();

// The value itself when it is not a reference; the variable's value when it is; nullopt and an
// error ("environment variable GATEWAY_API_KEY is not set") when it cannot be resolved.
std::optional<QString> resolveCredentialValue(const QString &value, const EnvironmentLookup &lookup,
                                              QString *error);

} // namespace paybench
