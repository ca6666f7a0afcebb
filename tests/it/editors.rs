//! Fitting into editors, shells and CI: the JSON Schemas against the bundled examples and
//! against what cop itself accepts, completions, the man page, SARIF, the CI recipes run for
//! real, colour, `cop list`, and a reader that closes the pipe early.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{Registry, run_cop};

const COP: &str = env!("CARGO_BIN_EXE_cop");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The rule ids of SPEC §3, written out here so the test does not trust cop's own list.
const RULE_IDS: [&str; 21] = [
    "parse-error",
    "invalid-id",
    "missing-field",
    "min-members",
    "facilitator-not-member",
    "duplicate-handle",
    "invalid-handle",
    "channel-prefix",
    "meeting-cadence",
    "invalid-url",
    "readme-missing",
    "archived-has-members",
    "duplicate-subject",
    "duplicate-channel",
    "stale",
    "overcommitted",
    "marker-error",
    "render-stale",
    "template-error",
    "invalid-timezone",
    "meeting-clash",
];

/// A YAML document as JSON, as an editor's schema validator sees it: YAML 1.2, where `off`
/// and `yes` are strings. A document of only comments is null, which the schemas accept.
fn yaml_to_json(text: &str) -> Value {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    match serde_saphyr::from_str_with_options::<Value>(text, options) {
        Ok(value) => value,
        Err(e) => panic!("not YAML: {e}\n{text}"),
    }
}

/// `cop schema KIND`, run outside any registry, compiled by an independent validator.
fn validator(kind: &str) -> jsonschema::Validator {
    let empty = tempfile::tempdir().unwrap();
    let run = run_cop(empty.path(), &["schema", kind], &[]);
    run.code(0);
    let schema = run.json();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(
        jsonschema::draft7::meta::is_valid(&schema),
        "not a draft-07 schema"
    );
    jsonschema::draft7::new(&schema).expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, yaml: &str) -> Vec<String> {
    validator
        .iter_errors(&yaml_to_json(yaml))
        .map(|e| e.to_string())
        .collect()
}

/// Every file named `name` below `dir`.
fn files_named(dir: &Path, name: &str, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_named(&path, name, out);
        } else if path.file_name().is_some_and(|n| n == name) {
            out.push(path);
        }
    }
}

#[test]
fn schemas_accept_every_bundled_example() {
    for (kind, name) in [("community", "community.yaml"), ("config", "cop.yaml")] {
        let validator = validator(kind);
        let mut files = Vec::new();
        files_named(&repo().join("examples"), name, &mut files);
        assert!(!files.is_empty(), "no {name} under examples/");
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            let errors = errors(&validator, &text);
            assert!(errors.is_empty(), "{}: {errors:?}", file.display());
        }
    }
}

