//! Git-aware checks end to end, on real repositories built with the git CLI and fixed dates:
//! every community's date is compared with what `git log -1 --first-parent --format=%cI`
//! prints, in linear, merged, shallow, unborn, detached and moved histories; then the `stale`
//! threshold, uncommitted changes, `--today` and `--changed-since`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{GOOD_COMMUNITY, Registry, Run, git_as, run_cop};

/// Runs git in `dir` as Ann, with an isolated configuration and both dates fixed to `date`
/// (ISO 8601, with an offset).
fn git_at(dir: &Path, date: &str, args: &[&str]) -> String {
    git_as(dir, date, ("Ann", "ann@example.com"), args)
}

fn git(dir: &Path, args: &[&str]) -> String {
    git_at(dir, "2026-01-01T00:00:00Z", args)
}

fn init(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
}

/// Commits everything in the working tree at `date`.
fn commit(dir: &Path, date: &str, message: &str) {
    git(dir, &["add", "-A"]);
    git_at(dir, date, &["commit", "-q", "--allow-empty", "-m", message]);
}

fn good(id: &str) -> String {
    GOOD_COMMUNITY
        .replace("{id}", id)
        .replace("{subject}", &format!("Subject {id}"))
}

/// Adds a line to a community's file, so its folder changes.
fn touch(registry: &Registry, id: &str, line: &str) {
    let path = format!("communities/{id}/community.yaml");
    let text = registry.read(&path);
    registry.write(&path, format!("{text}description: {line}\n").as_bytes());
}

/// The UTC date of an ISO 8601 timestamp with an offset, as `%cI` prints it.
fn utc_date(iso: &str) -> String {
    let instant: jiff::Timestamp = iso.parse().unwrap();
    instant
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .to_string()
}

/// What git says: the UTC date of the newest first-parent commit changing `folder`.
fn git_date(repo: &Path, folder: &str) -> Option<String> {
    let out = git(
        repo,
        &["log", "-1", "--first-parent", "--format=%cI", "--", folder],
    );
    let line = out.trim();
    (!line.is_empty()).then(|| utc_date(line))
}

/// What cop says: every community's last change, read from stale findings with a threshold
/// of 0 days and a `--today` far ahead (a community with no finding has no commit date).
fn cop_dates(registry_dir: &Path, ids: &[&str]) -> BTreeMap<String, Option<String>> {
    let config = std::fs::read_to_string(registry_dir.join("cop.yaml")).unwrap();
    assert!(config.contains("stale_after_days: 0"), "{config}");
    let run = run_cop(
        registry_dir,
        &["check", "--format", "json", "--today", "2100-01-01"],
        &[],
    );
    let json = run.json();
    let mut dates: BTreeMap<String, Option<String>> =
        ids.iter().map(|id| (id.to_string(), None)).collect();
    for finding in json["findings"].as_array().unwrap() {
        if finding["rule"] != "stale" {
            continue;
        }
        let message = finding["message"].as_str().unwrap();
        let at = message.find("last on ").unwrap() + "last on ".len();
        let id = finding["community"].as_str().unwrap().to_string();
        dates.insert(id, Some(message[at..at + 10].to_string()));
    }
    dates
}

/// Asserts that cop dates every community as git log does; `folder` maps an id to its path
/// relative to the repository.
#[track_caller]
fn assert_dates_match_git(repo: &Path, registry_dir: &Path, ids: &[&str], folder: &str) {
    let ours = cop_dates(registry_dir, ids);
    let theirs: BTreeMap<String, Option<String>> = ids
        .iter()
        .map(|id| (id.to_string(), git_date(repo, &format!("{folder}/{id}"))))
        .collect();
    assert_eq!(ours, theirs, "cop (left) and git log (right) disagree");
}

/// A registry with `stale_after_days: 0` and communities a, b, c in a fresh repository.
fn repository() -> Registry {
    let registry = Registry::new()
        .config("rules:\n  stale_after_days: 0\n")
        .file("communities/a/community.yaml", &good("a"))
        .file("communities/a/README.md", "# a\n")
        .file("communities/b/community.yaml", &good("b"))
        .file("communities/b/README.md", "# b\n")
        .file("communities/c/community.yaml", &good("c"))
        .file("communities/c/README.md", "# c\n");
    init(registry.path());
    registry
}

