//! A small builder over assert_cmd and tempfile: a registry in a temporary folder, a cop run
//! in it, and the assertions a test makes on its output, files and exit code.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;

/// A community file that passes every rule, with `{id}` and `{subject}` to fill in.
pub const GOOD_COMMUNITY: &str = "subject: {subject}
status: active
facilitators: [\"@ann\"]
members: [\"@ann\", \"@bob\", \"@cy\"]
channel: \"#cp_{id}\"
meeting:
  cadence: monthly
";

/// A registry in a temporary folder.
pub struct Registry {
    pub dir: TempDir,
}

impl Registry {
    /// An empty registry: an empty cop.yaml and a communities folder.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("cop.yaml"), "").unwrap();
        fs::create_dir(dir.path().join("communities")).unwrap();
        Registry { dir }
    }

    /// A copy of one of the bundled examples.
    pub fn example(name: &str) -> Self {
        let registry = Registry {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(name),
            registry.path(),
        );
        registry
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `relative`, creating folders.
    pub fn file(self, relative: &str, text: &str) -> Self {
        self.write(relative, text.as_bytes());
        self
    }

    pub fn write(&self, relative: &str, bytes: &[u8]) {
        let path = self.path().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    pub fn config(self, text: &str) -> Self {
        self.file("cop.yaml", text)
    }

    /// A community folder with `community.yaml` and a README.md.
    pub fn community(self, id: &str, yaml: &str) -> Self {
        self.file(&format!("communities/{id}/community.yaml"), yaml)
            .file(&format!("communities/{id}/README.md"), &format!("# {id}\n"))
    }

    /// A community that passes every rule.
    pub fn good(self, id: &str, subject: &str) -> Self {
        let yaml = GOOD_COMMUNITY
            .replace("{id}", id)
            .replace("{subject}", subject);
        self.community(id, &yaml)
    }

    pub fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path().join(relative)).unwrap()
    }

    /// Runs `cop` with `args` in the registry's folder.
    /// Runs cop in the registry and asserts that it changed no file there.
    pub fn cop_unchanged(&self, args: &[&str]) -> Run {
        let before = self.snapshot();
        let run = self.cop(args);
        assert_eq!(self.snapshot(), before, "cop {args:?} changed the registry");
        run
    }

    pub fn cop(&self, args: &[&str]) -> Run {
        run_cop(self.path(), args, &[])
    }

    /// Every file below the registry with its bytes, to show that nothing changed.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        walk(self.path(), self.path(), &mut files);
        files.sort();
        files
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            let bytes = fs::read(&path).unwrap_or_default();
            out.push((path.strip_prefix(root).unwrap().to_path_buf(), bytes));
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// No run of cop may take longer than this: hostile input must fail fast, never hang.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Runs the cop binary in `dir` with a clean colour environment, failing the test on a panic.
pub fn run_cop(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = assert_cmd::Command::cargo_bin("cop").expect("cop binary");
    command
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .timeout(TIMEOUT);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("run cop");
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "cop panicked: {}",
        run.stderr
    );
    run
}

/// The outcome of one run, with assertions that print the whole output when they fail.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(expected),
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, fragment: &str) -> &Self {
        assert!(
            self.stdout.contains(fragment),
            "stdout lacks {fragment:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_lacks(&self, fragment: &str) -> &Self {
        assert!(
            !self.stdout.contains(fragment),
            "stdout has {fragment:?}\n--- stdout\n{}",
            self.stdout
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, fragment: &str) -> &Self {
        assert!(
            self.stderr.contains(fragment),
            "stderr lacks {fragment:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.stdout))
    }
}

/// Makes `path` immutable (even for root, whom permissions do not stop) when the file system
/// allows it; false when it cannot.
pub fn immutable(path: &Path, on: bool) -> bool {
    std::process::Command::new("chattr")
        .arg(if on { "+i" } else { "-i" })
        .arg(path)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs git in `dir` with no system or user configuration but `dir`'s own, and its stdout;
/// a failing git fails the test.
pub fn git(dir: &Path, args: &[&str]) -> String {
    stdout_of(git_in(dir, args).env("HOME", dir), args)
}

/// Who commits: (name, e-mail).
pub type Who = (&'static str, &'static str);

/// Runs git in `dir` as `who`, both dates `date` (ISO 8601 with an offset), no user config.
pub fn git_as(dir: &Path, date: &str, who: Who, args: &[&str]) -> String {
    let mut command = git_in(dir, args);
    command
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date);
    stdout_of(&mut command, args)
}

/// git with `args` in `dir`, without the system's configuration.
fn git_in(dir: &Path, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new("git");
    command
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1");
    command
}

/// What git printed; a failing git fails the test, with what it said.
fn stdout_of(command: &mut std::process::Command, args: &[&str]) -> String {
    let output = command.output().expect("run git");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
