#include "OpenfrontSync.h"

#include "CredentialReference.h"
#include "PaymentFunction.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <map>

namespace paybench::openfront {
namespace {

const QString kRegions = QStringLiteral("regions");
const QString kCredentials = QStringLiteral("credentials");

// The fields compared one by one, in the order they are reported.
QStringList plainFields()
{
    QStringList fields{QStringLiteral("name"), QStringLiteral("isInstalled")};
    for (PaymentFunction function : kAllPaymentFunctions)
        fields.append(functionField(function));
    fields.append(QStringLiteral("metadata"));
    return fields;
}

QString stringOrEmpty(const QJsonValue &value)
{
    return value.isString() ? value.toString() : QString();
}

QStringList connectedCodes(const QJsonObject &record)
{
    QStringList codes;
    const QJsonArray connect =
        record.value(kRegions).toObject().value(QStringLiteral("connect")).toArray();
    for (const QJsonValue region : connect)
        codes.append(region.toObject().value(QStringLiteral("code")).toString());
    codes.sort();
    codes.removeDuplicates();
    return codes;
}

QJsonArray codeObjects(const QStringList &codes)
{
    QJsonArray objects;
    for (const QString &code : codes)
        objects.append(QJsonObject{{QStringLiteral("code"), code}});
    return objects;
}

QString shown(const QJsonValue &value)
{
    if (value.isUndefined())
        return QStringLiteral("nothing");
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // A scalar: wrap it so strings come out quoted.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

std::optional<Region> parseRegion(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    Region region;
    region.code = stringOrEmpty(object.value(QStringLiteral("code")));
    if (region.code.isEmpty())
        return std::nullopt;
    region.name = stringOrEmpty(object.value(QStringLiteral("name")));
    region.currency =
        stringOrEmpty(
            object.value(QStringLiteral("currency")).toObject().value(QStringLiteral("code")))
            .toUpper();
    const QJsonArray countries = object.value(QStringLiteral("countries")).toArray();
    for (const QJsonValue country : countries) {
        const QString iso2 =
            stringOrEmpty(country.toObject().value(QStringLiteral("iso2"))).toUpper();
        if (!iso2.isEmpty())
            region.countries.append(iso2);
    }
    return region;
}

} // namespace

std::optional<QVector<StoreProvider>> parseStoreProviders(const QJsonObject &data, QString *error)
{
    const QJsonValue list = data.value(QStringLiteral("paymentProviders"));
    if (!list.isArray()) {
        *error = QStringLiteral("the store's answer has no paymentProviders list (is the API key "
                                "allowed to read payments?)");
        return std::nullopt;
    }
    QVector<StoreProvider> providers;
    const QJsonArray items = list.toArray();
    for (const QJsonValue item : items) {
        const QJsonObject object = item.toObject();
        StoreProvider provider;
        provider.id = stringOrEmpty(object.value(QStringLiteral("id")));
        const QString code = stringOrEmpty(object.value(QStringLiteral("code")));
        if (provider.id.isEmpty() || code.isEmpty()) {
            *error = QStringLiteral("the store listed a payment provider without id or code");
            return std::nullopt;
        }
        // Keystone gives null for unset fields; the workspace's records have "" and {}.
        QJsonObject &record = provider.record;
        record.insert(QStringLiteral("name"), stringOrEmpty(object.value(QStringLiteral("name"))));
        record.insert(QStringLiteral("code"), code);
        record.insert(QStringLiteral("isInstalled"),
                      object.value(QStringLiteral("isInstalled")).toBool(true));
        record.insert(QStringLiteral("metadata"),
                      object.value(QStringLiteral("metadata")).toObject());
        for (PaymentFunction function : kAllPaymentFunctions)
            record.insert(functionField(function),
                          stringOrEmpty(object.value(functionField(function))));
        record.insert(kCredentials, object.value(kCredentials).toObject());
        QStringList codes;
        const QJsonArray regions = object.value(kRegions).toArray();
        for (const QJsonValue value : regions) {
            if (const std::optional<Region> region = parseRegion(value)) {
                provider.regions.append(*region);
                codes.append(region->code);
            }
        }
        if (!codes.isEmpty())
            record.insert(kRegions, QJsonObject{{QStringLiteral("connect"), codeObjects(codes)}});
        providers.append(provider);
    }
    return providers;
}

QSet<QString> parseStoreRegionCodes(const QJsonObject &data)
{
    QSet<QString> codes;
    const QJsonArray regions = data.value(kRegions).toArray();
    for (const QJsonValue region : regions)
        codes.insert(stringOrEmpty(region.toObject().value(QStringLiteral("code"))));
    codes.remove(QString());
    return codes;
}

QString describeDifference(const FieldDifference &difference)
{
    if (difference.secret) {
        if (difference.workspaceValue.isUndefined())
            return QStringLiteral("%1: only in the store").arg(difference.field);
        if (difference.storeValue.isUndefined())
            return QStringLiteral("%1: only in the workspace").arg(difference.field);
        return QStringLiteral("%1: differs (values not shown)").arg(difference.field);
    }
    return QStringLiteral("%1: %2 in the workspace, %3 in the store")
        .arg(difference.field, shown(difference.workspaceValue), shown(difference.storeValue));
}

QVector<FieldDifference> compareRecords(const QJsonObject &workspaceRecord,
                                        const QJsonObject &storeRecord)
{
    QVector<FieldDifference> differences;
    for (const QString &field : plainFields()) {
        const QJsonValue mine = workspaceRecord.value(field);
        const QJsonValue theirs = storeRecord.value(field);
        if (mine != theirs)
            differences.append({field, mine, theirs, false});
    }
    const QStringList myRegions = connectedCodes(workspaceRecord);
    const QStringList theirRegions = connectedCodes(storeRecord);
    if (myRegions != theirRegions)
        differences.append({kRegions, QJsonArray::fromStringList(myRegions),
                            QJsonArray::fromStringList(theirRegions), false});
    if (workspaceRecord.contains(kCredentials)) {
        const QJsonObject mine = workspaceRecord.value(kCredentials).toObject();
        const QJsonObject theirs = storeRecord.value(kCredentials).toObject();
        QStringList keys = mine.keys() + theirs.keys();
        keys.sort();
        keys.removeDuplicates();
        for (const QString &key : keys) {
            if (mine.value(key) != theirs.value(key))
                differences.append({kCredentials + QLatin1Char('.') + key, mine.value(key),
                                    theirs.value(key), true});
        }
    }
    return differences;
}

QString pushActionName(PushAction action)
{
    switch (action) {
    case PushAction::Create:
        return QStringLiteral("create");
    case PushAction::Update:
        return QStringLiteral("update");
    case PushAction::Unchanged:
        break;
    }
    return QStringLiteral("unchanged");
}

bool PushPlan::changesSomething() const
{
    return std::any_of(steps.cbegin(), steps.cend(),
                       [](const PushStep &step) { return step.action != PushAction::Unchanged; });
}

QStringList regionCodesOf(const QVector<QJsonObject> &records)
{
    QStringList codes;
    for (const QJsonObject &record : records)
        codes += connectedCodes(record);
    codes.sort();
    codes.removeDuplicates();
    return codes;
}

PushPlan planPush(const QVector<QJsonObject> &records, const QVector<StoreProvider> &store,
                  const QSet<QString> &storeRegionCodes)
{
    PushPlan plan;
    for (const QJsonObject &record : records) {
        PushStep step;
        step.code = record.value(QStringLiteral("code")).toString();
        for (const QString &region : connectedCodes(record)) {
            if (!storeRegionCodes.contains(region))
                plan.errors.append(QStringLiteral("region %1 (used by %2) does not exist in the "
                                                  "store; create it in Openfront first")
                                       .arg(region, step.code));
        }
        const auto existing =
            std::find_if(store.cbegin(), store.cend(), [&](const StoreProvider &provider) {
                return provider.record.value(QStringLiteral("code")).toString() == step.code;
            });
        if (existing == store.cend()) {
            step.action = PushAction::Create;
            step.data = record;
            plan.steps.append(step);
            continue;
        }
        step.changes = compareRecords(record, existing->record);
        step.action = step.changes.isEmpty() ? PushAction::Unchanged : PushAction::Update;
        for (const FieldDifference &change : step.changes) {
            if (change.secret)
                step.data.insert(kCredentials, record.value(kCredentials));
            else if (change.field == kRegions)
                step.data.insert(kRegions, QJsonObject{{QStringLiteral("set"),
                                                        codeObjects(connectedCodes(record))}});
            else
                step.data.insert(change.field, change.workspaceValue);
        }
        plan.steps.append(step);
    }
    return plan;
}

QString diffStateName(DiffState state)
{
    switch (state) {
    case DiffState::Different:
        return QStringLiteral("different");
    case DiffState::OnlyInWorkspace:
        return QStringLiteral("only-in-workspace");
    case DiffState::OnlyInStore:
        return QStringLiteral("only-in-store");
    case DiffState::Same:
        break;
    }
    return QStringLiteral("same");
}

QVector<ProviderDiff> diffProviders(const QVector<QJsonObject> &records,
                                    const QVector<StoreProvider> &store)
{
    std::map<QString, ProviderDiff> byCode;
    std::map<QString, QJsonObject> storeRecords;
    for (const StoreProvider &provider : store)
        storeRecords[provider.record.value(QStringLiteral("code")).toString()] = provider.record;
    for (const QJsonObject &record : records) {
        const QString code = record.value(QStringLiteral("code")).toString();
        ProviderDiff diff{code, DiffState::OnlyInWorkspace, {}};
        const auto theirs = storeRecords.find(code);
        if (theirs != storeRecords.end()) {
            diff.differences = compareRecords(record, theirs->second);
            diff.state = diff.differences.isEmpty() ? DiffState::Same : DiffState::Different;
        }
        byCode[code] = diff;
    }
    for (const auto &[code, record] : storeRecords) {
        if (byCode.find(code) == byCode.end())
            byCode[code] = ProviderDiff{code, DiffState::OnlyInStore, {}};
    }
    QVector<ProviderDiff> diffs;
    for (const auto &[code, diff] : byCode)
        diffs.append(diff);
    return diffs;
}

PullOutcome planPull(const Workspace &workspace, const QVector<StoreProvider> &store,
                     ImportConflictPolicy policy)
{
    PullOutcome outcome;
    outcome.workspace = workspace;
    QJsonArray records;
    for (const StoreProvider &provider : store) {
        records.append(provider.record);
        for (const Region &region : provider.regions) {
            if (outcome.workspace.region(region.code))
                continue;
            outcome.workspace.regions.append(region);
            outcome.regionsAdded.append(region.code);
        }
    }
    outcome.report = importOpenfrontRecords(
        outcome.workspace, QJsonDocument(records).toJson(QJsonDocument::Compact), policy);
    const QSet<QString> skipped =
        policy == ImportConflictPolicy::Skip
            ? QSet<QString>(outcome.report.conflicts.cbegin(), outcome.report.conflicts.cend())
            : QSet<QString>();
    for (ProviderInstance &provider : outcome.workspace.providers) {
        const bool pulled = std::any_of(store.cbegin(), store.cend(), [&](const StoreProvider &p) {
            return p.record.value(QStringLiteral("code")).toString() == provider.code;
        });
        if (!pulled || skipped.contains(provider.code))
            continue;
        for (Credential &credential : provider.credentials)
            credential.secret = !isCredentialReference(credential.value);
    }
    return outcome;
}

} // namespace paybench::openfront
