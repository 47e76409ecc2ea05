#!/usr/bin/env bash
# The demo gateway's durable state (`serve --state`): fills a state file with PAYMENTS payments
# through the HTTP API, then measures the server's memory per stored payment, a kill -9 under
# load (every answered create must be stored), the restart time on the big state, and the
# create throughput with every answer synced to the disk. Not a test: it prints numbers.
#
#   bench/state-bench.sh [PATH/TO/paybench-cli]
#
# Environment: PAYMENTS (default 100000), CONNECTIONS (default 16), FILL_SYNC (the --state-sync of
# the fill, default normal: same crash safety for kill -9, faster), FULL_SECONDS (the length of the
# synced throughput run, default 10), KEEP=DIR (keep the state file in DIR).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cli="${1:-$here/../build/app/paybench-cli/paybench-cli}"
payments="${PAYMENTS:-100000}"
connections="${CONNECTIONS:-16}"
fill_sync="${FILL_SYNC:-normal}"
full_seconds="${FULL_SECONDS:-10}"
threads=2
for tool in wrk sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done
[ -x "$cli" ] || { echo "no paybench-cli at $cli" >&2; exit 2; }

source "$here/serve-lib.sh"
state="$work/state.sqlite"
args=(--api-key bench-key --webhook-secret bench-secret --quiet)

# A create-payment per request. With BENCH_LIMIT_EACH, each wrk thread stops after that many
# answers and leaves a file BENCH_DONE_DIR/done-N (wrk itself waits for -d or SIGINT). The first
# answered id is kept, to look an old payment up after the restart.
cat > "$work/fill.lua" <<'EOF'
local api_key = "bench-key"
local limit_each = tonumber(os.getenv("BENCH_LIMIT_EACH") or "0")
local id_file = os.getenv("BENCH_ID_FILE")
local done_dir = os.getenv("BENCH_DONE_DIR")
local counter = 0
local answered = 0
local next_id = 0
function setup(thread) next_id = next_id + 1; thread:set("thread_id", next_id) end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local amount = 1000 + (counter % 50) * 100
  local body = string.format(
    '{"provider":{"name":"Bench","credentials":{"apiKey":"%s"}},' ..
    '"cart":{"id":"cart_%d","total":%d,"currency":"USD"},"amount":%d,"currency":"USD"}',
    api_key, counter, amount, amount)
  return wrk.format(nil, "/api/create-payment", nil, body)
end
response = function(status, headers, body)
  if status == 200 then
    answered = answered + 1
    if answered == 1 and id_file then
      local id = string.match(body, '"paymentId":"([^"]+)"')
      if id then local f = io.open(id_file, "w"); f:write(id); f:close() end
    end
  end
  if limit_each > 0 and answered == limit_each and done_dir then
    local f = io.open(done_dir .. "/done-" .. tostring(thread_id), "w"); f:close()
    wrk.thread:stop()
  end
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f non2xx=%d errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
EOF

result() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
rss_kb() { awk "/^$1:/ {print \$2}" "/proc/$server_pid/status"; }
now_ms() { date +%s%3N; }
stored() { sqlite3 "$1" "select count(*) from payments"; }

