#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests on 127.0.0.1:55432 (installing Debian's package if
# missing) and prints the connection string. Idempotent: a running server is reused.
set -euo pipefail

port="${GONGKAI_PG_PORT:-55432}"
data="${TMPDIR:-/tmp}/gongkai-pg-${port}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "安装 PostgreSQL（Debian 软件包）…" >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

# As root, the server runs as the postgres user, which must own its data folder.
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
  run "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! run "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  run "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $data -c fsync=off -c max_connections=300" start >/dev/null
fi
echo "Host=127.0.0.1;Port=${port};Username=postgres;Pooling=true;Maximum Pool Size=50"
