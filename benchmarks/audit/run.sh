#!/usr/bin/env bash
# End-to-end speed of `gongkai audit` as a user runs it (the whole process, start-up included), beside the tools it
# is compared with, on the same files in one run (docs/PERFORMANCE.md):
#   1. 10,000 text and HTML reports (the five seeds, as published and as rendered to HTML), reports/s and peak memory;
#   2. PDFs (the seeds printed by LibreOffice and the real WPS report) against `pdftotext -layout` on all cores;
#   3. Word-exported web pages of 100-350 KB against pandas.read_html (lxml) on all cores.
# Needs: poppler-utils, python3-pandas, python3-lxml (Debian). Usage: benchmarks/audit/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-10000}"
work="${TMPDIR:-/tmp}/gongkai-audit-bench"
rm -rf "$work" && mkdir -p "$work"/{mixed,pdf,word}
dotnet build src/Gongkai.Cli -c Release -v q -nologo >/dev/null
gongkai=(dotnet src/Gongkai.Cli/bin/Release/net10.0/gongkai.dll)

seeds=(tests/fixtures/seeds/*.txt)
for s in "${seeds[@]}"; do
  b=$(basename "$s" .txt)
  "${gongkai[@]}" render "$s" --to html -o "$work/$b.html" 2>/dev/null
  python3 benchmarks/audit/wordlike_html.py "$work/$b.html" "$work/$b.word.html"
done
per=$(( n / (2 * ${#seeds[@]}) ))
for i in $(seq 1 "$per"); do
  for s in "${seeds[@]}"; do
    b=$(basename "$s" .txt)
    cp "$s" "$work/mixed/${b}_$i.txt"
    cp "$work/$b.html" "$work/mixed/${b}_$i.html"
  done
done
for i in $(seq 1 100); do
  for p in tests/fixtures/pdf-from-seeds/seed00?-from-text.pdf tests/fixtures/real-reports/hongze-gov-2023.pdf; do
    cp "$p" "$work/pdf/$(basename "$p" .pdf)_$i.pdf"
  done
  for s in "${seeds[@]}"; do
    b=$(basename "$s" .txt)
    cp "$work/$b.word.html" "$work/word/${b}_$i.html"
  done
done

measure() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
  read -r seconds kb < <(tail -1 "$work/time")
  echo "$label|$seconds|$((kb / 1024))"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(dotnet --version)"
files=$(ls "$work/mixed" | wc -l)
line=$(measure "gongkai audit, $files text+HTML reports" "${gongkai[@]}" audit "$work/mixed" -o "$work/out-mixed")
IFS='|' read -r label seconds mb <<< "$line"
echo "$label: ${seconds} s, $(python3 -c "print(round($files/$seconds))") reports/s, peak ${mb} MB"

pdfs=$(ls "$work/pdf" | wc -l)
IFS='|' read -r _ ours _ <<< "$(measure gongkai "${gongkai[@]}" audit "$work/pdf" -o "$work/out-pdf")"
IFS='|' read -r _ theirs _ <<< "$(measure pdftotext bash -c "ls '$work/pdf'/*.pdf | xargs -P $(nproc) -n 8 -I{} pdftotext -layout {} /dev/null")"
echo "PDF, $pdfs files: gongkai audit ${ours} s, pdftotext -layout ${theirs} s, throughput ratio $(python3 -c "print(round($theirs/$ours, 2))") (target ≥ 0.5)"

pages=$(ls "$work/word" | wc -l)
IFS='|' read -r _ ours _ <<< "$(measure gongkai "${gongkai[@]}" audit "$work/word" -o "$work/out-word")"
IFS='|' read -r _ theirs _ <<< "$(measure pandas /usr/bin/python3 benchmarks/audit/pandas_read_html.py "$work/word")"
echo "Word-exported pages, $pages files of $(du -k "$work/word/$(ls "$work/word" | head -1)" | cut -f1) KB: gongkai audit ${ours} s, pandas.read_html ${theirs} s, throughput ratio $(python3 -c "print(round($theirs/$ours, 2))") (target ≥ 1)"
