#pragma once

#include "CallHistory.h"
#include "OrderedJson.h"
#include "ProbeReport.h"
#include "Workspace.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace paybench::support {

// What goes into a support bundle. Secret values may be loaded in `workspace` (they must be, to
// be scrubbed from everything else): the bundle never contains any credential value.
struct SupportBundleInput {
    Workspace workspace;
    QString providerCode;
    QVector<client::HistoryEntry> history; // newest first, reports filled
    std::optional<ProbeReport> probe;
    std::optional<json::OrderedValue> diagnosis;
    QStringList extraSecrets; // values to scrub besides the workspace's credentials
    QStringList notes;        // e.g. "the vault could not be opened: ..."
    QDateTime createdAt = QDateTime::currentDateTimeUtc();
};

// The workspace with every credential value replaced (keys kept; `${env:NAME}` references
// shown by name only, since they hold no secret).
Workspace redactedWorkspace(const Workspace &workspace);
// Non-secret credential values shorter than this are settings ("sandbox"), not scrubbed.
inline constexpr int kMinScrubbedLength = 8;
// The credential values to scrub: every loaded secret, and every other value of at least
// kMinScrubbedLength characters (references excluded).
QStringList credentialValues(const Workspace &workspace);

// The app and Qt versions and the operating system.
json::OrderedValue environmentReport();

// The zip: README.txt, workspace.paybench.json, history.json, probe.json, diagnosis.json,
// environment.json. Every text entry is scrubbed of every credential value.
QByteArray buildSupportBundle(const SupportBundleInput &input);
// Writes it atomically; false and *error when it cannot.
bool writeSupportBundle(const SupportBundleInput &input, const QString &path, QString *error);

} // namespace paybench::support
