#!/usr/bin/env bash
# Benchmark of `cop calendar` and of the `meeting-clash` rule on a generated registry, in one run.
# Usage: bench/calendar.sh [COMMUNITIES]   (default 10000)
#
# Measures (median CPU time of $RUNS runs, after a warm-up run; wall time beside it), on the
# same registry:
#   - `cop calendar` against `cop check --skip stale` (goal: within 1x);
#   - `cop check --skip stale` with and without `--skip meeting-clash` (goal: the rule adds at
#     most 20%).
# The generator gives every community a fixed slot in one of seven time zones, and communities
# that share members slots that never clash, so both commands do their whole work.
set -euo pipefail
n=${1:-10000}
runs=${RUNS:-7}
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_setup --example gen-registry
"$target"/release/examples/gen-registry --communities "$n" "$dir/reg"
"$cop" render -C "$dir/reg" -q

# "WALL CPU": the median wall time and the median CPU time (user + system) in milliseconds of
# running "$@" $runs times, after one warm-up run. CPU time is what the comparison uses: on a
# machine shared with other work the wall time mostly measures the neighbours.
median_ms() {
  "$@" >/dev/null 2>&1 || true
  : >"$dir/times"
  for _ in $(seq "$runs"); do
    /usr/bin/time -a -o "$dir/times" -f '%e %U %S' "$@" >/dev/null 2>&1 || true
  done
  local wall cpu
  wall=$(awk '{print $1 * 1000}' "$dir/times" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]}')
  cpu=$(awk '{print ($2 + $3) * 1000}' "$dir/times" | sort -n | awk '{a[NR]=$1} END {printf "%.0f", a[int((NR+1)/2)]}')
  echo "$wall $cpu"
}

today=2026-06-01
calendar=("$cop" calendar -C "$dir/reg" --from "$today" -o "$dir/communities.ics")
check=("$cop" check -C "$dir/reg" --skip stale --today "$today")

read -r cal_wall cal <<<"$(median_ms "${calendar[@]}")"
read -r full_wall full <<<"$(median_ms "${check[@]}")"
read -r bare_wall bare <<<"$(median_ms "${check[@]}" --skip meeting-clash)"
"${calendar[@]}"
events=$(grep -c '^BEGIN:VEVENT' "$dir/communities.ics" || true)
zones=$(grep -c '^BEGIN:VTIMEZONE' "$dir/communities.ics" || true)
bytes=$(wc -c <"$dir/communities.ics")
findings=$("$cop" check -C "$dir/reg" --skip stale --today "$today" --format json | grep -c '"rule"' || true)

echo "communities:                          $n (findings: $findings)"
echo "calendar:                             $events VEVENTs, $zones VTIMEZONEs, $bytes bytes"
echo "median of $runs runs:                  CPU ms (wall ms)"
echo "cop calendar:                         ${cal} (${cal_wall})"
echo "cop check --skip stale:               ${full} (${full_wall})"
echo "cop check --skip stale,meeting-clash: ${bare} (${bare_wall})"
awk -v a="$cal" -v b="$full" 'BEGIN {printf "ratio calendar/check:                 %.2fx (goal: within 1x)\n", a/b}'
awk -v a="$full" -v b="$bare" 'BEGIN {printf "meeting-clash adds:                   %.1f%% (goal: at most 20%%)\n", (a-b)*100/b}'
