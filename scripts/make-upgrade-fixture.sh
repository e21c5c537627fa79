#!/usr/bin/env bash
# Makes an upgrade fixture from an earlier commit or release tag: the database that release creates with its demo data
# (agencies, staff, cases, the published 2023 report), the states the demo lacks (补正中, 撤回, 作废, 归档) and letters
# added through its own API, its key
# file and audit checkpoints, and the counts taken from it right then — on SQLite, and from a PostgreSQL run as a
# plain pg_dump. The upgrade tests (tests/Gongkai.Web.Tests/Upgrades) open it with the current code.
#
#   scripts/make-upgrade-fixture.sh REV NAME        e.g. scripts/make-upgrade-fixture.sh v0.23.0 v0.23
#
# Writes tests/fixtures/upgrade/NAME/ (replacing it). Needs the .NET SDK, curl, jq, and PostgreSQL's client and server
# (scripts/postgres.sh starts the local test server). GONGKAI_FIXTURE_SKIP_POSTGRES=1 makes the SQLite part only.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "用法：scripts/make-upgrade-fixture.sh 提交或标签 名称（例如 v0.23）" >&2
  exit 64
fi
rev="$1"
name="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
commit="$(git -C "$root" rev-parse --verify "${rev}^{commit}")"
password="Lantern-vow-81"
out="$root/tests/fixtures/upgrade/$name"

work="$(mktemp -d "${TMPDIR:-/tmp}/gongkai-fixture-XXXXXX")"
app_pid=""
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  git -C "$root" worktree remove --force "$work/src" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "检出 $rev（$commit）到临时工作树…" >&2
git -C "$root" worktree add --detach "$work/src" "$commit" >/dev/null
echo "编译旧版本…" >&2
dotnet build "$work/src/src/Gongkai.Web" -c Release --nologo -v quiet >&2

# The counting tool runs from a folder of its own, outside the solution's build settings.
mkdir -p "$work/tool"
cp "$root/scripts/upgrade-fixture/FixtureCounts.cs" "$work/tool/"
counts() { (cd "$work/tool" && dotnet run FixtureCounts.cs -- "$@"); }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)); }

# start_app DATA_DIR POSTGRES_CONNECTION: the old release's web app, demo data with the known password, no PDFs.
start_app() {
  local data="$1" postgres="$2"
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  mkdir -p "$data"
  (cd "$work/src" && exec env Gongkai__DataDirectory="$data" Gongkai__DemoPassword="$password" ConnectionStrings__Postgres="$postgres" \
      Gongkai__Pdf__ConvertOnIssue=false Gongkai__Pdf__WarmUpAtStart=false Gongkai__Reminders__Enabled=false \
      dotnet run --project src/Gongkai.Web -c Release --no-build --no-launch-profile --urls "$base") >"$data.log" 2>&1 &
  app_pid=$!
  local waited=0
  until curl -fsS "$base/healthz" >/dev/null 2>&1; do
    if ! kill -0 "$app_pid" 2>/dev/null; then
      cat "$data.log" >&2
      echo "旧版本未能启动" >&2
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
    if [ "$waited" -ge 600 ]; then
      echo "旧版本 600 秒内未就绪" >&2
      exit 1
    fi
  done
}

# stop_app: SIGTERM to the dotnet process that runs the app, and wait for it (a clean shutdown).
stop_app() {
  local child
  child="$(pgrep -P "$app_pid" -f 'Gongkai.Web' || true)"
  kill -TERM "$app_pid" 2>/dev/null || true
  [ -n "$child" ] && kill -TERM $child 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  for pid in $child; do
    while kill -0 "$pid" 2>/dev/null; do sleep 1; done
  done
  app_pid=""
}

login() { curl -fsS -H 'Content-Type: application/json' -d "{\"userName\":\"$1\",\"password\":\"$password\"}" "$base/api/auth/login" | jq -r .accessToken; }

# act TOKEN CASE_ID ACTION FIELDS_JSON: one step of the workflow through the old API, with the case's current version.
act() {
  local version
  version="$(curl -fsS -H "Authorization: Bearer $1" "$base/api/cases/$2" | jq -r .version)"
  curl -fsS -o /dev/null -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d "$(jq -n --arg v "$version" --argjson f "$4" '$f + {version: $v}')" "$base/api/cases/$2/$3"
}

# add_states: the states the demo leaves out — 补正中, 已撤回, 已作废, 已归档 — registered and moved by the registrar.
add_states() {
  local token today id n=0
  token="$(login dengji)"
  today="$(TZ=Asia/Shanghai date +%F)"
  for step in correction withdraw void; do
    n=$((n + 1))
    id="$(curl -fsS -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$(jq -n --arg day "$today" --arg n "$n" '{
        category: "NaturalPerson", name: ("升级样本申请人" + $n), idType: "居民身份证", idNumber: "11010519491231002X", phone: "13800000000",
        email: null, address: "河南省新乡市", channel: "InPerson", receivedOn: $day, request: "2025年本市道路交通事故统计数据", deliveryForm: "邮寄纸质件"}')" \
      "$base/api/cases" | jq -r .id)"
    case "$step" in
      correction) act "$token" "$id" RequestCorrection "{\"date\":\"$today\",\"text\":\"请明确所需信息的时间范围\"}" ;;
      withdraw) act "$token" "$id" Withdraw "{\"date\":\"$today\"}" ;;
      void) act "$token" "$id" Void '{"reason":"重复登记"}' ;;
    esac
  done
  id="$(curl -fsS -H "Authorization: Bearer $token" "$base/api/cases?state=Answered" | jq -r '.rows[0].id')"
  act "$token" "$id" Archive '{}'
}

