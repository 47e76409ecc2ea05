#pragma once

#include <QtGlobal>

namespace paybench {

// Makes the calling thread's heap ready for about `bytes` of small allocations, so that a load
// on a worker thread does not grow it a page at a time while the window starts beside it. Only
// glibc needs it; elsewhere (and under AddressSanitizer, which has its own allocator) it does
// nothing. The memory is handed back before this returns.
void reserveThreadHeap(qint64 bytes);

} // namespace paybench
