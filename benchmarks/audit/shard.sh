#!/usr/bin/env bash
# A sharded batch audit beside a single one over the same 10,000 text and HTML reports (the five seeds as published
# and as rendered to HTML, 1,000 copies each, as in run.sh): one `gongkai audit` process, then N processes each
# running `gongkai audit --shard i/N` into its own folder (xargs -P N) followed by `gongkai audit merge`; the wall
# time of each way, merge included, and whether the merged dataset equals the single run's (docs/PERFORMANCE.md).
# Usage: benchmarks/audit/shard.sh [SHARDS] [REPORTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
shards="${1:-4}"
n="${2:-10000}"
work="${TMPDIR:-/tmp}/gongkai-shard-bench"
rm -rf "$work" && mkdir -p "$work/mixed"
dotnet build src/Gongkai.Cli -c Release -v q -nologo >/dev/null
gongkai="dotnet src/Gongkai.Cli/bin/Release/net10.0/gongkai.dll"

seeds=(tests/fixtures/seeds/*.txt)
for s in "${seeds[@]}"; do
  $gongkai render "$s" --to html -o "$work/$(basename "$s" .txt).html" 2>/dev/null
done
per=$(( n / (2 * ${#seeds[@]}) ))
for i in $(seq 1 "$per"); do
  for s in "${seeds[@]}"; do
    b=$(basename "$s" .txt)
    cp "$s" "$work/mixed/${b}_$i.txt"
    cp "$work/$b.html" "$work/mixed/${b}_$i.html"
  done
done
files=$(ls "$work/mixed" | wc -l)

now() { date +%s.%N; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dotnet --version), load $(cut -d' ' -f1-3 /proc/loadavg)"

start=$(now)
$gongkai audit "$work/mixed" -o "$work/single" >/dev/null 2>&1 || true
single=$(python3 -c "print(round($(now) - $start, 2))")
echo "1 process: ${single} s, $(python3 -c "print(round($files / $single))") reports/s"

start=$(now)
seq 1 "$shards" | xargs -P "$shards" -I{} sh -c "$gongkai audit '$work/mixed' --shard {}/$shards -o '$work/part{}' >/dev/null 2>&1 || true"
parts=$(python3 -c "print(round($(now) - $start, 2))")
$gongkai audit merge $(seq -f "$work/part%g" 1 "$shards") -o "$work/merged" >/dev/null 2>&1 || true
total=$(python3 -c "print(round($(now) - $start, 2))")
echo "$shards processes (--shard i/$shards) + merge: ${total} s (shards ${parts} s, merge $(python3 -c "print(round($total - $parts, 2))") s), $(python3 -c "print(round($files / $total))") reports/s"

if cmp -s "$work/single/reports.csv" "$work/merged/reports.csv" && cmp -s "$work/single/findings.csv" "$work/merged/findings.csv"; then
  echo "merged dataset: same reports.csv and findings.csv as the single run"
else
  # The narrative check stops at a time limit (check-incomplete); on an overloaded machine a report can hit it in one
  # run and not in the other. Compare everything else: the rows and findings of the reports that did not.
  /usr/bin/python3 - "$work/single" "$work/merged" <<'PY'
import csv, sys
def load(folder):
    with open(f"{folder}/reports.csv", encoding="utf-8-sig", newline="") as f:
        reports = list(csv.reader(f))
    with open(f"{folder}/findings.csv", encoding="utf-8-sig", newline="") as f:
        findings = list(csv.reader(f))
    return reports, findings
(r1, f1), (r2, f2) = load(sys.argv[1]), load(sys.argv[2])
timed_out = {row[0] for row in f1 + f2 if len(row) > 3 and row[3] == "check-incomplete"}
same = [row for row in r1 if row[0] not in timed_out] == [row for row in r2 if row[0] not in timed_out] \
    and [row for row in f1 if row[0] not in timed_out] == [row for row in f2 if row[0] not in timed_out]
print(f"merged dataset: {'same' if same else 'DIFFERENT'} rows and findings as the single run, leaving out "
      f"{len(timed_out)} reports whose narrative check timed out (check-incomplete) in one of the two runs")
sys.exit(0 if same else 1)
PY
fi
