//! `cop new` and `cop init` end to end: all or nothing, round-tripped values, refused ids,
//! concurrent runs and `--commit`.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::{Registry, git, immutable, run_cop};

const TEAM: &[&str] = &[
    "--facilitator",
    "@ann",
    "--member",
    "@bob",
    "--member",
    "@cy",
];

fn new_args<'a>(subject: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["new", subject, "--no-input"];
    args.extend_from_slice(TEAM);
    args.extend_from_slice(extra);
    args
}

/// A registry that is a git repository with one commit and an identity.
fn repository() -> Registry {
    let registry = Registry::new().good("iac", "Infrastructure As Code");
    let dir = registry.path();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Ann Example"]);
    git(dir, &["config", "user.email", "ann@example.com"]);
    fs::write(dir.join("communities/.gitkeep"), "").unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "start"]);
    registry
}

/// The community read back through cop's own loader.
fn read_back(registry: &Registry, id: &str) -> cop::community::Community {
    let dir = format!("communities/{id}");
    let source = registry.read(&format!("{dir}/community.yaml"));
    let entry = cop::load::Entry::parse(id, &dir, Ok(source), cop::load::Readme::Present);
    assert!(entry.findings.is_empty(), "{:?}", entry.findings);
    *entry.community.expect("community parses")
}

fn values(list: &[cop::community::Node<cop::community::Text>]) -> Vec<&str> {
    list.iter().map(|n| n.value.as_str()).collect()
}

#[test]
fn init_then_new_then_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    run_cop(dir.path(), &["init", "reg"], &[]).code(0);
    let root = dir.path().join("reg");
    assert!(root.join(".git").is_dir());
    assert!(root.join("communities").is_dir());
    let page = fs::read_to_string(root.join("handbook/communities-of-practice.md")).unwrap();
    assert!(page.contains("<!-- cop:begin active -->"), "{page}");
    assert!(page.contains("<!-- cop:begin suggested -->"), "{page}");
    let config = fs::read_to_string(root.join("cop.yaml")).unwrap();
    assert!(config.contains("# min_members: 3") || config.contains("min_members: 3"));
    run_cop(&root, &new_args("Infrastructure As Code", &[]), &[]).code(0);
    let yaml =
        fs::read_to_string(root.join("communities/infrastructure-as-code/community.yaml")).unwrap();
    assert!(
        yaml.starts_with("# yaml-language-server: $schema="),
        "{yaml}"
    );
    let readme =
        fs::read_to_string(root.join("communities/infrastructure-as-code/README.md")).unwrap();
    for part in [
        "<!-- cop:begin about -->",
        "<!-- cop:end about -->",
        "## Purpose",
        "## How to join",
        "## Meetings and notes",
        "## Resources",
    ] {
        assert!(readme.contains(part), "{part}\n{readme}");
    }
    run_cop(&root, &["check"], &[]).code(0);
}

#[test]
fn init_refuses_an_existing_registry() {
    let registry = Registry::new().config("pages: []\n");
    let before = registry.snapshot();
    registry
        .cop(&["init"])
        .code(1)
        .stderr_has("already holds a cop.yaml");
    assert_eq!(registry.snapshot(), before);
}

#[test]
fn init_inside_a_repository_does_not_run_git_init() {
    let registry = repository();
    let sub = registry.path().join("docs");
    run_cop(registry.path(), &["init", "docs"], &[]).code(0);
    assert!(sub.join("cop.yaml").is_file());
    assert!(!sub.join(".git").exists());
}

#[test]
fn defaults_follow_the_contract() {
    let registry = Registry::new();
    registry
        .cop(&new_args("Café Résumé & Friends", &["--member", "@ANN"]))
        .code(0);
    let c = read_back(&registry, "cafe-resume-friends");
    assert_eq!(c.subject(), Some("Café Résumé & Friends"));
    assert_eq!(c.channel.as_ref().unwrap().value, "#cp_cafe-resume-friends");
    assert_eq!(c.cadence().unwrap().value.as_str(), "monthly");
    assert_eq!(values(c.facilitators()), ["@ann"]);
    assert_eq!(values(c.members()), ["@ann", "@bob", "@cy"]);
    registry.cop(&["check"]).code(0);
}