const IDS: &[&str] = &["a", "b", "c"];

#[test]
fn linear_history_dates_match_git_log() {
    let registry = repository();
    let dir = registry.path();
    commit(dir, "2025-06-01T12:00:00Z", "start");
    touch(&registry, "a", "one");
    // 01:30 in +05:00 is the previous day in UTC.
    commit(dir, "2025-07-02T01:30:00+05:00", "a");
    touch(&registry, "b", "one");
    // 22:00 in -04:00 is the next day in UTC.
    commit(dir, "2025-08-01T22:00:00-04:00", "b");
    registry.write("other.md", b"outside the communities folder\n");
    commit(dir, "2025-09-01T12:00:00Z", "elsewhere");
    assert_dates_match_git(dir, dir, IDS, "communities");
    let dates = cop_dates(dir, IDS);
    assert_eq!(dates["a"].as_deref(), Some("2025-07-01"));
    assert_eq!(dates["b"].as_deref(), Some("2025-08-02"));
    assert_eq!(dates["c"].as_deref(), Some("2025-06-01"));
}

#[test]
fn a_change_on_a_merged_branch_dates_at_the_merge() {
    let registry = repository();
    let dir = registry.path();
    commit(dir, "2025-01-01T12:00:00Z", "start");
    git(dir, &["checkout", "-q", "-b", "side"]);
    touch(&registry, "b", "on the side");
    commit(dir, "2025-02-01T12:00:00Z", "b on a side branch");
    git(dir, &["checkout", "-q", "main"]);
    touch(&registry, "a", "on main");
    commit(dir, "2025-03-01T12:00:00Z", "a on main");
    git_at(
        dir,
        "2025-04-01T12:00:00Z",
        &["merge", "-q", "--no-ff", "-m", "merge side", "side"],
    );
    touch(&registry, "c", "after the merge");
    commit(dir, "2025-05-01T12:00:00Z", "c on main");
    assert_dates_match_git(dir, dir, IDS, "communities");
    let dates = cop_dates(dir, IDS);
    assert_eq!(dates["b"].as_deref(), Some("2025-04-01"));
    assert_eq!(dates["a"].as_deref(), Some("2025-03-01"));
}

#[test]
fn a_merge_that_keeps_the_first_parents_folder_changes_nothing() {
    let registry = repository();
    let dir = registry.path();
    commit(dir, "2025-01-01T12:00:00Z", "start");
    git(dir, &["checkout", "-q", "-b", "side"]);
    touch(&registry, "b", "side");
    commit(dir, "2025-02-01T12:00:00Z", "b on the side");
    git(dir, &["checkout", "-q", "main"]);
    touch(&registry, "a", "main");
    commit(dir, "2025-03-01T12:00:00Z", "a on main");
    // `-s ours` keeps main's tree: the side's change to b never lands on main.
    git_at(
        dir,
        "2025-04-01T12:00:00Z",
        &["merge", "-q", "-s", "ours", "-m", "merge side", "side"],
    );
    assert_dates_match_git(dir, dir, IDS, "communities");
    assert_eq!(cop_dates(dir, IDS)["b"].as_deref(), Some("2025-01-01"));
}

#[test]
fn detached_head_dates_its_own_history() {
    let registry = repository();
    let dir = registry.path();
    commit(dir, "2025-01-01T12:00:00Z", "start");
    touch(&registry, "a", "one");
    commit(dir, "2025-02-01T12:00:00Z", "a");
    touch(&registry, "a", "two");
    commit(dir, "2025-03-01T12:00:00Z", "a again");
    git(dir, &["checkout", "-q", "--detach", "HEAD~1"]);
    assert_dates_match_git(dir, dir, IDS, "communities");
    assert_eq!(cop_dates(dir, IDS)["a"].as_deref(), Some("2025-02-01"));
}

#[test]
fn a_moved_community_dates_at_the_move() {
    let registry = repository();
    let dir = registry.path();
    commit(dir, "2025-01-01T12:00:00Z", "start");
    git(dir, &["mv", "communities/c", "communities/d"]);
    commit(dir, "2025-02-01T12:00:00Z", "rename c to d");
    let ids = &["a", "b", "d"];
    assert_dates_match_git(dir, dir, ids, "communities");
    assert_eq!(cop_dates(dir, ids)["d"].as_deref(), Some("2025-02-01"));
}

