//! `cop check` end to end: every rule, every format, every exit code.

use crate::support::{GOOD_COMMUNITY, Registry, run_cop};

fn good(id: &str, subject: &str) -> String {
    GOOD_COMMUNITY
        .replace("{id}", id)
        .replace("{subject}", subject)
}

/// (rule, path, line) of every finding of a json run.
fn findings(registry: &Registry, extra: &[&str]) -> Vec<(String, String, u64)> {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let json = registry.cop(&args).json();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn rules_of(registry: &Registry) -> Vec<String> {
    findings(registry, &[])
        .into_iter()
        .map(|(rule, _, _)| rule)
        .collect()
}

#[test]
fn acme_is_clean() {
    let registry = Registry::example("acme");
    registry
        .cop(&["check"])
        .code(0)
        .stdout_has("ok: 12 communities checked, no findings");
}

#[test]
fn gitlab_handbook_fails_on_tkgi_min_members() {
    let registry = Registry::example("gitlab-handbook");
    let run = registry.cop(&["check", "--format", "json"]);
    run.code(1);
    let json = run.json();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json:#}");
    assert_eq!(findings[0]["rule"], "min-members");
    assert_eq!(findings[0]["severity"], "error");
    assert_eq!(
        findings[0]["community"],
        "gitlab-vmware-tkgi-pks-deployment"
    );
    assert_eq!(
        findings[0]["path"],
        "communities/gitlab-vmware-tkgi-pks-deployment/community.yaml"
    );
    assert_eq!(findings[0]["line"], 3);
    assert_eq!(findings[0]["column"], 1);
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["warnings"], 0);
    assert_eq!(json["summary"]["communities"], 4);
}

#[test]
fn human_format_shows_line_caret_and_help() {
    let registry = Registry::example("gitlab-handbook");
    let run = registry.cop(&["check", "--color", "never"]);
    run.code(1)
        .stdout_has("error[min-members]: active community has 1 member; at least 3 are required")
        .stdout_has("--> communities/gitlab-vmware-tkgi-pks-deployment/community.yaml:3:1")
        .stdout_has("3 | members: [\"@samer.akkoub\"]")
        .stdout_has("| ^^^^^^^ 1 member")
        .stdout_has("= help: enlist more members, or set `status: proposed` until there are three")
        .stdout_has("1 error, 0 warnings in 4 communities");
}

#[test]
fn every_rule_fires_end_to_end() {
    let cases: &[(&str, &str, &str)] = &[
        ("parse-error", "x", "subject: [unclosed\n"),
        ("missing-field", "x", "subject: X\nstatus: active\n"),
        (
            "min-members",
            "x",
            &good("x", "X").replace(", \"@bob\", \"@cy\"", ""),
        ),
        (
            "facilitator-not-member",
            "x",
            &good("x", "X").replace("[\"@ann\"]", "[\"@zed\"]"),
        ),
        (
            "duplicate-handle",
            "x",
            &good("x", "X").replace("\"@cy\"]", "\"@cy\", \"@Cy\"]"),
        ),
        (
            "invalid-handle",
            "x",
            &good("x", "X").replace("\"@cy\"", "\"cy\""),
        ),
        (
            "channel-prefix",
            "x",
            &good("x", "X").replace("#cp_x", "#general"),
        ),
        (
            "meeting-cadence",
            "x",
            &good("x", "X").replace("monthly", "quarterly"),
        ),
        (
            "invalid-url",
            "x",
            &format!("{}project: gitlab.com/x\n", good("x", "X")),
        ),
        (
            "archived-has-members",
            "x",
            &good("x", "X").replace("status: active", "status: archived"),
        ),
    ];
    for (rule, id, yaml) in cases {
        let registry = Registry::new().community(id, yaml);
        let mut rules = rules_of(&registry);
        rules.dedup();
        assert_eq!(rules, [rule.to_string()], "rule {rule}");
        registry.cop(&["check"]).code(1);
    }
}

#[test]
fn folder_rules_fire_end_to_end() {
    let registry = Registry::new()
        .good("ok", "Ok")
        .file("communities/Bad_Id/community.yaml", &good("bad", "Bad"));
    let found = findings(&registry, &[]);
    assert_eq!(
        found,
        [
            (
                "invalid-id".to_string(),
                "communities/Bad_Id/community.yaml".to_string(),
                1
            ),
            (
                "readme-missing".to_string(),
                "communities/Bad_Id/community.yaml".to_string(),
                1
            ),
        ]
    );
    // About a folder or a missing file: placed on the folder's community.yaml, which exists,
    // with no line to show.
    registry
        .cop(&["check", "--color", "never"])
        .code(1)
        .stdout_has("--> communities/Bad_Id/community.yaml\n");
}

