#!/usr/bin/env bash
# Benchmark of `cop health --format json` on a long history, against git itself, in one run.
# Usage: bench/health.sh [COMMUNITIES] [COMMITS]   (default 1000 and 20000)
#
# Builds a repository with `git fast-import` (the generator of bench/stale.sh, with active
# communities whose members change and 50 authors): one commit per community to create it,
# then one commit per change to a random community, an hour apart, so that the window (the
# 365 days up to 30 days after the last commit) holds about 8,000 of the commits.
#
# Measures (median of $RUNS runs, after a warm-up run):
#   - `cop health --format json --today D`: everything, loading, the one history walk, the
#     assessment and the JSON;
#   - one `git log --name-only --format=%an%x09%ae%x09%cI` pass over the same history (every
#     commit's author, date and changed files: what the report's history needs, from git);
# and cop's peak memory (GNU time's maximum resident set size).
set -euo pipefail
n=${1:-1000}
commits=${2:-20000}
runs=${RUNS:-7}
if [ "$commits" -lt "$n" ]; then
  echo "need at least as many commits as communities" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
source bench/lib.sh
bench_setup
repo=$dir/repo
start=1577880000 # 2020-01-01T12:00:00Z

# The fast-import stream: commit c creates community c-1 (c <= n), or rewrites a random one
# with 3 to 6 members drawn from 400 people, as one of 50 authors.
stream() {
  awk -v n="$n" -v commits="$commits" -v start="$start" 'BEGIN {
    srand(42)
    for (c = 1; c <= commits; c++) {
      id = c <= n ? c - 1 : int(rand() * n)
      name = sprintf("community-%04d", id)
      k = 3 + int(rand() * 4)
      members = ""
      for (m = 0; m < k; m++) {
        members = members sprintf("%s\"@person%03d\"", m ? ", " : "", int(rand() * 400))
      }
      first = substr(members, 1, index(members ",", ",") - 1)
      yaml = sprintf("subject: Community %d\nstatus: active\ndescription: revision %d\nfacilitators: [%s]\nmembers: [%s]\nchannel: \"#cp_%s\"\nmeeting:\n  cadence: monthly\n", id, c, first, members, name)
      author = int(rand() * 50)
      when = start + c * 3600
      msg = "change " name
      printf "commit refs/heads/main\nmark :%d\n", c
      printf "author Author %d <author%d@example.com> %d +0000\n", author, author, when
      printf "committer Bench <bench@example.com> %d +0000\n", when
      printf "data %d\n%s\n", length(msg), msg
      if (c > 1) printf "from :%d\n", c - 1
      printf "M 100644 inline communities/%s/community.yaml\ndata %d\n%s\n", name, length(yaml), yaml
      if (c <= n) {
        readme = "# " name "\n\n## How to join\n"
        printf "M 100644 inline communities/%s/README.md\ndata %d\n%s\n", name, length(readme), readme
      }
      if (c == 1) {
        config = "rules:\n  max_communities_per_person: 40\n"
        printf "M 100644 inline cop.yaml\ndata %d\n%s\n", length(config), config
      }
      printf "\n"
    }
  }'
}

bench_history
git -C "$repo" gc -q


health() { "$cop" health -C "$repo" --today "$today" --format json; }
one_pass() { git -C "$repo" log --name-only --format=%an%x09%ae%x09%cI; }

ours=$(median_ms health)
pass=$(median_ms one_pass)
peak=unmeasured
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v -o "$dir/time" "$cop" health -C "$repo" --today "$today" --format json >/dev/null 2>&1
  peak="$(awk -F': ' '/Maximum resident set size/ {printf "%.1f MiB", $2 / 1024}' "$dir/time")"
fi
# What the report says, to show it read the whole history.
summary=$(health | awk '/"commits":/ {gsub(/[^0-9]/, ""); s += $0} /"stage": "/ {st++} END {print s " commits in the window, " st " communities assessed"}')

echo "history:                      $commits commits, $n communities, today $today"
echo "report:                       $summary"
echo "cop health --format json:     $ours ms (median of $runs)"
echo "git log --name-only, 1 pass:  $pass ms (median of $runs)"
echo "cop peak memory:              $peak"
awk -v a="$ours" -v b="$pass" 'BEGIN { printf "ratio cop/git log:            %.2fx (goal: 2x or less)\n", a / b }'
