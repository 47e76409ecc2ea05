// The workspace loader and the Openfront import take files people hand-edit or download.
#include "OpenfrontRecords.h"
#include "Validation.h"
#include "WorkspaceFile.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const paybench::WorkspaceLoadResult loaded = paybench::workspaceFromJson(bytes);
    if (loaded.workspace) {
        // Whatever loads must validate, save and load again to the same workspace.
        paybench::validateWorkspace(*loaded.workspace);
        const QByteArray saved = paybench::workspaceToJson(*loaded.workspace);
        const paybench::WorkspaceLoadResult again = paybench::workspaceFromJson(saved);
        if (!again.workspace || paybench::workspaceToJson(*again.workspace) != saved)
            __builtin_trap();
    }
    paybench::Workspace target = paybench::Workspace::createEmpty();
    paybench::importOpenfrontRecords(target, bytes, paybench::ImportConflictPolicy::Fail);
    return 0;
}
