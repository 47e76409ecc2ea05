# Sourced by the benchmark scripts: runs `paybench-cli serve` on a free loopback port for the
# length of the script. Sets `work` (a scratch folder, removed at exit) and, after start_serve,
# `base` (the server's URL) and `server_pid`.
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# start_serve CLI [serve arguments...]: the log goes to $work/serve.log, as a real run keeps it.
start_serve() {
  local cli="$1"
  shift
  "$cli" serve --port 0 "$@" > "$work/serve.log" 2> "$work/serve.err" &
  server_pid=$!
  for _ in $(seq 1 100); do
    grep -q '^listening on ' "$work/serve.log" 2>/dev/null && break
    sleep 0.05
  done
  base="$(sed -n 's/^listening on //p' "$work/serve.log" | head -1)"
  [ -n "$base" ] || { echo "serve did not start:" >&2; cat "$work/serve.err" >&2; exit 1; }
}
