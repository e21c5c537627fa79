-- wrk script: every application is a real one. A form is single-use (its signed challenge carries the submission
-- key, issue 13), so each connection fetches a fresh form (GET /apply) and posts it filled in (POST /apply):
-- two requests per application. Counts the 302s to the receipt page (applications registered) and refusals.
local cookie = os.getenv("GK_COOKIE")
local rest = os.getenv("GK_BODY_REST")
local forms = {}
posted = 0
refused = 0

local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  local f = table.remove(forms)
  if f then
    local body = "__RequestVerificationToken=" .. enc(f.token) .. "&ChallengeToken=" .. enc(f.challenge) .. "&Answer=" .. f.answer .. "&" .. rest
    return wrk.format("POST", "/apply", { ["Cookie"] = cookie, ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
  end
  return wrk.format("GET", "/apply", { ["Cookie"] = cookie })
end

function response(status, headers, body)
  if status == 302 then
    posted = posted + 1
  elseif status == 200 and body then
    local token = body:match('name="__RequestVerificationToken" type="hidden" value="([^"]*)"')
    local challenge = body:match('name="ChallengeToken" value="([^"]*)"')
    local a, b = body:match("验证：(%d+) 加 (%d+)")
    if token and challenge and a then
      table.insert(forms, { token = token, challenge = challenge, answer = tonumber(a) + tonumber(b) })
    else
      refused = refused + 1
    end
  else
    refused = refused + 1
  end
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local p, r = 0, 0
  for _, t in ipairs(threads) do
    p = p + t:get("posted")
    r = r + t:get("refused")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("applications registered: %d (%.0f/s); refused or unreadable: %d\n", p, p / seconds, r))
  io.write(string.format("per request (GET form or POST application): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000))
end
