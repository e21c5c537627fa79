#!/usr/bin/env bash
# First start with demo data (issue 13): builds the web app as the README's `dotnet run` does (Debug), then starts it
# [runs] times on a new data folder each and prints the time from process start until /healthz answers.
#   bash benchmarks/start/run.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
port=5097
dotnet build src/Gongkai.Web --nologo -v q >/dev/null
for n in $(seq 1 "$runs"); do
  data="$(mktemp -d)"
  started=$(date +%s.%N)
  Gongkai__DataDirectory="$data" Gongkai__Pdf__WarmUpAtStart=false Logging__LogLevel__Default=Warning \
    dotnet src/Gongkai.Web/bin/Debug/net10.0/Gongkai.Web.dll --urls "http://127.0.0.1:${port}" >"$data/server.log" 2>&1 &
  server=$!
  until curl -sf -o /dev/null "http://127.0.0.1:${port}/healthz"; do
    kill -0 "$server" 2>/dev/null || { echo "启动失败：" >&2; tail -20 "$data/server.log" >&2; exit 1; }
    sleep 0.05
  done
  ready=$(date +%s.%N)
  python3 -c "import sys; print(f'首次启动 {sys.argv[1]}：{float(sys.argv[3]) - float(sys.argv[2]):.2f} s')" "$n" "$started" "$ready"
  kill "$server"; wait "$server" 2>/dev/null || true
  rm -rf "$data"
done