#[test]
fn a_registry_in_a_subfolder_with_its_own_communities_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    init(root);
    let registry = root.join("handbook/cop");
    let write = |relative: &str, text: &str| {
        let path = registry.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "cop.yaml",
        "communities: groups\nrules:\n  stale_after_days: 0\n",
    );
    for id in IDS {
        write(&format!("groups/{id}/community.yaml"), &good(id));
        write(&format!("groups/{id}/README.md"), "# readme\n");
    }
    commit(root, "2025-01-01T12:00:00Z", "start");
    write("groups/b/README.md", "# changed\n");
    commit(root, "2025-02-01T12:00:00Z", "b");
    // A folder of the same name elsewhere in the repository is not the registry's.
    std::fs::create_dir_all(root.join("groups/a")).unwrap();
    std::fs::write(root.join("groups/a/x"), "x").unwrap();
    commit(root, "2025-03-01T12:00:00Z", "decoy");
    assert_dates_match_git(root, &registry, IDS, "handbook/cop/groups");
    assert_eq!(
        cop_dates(&registry, IDS)["b"].as_deref(),
        Some("2025-02-01")
    );
    // An uncommitted change is found under the subfolder too, and only there.
    write("groups/c/README.md", "# edited\n");
    std::fs::write(root.join("groups/a/x"), "edited").unwrap();
    let dates = cop_dates(&registry, IDS);
    assert_eq!((dates["a"].is_some(), dates["c"].is_some()), (true, false));
    // --changed-since maps the repository's paths back to the registry's communities: b
    // (committed since HEAD~2) and c (uncommitted, so not stale) changed; groups/a outside the
    // registry does not count.
    let run = run_cop(
        &registry,
        &[
            "check",
            "--format",
            "json",
            "--today",
            "2100-01-01",
            "--changed-since",
            "HEAD~2",
        ],
        &[],
    );
    let json = run.json();
    let communities: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["community"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(communities, ["b"]);
    let note = json["notes"][0].as_str().unwrap();
    assert!(note.contains("of 2 communities changed"), "{note}");
}

#[test]
fn shallow_clone_dates_what_it_holds_and_notes_the_rest() {
    let origin = repository();
    let dir = origin.path();
    commit(dir, "2025-01-01T12:00:00Z", "start");
    touch(&origin, "a", "one");
    commit(dir, "2025-02-01T12:00:00Z", "a");
    touch(&origin, "b", "one");
    commit(dir, "2025-03-01T12:00:00Z", "b");
    let clone_parent = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dir.display());
    git(
        clone_parent.path(),
        &["clone", "-q", "--depth", "2", &url, "clone"],
    );
    let clone = clone_parent.path().join("clone");
    assert_eq!(
        git(&clone, &["rev-parse", "--is-shallow-repository"]).trim(),
        "true"
    );
    let dates = cop_dates(&clone, IDS);
    // b changed in the newest commit, which the clone holds with its parent: dated as git
    // log dates it. a changed in the boundary commit (whose parent is cut off) and c before
    // it: git log would wrongly date both at the boundary; cop leaves them undated.
    assert_eq!(dates["b"], git_date(&clone, "communities/b"));
    assert_eq!(dates["b"].as_deref(), Some("2025-03-01"));
    assert_eq!(dates["a"], None);
    assert_eq!(dates["c"], None);
    let run = run_cop(&clone, &["check", "--today", "2100-01-01"], &[]);
    run.code(0)
        .stderr_has("stale: 2 communities not checked")
        .stderr_has("`a`, `c`")
        .stderr_has("on or before 2025-02-01")
        .stderr_has("git fetch --unshallow");
    // Depth 1: nothing can be dated, and nothing fails.
    git(
        clone_parent.path(),
        &["clone", "-q", "--depth", "1", &url, "one"],
    );
    let one = clone_parent.path().join("one");
    let run = run_cop(
        &one,
        &["check", "--today", "2100-01-01", "--format", "json"],
        &[],
    );
    run.code(0);
    let json = run.json();
    assert_eq!(json["findings"].as_array().unwrap().len(), 0, "{json:#}");
    assert!(
        json["notes"][0]
            .as_str()
            .unwrap()
            .contains("3 communities not checked"),
        "{json:#}"
    );
}