#[test]
fn special_values_round_trip() {
    let registry = Registry::new();
    let subject = "@home: \"quoted\" 'single' # not a comment";
    let description = "*starred\nsecond line: with # hash\n\ttabbed \\ back";
    registry
        .cop(&new_args(
            subject,
            &[
                "--id",
                "special",
                "--description",
                description,
                "--contributor",
                "@dee",
                "--project",
                "https://example.com/a?b=c#d",
                "--cadence",
                "weekly",
            ],
        ))
        .code(0);
    let c = read_back(&registry, "special");
    assert_eq!(c.subject(), Some(subject));
    assert_eq!(c.description.as_ref().unwrap().value, description);
    assert_eq!(values(c.contributors()), ["@dee"]);
    assert_eq!(
        c.project.as_ref().unwrap().value,
        "https://example.com/a?b=c#d"
    );
    assert_eq!(c.cadence().unwrap().value.as_str(), "weekly");
    let second = "*leading star";
    registry
        .cop(&new_args(
            second,
            &["--id", "star", "--facilitator", "@eve"],
        ))
        .code(0);
    assert_eq!(read_back(&registry, "star").subject(), Some(second));
    registry.cop(&["check"]).code(0);
}

#[test]
fn bad_ids_are_refused_and_nothing_is_written() {
    let registry = Registry::new().good("iac", "Infrastructure As Code");
    let before = registry.snapshot();
    for id in [
        "../x",
        "a/b",
        "CON",
        "",
        "UPPER",
        "con",
        ".",
        "..",
        &"a".repeat(64),
    ] {
        let run = registry.cop(&new_args("Something New", &["--id", id]));
        run.code(1).stderr_has("error: ");
        assert!(
            run.stderr.contains("not a valid community id")
                || run.stderr.contains("id is empty")
                || run.stderr.contains("Windows"),
            "{id}: {}",
            run.stderr
        );
        assert_eq!(registry.snapshot(), before, "{id}");
    }
    registry
        .cop(&new_args("!!!", &[]))
        .code(1)
        .stderr_has("pass `--id ID`");
}

#[test]
fn an_existing_id_is_refused_in_any_case() {
    let registry = Registry::new()
        .good("iac", "Infrastructure As Code")
        .file("communities/My-Thing/README.md", "# mine\n");
    let before = registry.snapshot();
    registry
        .cop(&new_args("Other", &["--id", "iac"]))
        .code(1)
        .stderr_has("already exists");
    registry
        .cop(&new_args("My Thing", &[]))
        .code(1)
        .stderr_has("`communities/My-Thing`");
    assert_eq!(registry.snapshot(), before);
}

#[test]
fn rule_findings_block_and_nothing_is_written() {
    let registry = Registry::new().good("iac", "Infrastructure As Code");
    let before = registry.snapshot();
    let run = registry.cop(&["new", "Lonely", "--facilitator", "@ann", "--no-input"]);
    run.code(1).stdout_has("error[min-members]");
    assert_eq!(registry.snapshot(), before);
    registry
        .cop(&new_args("infrastructure  as code", &["--id", "iac-two"]))
        .code(1)
        .stdout_has("error[duplicate-subject]");
    registry
        .cop(&new_args("Other", &["--channel", "#cp_iac"]))
        .code(1)
        .stdout_has("error[duplicate-channel]");
    registry
        .cop(&new_args("Other", &["--channel", "no-prefix"]))
        .code(1)
        .stdout_has("error[channel-prefix]");
    assert_eq!(registry.snapshot(), before);
}

#[test]
fn findings_about_other_communities_do_not_block() {
    let registry = Registry::new().community(
        "broken",
        "subject: Broken\nfacilitators: [\"@ann\"]\nmembers: [\"@ann\"]\nchannel: \"#cp_broken\"\nmeeting:\n  cadence: monthly\n",
    );
    registry.cop(&new_args("Fine", &[])).code(0);
    assert!(registry.path().join("communities/fine/README.md").is_file());
}

#[test]
fn severities_of_the_registry_apply() {
    let registry = Registry::new().config("severity:\n  min-members: off\n");
    registry
        .cop(&["new", "Small", "--facilitator", "@ann", "--no-input"])
        .code(0);
}

