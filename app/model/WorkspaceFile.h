#pragma once

#include "FileLook.h"
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
    // Set when the file is damaged and its previous version (backupPath) loads fine; the error
    // then names it too.
    QString backupPath;
    // io::contentStamp of the bytes read from the file (loadWorkspaceFile only): what the
    // document compares with later to tell whether the file changed on disk.
    QByteArray contentStamp;
    // The file's look taken just before its bytes were read (loadWorkspaceFile only): a watcher
    // that starts from it sees a change made after the read without reading the file again.
    std::optional<io::FileLook> fileLook;
};

// Parses a workspace document, migrating older format versions. Never touches any file.
WorkspaceLoadResult workspaceFromJson(const QByteArray &json);
// Pretty-printed, stable key order, no secret values.
QByteArray workspaceToJson(const Workspace &workspace);

WorkspaceLoadResult loadWorkspaceFile(const QString &path);
// Safe (io::SafeFileWriter: nothing changes on failure, the error has the system's reason); the
// previous file, if any, is kept as workspaceBackupPath(path), beside the real file.
// *stamp, when given, becomes the io::contentStamp of the bytes written.
bool saveWorkspaceFile(const Workspace &workspace, const QString &path, QString *error,
                       QByteArray *stamp = nullptr);
QString workspaceBackupPath(const QString &path);

} // namespace paybench
