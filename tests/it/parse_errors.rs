//! Reading community.yaml and cop.yaml: the whole human output of every kind of parse-error,
//! every problem of a file in one run, and no finding beside the parse-error that causes it.

use crate::support::Registry;

/// The whole outcome of `cop check` (human format, no colour) on a registry whose only
/// community `x` has `bytes` as its community.yaml.
fn check_community(bytes: &[u8]) -> String {
    let registry = Registry::new();
    registry.write("communities/x/community.yaml", bytes);
    registry.write("communities/x/README.md", b"# x\n");
    outcome(&registry)
}

fn outcome(registry: &Registry) -> String {
    let run = registry.cop(&["check", "--color", "never", "--skip", "stale"]);
    format!(
        "exit code: {:?}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    )
}

const GOOD: &str = "subject: Observability
facilitators: [\"@ann\"]
members: [\"@ann\", \"@bob\", \"@cy\"]
channel: \"#cp_x\"
meeting:
  cadence: monthly
";

/// A good community with `extra` appended.
fn good_with(extra: &str) -> String {
    format!("{GOOD}{extra}")
}

#[test]
fn every_kind_of_parse_error_in_full() {
    let bomb = (b'b'..=b'i').fold(String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n"), |mut s, c| {
        let prev = (c - 1) as char;
        let c = c as char;
        let refs = vec![format!("*{prev}"); 10].join(",");
        s.push_str(&format!("{c}: &{c} [{refs}]\n"));
        s
    }) + "subject: *i\n";
    let deep = format!("subject: X\ntopics: {}{}\n", "[".repeat(40), "]".repeat(40));
    let cases: Vec<(&str, String)> = vec![
        ("syntax", "subject: X\ntopics: [a, b\n".into()),
        (
            "unquoted_handle_flow",
            GOOD.replace("[\"@ann\", \"@bob\"", "[@ann, \"@bob\""),
        ),
        (
            "unquoted_handle_block",
            GOOD.replace("facilitators: [\"@ann\"]", "facilitators:\n  - @ann"),
        ),
        ("duplicate_key", good_with("subject: Again\n")),
        ("unknown_key_near", GOOD.replace("members:", "membres:")),
        ("unknown_key_far", good_with("colour: blue\n")),
        ("unknown_meeting_key", good_with("  room: 4\n")),
        ("key_not_text", good_with("1: one\n")),
        ("text_expected", GOOD.replace("Observability", "123")),
        ("list_expected", GOOD.replace("[\"@ann\"]", "\"@ann\"")),
        (
            "mapping_expected",
            GOOD.replace("meeting:\n  cadence: monthly\n", "meeting: [monthly]\n"),
        ),
        ("item_text_expected", good_with("topics: [1, 2]\n")),
        ("empty_item", GOOD.replace("\"@bob\", ", "~, ")),
        ("bad_name", good_with("status: activ\n")),
        ("quoted_number", good_with("  week: \"2\"\n")),
        ("number_for_time", good_with("  time: 1600\n")),
        ("duration_out_of_range", good_with("  duration: 600\n")),
        (
            "bad_date",
            good_with("events:\n  - date: 2026-02-30\n    title: Launch\n"),
        ),
        (
            "required_key_missing",
            good_with("events:\n  - date: 2026-06-30\n"),
        ),
        (
            "waiver_unknown_rule",
            good_with("waivers:\n  - rule: min-member\n    reason: New\n"),
        ),
        (
            "waiver_file_rule",
            good_with("waivers:\n  - rule: render-stale\n    reason: By hand\n"),
        ),
        (
            "waiver_empty_reason",
            good_with("waivers:\n  - rule: min-members\n    reason: \"\"\n"),
        ),
        ("not_a_mapping", "- subject: X\n".into()),
        ("alias_bomb", bomb),
        ("two_documents", "subject: A\n---\nsubject: B\n".into()),
        ("deep_nesting", deep),
    ];
    for (name, yaml) in cases {
        insta::assert_snapshot!(name, check_community(yaml.as_bytes()));
    }
    insta::assert_snapshot!(
        "not_utf8",
        check_community(b"subject: caf\xe9\nstatus: proposed\n")
    );

    let registry = Registry::new();
    registry.write("communities/x/README.md", b"# x\n");
    insta::assert_snapshot!("no_community_file", outcome(&registry));
}

#[test]
fn five_mistakes_of_five_kinds_give_five_findings_in_one_run() {
    let yaml = "subject: Observability
facilitators: [\"@ann\"]
membres: [\"@ann\", \"@bob\", \"@cy\"]
channel: \"#cp_x\"
meeting:
  cadence: monthly
  week: \"2\"
  time: 1600
topics: [1]
waivers:
  - rule: stael
    reason: New
";
    insta::assert_snapshot!(check_community(yaml.as_bytes()));
}

#[test]
fn a_misspelt_members_key_gives_only_the_unknown_key() {
    let run = Registry::new()
        .community("x", &GOOD.replace("members:", "membres:"))
        .cop(&["check", "--format", "json", "--skip", "stale"]);
    run.code(1);
    let json = run.json();
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["parse-error"], "{json:#}");
    assert_eq!(json["findings"][0]["message"], "unknown key `membres`");
}

#[test]
fn every_problem_of_cop_yaml_at_once_with_the_nearest_key() {
    let registry = Registry::new().config(
        "communites: communities\nrules:\n  min_members: \"3\"\n  chanel_prefix: \"#cp_\"\nseverity:\n  stael: off\n",
    );
    insta::assert_snapshot!(outcome(&registry));
}

#[test]
fn an_empty_cop_yaml_and_community_yaml_are_valid() {
    let registry = Registry::new().community("x", "").file("cop.yaml", "");
    let run = registry.cop(&["check", "--format", "json", "--skip", "stale"]);
    let json = run.json();
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"parse-error"), "{json:#}");
}
