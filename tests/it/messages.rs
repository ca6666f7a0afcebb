//! What cop says, pinned whole: the human output of each finding kind, every `--help`, the
//! notes and help text in every format, `cop explain`, the man page, and `cop new`'s refusals
//! and dry run. Snapshots (insta) hold the whole output, so garbled or extra lines show.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::support::{GOOD_COMMUNITY, Registry, Run, run_cop};

fn good(id: &str, subject: &str) -> String {
    GOOD_COMMUNITY
        .replace("{id}", id)
        .replace("{subject}", subject)
}

/// A run as one text: exit code, stdout and stderr, with the temporary folder's path replaced.
fn whole(run: &Run, dir: &Path) -> String {
    let text = format!(
        "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    );
    let real = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    text.replace(&real.display().to_string(), "[REGISTRY]")
        .replace(&dir.display().to_string(), "[REGISTRY]")
}

fn check(registry: &Registry, extra: &[&str]) -> String {
    let mut args = vec!["check", "--color", "never"];
    args.extend_from_slice(extra);
    whole(&registry.cop(&args), registry.path())
}

/// A page listed in cop.yaml with the built-in handbook regions, up to date when empty.
const PAGE: &str = "# Communities\n\n<!-- cop:begin active -->\n| Subject | Members |\n| --- | --- |\n<!-- cop:end active -->\n";

/// One registry per finding kind whose message this work shaped or which the formats place.
fn finding_cases() -> Vec<(&'static str, Registry)> {
    let small = "subject: Small\nfacilitators: [\"@ann\"]\nmembers: [\"@ann\"]\nchannel: \"#cp_small\"\nmeeting:\n  cadence: monthly\n";
    vec![
        (
            "invalid-id",
            Registry::new().community("Bad_Id", &good("bad-id", "Bad")),
        ),
        (
            "readme-missing",
            Registry::new().file("communities/lone/community.yaml", &good("lone", "Lone")),
        ),
        (
            "missing-field",
            Registry::new().community("x", &good("x", "X").replace("channel: \"#cp_x\"\n", "")),
        ),
        ("min-members", Registry::new().community("small", small)),
        (
            "facilitator-not-member",
            Registry::new().community(
                "x",
                &good("x", "X").replace("facilitators: [\"@ann\"]", "facilitators: [\"@dee\"]"),
            ),
        ),
        (
            "duplicate-handle",
            Registry::new().community(
                "x",
                &format!("{}contributors: [\"@BOB\"]\n", good("x", "X")),
            ),
        ),
        (
            "invalid-handle",
            Registry::new().community(
                "x",
                &good("x", "X").replace("\"@cy\"]", "\"@cy\", \"dee\"]"),
            ),
        ),
        (
            "channel-prefix",
            Registry::new().community("x", &good("x", "X").replace("#cp_x", "#general")),
        ),
        (
            "meeting-cadence",
            Registry::new().community("x", &good("x", "X").replace("monthly", "quarterly")),
        ),
        (
            "invalid-url",
            Registry::new().community("x", &format!("{}project: gitlab.com/x\n", good("x", "X"))),
        ),
        (
            "archived-has-members",
            Registry::new().community(
                "x",
                &good("x", "X").replace("status: active", "status: archived"),
            ),
        ),
        (
            "duplicate-subject",
            Registry::new().good("a", "Rust").good("b", "rust"),
        ),
        (
            "duplicate-channel",
            Registry::new()
                .good("a", "A")
                .community("b", &good("b", "B").replace("#cp_b", "#cp_a")),
        ),
        (
            "overcommitted",
            Registry::new()
                .config("rules:\n  max_communities_per_person: 1\n")
                .good("a", "A")
                .good("b", "B"),
        ),
        (
            "marker-error",
            Registry::new()
                .config("pages: [handbook.md]\n")
                .file("handbook.md", "# C\n\n<!-- cop:begin active -->\n"),
        ),
        (
            "render-stale",
            Registry::new()
                .config("pages: [handbook.md]\n")
                .good("a", "A")
                .file("handbook.md", PAGE),
        ),
        (
            "template-error",
            Registry::new()
                .config("pages: [handbook.md]\n")
                .good("a", "A")
                .file("handbook.md", PAGE)
                .file("templates/regions/active.md", "{% for c in active %}\n"),
        ),
    ]
}

#[test]
fn each_finding_kind_reads_whole() {
    for (rule, registry) in finding_cases() {
        let text = check(&registry, &[]);
        assert!(text.contains(&format!("[{rule}]")), "{rule}: {text}");
        insta::assert_snapshot!(format!("finding_{rule}"), text);
    }
}

#[test]
fn json_carries_the_help_text_or_null() {
    let registry = Registry::new()
        .community(
            "small",
            "subject: Small\nfacilitators: [\"@ann\"]\nmembers: [\"@ann\"]\nchannel: \"#cp_small\"\nmeeting:\n  cadence: monthly\n",
        );
    let json = registry.cop(&["check", "--format", "json"]).json();
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "min-members");
    assert_eq!(
        finding["help"],
        "enlist more members, or set `status: proposed` until there are three"
    );
    let human = registry.cop(&["check", "--color", "never"]);
    human.stdout_has(&format!("= help: {}\n", finding["help"].as_str().unwrap()));
    // A finding without help text has `"help": null`, not a missing key.
    let page = Registry::new()
        .config("pages: [handbook.md]\n")
        .file("handbook.md", "# C\n\n<!-- cop:begin active -->\n");
    let json = page.cop(&["check", "--format", "json"]).json();
    for f in json["findings"].as_array().unwrap() {
        assert!(f.as_object().unwrap().contains_key("help"), "{f}");
    }
}