#[test]
fn cross_community_rules_fire_end_to_end() {
    let registry = Registry::new()
        .good("a", "Same Subject")
        .community("b", &good("a", "same  subject"));
    assert_eq!(
        rules_of(&registry),
        ["duplicate-subject", "duplicate-channel"]
    );

    let mut registry = Registry::new();
    for n in 0..5 {
        registry = registry.good(&format!("c{n}"), &format!("S{n}"));
    }
    let run = registry.cop(&["check", "--format", "json"]);
    run.code(0);
    let json = run.json();
    assert_eq!(json["summary"]["warnings"], 3, "{json:#}");
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] == "overcommitted")
    );
    registry.cop(&["check", "--strict"]).code(1);
}

#[test]
fn broken_files_do_not_hide_other_findings() {
    let registry = Registry::new()
        .community("a-syntax", "subject: [oops\n")
        .community("b-type", "subject: X\nmembers: 3\n")
        .community(
            "c-unknown",
            &format!("{}colour: blue\n", good("c-unknown", "C")),
        )
        .community("d-duplicate", "subject: X\nsubject: Y\n")
        .community("e-empty", "")
        .community(
            "f-valid-but-small",
            &good("f", "F").replace(", \"@bob\", \"@cy\"", ""),
        );
    let found = findings(&registry, &[]);
    // A file that is YAML is read as far as it can be: its parse-errors come with the findings
    // of the rest of it (b-type has no facilitators, channel or meeting either), but never one
    // that follows from a parse-error (no `missing-field` for b-type's unreadable members).
    let expected: Vec<(String, String, u64)> = [
        ("parse-error", "a-syntax", 1),
        ("missing-field", "b-type", 1),
        ("missing-field", "b-type", 1),
        ("missing-field", "b-type", 1),
        ("parse-error", "b-type", 2),
        ("parse-error", "c-unknown", 8),
        ("missing-field", "d-duplicate", 1),
        ("missing-field", "d-duplicate", 1),
        ("missing-field", "d-duplicate", 1),
        ("missing-field", "d-duplicate", 1),
        ("duplicate-subject", "d-duplicate", 1),
        ("parse-error", "d-duplicate", 2),
        // An empty file is an active community without any of its five required fields.
        ("missing-field", "e-empty", 1),
        ("missing-field", "e-empty", 1),
        ("missing-field", "e-empty", 1),
        ("missing-field", "e-empty", 1),
        ("missing-field", "e-empty", 1),
        ("min-members", "f-valid-but-small", 4),
    ]
    .iter()
    .map(|(rule, id, line)| {
        (
            rule.to_string(),
            format!("communities/{id}/community.yaml"),
            *line,
        )
    })
    .collect();
    assert_eq!(found, expected);
    let human = registry.cop(&["check", "--color", "never"]);
    human
        .code(1)
        .stdout_has("communities/a-syntax/community.yaml:1:")
        .stdout_has("communities/b-type/community.yaml:2:10")
        .stdout_has("unknown key `colour`")
        .stdout_has("duplicate key `subject`");
}

#[test]
fn missing_community_file_is_reported() {
    let registry = Registry::new()
        .good("ok", "Ok")
        .file("communities/empty/README.md", "# empty\n");
    let found = findings(&registry, &[]);
    assert_eq!(
        found,
        [(
            "parse-error".to_string(),
            "communities/empty/community.yaml".to_string(),
            1
        )]
    );
}

#[test]
fn severity_overrides_skip_and_strict() {
    let small = good("x", "X").replace(", \"@bob\", \"@cy\"", "");
    let registry = Registry::new().community("x", &small);
    registry.cop(&["check"]).code(1);
    registry.cop(&["check", "--skip", "min-members"]).code(0);

    let registry = registry.config("severity:\n  min-members: warning\n");
    let run = registry.cop(&["check", "--format", "json"]);
    run.code(0);
    assert_eq!(run.json()["findings"][0]["severity"], "warning");
    registry.cop(&["check", "--strict"]).code(1);

    let registry = registry.config("severity:\n  min-members: off\n");
    registry
        .cop(&["check", "--strict"])
        .code(0)
        .stdout_has("no findings");

    let registry = registry.config("rules:\n  min_members: 1\n");
    registry.cop(&["check", "--strict"]).code(0);
}

