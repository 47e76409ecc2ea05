#include "WorkspaceMerge.h"

#include "WorkspaceDocument.h"

#include <QUndoStack>

namespace paybench {

namespace {

// Adds the items the document lacks and updates those that differ, by key; false at the first
// refused edit.
template <typename T>
bool mergeItems(WorkspaceDocument &document, const Workspace &before, const QVector<T> &items,
                QString T::*key, const T *(Workspace::*find)(const QString &) const,
                bool (WorkspaceDocument::*add)(const T &, QString *),
                bool (WorkspaceDocument::*update)(const QString &, const T &, const QString &,
                                                  QString *),
                QString *error)
{
    for (const T &item : items) {
        const T *old = (before.*find)(item.*key);
        const bool ok = !old           ? (document.*add)(item, error)
                        : *old != item ? (document.*update)(item.*key, item, {}, error)
                                       : true;
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

bool mergeIntoDocument(WorkspaceDocument &document, const Workspace &after, const QString &undoText,
                       QString *error)
{
    // A copy: the document's workspace changes with every edit below.
    const Workspace before = document.workspace();
    QUndoStack *undo = document.undoStack();
    const int undoIndex = undo->index();
    undo->beginMacro(undoText);
    const bool ok =
        mergeItems(document, before, after.regions, &Region::code, &Workspace::region,
                   &WorkspaceDocument::addRegion, &WorkspaceDocument::updateRegion, error) &&
        mergeItems(document, before, after.platforms, &Platform::name, &Workspace::platform,
                   &WorkspaceDocument::addPlatform, &WorkspaceDocument::updatePlatform, error) &&
        mergeItems(document, before, after.providers, &ProviderInstance::code, &Workspace::provider,
                   &WorkspaceDocument::addProvider, &WorkspaceDocument::updateProvider, error);
    undo->endMacro();
    if (!ok && undo->index() > undoIndex)
        undo->undo(); // no half-merged workspace
    return ok;
}

} // namespace paybench
