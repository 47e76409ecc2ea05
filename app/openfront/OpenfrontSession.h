#pragma once

#include "CredentialReference.h"
#include "GraphqlClient.h"
#include "OpenfrontSync.h"
#include "SecretStore.h"
#include "Workspace.h"

#include <QJsonObject>
#include <QStringList>
#include <QVector>

#include <functional>
#include <optional>

namespace paybench::openfront {

// The steps of connect, push, pull and diff that talk to the store, shared by
// `paybench-cli openfront` and the window so both send the same operations and stop at the
// same first error. Each waits in a local event loop (GraphqlClient's timer bounds it); errors
// are plain words without a prefix and never hold the API key or a credential value.

// "Connected: the store has N payment providers", after the small authenticated query.
struct ConnectionCheck {
    GraphqlResult result;
    int providerCount = 0;
    [[nodiscard]] bool ok() const { return result.ok(); }
    [[nodiscard]] QString message() const; // the line above, or result.error
};
ConnectionCheck checkConnection(const GraphqlEndpoint &endpoint);

// The store's providers with these codes (all when empty).
std::optional<QVector<StoreProvider>> fetchStoreProviders(const GraphqlEndpoint &endpoint,
                                                          const QStringList &codes, QString *error);

// The providers with these codes (all when empty) as PaymentProviderCreateInput records. With
// credentials, the secrets not loaded yet are read from secrets into workspace (which is why it
// is not const) and ${env:NAME} resolved through environment. An unknown code is an error.
std::optional<QVector<QJsonObject>> workspaceRecords(Workspace &workspace, SecretStore &secrets,
                                                     const QStringList &codes, bool withCredentials,
                                                     const EnvironmentLookup &environment,
                                                     QString *error);

// Asks the store for what planPush needs (the providers with the records' codes, the regions
// they connect) and plans. Nothing is written.
std::optional<PushPlan> fetchPushPlan(const GraphqlEndpoint &endpoint,
                                      const QVector<QJsonObject> &records, QString *error);

struct PushOutcome {
    QStringList written; // codes created or updated, in order
    QString failedCode;  // the step that failed; empty when every step was written
    QString error;       // what failed at it
    [[nodiscard]] bool ok() const { return failedCode.isEmpty(); }
    // "stopped at X; written before it: A, B; nothing after it"
    [[nodiscard]] QString stopMessage() const;
};
// Writes the plan's create and update steps one by one and stops at the first that fails;
// plan must have no errors. progress, when set, is called before each write.
using PushProgress = std::function<void(const PushStep &step, int index, int total)>;
PushOutcome applyPushPlan(const GraphqlEndpoint &endpoint, const PushPlan &plan,
                          const PushProgress &progress = {});

} // namespace paybench::openfront
