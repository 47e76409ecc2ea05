#!/usr/bin/env bash
# Where the window's start-up goes: the phases of `paybench --smoke` (10,000 providers and the
# sample) and of the bare window, as medians over RUNS runs, from uprobes on a few functions
# (main, the QApplication constructor, MainWindow's constructor, adoptWorkspace, the event loop,
# the destructors) and the kernel's exec and exit events. The load thread's read is timed too.
# It is a measurement, not a test; startup-bench.sh gives the ratio.
#
# usage: bench/startup-phases.sh [BUILD_DIR] [RUNS]
#   BUILD_DIR  a Release build with ui/paybench/paybench and startup-bare-window built by
#              startup-bench.sh (default build-bench); RUNS default 25
# Needs: root (uprobes in /sys/kernel/tracing), perf, nm, xvfb-run, python3; the workspace that
# startup-bench.sh generates (BUILD_DIR/startup-results/workspace-10000.paybench.json).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$(cd "${1:-$root/build-bench}" && pwd)
runs=${2:-25}

if [[ -z "${PAYBENCH_BENCH_IN_XVFB:-}" ]]; then
  export PAYBENCH_BENCH_IN_XVFB=1
  exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$build" "$runs"
fi

for tool in perf nm python3; do
  command -v "$tool" >/dev/null || { echo "startup-phases: $tool is missing" >&2; exit 2; }
done
paybench="$build/ui/paybench/paybench"
bare="$build/startup-bare-window/startup-bare-window"
workspace="$build/startup-results/workspace-10000.paybench.json"
for f in "$paybench" "$bare" "$workspace"; do
  [[ -e "$f" ]] || { echo "startup-phases: $f is missing (run startup-bench.sh first)" >&2; exit 2; }
done
events=/sys/kernel/tracing/uprobe_events
[[ -w "$events" ]] || { echo "startup-phases: needs root and tracefs ($events)" >&2; exit 2; }

lib() { ldd "$paybench" | awk -v n="$1" '$1 ~ n {print $3}'; }
core=$(readlink -f "$(lib libQt6Core)")
widgets=$(readlink -f "$(lib libQt6Widgets)")
# probe NAME FILE SYMBOL-REGEX KIND: a uprobe (p, entry) or uretprobe (r, return) on the function
# of FILE whose demangled name matches: of its addresses, the one most names share (a complete
# constructor or destructor, not the deleting one).
probe() {
  local flag=-C
  [[ "$2" == *.so* ]] && flag="-DC"
  local address
  address=$(nm $flag "$2" | grep -E " [Tt] $3" | awk '{print $1}' | sort | uniq -c | sort -rn |
    head -1 | awk '{print $2}')
  [[ -n "$address" ]] || { echo "startup-phases: no $3 in $2" >&2; exit 2; }
  echo "$4:paybench_phases/$1 $2:0x$address" >>"$events"
}
cleanup() { grep -v paybench_phases "$events" >"$scratch/kept" || true; : >"$events"
            while read -r line; do echo "$line" >>"$events"; done <"$scratch/kept"
            rm -rf "$scratch"; }
scratch=$(mktemp -d)
trap cleanup EXIT
probe main_in "$paybench" 'main$' p
probe main_out "$paybench" 'main$' r
probe app_in "$widgets" 'QApplication::QApplication\(int&, char\*\*, int\)' p
probe app_out "$widgets" 'QApplication::QApplication\(int&, char\*\*, int\)' r
probe window_in "$paybench" 'paybench::MainWindow::MainWindow\(QWidget\*\)' p
probe window_out "$paybench" 'paybench::MainWindow::MainWindow\(QWidget\*\)' r
probe read_in "$paybench" 'paybench::\(anonymous namespace\)::readWorkspaceFile\(QString const&\)$' p
probe read_out "$paybench" 'paybench::\(anonymous namespace\)::readWorkspaceFile\(QString const&\)$' r
probe adopt_in "$paybench" 'paybench::WorkspaceDocument::adoptWorkspace' p
probe adopt_out "$paybench" 'paybench::WorkspaceDocument::adoptWorkspace' r
probe exec_in "$core" 'QCoreApplication::exec\(\)' p
probe exit_in "$core" 'QCoreApplication::exit\(int\)' p
probe appdtor_in "$widgets" 'QApplication::~QApplication\(\)' p
probe appdtor_out "$widgets" 'QApplication::~QApplication\(\)' r
probe bare_in "$bare" 'main$' p
probe bare_out "$bare" 'main$' r

export XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
export XDG_RUNTIME_DIR="$scratch/runtime" && mkdir -m 700 -p "$XDG_RUNTIME_DIR"
"$paybench" --smoke "$workspace" # settings written once, as in later runs
perf record -q -o "$scratch/perf.data" -k CLOCK_MONOTONIC -e 'paybench_phases:*' \
  -e sched:sched_process_exec -e sched:sched_process_exit -- \
  bash -c "for i in \$(seq $runs); do '$paybench' --smoke '$workspace'; '$bare'; '$paybench' --smoke; done" \
  2>/dev/null
perf script -i "$scratch/perf.data" -F comm,pid,tid,time,event 2>/dev/null >"$scratch/events.txt"
python3 "$here/startup-phases.py" "$scratch/events.txt"