#[test]
fn exit_code_2_when_cop_cannot_run() {
    let nowhere = tempfile::tempdir().unwrap();
    run_cop(nowhere.path(), &["check"], &[])
        .code(2)
        .stderr_has("no cop.yaml in")
        .stderr_has("run 'cop init' to create a registry");

    let registry = Registry::new().good("a", "A");
    registry
        .cop(&["check", "--skip", "no-such-rule"])
        .code(2)
        .stderr_has("unknown rule `no-such-rule`");
    registry.cop(&["check", "--format", "xml"]).code(2);

    let registry = registry.config("rules:\n  min_members: 3\n  bogus: 1\n");
    registry
        .cop(&["check"])
        .code(2)
        .stderr_has("cop.yaml:3:3: unknown key `bogus` in `rules`");
}

#[test]
fn registry_is_found_from_a_subfolder_and_with_dash_c() {
    let registry = Registry::new().good("a", "A");
    run_cop(&registry.path().join("communities/a"), &["check"], &[]).code(0);
    let elsewhere = tempfile::tempdir().unwrap();
    let path = registry.path().to_str().unwrap();
    run_cop(elsewhere.path(), &["check", "-C", path], &[]).code(0);
    run_cop(elsewhere.path(), &["-C", path, "check"], &[]).code(0);
}

#[test]
fn github_format_is_one_escaped_command_per_finding() {
    let registry = Registry::example("gitlab-handbook");
    let run = registry.cop(&["check", "--format", "github"]);
    run.code(1);
    assert_eq!(
        run.stdout,
        format!(
            "::error file=communities/gitlab-vmware-tkgi-pks-deployment/community.yaml,line=3,col=1,title=min-members::active community has 1 member; at least 3 are required\n\
             ::notice::stale: not checked, as `{}` is not inside a git repository\n",
            registry.path().display()
        )
    );
    let warn = Registry::new()
        .community("x", &good("x", "X").replace("monthly", "quarterly"))
        .config("severity:\n  meeting-cadence: warning\n");
    let run = warn.cop(&["check", "--format", "github"]);
    run.code(0).stdout_has(
        "::warning file=communities/x/community.yaml,line=7,col=12,title=meeting-cadence::",
    );
}

#[test]
fn gitlab_format_is_a_code_quality_report_with_stable_fingerprints() {
    let small = good("x", "X").replace(", \"@bob\", \"@cy\"", "");
    let registry = Registry::new().community("x", &small);
    let first = registry.cop(&["check", "--format", "gitlab"]);
    first.code(1);
    let report = first.json();
    let issue = &report.as_array().unwrap()[0];
    assert_eq!(issue["check_name"], "min-members");
    assert_eq!(issue["severity"], "major");
    assert_eq!(issue["location"]["path"], "communities/x/community.yaml");
    assert_eq!(issue["location"]["lines"]["begin"], 4);
    assert!(issue["description"].as_str().unwrap().contains("1 member"));

    // Unrelated lines move: the finding keeps its fingerprint.
    let moved = format!("# a comment\n\n{small}");
    let registry = registry.community("x", &moved);
    let second = registry.cop(&["check", "--format", "gitlab"]).json();
    assert_eq!(second[0]["location"]["lines"]["begin"], 6);
    assert_eq!(second[0]["fingerprint"], issue["fingerprint"]);
}

#[test]
fn sarif_format_parses_back() {
    let registry = Registry::example("gitlab-handbook");
    let run = registry.cop(&["check", "--format", "sarif"]);
    run.code(1);
    let sarif = run.json();
    assert_eq!(sarif["version"], "2.1.0");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "min-members");
    assert_eq!(result["level"], "error");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
}

