#!/usr/bin/env bash
# Create-payment throughput and latency of `paybench-cli serve` at 1, 16 and 64 connections,
# with the gateway's state growing (every request creates a payment; the server keeps its state
# across the three runs). Not a test: it prints numbers.
#
#   bench/gateway-bench.sh [PATH/TO/paybench-cli]
#
# Environment: DURATION (seconds per run, default 10), CONNECTIONS (default "1 16 64"),
# THREADS (wrk threads, default 2), QUIET=1 (serve --quiet: no log line per request),
# STATE=1 (serve --state FILE: persistence on).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cli="${1:-$here/../build-gateway-release/app/paybench-cli/paybench-cli}"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-1 16 64}"
threads="${THREADS:-2}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$cli" ] || { echo "no paybench-cli at $cli (build it, Release)" >&2; exit 2; }

source "$here/serve-lib.sh"
args=(--api-key bench-key --webhook-secret bench-secret)
[ "${QUIET:-0}" = 1 ] && args+=(--quiet)
[ "${STATE:-0}" = 1 ] && args+=(--state "$work/state.json")
start_serve "$cli" "${args[@]}"

echo "# paybench-cli serve at $base; ${duration}s per run; wrk -t$threads; quiet=${QUIET:-0} state=${STATE:-0}"
echo "# $(nproc) CPUs, $(uname -sr)"
printf '%-11s %-10s %-9s %-9s %-9s %-9s %-9s %-8s %-14s %s\n' \
  connections requests req/s p50_ms p90_ms p99_ms p99.9_ms non2xx payments_after rss_mb
for c in $connections; do
  t=$(( c < threads ? c : threads ))
  line="$(wrk -t"$t" -c"$c" -d"${duration}s" --timeout 10s -s "$here/gateway-create-payment.lua" "$base" | grep '^RESULT')"
  get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  payments="$(curl -s "$base/dashboard" | sed -n 's/.*<p>\([0-9]*\) payment(s).*/\1/p')"
  rss="$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$server_pid/status")"
  printf '%-11s %-10s %-9s %-9s %-9s %-9s %-9s %-8s %-14s %s\n' "$c" "$(get requests)" "$(get rps)" \
    "$(get p50_ms)" "$(get p90_ms)" "$(get p99_ms)" "$(get p999_ms)" "$(get non2xx)" "$payments" "$rss"
done