/// A registry outside git: `stale` is skipped with a note, in every format.
fn outside_git() -> Registry {
    Registry::new().good("a", "A")
}

fn stale_note(registry: &Registry) -> String {
    format!(
        "stale: not checked, as `{}` is not inside a git repository",
        registry.path().display()
    )
}

#[test]
fn notes_are_never_dropped() {
    let registry = outside_git();
    let note = stale_note(&registry);

    let human = registry.cop(&["check"]);
    human.code(0);
    assert_eq!(human.stderr, format!("note: {note}\n"));

    let json = registry.cop(&["check", "--format", "json"]);
    json.code(0);
    assert_eq!(json.stderr, "");
    assert_eq!(json.json()["notes"], Value::from(vec![note.clone()]));

    let github = registry.cop(&["check", "--format", "github"]);
    github.code(0);
    assert_eq!(github.stdout, format!("::notice::{note}\n"));
    assert_eq!(github.stderr, "");

    let gitlab = registry.cop(&["check", "--format", "gitlab"]);
    gitlab.code(0);
    assert_eq!(gitlab.json(), Value::Array(vec![]));
    assert_eq!(gitlab.stderr, format!("note: {note}\n"));

    let sarif = registry.cop(&["check", "--format", "sarif"]);
    sarif.code(0);
    assert_eq!(sarif.stderr, format!("note: {note}\n"));
    let notifications = &sarif.json()["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(
        notifications,
        &serde_json::json!([{ "level": "note", "message": { "text": note } }])
    );

    // --quiet silences the notes on stderr; the formats that carry them keep them.
    let quiet = registry.cop(&["check", "--format", "gitlab", "--quiet"]);
    assert_eq!(quiet.stderr, "");
    let quiet = registry.cop(&["check", "--format", "github", "--quiet"]);
    assert_eq!(quiet.stdout, format!("::notice::{note}\n"));
}

#[test]
fn github_notices_are_escaped_like_the_toolkit() {
    // A registry folder whose name holds `%` and `,`: the note names it.
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("50%,a:b");
    fs::create_dir_all(dir.join("communities")).unwrap();
    fs::write(dir.join("cop.yaml"), "").unwrap();
    let run = run_cop(&dir, &["check", "--format", "github"], &[]);
    run.code(0);
    let shown = dir.display().to_string().replace('%', "%25");
    assert_eq!(
        run.stdout,
        format!("::notice::stale: not checked, as `{shown}` is not inside a git repository\n")
    );
}

#[test]
fn folder_findings_are_placed_on_a_file_that_exists() {
    let registry = Registry::new()
        .community("Bad_Id", &good("bad-id", "Bad"))
        .file("communities/lone/community.yaml", &good("lone", "Lone"));
    let github = registry.cop(&["check", "--format", "github"]);
    let annotations: Vec<&str> = github
        .stdout
        .lines()
        .filter(|l| !l.starts_with("::notice::"))
        .collect();
    assert_eq!(
        annotations,
        [
            "::error file=communities/Bad_Id/community.yaml,line=1,col=1,title=invalid-id::`Bad_Id` is not a valid community id",
            "::error file=communities/lone/community.yaml,line=1,col=1,title=readme-missing::community `lone` has no README.md",
        ]
    );
    for (path, _) in annotations.iter().map(|a| a.split_once(',').unwrap()) {
        let file = path.trim_start_matches("::error file=");
        assert!(registry.path().join(file).is_file(), "{file}");
    }
    let sarif = registry.cop(&["check", "--format", "sarif"]).json();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        [
            "communities/Bad_Id/community.yaml",
            "communities/lone/community.yaml"
        ]
    );
    let gitlab = registry.cop(&["check", "--format", "gitlab"]).json();
    assert_eq!(
        gitlab[1]["location"]["path"],
        "communities/lone/community.yaml"
    );
    assert_eq!(gitlab[1]["location"]["lines"]["begin"], 1);
}

