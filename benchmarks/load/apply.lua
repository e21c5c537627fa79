-- wrk script: POSTs the online application form with a token pair and challenge answer fetched once
-- by run.sh (anti-forgery tokens and the signed challenge are valid for many posts).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("GK_COOKIE")
wrk.body = os.getenv("GK_BODY")

-- Every response that is not the 302 to the receipt page counts as a failure.
local failures = 0
function response(status, headers, body)
  if status ~= 302 then
    failures = failures + 1
  end
end
