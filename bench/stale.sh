#!/usr/bin/env bash
# Benchmark of the `stale` rule on a long history, against git itself, in one run.
# Usage: bench/stale.sh [COMMUNITIES] [COMMITS]   (default 1000 and 20000)
#
# Builds a repository with `git fast-import`: one commit per community to create it, then one
# commit per change to a random community, an hour apart. The first tenth of the communities
# is never changed after it was created, so dating them means walking nearly the whole
# history (the stale rule's worst case: its walk stops only once every community is dated).
#
# Measures (median of $RUNS runs, after a warm-up run, except the per-community loop which runs
# once since it is slow):
#   - cop's stale computation: `cop check --today D` minus `cop check --today D --skip stale`
#     (release build; the difference is the git work: opening, status and the history walk);
#   - `git log -1 --first-parent --format=%cI -- communities/<id>` for every community;
#   - one `git log --first-parent --name-only --format=%cI` pass over the whole history.
# and checks that cop finds exactly the stale communities the per-community loop finds.
set -euo pipefail
n=${1:-1000}
commits=${2:-20000}
runs=${RUNS:-7}
dormant=$((n / 10))
if [ "$commits" -lt "$n" ]; then
  echo "need at least as many commits as communities" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_setup
repo=$dir/repo
start=1577880000 # 2020-01-01T12:00:00Z

# The fast-import stream: commit c creates community c-1 (c <= n), or rewrites a random
# community that is not dormant.
stream() {
  awk -v n="$n" -v commits="$commits" -v dormant="$dormant" -v start="$start" 'BEGIN {
    srand(42)
    for (c = 1; c <= commits; c++) {
      id = c <= n ? c - 1 : dormant + int(rand() * (n - dormant))
      name = sprintf("community-%04d", id)
      yaml = sprintf("subject: Community %d\nstatus: proposed\ndescription: revision %d\n", id, c)
      msg = "change " name
      printf "commit refs/heads/main\nmark :%d\n", c
      printf "committer Bench <bench@example.com> %d +0000\n", start + c * 3600
      printf "data %d\n%s\n", length(msg), msg
      if (c > 1) printf "from :%d\n", c - 1
      printf "M 100644 inline communities/%s/community.yaml\ndata %d\n%s\n", name, length(yaml), yaml
      if (c <= n) {
        readme = "# " name "\n"
        printf "M 100644 inline communities/%s/README.md\ndata %d\n%s\n", name, length(readme), readme
      }
      if (c == 1) {
        config = "rules:\n  stale_after_days: 90\n"
        printf "M 100644 inline cop.yaml\ndata %d\n%s\n", length(config), config
      }
      printf "\n"
    }
  }'
}

bench_history
today_day=$((today_epoch / 86400))


with_stale() { "$cop" check -C "$repo" --today "$today"; }
without_stale() { "$cop" check -C "$repo" --today "$today" --skip stale; }
one_pass() { git -C "$repo" log --first-parent --name-only --format=%cI; }

ids=$(cd "$repo/communities" && ls)
per_community() {
  for id in $ids; do
    git -C "$repo" log -1 --first-parent --format=%ct -- "communities/$id"
  done
}

full=$(median_ms with_stale)
skip=$(median_ms without_stale)
pass=$(median_ms one_pass)
begin=$(date +%s%N)
loop_out=$(per_community)
loop=$(awk -v ns="$(($(date +%s%N) - begin))" 'BEGIN {printf "%.1f", ns / 1e6}')

# The same answer: communities older than 90 days, by git log and by cop.
git_stale=$(echo "$loop_out" | awk -v today="$today_day" '{ if (today - int($1 / 86400) > 90) n++ } END {print n + 0}')
cop_stale=$("$cop" check -C "$repo" --today "$today" --format json | grep -c '"rule": "stale"' || true)

stale=$(awk -v a="$full" -v b="$skip" 'BEGIN {d = a - b; if (d < 0.1) d = 0.1; printf "%.1f", d}')
echo "history:                       $commits commits, $n communities ($dormant never changed after creation)"
echo "stale communities:             cop $cop_stale, git log loop $git_stale (today $today)"
echo "cop check:                     $full ms (median of $runs)"
echo "cop check --skip stale:        $skip ms (median of $runs)"
echo "cop stale computation:         $stale ms (the difference)"
echo "git log per community:         $loop ms (one run of $n logs)"
echo "git log --first-parent --name-only, one pass: $pass ms (median of $runs)"
awk -v s="$stale" -v l="$loop" -v p="$pass" 'BEGIN {
  printf "ratio loop/cop:                %.0fx faster (goal: 50x or more)\n", l / s
  printf "ratio cop/one pass:            %.2fx (goal: within 2x)\n", s / p
}'
if [ "$cop_stale" != "$git_stale" ]; then
  echo "MISMATCH: cop and git log disagree on the stale communities" >&2
  exit 1
fi
