//! Hostile input: the corpus in tests/hostile/ (listed in cases.tsv with the exit code and a
//! fragment of the message each case must give), plus inputs too large or too binary to keep
//! as files. No input may panic, hang or hide the other communities' findings.

use std::path::Path;

use crate::support::{Registry, run_cop};

struct Case {
    kind: String,
    file: String,
    code: i32,
    fragment: String,
}

fn corpus() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let manifest = std::fs::read_to_string(root.join("cases.tsv")).unwrap();
    manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.splitn(4, '\t');
            let mut next = || parts.next().unwrap_or("").to_string();
            Case {
                kind: next(),
                file: next(),
                code: next().parse().expect("exit code"),
                fragment: next(),
            }
        })
        .collect()
}

fn bytes(case: &Case) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/hostile")
            .join(&case.file),
    )
    .unwrap()
}

/// A registry with one good community beside the hostile one, so that every case also shows
/// the others are still checked.
/// Checks a case's exit code and message fragment; returns stdout and stderr together.
#[track_caller]
fn assert_outcome(case: &Case, run: &crate::support::Run) -> String {
    assert_eq!(
        run.code,
        Some(case.code),
        "{}: {}\n{}",
        case.file,
        run.stdout,
        run.stderr
    );
    let output = format!("{}{}", run.stdout, run.stderr);
    assert!(
        output.contains(&case.fragment),
        "{}: {:?} not in\n{output}",
        case.file,
        case.fragment
    );
    output
}

fn registry_with_community(bytes: &[u8]) -> Registry {
    let registry = Registry::new().good("ok", "Fine Community");
    registry.write("communities/x/community.yaml", bytes);
    registry.write("communities/x/README.md", b"# x\n");
    registry
}

fn assert_community_case(name: &str, registry: &Registry, code: i32, fragment: &str) {
    let run = registry.cop(&["check", "--format", "json"]);
    assert_eq!(
        run.code,
        Some(code),
        "{name}: exit code\n{}\n{}",
        run.stdout,
        run.stderr
    );
    let json = run.json();
    assert_eq!(
        json["summary"]["communities"], 2,
        "{name}: both communities checked"
    );
    for finding in json["findings"].as_array().unwrap() {
        assert_eq!(
            finding["path"], "communities/x/community.yaml",
            "{name}: {finding}"
        );
        assert!(finding["line"].as_u64().unwrap() >= 1, "{name}: {finding}");
    }
    assert!(
        run.stdout.contains(fragment),
        "{name}: {fragment:?} not in\n{}",
        run.stdout
    );
    // The calendar is still written around any community, and never panics.
    let calendar = registry.cop(&["calendar", "--from", "2026-01-15"]);
    assert_eq!(
        calendar.code,
        Some(0),
        "{name}: calendar\n{}",
        calendar.stderr
    );
    assert!(
        calendar.stdout.starts_with("BEGIN:VCALENDAR\r\n")
            && calendar.stdout.ends_with("END:VCALENDAR\r\n"),
        "{name}: {}",
        calendar.stdout
    );
    // The human format names the file and line too, and never panics.
    let human = registry.cop(&["check", "--color", "never"]);
    assert_eq!(human.code, Some(code), "{name}");
    if code == 1 {
        assert!(
            human.stdout.contains("communities/x/community.yaml:"),
            "{name}: {}",
            human.stdout
        );
    }
}

#[test]
fn corpus_has_fifty_cases_or_more() {
    assert!(corpus().len() >= 50, "{} cases", corpus().len());
}

#[test]
fn community_corpus() {
    for case in corpus().iter().filter(|c| c.kind == "community") {
        let registry = registry_with_community(&bytes(case));
        assert_community_case(&case.file, &registry, case.code, &case.fragment);
    }
}

