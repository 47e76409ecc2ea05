#!/usr/bin/env bash
# The demo gateway against a bare Qt HttpServer route, side by side in one run (issue #15):
#   bare     bench/gateway-bare-server: parses the same create-payment JSON, keeps a small
#            record, answers a JSON of the gateway's shape (built here, Release)
#   floor    the same with --stateless, keeping nothing: create-payment only, the p99 any
#            route gets on this machine
#   before   an older paybench-cli (BEFORE_CLI=path), optional
#   gateway  paybench-cli serve --quiet (no --state)
# For each: create-payment and get-payment-status throughput and p99 at CONNECTIONS keep-alive
# connections, then creates until the server holds PAYMENTS payments (req/s and p99 per step
# show whether throughput and latency stay flat), then the resident memory per payment (RSS
# after the fill minus RSS of the freshly started server, divided by the payments held). Not a
# test: it prints numbers.
#
#   bench/gateway-vs-bare.sh [PATH/TO/paybench-cli]
#
# Environment: BEFORE_CLI (a second paybench-cli to compare, e.g. main's), DURATION (seconds per
# measured run, 10), CONNECTIONS (64), THREADS (wrk threads, 2), PAYMENTS (fill target,
# 1000000; 0 skips the fill), BARE_BUILD (where the bare server is built).
# Needs wrk and curl. wrk runs on the same machine and takes CPU from the server.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cli="${1:-$here/../build-release/app/paybench-cli/paybench-cli}"
before="${BEFORE_CLI:-}"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
target="${PAYMENTS:-1000000}"
bare_build="${BARE_BUILD:-$here/../build-release/gateway-bare-server}"
for tool in wrk curl cmake; do
  command -v "$tool" >/dev/null || { echo "gateway-vs-bare: $tool is missing" >&2; exit 2; }
done
[ -x "$cli" ] || { echo "no paybench-cli at $cli (build it, Release)" >&2; exit 2; }
[ -z "$before" ] || [ -x "$before" ] || { echo "BEFORE_CLI=$before is not executable" >&2; exit 2; }

cmake -S "$here/gateway-bare-server" -B "$bare_build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS=-fno-omit-frame-pointer >/dev/null
cmake --build "$bare_build" >/dev/null
bare="$bare_build/gateway-bare-server"

work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME COMMAND...: runs a server on a free port; sets pid and base.
start() {
  local name="$1"
  shift
  "$@" > "$work/$name.log" 2> "$work/$name.err" &
  pid=$!
  for _ in $(seq 1 200); do
    grep -q '^listening on ' "$work/$name.log" 2>/dev/null && break
    sleep 0.05
  done
  base="$(sed -n 's/^listening on //p' "$work/$name.log" | head -1)"
  [ -n "$base" ] || { echo "$name did not start:" >&2; cat "$work/$name.err" >&2; exit 1; }
}
stop() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
# The server's CPU time (user + system) in clock ticks: CPU per request does not depend on what
# else the machine runs, req/s does.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ticks_per_second="$(getconf CLK_TCK)"

# run SCRIPT SECONDS: one wrk run; sets requests rps p99 non2xx cpu (server CPU µs per request).
run() {
  local line before_ticks
  before_ticks="$(cpu_ticks)"
  line="$(wrk -t"$threads" -c"$connections" -d"$2s" --timeout 10s -s "$here/$1" "$base" | grep '^RESULT')"
  get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  requests="$(get requests)" rps="$(get rps)" p99="$(get p99_ms)" non2xx="$(get non2xx)"
  cpu=$(( ($(cpu_ticks) - before_ticks) * 1000000 / ticks_per_second / (requests > 0 ? requests : 1) ))
  [ "$non2xx" = 0 ] || echo "  warning: $non2xx answers were not 2xx" >&2
}

declare -A create_rps create_p99 create_cpu status_rps status_p99 status_cpu fill_rps big_status_rps per_payment
sides=(bare)
[ -n "$before" ] && sides+=(before)
sides+=(gateway)

