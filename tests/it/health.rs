//! `cop health` end to end, on histories built for each question with the git CLI, fixed
//! dates and fixed identities: joins and leaves (also through a merged side branch), the
//! month-end series, the absence factor with `.mailmap`, the registry's totals, outside git,
//! and the reports themselves: the acme example's history as snapshots, every format twice
//! byte for byte, and the HTML page parsed.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{Registry, Run, Who, git_as, run_cop};

const ANN: Who = ("Ann", "ann@work.example");
const ANN_HOME: Who = ("ann", "ann@home.example");
const BOB: Who = ("Bob", "bob@example.com");
const CY: Who = ("Cy", "cy@example.com");
const DEE: Who = ("Dee", "dee@example.com");

fn init(dir: &Path) {
    git_as(
        dir,
        "2020-01-01T00:00:00Z",
        ANN,
        &["init", "-q", "-b", "main"],
    );
}

/// Commits everything as `who` at `date` (a day means noon UTC).
fn commit(dir: &Path, date: &str, who: Who, message: &str) {
    let date = if date.len() == 10 {
        format!("{date}T12:00:00Z")
    } else {
        date.to_string()
    };
    git_as(dir, &date, who, &["add", "-A"]);
    git_as(dir, &date, who, &["commit", "-q", "-m", message]);
}

/// An active community.yaml with these facilitators and members (and a line to vary it).
fn yaml(facilitators: &[&str], members: &[&str], extra: &str) -> String {
    let list = |l: &[&str]| {
        l.iter()
            .map(|h| format!("\"{h}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "subject: S\nfacilitators: [{}]\nmembers: [{}]\nchannel: \"#cp_s\"\nmeeting:\n  cadence: monthly\n{extra}",
        list(facilitators),
        list(members)
    )
}

fn write_community(registry: &Registry, id: &str, text: &str) {
    registry.write(
        &format!("communities/{id}/community.yaml"),
        text.replace("subject: S", &format!("subject: Subject {id}"))
            .as_bytes(),
    );
    registry.write(&format!("communities/{id}/README.md"), b"# S\n");
}

fn health(registry: &Registry, args: &[&str]) -> Run {
    let mut all = vec!["health"];
    all.extend_from_slice(args);
    registry.cop(&all)
}

fn report(registry: &Registry, today: &str) -> Value {
    health(registry, &["--format", "json", "--today", today])
        .code(0)
        .json()
}

fn community<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["communities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no community {id} in {report:#}"))
}

/// The member counts of a community's series, by month.
fn series(community: &Value) -> Vec<(String, Value)> {
    community["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_string(),
                m["members"].clone(),
            )
        })
        .collect()
}

fn months(from: (i32, u32), values: &[Value]) -> Vec<(String, Value)> {
    let (mut year, mut month) = from;
    values
        .iter()
        .map(|v| {
            let name = format!("{year:04}-{month:02}");
            month += 1;
            if month == 13 {
                (year, month) = (year + 1, 1);
            }
            (name, v.clone())
        })
        .collect()
}

