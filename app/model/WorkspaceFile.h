#pragma once

#include "Workspace.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace paybench {

inline constexpr int kWorkspaceFormatVersion = 2;
inline constexpr const char *kWorkspaceFormatTag = "paybench-workspace";

struct WorkspaceLoadResult {
    std::optional<Workspace> workspace;
    QString error;               // set when workspace is empty: what is wrong, in plain words
    int migratedFromVersion = 0; // non-zero when the file was an older format
};

// Parses a workspace document, migrating older format versions. Never touches any file.
WorkspaceLoadResult workspaceFromJson(const QByteArray &json);
// Pretty-printed, stable key order, no secret values.
QByteArray workspaceToJson(const Workspace &workspace);

WorkspaceLoadResult loadWorkspaceFile(const QString &path);
// Atomic (QSaveFile); the previous file, if any, is kept as backupPath(path).
bool saveWorkspaceFile(const Workspace &workspace, const QString &path, QString *error);
QString workspaceBackupPath(const QString &path);

} // namespace paybench