#[test]
fn config_corpus() {
    for case in corpus().iter().filter(|c| c.kind == "config") {
        let registry = Registry::new().good("ok", "Fine Community");
        registry.write("cop.yaml", &bytes(case));
        let run = registry.cop(&["check"]);
        assert_outcome(case, &run);
        if case.code == 2 {
            assert!(
                run.stderr.starts_with("error: "),
                "{}: {}",
                case.file,
                run.stderr
            );
            assert!(
                run.stderr.contains("cop.yaml"),
                "{}: {}",
                case.file,
                run.stderr
            );
        }
    }
}

#[test]
fn invalid_utf8_points_at_the_byte() {
    let registry = registry_with_community(b"subject: caf\xe9\nstatus: proposed\n");
    assert_community_case("invalid utf-8", &registry, 1, "not valid UTF-8");
    let run = registry.cop(&["check", "--format", "json"]);
    assert_eq!(run.json()["findings"][0]["line"], 1);
    assert_eq!(run.json()["findings"][0]["column"], 13);
}

#[test]
fn binary_junk_is_a_parse_error() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let registry = registry_with_community(&junk);
    assert_community_case("binary junk", &registry, 1, "parse-error");
}

#[test]
fn fifty_mib_file_is_refused_quickly() {
    let mut big = b"subject: Big\nstatus: proposed\ndescription: \"".to_vec();
    big.resize(50 * 1024 * 1024, b'x');
    big.extend_from_slice(b"\"\n");
    let registry = registry_with_community(&big);
    let start = std::time::Instant::now();
    assert_community_case("50 MiB", &registry, 1, "larger than 1024 KiB");
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
}

#[test]
fn nul_bytes_and_control_characters() {
    let registry = registry_with_community(b"subject: a\0b\nstatus: proposed\n");
    assert_community_case("nul byte", &registry, 1, "parse-error");
}

#[test]
fn odd_folder_names_are_invalid_ids() {
    for name in [
        "UPPER",
        "with space",
        "trailing-",
        "caf\u{e9}",
        "a..b",
        "emoji-\u{1f600}",
    ] {
        let registry = Registry::new().good("ok", "Fine");
        let yaml = crate::support::GOOD_COMMUNITY
            .replace("{id}", "z")
            .replace("{subject}", "Z");
        registry.write(
            &format!("communities/{name}/community.yaml"),
            yaml.as_bytes(),
        );
        registry.write(&format!("communities/{name}/README.md"), b"# z\n");
        let run = registry.cop(&["check", "--format", "json"]);
        run.code(1);
        let json = run.json();
        assert_eq!(
            json["findings"][0]["rule"], "invalid-id",
            "{name}: {json:#}"
        );
    }
}

#[test]
fn cop_yaml_that_is_not_a_file_or_unreadable() {
    let registry = Registry::new().good("ok", "Fine");
    registry.write("cop.yaml", b"\xff\xfe not utf-8");
    registry
        .cop(&["check"])
        .code(2)
        .stderr_has("cop.yaml:1:1: file is not valid UTF-8");

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("cop.yaml")).unwrap();
    run_cop(dir.path(), &["check"], &[])
        .code(2)
        .stderr_has("no cop.yaml in");
}

/// Runs `cop render` with a hostile page or template in place: the expected exit code, the
/// message, and nothing written unless it succeeds.
fn assert_render_case(case: &Case, registry: &Registry) {
    let before = registry.snapshot();
    let run = registry.cop(&["render", "--color", "never"]);
    let output = assert_outcome(case, &run);
    if case.code != 0 {
        assert_eq!(
            registry.snapshot(),
            before,
            "{}: nothing written",
            case.file
        );
        // A page's problems name its line too.
        let path = render_case_path(&case.kind);
        let named = if case.kind == "page" {
            format!("{path}:")
        } else {
            path.to_string()
        };
        assert!(
            output.contains(&named),
            "{}: the message names the file\n{output}",
            case.file
        );
    } else {
        registry.cop(&["render", "--check"]).code(0);
    }
}

fn render_registry() -> Registry {
    Registry::new()
        .config("pages: [handbook/page.md]\n")
        .file(
            "handbook/page.md",
            "<!-- cop:begin active -->\n<!-- cop:end active -->\n",
        )
        .good("ok", "Fine Community")
}