#[test]
fn unborn_repository_counts_everything_as_uncommitted() {
    let registry = repository();
    let dir = registry.path();
    let run = registry.cop(&["check", "--today", "2100-01-01", "--format", "json"]);
    run.code(0);
    assert_eq!(run.json()["findings"].as_array().unwrap().len(), 0);
    assert_eq!(run.json()["notes"].as_array().unwrap().len(), 0);
    // Staged but still unborn.
    git(dir, &["add", "-A"]);
    registry
        .cop(&["check", "--today", "2100-01-01", "--strict"])
        .code(0);
}

#[test]
fn empty_repository_with_no_communities_is_fine() {
    let registry = Registry::new().config("rules:\n  stale_after_days: 0\n");
    init(registry.path());
    registry
        .cop(&["check", "--today", "2100-01-01", "--strict"])
        .code(0);
}

#[test]
fn ignored_community_gets_a_note_not_a_finding() {
    let registry = repository().file(".gitignore", "communities/c/\n");
    commit(registry.path(), "2025-01-01T12:00:00Z", "start");
    let run = registry.cop(&["check", "--today", "2100-01-01", "--format", "json"]);
    let json = run.json();
    let stale: Vec<_> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["community"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(stale, ["a", "b"]);
    assert!(
        json["notes"][0].as_str().unwrap().contains("`c`"),
        "{json:#}"
    );
}

#[test]
fn bare_repository_skips_the_rule_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("handbook.git");
    std::fs::create_dir(&bare).unwrap();
    git(&bare, &["init", "-q", "--bare"]);
    let registry = bare.join("registry");
    std::fs::create_dir_all(registry.join("communities")).unwrap();
    std::fs::write(registry.join("cop.yaml"), "").unwrap();
    run_cop(&registry, &["check"], &[])
        .code(0)
        .stderr_has("note: stale: not checked")
        .stderr_has("is bare");
}

#[test]
fn outside_a_repository_the_rule_is_skipped_with_a_note() {
    let registry = Registry::new().good("a", "A");
    let ceiling = registry.path().parent().unwrap().display().to_string();
    let env = [("GIT_CEILING_DIRECTORIES", ceiling.as_str())];
    run_cop(registry.path(), &["check", "--strict"], &env)
        .code(0)
        .stderr_has("note: stale: not checked, as")
        .stderr_has("is not inside a git repository");
    let json = run_cop(registry.path(), &["check", "--format", "json"], &env).json();
    assert!(
        json["notes"][0]
            .as_str()
            .unwrap()
            .contains("not inside a git repository"),
        "{json:#}"
    );
    // --changed-since cannot work without history: exit 2.
    run_cop(registry.path(), &["check", "--changed-since", "main"], &env)
        .code(2)
        .stderr_has("--changed-since `main` needs the registry's git working tree");
}

/// A registry with the default threshold (90 days), one community committed at `date`.
fn one_community_at(date: &str) -> Registry {
    let registry = Registry::new().good("a", "A");
    init(registry.path());
    commit(registry.path(), date, "start");
    registry
}

fn stale_messages(run: &Run) -> Vec<String> {
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "stale")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn stale_fires_past_the_threshold_only() {
    let registry = one_community_at("2026-01-01T23:30:00Z");
    // 2026-04-01 is 90 days after 2026-01-01: at the limit, not past it.
    let run = registry.cop(&["check", "--today", "2026-04-01", "--format", "json"]);
    run.code(0);
    assert!(stale_messages(&run).is_empty(), "{}", run.stdout);
    let run = registry.cop(&["check", "--today", "2026-04-02", "--format", "json"]);
    run.code(0);
    assert_eq!(
        stale_messages(&run),
        ["no change in 91 days (last on 2026-01-01); at most 90 are expected"]
    );
    let json = run.json();
    let finding = &json["findings"][0];
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["path"], "communities/a/community.yaml");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(1), Some(1))
    );
    registry
        .cop(&["check", "--today", "2026-04-02", "--strict"])
        .code(1)
        .stdout_has("warning[stale]: no change in 91 days")
        .stdout_has("--> communities/a/community.yaml:1:1")
        .stdout_has("= help: check the community is alive");
    registry
        .cop(&[
            "check",
            "--today",
            "2026-04-02",
            "--strict",
            "--skip",
            "stale",
        ])
        .code(0);
}