#[test]
fn community_schema_rejects_what_cop_rejects() {
    let validator = validator("community");
    // (file, whether cop reads it without a parse-error finding)
    let cases = [
        ("subject: A\n", true),
        ("subject: A\nstatus:\nmeeting:\n", true),
        ("subjet: A\n", false),
        ("subject: A\nstatus: retired\n", false),
        ("subject: A\nstatus: Active\n", false),
        ("subject: A\nmembers: \"@ann\"\n", false),
        ("subject: A\nmeeting:\n  cadence: daily\n", false),
        (
            "subject: A\nmeeting:\n  cadence: monthly\n  wekday: monday\n",
            false,
        ),
        ("subject: A\nmeeting:\n  weekday: Monday\n", false),
        ("subject: A\nmeeting:\n  week: 5\n", false),
        ("subject: A\nmeeting:\n  week: -1\n", true),
        ("subject: A\nmeeting:\n  week: 0\n", false),
        ("subject: A\nmeeting:\n  time: \"24:00\"\n", false),
        ("subject: A\nmeeting:\n  time: \"9:30\"\n", false),
        ("subject: A\nmeeting:\n  time: \"09:30\"\n", true),
        ("subject: A\nmeeting: monthly\n", false),
        ("subject: A\ntopics: [a, b]\n", true),
        ("subject: 123\n", false),
        ("subject: A\nmeeting:\n  week: \"2\"\n", false),
        ("subject: A\ntopics: [1, 2]\n", false),
        ("subject: A\nmeeting:\n  time: 1600\n", false),
        (
            "subject: A\nwaivers:\n  - rule: parse-error\n    reason: R\n",
            false,
        ),
        (
            "subject: A\nwaivers:\n  - rule: stale\n    reason: R\n",
            true,
        ),
        ("", true),
    ];
    let mut registry = Registry::new();
    for (i, (yaml, _)) in cases.iter().enumerate() {
        registry = registry.community(&format!("c{i:02}"), yaml);
    }
    let report = registry.cop(&["check", "--format", "json"]).json();
    for (i, (yaml, valid)) in cases.iter().enumerate() {
        let id = format!("c{i:02}");
        let parse_errors = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["community"] == id.as_str() && f["rule"] == "parse-error")
            .count();
        assert_eq!(parse_errors == 0, *valid, "cop on {yaml:?}: {report:#}");
        let errors = errors(&validator, yaml);
        assert_eq!(errors.is_empty(), *valid, "schema on {yaml:?}: {errors:?}");
    }
}

#[test]
fn community_schema_shows_the_handle_form_as_the_rule_checks_it() {
    let validator = validator("community");
    let longest = format!("@{}", "a".repeat(254));
    let too_long = format!("@{}", "a".repeat(255));
    let handles = [
        ("@ann", true),
        ("@b.o-b_2", true),
        ("@_x", true),
        (longest.as_str(), true),
        ("ann", false),
        ("@", false),
        ("@-ann", false),
        ("@.ann", false),
        ("@a b", false),
        ("@ann!", false),
        ("@ünal", false),
        (too_long.as_str(), false),
    ];
    let mut registry = Registry::new();
    for (i, (handle, _)) in handles.iter().enumerate() {
        let yaml = format!("subject: S{i}\nstatus: proposed\ncontributors: [{handle:?}]\n");
        registry = registry.community(&format!("h{i:02}"), &yaml);
    }
    let report = registry.cop(&["check", "--format", "json"]).json();
    for (i, (handle, valid)) in handles.iter().enumerate() {
        let id = format!("h{i:02}");
        let flagged = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["community"] == id.as_str() && f["rule"] == "invalid-handle");
        assert_eq!(!flagged, *valid, "cop on {handle:?}: {report:#}");
        for key in ["facilitators", "members", "contributors", "alumni"] {
            let yaml = format!("{key}: [{handle:?}]\n");
            let errors = errors(&validator, &yaml);
            assert_eq!(errors.is_empty(), *valid, "schema on {yaml:?}: {errors:?}");
        }
    }
}

#[test]
fn config_schema_rejects_what_cop_rejects() {
    let validator = validator("config");
    let cases = [
        ("", true),
        (
            "rules:\n  min_members: 2\nseverity:\n  overcommitted: off\n",
            true,
        ),
        ("rules:\n  min_member: 2\n", false),
        ("severity:\n  no-such-rule: off\n", false),
        ("severity:\n  stale: fatal\n", false),
        ("rules:\n  max_meeting_interval: yearly\n", false),
        ("page: [a.md]\n", false),
        ("rules:\n  min_members: \"3\"\n", false),
        ("rules:\n  channel_prefix: 12\n", false),
        ("# only a comment\n", true),
    ];
    for (yaml, valid) in cases {
        let code = if valid { 0 } else { 2 };
        Registry::new().config(yaml).cop(&["check"]).code(code);
        let errors = errors(&validator, yaml);
        assert_eq!(errors.is_empty(), valid, "schema on {yaml:?}: {errors:?}");
    }
}

