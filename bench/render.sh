#!/usr/bin/env bash
# Benchmark of `cop render` on a generated registry (one handbook page plus N READMEs), against
# merely reading and writing the same bytes, measured in the same run.
# Usage: bench/render.sh [COMMUNITIES]   (default 10000)
set -euo pipefail
n=${1:-10000}
runs=${RUNS:-5}
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_setup --example gen-registry
ms() { awk -v s="$1" -v e="$2" 'BEGIN {printf "%.1f", (e - s) / 1e6}'; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cop_times=() copy_times=() second_times=()
for _ in $(seq "$runs"); do
  rm -rf "$dir/reg" "$dir/copy"
  "$target"/release/examples/gen-registry --communities "$n" "$dir/reg" >/dev/null
  sync
  # The files render reads and writes: every README.md and the handbook page.
  (cd "$dir/reg" && find communities handbook -name '*.md' > "$dir/files")
  mkdir -p "$dir/copy"
  start=$(date +%s%N)
  (cd "$dir/reg" && xargs cp --parents -t "$dir/copy" < "$dir/files")
  end=$(date +%s%N)
  copy_times+=("$(ms "$start" "$end")")

  start=$(date +%s%N)
  "$cop" render -C "$dir/reg" -q
  end=$(date +%s%N)
  cop_times+=("$(ms "$start" "$end")")

  touch "$dir/marker"
  sleep 0.01
  start=$(date +%s%N)
  second=$("$cop" render -C "$dir/reg")
  end=$(date +%s%N)
  second_times+=("$(ms "$start" "$end")")
  rewritten=$(find "$dir/reg" -newer "$dir/marker" -type f | wc -l)
  if [ "$rewritten" -ne 0 ] || ! grep -q '^0 written' <<<"$second"; then
    echo "second run wrote files: $rewritten ($second)" >&2
    exit 1
  fi
done

files=$(wc -l < "$dir/files")
copy=$(printf '%s\n' "${copy_times[@]}" | median)
first=$(printf '%s\n' "${cop_times[@]}" | median)
again=$(printf '%s\n' "${second_times[@]}" | median)
echo "communities:                 $n ($files pages: $((files - 1)) READMEs + 1 handbook page)"
echo "read+write the same files:   ${copy} ms (cp --parents, median of $runs)"
echo "cop render, first run:       ${first} ms (median of $runs)"
awk -v a="$first" -v b="$copy" 'BEGIN {printf "ratio first run / copy:      %.2fx (goal: within 5x)\n", a/b}'
echo "cop render, second run:      ${again} ms, 0 files written, no file's mtime changed"
