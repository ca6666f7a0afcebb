//! Every file cop writes goes through here (SPEC §5): atomic (a temporary file in the same
//! folder, renamed over the old one) and durable (flushed to disk before the rename, the
//! folders flushed after it), all or nothing for a batch, with a way to take a batch back when
//! a later step (a commit) fails.
//!
//! Flushes are batched: a large batch writes every temporary file, flushes the file system
//! once, renames them all and flushes once more, so that 10,000 READMEs cost two flushes, not
//! 10,000. A small batch flushes each file and its folder, which costs less than flushing a
//! whole file system another process may be filling.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Temporary files are `.cop-XXXXXX.tmp` beside their target.
const TEMP_PREFIX: &str = ".cop-";
const TEMP_SUFFIX: &str = ".tmp";

/// Above this many files, a batch flushes the file system instead of each file.
const FLUSH_EACH_UP_TO: usize = 32;

/// Why a batch could not be written; nothing of it remains (or the undo failed too, which the
/// message says).
#[derive(Debug, thiserror::Error)]
#[error("cannot write `{shown}`: {error}{}", undo.as_deref().map(|u| format!("; taking back the rest failed too: {u}")).unwrap_or_else(|| "; nothing was written".into()))]
pub struct WriteError {
    /// The file, relative to the batch's root.
    pub shown: String,
    pub error: io::Error,
    undo: Option<String>,
}

/// Files to write together, all or nothing.
#[derive(Debug, Default)]
pub struct Batch {
    /// The folder paths are relative to (the registry root): messages name files from it.
    root: PathBuf,
    files: Vec<(PathBuf, Vec<u8>)>,
    /// Keep each file's old bytes, so that the whole batch can be taken back.
    undoable: bool,
}

impl Batch {
    /// A batch that can be taken back as a whole, and is when any file of it fails.
    pub fn new(root: &Path) -> Batch {
        Batch {
            root: root.to_path_buf(),
            files: Vec::new(),
            undoable: true,
        }
    }

    /// A batch of files that are each complete on their own (`cop render`'s pages): each file
    /// is replaced atomically, and old bytes are not kept for an undo.
    pub fn independent(root: &Path) -> Batch {
        Batch {
            undoable: false,
            ..Batch::new(root)
        }
    }