#[test]
fn completions_for_every_shell() {
    let empty = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = run_cop(empty.path(), &["completions", shell], &[]);
        run.code(0);
        for word in ["check", "render", "list", "schema", "format"] {
            run.stdout_has(word);
        }
    }
    run_cop(empty.path(), &["completions", "tcsh"], &[])
        .code(2)
        .stderr_has("possible values");
}

#[test]
fn man_page() {
    let empty = tempfile::tempdir().unwrap();
    let run = run_cop(empty.path(), &["man"], &[]);
    run.code(0)
        .stdout_has(".TH cop 1")
        .stdout_has(".SH SYNOPSIS")
        .stdout_has("completions")
        .stdout_has("Exit codes");
}

#[test]
fn sarif_parses_back_with_rules_levels_locations_and_fingerprints() {
    let registry = Registry::new()
        .config("rules:\n  max_communities_per_person: 1\n")
        .community(
            "small",
            "subject: Small\nfacilitators: [\"@ann\"]\nmembers: [\"@ann\"]\nchannel: \"#cp_small\"\nmeeting:\n  cadence: monthly\n",
        )
        .good("one", "One")
        .good("two", "Two");
    let run = registry.cop(&["check", "--format", "sarif"]);
    run.code(1);
    let sarif = run.json();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif"));
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "cop");
    let rules: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, RULE_IDS);
    for rule in driver["rules"].as_array().unwrap() {
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning"].contains(&level), "{rule}");
        let help = rule["help"]["markdown"].as_str().unwrap();
        assert!(
            help.contains("## How to fix") && help.contains("## How to waive"),
            "{rule}"
        );
        assert_eq!(rule["help"]["text"], rule["help"]["markdown"]);
    }
    let results = runs[0]["results"].as_array().unwrap();
    let levels: Vec<(&str, &str)> = results
        .iter()
        .map(|r| (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap()))
        .collect();
    assert!(levels.contains(&("min-members", "error")), "{levels:?}");
    assert!(levels.contains(&("overcommitted", "warning")), "{levels:?}");
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(RULE_IDS[index], result["ruleId"], "ruleIndex");
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("communities/"), "{uri}");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(location["region"]["startColumn"].as_u64().unwrap() >= 1);
        let fingerprints = result["partialFingerprints"].as_object().unwrap();
        assert!(!fingerprints.is_empty());
        assert!(
            fingerprints
                .values()
                .all(|v| !v.as_str().unwrap().is_empty())
        );
    }
    let min = results
        .iter()
        .find(|r| r["ruleId"] == "min-members")
        .unwrap();
    let region = &min["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        min["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "communities/small/community.yaml"
    );
    assert_eq!(region["startLine"], 3);
    // Outside git the stale rule is skipped: the note is a notification, and on stderr.
    let notifications = runs[0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notifications.len(), 1, "{notifications:?}");
    assert_eq!(notifications[0]["level"], "note");
    let note = notifications[0]["message"]["text"].as_str().unwrap();
    assert!(note.starts_with("stale: not checked"), "{note}");
    assert_eq!(run.stderr, format!("note: {note}\n"));
}

#[test]
fn sarif_of_a_clean_registry_has_no_results() {
    let run = Registry::new()
        .good("one", "One")
        .cop(&["check", "--format", "sarif"]);
    run.code(0);
    assert_eq!(run.json()["runs"][0]["results"], Value::Array(vec![]));
}

/// The `cop ...` command lines of a recipe: every line of every string in the YAML that starts
/// with `cop `, except in labels (`name`, `description`).
fn cop_lines(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(text) => out.extend(
            text.lines()
                .map(str::trim)
                .filter(|line| line.starts_with("cop "))
                .map(str::to_owned),
        ),
        Value::Array(items) => items.iter().for_each(|v| cop_lines(v, out)),
        Value::Object(map) => map
            .iter()
            .filter(|(key, _)| !["name", "description"].contains(&key.as_str()))
            .for_each(|(_, v)| cop_lines(v, out)),
        _ => {}
    }
}