#[test]
fn missing_values_are_listed_at_once() {
    let registry = Registry::new();
    let before = registry.snapshot();
    registry
        .cop(&["new", "--no-input"])
        .code(2)
        .stderr_has("SUBJECT")
        .stderr_has("--facilitator");
    // Without a terminal (the test's stdin is not one), cop never prompts either.
    registry
        .cop(&["new", "Subject Only"])
        .code(2)
        .stderr_has("--facilitator");
    assert_eq!(registry.snapshot(), before);
    registry
        .cop(&["new", "Proposed One", "--status", "proposed", "--no-input"])
        .code(0);
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let registry = Registry::new();
    let before = registry.snapshot();
    registry
        .cop(&new_args("Rust", &["--dry-run"]))
        .code(0)
        .stdout_has("--- /dev/null\n+++ b/communities/rust/community.yaml\n@@ -0,0 +1,")
        .stdout_has("+subject: \"Rust\"\n")
        .stdout_has("--- /dev/null\n+++ b/communities/rust/README.md\n");
    assert_eq!(registry.snapshot(), before);
}

#[test]
fn a_broken_template_writes_nothing() {
    let registry = Registry::new()
        .file(
            "templates/community/community.yaml",
            "subject: {{ subject | yaml \n",
        )
        .file("templates/community/README.md", "# {{ subject }}\n");
    let before = registry.snapshot();
    registry
        .cop(&new_args("Rust", &[]))
        .code(1)
        .stderr_has("templates/community");
    assert_eq!(registry.snapshot(), before);
}

#[test]
fn a_template_that_does_not_round_trip_is_refused() {
    let registry = Registry::new()
        .file(
            "templates/community/community.yaml",
            "subject: {{ subject }}\nfacilitators: {{ facilitators | yaml }}\nmembers: {{ members | yaml }}\nchannel: {{ channel | yaml }}\nmeeting:\n  cadence: {{ cadence }}\n",
        )
        .file("templates/community/README.md", "# {{ subject }}\n");
    let before = registry.snapshot();
    registry
        .cop(&new_args("Ops #1", &[]))
        .code(1)
        .stderr_has("`subject`");
    assert_eq!(registry.snapshot(), before);
    // The same template is fine for a value YAML does not treat specially.
    registry.cop(&new_args("Rust", &[])).code(0);
}

#[test]
fn a_template_folder_replaces_the_built_in_one() {
    let registry = Registry::new();
    let template = tempfile::tempdir().unwrap();
    fs::write(
        template.path().join("community.yaml"),
        "subject: {{ subject | yaml }}\nfacilitators: {{ facilitators | yaml }}\nmembers: {{ members | yaml }}\nchannel: {{ channel | yaml }}\nmeeting:\n  cadence: {{ cadence }}\n",
    )
    .unwrap();
    fs::write(template.path().join("README.md"), "# {{ subject | md }}\n").unwrap();
    fs::create_dir(template.path().join("notes")).unwrap();
    fs::write(
        template.path().join("notes/first.md"),
        "# Notes of {{ id }}\n",
    )
    .unwrap();
    let dir = template.path().to_str().unwrap();
    registry.cop(&new_args("Go", &["--template", dir])).code(0);
    assert_eq!(registry.read("communities/go/README.md"), "# Go\n");
    assert_eq!(
        registry.read("communities/go/notes/first.md"),
        "# Notes of go\n"
    );
}