#[test]
fn joins_and_leaves_through_a_merged_side_branch() {
    let registry = Registry::new();
    let dir = registry.path();
    init(dir);
    write_community(
        &registry,
        "a",
        &yaml(&["@ann"], &["@ann", "@bob", "@cy"], ""),
    );
    commit(dir, "2025-05-01", ANN, "start a");
    git_as(
        dir,
        "2025-09-01T00:00:00Z",
        DEE,
        &["checkout", "-q", "-b", "side"],
    );
    write_community(
        &registry,
        "a",
        &yaml(&["@ann"], &["@ann", "@cy", "@Dee", "@eve"], ""),
    );
    commit(dir, "2025-09-10", DEE, "Dee and Eve join a, Bob leaves");
    git_as(
        dir,
        "2025-09-11T00:00:00Z",
        ANN,
        &["checkout", "-q", "main"],
    );
    write_community(
        &registry,
        "b",
        &yaml(&["@bob"], &["@bob", "@cy", "@dee"], ""),
    );
    commit(dir, "2025-10-01", ANN, "start b");
    git_as(
        dir,
        "2025-11-01T12:00:00Z",
        ANN,
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
    );
    let json = report(&registry, "2026-06-01");
    let a = community(&json, "a");
    assert_eq!(a["members"], 4);
    assert_eq!(a["members_then"], 3);
    assert_eq!(a["joined"], json!(["@Dee", "@eve"]));
    assert_eq!(a["left"], json!(["@bob"]));
    // The side branch's change reaches the first-parent chain at the merge, in November.
    let three = json!(3);
    let four = json!(4);
    assert_eq!(
        series(a),
        months(
            (2025, 7),
            &[
                three.clone(),
                three.clone(),
                three.clone(),
                three,
                four.clone(),
                four.clone(),
                four.clone(),
                four.clone(),
                four.clone(),
                four.clone(),
                four.clone(),
                four
            ]
        )
    );
    assert_eq!(a["first_seen"], "2025-05-01");
    assert_eq!(a["last_change"], "2025-11-01");
    // The side branch's commit counts for its author; the merge authors nothing.
    assert_eq!(
        (&a["absence_factor"], &a["commits"], &a["carried_by"]),
        (&json!(1), &json!(1), &json!(["Dee"]))
    );
    let b = community(&json, "b");
    assert_eq!(b["members_then"], Value::Null);
    assert_eq!(b["joined"], json!(["@bob", "@cy", "@dee"]));
    assert_eq!(b["left"], json!([]));
    assert_eq!(b["first_seen"], "2025-10-01");
    assert_eq!(
        series(b)[..4],
        months(
            (2025, 7),
            &[Value::Null, Value::Null, Value::Null, json!(3)]
        )[..]
    );
    assert_eq!(json["notes"], json!([]));
}

#[test]
fn the_series_counts_the_members_at_the_end_of_each_utc_month() {
    let registry = Registry::new();
    let dir = registry.path();
    init(dir);
    let members = ["@a1", "@a2", "@a3", "@a4", "@a5", "@a6"];
    write_community(&registry, "a", &yaml(&["@a1"], &members[..3], ""));
    commit(dir, "2026-01-15", ANN, "start");
    // One second before April (UTC): March.
    write_community(&registry, "a", &yaml(&["@a1"], &members[..4], ""));
    commit(dir, "2026-03-31T23:59:59Z", ANN, "a4");
    // April 30th, 23:30 at UTC-2 is May 1st in UTC: May.
    write_community(&registry, "a", &yaml(&["@a1"], &members[..5], ""));
    commit(dir, "2026-04-30T23:30:00-02:00", ANN, "a5");
    // June 1st, 00:00 at UTC+2 is still May 31st in UTC: May.
    write_community(&registry, "a", &yaml(&["@a1"], &members[..6], ""));
    commit(dir, "2026-06-01T00:00:00+02:00", ANN, "a6");
    let json = report(&registry, "2026-06-10");
    let null = Value::Null;
    assert_eq!(
        series(community(&json, "a")),
        months(
            (2025, 7),
            &[
                null.clone(),
                null.clone(),
                null.clone(),
                null.clone(),
                null.clone(),
                null,
                json!(3),
                json!(3),
                json!(4),
                json!(4),
                json!(6),
                json!(6)
            ]
        )
    );
    // The window starts on 2025-06-10: the community did not exist then.
    assert_eq!(community(&json, "a")["members_then"], Value::Null);
    // A shorter window starts after the first commit.
    let json = health(
        &registry,
        &[
            "--format",
            "json",
            "--today",
            "2026-06-10",
            "--window",
            "100",
        ],
    )
    .code(0)
    .json();
    assert_eq!(json["window_start"], "2026-03-02");
    let a = community(&json, "a");
    assert_eq!(a["members_then"], 3);
    assert_eq!(a["joined"], json!(["@a4", "@a5", "@a6"]));
    assert_eq!(
        (&a["commits"], &a["absence_factor"]),
        (&json!(3), &json!(1))
    );
}

