-- Closed-loop load for the benchmark. Every request asks for a new observer
-- (random latitude and longitude) unless BENCH_VARY=0, so no answer can be reused;
-- the summary is printed as one JSON line for bench/run.py.

local path = os.getenv("BENCH_PATH") or "/planets"
local query = os.getenv("BENCH_QUERY") or ""
local vary = os.getenv("BENCH_VARY") ~= "0"
-- wrk sends no Accept-Encoding unless told; a browser always sends one.
local accept_encoding = os.getenv("BENCH_ACCEPT_ENCODING") or ""
if accept_encoding ~= "" then
  wrk.headers["Accept-Encoding"] = accept_encoding
end
local threads = 0

function setup(thread)
  thread:set("seed", threads)
  threads = threads + 1
end

function init(args)
  math.randomseed(os.time() * 1000 + seed)
end

function request()
  local params = query
  if vary then
    local place = string.format("lat=%.4f&lon=%.4f", math.random() * 120 - 60, math.random() * 360 - 180)
    params = params == "" and place or (params .. "&" .. place)
  end
  local target = params == "" and path or (path .. "?" .. params)
  return wrk.format("GET", target)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
