//! `cop import` end to end: GitLab's page as it stands adopted in one command, then checked and
//! rendered; every variant of SPEC §10 (header names, extra columns, links, escapes, CRLF and
//! a byte-order mark, fenced tables, the archived list) and every refusal, which writes nothing.

use std::fs;
use std::path::Path;

use crate::support::{Registry, Run, git};

const PAGE: &str = "handbook/communities-of-practice.md";

/// GitLab's page as it stands (the seed), as shipped in the example.
fn gitlab_page() -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/gitlab-handbook-import")
            .join(PAGE),
    )
    .unwrap()
}

/// stdout and stderr of a run, with the temporary folder's path replaced.
fn output(registry: &Registry, run: &Run) -> String {
    let root = registry.path().to_string_lossy().into_owned();
    format!(
        "--- exit {:?}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    )
    .replace(&root, "[registry]")
}

/// A registry with one page to import.
fn with_page(text: &str) -> Registry {
    Registry::new().file(PAGE, text)
}

fn import(registry: &Registry, extra: &[&str]) -> Run {
    let mut args = vec!["import", PAGE];
    args.extend_from_slice(extra);
    registry.cop(&args)
}

fn yaml(registry: &Registry, id: &str) -> String {
    registry.read(&format!("communities/{id}/community.yaml"))
}

#[test]
fn gitlab_page_in_one_command_then_check_and_render() {
    let registry = Registry::example("gitlab-handbook-import");
    let config_before = registry.read("cop.yaml");
    let run = import(&registry, &[]);
    run.code(0);
    insta::assert_snapshot!("gitlab_import", output(&registry, &run));

    let mut ids: Vec<String> = fs::read_dir(registry.path().join("communities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    assert_eq!(
        ids,
        [
            "cloud-native-deployments",
            "gitlab-vmware-tkgi-pks-deployment",
            "infrastructure-as-code",
            "open-shift"
        ]
    );
    insta::assert_snapshot!("gitlab_iac_yaml", yaml(&registry, "infrastructure-as-code"));
    insta::assert_snapshot!("gitlab_open_shift_yaml", yaml(&registry, "open-shift"));

    // Every byte outside the regions is the page's own.
    let before = gitlab_page();
    let table = "| Subject                             | Members                                                                                                                                                                   |
|-------------------------------------|---------------------------------------------------------------------------------------------------------------------------------------------------------------------------|
| Infrastructure As Code              | @DarwinJS @jsandlin @jrandazzo                                                                                                                                            |
| Gitlab/VMware TKGI (PKS) deployment | @samer.akkoub                                                                                                                                                             |
";
    let list = "* Cloud-Native Deployments\n* Open Shift\n";
    let active = "<!-- cop:begin active -->
| Subject | Members |
| --- | --- |
| Gitlab/VMware TKGI (PKS) deployment | @samer.akkoub |
| Infrastructure As Code | @DarwinJS @jsandlin @jrandazzo |
<!-- cop:end active -->
";
    let suggested = "<!-- cop:begin suggested -->\n* Cloud-Native Deployments\n* Open Shift\n<!-- cop:end suggested -->\n";
    assert_eq!(before.matches(table).count(), 1);
    assert_eq!(before.matches(list).count(), 1);
    assert_eq!(
        registry.read(PAGE),
        before.replace(table, active).replace(list, suggested)
    );
    // cop.yaml: the page added, the comments kept.
    assert_eq!(
        registry.read("cop.yaml"),
        config_before.replace(
            "rules:\n",
            "pages: [\"handbook/communities-of-practice.md\"]\nrules:\n"
        )
    );

    registry
        .cop(&["render", "--check"])
        .code(0)
        .stdout_has("ok: 5 pages up to date");
    let check = registry.cop(&["check"]);
    check.code(1);
    insta::assert_snapshot!("gitlab_check", output(&registry, &check));
    // What import printed is what check reports.
    assert!(
        run.stdout == check.stdout,
        "{}\n{}",
        run.stdout,
        check.stdout
    );
}

#[test]
fn gitlab_page_with_first_members_as_facilitators() {
    let registry = Registry::example("gitlab-handbook-import");
    let run = import(&registry, &["--facilitators", "first"]);
    run.code(0);
    registry.cop(&["render", "--check"]).code(0);
    let check = registry.cop(&["check", "--format", "json"]);
    check.code(1);
    let json = check.json();
    let findings: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["community"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [(
            "min-members".to_string(),
            "gitlab-vmware-tkgi-pks-deployment".to_string()
        )]
    );
    assert!(yaml(&registry, "infrastructure-as-code").contains("facilitators: [\"@DarwinJS\"]\n"));
    insta::assert_snapshot!(
        "gitlab_first_check",
        output(&registry, &registry.cop(&["check"]))
    );
}

#[test]
fn header_names_are_subject_community_name_or_topic() {
    for header in ["Subject", "community", "NAME", "Topic"] {
        let registry = with_page(&format!(
            "| {header} | Members |\n|---|---|\n| Go | @a @b @c |\n"
        ));
        import(&registry, &[]).code(0);
        assert!(
            yaml(&registry, "go").contains("subject: \"Go\"\n"),
            "{header}"
        );
    }
}

#[test]
fn other_columns_are_left_out_with_a_note() {
    let registry = with_page(
        "| Channel | Subject | Lead | Members |\n|---|---|---|---|\n| #go | Go | @a | @a @b @c |\n",
    );
    let run = import(&registry, &[]);
    run.code(0).stderr_has(
        "note: handbook/communities-of-practice.md:1: columns `Channel`, `Lead` of the table were left out; cop import reads the subject and the members\n",
    );
    let text = yaml(&registry, "go");
    assert!(
        text.contains("members: [\"@a\", \"@b\", \"@c\"]\n"),
        "{text}"
    );
    assert!(text.contains("channel: \"#cp_go\"\n"), "{text}");
}

#[test]
fn a_link_in_a_subject_gives_the_project_and_members_are_each_handle_once() {
    let registry = with_page(
        "| Subject | Members |\n|---|---|\n| [Infra As Code](https://gitlab.com/cop/iac) | @Ann, [@bob](https://gitlab.com/bob) and @ann (lead); mail me@example.com, @cy. |\n",
    );
    import(&registry, &[]).code(0);
    let text = yaml(&registry, "infra-as-code");
    assert!(text.contains("subject: \"Infra As Code\"\n"), "{text}");
    assert!(
        text.contains("project: \"https://gitlab.com/cop/iac\"\n"),
        "{text}"
    );
    assert!(
        text.contains("members: [\"@Ann\", \"@bob\", \"@cy\"]\n"),
        "{text}"
    );
    registry.cop(&["render", "--check"]).code(0);
}

#[test]
fn escapes_and_entities_read_as_a_renderer_shows_them() {
    let registry = with_page(
        "| Subject | Members |\n|---|---|\n| R\\&D \\| Ops &amp; Caf&eacute; `C++` | @a |\n| \\*Not emphasis\\* | @b |\n",
    );
    import(&registry, &[]).code(0);
    assert!(yaml(&registry, "r-d-ops-cafe-c").contains("subject: \"R&D | Ops & Café C++\"\n"));
    assert!(yaml(&registry, "not-emphasis").contains("subject: \"*Not emphasis*\"\n"));
    // The region writes them back escaped, and the page is up to date.
    registry.cop(&["render", "--check"]).code(0);
    let page = registry.read(PAGE);
    assert!(page.contains("| R&D \\| Ops & Café C++ | @a |\n"), "{page}");
}

#[test]
fn crlf_and_a_byte_order_mark_stay() {
    let text = "\u{feff}# Communities\r\n\r\n| Subject | Members |\r\n|---|---|\r\n| Go | @a @b @c |\r\n\r\n## Suggested\r\n\r\n- Rust\r\n\r\nThe end, no final newline.";
    let registry = with_page(text);
    import(&registry, &[]).code(0);
    assert_eq!(
        registry.read(PAGE),
        "\u{feff}# Communities\r\n\r\n<!-- cop:begin active -->\r\n| Subject | Members |\r\n| --- | --- |\r\n| Go | @a @b @c |\r\n<!-- cop:end active -->\r\n\r\n## Suggested\r\n\r\n<!-- cop:begin suggested -->\r\n* Rust\r\n<!-- cop:end suggested -->\r\n\r\nThe end, no final newline."
    );
    registry.cop(&["render", "--check"]).code(0);
}

#[test]
fn a_table_at_the_very_end_without_a_final_newline() {
    let registry = with_page("| Subject | Members |\n|---|---|\n| Go | @a |");
    import(&registry, &[]).code(0);
    assert_eq!(
        registry.read(PAGE),
        "<!-- cop:begin active -->\n| Subject | Members |\n| --- | --- |\n| Go | @a |\n<!-- cop:end active -->"
    );
    registry.cop(&["render", "--check"]).code(0);
}

#[test]
fn tables_and_markers_in_code_fences_front_matter_and_html_are_text() {
    let head = "---\ntitle: Suggested\n---\n\n```md\n| Subject | Members |\n|---|---|\n| Fenced | @f |\n<!-- cop:begin active -->\n```\n\n<div>\n\n| Subject | Members |\n</div>\n\n{:.no_toc}\n\n";
    let registry = with_page(&format!(
        "{head}| Subject | Members |\n|---|---|\n| Real | @r |\n"
    ));
    import(&registry, &[]).code(0);
    assert!(!registry.path().join("communities/fenced").exists());
    assert!(registry.path().join("communities/real").is_dir());
    let page = registry.read(PAGE);
    assert!(page.starts_with(head), "{page}");
    registry.cop(&["render", "--check"]).code(0);
}

#[test]
fn the_archived_list_becomes_archived_communities() {
    let registry = with_page(
        "| Subject | Members |\n|---|---|\n| Go | @a @b @c |\n\n## Archived Communities\n\nEnded:\n\n* Mainframe\n* [Perl](https://example.com/perl)\n",
    );
    import(&registry, &[]).code(0).stderr_has(
        "imported 3 communities from handbook/communities-of-practice.md: 1 active, 0 proposed, 2 archived\n",
    );
    let perl = yaml(&registry, "perl");
    assert!(perl.contains("status: \"archived\"\n"), "{perl}");
    assert!(
        perl.contains("project: \"https://example.com/perl\"\n"),
        "{perl}"
    );
    assert!(!perl.contains("channel:"), "{perl}");
    let page = registry.read(PAGE);
    assert!(
        page.ends_with(
            "Ended:\n\n<!-- cop:begin archived -->\n* Mainframe\n* Perl\n<!-- cop:end archived -->\n"
        ),
        "{page}"
    );
    registry.cop(&["render", "--check"]).code(0);
    registry.cop(&["check"]).code(1).stdout_lacks("perl");
}

#[test]
fn dry_run_prints_every_file_and_the_diffs_and_writes_nothing() {
    let registry = Registry::example("gitlab-handbook-import");
    let before = registry.snapshot();
    let run = import(&registry, &["--dry-run"]);
    run.code(0);
    assert_eq!(registry.snapshot(), before);
    insta::assert_snapshot!("gitlab_dry_run", output(&registry, &run));
}

/// Runs a refused import: exit `code`, the whole stderr, and nothing written.
fn refused(registry: &Registry, code: i32, stderr: &str) {
    let before = registry.snapshot();
    let run = import(registry, &[]);
    run.code(code);
    assert_eq!(run.stderr, stderr);
    assert_eq!(run.stdout, "");
    assert!(registry.snapshot() == before, "files changed");
}

#[test]
fn no_table_is_refused() {
    refused(
        &with_page(
            "# CoPs\n\n| Role | Members |\n|---|---|\n| Facilitator | @a |\n\n```\n| Subject | Members |\n|---|---|\n```\n",
        ),
        1,
        "error: `handbook/communities-of-practice.md` has no communities table: cop import needs a table, outside code fences and not inside a list or quote, whose header has a `Subject` (or `Community`, `Name`, `Topic`) column and a `Members` column\n",
    );
}

#[test]
fn duplicate_ids_are_refused_naming_the_rows() {
    refused(
        &with_page(
            "| Subject | Members |\n|---|---|\n| Go | @a |\n| Rust | @b |\n| GO! | @c |\n\n## Suggested\n\n- go\n- !!!\n",
        ),
        1,
        "error: cannot import `handbook/communities-of-practice.md`; nothing was written:
  - handbook/communities-of-practice.md: lines 3, 5, 9 all become community `go` (`Go`, `GO!`, `go`); give them subjects that differ in more than case and punctuation
  - handbook/communities-of-practice.md:10: `!!!` gives no usable id (the community id is empty; pass `--id ID` (use lowercase letters and digits joined by single `-`, at most 63 characters))
",
    );
}

#[test]
fn existing_ids_are_refused() {
    let registry = with_page("| Subject | Members |\n|---|---|\n| Go | @a |\n| Rust | @b |\n")
        .good("go", "Golang");
    refused(
        &registry,
        1,
        "error: cannot import `handbook/communities-of-practice.md`; nothing was written:
  - handbook/communities-of-practice.md:3: `Go` becomes community `go`, which already exists as `communities/go`
",
    );
}

#[test]
fn a_page_outside_the_registry_is_exit_2() {
    let outside = tempfile::tempdir().unwrap();
    let page = outside.path().join("page.md");
    fs::write(&page, "| Subject | Members |\n|---|---|\n| Go | @a |\n").unwrap();
    let registry = Registry::new();
    let before = registry.snapshot();
    let run = registry.cop(&["import", page.to_str().unwrap()]);
    run.code(2).stderr_has("is outside the registry");
    assert!(registry.snapshot() == before);
    // Also through a link inside the registry.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&page, registry.path().join("linked.md")).unwrap();
        registry
            .cop(&["import", "linked.md"])
            .code(2)
            .stderr_has("is outside the registry");
        assert_eq!(
            fs::read_to_string(&page).unwrap(),
            "| Subject | Members |\n|---|---|\n| Go | @a |\n"
        );
    }
}

#[test]
fn a_page_with_regions_already_is_refused() {
    refused(
        &with_page(
            "<!-- cop:begin active -->\n| Subject | Members |\n|---|---|\n| Go | @a |\n<!-- cop:end active -->\n",
        ),
        1,
        "error: `handbook/communities-of-practice.md` already has cop regions (`active` on line 1): it was adopted already, and `cop render` keeps it up to date; to import it again, remove its markers first\n",
    );
}

#[test]
fn a_broken_community_blocks_the_import() {
    let registry = with_page("| Subject | Members |\n|---|---|\n| Go | @a |\n")
        .community("broken", "subject: [unclosed\n");
    let before = registry.snapshot();
    let run = import(&registry, &[]);
    run.code(1).stderr_has("was not imported");
    assert!(registry.snapshot() == before);
}

#[test]
fn cop_check_says_that_cop_import_adopts_a_hand_kept_table() {
    let registry = Registry::example("gitlab-handbook-import")
        .config("pages: [handbook/communities-of-practice.md]\n");
    let run = registry.cop(&["check"]);
    run.code(0);
    insta::assert_snapshot!("check_adoptable_note", output(&registry, &run));
    // Listed already: import adopts it and leaves cop.yaml alone.
    import(&registry, &[]).code(0);
    assert_eq!(
        registry.read("cop.yaml"),
        "pages: [handbook/communities-of-practice.md]\n"
    );
    registry.cop(&["render", "--check"]).code(0);
    registry.cop(&["check"]).code(1).stdout_lacks("adopts");
}

fn repository() -> Registry {
    let registry = Registry::example("gitlab-handbook-import");
    let dir = registry.path();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Ann Example"]);
    git(dir, &["config", "user.email", "ann@example.com"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "start"]);
    registry
}

#[test]
fn commit_commits_exactly_the_files_written() {
    let registry = repository();
    fs::write(registry.path().join("notes.txt"), "not cop's\n").unwrap();
    import(&registry, &["--commit"]).code(0).stderr_has(
        "committed: Import communities of practice from handbook/communities-of-practice.md\n",
    );
    let dir = registry.path();
    assert_eq!(
        git(dir, &["log", "-1", "--format=%s"]),
        "Import communities of practice from handbook/communities-of-practice.md\n"
    );
    let files = git(dir, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        files,
        "communities/cloud-native-deployments/README.md
communities/cloud-native-deployments/community.yaml
communities/gitlab-vmware-tkgi-pks-deployment/README.md
communities/gitlab-vmware-tkgi-pks-deployment/community.yaml
communities/infrastructure-as-code/README.md
communities/infrastructure-as-code/community.yaml
communities/open-shift/README.md
communities/open-shift/community.yaml
cop.yaml
handbook/communities-of-practice.md
"
    );
    assert_eq!(git(dir, &["status", "--porcelain"]), "?? notes.txt\n");
}

#[test]
fn commit_refuses_staged_changes_and_an_uncommitted_page() {
    let registry = repository();
    let dir = registry.path();
    fs::write(dir.join("notes.txt"), "staged\n").unwrap();
    git(dir, &["add", "notes.txt"]);
    let before = registry.snapshot();
    import(&registry, &["--commit"])
        .code(1)
        .stderr_has("other changes are already staged (notes.txt)");
    assert!(registry.snapshot() == before);
    git(dir, &["reset", "-q"]);

    fs::write(
        dir.join(PAGE),
        format!("{}\nA local edit.\n", gitlab_page()),
    )
    .unwrap();
    let before = registry.snapshot();
    let run = import(&registry, &["--commit"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: `handbook/communities-of-practice.md` has uncommitted changes of its own that `cop import --commit` would sweep into its commit; commit or stash them first\n"
    );
    assert!(registry.snapshot() == before);
    assert_eq!(git(dir, &["log", "--format=%s"]), "start\n");
}

#[test]
fn with_dash_c_the_page_may_be_given_from_the_registry_root() {
    let registry = Registry::example("gitlab-handbook-import");
    let elsewhere = tempfile::tempdir().unwrap();
    let root = registry.path().to_str().unwrap().to_string();
    crate::support::run_cop(elsewhere.path(), &["-C", &root, "import", PAGE, "-q"], &[]).code(0);
    registry.cop(&["render", "--check"]).code(0);
}

#[test]
fn other_pages_and_existing_communities_take_part() {
    let registry = Registry::new()
        .config("# settings\npages:\n  - handbook/main.md   # the main page\n")
        .good("iac", "Infrastructure As Code")
        .file(
            "handbook/main.md",
            "# All\n\n<!-- cop:begin active -->\n| Subject | Members |\n| --- | --- |\n| Infrastructure As Code | @ann @bob @cy |\n<!-- cop:end active -->\n",
        )
        .file(PAGE, "| Subject | Members |\n|---|---|\n| Go | @a @b @c |\n");
    registry.cop(&["render", "--check"]).code(0);
    let run = import(&registry, &["--facilitators", "first"]);
    run.code(0);
    assert_eq!(
        output(&registry, &run),
        "--- exit Some(0)
--- stdout
ok: 2 communities checked, no findings
--- stderr
created communities/go/ (active)
updated handbook/communities-of-practice.md
updated handbook/main.md
updated cop.yaml
imported 1 community from handbook/communities-of-practice.md: 1 active, 0 proposed, 0 archived
note: stale: not checked, as `[registry]` is not inside a git repository
"
    );
    assert_eq!(
        registry.read("handbook/main.md"),
        "# All\n\n<!-- cop:begin active -->\n| Subject | Members |\n| --- | --- |\n| Go | @a @b @c |\n| Infrastructure As Code | @ann @bob @cy |\n<!-- cop:end active -->\n"
    );
    assert_eq!(
        registry.read("cop.yaml"),
        "# settings\npages:\n  - handbook/main.md   # the main page\n  - \"handbook/communities-of-practice.md\"\n"
    );
    registry.cop(&["render", "--check"]).code(0);
}
