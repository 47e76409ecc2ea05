#pragma once

#include "OpenfrontRecords.h"
#include "Region.h"
#include "Workspace.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QStringList>
#include <QVector>

#include <optional>

namespace paybench::openfront {

// What push, pull and diff decide, as pure functions of the workspace's records and the store's
// answers: no network here, so every decision is tested without a server.

// A PaymentProvider as the store holds it: its id, the record in the shape of a
// PaymentProviderCreateInput (regions as {connect: [{code}]}, credentials as stored), and the
// regions it uses.
struct StoreProvider {
    QString id;
    QJsonObject record;
    QVector<Region> regions; // currency and countries upper-cased, as the workspace keeps them
};

// The paymentProviders list of a providersQuery answer; nullopt and *error when it is not one.
std::optional<QVector<StoreProvider>> parseStoreProviders(const QJsonObject &data, QString *error);
// The region codes of a regionsQuery answer.
QSet<QString> parseStoreRegionCodes(const QJsonObject &data);

// One field that differs: "name", "regions", "credentials.apiKey", ...
struct FieldDifference {
    QString field;
    QJsonValue workspaceValue; // undefined: the workspace does not have it
    QJsonValue storeValue;     // undefined: the store does not have it
    bool secret = false;       // a credential: its values are never shown
};
// `name: "A" in the workspace, "B" in the store`; a credential says only that it differs.
QString describeDifference(const FieldDifference &difference);

// The fields of the two records that differ. Credentials are compared only when the workspace
// record holds them (push without --include-credentials leaves the store's alone).
QVector<FieldDifference> compareRecords(const QJsonObject &workspaceRecord,
                                        const QJsonObject &storeRecord);

enum class PushAction { Create, Update, Unchanged };
QString pushActionName(PushAction action); // "create", "update", "unchanged"

struct PushStep {
    QString code;
    PushAction action = PushAction::Unchanged;
    QJsonObject data; // create: the whole record; update: the changed fields only
    QVector<FieldDifference> changes;
};

struct PushPlan {
    QVector<PushStep> steps;
    QStringList errors; // nothing may be written when there are any
    [[nodiscard]] bool changesSomething() const;
};

// The region codes the records connect.
QStringList regionCodesOf(const QVector<QJsonObject> &records);

// Upsert by code: a record the store lacks is created, one that differs is updated with the
// changed fields (regions with set, so removed ones go), an equal one is left alone. A region
// code the store does not have is an error naming it and the provider.
PushPlan planPush(const QVector<QJsonObject> &records, const QVector<StoreProvider> &store,
                  const QSet<QString> &storeRegionCodes);

enum class DiffState { Same, Different, OnlyInWorkspace, OnlyInStore };
QString diffStateName(DiffState state); // "same", "different", "only-in-workspace", ...

struct ProviderDiff {
    QString code;
    DiffState state = DiffState::Same;
    QVector<FieldDifference> differences;
};

// Every code of either side, in code order.
QVector<ProviderDiff> diffProviders(const QVector<QJsonObject> &records,
                                    const QVector<StoreProvider> &store);

struct PullOutcome {
    ImportReport report;
    QStringList regionsAdded;
    Workspace workspace; // the result; meaningful only when report.ok()
};

// The store's providers into the workspace (import-openfront's rules and conflict policy), with
// the regions they use that the workspace lacks. Every pulled credential is marked secret, so
// its value goes to the secret store and never into the file (a ${env:NAME} reference stays).
PullOutcome planPull(const Workspace &workspace, const QVector<StoreProvider> &store,
                     ImportConflictPolicy policy);

} // namespace paybench::openfront
