#!/usr/bin/env bash
# Start-up of the Paybench window, measured with hyperfine under a virtual X server:
#   bare      a bare Qt main window that exits once painted (bench/startup-bare-window)
#   sample    paybench --smoke on the built-in sample workspace
#   10k       paybench --smoke on a generated workspace of 10,000 provider instances
# Each command exits once its window has been painted once.
# With PAYBENCH_BENCH_BEFORE=PATH (another paybench binary, e.g. a build of the previous commit),
# that binary runs the same two workspaces in the same hyperfine run, for a before/after table.
#
# usage: bench/startup-bench.sh [BUILD_DIR] [RESULTS_DIR]
#   BUILD_DIR    a Release build of Paybench; default build-bench (configured and built here,
#                only the paybench target)
#   RESULTS_DIR  where the hyperfine reports go; default BUILD_DIR/startup-results
# Needs: hyperfine, xvfb-run (Debian: apt-get install hyperfine xvfb), python3.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build-bench}
results=${2:-$build/startup-results}
providers=${PAYBENCH_BENCH_PROVIDERS:-10000}

if [[ -z "${PAYBENCH_BENCH_IN_XVFB:-}" ]]; then
  # One X server for all runs, so its start-up is not part of any measurement.
  export PAYBENCH_BENCH_IN_XVFB=1
  exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$build" "$results"
fi

for tool in hyperfine python3 cmake; do
  command -v "$tool" >/dev/null || { echo "startup-bench: $tool is missing" >&2; exit 2; }
done

if [[ ! -x "$build/ui/paybench/paybench" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPAYBENCH_BUILD_TESTS=OFF
  cmake --build "$build" --target paybench
fi
paybench="$build/ui/paybench/paybench"
cmake -S "$here/startup-bare-window" -B "$build/startup-bare-window" -G Ninja \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build/startup-bare-window" >/dev/null
bare="$build/startup-bare-window/startup-bare-window"

mkdir -p "$results"
workspace="$results/workspace-$providers.paybench.json"
[[ -f "$workspace" ]] || python3 "$here/generate-workspace.py" "$providers" "$workspace"

# Settings and data of the runs stay out of the person's own.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
export XDG_RUNTIME_DIR="$scratch/runtime" && mkdir -m 700 -p "$XDG_RUNTIME_DIR"

# Every command must succeed on its own before it is timed.
"$bare"
"$paybench" --smoke
"$paybench" --smoke "$workspace"
before=()
if [[ -n "${PAYBENCH_BENCH_BEFORE:-}" ]]; then
  "$PAYBENCH_BENCH_BEFORE" --smoke
  before=(-n "before: paybench --smoke (sample)" "$PAYBENCH_BENCH_BEFORE --smoke"
          -n "before: paybench --smoke ($providers providers)" "$PAYBENCH_BENCH_BEFORE --smoke $workspace")
fi

hyperfine --shell=none --warmup 3 --runs "${PAYBENCH_BENCH_RUNS:-30}" \
  --export-markdown "$results/startup.md" --export-json "$results/startup.json" \
  -n "bare Qt window" "$bare" \
  -n "paybench --smoke (sample)" "$paybench --smoke" \
  -n "paybench --smoke ($providers providers)" "$paybench --smoke $workspace" \
  "${before[@]}"
echo "reports: $results/startup.md $results/startup.json"
