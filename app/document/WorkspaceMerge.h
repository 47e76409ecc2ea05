#pragma once

#include "Workspace.h"

#include <QString>

namespace paybench {

class WorkspaceDocument;

// Brings the open document to `after` through its own edits, as one undo step named `undoText`:
// regions and platforms first (providers refer to them), then providers; items only in the
// document stay. All or nothing: on the first refused edit the step is undone and *error says
// why. What Pull from Openfront does in the window; any caller with a planned workspace can.
bool mergeIntoDocument(WorkspaceDocument &document, const Workspace &after, const QString &undoText,
                       QString *error);

} // namespace paybench