fn recipe(relative: &str) -> Value {
    yaml_to_json(&fs::read_to_string(repo().join(relative)).unwrap())
}

/// Runs one shell line in `dir` with the built cop first on PATH; `env` adds variables.
fn shell(dir: &Path, line: &str, env: &[(&str, &Path)]) -> (Option<i32>, String) {
    let bin = Path::new(COP).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut command = Command::new("bash");
    command
        .args(["-c", line])
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("bash");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{line}: {stderr}");
    (output.status.code(), stderr)
}

/// A recipe's command line, and its exit codes on (gitlab-handbook, acme).
type Expected = (&'static str, (i32, i32));

#[test]
fn ci_recipes_parse_and_their_commands_run() {
    // Each recipe's cop lines with the exit code expected on (gitlab-handbook, acme); the
    // examples' pages are rendered, so `cop render` and `--check` succeed on both.
    let expected: BTreeMap<&str, Vec<Expected>> = BTreeMap::from([
        (
            "examples/ci/gitlab-ci.yml",
            vec![
                (
                    "cop check --format gitlab > gl-code-quality-report.json",
                    (1, 0),
                ),
                ("cop render --check", (0, 0)),
                ("cop calendar -o public/communities.ics", (0, 0)),
            ],
        ),
        (
            "examples/ci/github-workflow.yml",
            vec![
                // Jobs in name order: `calendar`, then `check`.
                ("cop calendar -o site/communities.ics", (0, 0)),
                ("cop check --format github", (1, 0)),
                ("cop render --check", (0, 0)),
                ("cop check --color never || true", (0, 0)),
            ],
        ),
        (
            ".pre-commit-hooks.yaml",
            vec![("cop check", (1, 0)), ("cop render", (0, 0))],
        ),
    ]);
    for (file, commands) in &expected {
        let mut lines = Vec::new();
        cop_lines(&recipe(file), &mut lines);
        let listed: Vec<&str> = commands.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, listed, "the cop lines of {file}");
        for (line, codes) in commands {
            for (example, index) in [("gitlab-handbook", 0), ("acme", 1)] {
                let registry = Registry::example(example);
                let (code, stderr) = shell(registry.path(), line, &[]);
                let want = if index == 0 { codes.0 } else { codes.1 };
                assert_eq!(code, Some(want), "{file}: `{line}` on {example}: {stderr}");
            }
        }
    }
}

#[test]
fn gitlab_recipe_uploads_the_code_quality_report_it_writes() {
    let job = &recipe("examples/ci/gitlab-ci.yml")["cop"];
    let report = job["artifacts"]["reports"]["codequality"].as_str().unwrap();
    assert_eq!(report, "gl-code-quality-report.json");
    assert_eq!(job["artifacts"]["when"], "always", "upload on failure too");
    let registry = Registry::example("gitlab-handbook");
    let script = job["script"].as_array().unwrap()[0].as_str().unwrap();
    assert_eq!(shell(registry.path(), script, &[]).0, Some(1));
    let issues: Value = serde_json::from_str(&registry.read(report)).unwrap();
    assert_eq!(issues[0]["check_name"], "min-members");
}

#[test]
fn calendar_recipes_publish_the_file_they_write() {
    let job = &recipe("examples/ci/gitlab-ci.yml")["pages"];
    assert_eq!(job["artifacts"]["paths"][0], "public");
    let registry = Registry::example("acme");
    let script = job["script"].as_array().unwrap()[0].as_str().unwrap();
    assert_eq!(shell(registry.path(), script, &[]).0, Some(0));
    assert!(
        registry
            .read("public/communities.ics")
            .starts_with("BEGIN:VCALENDAR\r\n")
    );
    let workflow = recipe("examples/ci/github-workflow.yml");
    let steps = workflow["jobs"]["calendar"]["steps"].as_array().unwrap();
    let write = steps
        .iter()
        .find_map(|s| s["run"].as_str().filter(|r| r.starts_with("cop calendar")))
        .unwrap();
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
        })
        .unwrap();
    let folder = upload["with"]["path"].as_str().unwrap();
    assert_eq!(write, format!("cop calendar -o {folder}/communities.ics"));
}