#[test]
fn findings_are_ordered_by_path_line_rule() {
    let registry = Registry::new()
        .community(
            "b",
            &good("b", "B")
                .replace("#cp_b", "#bad")
                .replace("monthly", "quarterly"),
        )
        .community("a", &good("a", "A").replace("\"@cy\"", "\"cy\""));
    let found = findings(&registry, &[]);
    let order: Vec<_> = found
        .iter()
        .map(|(r, p, l)| format!("{p}:{l}:{r}"))
        .collect();
    assert_eq!(
        order,
        [
            "communities/a/community.yaml:4:invalid-handle",
            "communities/b/community.yaml:5:channel-prefix",
            "communities/b/community.yaml:7:meeting-cadence",
        ]
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_registry_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("community.yaml"), "subject: Secret\n").unwrap();
    let registry = Registry::new()
        .good("a", "A")
        .file("communities/b/README.md", "# b\n");
    std::os::unix::fs::symlink(
        outside.path().join("community.yaml"),
        registry.path().join("communities/b/community.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), registry.path().join("communities/c")).unwrap();
    let run = registry.cop(&["check", "--format", "json"]);
    run.code(1);
    let json = run.json();
    let messages: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["community"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        messages
            .iter()
            .any(|(c, m)| c == "b" && m.contains("outside the registry")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(c, m)| c == "c" && m.contains("outside the registry")),
        "{messages:?}"
    );
    assert!(!run.stdout.contains("Secret"));
}

/// (check_name, fingerprint) of every issue of a gitlab run.
fn fingerprints(run: &crate::support::Run) -> Vec<(String, String)> {
    let report = run.json();
    report
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let text = |v: &serde_json::Value| v.as_str().unwrap().to_string();
            (text(&i["check_name"]), text(&i["fingerprint"]))
        })
        .collect()
}

#[test]
fn one_line_text_under_two_keys_gives_two_fingerprints() {
    let community = "subject: X\nfacilitators:\n  - \"@Bad!\"\nmembers:\n  - \"@Bad!\"\n  - \"@bob\"\n  - \"@cy\"\nchannel: \"#cp_x\"\nmeeting:\n  cadence: monthly\n";
    let registry = Registry::new().community("x", community);
    let run = registry.cop(&["check", "--format", "gitlab"]);
    run.code(1);
    let found = fingerprints(&run);
    let invalid: Vec<&String> = found
        .iter()
        .filter(|(rule, _)| rule == "invalid-handle")
        .map(|(_, f)| f)
        .collect();
    assert_eq!(invalid.len(), 2, "{found:?}");
    assert_ne!(invalid[0], invalid[1]);
    // The same two findings in SARIF: two partial fingerprints.
    let sarif = registry.cop(&["check", "--format", "sarif"]).json();
    let prints: Vec<&serde_json::Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "invalid-handle")
        .map(|r| &r["partialFingerprints"]["copFingerprint/v1"])
        .collect();
    assert_eq!(prints.len(), 2);
    assert_ne!(prints[0], prints[1]);
}

#[test]
fn fingerprints_keep_to_their_key_when_the_message_changes() {
    // A member joins (the count in the min-members message changes) and a line moves: the
    // finding is the same one.
    let one = "subject: X\nfacilitators: [\"@ann\"]\nmembers: [\"@ann\"]\nchannel: \"#cp_x\"\nmeeting:\n  cadence: monthly\n";
    let two = format!(
        "# moved\n{}",
        one.replace("[\"@ann\"]\nchannel", "[\"@ann\", \"@bob\"]\nchannel")
    );
    let registry = Registry::new().community("x", one);
    let first = fingerprints(&registry.cop(&["check", "--format", "gitlab"]));
    let registry = registry.community("x", &two);
    let second = fingerprints(&registry.cop(&["check", "--format", "gitlab"]));
    assert_eq!(first.len(), 1);
    assert_eq!(first, second);
}

#[test]
fn each_missing_field_has_its_own_fingerprint() {
    let registry = Registry::new().community("x", "subject: X\n");
    let found = fingerprints(&registry.cop(&["check", "--format", "gitlab"]));
    let missing: std::collections::BTreeSet<&String> = found
        .iter()
        .filter(|(rule, _)| rule == "missing-field")
        .map(|(_, f)| f)
        .collect();
    assert_eq!(missing.len(), 4, "{found:?}");
}

#[test]
fn skipping_render_stale_never_hides_a_broken_template() {
    let registry = Registry::new()
        .config("pages: [handbook.md]\n")
        .good("a", "A")
        .file(
            "handbook.md",
            "# Communities\n\n<!-- cop:begin active -->\n<!-- cop:end active -->\n",
        )
        .file("templates/regions/active.md", "{% for c in active %}\n");
    let rules = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        let run = registry.cop(&all);
        run.code(1);
        run.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["rule"].as_str().unwrap(),
                    f["path"].as_str().unwrap()
                )
            })
            .collect()
    };
    let want = ["template-error templates/regions/active.md"];
    assert_eq!(rules(&[]), want);
    assert_eq!(rules(&["--skip", "render-stale"]), want);
    // `cop render` refuses the same template.
    registry.cop(&["render"]).code(1);
}
