-- Measure 2's surge: LL_N applications through POST /api/v1/funds/applications, each with
-- its own Idempotency-Key and body (programme g % P, enterprise g / P). A refused request
-- (503 or 429) is sent again as it was, with the same key, once Retry-After has passed; the
-- request id (echoed by the server) says which application an answer is about. A thread
-- stops once each of its applications has a final answer, and leaves a file in LL_DONE_DIR
-- so that the script can end wrk (whose main thread otherwise sleeps out -d).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads - 1)
end

function init(args)
  nthreads = tonumber(os.getenv("LL_THREADS"))
  total = tonumber(os.getenv("LL_N"))
  token = "Bearer " .. os.getenv("LL_TOKEN")
  programmes = {}
  for p in string.gmatch(os.getenv("LL_PROGRAMMES"), "[^,]+") do programmes[#programmes + 1] = p end
  usccs = {}
  for line in io.lines(os.getenv("LL_USCCS")) do usccs[#usccs + 1] = line end
  share = 0
  if tid < total then share = math.floor((total - tid - 1) / nthreads) + 1 end
  next_g = tid
  retry, head, tail = {}, 1, 0 -- applications to send again, with when
  debt = 0 -- refusals whose Retry-After a connection still has to sit out
  created, replayed, refused, failed, server_errors, finished = 0, 0, 0, 0, 0, 0
end

local function due_retry()
  return head <= tail and retry[head].due <= os.time()
end

function delay()
  if debt > 0 then
    debt = debt - 1
    return 1000
  end
  if due_retry() or next_g < total then return 0 end
  return 200 -- nothing to send yet: wait for answers, or for a retry to fall due
end

function request()
  local g
  if not verified then
    -- wrk calls request() once on the first thread to check the script: send nothing real.
    verified = true
    if tid == 0 then return wrk.format("GET", "/healthz", {["X-Request-Id"] = "idle"}) end
  end
  if due_retry() then
    g = retry[head].g
    retry[head] = nil
    head = head + 1
  elseif next_g < total then
    g = next_g
    next_g = next_g + nthreads
  else
    return wrk.format("GET", "/healthz", {["X-Request-Id"] = "idle"})
  end
  local np = #programmes
  local body = string.format('{"programme_id":"%s","uscc":"%s","figures":{"premiums_paid":%d}}',
    programmes[g % np + 1], usccs[math.floor(g / np) + 1], 100000 + g % 1000)
  return wrk.format("POST", "/api/v1/funds/applications", {
    ["Authorization"] = token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "surge-" .. g,
    ["X-Request-Id"] = "s" .. g,
  }, body)
end

function response(status, headers, body)
  local id = headers["x-request-id"] or headers["X-Request-Id"]
  if id == nil or id == "idle" then return end
  local g = tonumber(string.sub(id, 2))
  if status == 201 then
    created = created + 1
  elseif status == 200 then
    replayed = replayed + 1
  elseif status == 503 or status == 429 then
    refused = refused + 1
    debt = debt + 1
    tail = tail + 1
    retry[tail] = {g = g, due = os.time() + (tonumber(headers["retry-after"]) or 1)}
    return
  else
    failed = failed + 1
    if status >= 500 then server_errors = server_errors + 1 end
    if failed <= 3 then io.stderr:write(status .. " " .. body .. "\n") end
  end
  finished = finished + 1
  if finished >= share then
    local f = io.open(os.getenv("LL_DONE_DIR") .. "/" .. tid, "w")
    if f then f:write(created .. "\n") f:close() end
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local t = {created = 0, replayed = 0, refused = 0, failed = 0, server_errors = 0}
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (tonumber(th:get(k)) or 0) end
  end
  io.write(string.format("SURGE created=%d replayed=%d refused=%d failed=%d server_errors=%d timeouts=%d\n",
    t.created, t.replayed, t.refused, t.failed, t.server_errors, summary.errors.timeout))
  io.write(string.format("LATENCY p50_ms=%.1f p99_ms=%.1f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
