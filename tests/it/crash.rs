//! Interruptions and races: `cop render` killed (SIGKILL) at random moments leaves every file as
//! it was or as a complete render leaves it, and the next run cleans up; `cop render` and
//! `cop new` at the same time never lose the new community from a page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{GOOD_COMMUNITY, Registry};

const COMMUNITIES: usize = 1500;
const KILLS: usize = 8;

type Files = BTreeMap<PathBuf, Vec<u8>>;

/// A registry of many communities, every page stale, so that a render rewrites thousands of
/// files.
fn big_registry() -> Registry {
    let page = "# CoPs\n\n<!-- cop:begin active -->\n<!-- cop:end active -->\n\n<!-- cop:begin suggested -->\n<!-- cop:end suggested -->\n";
    let registry = Registry::new()
        .config("pages: [handbook/cop.md]\n")
        .file("handbook/cop.md", page);
    for n in 0..COMMUNITIES {
        let id = format!("c{n:05}");
        let yaml = GOOD_COMMUNITY
            .replace("{id}", &id)
            .replace("{subject}", &format!("Community {n}"))
            .replace(
                "[\"@ann\", \"@bob\", \"@cy\"]",
                &format!("[\"@p{n}\", \"@q{n}\", \"@r{n}\"]"),
            )
            .replace("[\"@ann\"]", &format!("[\"@p{n}\"]"));
        registry.write(&format!("communities/{id}/community.yaml"), yaml.as_bytes());
        let readme =
            format!("# {id}\n\n<!-- cop:begin about -->\n<!-- cop:end about -->\n\nMore prose.\n");
        registry.write(&format!("communities/{id}/README.md"), readme.as_bytes());
    }
    registry
}

fn files(registry: &Registry) -> Files {
    registry.snapshot().into_iter().collect()
}

fn materialize(files: &Files) -> Registry {
    let registry = Registry {
        dir: tempfile::tempdir().unwrap(),
    };
    for (path, bytes) in files {
        registry.write(path.to_str().unwrap(), bytes);
    }
    registry
}

fn spawn_cop(dir: &Path, args: &[&str]) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("cop"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn cop")
}

fn is_temporary(path: &Path) -> bool {
    let name = path.file_name().unwrap().to_string_lossy();
    name.starts_with(".cop-") && name.ends_with(".tmp")
}

/// A small deterministic generator, so a failure can be replayed from its seed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

#[test]
fn render_killed_at_random_moments_leaves_old_or_new_files() {
    let before = files(&big_registry());
    let after = {
        let registry = materialize(&before);
        let start = Instant::now();
        registry.cop(&["render", "-q"]).code(0);
        (files(&registry), start.elapsed())
    };
    let (after, full) = after;
    assert_ne!(before, after);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut random = Lcg(seed);
    let mut interrupted = 0;
    // On a loaded machine one render's time says little about the next one's: a run that
    // finished before its kill narrows the window, so that the kills land mid-way, and rounds
    // go on until KILLS of them did (or four times as many rounds have passed).
    let mut window = full.as_millis() as u64 * 11 / 10;
    for round in 0..KILLS * 4 {
        if interrupted == KILLS {
            break;
        }
        let registry = materialize(&before);
        let mut child = spawn_cop(registry.path(), &["render", "-q"]);
        let delay = random.below(window);
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        } else {
            window = (window * 3 / 4).max(1);
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();

        let now = files(&registry);
        // Writes are batched (every temporary file, one flush, every rename), so a kill may
        // leave several temporary files; the next render removes them all (checked below).
        for (path, bytes) in &now {
            if is_temporary(path) {
                continue;
            }
            let old = before.get(path);
            let new = after.get(path);
            assert!(
                Some(bytes) == old || Some(bytes) == new,
                "seed {seed} round {round} (killed after {delay} ms): {} is neither as before nor as rendered",
                path.display()
            );
        }
        for path in before.keys() {
            assert!(
                now.contains_key(path),
                "seed {seed} round {round}: {} vanished",
                path.display()
            );
        }

        // The next run finishes the work and removes what the killed one left.
        registry.cop(&["render", "-q"]).code(0);
        assert_eq!(
            files(&registry),
            after,
            "seed {seed} round {round}: the next render completes"
        );
    }
    assert!(
        interrupted >= KILLS / 2,
        "seed {seed}: only {interrupted} of {KILLS} runs were killed mid-way"
    );
}

#[test]
fn render_and_new_at_once_never_lose_the_new_community() {
    let before = files(&big_registry());
    let new_args = [
        "new",
        "Brand New Community",
        "--facilitator",
        "@x",
        "--member",
        "@y",
        "--member",
        "@z",
        "--no-input",
    ];
    // How long a `cop new` takes here, so that renders can start at moments spread across it:
    // a render that plans before `cop new` writes and writes after it would drop the new row
    // without the registry lock.
    let took = {
        let registry = materialize(&before);
        let start = Instant::now();
        registry.cop(&new_args).code(0);
        start.elapsed()
    };
    for quarter in 0..4u32 {
        let registry = materialize(&before);
        let new = spawn_cop(registry.path(), &new_args);
        std::thread::sleep(took * quarter / 4);
        let render = spawn_cop(registry.path(), &["render", "-q"]);
        let new = new.wait_with_output().unwrap();
        let render = render.wait_with_output().unwrap();
        assert!(
            new.status.success(),
            "new: {}",
            String::from_utf8_lossy(&new.stderr)
        );
        assert!(
            render.status.success(),
            "render: {}",
            String::from_utf8_lossy(&render.stderr)
        );
        let page = registry.read("handbook/cop.md");
        assert!(
            page.contains("| Brand New Community | @x @y @z |"),
            "render started {quarter}/4 into `cop new`: the page misses the new community"
        );
        registry.cop(&["render", "--check"]).code(0);
        registry.cop(&["check", "--skip", "stale"]).code(0);
    }
}