#[test]
fn skip_suggests_the_nearest_rule() {
    let registry = outside_git();
    insta::assert_snapshot!("skip_stael", check(&registry, &["--skip", "stael"]));
    insta::assert_snapshot!("skip_unknown", check(&registry, &["--skip", "frobnicate"]));
}

#[test]
fn strict_says_that_warnings_failed_the_run() {
    let registry = Registry::new()
        .config("rules:\n  max_communities_per_person: 1\n")
        .good("a", "A")
        .good("b", "B");
    insta::assert_snapshot!("strict_warnings", check(&registry, &["--strict"]));
    let run = registry.cop(&["check"]);
    run.code(0);
    assert!(!run.stderr.contains("--strict"), "{}", run.stderr);
    // With errors too, the errors fail the run: no line about --strict.
    let registry = registry.community(
        "small",
        "subject: Small\nfacilitators: [\"@ann\"]\nmembers: [\"@ann\"]\nchannel: \"#cp_small\"\nmeeting:\n  cadence: monthly\n",
    );
    let run = registry.cop(&["check", "--strict"]);
    run.code(1);
    assert!(!run.stderr.contains("--strict"), "{}", run.stderr);
}

#[test]
fn a_listed_page_without_regions_gets_a_note() {
    let registry = Registry::new()
        .config("pages: [handbook.md]\n")
        .good("a", "A")
        .file("handbook.md", "# Communities\n\nThe table comes here.\n");
    insta::assert_snapshot!("page_without_regions_check", check(&registry, &[]));
    let render = registry.cop(&["render", "--check"]);
    insta::assert_snapshot!(
        "page_without_regions_render",
        whole(&render, registry.path())
    );
    let json = registry.cop(&["check", "--format", "json"]).json();
    let notes = json["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n
            .as_str()
            .unwrap()
            .starts_with("page `handbook.md` is listed")),
        "{notes:?}"
    );
}

const COMMANDS: [&str; 15] = [
    "init",
    "new",
    "check",
    "render",
    "list",
    "schema",
    "completions",
    "man",
    "explain",
    "member",
    "archive",
    "activate",
    "person",
    "people",
    "health",
];

#[test]
fn every_help_reads_whole() {
    let empty = tempfile::tempdir().unwrap();
    let env = [("COLUMNS", "100")];
    let top = run_cop(empty.path(), &["--help"], &env);
    top.code(0);
    insta::assert_snapshot!("help", top.stdout);
    for command in COMMANDS {
        let long = run_cop(empty.path(), &[command, "--help"], &env);
        long.code(0);
        assert!(long.stdout.contains("Examples:\n"), "{command}");
        let own = long.stdout.find("Options:").unwrap_or(0);
        let global = long.stdout.find("Global options:").expect("global heading");
        assert!(own < global, "{command}: its own options come first");
        insta::assert_snapshot!(format!("help_{command}"), long.stdout);
    }
    let short = run_cop(empty.path(), &["new", "-h"], &env);
    insta::assert_snapshot!("help_new_short", short.stdout);
}

#[test]
fn explain_tells_what_why_fix_and_waive() {
    let empty = tempfile::tempdir().unwrap();
    let run = run_cop(empty.path(), &["explain", "min-members"], &[]);
    run.code(0);
    insta::assert_snapshot!("explain_min_members", run.stdout);
    let run = run_cop(empty.path(), &["explain"], &[]);
    run.code(0);
    insta::assert_snapshot!("explain_list", run.stdout);
    for rule in cop::finding::RuleId::ALL {
        let run = run_cop(empty.path(), &["explain", rule.as_str()], &[]);
        run.code(0);
        assert!(run.stdout.contains("## How to waive"), "{rule}");
    }
    let unknown = run_cop(empty.path(), &["explain", "stael"], &[]);
    unknown.code(2);
    insta::assert_snapshot!("explain_unknown", unknown.stderr);
}

