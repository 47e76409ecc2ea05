#!/usr/bin/env bash
# The demo gateway against a bare Qt HttpServer route, side by side in one run (issue #15):
#   bare     bench/gateway-bare-server: parses the same create-payment JSON, keeps a small
#            record, answers a JSON of the gateway's shape (built here, Release)
#   floor    the same with --stateless, keeping nothing: create-payment only, the p99 any
#            route gets on this machine
#   before   an older paybench-cli (BEFORE_CLI=path), optional
#   gateway  paybench-cli serve --quiet (no --state)
# All servers run at once (an idle one takes no CPU) and are measured in turns: ROUNDS rounds,
# each giving every side one create-payment run (and, but for the floor, one get-payment-status
# run) at CONNECTIONS keep-alive connections, in an order that rotates from round to round, so a
# slow minute of the machine falls on every side alike. The floor's medians of the rounds head
# the table, which gives each other side's medians (req/s, p99, server CPU per request) and the
# mean latency req/s implies: wrk keeps every connection busy, so by Little's law the mean is at
# most CONNECTIONS / req/s (at most: wrk's own time between an answer and the next request is in
# it too); a 2 ms p99 with a mean near 2 ms would leave the requests almost no spread. The
# ledgers grow through the rounds. Then, one side at a time, at least one more create run and
# as many as it takes until the server holds PAYMENTS payments (req/s and p99 per step show
# whether throughput and latency stay flat), a status run on the full server, and the resident
# memory per payment (RSS after the fill minus RSS of the freshly started server, divided by the
# payments held). Not a test: it prints numbers.
#
#   bench/gateway-vs-bare.sh [PATH/TO/paybench-cli]
#
# Environment: BEFORE_CLI (a second paybench-cli to compare, e.g. main's), DURATION (seconds per
# measured run, 10), ROUNDS (3), CONNECTIONS (64), THREADS (wrk threads, 2), PAYMENTS (fill
# target, 1000000; 0 skips the fill), BARE_BUILD (where the bare server is built).
# Needs wrk and curl. wrk runs on the same machine and takes CPU from the server.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cli="${1:-$here/../build-release/app/paybench-cli/paybench-cli}"
before="${BEFORE_CLI:-}"
duration="${DURATION:-10}"
rounds="${ROUNDS:-3}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
target="${PAYMENTS:-1000000}"
bare_build="${BARE_BUILD:-$here/../build-release/gateway-bare-server}"
for tool in wrk curl cmake; do
  command -v "$tool" >/dev/null || { echo "gateway-vs-bare: $tool is missing" >&2; exit 2; }
