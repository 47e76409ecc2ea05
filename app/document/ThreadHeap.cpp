#include "ThreadHeap.h"

#include <QVarLengthArray>

#include <cstdlib>

namespace paybench {

void reserveThreadHeap(qint64 bytes)
{
#if defined(__GLIBC__)
    // glibc gives each thread a heap of its own and grows it by what an allocation lacks, one
    // page at a time, with an mprotect call each: loading a 6 MB workspace made 1,300 to 2,000
    // of them, each holding the process's memory-map lock, which the window's thread (loading
    // libraries and touching new pages beside it) then waits on. Growing the heap here in
    // steps of 120 KB (glibc maps blocks of 128 KB and more on their own) leaves about 90, and
    // the heap keeps that reach when the blocks are freed: glibc gives back the pages, not the
    // mapping.
    constexpr qint64 step = 120LL * 1024;
    // Beyond this glibc starts a second heap anyway (each is at most 64 MB).
    constexpr qint64 most = 48LL * 1024 * 1024;
    QVarLengthArray<void *, 64> blocks;
    for (qint64 reserved = 0; reserved < qMin(bytes, most); reserved += step) {
        void *block = std::malloc(std::size_t(step));
        if (!block)
            break;
        blocks.append(block);
    }
    // In the order taken, so the blocks merge into one free area and the heap trims once.
    for (void *block : blocks)
        std::free(block);
#else
    Q_UNUSED(bytes)
#endif
}

} // namespace paybench