# Time from launch to "listening on" (in started_ms), with the state file as it is.
timed_start() {
  local t0
  t0=$(now_ms)
  "$cli" serve --port 0 "${args[@]}" --state "$state" "$@" > "$work/serve.log" 2> "$work/serve.err" &
  server_pid=$!
  for _ in $(seq 1 6000); do  # 5 ms steps (serve-lib.sh polls every 50 ms)
    grep -q '^listening on ' "$work/serve.log" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.005
  done
  started_ms=$(( $(now_ms) - t0 ))
  base="$(sed -n 's/^listening on //p' "$work/serve.log" | head -1)"
  [ -n "$base" ] || { echo "serve did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }
}

echo "# paybench-cli serve --state: $payments payments, $connections connections, fill --state-sync $fill_sync"
echo "# $(nproc) CPUs, $(uname -sr)"

timed_start --state-sync "$fill_sync"
empty_ms=$started_ms
empty_rss=$(rss_kb VmRSS)
echo "start_empty_ms=$empty_ms rss_empty_kb=$empty_rss"

# 1. Fill.
t0=$(now_ms)
BENCH_LIMIT_EACH=$(( (payments + threads - 1) / threads )) BENCH_ID_FILE="$work/first-id" \
  BENCH_DONE_DIR="$work" wrk -t"$threads" -c"$connections" -d36000s --timeout 10s \
  -s "$work/fill.lua" "$base" > "$work/fill.out" &
wrk_pid=$!
done_count() { local n=0 f; for f in "$work"/done-*; do [ -e "$f" ] && n=$((n + 1)); done; echo "$n"; }
while [ "$(done_count)" -lt "$threads" ]; do
  kill -0 "$wrk_pid" 2>/dev/null || break
  sleep 0.5
done
kill -INT "$wrk_pid" 2>/dev/null || true
wait "$wrk_pid" || true
fill="$(grep '^RESULT' "$work/fill.out")"
fill_s=$(( ($(now_ms) - t0) / 1000 ))
fill_rss=$(rss_kb VmRSS)
fill_hwm=$(rss_kb VmHWM)
echo "fill: $fill ($fill_s s)"
filled=$(( $(result requests "$fill") - $(result non2xx "$fill") ))
echo "rss_after_fill_kb=$fill_rss peak_rss_kb=$fill_hwm" \
  "rss_per_payment_bytes=$(( fill_rss * 1024 / filled )) (above the empty server: $(( (fill_rss - empty_rss) * 1024 / filled )))"

# 2. kill -9 under load: every create answered 200 before the kill must be in the file.
before=$filled
crash="$(wrk -t"$threads" -c"$connections" -d4s --timeout 10s -s "$work/fill.lua" "$base" | grep '^RESULT' &
  sleep 2; kill -9 "$server_pid"; wait)" || true
server_pid=""
answered_ok=$(( $(result requests "$crash") - $(result non2xx "$crash") ))
echo "kill -9 under load: $crash"
for f in "$state" "$state-wal"; do [ -e "$f" ] && echo "  $(stat -c '%s %n' "$f")"; done

# 3. Restart on the big state (the write-ahead log of the crash is recovered here).
timed_start --state-sync "$fill_sync"
restart_ms=$started_ms
restart_rss=$(rss_kb VmRSS)
first_id="$(cat "$work/first-id")"
lookup_ms_start=$(now_ms)
status="$(curl -s -X POST -H 'Content-Type: application/json' \
  -d "{\"provider\":{\"credentials\":{\"apiKey\":\"bench-key\"}},\"paymentId\":\"$first_id\"}" \
  "$base/api/get-payment-status")"
lookup_ms=$(( $(now_ms) - lookup_ms_start ))
kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""
count=$(stored "$state")
expected=$(( before + answered_ok ))
echo "restart_ms=$restart_ms (empty state: $empty_ms) rss_after_restart_kb=$restart_rss"
echo "first payment after restart (${lookup_ms} ms): ${status:0:80}"
echo "stored=$count answered_before_kill=$expected lost_answered=$(( expected > count ? expected - count : 0 ))"
echo "state_file_bytes=$(stat -c %s "$state") bytes_per_payment=$(( $(stat -c %s "$state") / count ))"

# 4. Create throughput with --state-sync full (an fsync per answer), on the big state.
start_serve "$cli" "${args[@]}" --state "$state" --state-sync full
full="$(wrk -t"$threads" -c"$connections" -d"${full_seconds}s" --timeout 10s -s "$work/fill.lua" "$base" | grep '^RESULT')"
echo "sync=full: $full"
kill -TERM "$server_pid"; wait "$server_pid" || true; server_pid=""

if [ -n "${KEEP:-}" ]; then cp "$state" "$KEEP/"; echo "kept $KEEP/$(basename "$state")"; fi