#[cfg(unix)]
#[test]
fn links_in_templates_and_folders_are_refused() {
    let registry = Registry::new()
        .file(
            "templates/community/community.yaml",
            "subject: {{ subject | yaml }}\n",
        )
        .file("templates/community/README.md", "# {{ subject }}\n");
    std::os::unix::fs::symlink(
        "/etc/passwd",
        registry.path().join("templates/community/passwd"),
    )
    .unwrap();
    let before = registry.snapshot();
    registry
        .cop(&new_args("Rust", &[]))
        .code(1)
        .stderr_has("is a link");
    assert_eq!(registry.snapshot(), before);

    let outside = tempfile::tempdir().unwrap();
    let registry = Registry::new();
    fs::remove_dir(registry.path().join("communities")).unwrap();
    std::os::unix::fs::symlink(outside.path(), registry.path().join("communities")).unwrap();
    registry
        .cop(&new_args("Rust", &[]))
        .code(1)
        .stderr_has("is a link");
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn concurrent_runs_of_one_id_have_one_winner() {
    let registry = Registry::new();
    let children: Vec<_> = (0..8)
        .map(|i| {
            let description = format!("run {i}");
            let mut command = Command::new(assert_cmd::cargo::cargo_bin("cop"));
            command
                .current_dir(registry.path())
                .args(new_args("Race", &["--description", &description]))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped());
            command.spawn().expect("spawn cop")
        })
        .collect();
    let outcomes: Vec<_> = children
        .into_iter()
        .map(|child| child.wait_with_output().expect("wait for cop"))
        .collect();
    let winners = outcomes.iter().filter(|o| o.status.success()).count();
    assert_eq!(winners, 1, "{outcomes:#?}");
    for loser in outcomes.iter().filter(|o| !o.status.success()) {
        assert_eq!(loser.status.code(), Some(1), "{loser:?}");
        let stderr = String::from_utf8_lossy(&loser.stderr);
        assert!(
            stderr.contains("`Race` is already the subject of `race`")
                || stderr.contains("already exists"),
            "{stderr}"
        );
    }
    let c = read_back(&registry, "race");
    assert!(c.description.unwrap().value.starts_with("run "));
    assert!(
        registry
            .read("communities/race/README.md")
            .contains("## Resources")
    );
    let names: Vec<_> = fs::read_dir(registry.path().join("communities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["race"], "no temporary folder is left behind");
    registry.cop(&["check"]).code(0);
}

#[test]
fn commit_refuses_when_other_changes_are_staged() {
    let registry = repository();
    fs::write(registry.path().join("unrelated.txt"), "x\n").unwrap();
    git(registry.path(), &["add", "unrelated.txt"]);
    let before = registry.snapshot();
    registry
        .cop(&new_args("Rust", &["--commit"]))
        .code(1)
        .stderr_has("unrelated.txt");
    assert_eq!(registry.snapshot(), before);
    assert_eq!(
        git(registry.path(), &["status", "--porcelain"]),
        "A  unrelated.txt\n"
    );
    assert_eq!(
        git(registry.path(), &["rev-list", "--count", "HEAD"]),
        "1\n"
    );
}

#[test]
fn commit_holds_exactly_the_new_files_and_leaves_the_tree_clean() {
    let registry = repository();
    let env = [
        ("GIT_AUTHOR_NAME", "Bob Author"),
        ("GIT_AUTHOR_EMAIL", "bob@example.com"),
        ("GIT_AUTHOR_DATE", "@1700000000 +0100"),
    ];
    run_cop(registry.path(), &new_args("Rust Lang", &["--commit"]), &env).code(0);
    let dir = registry.path();
    assert_eq!(git(dir, &["status", "--porcelain"]), "");
    assert_eq!(git(dir, &["rev-list", "--count", "HEAD"]), "2\n");
    let mut files: Vec<String> = git(dir, &["show", "--name-only", "--format=", "HEAD"])
        .lines()
        .map(str::to_owned)
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "communities/rust-lang/README.md",
            "communities/rust-lang/community.yaml"
        ]
    );
    assert_eq!(
        git(dir, &["log", "-1", "--format=%s|%an <%ae>|%at|%cn <%ce>"]),
        "Add community of practice: Rust Lang|Bob Author <bob@example.com>|1700000000|Ann Example <ann@example.com>\n"
    );
}

#[test]
fn commit_works_from_a_registry_below_the_top_of_the_repository() {
    let registry = repository();
    let dir = registry.path();
    run_cop(dir, &["init", "docs"], &[]).code(0);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "registry"]);
    run_cop(&dir.join("docs"), &new_args("Rust", &["--commit"]), &[]).code(0);
    assert_eq!(git(dir, &["status", "--porcelain"]), "");
    let files = git(dir, &["show", "--name-only", "--format=", "HEAD"]);
    assert!(
        files.contains("docs/communities/rust/community.yaml"),
        "{files}"
    );
}

