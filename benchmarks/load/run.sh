#!/usr/bin/env bash
# Online submission under load (issue 4): starts the web app (Release, SQLite, durable commits) on
# 127.0.0.1, then drives it from a second process with wrk — first the minimal /healthz endpoint, then
# GET /apply + POST /apply (a fresh single-use form per application) — and prints requests/s, applications/s
# and latency percentiles.
# Each application carries an e-mail address and a mobile number, so its receipt is written to the outbox twice in the
# same transaction (issue 22). With GK_SMTP=1 a real SMTP server (python3-aiosmtpd) takes the mail and the background
# sender runs during the measurement; otherwise the messages are kept as 未发送.
#   bash benchmarks/load/run.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-15}"
connections="${2:-32}"
port=5090
data="$(mktemp -d)"
command -v wrk >/dev/null || { echo "需要 wrk（apt-get install wrk）" >&2; exit 1; }

dotnet build src/Gongkai.Web -c Release --nologo -v q >/dev/null
smtp_env=()
if [ "${GK_SMTP:-0}" = 1 ]; then
  mkfifo "$data/smtp-in"
  /usr/bin/python3 tests/Gongkai.Web.Tests/Tools/smtp_sink.py 0 "$data/mail" <"$data/smtp-in" >"$data/smtp-port" &
  exec 9>"$data/smtp-in"
  for _ in $(seq 1 50); do grep -q LISTENING "$data/smtp-port" 2>/dev/null && break; sleep 0.2; done
  smtp_env=(Gongkai__Smtp__Host=127.0.0.1 "Gongkai__Smtp__Port=$(awk '{print $2}' "$data/smtp-port")" Gongkai__Smtp__From=gongkai@load.test)
fi
env "${smtp_env[@]}" Gongkai__DataDirectory="$data" Gongkai__DemoPassword="Load-test-1" \
Gongkai__RateLimits__PortalPerMinute=100000000 Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet src/Gongkai.Web/bin/Release/net10.0/Gongkai.Web.dll --urls "http://127.0.0.1:${port}" >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:${port}/healthz" >/dev/null && break; sleep 0.5; done

# One form: its anti-forgery cookie and token, the signed challenge and its answer.
form="$(curl -s -c "$data/cookies" "http://127.0.0.1:${port}/apply")"
token="$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$form" | sed 's/.*value="//;s/"$//')"
challenge="$(grep -o 'name="ChallengeToken" value="[^"]*"' <<<"$form" | sed 's/.*value="//;s/"$//')"
read -r a b < <(grep -o '验证：[0-9]* 加 [0-9]*' <<<"$form" | sed 's/验证：\([0-9]*\) 加 \([0-9]*\)/\1 \2/')
agency="$(grep -o '<option value="[0-9]*"' <<<"$form" | head -1 | grep -o '[0-9]*')"
cookie="$(awk '$6 ~ /Antiforgery/ {print $6 "=" $7}' "$data/cookies")"
enc() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$1"; }
export GK_COOKIE="$cookie"
export GK_BODY_REST="AgencyId=${agency}&Category=NaturalPerson&Name=$(enc 压力测试)&IdType=$(enc 居民身份证)&IdNumber=110105199003071239&Phone=13700000000&Email=load%40example.com&Request=$(enc 2025年本市交通违法处罚数量)&DeliveryForm=$(enc 电子邮件)"
export GK_BODY="__RequestVerificationToken=$(enc "$token")&ChallengeToken=$(enc "$challenge")&Answer=$((a + b))&${GK_BODY_REST}"

# The body must be accepted before anything is measured.
status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $GK_COOKIE" -H 'Content-Type: application/x-www-form-urlencoded' --data "$GK_BODY" "http://127.0.0.1:${port}/apply")"
[ "$status" = 302 ] || { echo "表单提交失败：HTTP $status" >&2; tail -20 "$data/server.log" >&2; exit 1; }

echo "== GET /healthz (${seconds}s, ${connections} connections)"
wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:${port}/healthz"
before="$(python3 - "$data/gongkai.db" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from Cases where Channel='Online'").fetchone()[0])
PY
)"
echo "== GET /apply + POST /apply, one fresh form per application (${seconds}s, ${connections} connections)"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s benchmarks/load/apply.lua "http://127.0.0.1:${port}/apply"
cases="$(python3 - "$data/gongkai.db" <<'PY'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from Cases where Channel='Online'").fetchone()[0])
PY
)"
echo "== 本次新登记的网上申请：$((cases - before)) 件"
python3 - "$data/gongkai.db" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("select Channel, State, count(*) from Outbox group by Channel, State").fetchall()
print("== 发件箱：" + "，".join(f"{c} {s} {n}" for c, s, n in rows))
PY
