//! `cop render` end to end: writing, idempotence, --check, --diff, marker errors that write
//! nothing, template overrides and errors, and the rules cop check draws from it.

use crate::support::Registry;

const PAGE: &str = "# CoPs\n\n<!-- cop:begin active -->\n<!-- cop:end active -->\n\n<!-- cop:begin suggested -->\n<!-- cop:end suggested -->\n";

fn registry() -> Registry {
    Registry::new()
        .config("pages: [handbook/cop.md]\n")
        .file("handbook/cop.md", PAGE)
        .good("iac", "Infrastructure As Code")
        .community("open-shift", "subject: Open Shift\nstatus: proposed\n")
}

#[test]
fn renders_then_changes_nothing() {
    let registry = registry();
    registry
        .cop(&["render"])
        .code(0)
        .stdout_has("wrote handbook/cop.md");
    let page = registry.read("handbook/cop.md");
    assert!(
        page.contains("| Infrastructure As Code | @ann @bob @cy |\n<!-- cop:end active -->"),
        "{page}"
    );
    assert!(
        page.contains("<!-- cop:begin suggested -->\n* Open Shift\n<!-- cop:end suggested -->"),
        "{page}"
    );

    let before = registry.snapshot();
    let modified = std::fs::metadata(registry.path().join("handbook/cop.md"))
        .unwrap()
        .modified()
        .unwrap();
    registry
        .cop(&["render"])
        .code(0)
        .stdout_has("0 written")
        .stdout_lacks("wrote");
    assert_eq!(registry.snapshot(), before);
    let again = std::fs::metadata(registry.path().join("handbook/cop.md"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(modified, again, "an unchanged page is not rewritten");
    registry
        .cop(&["render", "--check"])
        .code(0)
        .stdout_has("up to date");
    registry.cop(&["check"]).code(0);
}

#[test]
fn check_mode_writes_nothing_and_lists_stale_regions() {
    let registry = registry();
    let before = registry.snapshot();
    registry
        .cop(&["render", "--check"])
        .code(1)
        .stdout_has("handbook/cop.md:3: region `active` is stale")
        .stdout_has("handbook/cop.md:6: region `suggested` is stale");
    assert_eq!(registry.snapshot(), before);

    let diff = registry.cop(&["render", "--check", "--diff"]);
    diff.code(1)
        .stdout_has("--- a/handbook/cop.md")
        .stdout_has("+++ b/handbook/cop.md")
        .stdout_has("+| Infrastructure As Code | @ann @bob @cy |")
        .stdout_has("+* Open Shift");
    assert_eq!(registry.snapshot(), before);
}

#[test]
fn cop_check_reports_stale_regions_and_marker_errors() {
    let registry = registry();
    let run = registry.cop(&["check", "--format", "json"]);
    run.code(1);
    let json = run.json();
    let found: Vec<(String, String, u64)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["path"].as_str().unwrap().into(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("render-stale".to_string(), "handbook/cop.md".to_string(), 3),
            ("render-stale".to_string(), "handbook/cop.md".to_string(), 6),
        ]
    );
    registry.cop(&["check", "--skip", "render-stale"]).code(0);

    let broken = registry.file("handbook/cop.md", "<!-- cop:begin active -->\n");
    let run = broken.cop(&["check", "--format", "json"]);
    run.code(1);
    assert_eq!(run.json()["findings"][0]["rule"], "marker-error");
    assert_eq!(run.json()["findings"][0]["line"], 1);
}

#[test]
fn marker_errors_write_nothing() {
    let cases = [
        (
            "unmatched begin",
            "<!-- cop:begin active -->\n",
            1,
            "never closed",
        ),
        (
            "unmatched end",
            "x\n<!-- cop:end active -->\n",
            2,
            "has no `cop:begin active`",
        ),
        (
            "duplicated",
            "<!-- cop:begin active -->\n<!-- cop:end active -->\n<!-- cop:begin active -->\n<!-- cop:end active -->\n",
            3,
            "twice",
        ),
        (
            "nested",
            "<!-- cop:begin active -->\n<!-- cop:begin suggested -->\n<!-- cop:end suggested -->\n<!-- cop:end active -->\n",
            2,
            "cannot nest",
        ),
        (
            "reversed",
            "<!-- cop:end active -->\n<!-- cop:begin active -->\n",
            1,
            "has no `cop:begin active`",
        ),
        (
            "unknown",
            "<!-- cop:begin members -->\n<!-- cop:end members -->\n",
            1,
            "unknown region `members`",
        ),
        (
            "readme region in a page",
            "<!-- cop:begin about -->\n<!-- cop:end about -->\n",
            1,
            "unknown region `about`",
        ),
        ("malformed", "<!-- cop:begin -->\n", 1, "malformed marker"),
    ];
    for (name, page, line, message) in cases {
        // A second, healthy page proves that one bad page blocks every write.
        let registry = registry()
            .config("pages: [handbook/cop.md, handbook/other.md]\n")
            .file("handbook/cop.md", page)
            .file("handbook/other.md", PAGE);
        let before = registry.snapshot();
        let run = registry.cop(&["render", "--color", "never"]);
        run.code(1)
            .stdout_has(&format!("handbook/cop.md:{line}:"))
            .stdout_has(message);
        assert_eq!(registry.snapshot(), before, "{name}: nothing written");
    }
}

#[test]
fn markers_in_fenced_code_are_text() {
    let page = "```md\n<!-- cop:begin active -->\n```\n~~~~\n<!-- cop:end bogus -->\n~~~~\n<!-- cop:begin active -->\n<!-- cop:end active -->\n";
    let registry = registry().file("handbook/cop.md", page);
    registry.cop(&["render"]).code(0);
    let out = registry.read("handbook/cop.md");
    assert!(
        out.starts_with(
            "```md\n<!-- cop:begin active -->\n```\n~~~~\n<!-- cop:end bogus -->\n~~~~\n"
        ),
        "{out}"
    );
    assert!(out.contains("| Infrastructure As Code |"));
}

#[test]
fn a_broken_community_blocks_every_write() {
    let registry = registry().community("broken", "subject: [oops\n");
    let before = registry.snapshot();
    registry
        .cop(&["render", "--color", "never"])
        .code(1)
        .stdout_has("communities/broken/community.yaml:1:");
    assert_eq!(registry.snapshot(), before);
}

#[test]
fn rule_findings_do_not_block_render() {
    let registry = registry().community(
        "solo",
        "subject: Solo\nfacilitators: [\"@s\"]\nmembers: [\"@s\"]\n",
    );
    registry.cop(&["render"]).code(0);
    assert!(registry.read("handbook/cop.md").contains("| Solo | @s |"));
}

#[test]
fn registry_templates_override_and_add_regions() {
    let registry = registry()
        .file(
            "templates/regions/suggested.md",
            "{% for c in suggested %}- {{ c.subject }} (proposed)\n{% endfor %}",
        )
        .file(
            "templates/regions/count.md",
            "{{ active | length }} active communities\n",
        )
        .file(
            "handbook/cop.md",
            &format!("{PAGE}<!-- cop:begin count -->\n<!-- cop:end count -->\n"),
        );
    registry.cop(&["render"]).code(0);
    let page = registry.read("handbook/cop.md");
    assert!(page.contains("- Open Shift (proposed)\n"), "{page}");
    assert!(
        page.contains("<!-- cop:begin count -->\n1 active communities\n<!-- cop:end count -->"),
        "{page}"
    );
}

#[test]
fn a_loop_over_a_community_goes_over_its_fields_in_one_order_every_run() {
    // The fields a page's templates name (the built-in ones name `subject` and `members`), in
    // the order of the reference, not in a hash map's order of the run.
    let page = "<!-- cop:begin fields -->\n<!-- cop:end fields -->\n";
    let registry = registry()
        .file(
            "templates/regions/fields.md",
            "{% for c in active %}{% for key, value in c %}{{ key }}: {{ value }}; {% endfor %}{{ c }}\n{% endfor %}",
        )
        .file("handbook/cop.md", page);
    registry.cop(&["render"]).code(0);
    let want = "<!-- cop:begin fields -->\n\
        subject: Infrastructure As Code; members: [\"@ann\", \"@bob\", \"@cy\"]; \
        {\"subject\": \"Infrastructure As Code\", \"members\": [\"@ann\", \"@bob\", \"@cy\"]}\n\
        <!-- cop:end fields -->\n";
    assert_eq!(registry.read("handbook/cop.md"), want);
    for _ in 0..3 {
        registry.cop(&["render", "--check"]).code(0);
    }
}

#[test]
fn template_errors_name_file_line_and_column() {
    let registry = registry().file(
        "templates/regions/active.md",
        "| Subject |\n{% for c in active %}\n{{ c.subject \n",
    );
    let before = registry.snapshot();
    registry
        .cop(&["render", "--color", "never"])
        .code(1)
        .stdout_has("templates/regions/active.md:3:")
        .stdout_has("template error");
    assert_eq!(registry.snapshot(), before);

    let registry = registry.file("templates/regions/active.md", "{{ c.nothing.here }}\n");
    registry
        .cop(&["render", "--color", "never"])
        .code(1)
        .stdout_has("templates/regions/active.md:1:");
}

#[test]
fn templates_cannot_read_the_environment_or_files() {
    let registry = registry().file(
        "templates/regions/active.md",
        "{{ get_env(name=\"HOME\") }}\n",
    );
    registry
        .cop(&["render", "--color", "never"])
        .code(1)
        .stdout_has("template error");
    let registry = registry.file(
        "templates/regions/active.md",
        "{% include \"/etc/passwd\" %}\n",
    );
    let run = registry.cop(&["render", "--color", "never"]);
    run.code(1);
    assert!(!run.stdout.contains("root:"));
}

#[test]
fn readme_about_region_is_rendered() {
    let registry = registry().file(
        "communities/iac/README.md",
        "# IaC\r\n\r\n<!-- cop:begin about -->\r\n<!-- cop:end about -->\r\n",
    );
    registry
        .cop(&["render"])
        .code(0)
        .stdout_has("wrote communities/iac/README.md");
    let readme = registry.read("communities/iac/README.md");
    assert!(
        readme.contains("| Members | @ann @bob @cy |\r\n"),
        "{readme:?}"
    );
    assert!(readme.contains("| Channel | #cp_iac |\r\n"), "{readme:?}");
    assert!(
        !readme.replace("\r\n", "").contains('\n'),
        "CRLF kept: {readme:?}"
    );
}

#[test]
fn missing_page_is_exit_2() {
    let registry = registry().config("pages: [handbook/nope.md]\n");
    registry
        .cop(&["render"])
        .code(2)
        .stderr_has("cannot read page `handbook/nope.md` listed in cop.yaml");
}

#[test]
fn bundled_examples_are_rendered() {
    for example in ["acme", "gitlab-handbook"] {
        Registry::example(example)
            .cop(&["render", "--check"])
            .code(0);
    }
}

#[cfg(unix)]
#[test]
fn a_batch_larger_than_the_open_file_limit_is_written() {
    // 300 READMEs to write under a limit of 64 open files: a batch holds no descriptor per
    // file between writing it and renaming it into place.
    let mut registry = Registry::new();
    for i in 0..300 {
        registry = registry.good(&format!("c{i:03}"), &format!("Community {i:03}"));
        registry.write(
            &format!("communities/c{i:03}/README.md"),
            b"# C\n\n<!-- cop:begin about -->\n<!-- cop:end about -->\n",
        );
    }
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 64 && exec {} render -q",
            env!("CARGO_BIN_EXE_cop")
        ))
        .current_dir(registry.path())
        .output()
        .unwrap();
    assert_eq!(
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).as_ref()
        ),
        (Some(0), "")
    );
    let readme = registry.read("communities/c299/README.md");
    assert!(readme.contains("| Members | @ann @bob @cy |"), "{readme}");
    registry.cop(&["render", "--check", "-q"]).code(0);
}