#[test]
fn github_recipe_writes_a_step_summary() {
    let workflow = recipe("examples/ci/github-workflow.yml");
    let steps = workflow["jobs"]["check"]["steps"].as_array().unwrap();
    let summary = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("GITHUB_STEP_SUMMARY"))
        })
        .expect("a step writing the summary");
    assert_eq!(summary["if"], "always()");
    let registry = Registry::example("gitlab-handbook");
    let file = registry.path().join("summary.md");
    let script = summary["run"].as_str().unwrap();
    let (code, stderr) = shell(registry.path(), script, &[("GITHUB_STEP_SUMMARY", &file)]);
    assert_eq!(code, Some(0), "{stderr}");
    let text = fs::read_to_string(&file).unwrap();
    assert!(text.contains("error[min-members]"), "{text}");
    assert!(!text.contains('\u{1b}'), "colour in the summary: {text}");
    let annotations = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .any(|r| r.contains("cop check --format github"));
    assert!(annotations);
}

#[test]
fn pre_commit_hooks_offer_check_and_render() {
    let hooks = recipe(".pre-commit-hooks.yaml");
    let ids: Vec<&str> = hooks
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["cop-check", "cop-render"]);
    for hook in hooks.as_array().unwrap() {
        assert_eq!(hook["language"], "rust");
        assert_eq!(hook["pass_filenames"], false);
        assert!(hook["entry"].as_str().unwrap().starts_with("cop "));
    }
}

const ESC: &str = "\u{1b}[";

/// Flags, environment, and whether the output is coloured.
type ColourCase = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
    bool,
);

#[test]
fn colour_follows_flag_then_environment() {
    let registry = Registry::example("gitlab-handbook");
    let cases: [ColourCase; 7] = [
        (&[], &[], false), // not a terminal
        (&["--color", "always"], &[], true),
        (&[], &[("CLICOLOR_FORCE", "1")], true),
        (&[], &[("NO_COLOR", "1")], false),
        (&["--color", "never"], &[], false),
        (&["--color", "always"], &[("NO_COLOR", "1")], true),
        (&["--color", "never"], &[("CLICOLOR_FORCE", "1")], false),
    ];
    for (command, with_header) in [(&["check"][..], false), (&["list"][..], true)] {
        for (flags, env, coloured) in cases {
            let args: Vec<&str> = command.iter().chain(flags).copied().collect();
            let run = run_cop(registry.path(), &args, env);
            assert_eq!(
                run.stdout.contains(ESC),
                coloured,
                "{args:?} {env:?}: {}",
                run.stdout
            );
            if with_header {
                run.stdout_has("ID");
            }
        }
    }
}

#[test]
fn list_table_and_json() {
    let registry = Registry::example("gitlab-handbook");
    let run = registry.cop(&["list"]);
    run.code(0)
        .stdout_has("ID")
        .stdout_has("SUBJECT")
        .stdout_has("MEMBERS")
        .stdout_has("CHANNEL");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", run.stdout);
    let iac = lines
        .iter()
        .find(|l| l.starts_with("infrastructure-as-code"))
        .unwrap();
    let cells: Vec<&str> = iac.split("  ").filter(|c| !c.is_empty()).collect();
    let cells: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
    assert_eq!(
        cells,
        [
            "infrastructure-as-code",
            "active",
            "Infrastructure As Code",
            "3",
            "#cp_infrastructure-as-code"
        ]
    );

    let json = registry.cop(&["list", "--format", "json"]).json();
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), 4);
    let tkgi = items
        .iter()
        .find(|i| i["id"] == "gitlab-vmware-tkgi-pks-deployment")
        .unwrap();
    assert_eq!(tkgi["status"], "active");
    assert_eq!(tkgi["members"], 1);
    assert_eq!(tkgi["subject"], "Gitlab/VMware TKGI (PKS) deployment");

    let proposed = registry.cop(&["list", "--status", "proposed", "--format", "json"]);
    let ids: Vec<Value> = proposed
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].clone())
        .collect();
    assert_eq!(ids, ["cloud-native-deployments", "open-shift"]);
}