#[test]
fn docs_rules_md_is_what_explain_prints() {
    let empty = tempfile::tempdir().unwrap();
    let run = run_cop(empty.path(), &["explain", "--all"], &[]);
    run.code(0);
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == run.stdout,
        "docs/rules.md is out of date: run `cargo run -- explain --all > docs/rules.md`"
    );
}

#[test]
fn the_man_page_covers_every_command_and_refers_to_no_other_page() {
    let empty = tempfile::tempdir().unwrap();
    let run = run_cop(empty.path(), &["man"], &[]);
    run.code(0);
    let page = &run.stdout;
    assert!(!page.contains("cop\\-"), "a reference to another page");
    for command in COMMANDS {
        let heading = format!(".SH \"COP {}\"\n", command.to_uppercase());
        assert!(page.contains(&heading), "{heading}");
    }
    assert!(
        page.contains("\\-\\-dry\\-run"),
        "cop new's options are on the page"
    );
    let dir = empty.path().join("fresh/man/man1");
    let run = run_cop(empty.path(), &["man", "--dir", dir.to_str().unwrap()], &[]);
    run.code(0);
    assert_eq!(fs::read_to_string(dir.join("cop.1")).unwrap(), *page);
}

fn new_args<'a>(subject: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["new", subject, "--facilitator", "@ann", "--member", "@bob"];
    args.extend_from_slice(&["--member", "@cy", "--no-input", "--color", "never"]);
    args.extend_from_slice(extra);
    args
}