#[test]
fn the_absence_factor_counts_authors_after_mailmap() {
    let registry = Registry::new();
    let dir = registry.path();
    init(dir);
    write_community(
        &registry,
        "a",
        &yaml(&["@ann"], &["@ann", "@bob", "@cy"], ""),
    );
    write_community(
        &registry,
        "b",
        &yaml(&["@cy"], &["@ann", "@bob", "@cy"], ""),
    );
    // Before the window: not counted.
    commit(dir, "2025-01-01", CY, "start");
    let touches: [(&str, Who); 5] = [
        ("2025-07-01", ANN),
        ("2025-08-01", ANN_HOME),
        ("2025-09-01", ANN_HOME),
        ("2025-10-01", BOB),
        ("2025-11-01", BOB),
    ];
    for (n, (date, who)) in touches.iter().enumerate() {
        write_community(
            &registry,
            "a",
            &yaml(
                &["@ann"],
                &["@ann", "@bob", "@cy"],
                &format!("description: v{n}\n"),
            ),
        );
        commit(dir, date, *who, "touch a");
    }
    write_community(
        &registry,
        "b",
        &yaml(&["@cy"], &["@ann", "@bob", "@cy"], "description: b\n"),
    );
    commit(dir, "2025-12-01", CY, "touch b");
    // Without .mailmap Ann has two identities, and it takes two authors to make half.
    let json = report(&registry, "2026-06-01");
    let a = community(&json, "a");
    assert_eq!(
        (&a["commits"], &a["absence_factor"], &a["carried_by"]),
        (&json!(5), &json!(2), &json!(["ann", "Bob"]))
    );
    // With it, Ann's three commits are more than half.
    registry.write(".mailmap", b"Ann <ann@work.example> <ann@home.example>\n");
    commit(dir, "2026-01-01", CY, "mailmap");
    let json = report(&registry, "2026-06-01");
    let a = community(&json, "a");
    assert_eq!(
        (&a["commits"], &a["absence_factor"], &a["carried_by"]),
        (&json!(5), &json!(1), &json!(["Ann"]))
    );
    let b = community(&json, "b");
    assert_eq!(
        (&b["commits"], &b["absence_factor"]),
        (&json!(1), &json!(1))
    );
    // A window with no commit: 0.
    let json = health(
        &registry,
        &[
            "--format",
            "json",
            "--today",
            "2026-06-01",
            "--window",
            "30",
        ],
    )
    .code(0)
    .json();
    let a = community(&json, "a");
    assert_eq!(
        (&a["commits"], &a["absence_factor"], &a["carried_by"]),
        (&json!(0), &json!(0), &json!([]))
    );
}