#[test]
fn list_rejects_an_unknown_status_with_the_choices() {
    Registry::example("gitlab-handbook")
        .cop(&["list", "--status", "retired"])
        .code(2)
        .stderr_has("retired")
        .stderr_has("active, proposed, archived");
    // Completions offer the same choices.
    let empty = tempfile::tempdir().unwrap();
    run_cop(empty.path(), &["completions", "bash"], &[]).stdout_has("active proposed archived");
}

#[test]
fn list_shows_unreadable_communities() {
    let registry = Registry::new()
        .good("fine", "Fine")
        .community("broken", "subject: [unclosed\n")
        .community("unknown-key", "subjet: Typo\n");
    let run = registry.cop(&["list"]);
    run.code(0)
        .stderr_has("could not be read")
        .stderr_has("cop check");
    let broken = run
        .stdout
        .lines()
        .find(|l| l.starts_with("broken"))
        .unwrap();
    assert!(broken.contains("unreadable"), "{broken}");
    // An unknown key is a finding, not an unreadable file: the rest of the file is listed.
    let typo = run
        .stdout
        .lines()
        .find(|l| l.starts_with("unknown-key"))
        .unwrap();
    assert!(typo.contains("active"), "{typo}");

    let json = registry.cop(&["list", "--format", "json"]).json();
    assert_eq!(json[0]["id"], "broken");
    assert_eq!(json[0]["status"], "unreadable");
    assert_eq!(json[0]["subject"], Value::Null);
    let active = registry.cop(&["list", "--status", "active", "--format", "json"]);
    assert_eq!(active.json().as_array().unwrap().len(), 2);
}

#[test]
fn list_cannot_be_driven_by_escape_sequences_in_a_subject() {
    let registry = Registry::new().community("evil", "subject: \"A\\e[2JB\\nC\"\n");
    let run = registry.cop(&["list", "--color", "never"]);
    run.code(0).stdout_has("A [2JB C");
    assert!(!run.stdout.contains('\u{1b}'));
}

#[test]
fn schema_and_completions_need_no_registry() {
    let empty = tempfile::tempdir().unwrap();
    run_cop(empty.path(), &["schema"], &[])
        .code(0)
        .stdout_has("community.yaml");
    run_cop(empty.path(), &["schema", "config"], &[])
        .code(0)
        .stdout_has("cop.yaml");
    run_cop(empty.path(), &["list"], &[])
        .code(2)
        .stderr_has("no cop.yaml");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // More output than a pipe holds (64 KiB), so cop must meet the closed pipe.
    let registry = Registry::new();
    for i in 0..1500 {
        registry.write(
            &format!("communities/c{i:04}/community.yaml"),
            format!("subject: Community number {i} with a subject long enough\n").as_bytes(),
        );
    }
    let commands = [
        "cop list",
        "cop list --format json",
        "cop check --format json",
        "cop check --color always",
        "cop schema community",
        "cop completions bash",
        "cop man",
        "cop --help",
    ];
    for command in commands {
        let line = format!("set -o pipefail; {command} | head -c 0; exit ${{PIPESTATUS[0]}}");
        let (code, stderr) = shell(registry.path(), &line, &[]);
        let want = if command.starts_with("cop check") {
            1
        } else {
            0
        };
        assert_eq!(code, Some(want), "`{command}`: {stderr}");
        // Notes (the stale rule is skipped outside git) are not errors about the pipe.
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.starts_with("note: "))
            .collect();
        assert!(errors.is_empty(), "`{command}`: {stderr}");
    }
    // A closed stderr is no reason to panic (exit 101) either: the exit code still tells.
    let empty = tempfile::tempdir().unwrap();
    let (code, _) = shell(empty.path(), "cop list 2>&-", &[]);
    assert_eq!(code, Some(2));
}

