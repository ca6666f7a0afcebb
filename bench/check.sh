#!/usr/bin/env bash
# Benchmark of `cop check` on a generated registry, against merely reading the same files.
# Usage: bench/check.sh [COMMUNITIES]   (default 10000)
# Prints the median of several runs of each, their ratio, and cop's peak memory.
set -euo pipefail
n=${1:-10000}
runs=${RUNS:-7}
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_setup --example gen-registry
"$target"/release/examples/gen-registry --communities "$n" "$dir/reg"
# A registry as it stands in a repository: its pages rendered, so that check finds nothing.
"$cop" render -C "$dir/reg" -q


cat_all() { cd "$dir/reg" && cat communities/*/community.yaml; }
check() { "$cop" check -C "$dir/reg" --skip stale; }

base=$(median_ms cat_all)
ours=$(median_ms check)
"$cop" check -C "$dir/reg" --skip stale >/dev/null 2>&1 || true
/usr/bin/time -f '%M' -o "$dir/peak" "$cop" check -C "$dir/reg" --skip stale >/dev/null 2>&1 || true
peak_kib=$(tail -1 "$dir/peak")
findings=$("$cop" check -C "$dir/reg" --skip stale --format json | grep -c '"rule"' || true)

echo "communities:            $n (findings: $findings)"
echo "cat of community.yaml:  ${base} ms (median of $runs)"
echo "cop check:              ${ours} ms (median of $runs)"
awk -v a="$ours" -v b="$base" 'BEGIN {printf "ratio cop/cat:          %.2fx (goal: within 5x)\n", a/b}'
awk -v k="$peak_kib" 'BEGIN {printf "cop peak memory:        %.1f MiB (goal: under 64 MiB)\n", k/1024}'
