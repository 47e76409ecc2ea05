#pragma once

#include "Workspace.h"

#include <QJsonArray>
#include <QStringList>

namespace paybench {

// Openfront keeps platform and instance in one PaymentProvider record: name, code, isInstalled,
// the six function fields, credentials, metadata and regions.
// Secret values must be loaded (Credential::valueLoaded) when includeCredentials is set; a
// secret that is not loaded is exported as null.
QJsonArray exportOpenfrontRecords(const Workspace &workspace, bool includeCredentials);

enum class ImportConflictPolicy { Fail, Skip, Replace };

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
