#!/usr/bin/env bash
# Wall time of a whole conformance run, `paybench-cli check`, against `paybench-cli serve` on
# loopback, with hyperfine: the documented profile (11 checks, 18 calls) and both profiles
# (23 checks, 36 calls). The run's own overhead is what is left after the loopback calls; the
# JSON report's per-call totalMs says how much of the time the calls took. Not a test.
#
#   bench/check-bench.sh [PATH/TO/paybench-cli]
#
# Environment: RUNS (hyperfine runs, default 30), WARMUP (default 3).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cli="${1:-$here/../build-conformance-release/app/paybench-cli/paybench-cli}"
runs="${RUNS:-30}"
warmup="${WARMUP:-3}"
command -v hyperfine >/dev/null || { echo "hyperfine is not installed" >&2; exit 2; }
[ -x "$cli" ] || { echo "no paybench-cli at $cli (build it, Release)" >&2; exit 2; }

source "$here/serve-lib.sh"
start_serve "$cli" --api-key bench-key-0001 --webhook-secret bench-secret-0001 --quiet
printf '{"apiKey":"bench-key-0001","webhookSecret":"bench-secret-0001"}' > "$work/credentials.json"

# Test-mode-free but isolated: the history and settings go to a throwaway home.
export HOME="$work/home" XDG_DATA_HOME="$work/home/data" XDG_CONFIG_HOME="$work/home/config"
check=("$cli" check --base-url "$base" --credentials "$work/credentials.json" --no-history)
"${check[@]}" --profile all --json "$work/report.json" > "$work/check.out" \
  || { echo "the check run failed:" >&2; cat "$work/check.out" >&2; exit 1; }

echo "# paybench-cli check against paybench-cli serve at $base"
echo "# $(nproc) CPUs, $(uname -sr); $runs runs, $warmup warm-up"
python3 - "$work/report.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
for run in doc["runs"]:
    calls = [c for check in run["checks"] for c in check["calls"]]
    total = sum(c["timings"]["totalMs"] or 0 for c in calls)
    print(f"# one run, both profiles: {len(run['checks'])} checks, {len(calls)} calls, "
          f"{run['elapsedMs']} ms in the run, {total} ms of it in the calls (sum of totalMs)")
PY
hyperfine --warmup "$warmup" --runs "$runs" --export-markdown "$work/hyperfine.md" \
  -n documented "${check[*]} --profile documented" \
  -n all "${check[*]} --profile all" \
  -n all+reports "${check[*]} --profile all --junit $work/r.xml --html $work/r.html --json $work/r.json" \
  -n help "$cli --help"
cat "$work/hyperfine.md"