#[test]
fn concurrent_runs_of_different_ids_all_succeed() {
    let registry = Registry::new();
    let subjects: Vec<String> = (0..6).map(|i| format!("Topic {i}")).collect();
    let children: Vec<_> = subjects
        .iter()
        .map(|subject| {
            Command::new(assert_cmd::cargo::cargo_bin("cop"))
                .current_dir(registry.path())
                .args(new_args(subject, &[]))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawn cop")
        })
        .collect();
    for child in children {
        assert!(child.wait_with_output().unwrap().status.success());
    }
    for i in 0..6 {
        read_back(&registry, &format!("topic-{i}"));
    }
    registry.cop(&["check"]).code(0);
}

#[test]
fn init_alone_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    run_cop(dir.path(), &["init"], &[]).code(0);
    run_cop(dir.path(), &["check"], &[]).code(0);
    run_cop(dir.path(), &["render", "--check"], &[]).code(0);
}

/// A registry made by `cop init`, committed, with an identity.
fn initialized() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    run_cop(dir.path(), &["init"], &[]).code(0);
    git(dir.path(), &["config", "user.name", "Ann Example"]);
    git(dir.path(), &["config", "user.email", "ann@example.com"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "registry"]);
    dir
}

#[test]
fn new_updates_the_pages_and_commits_them() {
    let dir = initialized();
    let root = dir.path();
    run_cop(root, &new_args("Rust", &["--commit"]), &[]).code(0);
    run_cop(
        root,
        &new_args("Go", &["--status", "proposed", "--commit"]),
        &[],
    )
    .code(0);
    let page = fs::read_to_string(root.join("handbook/communities-of-practice.md")).unwrap();
    assert!(page.contains("| Rust | @ann @bob @cy |"), "{page}");
    assert!(page.contains("* Go"), "{page}");
    let readme = fs::read_to_string(root.join("communities/rust/README.md")).unwrap();
    assert!(readme.contains("#cp_rust"), "{readme}");
    assert_eq!(git(root, &["status", "--porcelain"]), "");
    let mut files: Vec<String> = git(root, &["show", "--name-only", "--format=", "HEAD~1"])
        .lines()
        .map(str::to_owned)
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "communities/rust/README.md",
            "communities/rust/community.yaml",
            "handbook/communities-of-practice.md"
        ]
    );
    run_cop(root, &["check"], &[]).code(0);
    run_cop(root, &["render", "--check"], &[]).code(0);
}

