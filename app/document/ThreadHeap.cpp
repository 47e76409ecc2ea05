#include "ThreadHeap.h"

#include <QVarLengthArray>

#include <cstdlib>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PAYBENCH_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PAYBENCH_ASAN 1
#endif

namespace paybench {

void reserveThreadHeap(qint64 bytes)
{
#if defined(__GLIBC__) && !defined(PAYBENCH_ASAN)
    // glibc grows a thread's heap (its arena, usually its own) only by what an allocation
    // lacks, a page and an mprotect call at a time, and each call takes the memory-map lock the
    // window's thread needs to map libraries. Steps of 120 KB (under the 128 KB from which
    // glibc maps a block on its own) cut a 6 MB load's calls from 1,300-2,000 to about 90, and
    // freeing keeps the heap's reach (not with vm.overcommit_memory=2, where this is undone).
    constexpr qint64 step = 120LL * 1024;
    constexpr qint64 most = 48LL * 1024 * 1024; // a heap is at most 64 MB on 64-bit
    const qint64 target = qMin(bytes, most);
    // All on the stack: a list on the heap would sit between the blocks and split them.
    QVarLengthArray<void *, most / step + 1> blocks;
    for (qint64 reserved = 0; reserved < target; reserved += step) {
        void *block = std::malloc(std::size_t(step));
        if (!block)
            break;
        blocks.append(block);
    }
    // In the order taken, so the blocks merge into one free area and the heap trims once.
    for (void *block : blocks)
        std::free(block);
#else
    Q_UNUSED(bytes);
#endif
}

} // namespace paybench