done
[ -x "$cli" ] || { echo "no paybench-cli at $cli (build it, Release)" >&2; exit 2; }
[ -z "$before" ] || [ -x "$before" ] || { echo "BEFORE_CLI=$before is not executable" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS=$rounds is not a whole number above 0" >&2; exit 2; }

cmake -S "$here/gateway-bare-server" -B "$bare_build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS=-fno-omit-frame-pointer >/dev/null
cmake --build "$bare_build" >/dev/null
bare="$bare_build/gateway-bare-server"

work="$(mktemp -d)"
declare -A pid base
cleanup() {
  local side
  for side in "${!pid[@]}"; do kill -TERM "${pid[$side]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# start SIDE COMMAND...: runs a server on a free port; sets pid[SIDE] and base[SIDE].
start() {
  local side="$1"
  shift
  "$@" > "$work/$side.log" 2> "$work/$side.err" &
  pid[$side]=$!
  for _ in $(seq 1 200); do
    grep -q '^listening on ' "$work/$side.log" 2>/dev/null && break
    sleep 0.05
  done
  base[$side]="$(sed -n 's/^listening on //p' "$work/$side.log" | head -1)"
  [ -n "${base[$side]}" ] || { echo "$side did not start:" >&2; cat "$work/$side.err" >&2; exit 1; }
}
stop() {
  kill -TERM "${pid[$1]}" 2>/dev/null || true
  wait "${pid[$1]}" 2>/dev/null || true
  unset "pid[$1]"
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/${pid[$1]}/status"; }
# The server's CPU time (user + system) in clock ticks: CPU per request does not depend on what
# else the machine runs, req/s does.
cpu_ticks() { awk '{print $14 + $15}' "/proc/${pid[$1]}/stat"; }
ticks_per_second="$(getconf CLK_TCK)"

# run SIDE SCRIPT SECONDS: one wrk run; sets requests rps p99 cpu (server CPU µs per request)
# and counts the payments SIDE holds. Status runs ask for SIDE's own payment (ids[SIDE]).
run() {
  local line before_ticks non2xx
  before_ticks="$(cpu_ticks "$1")"
  line="$(BENCH_PAYMENT_ID="${ids[$1]:-}" wrk -t"$threads" -c"$connections" -d"$3s" --timeout 10s \
    -s "$here/$2" "${base[$1]}" | grep '^RESULT')" || { echo "$1: wrk printed no result for $2" >&2; exit 1; }
  get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  requests="$(get requests)" rps="$(get rps)" p99="$(get p99_ms)" non2xx="$(get non2xx)"
  cpu=$(( ($(cpu_ticks "$1") - before_ticks) * 1000000 / ticks_per_second / (requests > 0 ? requests : 1) ))
  [ "$non2xx" = 0 ] || echo "  warning: $1: $non2xx answers were not 2xx" >&2
  if [ "$2" = gateway-create-payment.lua ]; then held[$1]=$((held[$1] + requests)); fi
}
median() {
  tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g |
    awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# The rounds' figures: samples[KIND METRIC SIDE] (KIND create or status, METRIC rps, p99 or cpu)
# lists one value per round; med KIND METRIC SIDE is their median.
declare -A samples
record() { samples[$1 rps $2]+=" $rps" samples[$1 p99 $2]+=" $p99" samples[$1 cpu $2]+=" $cpu"; }
med() { median "${samples[$1 $2 $3]}"; }
# Little's law for a closed loop: every connection always has one request out (or is about to).
mean_ms() { awk -v c="$connections" -v r="$1" 'BEGIN { if (r > 0) printf "%.2f", c * 1000 / r; else print "-" }'; }

declare -A held empty_kb ids fill_rps big_status_rps per_payment
sides=(bare)
[ -n "$before" ] && sides+=(before)
sides+=(gateway)
all=(floor "${sides[@]}")

echo "# $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(uname -sr)"
echo "# wrk -t$threads -c$connections -d${duration}s on the same machine: it shares the CPUs with the server;" \
  "$rounds rounds, medians"
# The floor: the bare route keeping nothing. Its p99 is what this machine and wrk give any
# server, the reference for a p99 target.
start floor "$bare" --stateless
held[floor]=0
for side in "${sides[@]}"; do
  case "$side" in
    bare) start bare "$bare" ;;
    before) start before "$before" serve --port 0 --quiet --api-key bench-key --webhook-secret bench-secret ;;
    gateway) start gateway "$cli" serve --port 0 --quiet --api-key bench-key --webhook-secret bench-secret ;;
  esac
  empty_kb[$side]="$(rss_kb "$side")"
  ids[$side]="$(curl -s -H 'Content-Type: application/json' --data \
    '{"provider":{"name":"Bench","credentials":{"apiKey":"bench-key"}},"cart":{"id":"cart_status","total":1000,"currency":"USD"},"amount":1000,"currency":"USD"}' \
    "${base[$side]}/api/create-payment" | sed -n 's/.*"paymentId":"\([^"]*\)".*/\1/p')"
  [ -n "${ids[$side]}" ] || { echo "$side: create-payment for the status runs failed" >&2; exit 1; }
  held[$side]=1
done
for side in "${all[@]}"; do
  run "$side" gateway-create-payment.lua 2 # warm-up: connections, allocator, caches
done
for round in $(seq 1 "$rounds"); do
  line="round $round:"
  first=$(( (round - 1) % ${#all[@]} ))
  for side in "${all[@]:first}" "${all[@]:0:first}"; do
    run "$side" gateway-create-payment.lua "$duration"
    record create "$side"
    line+=" $side create $rps/${p99}ms"
    [ "$side" = floor ] && continue
    run "$side" gateway-payment-status.lua "$duration"
    record status "$side"
    line+=" status $rps/${p99}ms"
  done
  echo "$line"
done
stop floor
if [ "$target" -gt 0 ]; then
  for side in "${sides[@]}"; do
    steps=""
    while :; do # at least one step: the rounds may have held PAYMENTS already
      run "$side" gateway-create-payment.lua "$duration"
      steps+=" ${rps}@$((held[$side] / 1000))k/${p99}ms"
      [ "${held[$side]}" -lt "$target" ] || break
    done
    fill_rps[$side]=$rps
    echo "$side: create as the ledger grows (req/s@payments held after the run/p99):$steps"
    run "$side" gateway-payment-status.lua "$duration"
    big_status_rps[$side]=$rps
    full_kb="$(rss_kb "$side")"
    per_payment[$side]=$(( (full_kb - empty_kb[$side]) * 1024 / held[$side] ))
    echo "$side: ${held[$side]} payments; RSS $((empty_kb[$side] / 1024)) MB empty, $((full_kb / 1024)) MB full:" \
      "${per_payment[$side]} B per payment; status at full $rps req/s p99 $p99 ms"
    stop "$side"
  done
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
echo
echo "# medians of $rounds rounds at $connections connections: req/s and p99 of create-payment and"
echo "# get-payment-status; mean: connections / req/s in ms, the mean latency at most (Little's law);"
echo "# vs_bare: req/s over the bare server's; cpu: server CPU µs per request; full: after the fill"
floor_rps="$(med create rps floor)"
echo "# floor, the bare route keeping nothing: create $floor_rps req/s p99 $(med create p99 floor) ms" \
  "mean $(mean_ms "$floor_rps") ms $(med create cpu floor) µs"
# One format for the header and the rows.
row() { printf '%-8s %-8s %-7s %-5s %-7s %-5s %-8s %-7s %-5s %-7s %-5s %-9s %-11s %s\n' "$@"; }
row side create p99_ms mean vs_bare cpu status p99_ms mean vs_bare cpu full_rps full_status B/payment
for side in "${sides[@]}"; do
  create_rps="$(med create rps "$side")" status_rps="$(med status rps "$side")"
  row "$side" "$create_rps" "$(med create p99 "$side")" "$(mean_ms "$create_rps")" \
    "$(ratio "$create_rps" "$(med create rps bare)")" "$(med create cpu "$side")" \
    "$status_rps" "$(med status p99 "$side")" "$(mean_ms "$status_rps")" \
    "$(ratio "$status_rps" "$(med status rps bare)")" "$(med status cpu "$side")" \
    "${fill_rps[$side]:--}" "${big_status_rps[$side]:--}" "${per_payment[$side]:--}"
done
