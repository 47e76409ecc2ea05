-- wrk script: POST create-payment bodies to paybench-cli serve. Each request creates a new
-- payment, so the gateway's state grows for the whole run.
local api_key = os.getenv("BENCH_API_KEY") or "bench-key"
-- BENCH_IDEMPOTENCY_KEYS=1: each create carries an Idempotency-Key header of its own (wrk's
-- threads each count from 1, so with -t2 every key is used twice: once new, once replayed).
local keyed = os.getenv("BENCH_IDEMPOTENCY_KEYS") == "1"
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  -- Amounts ending in 00: always approved (see app/gateway/TEST-AMOUNTS.md).
  local body = string.format(
    '{"provider":{"name":"Bench","credentials":{"apiKey":"%s"}},' ..
    '"cart":{"id":"cart_%d","total":%d,"currency":"USD"},"amount":%d,"currency":"USD"}',
    api_key, counter, 1000 + (counter % 50) * 100, 1000 + (counter % 50) * 100)
  if keyed then
    local headers = { ["Content-Type"] = "application/json", ["Idempotency-Key"] = "key-" .. counter }
    return wrk.format(nil, "/api/create-payment", headers, body)
  end
  return wrk.format(nil, "/api/create-payment", nil, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local non2xx = summary.errors.status
  io.write(string.format(
    "RESULT requests=%d rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f " ..
    "non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000,
    non2xx, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout))
end
