// The order-keeping JSON parser reads every answer and every edited body.
#include "OrderedJson.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const paybench::json::ParseResult parsed = paybench::json::parse(bytes);
    if (parsed.value) {
        // What is written must read back to the same bytes.
        const QByteArray compact = paybench::json::stringify(*parsed.value);
        const paybench::json::ParseResult again = paybench::json::parse(compact);
        if (!again.value || paybench::json::stringify(*again.value) != compact)
            __builtin_trap();
        paybench::json::prettyPrint(*parsed.value);
    }
    return 0;
}
