#!/usr/bin/env bash
# Builds a git repository of the acme example registry with two years of history, so that
# `cop health -C OUT_DIR --today 2026-12-01` tells a reproducible story: every commit has a
# fixed date and identity, one community grows on a side branch that is merged, people join
# and leave, some communities record events, and a .mailmap folds one person's two e-mail
# addresses into one author.
#
# Usage: examples/acme-history.sh OUT_DIR    (OUT_DIR must not exist, or be empty)
#
# The repository's last commit holds the files of examples/acme, with `events:` added to the
# communities that held events (examples/acme itself has none, so that its pages stay as
# `cop render` writes them).
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 OUT_DIR" >&2
  exit 2
fi
out=$1
acme=$(cd "$(dirname "$0")/acme" && pwd)
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
  echo "$out exists and is not empty" >&2
  exit 2
fi
mkdir -p "$out"
cd "$out"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
git init -q -b main

# commit DATE "NAME" EMAIL MESSAGE: commits everything at DATE (10:00 UTC) as NAME <EMAIL>.
commit() {
  git add -A
  GIT_AUTHOR_NAME=$2 GIT_AUTHOR_EMAIL=$3 GIT_COMMITTER_NAME=$2 GIT_COMMITTER_EMAIL=$3 \
    GIT_AUTHOR_DATE="$1T10:00:00Z" GIT_COMMITTER_DATE="$1T10:00:00Z" \
    git commit -q -m "$4"
}

# version ID: writes community ID's community.yaml from stdin, and its README.md from acme.
version() {
  mkdir -p "communities/$1"
  cat >"communities/$1/community.yaml"
  cp "$acme/communities/$1/README.md" "communities/$1/README.md"
}

# final ID: community ID as examples/acme has it; then the lines of stdin, if any, at its end
# (an `events:` list, or more items of the one it ends with).
final() {
  mkdir -p "communities/$1"
  cp "$acme/communities/$1/community.yaml" "$acme/communities/$1/README.md" "communities/$1/"
  if [ ! -t 0 ]; then
    cat >>"communities/$1/community.yaml"
  fi
}

bot=("Handbook Bot" handbook@acme.example)
tomek=(tomek tomek@home.example) # Tomasz's personal address; .mailmap folds it
tomasz=("Tomasz Kowalski" tkowalski@acme.example)
emma=("Emma Stone" emma.s@acme.example)
fatima=("Fatima Zahra" fatima.z@acme.example)
aisha=("Aisha Bello" aisha.b@acme.example)
jin=("Jin Park" jpark@acme.example)
li=("Li Wei" li.wei@acme.example)
sven=("Sven Eriksson" sven-e@acme.example)
zara=("Zara Ahmed" zara@acme.example)
maria=("Maria Lopez" maria.lopez@acme.example)
noah=("Noah Brown" noah.b@acme.example)
ochukwu=("Ochukwu Eze" ochukwu@acme.example)

# 2025: the registry and its first communities.
cp "$acme/cop.yaml" .
mkdir -p handbook
cp "$acme/handbook/communities-of-practice.md" handbook/
printf 'Tomasz Kowalski <tkowalski@acme.example> tomek <tomek@home.example>\n' >.mailmap
version mainframe-modernisation <<'EOF'
subject: Mainframe Modernisation
status: active
description: "Moving batch jobs off the mainframe."
facilitators: ["@old.timer"]
members: ["@old.timer", "@gustavo", "@kenji"]
channel: "#cp_mainframe-modernisation"
meeting:
  cadence: monthly
topics: [cobol]
EOF
commit 2025-01-06 "${bot[@]}" "Start the registry of communities of practice"

version observability <<'EOF'
subject: Observability
status: active
description: "Metrics, logs and traces."
facilitators: ["@tkowalski"]
members:
  - "@tkowalski"
  - "@li.wei"
  - "@ochukwu"
channel: "#cp_observability"
meeting:
  cadence: monthly
  weekday: thursday
  week: 1
  time: "16:00"
  timezone: Europe/Warsaw
  url: https://meet.acme.example/observability
project: https://gitlab.acme.example/communities-of-practice/observability
topics: [prometheus, opentelemetry]
EOF
commit 2025-01-14 "${tomek[@]}" "Add community of practice: Observability"

version frontend-guild <<'EOF'
subject: Frontend Guild
status: active
description: "Design systems and web performance."
facilitators: ["@emma.s"]
members:
  - "@emma.s"
  - "@noah_b"
  - "@zara"
channel: "#cp_frontend-guild"
meeting:
  cadence: weekly
  weekday: friday
  time: "11:00"
  timezone: Europe/London
  url: https://meet.acme.example/frontend-guild
project: https://gitlab.acme.example/communities-of-practice/frontend-guild
EOF
commit 2025-02-03 "${emma[@]}" "Add community of practice: Frontend Guild"

