#!/usr/bin/env bash
# Benchmark of `cop import` on a generated hand-kept page (ROWS table rows and SUGGESTIONS
# suggested communities), against `cp -r` of the registry it produces, measured in the same run.
# Usage: bench/import.sh [ROWS] [SUGGESTIONS]   (default 2000 200)
set -euo pipefail
rows=${1:-2000}
suggestions=${2:-200}
runs=${RUNS:-5}
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_setup
ms() { awk -v s="$1" -v e="$2" 'BEGIN {printf "%.1f", (e - s) / 1e6}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The page: prose, a communities table with an extra column, prose, a Suggested list.
mkdir -p "$dir/seed/handbook"
printf '# keep this comment\n' > "$dir/seed/cop.yaml"
awk -v rows="$rows" -v sugg="$suggestions" 'BEGIN {
  print "---\ntitle: \"Communities of Practice\"\n---\n\n## What is a Community of Practice?\n\nSelf-organized groups of experts.\n"
  print "## Active Communities of Practice\n\n| Subject | Members | Channel |\n|---|---|---|"
  for (n = 0; n < rows; n++)
    printf "| Generated topic %05d | @p%d @p%d @p%d | #cp_x |\n", n, 3*n, 3*n+1, 3*n+2
  print "\n## Suggested Communities\n\nGood fits for a new CoP:\n"
  for (n = 0; n < sugg; n++) printf "* Suggested topic %04d\n", n
  print "\n## Process\n\n1. Establish a topic.\n"
}' > "$dir/seed/handbook/communities-of-practice.md"

import_times=() copy_times=()
for _ in $(seq "$runs"); do
  rm -rf "$dir/reg" "$dir/copy"
  cp -r "$dir/seed" "$dir/reg"
  sync
  start=$(date +%s%N)
  "$cop" -C "$dir/reg" import "$dir/reg/handbook/communities-of-practice.md" --facilitators first -q >/dev/null
  end=$(date +%s%N)
  import_times+=("$(ms "$start" "$end")")
  sync
  start=$(date +%s%N)
  cp -r "$dir/reg" "$dir/copy"
  end=$(date +%s%N)
  copy_times+=("$(ms "$start" "$end")")
done

"$cop" -C "$dir/reg" render --check -q
files=$(find "$dir/reg" -type f | wc -l)
copy=$(printf '%s\n' "${copy_times[@]}" | median)
took=$(printf '%s\n' "${import_times[@]}" | median)
echo "page:                        $rows rows, $suggestions suggestions; registry after: $files files"
echo "cp -r of the registry:       ${copy} ms (median of $runs)"
echo "cop import:                  ${took} ms (median of $runs; includes the check it prints)"
awk -v a="$took" -v b="$copy" 'BEGIN {printf "ratio import / cp -r:        %.2fx (goal: within 3x)\n", a/b}'
if [ -x /usr/bin/time ]; then
  rm -rf "$dir/reg" && cp -r "$dir/seed" "$dir/reg"
  /usr/bin/time -v "$cop" -C "$dir/reg" import "$dir/reg/handbook/communities-of-practice.md" --facilitators first -q \
    >/dev/null 2>"$dir/time" || { cat "$dir/time" >&2; exit 1; }
  awk -F': ' '/Maximum resident set size/ {printf "peak memory of cop import:   %.1f MiB\n", $2/1024}' "$dir/time"
else
  echo "peak memory:                 not measured (no GNU time at /usr/bin/time)"
fi
