#!/bin/sh
# Measures the support desk against the embedded demo gateway on loopback:
#  - latency of get-payment-status, sequential and with concurrency 8 (paybench-cli latency),
#  - the connectivity probe of all six functions (wall time),
#  - the webhook lab's negative sends (each must pass against the demo gateway),
#  - the support bundle (wall time and size).
# Usage: bench/support-bench.sh [BUILD_DIR] [COUNT]   (default build-support, 500)
set -eu
BUILD=${1:-build-support}
COUNT=${2:-500}
CLI="$BUILD/app/paybench-cli/paybench-cli"
[ -x "$CLI" ] || { echo "build paybench-cli first: cmake --build $BUILD --target paybench-cli" >&2; exit 2; }
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
API_KEY=bench_api_key_$$
SECRET=bench_webhook_secret_$$
export PAYBENCH_SECRET_BACKEND=vault PAYBENCH_VAULT_PASSPHRASE=bench XDG_DATA_HOME="$WORK/data" XDG_CONFIG_HOME="$WORK/config"

"$CLI" serve --port "$PORT" --api-key "$API_KEY" --webhook-secret "$SECRET" --quiet >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT INT TERM
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -q listening "$WORK/serve.log" && break; sleep 0.2; done
BASE="http://127.0.0.1:$PORT"
printf '{"apiKey":"%s","webhookSecret":"%s"}' "$API_KEY" "$SECRET" >"$WORK/credentials.json"

PAYMENT=$("$CLI" call create-payment --base-url "$BASE" --credentials "$WORK/credentials.json" --no-history |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["answer"]["body"]["paymentId"])')
echo "payment: $PAYMENT"

stats() {
    python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["stats"]
print("  %d calls in %d ms (concurrency %d): min %.1f  median %.1f  p95 %.1f  p99 %.1f  max %.1f ms, errors %d"
      % (s["count"], d["wallMs"], d["concurrency"], s["minMs"], s["medianMs"], s["p95Ms"], s["p99Ms"], s["maxMs"], s["errors"]))'
}
for C in 1 8; do
    echo "latency get-payment-status x$COUNT, concurrency $C:"
    "$CLI" latency get-payment-status --base-url "$BASE" --credentials "$WORK/credentials.json" \
        --payment-id "$PAYMENT" --count "$COUNT" --concurrency "$C" --csv "$WORK/latency-$C.csv" | stats
done

ms() { python3 -c 'import time; print(int(time.time()*1000))'; }
T0=$(ms); "$CLI" probe --base-url "$BASE" --json >"$WORK/probe.json" || true; T1=$(ms)
echo "probe of 6 functions: $((T1 - T0)) ms wall, result $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["result"])' "$WORK/probe.json")"

FAILED=0
for TAMPER in none signature body reserialize timestamp duplicate oversize; do
    T0=$(ms)
    if "$CLI" webhook send --url "$BASE/api/handle-webhook" --secret "$SECRET" --credentials "$WORK/credentials.json" --type payment_intent.succeeded \
        --payment-id "$PAYMENT" --tamper "$TAMPER" >"$WORK/send-$TAMPER.json"; then R=pass; else R="FAIL ($?): $(python3 -c 'import json,sys; print("; ".join(f["message"] for f in json.load(open(sys.argv[1]))["verdict"]["findings"] if f["severity"]!="pass"))' "$WORK/send-$TAMPER.json")"; FAILED=1; fi
    T1=$(ms)
    echo "webhook send --tamper $TAMPER: $R, $((T1 - T0)) ms"
done

"$CLI" workspace init "$WORK/ws.json" >/dev/null
"$CLI" platform add --workspace "$WORK/ws.json" --name Demo --base-url "$BASE" >/dev/null
"$CLI" provider add --workspace "$WORK/ws.json" --name Demo --code pp_demo --platform Demo \
    --secret "apiKey=$API_KEY" --secret "webhookSecret=$SECRET" >/dev/null 2>&1
T0=$(ms)
"$CLI" bundle --workspace "$WORK/ws.json" --provider pp_demo --output "$WORK/bundle.zip" --probe --payment-id "$PAYMENT" >/dev/null 2>&1
T1=$(ms)
LEAK=$(unzip -p "$WORK/bundle.zip" | grep -c -e "$API_KEY" -e "$SECRET" || true)
echo "bundle with probe and diagnosis: $((T1 - T0)) ms, $(wc -c <"$WORK/bundle.zip") bytes, secrets found inside: $LEAK"
exit $FAILED
