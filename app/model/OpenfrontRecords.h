#pragma once

#include "Workspace.h"

#include <QJsonArray>
#include <QStringList>

#include <optional>

namespace paybench {

// Openfront keeps platform and instance in one PaymentProvider record: name, code, isInstalled,
// the six function fields, credentials, metadata and regions. Each record is a valid
// PaymentProviderCreateInput (regions as {connect: [{code}]}, left out when there are none), so
// it can be sent as it is; import-openfront reads it back, and also lists of region codes.
// Secret values must be loaded (Credential::valueLoaded) when includeCredentials is set; a
// secret that is not loaded is exported as null.
QJsonArray exportOpenfrontRecords(const Workspace &workspace, bool includeCredentials);

// One such record; credentials only when given (see exportedCredentials).
QJsonObject openfrontCreateInput(const Workspace &workspace, const ProviderInstance &provider,
                                 const std::optional<QJsonObject> &credentials);
// The credentials as exported: "environment" plus every value as written in the workspace.
QJsonObject exportedCredentials(const ProviderInstance &provider);

enum class ImportConflictPolicy { Fail, Skip, Replace };
// "fail" (or empty), "skip", "replace"; nullopt for anything else.
std::optional<ImportConflictPolicy> conflictPolicyFromName(const QString &name);

struct ImportReport {
    int added = 0;
    int replaced = 0;
    int skipped = 0;
    QStringList platformsCreated;
    QStringList conflicts; // provider codes already in the workspace
    QStringList errors;    // record N: what is wrong
    [[nodiscard]] bool ok() const { return errors.isEmpty(); }
};

// Adds the records to the workspace. With ImportConflictPolicy::Fail, a code already present is
// an error and nothing is changed; the workspace is changed only when the report is ok().
ImportReport importOpenfrontRecords(Workspace &workspace, const QByteArray &json,
                                    ImportConflictPolicy policy);

} // namespace paybench