#[test]
fn every_new_refusal_reads_whole() {
    let cases: Vec<(&str, Registry, Vec<&str>)> = vec![
        (
            "same_subject",
            Registry::new().good("go", "Go"),
            new_args("Go", &[]),
        ),
        (
            "existing_id",
            Registry::new().good("go", "Golang"),
            new_args("Go", &[]),
        ),
        (
            "duplicate_subject_other_id",
            Registry::new().good("go", "Go"),
            new_args("go", &["--id", "go-two"]),
        ),
        (
            "duplicate_channel",
            Registry::new().good("go", "Go"),
            new_args("Rust", &["--channel", "#cp_go"]),
        ),
        (
            "min_members",
            Registry::new(),
            vec![
                "new",
                "Lonely",
                "--facilitator",
                "@ann",
                "--no-input",
                "--color",
                "never",
            ],
        ),
        (
            "invalid_id",
            Registry::new(),
            new_args("Rust", &["--id", "Rust_Lang"]),
        ),
        ("empty_id", Registry::new(), new_args("!!!", &[])),
        ("device_id", Registry::new(), new_args("Con", &[])),
        ("missing_values", Registry::new(), vec!["new", "--no-input"]),
        (
            "bad_status",
            Registry::new(),
            new_args("Rust", &["--status", "dormant"]),
        ),
        (
            "bad_cadence",
            Registry::new(),
            new_args("Rust", &["--cadence", "daily"]),
        ),
        (
            "invalid_handle",
            Registry::new(),
            new_args("Rust", &["--member", "dee"]),
        ),
        (
            "marker_error",
            Registry::new()
                .config("pages: [handbook.md]\n")
                .file("handbook.md", "<!-- cop:begin active -->\n"),
            new_args("Rust", &[]),
        ),
    ];
    let staged = Registry::new().file("unrelated.txt", "x\n");
    for args in [&["init", "-q", "-b", "main"][..], &["add", "unrelated.txt"]] {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(staged.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    let template = Registry::new().file("tpl/README.md", "# {{ subject }\n");
    let template_dir = template.path().join("tpl").display().to_string();
    let mut cases = cases;
    cases.push(("staged_changes", staged, new_args("Rust", &["--commit"])));
    cases.push((
        "broken_template",
        template,
        new_args("Rust", &["--template", &template_dir]),
    ));
    for (name, registry, args) in cases {
        let before = registry.snapshot();
        let run = registry.cop(&args);
        assert!(matches!(run.code, Some(1 | 2)), "{name}: {run:?}");
        assert_eq!(registry.snapshot(), before, "{name}: nothing is written");
        insta::assert_snapshot!(format!("new_refused_{name}"), whole(&run, registry.path()));
    }
}

#[test]
fn a_duplicate_is_reported_at_the_new_community() {
    // `a` sorts before `zz`, `b` after: either way the finding is on the new community.
    for existing in ["a", "zz"] {
        let registry = Registry::new().good(existing, "Go");
        let run = registry.cop(&new_args("go", &["--id", "m"]));
        run.code(1)
            .stdout_has("--> communities/m/community.yaml:3:10")
            .stdout_has(&format!("subject `go` is also the subject of `{existing}`"));
        let run = registry.cop(&new_args(
            "Rust",
            &["--channel", &format!("#cp_{existing}")],
        ));
        run.code(1)
            .stdout_has("--> communities/rust/community.yaml:")
            .stdout_has("error[duplicate-channel]");
    }
}

#[test]
fn dry_run_is_a_unified_diff() {
    let registry = Registry::new()
        .config("pages: [handbook.md]\n")
        .file("handbook.md", PAGE);
    let before = registry.snapshot();
    let run = registry.cop(&new_args("Rust", &["--dry-run"]));
    run.code(0);
    assert_eq!(registry.snapshot(), before);
    insta::assert_snapshot!("new_dry_run", whole(&run, registry.path()));
}

#[test]
fn ci_recipes_fetch_the_whole_history_and_cache_by_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let github = fs::read_to_string(root.join("examples/ci/github-workflow.yml")).unwrap();
    assert!(github.contains("fetch-depth: 0"));
    assert!(github.contains("key: cop-${{ runner.os }}-${{ env.COP_VERSION }}"));
    assert!(github.contains("--tag \"$COP_VERSION\""));
    let gitlab = fs::read_to_string(root.join("examples/ci/gitlab-ci.yml")).unwrap();
    assert!(gitlab.contains("GIT_DEPTH: 0"));
    assert!(gitlab.contains("key: cop-$COP_VERSION"));
    assert!(gitlab.contains("--tag \"$COP_VERSION\""));
}

/// Runs `cop new` on a pseudo-terminal (util-linux `script`), typing `input`.
#[cfg(target_os = "linux")]
fn on_a_terminal(registry: &Registry, input: &str) -> (Option<i32>, String) {
    use std::io::Write as _;
    let cop = assert_cmd::cargo::cargo_bin("cop");
    let mut child = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{} new --color never", cop.display()),
            "/dev/null",
        ])
        .current_dir(registry.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs cop on a pseudo-terminal");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
    (output.status.code(), text)
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_a_bad_answer_is_asked_again_and_a_refusal_keeps_the_answers() {
    let registry = Registry::new().good("go", "Go");
    let before = registry.snapshot();
    let (code, text) = on_a_terminal(&registry, "Go\nRust\nann\n@ann\n@bob\n");
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(registry.snapshot(), before);
    assert!(
        text.contains("`Go` is already the subject of `go`\n"),
        "{text}"
    );
    assert!(
        text.contains("`ann` is not a handle; write `@` and the user name, such as `@ann`\n"),
        "{text}"
    );
    assert!(
        text.contains("an active community needs at least 3 members, and this makes 2"),
        "{text}"
    );
    assert!(text.contains("error[min-members]"), "{text}");
    assert!(
        text.ends_with("note: to run it again with these answers: cop new Rust --facilitator @ann --member @bob\n"),
        "{text}"
    );
    let (code, text) = on_a_terminal(&registry, "Rust\n@ann\n@bob @cy\n");
    assert_eq!(code, Some(0), "{text}");
    assert!(
        registry
            .path()
            .join("communities/rust/community.yaml")
            .is_file()
    );
}

#[test]
fn a_stale_finding_reads_whole() {
    let registry = Registry::new().good("a", "A");
    let date = "2026-01-05T12:00:00+00:00";
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-qm",
            "add a",
        ],
    ] {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(registry.path())
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .status()
            .unwrap();
        assert!(status.success());
    }
    let text = check(&registry, &["--today", "2026-06-01"]);
    insta::assert_snapshot!("finding_stale", text);
    let github = registry.cop(&["check", "--today", "2026-06-01", "--format", "github"]);
    github.code(0);
    assert!(
        github
            .stdout
            .starts_with("::warning file=communities/a/community.yaml,line=1,col=1,title=stale::"),
        "{}",
        github.stdout
    );
}

#[test]
fn completions_offer_the_values_of_status_cadence_and_explain() {
    let empty = tempfile::tempdir().unwrap();
    let run = run_cop(empty.path(), &["completions", "bash"], &[]);
    run.code(0)
        .stdout_has("compgen -W \"weekly biweekly monthly quarterly\"")
        .stdout_has("compgen -W \"active proposed archived\"")
        .stdout_has(" min-members facilitator-not-member ");
    let run = run_cop(
        empty.path(),
        &["new", "X", "--cadence", "daily", "--no-input"],
        &[],
    );
    run.code(2)
        .stderr_has("[possible values: weekly, biweekly, monthly, quarterly]");
}