    /// Adds a file to replace or create, by its path relative to the root with `/` (its
    /// folders are created as needed).
    pub fn put(&mut self, relative: &str, bytes: impl Into<Vec<u8>>) {
        self.files.push((self.root.join(relative), bytes.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Writes every file. On failure everything already renamed is put back as it was.
    pub fn commit(self) -> Result<Written, WriteError> {
        let mut written = Written::default();
        let root = &self.root;
        let fail = |written: Written, path: &Path, error: io::Error| WriteError {
            shown: path
                .strip_prefix(root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/"),
            error,
            undo: written.undo().err().map(|e| e.to_string()),
        };
        let flush_each = self.files.len() <= FLUSH_EACH_UP_TO;
        let mut temps = Vec::with_capacity(self.files.len());
        for (path, bytes) in &self.files {
            let dir = parent(path);
            if !dir.is_dir() {
                match create_dirs(dir, &mut written.created_dirs) {
                    Ok(()) => {}
                    Err(e) => return Err(fail(written, path, e)),
                }
            }
            match temp_file(path, bytes, flush_each) {
                // Closed at once, its path kept: 100,000 files must not hold 100,000
                // descriptors until the renames.
                Ok(temp) => temps.push(temp.into_temp_path()),
                Err(e) => return Err(fail(written, path, e)),
            }
        }
        if !flush_each && let Some((first, _)) = self.files.first() {
            sync_file_system(parent(first));
        }
        let mut folders = BTreeSet::new();
        for ((path, _), temp) in self.files.iter().zip(temps) {
            let old = match (self.undoable, fs::read(path)) {
                (false, _) => None,
                (true, Ok(old)) => Some(Some(old)),
                (true, Err(e)) if e.kind() == io::ErrorKind::NotFound => Some(None),
                (true, Err(e)) => return Err(fail(written, path, e)),
            };
            if let Err(e) = temp.persist(path) {
                return Err(fail(written, path, e.error));
            }
            if let Some(old) = old {
                written.files.push((path.clone(), old));
            }
            if flush_each {
                folders.insert(parent(path).to_path_buf());
            }
        }
        if flush_each {
            for folder in folders {
                sync_folder(&folder);
            }
        } else if let Some((first, _)) = self.files.first() {
            sync_file_system(parent(first));
        }
        Ok(written)
    }
}

/// What a batch changed, so that a later failure can take it back.
#[derive(Debug, Default)]
#[must_use = "a Written can take the batch back; drop it to keep the files"]
pub struct Written {
    /// Each file written, with its bytes before (`None`: it did not exist).
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// Folders the batch created, outermost first.
    created_dirs: Vec<PathBuf>,
}

impl Written {
    /// Puts every file back as it was and removes what the batch created.
    pub fn undo(self) -> io::Result<()> {
        let mut failed = Vec::new();
        for (path, old) in self.files.iter().rev() {
            let result = match old {
                Some(bytes) => write_atomic(path, bytes),
                None => fs::remove_file(path),
            };
            if let Err(e) = result {
                failed.push(format!("`{}`: {e}", path.display()));
            }
        }
        for dir in self.created_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
        match failed.is_empty() {
            true => Ok(()),
            false => Err(io::Error::other(failed.join("; "))),
        }
    }
}

/// One file a command would change: its path relative to the registry root, with `/`, and its
/// bytes before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: String,
    pub old: Vec<u8>,
    pub new: Vec<u8>,
}

impl Change {
    /// A unified diff of the change, with git's `a/` and `b/` paths.
    pub fn diff(&self) -> String {
        let old = String::from_utf8_lossy(&self.old);
        let (a, b) = (format!("a/{}", self.path), format!("b/{}", self.path));
        unified_diff(&a, &b, &old, &String::from_utf8_lossy(&self.new))
    }
}

/// A unified diff from `old` (named `from`; `/dev/null` for a new file) to `new`, as git shows
/// it, ending in a newline.
pub fn unified_diff(from: &str, to: &str, old: &str, new: &str) -> String {
    let mut text = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .missing_newline_hint(true)
        .header(from, to)
        .to_string();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// Replaces (or creates) one file atomically and durably; the old file's permissions are kept.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    temp_file(path, bytes, true)?
        .persist(path)
        .map_err(|e| e.error)?;
    sync_folder(parent(path));
    Ok(())
}

/// Removes the temporary files a killed run left beside `path` (a SIGKILL gives no chance to
/// clean up). Call it only while holding the registry's lock, so that no running cop's
/// temporary file is taken for a leftover.
pub fn remove_leftovers(path: &Path) -> io::Result<()> {
    for entry in fs::read_dir(parent(path))? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(TEMP_PREFIX)
            && name.ends_with(TEMP_SUFFIX)
            && entry.file_type()?.is_file()
        {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A temporary file beside `path` holding `bytes` (flushed when `flush`), with the old file's
/// permissions.
fn temp_file(path: &Path, bytes: &[u8], flush: bool) -> io::Result<tempfile::NamedTempFile> {
    let mut file = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(parent(path))?;
    file.write_all(bytes)?;
    match fs::metadata(path) {
        Ok(meta) => file.as_file().set_permissions(meta.permissions())?,
        // tempfile creates files readable by their owner alone; a new file gets what any
        // other program's would: 0666 less the umask.
        Err(_) => set_new_file_mode(file.as_file())?,
    }
    if flush {
        file.as_file().sync_all()?;
    }
    Ok(file)
}

#[cfg(unix)]
fn set_new_file_mode(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    static UMASK: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    // SAFETY: umask only swaps the process's mask; it is read once and put back at once.
    let umask = *UMASK.get_or_init(|| unsafe {
        let mask = libc::umask(0o022);
        libc::umask(mask);
        #[allow(clippy::useless_conversion)] // mode_t is u16 on some systems
        u32::from(mask)
    });
    file.set_permissions(fs::Permissions::from_mode(0o666 & !umask))
}

#[cfg(not(unix))]
fn set_new_file_mode(_: &File) -> io::Result<()> {
    Ok(())
}

fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
    fs::create_dir_all(dir)?;
    created.extend(missing.into_iter().rev().map(Path::to_path_buf));
    Ok(())
}

/// Flushes a folder's entries (the renames in it). Best effort: some file systems cannot.
pub(crate) fn sync_folder(dir: &Path) {
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
}

/// Flushes the whole file system holding `dir` in one call (Linux `syncfs`); elsewhere the
/// folder alone, since each file was not flushed on its own.
fn sync_file_system(dir: &Path) {
    #[cfg(target_os = "linux")]
    if let Ok(folder) = File::open(dir) {
        use std::os::fd::AsRawFd;
        // SAFETY: syncfs only reads the descriptor, which `folder` keeps open for the call.
        unsafe {
            libc::syncfs(folder.as_raw_fd());
        }
        return;
    }
    sync_folder(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn write_atomic_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["page.md"]);
    }

    #[test]
    fn a_batch_writes_everything_and_undo_takes_it_all_back() {
        for count in [2, FLUSH_EACH_UP_TO + 5] {
            let dir = tempfile::tempdir().unwrap();
            fs::write(dir.path().join("old.md"), "before").unwrap();
            let mut batch = Batch::new(dir.path());
            batch.put("old.md", "after");
            for i in 1..count {
                batch.put(&format!("new/deep/{i}.md"), format!("{i}"));
            }
            let written = batch.commit().unwrap();
            assert_eq!(
                fs::read_to_string(dir.path().join("old.md")).unwrap(),
                "after"
            );
            assert_eq!(
                fs::read_to_string(dir.path().join("new/deep/1.md")).unwrap(),
                "1"
            );
            assert_eq!(names(&dir.path().join("new/deep")).len(), count - 1);
            written.undo().unwrap();
            assert_eq!(names(dir.path()), ["old.md"]);
            assert_eq!(
                fs::read_to_string(dir.path().join("old.md")).unwrap(),
                "before"
            );
        }
    }

    #[test]
    fn a_failing_file_leaves_the_batch_unwritten() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.md"), "a").unwrap();
        // A file where a folder must go: the second file cannot be written.
        fs::write(dir.path().join("blocker"), "").unwrap();
        let mut batch = Batch::new(dir.path());
        batch.put("a.md", "changed");
        batch.put("blocker/b.md", "b");
        let error = batch.commit().unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot write `blocker/b.md`: File exists (os error 17); nothing was written"
        );
        assert_eq!(fs::read_to_string(dir.path().join("a.md")).unwrap(), "a");
        assert_eq!(names(dir.path()), ["a.md", "blocker"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_usual_mode_and_old_ones_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.md");
        fs::write(&old, "x").unwrap();
        fs::set_permissions(&old, fs::Permissions::from_mode(0o600)).unwrap();
        let mut batch = Batch::new(dir.path());
        batch.put("old.md", "y");
        batch.put("new.md", "z");
        let _ = batch.commit().unwrap();
        let mode = |name: &str| {
            fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        let umask = *UMASK_FOR_TEST;
        assert_eq!(mode("old.md"), 0o600);
        assert_eq!(mode("new.md"), 0o666 & !umask);
    }

    #[cfg(unix)]
    static UMASK_FOR_TEST: std::sync::LazyLock<u32> = std::sync::LazyLock::new(|| {
        let out = std::process::Command::new("sh")
            .args(["-c", "umask"])
            .output()
            .unwrap();
        u32::from_str_radix(String::from_utf8_lossy(&out.stdout).trim(), 8).unwrap()
    });

    #[test]
    fn leftovers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".cop-abc.tmp"), "x").unwrap();
        fs::write(dir.path().join("page.md"), "x").unwrap();
        remove_leftovers(&dir.path().join("page.md")).unwrap();
        assert_eq!(names(dir.path()), ["page.md"]);
    }
}
