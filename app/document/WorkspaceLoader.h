#pragma once

#include "WorkspaceFile.h"

#include <QObject>
#include <QString>

#include <functional>

namespace paybench {

using WorkspaceLoaded = std::function<void(const WorkspaceLoadResult &result)>;

// Reads and parses a workspace file on a worker thread, so a large file does not hold up the
// window. done is called once, on the main thread, unless context is destroyed first.
void loadWorkspaceFileAsync(const QString &path, QObject *context, WorkspaceLoaded done);

} // namespace paybench