# add_letters: what the demo lacks — issued letters, through the old release's own API (receipts for cases in every
# state, answer letters for answered cases), as the handler of 新乡市公安局.
add_letters() {
  local token cases issued=0
  token="$(login chengban)"
  cases="$(curl -fsS -H "Authorization: Bearer $token" "$base/api/cases?page=1")"
  # One receipt per state (the first case of each state), and an answer letter for up to three answered cases.
  for id in $(echo "$cases" | jq -r '[.rows[] | select(.state != "Voided")] | group_by(.state) | map(.[0].id) | .[]'); do
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}' "$base/api/cases/$id/documents/Receipt" && issued=$((issued + 1))
  done
  for id in $(echo "$cases" | jq -r '[.rows[] | select(.state == "Answered" or .state == "Archived")] | .[0:3] | map(.id) | .[]'); do
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}' "$base/api/cases/$id/documents/Answer" && issued=$((issued + 1))
  done
  for id in $(echo "$cases" | jq -r '[.rows[] | select(.state == "AwaitingCorrection")] | map(.id) | .[]'); do
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}' "$base/api/cases/$id/documents/CorrectionNotice" && issued=$((issued + 1))
  done
  if [ "$issued" -eq 0 ]; then
    echo "没有出具任何文书" >&2
    exit 1
  fi
  echo "已出具 $issued 份文书" >&2
  # The daily housekeeping wrote a checkpoint at start; the letters moved the head since, which audit-head.json records.
}

rm -rf "$out"
mkdir -p "$out"

# ---- SQLite ----
echo "在 SQLite 上运行旧版本…" >&2
data="$work/sqlite-data"
start_app "$data" ""
add_states
add_letters
stop_app
counts sqlite "$data/gongkai.db" >"$work/sqlite.json"
for f in "$data/gongkai.db-wal" "$data/gongkai.db-shm"; do
  if [ -s "$f" ] && [ "$(basename "$f")" = "gongkai.db-wal" ]; then
    echo "预写日志未能并入数据库：$f" >&2
    exit 1
  fi
done
if ! ls "$data/audit-checkpoints"/audit-*.json 2>/dev/null | grep -qv audit-head.json; then
  echo "旧版本没有写审计检查点" >&2
  exit 1
fi
cp "$data/gongkai.db" "$out/gongkai.db"
mkdir -p "$out/keys" "$out/audit-checkpoints"
cp "$data/keys/master.keys" "$out/keys/"
cp "$data/audit-checkpoints/"*.json "$out/audit-checkpoints/"
if [ "$(stat -c %s "$out/gongkai.db")" -gt 2000000 ]; then
  gzip -9n "$out/gongkai.db"
fi

# ---- PostgreSQL ----
if [ "${GONGKAI_FIXTURE_SKIP_POSTGRES:-}" != "1" ]; then
  echo "在 PostgreSQL 上运行旧版本…" >&2
  server="$(bash "$root/scripts/postgres.sh")"
  database="gongkai_fixture_$(date +%s)_$$"
  pgdata="$work/postgres-data"
  start_app "$pgdata" "$server;Database=$database"
  add_states
  add_letters
  stop_app
  counts postgres "$server;Database=$database" >"$work/postgres.json"
  pg_bin="$(command -v pg_dump || ls /usr/lib/postgresql/*/bin/pg_dump | sort -V | tail -n 1)"
  host="$(echo "$server" | sed -n 's/.*Host=\([^;]*\).*/\1/p')"
  port="$(echo "$server" | sed -n 's/.*Port=\([^;]*\).*/\1/p')"
  user="$(echo "$server" | sed -n 's/.*Username=\([^;]*\).*/\1/p')"
  "$pg_bin" --no-owner --no-privileges -h "$host" -p "$port" -U "$user" "$database" | gzip -9n >"$out/postgres.sql.gz"
  psql_bin="$(command -v psql || ls /usr/lib/postgresql/*/bin/psql | sort -V | tail -n 1)"
  "$psql_bin" -q -h "$host" -p "$port" -U "$user" -d postgres -c "DROP DATABASE \"$database\" WITH (FORCE)" >/dev/null
  mkdir -p "$out/postgres-keys" "$out/postgres-audit-checkpoints"
  cp "$pgdata/keys/master.keys" "$out/postgres-keys/"
  cp "$pgdata/audit-checkpoints/"*.json "$out/postgres-audit-checkpoints/"
else
  echo '{}' >"$work/postgres.json"
fi

jq -n --arg name "$name" --arg rev "$rev" --arg commit "$commit" --arg password "$password" \
  --arg made "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --argjson sqlite "$(cat "$work/sqlite.json")" --argjson postgres "$(cat "$work/postgres.json")" \
  '{release: $name, revision: $rev, commit: $commit, madeAt: $made, password: $password, sqlite: $sqlite, postgres: $postgres}' >"$out/expected.json"

echo "升级样本已写入 $out：" >&2
du -sh "$out"/* >&2
