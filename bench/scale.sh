#!/usr/bin/env bash
# How `cop check` grows with the registry: time and peak memory at several sizes, each against
# `cat` of every community.yaml of the same registry (the floor of reading the files), and
# against `cat` of every file check reads (each community.yaml and README.md, and the page).
# Usage: bench/scale.sh [SIZES...]   (default 1000 10000 40000 100000)
# Prints one row per size, then the time ratio of the largest two sizes that are 4x apart.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_setup --example gen-registry
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 40000 100000)
runs=${RUNS:-3}


printf '%-12s %10s %12s %10s %8s %9s %12s %14s\n' communities "cat ms" "cat all ms" "check ms" ratio "to all" "peak MiB" "KiB/community"
declare -A check_ms
for n in "${sizes[@]}"; do
  reg=$dir/reg-$n
  "$target"/release/examples/gen-registry --communities "$n" "$reg" >/dev/null
  "$cop" render -C "$reg" -q
  base=$(median_ms bash -c "cd '$reg' && printf '%s\\0' communities/*/community.yaml | xargs -0 cat")
  all=$(median_ms bash -c "cd '$reg' && printf '%s\\0' communities/*/community.yaml communities/*/README.md handbook/*.md | xargs -0 cat")
  ours=$(median_ms "$cop" check -C "$reg" --skip stale)
  /usr/bin/time -f '%M' -o "$dir/peak" "$cop" check -C "$reg" --skip stale >/dev/null 2>&1 || true
  peak=$(tail -1 "$dir/peak")
  check_ms[$n]=$ours
  awk -v n="$n" -v b="$base" -v a="$all" -v o="$ours" -v p="$peak" \
    'BEGIN {printf "%-12d %10.1f %12.1f %10.1f %7.2fx %8.2fx %12.1f %14.2f\n", n, b, a, o, o/b, o/a, p/1024, p/n}'
  rm -rf "$reg"
done
if [ -n "${check_ms[10000]:-}" ] && [ -n "${check_ms[40000]:-}" ]; then
  awk -v a="${check_ms[40000]}" -v b="${check_ms[10000]}" \
    'BEGIN {printf "time 40,000 / 10,000: %.2fx (linear: 4x)\n", a/b}'
fi
