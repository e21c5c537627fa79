#!/usr/bin/env bash
# Runs every test of the solution: once on SQLite, and the database tests again on a real PostgreSQL
# server (Debian's package, installed if missing and started on 127.0.0.1:55432 by scripts/postgres.sh).
# Set-up is idempotent. The last line printed is the totals, "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "需要 .NET SDK 10（https://dotnet.microsoft.com/）" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# LibreOffice, Noto CJK fonts, poppler-utils and Chromium for the document and browser tests.
bash scripts/system-packages.sh || echo "系统软件包安装失败，文档和浏览器测试可能失败" >&2

# axe-core for the accessibility browser tests (AccessibilityTests), pinned by tests/axe/package-lock.json; installed
# again only when the lock file is newer than the last install (npm ci records it in node_modules/.package-lock.json).
if [ ! -f tests/axe/node_modules/axe-core/axe.min.js ] || [ tests/axe/package-lock.json -nt tests/axe/node_modules/.package-lock.json ]; then
  (cd tests/axe && npm ci --no-audit --no-fund --loglevel=error) >&2 || echo "axe-core 安装失败，无障碍测试将失败" >&2
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

# The installation tests need the release built first; they run last, on their own (below).
dotnet test Gongkai.slnx --nologo --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results/sqlite" --filter "Category!=Install" "$@"
status=$?

if postgres="$(bash scripts/postgres.sh)"; then
  echo "在 PostgreSQL 上再次运行数据库相关测试…"
  # The browser story drives the same pages and services; it runs once, on SQLite.
  GONGKAI_TEST_POSTGRES="$postgres" dotnet test tests/Gongkai.Web.Tests --nologo --logger "trx" --logger "console;verbosity=minimal" \
    --filter "Category!=Browser&Category!=Install" --results-directory "$results/postgres" "$@" || status=1
else
  echo "PostgreSQL 无法启动，数据库测试未在 PostgreSQL 上运行" >&2
  status=1
fi

# The release as an IT office gets it: linux-x64 and linux-arm64 built by scripts/release.sh (the version of
# Directory.Build.props), then the amd64 package installed on this machine, behind nginx over TLS, and removed again
# (tests/Gongkai.Web.Tests/Installation). Installing a package needs root: CI is root; elsewhere sudo is asked.
version="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' Directory.Build.props)"
echo "构建发布包 $version（linux-x64、linux-arm64）并测试安装…"
if release="$(bash scripts/release.sh "$version" linux-x64 linux-arm64)"; then
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -E env "PATH=$PATH" "$@"; fi; }
  as_root env GONGKAI_TEST_RELEASE="$PWD/$release" GONGKAI_TEST_DEB="$PWD/$release/gongkai_${version}_amd64.deb" \
    dotnet test tests/Gongkai.Web.Tests --nologo --logger "trx" --logger "console;verbosity=minimal" \
    --filter "Category=Install" --results-directory "$results/install" || status=1
else
  echo "发布包构建失败，安装测试未运行" >&2
  status=1
fi

passed=0
failed=0
for trx in "$results"/*/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

# A build error or a crashed test host fails the run even when no test reported a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
