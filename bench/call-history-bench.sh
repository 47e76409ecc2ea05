#!/bin/sh
# Fills a call history with ROWS rows (default 1,000,000) and times filtered page queries.
# Usage: bench/call-history-bench.sh [BUILD_DIR] [ROWS]
set -eu
build="${1:-build}"
rows="${2:-1000000}"
cmake --build "$build" --target tst_callhistory_bench
PAYBENCH_HISTORY_ROWS="$rows" QT_QPA_PLATFORM=offscreen \
  "$build/tests/client/tst_callhistory_bench" -minimumvalue 50