version secure-coding <<'EOF'
subject: Secure Coding
status: active
description: "Threat modelling, code review checklists and fixing the OWASP Top 10 for good."
facilitators: ["@aisha_b", "@fatima.z"]
members:
  - "@aisha_b"
  - "@fatima.z"
  - "@kenji"
channel: "#cp_secure-coding"
meeting:
  cadence: monthly
  weekday: monday
  week: -1
  time: "14:00"
  timezone: UTC
  url: https://meet.acme.example/secure-coding
project: https://gitlab.acme.example/communities-of-practice/secure-coding
topics: [appsec, owasp]
EOF
commit 2025-03-10 "${fatima[@]}" "Add community of practice: Secure Coding"

version infrastructure-as-code <<'EOF'
subject: Infrastructure As Code
status: active
description: "Terraform and friends."
facilitators: ["@jpark"]
members:
  - "@jpark"
  - "@hannah.k"
  - "@diego_r"
contributors: ["@maria.lopez"]
channel: "#cp_infrastructure-as-code"
meeting:
  cadence: monthly
  weekday: tuesday
  week: 2
  time: "17:00"
  timezone: America/New_York
  url: https://meet.acme.example/infrastructure-as-code
project: https://gitlab.acme.example/communities-of-practice/infrastructure-as-code
topics: [terraform]
EOF
commit 2025-04-08 "${jin[@]}" "Add community of practice: Infrastructure As Code"

version data-engineering <<'EOF'
subject: Data Engineering
status: active
description: "Pipelines, warehouses and data contracts."
facilitators: ["@li.wei"]
members:
  - "@li.wei"
  - "@rnair"
  - "@hannah.k"
channel: "#cp_data-engineering"
meeting:
  cadence: biweekly
  weekday: tuesday
  time: "09:30"
  timezone: Asia/Singapore
  url: https://meet.acme.example/data-engineering
project: https://gitlab.acme.example/communities-of-practice/data-engineering
topics: [dbt]
EOF
commit 2025-05-20 "${li[@]}" "Add community of practice: Data Engineering"

version incident-response <<'EOF'
subject: Incident Response
status: active
description: "Blameless postmortems, on-call health and game days."
facilitators: ["@sven-e"]
members:
  - "@sven-e"
  - "@maria.lopez"
  - "@kenji"
  - "@diego_r"
  - "@oncall.lead"
channel: "#cp_incident-response"
meeting:
  cadence: monthly
  weekday: wednesday
  week: 3
  time: "13:00"
  timezone: UTC
  url: https://meet.acme.example/incident-response
project: https://gitlab.acme.example/communities-of-practice/incident-response
topics: [on-call, postmortems]
EOF
commit 2025-06-02 "${sven[@]}" "Add community of practice: Incident Response"

final accessibility </dev/null
commit 2025-07-15 "${bot[@]}" "Suggest a community of practice: Accessibility"

version technical-writing <<'EOF'
subject: Technical Writing
status: active
description: "Docs as code, style guides and writing for busy readers."
facilitators: ["@zara"]
members:
  - "@zara"
  - "@emma.s"
  - "@noah_b"
channel: "#cp_technical-writing"
meeting:
  cadence: monthly
  weekday: thursday
  week: 2
  time: "10:00"
  timezone: Europe/Berlin
  url: https://meet.acme.example/technical-writing
project: https://gitlab.acme.example/communities-of-practice/technical-writing
topics: [docs]
EOF
commit 2025-09-09 "${zara[@]}" "Add community of practice: Technical Writing"

sed -i 's/^description: .*/description: "Metrics, logs and traces that answer questions before customers ask them."/' \
  communities/observability/community.yaml
commit 2025-11-18 "${tomasz[@]}" "Observability: say what the community is for"

# 2026, the year the report looks at (the window is the 365 days up to 2026-12-01).
final technical-writing </dev/null
commit 2026-02-10 "${zara[@]}" "Technical Writing: @paulo joins, @noah_b contributes"

final mainframe-modernisation </dev/null
commit 2026-02-12 "${bot[@]}" "Archive Mainframe Modernisation"

version frontend-guild <<'EOF'
subject: Frontend Guild
status: active
description: "Design systems and web performance."
facilitators: ["@emma.s"]
members:
  - "@emma.s"
  - "@noah_b"
  - "@zara"
  - "@ochukwu"
channel: "#cp_frontend-guild"
meeting:
  cadence: weekly
  weekday: friday
  time: "11:00"
  timezone: Europe/London
  url: https://meet.acme.example/frontend-guild
project: https://gitlab.acme.example/communities-of-practice/frontend-guild
EOF
commit 2026-02-17 "${emma[@]}" "Frontend Guild: add @ochukwu"