#[test]
fn threshold_and_severity_come_from_cop_yaml() {
    let registry = one_community_at("2026-01-01T12:00:00Z");
    registry.write(
        "cop.yaml",
        b"rules:\n  stale_after_days: 10\nseverity:\n  stale: error\n",
    );
    commit(registry.path(), "2026-01-01T12:00:00Z", "config");
    registry.cop(&["check", "--today", "2026-01-11"]).code(0);
    registry
        .cop(&["check", "--today", "2026-01-12"])
        .code(1)
        .stdout_has("error[stale]: no change in 11 days");
}

#[test]
fn uncommitted_changes_count_as_today() {
    let registry = one_community_at("2025-01-01T12:00:00Z");
    let stale = |registry: &Registry| {
        stale_messages(&registry.cop(&["check", "--today", "2026-01-01", "--format", "json"]))
    };
    assert_eq!(stale(&registry).len(), 1);
    // Unstaged.
    touch(&registry, "a", "edited");
    assert!(stale(&registry).is_empty());
    // Staged.
    git(registry.path(), &["add", "-A"]);
    assert!(stale(&registry).is_empty());
    commit(registry.path(), "2025-01-01T12:00:00Z", "old change");
    assert_eq!(stale(&registry).len(), 1);
    // Untracked.
    registry.write("communities/a/notes.md", b"new\n");
    assert!(stale(&registry).is_empty());
}

#[test]
fn bad_today_is_exit_2() {
    let registry = Registry::new();
    registry
        .cop(&["check", "--today", "2026-02-30"])
        .code(2)
        .stderr_has("invalid --today `2026-02-30`: expected a calendar date as YYYY-MM-DD");
    registry
        .cop(&["check", "--today", "yesterday", "--skip", "stale"])
        .code(2)
        .stderr_has("invalid --today `yesterday`");
}

