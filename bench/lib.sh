# Shared by the bench scripts, sourced from the repository root: `source bench/lib.sh`.

# Builds cop (with the examples named in "$@", e.g. `--example gen-registry`) in release mode,
# and sets `target`, `cop`, and `dir`: a temporary folder removed on exit.
bench_setup() {
  target=${CARGO_TARGET_DIR:-$PWD/target}
  cargo build --release --quiet --bin cop "$@"
  cop=$target/release/cop
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
}


# Median wall time in milliseconds of running "$@" $runs times (set `runs` first) (after one warm-up run).
median_ms() {
  "$@" >/dev/null 2>&1 || true
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

# Makes the git repository "$repo" from the fast-import stream that the caller's `stream`
# function prints ($commits commits an hour apart from $start), and sets `today_epoch` and
# `today` (YYYY-MM-DD) to 30 days after the last commit.
bench_history() {
  git init -q -b main "$repo"
  stream | git -C "$repo" fast-import --quiet
  git -C "$repo" checkout -q -f main
  today_epoch=$((start + commits * 3600 + 30 * 86400))
  today=$(date -u -d "@$today_epoch" +%F)
}