/// Every file below `dir` (outside .git) with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.ends_with(".git") {
                continue;
            }
            if path.is_dir() {
                stack.push(path.clone());
                out.push((path.display().to_string(), Vec::new()));
            } else {
                out.push((path.display().to_string(), fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_page_that_is_a_folder_stops_it_before_anything_is_written() {
    let dir = initialized();
    let root = dir.path();
    fs::write(
        root.join("cop.yaml"),
        "pages: [handbook/communities-of-practice.md, handbook/folder.md]\n",
    )
    .unwrap();
    fs::create_dir(root.join("handbook/folder.md")).unwrap();
    let before = files(root);
    run_cop(root, &new_args("Rust", &[]), &[])
        .code(2)
        .stderr_has("handbook/folder.md");
    assert_eq!(files(root), before);
}

#[test]
fn a_marker_error_in_a_page_blocks() {
    let dir = initialized();
    let root = dir.path();
    let page = root.join("handbook/communities-of-practice.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replace("<!-- cop:end suggested -->\n", "")).unwrap();
    let before = files(root);
    run_cop(root, &new_args("Rust", &[]), &[])
        .code(1)
        .stdout_has("error[marker-error]");
    assert_eq!(files(root), before);
}

#[test]
fn a_broken_community_elsewhere_does_not_block_but_is_noted() {
    let dir = initialized();
    let root = dir.path();
    fs::create_dir(root.join("communities/broken")).unwrap();
    fs::write(
        root.join("communities/broken/community.yaml"),
        "subject: [\n",
    )
    .unwrap();
    run_cop(root, &new_args("Rust", &[]), &[])
        .code(0)
        .stderr_has("note: regions were left as they are");
    assert!(root.join("communities/rust/community.yaml").is_file());
}

#[test]
fn a_failed_page_write_after_the_rename_takes_everything_back() {
    let dir = initialized();
    let root = dir.path();
    fs::write(
        root.join("cop.yaml"),
        "pages: [handbook/communities-of-practice.md, handbook/second.md]\n",
    )
    .unwrap();
    fs::write(
        root.join("handbook/second.md"),
        "# Second\n\n<!-- cop:begin active -->\n<!-- cop:end active -->\n",
    )
    .unwrap();
    run_cop(root, &["render"], &[]).code(0);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "second page"]);
    // Tests run as root, where permissions do not stop a write: an immutable file does. The
    // first page is written, the second fails, and the first must be restored.
    let second = root.join("handbook/second.md");
    // Tests run as root (CI too), where only an immutable file refuses a write; without
    // `chattr` this test cannot say anything, so it fails rather than pass untested.
    assert!(
        immutable(&second, true),
        "chattr +i failed: this test needs root and a file system with immutable files"
    );
    let before = files(root);
    let run = run_cop(root, &new_args("Rust", &["--commit"]), &[]);
    immutable(&second, false);
    run.code(2)
        .stderr_has("handbook/second.md")
        .stderr_has("nothing was written");
    assert_eq!(files(root), before);
    assert_eq!(git(root, &["status", "--porcelain"]), "");
    assert_eq!(git(root, &["rev-list", "--count", "HEAD"]), "2\n");
}

#[test]
fn init_honours_the_registry_flag() {
    let dir = tempfile::tempdir().unwrap();
    run_cop(dir.path(), &["-C", "here", "init"], &[]).code(0);
    assert!(dir.path().join("here/cop.yaml").is_file());
}

#[test]
fn commit_refuses_when_a_page_it_must_change_has_edits_of_its_own() {
    let dir = initialized();
    let root = dir.path();
    let page = root.join("handbook/communities-of-practice.md");
    let edited = format!(
        "{}\nA maintainer's unsaved paragraph.\n",
        fs::read_to_string(&page).unwrap()
    );
    fs::write(&page, &edited).unwrap();
    let run = run_cop(root, &new_args("Rust", &["--commit"]), &[]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: `handbook/communities-of-practice.md` has uncommitted changes of its own that `cop new --commit` would sweep into its commit; commit or stash them first\n"
    );
    assert!(!root.join("communities/rust").exists());
    assert_eq!(fs::read_to_string(&page).unwrap(), edited);
    assert_eq!(git(root, &["rev-list", "--count", "HEAD"]), "1\n");
}

#[test]
fn commit_honours_the_ceiling_as_check_does() {
    // A repository above a ceiling is not the registry's: --commit fails (exit 2), as
    // `cop check --changed-since` does, instead of committing into it.
    let outer = tempfile::tempdir().unwrap();
    git(outer.path(), &["init", "-q"]);
    let inner = outer.path().join("inner");
    fs::create_dir(&inner).unwrap();
    run_cop(&inner, &["init"], &[]).code(0);
    let env = [("GIT_CEILING_DIRECTORIES", outer.path().to_str().unwrap())];
    let run = run_cop(&inner, &new_args("Rust", &["--commit"]), &env);
    run.code(2);
    assert!(
        run.stderr
            .starts_with("error: --commit needs the registry's git working tree, but"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_communities_path_of_any_spelling_reads_as_one() {
    for (spelling, schema) in [
        ("./communities/", "../../community.schema.json"),
        ("./groups/./cops", "../../../community.schema.json"),
    ] {
        let registry = Registry::new().config(&format!("communities: {spelling:?}\n"));
        registry.cop(&new_args("Rust", &[])).code(0);
        let folder = match spelling {
            "./groups/./cops" => "groups/cops/rust",
            _ => "communities/rust",
        };
        let yaml = registry.read(&format!("{folder}/community.yaml"));
        assert_eq!(
            yaml.lines().next().unwrap(),
            format!("# yaml-language-server: $schema={schema}"),
            "{spelling}"
        );
        fs::write(
            registry.path().join(format!("{folder}/community.yaml")),
            yaml.replace("#cp_rust", "#rust"),
        )
        .unwrap();
        let json = registry.cop(&["check", "--format", "json"]).json();
        let paths: Vec<(&str, &str)> = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["rule"].as_str().unwrap(), f["path"].as_str().unwrap()))
            .collect();
        assert_eq!(
            paths,
            [
                ("render-stale", format!("{folder}/README.md").as_str()),
                (
                    "channel-prefix",
                    format!("{folder}/community.yaml").as_str()
                ),
            ],
            "{spelling}"
        );
    }
}