/// What an editor with the schema says of a file: it is YAML (as an editor's YAML 1.2 parser
/// reads it, duplicate keys refused) and the schema accepts it. An empty file is YAML's null.
fn editor_accepts(validator: &jsonschema::Validator, bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    match serde_saphyr::from_str_with_options::<Value>(text, options) {
        Ok(value) => validator.is_valid(&value),
        Err(_) => false,
    }
}

/// Every file of a kind: the hostile corpus's and the bundled examples'.
fn corpus_and_examples(hostile: &str, name: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(repo().join("tests/hostile").join(hostile))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files_named(&repo().join("examples"), name, &mut files);
    files.sort();
    files
}

fn short_name(file: &Path) -> String {
    file.strip_prefix(repo())
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn cop_and_the_schemas_give_one_verdict_on_every_hostile_and_example_file() {
    let mut disagree = Vec::new();

    // community.yaml: all in one registry, cop's verdict is whether it reports a parse-error.
    let community = validator("community");
    let files = corpus_and_examples("community", "community.yaml");
    let mut registry = Registry::new();
    for (i, file) in files.iter().enumerate() {
        let id = format!("c{i:03}");
        registry.write(
            &format!("communities/{id}/community.yaml"),
            &fs::read(file).unwrap(),
        );
        registry = registry.file(&format!("communities/{id}/README.md"), "# x\n");
    }
    let report = registry.cop(&["check", "--format", "json"]).json();
    for (i, file) in files.iter().enumerate() {
        let id = format!("c{i:03}");
        let cop_ok = !report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["community"] == id.as_str() && f["rule"] == "parse-error");
        let schema_ok = editor_accepts(&community, &fs::read(file).unwrap());
        if schema_ok != cop_ok {
            disagree.push(format!(
                "{}: schema {schema_ok}, cop {cop_ok}",
                short_name(file)
            ));
        }
    }
    assert!(files.len() >= 60, "only {} community files", files.len());

    // cop.yaml: cop's verdict is whether it runs (exit 2 is a cop.yaml it refuses).
    let config = validator("config");
    let files = corpus_and_examples("config", "cop.yaml");
    for file in &files {
        let bytes = fs::read(file).unwrap();
        let registry = Registry::new().good("ok", "Fine");
        registry.write("cop.yaml", &bytes);
        // The pages an example lists exist in that example; here they are made empty.
        if let Ok(settings) = cop::registry::parse_config(&String::from_utf8_lossy(&bytes)) {
            for page in settings
                .pages
                .iter()
                .filter(|p| cop::bounds::stays_inside(p))
            {
                registry.write(page, b"");
            }
        }
        let run = registry.cop(&["check"]);
        let cop_ok = run.code != Some(2);
        let schema_ok = editor_accepts(&config, &bytes);
        if schema_ok != cop_ok {
            disagree.push(format!(
                "{}: schema {schema_ok}, cop {cop_ok}",
                short_name(file)
            ));
        }
    }

    // Where one is stricter on purpose: the schema shows a handle's form as you type (cop reads
    // any text and reports `invalid-handle`); cop refuses paths that leave the registry, which
    // a schema cannot see.
    let expected = [
        "tests/hostile/community/handle-html.yaml: schema false, cop true",
        "tests/hostile/community/handle-with-newline.yaml: schema false, cop true",
        "tests/hostile/config/communities-escape.yaml: schema true, cop false",
        "tests/hostile/config/pages-absolute.yaml: schema true, cop false",
        "tests/hostile/config/pages-escape.yaml: schema true, cop false",
        "tests/hostile/config/templates-escape.yaml: schema true, cop false",
    ];
    assert_eq!(disagree, expected);
}