#[test]
fn totals_count_the_registry_and_its_series() {
    let registry = Registry::new().config("rules:\n  max_communities_per_person: 1\n");
    let dir = registry.path();
    init(dir);
    write_community(
        &registry,
        "a",
        &yaml(&["@ann"], &["@ann", "@bob", "@cy"], ""),
    );
    write_community(
        &registry,
        "b",
        &yaml(&["@dee"], &["@Ann", "@dee", "@eve"], ""),
    );
    write_community(
        &registry,
        "z",
        &yaml(&["@zed"], &["@zed", "@yan", "@xi"], ""),
    );
    registry.write(
        "communities/p/community.yaml",
        b"subject: P\nstatus: proposed\n",
    );
    commit(dir, "2026-01-10", ANN, "start");
    registry.write(
        "communities/z/community.yaml",
        b"subject: Z\nstatus: archived\nalumni: [\"@zed\", \"@yan\", \"@xi\"]\n",
    );
    commit(dir, "2026-03-05", ANN, "archive z");
    registry.write("communities/broken/community.yaml", b"subject: [\n");
    commit(dir, "2026-03-06", ANN, "broken");
    let run = health(&registry, &["--format", "json", "--today", "2026-04-05"]);
    let json = run.code(0).json();
    let totals = &json["totals"];
    let zeros: Vec<Value> = (5..=12)
        .map(|m| json!({"month": format!("2025-{m:02}"), "active": 0, "people": 0}))
        .collect();
    let mut expected_series = zeros;
    for (month, active, people) in [
        ("2026-01", 3, 8),
        ("2026-02", 3, 8),
        ("2026-03", 2, 5),
        ("2026-04", 2, 5),
    ] {
        expected_series.push(json!({"month": month, "active": active, "people": people}));
    }
    assert_eq!(
        totals,
        &json!({
            "communities": 5,
            "by_status": {"active": 2, "proposed": 1, "archived": 1, "unreadable": 1},
            "by_stage": {"ignition": 2, "liftoff": 0, "orbit": 0, "space-station": 0, "proposed": 1, "archived": 1},
            "by_degree": {"0": 0, "1": 2, "2": 0, "3": 0},
            "people": 5,
            "max_communities_per_person": 1,
            "overcommitted": ["@ann"],
            "series": expected_series,
        })
    );
    let a = community(&json, "a");
    assert_eq!(
        a["risks"],
        json!(["single-facilitator", "overcommitted-members"])
    );
    let broken = community(&json, "broken");
    assert_eq!(
        (&broken["status"], &broken["stage"], &broken["members"]),
        (&json!("unreadable"), &Value::Null, &Value::Null)
    );
    assert_eq!(
        json["notes"],
        json!([
            "`broken`: communities/broken/community.yaml cannot be read, so it is not assessed; `cop check` shows why"
        ])
    );
    let p = community(&json, "p");
    assert_eq!(
        (&p["stage"], &p["gather"], &p["next"]),
        (&json!("proposed"), &Value::Null, &Value::Null)
    );
    // Asking for some communities lists only them; the totals stay the registry's.
    let some = health(
        &registry,
        &["a", "z", "a", "--format", "json", "--today", "2026-04-05"],
    )
    .code(0)
    .json();
    let ids: Vec<&str> = some["communities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "z"]);
    assert_eq!(&some["totals"], totals);
}

#[test]
fn outside_git_the_history_fields_are_null_with_a_note() {
    let registry = Registry::new().good("a", "A");
    let ceiling = registry.path().parent().unwrap().display().to_string();
    let env = [("GIT_CEILING_DIRECTORIES", ceiling.as_str())];
    let run = run_cop(
        registry.path(),
        &["health", "--format", "json", "--today", "2026-06-01"],
        &env,
    );
    run.code(0);
    let json = run.json();
    let a = community(&json, "a");
    for field in [
        "members_then",
        "joined",
        "left",
        "series",
        "first_seen",
        "last_change",
        "absence_factor",
        "commits",
        "carried_by",
    ] {
        assert_eq!(a[field], Value::Null, "{field}");
    }
    // Everything else is still there.
    assert_eq!(
        (&a["members"], &a["degree"], &a["stage"]),
        (&json!(3), &json!(1), &json!("ignition"))
    );
    assert_eq!(json["totals"]["series"], Value::Null);
    let notes = json["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    let note = notes[0].as_str().unwrap();
    assert!(note.starts_with("history: not read, as `"), "{note}");
    assert!(
        note.ends_with("is not inside a git repository; members_then, joined, left, series, first_seen, last_change and absence_factor are null"),
        "{note}"
    );
    // The human report puts the note on stderr.
    let run = run_cop(registry.path(), &["health", "--today", "2026-06-01"], &env);
    run.code(0).stderr_has("note: history: not read, as");
}

#[test]
fn uncommitted_changes_date_a_community_today() {
    let registry = Registry::new();
    let dir = registry.path();
    init(dir);
    write_community(
        &registry,
        "a",
        &yaml(&["@ann"], &["@ann", "@bob", "@cy"], ""),
    );
    commit(dir, "2025-01-01", ANN, "start");
    write_community(
        &registry,
        "a",
        &yaml(&["@ann"], &["@ann", "@bob", "@cy", "@dee"], ""),
    );
    let json = report(&registry, "2026-06-01");
    let a = community(&json, "a");
    assert_eq!(
        (&a["last_change"], &a["first_seen"]),
        (&json!("2026-06-01"), &json!("2025-01-01"))
    );
    assert_eq!(a["joined"], json!(["@dee"]));
}

#[test]
fn bad_arguments_and_unknown_ids_are_exit_2() {
    let registry = Registry::new().good("a", "A");
    health(&registry, &["nope"])
        .code(2)
        .stderr_has("error: no community `nope`; `cop list` shows them");
    health(&registry, &["--today", "2026-02-30"])
        .code(2)
        .stderr_has("invalid --today `2026-02-30`");
    health(&registry, &["--window", "0"]).code(2);
    health(&registry, &["--format", "pdf"]).code(2);
}

/// The acme example with its scripted history, in a temporary folder.
fn acme_history() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("acme");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/acme-history.sh");
    let status = Command::new("bash")
        .arg(&script)
        .arg(&out)
        .output()
        .expect("run the acme history script");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    dir
}

#[test]
fn the_acme_history_report() {
    let dir = acme_history();
    let acme = dir.path().join("acme");
    let args = ["health", "--today", "2026-12-01"];
    let human = run_cop(&acme, &args, &[]);
    human.code(0);
    assert_eq!(human.stderr, "");
    insta::assert_snapshot!("acme_health_human", human.stdout.as_str());
    let markdown = run_cop(
        &acme,
        &["health", "--today", "2026-12-01", "--format", "markdown"],
        &[],
    );
    insta::assert_snapshot!("acme_health_markdown", markdown.code(0).stdout.as_str());
    let json = run_cop(
        &acme,
        &["health", "--today", "2026-12-01", "--format", "json"],
        &[],
    )
    .json();
    let stages: BTreeMap<&str, &str> = json["communities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["stage"].as_str().unwrap()))
        .collect();
    assert_eq!(stages["secure-coding"], "space-station");
    assert_eq!(stages["frontend-guild"], "orbit");
    assert_eq!(stages["mainframe-modernisation"], "archived");
    let observability = community(&json, "observability");
    insta::assert_snapshot!(
        "acme_health_observability",
        serde_json::to_string_pretty(observability).unwrap()
    );
}

#[test]
fn every_format_is_byte_identical_run_after_run_and_o_writes_the_same() {
    let dir = acme_history();
    let acme = dir.path().join("acme");
    for format in ["human", "json", "markdown", "html"] {
        let args = ["health", "--today", "2026-12-01", "--format", format];
        let first = run_cop(&acme, &args, &[]);
        let second = run_cop(&acme, &args, &[]);
        first.code(0);
        assert_eq!(first.stdout, second.stdout, "{format}");
        let file = dir.path().join(format!("report.{format}"));
        let file_arg = file.display().to_string();
        let mut with_o = args.to_vec();
        with_o.extend(["-o", &file_arg]);
        let written = run_cop(&acme, &with_o, &[]);
        written.code(0);
        assert_eq!(written.stdout, "", "{format}");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            first.stdout,
            "{format}"
        );
    }
}

#[test]
fn the_html_report_is_one_self_contained_page() {
    use html5gum::{Token, Tokenizer};

    let dir = acme_history();
    let acme = dir.path().join("acme");
    let html = run_cop(
        &acme,
        &["health", "--today", "2026-12-01", "--format", "html"],
        &[],
    );
    let html = html.code(0).stdout.clone();
    const VOID: [&str; 4] = ["meta", "br", "hr", "img"];
    const SVG_LEAVES: [&str; 2] = ["line", "rect"];
    let mut open: Vec<String> = Vec::new();
    let mut svgs = 0;
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    for token in Tokenizer::new(&html) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                assert_ne!(name, "script", "no script");
                assert!(
                    !["link", "iframe", "object", "embed", "img", "base"].contains(&name.as_str()),
                    "no <{name}>"
                );
                for (key, value) in &tag.attributes {
                    let key = String::from_utf8_lossy(key);
                    let value = String::from_utf8_lossy(value);
                    assert!(!key.starts_with("on"), "no event handler: {key}");
                    assert!(
                        !matches!(&*key, "src" | "srcset" | "action" | "xlink:href" | "data"),
                        "nothing to load: {key}={value}"
                    );
                    if key == "href" {
                        assert!(
                            value.starts_with('#'),
                            "only links within the page: {value}"
                        );
                    }
                    assert!(!value.contains("url("), "{key}={value}");
                    if key == "id" {
                        ids.push(value.into_owned());
                    }
                }
                if name == "svg" {
                    svgs += 1;
                }
                if !VOID.contains(&name.as_str()) && !tag.self_closing {
                    open.push(name);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                // `<line/>` and `<rect/>` close themselves in SVG.
                if SVG_LEAVES.contains(&name.as_str()) && open.last() != Some(&name) {
                    continue;
                }
                assert_eq!(open.pop().as_deref(), Some(name.as_str()), "tags nest");
            }
            Token::Error(e) => errors.push(format!("{e:?}")),
            Token::String(_) | Token::Comment(_) | Token::Doctype(_) => {}
        }
    }
    assert!(errors.is_empty(), "{errors:?}");
    assert!(open.is_empty(), "unclosed: {open:?}");
    // The style sheet loads nothing either.
    let style = &html[html.find("<style>").unwrap()..html.find("</style>").unwrap()];
    assert!(
        !style.contains("url(") && !style.contains("@import"),
        "{style}"
    );
    // Four registry charts and one per community.
    let json = run_cop(
        &acme,
        &["health", "--today", "2026-12-01", "--format", "json"],
        &[],
    )
    .json();
    let every: Vec<String> = json["communities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("c-{}", c["id"].as_str().unwrap()))
        .collect();
    assert_eq!(every.len(), 12);
    assert_eq!(ids, every);
    assert_eq!(svgs, 4 + 12);
    assert!(html.contains("@media print"));
    assert!(html.contains("<meta name=\"viewport\""));
}

