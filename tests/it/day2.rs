//! Day-2 commands end to end (SPEC §7): `cop member add|remove`, `cop archive`, `cop activate`,
//! `cop person`, `cop people`, the `codeowners` region, and the contract every edit keeps:
//! in place, rules before and after, all or nothing, `--dry-run`, `--commit`.

use std::fs;

use insta::assert_snapshot;

use crate::support::{Registry, Run, git, run_cop};

const OBS: &str = "subject: Observability
# who runs it
facilitators: [\"@ann\"]   # since 2024
members:
  - \"@ann\"  # lead
  - \"@bob\"
  - \"@cy\"
contributors: [\"@dee\"]
channel: \"#cp_observability\"
meeting:
  cadence: monthly
";

const PAGE: &str = "# CoPs\n\n<!-- cop:begin active -->\n<!-- cop:end active -->\n\n## Suggested\n\n<!-- cop:begin suggested -->\n<!-- cop:end suggested -->\n\n<!-- cop:begin archived -->\n<!-- cop:end archived -->\n";

/// A registry with a handbook page, Observability (active) and Mainframe (proposed), rendered.
fn registry() -> Registry {
    let registry = Registry::new()
        .config("pages:\n  - handbook/cops.md\n")
        .file("handbook/cops.md", PAGE)
        .community("observability", OBS)
        .community(
            "mainframe",
            "subject: Mainframe Modernisation\nstatus: proposed\nmembers: [\"@bob\"]\n",
        );
    registry.cop(&["render"]).code(0);
    registry
}

fn yaml(registry: &Registry, id: &str) -> String {
    registry.read(&format!("communities/{id}/community.yaml"))
}

/// stdout and stderr of a run, for one snapshot.
fn output(run: &Run) -> String {
    format!(
        "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    )
}

fn committed(registry: Registry) -> Registry {
    let dir = registry.path();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Ann Example"]);
    git(dir, &["config", "user.email", "ann@example.com"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "start"]);
    registry
}

#[test]
fn member_add_edits_only_the_list_lines_and_updates_the_page() {
    let registry = registry();
    let run = registry.cop(&["member", "add", "observability", "@bea", "zed"]);
    assert_snapshot!("member_add", output(&run));
    assert_snapshot!("member_add_yaml", yaml(&registry, "observability"));
    assert_eq!(
        registry.read("handbook/cops.md").lines().nth(5),
        Some("| Observability | @ann @bea @bob @cy @zed |")
    );
    registry.cop(&["render", "--check"]).code(0);
    registry.cop(&["check"]).code(0);
}

#[test]
fn member_add_of_a_member_changes_nothing_and_says_so() {
    let registry = registry();
    let run = registry.cop_unchanged(&["member", "add", "observability", "@BOB"]);
    assert_snapshot!("member_add_already", output(&run));
}

#[test]
fn a_facilitator_is_a_member_and_a_contributor_who_joins_is_promoted() {
    let registry = registry();
    registry
        .cop(&[
            "member",
            "add",
            "observability",
            "@dee",
            "--role",
            "facilitator",
        ])
        .code(0);
    assert_snapshot!("facilitator_promoted", yaml(&registry, "observability"));
    registry
        .cop(&[
            "member",
            "add",
            "observability",
            "@eve",
            "--role",
            "contributor",
        ])
        .code(0);
    assert!(yaml(&registry, "observability").contains("contributors: [\"@eve\"]"));
}

#[test]
fn an_alumnus_who_comes_back_leaves_alumni() {
    let registry = registry();
    registry
        .cop(&["member", "remove", "observability", "@cy"])
        .code(1);
    registry
        .cop(&["member", "add", "observability", "@dan"])
        .code(0);
    registry
        .cop(&["member", "remove", "observability", "@cy"])
        .code(0);
    assert!(yaml(&registry, "observability").contains("alumni: [\"@cy\"]"));
    registry
        .cop(&["member", "add", "observability", "@Cy"])
        .code(0);
    assert_snapshot!("alumnus_returns", yaml(&registry, "observability"));
}

#[test]
fn removing_the_third_member_is_refused_by_min_members() {
    let registry = registry();
    let run = registry.cop_unchanged(&["member", "remove", "observability", "@cy"]);
    assert_snapshot!("remove_third_member", output(&run));
}

#[test]
fn member_remove_roles_and_forget() {
    let registry = registry();
    registry
        .cop(&["member", "add", "observability", "@dan", "@eve"])
        .code(0);
    let run = registry.cop(&[
        "member",
        "remove",
        "observability",
        "@ann",
        "--role",
        "facilitator",
    ]);
    assert_snapshot!("step_down_last_facilitator", output(&run));
    registry
        .cop(&[
            "member",
            "add",
            "observability",
            "@bob",
            "--role",
            "facilitator",
        ])
        .code(0);
    let run = registry.cop(&[
        "member",
        "remove",
        "observability",
        "@ann",
        "--role",
        "facilitator",
    ]);
    assert_snapshot!("step_down", output(&run));
    registry
        .cop(&[
            "member",
            "remove",
            "observability",
            "@dee",
            "--role",
            "contributor",
        ])
        .code(0);
    registry
        .cop(&["member", "remove", "observability", "@dan"])
        .code(0);
    registry
        .cop(&["member", "remove", "observability", "@eve", "--forget"])
        .code(0);
    assert_snapshot!("removed", yaml(&registry, "observability"));
    let run = registry.cop(&["member", "remove", "observability", "@nobody"]);
    assert_snapshot!("not_in", output(&run));
    let run = registry.cop(&[
        "member",
        "remove",
        "observability",
        "@cy",
        "--role",
        "facilitator",
    ]);
    run.code(1)
        .stderr_has("`@cy` is not in `observability` as a facilitator");
}

#[test]
fn remove_everywhere_reaches_every_status() {
    let registry = registry()
        .community(
            "cobol",
            "subject: COBOL\nstatus: archived\nfacilitators: []\nmembers: []\ncontributors:\n  - \"@Bob\"\nalumni: [\"@ann\"]\n",
        );
    registry
        .cop(&["member", "add", "observability", "@dan"])
        .code(0);
    let run = registry.cop(&["member", "remove", "--everywhere", "bob"]);
    assert_snapshot!("everywhere", output(&run));
    assert_snapshot!("everywhere_observability", yaml(&registry, "observability"));
    assert_eq!(
        yaml(&registry, "mainframe"),
        "subject: Mainframe Modernisation\nstatus: proposed\nmembers: []\nalumni: [\"@bob\"]\n"
    );
    assert_eq!(
        yaml(&registry, "cobol"),
        "subject: COBOL\nstatus: archived\nfacilitators: []\nmembers: []\ncontributors: []\nalumni: [\"@ann\"]\n"
    );
    registry
        .cop(&["member", "remove", "--everywhere", "@bob"])
        .code(1)
        .stderr_has("`@bob` is not in any community");
}

#[test]
fn archive_moves_people_to_alumni_and_the_pages_follow() {
    let registry = registry();
    let run = registry.cop(&["archive", "observability"]);
    assert_snapshot!("archive", output(&run));
    assert_snapshot!("archive_yaml", yaml(&registry, "observability"));
    assert_snapshot!("archive_page", registry.read("handbook/cops.md"));
    registry.cop(&["check"]).code(0);
    registry
        .cop(&["archive", "observability"])
        .code(1)
        .stderr_has("`observability` is already archived");
}

#[test]
fn activate_fills_channel_and_cadence_and_must_pass_the_rules() {
    let registry = registry();
    let run = registry.cop_unchanged(&["activate", "mainframe", "--facilitator", "@ann"]);
    assert_snapshot!("activate_refused", output(&run));
    registry
        .cop(&[
            "activate",
            "mainframe",
            "--facilitator",
            "@ann",
            "--member",
            "@cy",
        ])
        .code(0);
    assert_snapshot!("activated", yaml(&registry, "mainframe"));
    registry.cop(&["check"]).code(0);
    registry
        .cop(&["activate", "mainframe"])
        .code(1)
        .stderr_has("`mainframe` is already active");
    registry
        .cop(&["activate", "observability", "--cadence", "daily"])
        .code(2)
        .stderr_has("unknown cadence `daily`");
}

#[test]
fn unknown_community_is_exit_2() {
    let registry = registry();
    for args in [
        vec!["member", "add", "nope", "@ann"],
        vec!["member", "remove", "nope", "@ann"],
        vec!["archive", "nope"],
        vec!["activate", "nope"],
    ] {
        let run = registry.cop(&args);
        run.code(2);
        assert_eq!(
            run.stderr,
            "error: no community `nope`; `cop list` shows them\n"
        );
    }
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let registry = registry();
    let run = registry.cop_unchanged(&["archive", "observability", "--dry-run"]);
    assert_snapshot!("dry_run", output(&run));
}

#[test]
fn line_endings_bom_and_missing_final_newline_are_kept() {
    let text = "\u{feff}subject: X\r\nmembers: [\"@a\", \"@b\", \"@c\"]\r\nchannel: \"#cp_x\"\r\nfacilitators:\r\n- \"@a\"\r\nmeeting:\r\n  cadence: weekly";
    let registry = Registry::new().community("x", text);
    registry
        .cop(&["member", "add", "x", "@d", "--role", "facilitator"])
        .code(0);
    assert_eq!(
        yaml(&registry, "x"),
        "\u{feff}subject: X\r\nmembers: [\"@a\", \"@b\", \"@c\", \"@d\"]\r\nchannel: \"#cp_x\"\r\nfacilitators:\r\n- \"@a\"\r\n- \"@d\"\r\nmeeting:\r\n  cadence: weekly"
    );
    registry
        .cop(&["member", "remove", "x", "@d", "--forget"])
        .code(0);
    assert_eq!(yaml(&registry, "x"), text);
}

#[test]
fn unsafe_shapes_are_refused_naming_file_and_line() {
    let registry = Registry::new().community(
        "x",
        "subject: X\nfacilitators: &f [\"@a\"]\nmembers: [\"@a\", \"@b\",\n  \"@c\"]\nchannel: \"#cp_x\"\nmeeting:\n  cadence: weekly\n",
    );
    let before = registry.snapshot();
    let run = registry.cop(&["member", "add", "x", "@d"]);
    assert_snapshot!("refused_multiline_flow", output(&run));
    let run = registry.cop(&["member", "add", "x", "@d", "--role", "facilitator"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: communities/x/community.yaml:2: an anchor (`&`) on a value to change; nothing was written\n"
    );
    assert_eq!(registry.snapshot(), before);
}

#[test]
fn a_community_that_does_not_parse_is_refused_and_others_keep_regions() {
    let registry = registry().community("broken", "subject: [\n");
    let run = registry.cop(&["member", "add", "broken", "@ann"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: `communities/broken/community.yaml` does not parse, so cop cannot edit it; run `cop check` and fix it first\n"
    );
    let page = registry.read("handbook/cops.md");
    let run = registry.cop(&["member", "add", "observability", "@dan"]);
    assert_snapshot!("other_broken", output(&run));
    assert_eq!(registry.read("handbook/cops.md"), page);
}

#[test]
fn commit_holds_exactly_the_files_written() {
    let registry = committed(registry());
    let dir = registry.path();
    registry
        .cop(&["member", "add", "observability", "@ann2", "--commit"])
        .code(0);
    assert_eq!(git(dir, &["status", "--porcelain"]), "");
    assert_eq!(
        git(dir, &["log", "-1", "--format=%s", "--name-only"]),
        "Add @ann2 to Observability\n\ncommunities/observability/community.yaml\nhandbook/cops.md\n"
    );
    registry.cop(&["archive", "mainframe", "--commit"]).code(0);
    assert_eq!(
        git(dir, &["log", "-1", "--format=%s"]),
        "Archive Mainframe Modernisation\n"
    );
}

#[test]
fn commit_refuses_staged_changes_and_dirty_files() {
    let registry = committed(registry());
    let dir = registry.path();
    fs::write(dir.join("other.txt"), "x\n").unwrap();
    git(dir, &["add", "other.txt"]);
    let before = registry.snapshot();
    let run = registry.cop(&["archive", "observability", "--commit"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: other changes are already staged (other.txt); commit or unstage them (`git restore --staged`) before `cop archive --commit`\n"
    );
    assert_eq!(registry.snapshot(), before);
    git(dir, &["reset", "-q"]);
    fs::write(dir.join("handbook/cops.md"), format!("{PAGE}\nmore\n")).unwrap();
    let run = registry.cop(&["archive", "observability", "--commit"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "error: `handbook/cops.md` has uncommitted changes of its own that `cop archive --commit` would sweep into its commit; commit or stash them first\n"
    );
    assert_eq!(git(dir, &["rev-list", "--count", "HEAD"]), "1\n");
}

#[test]
fn person_and_people() {
    let registry = registry().community(
        "cobol",
        "subject: COBOL, \"the\" classic\nstatus: archived\nalumni: [\"@ANN\"]\ncontributors: [\"@zed\"]\n",
    );
    assert_snapshot!("person", output(&registry.cop(&["person", "ann"])));
    assert_snapshot!(
        "person_json",
        output(&registry.cop(&["person", "@Bob", "--format", "json"]))
    );
    let run = registry.cop(&["person", "@nobody"]);
    run.code(1);
    assert_eq!(run.stderr, "`@nobody` is in no community\n");
    assert_snapshot!("people", output(&registry.cop(&["people"])));
    assert_snapshot!(
        "people_json",
        output(&registry.cop(&["people", "--format", "json"]))
    );
    assert_snapshot!(
        "people_csv",
        output(&registry.cop(&["people", "--format", "csv"]))
    );
}

#[test]
fn overcommitted_people_are_named() {
    let mut registry = Registry::new().config("rules:\n  max_communities_per_person: 1\n");
    for id in ["a", "b"] {
        registry = registry.good(id, &id.to_uppercase());
    }
    let run = registry.cop(&["person", "@ann"]);
    run.code(0);
    assert!(
        run.stdout.ends_with(
            "@ann: 2 active communities as member or facilitator, at most 1: overcommitted; about 6-10 hours a month at 3-5 hours each\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        registry.cop(&["person", "@ann", "--format", "json"]).json()["overcommitted"],
        true
    );
}

const CODEOWNERS: &str =
    "# owners\r\n* @root\r\n\r\n# cop:begin codeowners\r\n# cop:end codeowners\r\n/docs/ @writers";

#[test]
fn codeowners_region_from_the_repository_root() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path().join("handbook");
    fs::create_dir_all(root.join("communities")).unwrap();
    fs::write(root.join("cop.yaml"), "codeowners: .github/CODEOWNERS\n").unwrap();
    fs::create_dir_all(root.join(".github")).unwrap();
    fs::write(root.join(".github/CODEOWNERS"), CODEOWNERS).unwrap();
    let put = |id: &str, yaml: &str| {
        fs::create_dir_all(root.join("communities").join(id)).unwrap();
        fs::write(root.join(format!("communities/{id}/community.yaml")), yaml).unwrap();
        fs::write(root.join(format!("communities/{id}/README.md")), "# x\n").unwrap();
    };
    put("obs", OBS);
    put(
        "two",
        "subject: Two\nfacilitators: [\"@zed\", \"@Ann\", \"@zed\", \"@bad handle\"]\nmembers: [\"@zed\", \"@Ann\", \"@x\"]\nchannel: \"#cp_two\"\nmeeting:\n  cadence: weekly\n",
    );
    put(
        "Bad_Id",
        "subject: Bad\nstatus: proposed\nfacilitators: [\"@q\"]\nmembers: [\"@q\"]\n",
    );
    put("none", "subject: None\nstatus: proposed\n");
    git(repo.path(), &["init", "-q", "-b", "main"]);
    run_cop(
        &root,
        &[
            "check",
            "--skip",
            "invalid-id",
            "--skip",
            "invalid-handle",
            "--skip",
            "duplicate-handle",
        ],
        &[],
    )
    .code(1)
    .stdout_has("region `codeowners` differs");
    let run = run_cop(&root, &["render"], &[]);
    assert_snapshot!("codeowners_render", output(&run));
    assert_eq!(
        fs::read_to_string(root.join(".github/CODEOWNERS")).unwrap(),
        "# owners\r\n* @root\r\n\r\n# cop:begin codeowners\r\n/handbook/communities/obs/ @ann\r\n/handbook/communities/two/ @zed @Ann\r\n# cop:end codeowners\r\n/docs/ @writers"
    );
    run_cop(&root, &["render", "--check"], &[]).code(0);
}

#[test]
fn codeowners_without_git_starts_at_the_registry_root() {
    let registry = registry()
        .config("pages:\n  - handbook/cops.md\ncodeowners: CODEOWNERS\n")
        .file(
            "CODEOWNERS",
            "# cop:begin codeowners\n# cop:end codeowners\n",
        );
    registry
        .cop(&[
            "member",
            "add",
            "observability",
            "@bea",
            "--role",
            "facilitator",
        ])
        .code(0);
    assert_eq!(
        registry.read("CODEOWNERS"),
        "# cop:begin codeowners\n/communities/observability/ @ann @bea\n# cop:end codeowners\n"
    );
}

#[test]
fn init_offers_codeowners_commented_out() {
    let dir = tempfile::tempdir().unwrap();
    run_cop(dir.path(), &["init"], &[]).code(0);
    let config = fs::read_to_string(dir.path().join("cop.yaml")).unwrap();
    assert!(config.contains("\n# codeowners: CODEOWNERS\n"), "{config}");
}

#[test]
fn activate_takes_the_channel_and_cadence_given() {
    let registry = registry();
    registry
        .cop(&[
            "activate",
            "mainframe",
            "--facilitator",
            "@ann",
            "--member",
            "@cy",
            "--channel",
            "#cp_mf",
            "--cadence",
            "weekly",
        ])
        .code(0);
    assert_eq!(
        yaml(&registry, "mainframe"),
        "subject: Mainframe Modernisation\nstatus: active\nfacilitators: [\"@ann\"]\nmembers: [\"@ann\", \"@bob\", \"@cy\"]\nchannel: \"#cp_mf\"\nmeeting:\n  cadence: weekly\n"
    );
}

#[test]
fn an_archived_community_comes_back_with_its_alumni() {
    let registry = registry();
    registry.cop(&["archive", "observability"]).code(0);
    registry
        .cop(&[
            "activate",
            "observability",
            "--facilitator",
            "@ann",
            "--member",
            "@bob",
            "--member",
            "@cy",
        ])
        .code(0);
    assert_snapshot!("reactivated", yaml(&registry, "observability"));
    registry.cop(&["check"]).code(0);
}

#[test]
fn remove_everywhere_with_forget_leaves_no_trace() {
    let registry = registry();
    registry
        .cop(&["member", "add", "observability", "@dan", "@eve"])
        .code(0);
    registry
        .cop(&["member", "remove", "observability", "@dan"])
        .code(0);
    registry
        .cop(&[
            "member",
            "remove",
            "--everywhere",
            "@dan",
            "@BOB",
            "--forget",
            "--commit",
        ])
        .code(2)
        .stderr_has("--commit needs the registry's git working tree");
    let run = registry.cop(&[
        "member",
        "remove",
        "--everywhere",
        "@dan",
        "@BOB",
        "--forget",
    ]);
    assert_snapshot!("everywhere_forget", output(&run));
    assert!(
        !yaml(&registry, "observability")
            .to_lowercase()
            .contains("@bob")
    );
    assert!(!yaml(&registry, "observability").contains("@dan"));
    assert!(!yaml(&registry, "mainframe").to_lowercase().contains("@bob"));
}

#[test]
fn member_add_dry_run_shows_the_block_list_line() {
    let registry = registry();
    let run = registry.cop_unchanged(&["member", "add", "observability", "@bea", "--dry-run"]);
    assert_snapshot!("member_add_dry_run", output(&run));
}

#[test]
fn remove_as_member_also_ends_facilitating() {
    let registry = registry();
    registry
        .cop(&["member", "add", "observability", "@dan", "@eve"])
        .code(0);
    registry
        .cop(&[
            "member",
            "add",
            "observability",
            "@bob",
            "--role",
            "facilitator",
        ])
        .code(0);
    registry
        .cop(&[
            "member",
            "remove",
            "observability",
            "@ann",
            "--role",
            "member",
        ])
        .code(0);
    assert_eq!(
        yaml(&registry, "observability"),
        "subject: Observability\n# who runs it\nfacilitators: [\"@bob\"]   # since 2024\nmembers:\n  - \"@bob\"\n  - \"@cy\"\n  - \"@dan\"\n  - \"@eve\"\ncontributors: [\"@dee\"]\nalumni: [\"@ann\"]\nchannel: \"#cp_observability\"\nmeeting:\n  cadence: monthly\n"
    );
}