sed -i 's/^  - "@ochukwu"$/  - "@ochukwu"\n  - "@sven-e"/' communities/observability/community.yaml
commit 2026-03-03 "${tomek[@]}" "Add @sven-e to Observability"

# Kubernetes Operations grows on a side branch, merged with a merge commit.
git checkout -q -b kubernetes
version kubernetes-operations <<'EOF'
subject: Kubernetes Operations
status: active
description: "Running production clusters: upgrades, autoscaling, cost."
facilitators: ["@maria.lopez"]
members:
  - "@maria.lopez"
  - "@tkowalski"
  - "@aisha_b"
channel: "#cp_kubernetes-operations"
meeting:
  cadence: biweekly
  weekday: wednesday
  time: "15:00"
  timezone: Europe/Madrid
  url: https://meet.acme.example/kubernetes-operations
project: https://gitlab.acme.example/communities-of-practice/kubernetes-operations
topics: [kubernetes, sre]
EOF
commit 2026-03-20 "${aisha[@]}" "Add community of practice: Kubernetes Operations"
final kubernetes-operations </dev/null
commit 2026-03-27 "${maria[@]}" "Kubernetes Operations: @jpark joins, @rnair contributes"
git checkout -q main
final data-engineering </dev/null
sed -i 's/^topics: .*/topics: [dbt]/' communities/data-engineering/community.yaml
commit 2026-03-25 "${li[@]}" "Data Engineering: @gustavo joins, @hannah.k contributes"
GIT_AUTHOR_NAME="Handbook Bot" GIT_AUTHOR_EMAIL=handbook@acme.example \
  GIT_COMMITTER_NAME="Handbook Bot" GIT_COMMITTER_EMAIL=handbook@acme.example \
  GIT_AUTHOR_DATE=2026-04-02T10:00:00Z GIT_COMMITTER_DATE=2026-04-02T10:00:00Z \
  git merge -q --no-ff -m "Merge branch 'kubernetes'" kubernetes
git branch -q -d kubernetes

final incident-response </dev/null
commit 2026-04-14 "${sven[@]}" "Incident Response: @oncall.lead moves on"

final secure-coding </dev/null
commit 2026-05-05 "${fatima[@]}" "Add @li.wei to Secure Coding"

final machine-learning-ops </dev/null
commit 2026-05-12 "${bot[@]}" "Suggest a community of practice: Machine Learning Ops"

final technical-writing <<'EOF'
  - date: 2026-05-21
    title: "Docs sprint: the onboarding guide"
    kind: other
EOF
commit 2026-05-28 "${zara[@]}" "Technical Writing: record the docs sprint"

final infrastructure-as-code </dev/null
commit 2026-06-15 "${jin[@]}" "Infrastructure As Code: Pulumi too"

final frontend-guild </dev/null
sed -i '/^topics: /d' communities/frontend-guild/community.yaml
commit 2026-08-06 "${noah[@]}" "Frontend Guild: a description that says what it covers"
final frontend-guild </dev/null
commit 2026-09-04 "${zara[@]}" "Frontend Guild: topics"
final frontend-guild <<'EOF'
events:
  - date: 2026-09-25
    title: "Round table: web performance budgets"
    kind: round-table
EOF
commit 2026-09-28 "${ochukwu[@]}" "Frontend Guild: record the round table"

final secure-coding <<'EOF'
events:
  - date: 2026-09-17
    title: "Threat modelling workshop"
    kind: workshop
EOF
commit 2026-09-18 "${aisha[@]}" "Secure Coding: the threat modelling workshop"

final observability <<'EOF'
events:
  - date: 2026-09-30
    title: "SLOs for every tier-1 service"
    kind: milestone
EOF
commit 2026-10-01 "${tomasz[@]}" "Observability: the SLO milestone"

final data-engineering <<'EOF'
events:
  - date: 2026-10-14
    title: "dbt meetup"
    kind: other
EOF
commit 2026-10-15 "${li[@]}" "Data Engineering: record the dbt meetup"

final incident-response <<'EOF'
events:
  - date: 2026-10-21
    title: "On-call office hours"
    kind: office-hours
EOF
commit 2026-10-22 "${sven[@]}" "Incident Response: on-call office hours"

final kubernetes-operations <<'EOF'
events:
  - date: 2026-11-05
    title: "Thanks to the 1.31 upgrade crew"
    kind: recognition
EOF
commit 2026-11-06 "${maria[@]}" "Kubernetes Operations: thank the upgrade crew"

final rust-at-acme </dev/null
commit 2026-11-20 "${bot[@]}" "Suggest a community of practice: Rust at ACME"

echo "built $(git rev-list --count HEAD) commits in $out; try: cop health -C $out --today 2026-12-01"