#[test]
fn changed_since_reports_only_changed_communities() {
    let small = |id: &str| good(id).replace(", \"@bob\", \"@cy\"", "");
    let registry = Registry::new()
        .community("a", &small("a"))
        .community("b", &small("b"))
        .community("c", &good("c").replace("Subject c", "Shared"))
        .community("d", &good("d").replace("Subject d", "Shared"));
    init(registry.path());
    commit(registry.path(), "2026-01-01T12:00:00Z", "start");
    git(registry.path(), &["checkout", "-q", "-b", "feature"]);
    let rules_and_ids = |run: &Run| -> Vec<(String, String)> {
        run.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["community"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let check = |rev: &str| {
        registry.cop(&[
            "check",
            "--format",
            "json",
            "--today",
            "2026-01-02",
            "--changed-since",
            rev,
        ])
    };
    // Nothing changed: nothing reported, and the note says why.
    let run = check("main");
    run.code(0);
    assert!(rules_and_ids(&run).is_empty(), "{}", run.stdout);
    assert!(
        run.json()["notes"][0]
            .as_str()
            .unwrap()
            .contains("0 communities")
    );
    // A committed change to a: only a's findings.
    touch(&registry, "a", "changed");
    commit(registry.path(), "2026-01-02T12:00:00Z", "a");
    let run = check("main");
    run.code(1);
    assert_eq!(rules_and_ids(&run), [("min-members".into(), "a".into())]);
    // An uncommitted change to c: the duplicate subject of d involves c, so it is reported.
    touch(&registry, "c", "changed");
    let run = check("main");
    assert_eq!(
        rules_and_ids(&run),
        [
            ("min-members".into(), "a".into()),
            ("duplicate-subject".into(), "d".into())
        ]
    );
    // Without the flag, everything.
    let all = registry.cop(&["check", "--format", "json", "--today", "2026-01-02"]);
    assert_eq!(rules_and_ids(&all).len(), 3);
    // A revision that does not exist: exit 2, naming it.
    registry
        .cop(&["check", "--changed-since", "no-such-branch"])
        .code(2)
        .stderr_has("cannot resolve the git revision `no-such-branch`");
}

#[test]
fn changed_since_also_filters_stale() {
    let registry = Registry::new().good("a", "A").good("b", "B");
    init(registry.path());
    commit(registry.path(), "2025-01-01T12:00:00Z", "start");
    let base = git(registry.path(), &["rev-parse", "HEAD"]);
    touch(&registry, "b", "changed");
    commit(registry.path(), "2025-01-02T12:00:00Z", "b");
    let run = registry.cop(&[
        "check",
        "--format",
        "json",
        "--today",
        "2026-01-01",
        "--changed-since",
        base.trim(),
    ]);
    let json = run.json();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json:#}");
    assert_eq!(findings[0]["community"], "b");
    assert_eq!(findings[0]["rule"], "stale");
}

#[test]
fn a_linked_worktree_reads_the_shared_history() {
    let registry = repository();
    let dir = registry.path();
    commit(dir, "2025-01-01T12:00:00Z", "start");
    git(dir, &["checkout", "-q", "-b", "side"]);
    touch(&registry, "a", "on side");
    commit(dir, "2025-02-01T12:00:00Z", "a on side");
    git(dir, &["checkout", "-q", "main"]);
    let other = tempfile::tempdir().unwrap();
    let linked = other.path().join("linked");
    git(
        dir,
        &["worktree", "add", "-q", linked.to_str().unwrap(), "side"],
    );
    assert_dates_match_git(&linked, &linked, IDS, "communities");
    assert_eq!(cop_dates(&linked, IDS)["a"].as_deref(), Some("2025-02-01"));
    assert_eq!(cop_dates(dir, IDS)["a"].as_deref(), Some("2025-01-01"));
}

#[test]
fn a_repository_git2_cannot_read_skips_the_git_rules_with_a_note() {
    // SHA-256 object format (libgit2 reads only SHA-1), and a `.git` file pointing nowhere.
    let sha256 = Registry::new().good("a", "A");
    git(sha256.path(), &["init", "-q", "--object-format=sha256"]);
    let broken = Registry::new().good("a", "A");
    std::fs::write(broken.path().join(".git"), "gitdir: /nonexistent/place\n").unwrap();
    let cases = [
        (
            &sha256,
            "git: cannot open: unknown object format 'sha256'".to_string(),
        ),
        (
            &broken,
            format!(
                "`{}/.git` is not a repository git2 can open: failed to resolve path '/nonexistent/place': No such file or directory",
                broken.path().display()
            ),
        ),
    ];
    for (registry, why) in cases {
        let run = run_cop(registry.path(), &["check"], &[]);
        run.code(0);
        assert_eq!(
            run.stderr,
            format!(
                "note: stale: not checked, as `{}` is in a git repository that cop cannot read ({why})\n",
                registry.path().display()
            )
        );
        // What only git can answer still fails (exit 2), naming the reason.
        run_cop(registry.path(), &["check", "--changed-since", "HEAD"], &[])
            .code(2)
            .stderr_has(&why);
    }
}

#[test]
fn a_stale_finding_keeps_its_fingerprint_from_one_day_to_the_next() {
    let registry = repository();
    commit(registry.path(), "2026-01-01T00:00:00Z", "start");
    let fingerprint = |today: &str| {
        let run = registry.cop(&["check", "--format", "gitlab", "--today", today]);
        run.code(0);
        let report = run.json();
        let stale: Vec<(String, String)> = report
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["check_name"] == "stale")
            .map(|i| {
                let text = |k: &str| i[k].as_str().unwrap().to_string();
                (text("description"), text("fingerprint"))
            })
            .collect();
        assert_eq!(stale.len(), IDS.len(), "{report:#}");
        stale
    };
    let monday = fingerprint("2026-03-02");
    let tuesday = fingerprint("2026-03-03");
    for ((a, first), (b, second)) in monday.iter().zip(&tuesday) {
        // The message's age grows by a day; the finding is the same one.
        assert_ne!(a, b);
        assert_eq!(first, second);
    }
}