#[test]
fn values_are_escaped_in_html_and_markdown() {
    let registry = Registry::new();
    registry.write(
        "communities/x/community.yaml",
        b"subject: \"<script>alert(1)</script> | A & B\"\nstatus: proposed\n",
    );
    let run = health(&registry, &["--format", "html", "--today", "2026-06-01"]);
    run.code(0);
    assert!(!run.stdout.contains("<script>"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; | A &amp; B")
    );
    let run = health(
        &registry,
        &["--format", "markdown", "--today", "2026-06-01"],
    );
    run.code(0);
    assert!(
        run.stdout
            .contains("| \\<script>alert(1)\\</script> \\| A & B | proposed |"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_shallow_clone_reports_what_it_holds_and_notes_the_rest() {
    let origin = Registry::new();
    let dir = origin.path();
    init(dir);
    write_community(&origin, "a", &yaml(&["@ann"], &["@ann", "@bob", "@cy"], ""));
    commit(dir, "2025-01-10", ANN, "start");
    write_community(
        &origin,
        "a",
        &yaml(&["@ann"], &["@ann", "@bob", "@cy", "@dee"], ""),
    );
    commit(dir, "2026-02-10", BOB, "dee");
    write_community(&origin, "b", &yaml(&["@bob"], &["@ann", "@bob", "@cy"], ""));
    commit(dir, "2026-04-10", CY, "b");
    let parent = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.display());
    git_as(
        parent.path(),
        "2026-05-01T00:00:00Z",
        ANN,
        &["clone", "-q", "--depth", "2", &url, "clone"],
    );
    let clone = parent.path().join("clone");
    let run = run_cop(
        &clone,
        &["health", "--format", "json", "--today", "2026-06-01"],
        &[],
    );
    let json = run.code(0).json();
    let a = community(&json, "a");
    // `a` was there where the history is cut: when it started is unknown, and so is its
    // membership a year ago; its months from February on are known.
    assert_eq!(
        (&a["first_seen"], &a["members_then"], &a["joined"]),
        (&Value::Null, &Value::Null, &Value::Null)
    );
    // Nor can the boundary commit's own change be told from what came before it.
    assert_eq!(
        (&a["last_change"], &a["commits"]),
        (&Value::Null, &json!(0))
    );
    let counts: Vec<Value> = series(a).into_iter().map(|(_, v)| v).collect();
    assert_eq!(counts[..7], vec![Value::Null; 7][..]);
    assert_eq!(
        counts[7..],
        [json!(4), json!(4), json!(4), json!(4), json!(4)]
    );
    // `b` was added within the history held.
    let b = community(&json, "b");
    assert_eq!(
        (&b["first_seen"], &b["commits"]),
        (&json!("2026-04-10"), &json!(1))
    );
    assert_eq!(json["totals"]["series"][0]["active"], Value::Null);
    let notes = json["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0]
            .as_str()
            .unwrap()
            .starts_with("history: this shallow clone's history ends on 2026-02-10;"),
        "{notes:?}"
    );
}
