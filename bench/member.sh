#!/usr/bin/env bash
# Benchmark of `cop member add` on a generated registry, against `cop check --skip stale` on
# the same registry in the same run. Usage: bench/member.sh [COMMUNITIES]   (default 10000)
# Prints the median of several runs of each, their ratio (goal: at most 1.5x) and both peak
# memories (goal: member add's at most check's; GNU time when present).
set -euo pipefail
n=${1:-10000}
runs=${RUNS:-7}
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_setup --example gen-registry
"$target"/release/examples/gen-registry --communities "$n" "$dir/reg"
"$cop" render -C "$dir/reg" -q
id=$(ls "$dir/reg/communities" | sed -n "$(( n / 2 ))p")

ms() { echo $(( ($2 - $1) / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'; }

check_times=()
add_times=()
"$cop" check -C "$dir/reg" --skip stale >/dev/null 2>&1 || true
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  "$cop" check -C "$dir/reg" --skip stale >/dev/null 2>&1 || true
  end=$(date +%s%N)
  check_times+=("$(ms "$start" "$end")")
  # A new handle each run, so that every run is a real edit (and a page update).
  start=$(date +%s%N)
  "$cop" member add -C "$dir/reg" "$id" "@bench-$i" -q
  end=$(date +%s%N)
  add_times+=("$(ms "$start" "$end")")
done
grep -q '"@bench-1"' "$dir/reg/communities/$id/community.yaml"

peak() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$dir/peak" "$@" >/dev/null 2>&1 || true
    tail -1 "$dir/peak"
  else
    echo 0
  fi
}
check_peak=$(peak "$cop" check -C "$dir/reg" --skip stale)
add_peak=$(peak "$cop" member add -C "$dir/reg" "$id" "@bench-peak" -q)

check=$(printf '%s\n' "${check_times[@]}" | median)
add=$(printf '%s\n' "${add_times[@]}" | median)
echo "communities:                 $n (edited: $id)"
echo "cop check --skip stale:      ${check} ms (median of $runs)"
echo "cop member add:              ${add} ms (median of $runs)"
awk -v a="$add" -v b="$check" 'BEGIN {printf "ratio member add / check:    %.2fx (goal: at most 1.5x)\n", a/b}'
awk -v a="$add_peak" -v c="$check_peak" 'BEGIN {printf "peak memory add / check:     %.1f MiB / %.1f MiB (goal: add at most check)\n", a/1024, c/1024}'