/// Where a render case's file goes in the registry.
fn render_case_path(kind: &str) -> &'static str {
    match kind {
        "page" => "handbook/page.md",
        _ => "templates/regions/active.md",
    }
}

#[test]
fn page_and_template_corpus() {
    for case in corpus()
        .iter()
        .filter(|c| c.kind == "page" || c.kind == "template")
    {
        let registry = render_registry();
        registry.write(render_case_path(&case.kind), &bytes(case));
        assert_render_case(case, &registry);
    }
}

#[test]
fn binary_junk_in_a_page_is_refused() {
    let registry = render_registry();
    let mut junk = b"<!-- cop:begin active -->\n<!-- cop:end active -->\n".to_vec();
    junk.extend((0..2048u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8));
    registry.write("handbook/page.md", &junk);
    let before = registry.snapshot();
    registry
        .cop(&["render"])
        .code(1)
        .stdout_has("not valid UTF-8");
    assert_eq!(registry.snapshot(), before);
}

#[cfg(unix)]
#[test]
fn links_out_of_the_registry_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("page.md"),
        "<!-- cop:begin active -->\n<!-- cop:end active -->\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("active.md"), "{{ active | length }}\n").unwrap();

    let registry = render_registry();
    std::fs::remove_file(registry.path().join("handbook/page.md")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("page.md"),
        registry.path().join("handbook/page.md"),
    )
    .unwrap();
    registry
        .cop(&["render"])
        .code(2)
        .stderr_has("outside the registry");

    let registry = render_registry();
    std::fs::create_dir_all(registry.path().join("templates/regions")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("active.md"),
        registry.path().join("templates/regions/active.md"),
    )
    .unwrap();
    registry
        .cop(&["render", "--color", "never"])
        .code(1)
        .stdout_has("not a link");
    let page = std::fs::read_to_string(outside.path().join("page.md")).unwrap();
    assert_eq!(page, "<!-- cop:begin active -->\n<!-- cop:end active -->\n");
}

#[test]
fn template_names_that_try_to_leave_are_refused() {
    let registry = render_registry().config("pages: [handbook/page.md]\ntemplates: ../elsewhere\n");
    registry
        .cop(&["render"])
        .code(2)
        .stderr_has("leaves the registry");
    let registry = render_registry().file("templates/regions/Bad Name.md", "x\n");
    registry
        .cop(&["render", "--color", "never"])
        .code(1)
        .stdout_has("is not a region name");
}

#[test]
fn read_only_page_and_folder_are_named_and_left_alone() {
    let registry = render_registry();
    let page = registry.path().join("handbook/page.md");
    // Tests run as root (CI too), where only an immutable file refuses a write; without
    // `chattr` this test cannot say anything, so it fails rather than pass untested.
    assert!(
        crate::support::immutable(&page, true),
        "chattr +i failed: this test needs root and a file system with immutable files"
    );
    let before = registry.snapshot();
    let run = registry.cop(&["render"]);
    crate::support::immutable(&page, false);
    run.code(2).stderr_has("cannot write `handbook/page.md`");
    assert_eq!(registry.snapshot(), before);

    let folder = registry.path().join("handbook");
    assert!(crate::support::immutable(&folder, true));
    let run = registry.cop(&["render"]);
    crate::support::immutable(&folder, false);
    run.code(2).stderr_has("handbook/page.md");
    assert_eq!(
        registry.snapshot(),
        before,
        "no temporary file left in the folder"
    );
}

#[cfg(unix)]
#[test]
fn a_communities_folder_linked_out_of_the_registry_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let registry = Registry::new();
    std::fs::remove_dir(registry.path().join("communities")).unwrap();
    std::os::unix::fs::symlink(outside.path(), registry.path().join("communities")).unwrap();
    registry
        .cop(&["check"])
        .code(2)
        .stderr_has("the communities folder `communities` links to")
        .stderr_has("outside the registry");
}