echo "# $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(uname -sr)"
echo "# wrk -t$threads -c$connections -d${duration}s on the same machine: it shares the CPUs with the server"
# The floor: the bare route keeping nothing. Its p99 is what this machine and wrk give any
# server, the reference for a p99 target.
start floor "$bare" --stateless
run gateway-create-payment.lua 2
run gateway-create-payment.lua "$duration"
floor_rps=$rps floor_p99=$p99 floor_cpu=$cpu
echo "floor (bare route, keeps nothing): create $rps req/s p99 $p99 ms $cpu µs CPU/req"
stop
for side in "${sides[@]}"; do
  case "$side" in
    bare) start bare "$bare" ;;
    before) start before "$before" serve --port 0 --quiet --api-key bench-key --webhook-secret bench-secret ;;
    gateway) start gateway "$cli" serve --port 0 --quiet --api-key bench-key --webhook-secret bench-secret ;;
  esac
  empty_kb="$(rss_kb)"
  held=0
  run gateway-create-payment.lua 2 # warm-up: connections, allocator, caches
  held=$((held + requests))
  run gateway-create-payment.lua "$duration"
  held=$((held + requests))
  create_rps[$side]=$rps create_p99[$side]=$p99 create_cpu[$side]=$cpu
  id="$(curl -s -H 'Content-Type: application/json' --data \
    '{"provider":{"name":"Bench","credentials":{"apiKey":"bench-key"}},"cart":{"id":"cart_status","total":1000,"currency":"USD"},"amount":1000,"currency":"USD"}' \
    "$base/api/create-payment" | sed -n 's/.*"paymentId":"\([^"]*\)".*/\1/p')"
  [ -n "$id" ] || { echo "$side: create-payment for the status run failed" >&2; exit 1; }
  held=$((held + 1))
  export BENCH_PAYMENT_ID="$id"
  run gateway-payment-status.lua "$duration"
  status_rps[$side]=$rps status_p99[$side]=$p99 status_cpu[$side]=$cpu
  echo "$side: create ${create_rps[$side]} req/s p99 ${create_p99[$side]} ms ${create_cpu[$side]} µs CPU/req;" \
    "status $rps req/s p99 $p99 ms $cpu µs CPU/req"
  if [ "$target" -gt 0 ]; then
    steps=""
    while [ "$held" -lt "$target" ]; do
      run gateway-create-payment.lua "$duration"
      held=$((held + requests))
      steps+=" ${rps}@$((held / 1000))k/${p99}ms"
    done
    fill_rps[$side]=$rps
    echo "$side: create as the ledger grows (req/s@payments held after the run/p99):$steps"
    run gateway-payment-status.lua "$duration"
    big_status_rps[$side]=$rps
    full_kb="$(rss_kb)"
    per_payment[$side]=$(( (full_kb - empty_kb) * 1024 / held ))
    echo "$side: $held payments; RSS $((empty_kb / 1024)) MB empty, $((full_kb / 1024)) MB full:" \
      "${per_payment[$side]} B per payment; status at full $rps req/s p99 $p99 ms"
  fi
  stop
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
echo
echo "# req/s and p99 of create-payment and get-payment-status at $connections connections; ×bare:"
echo "# req/s over the bare server's; cpu: server CPU µs per request; full: after the fill"
echo "# floor, the bare route keeping nothing: create $floor_rps req/s p99 $floor_p99 ms $floor_cpu µs"
printf '%-8s %-8s %-7s %-6s %-5s %-8s %-7s %-6s %-5s %-9s %-11s %s\n' side create p99_ms ×bare \
  cpu status p99_ms ×bare cpu full_rps full_status B/payment
for side in "${sides[@]}"; do
  printf '%-8s %-8s %-7s %-6s %-5s %-8s %-7s %-6s %-5s %-9s %-11s %s\n' "$side" "${create_rps[$side]}" \
    "${create_p99[$side]}" "$(ratio "${create_rps[$side]}" "${create_rps[bare]}")" "${create_cpu[$side]}" \
    "${status_rps[$side]}" "${status_p99[$side]}" "$(ratio "${status_rps[$side]}" "${status_rps[bare]}")" \
    "${status_cpu[$side]}" "${fill_rps[$side]:--}" "${big_status_rps[$side]:--}" "${per_payment[$side]:--}"
done
