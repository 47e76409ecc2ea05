#pragma once

#include "OrderedJson.h"

#include <QByteArray>
#include <QString>
#include <QVector>

namespace paybench {

// A secret value found in a version-1 file: it moves to the secret store on the next save.
struct MigratedSecret {
    qsizetype provider;
    QString key;
    QString value;
};

// A version-1 workspace document rewritten as a version-2 one, for the one reader of workspaces
// (WorkspaceReader.cpp). Secret values leave the document for *secrets. Empty, with *error
// ("platforms[2] must be an object"), when the old document's shape is wrong.
QByteArray migrateVersion1(const json::OrderedValue &v1, QVector<MigratedSecret> *secrets,
                           QString *error);

} // namespace paybench
