-- wrk script: POST get-payment-status for one existing payment (BENCH_PAYMENT_ID) over and over.
-- Nothing is created, so the server's state stays the same for the whole run.
local api_key = os.getenv("BENCH_API_KEY") or "bench-key"
local payment_id = os.getenv("BENCH_PAYMENT_ID") or error("set BENCH_PAYMENT_ID")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local body = string.format('{"provider":{"name":"Bench","credentials":{"apiKey":"%s"}},' ..
                           '"paymentId":"%s"}', api_key, payment_id)

request = function()
  return wrk.format(nil, "/api/get-payment-status", nil, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d rps=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f " ..
    "non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, latency.max / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout))
end
