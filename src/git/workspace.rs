//! Opening the repository that holds a registry, and placing the registry's communities folder
//! inside its working tree: git paths are relative to the working tree, while the registry may
//! be a subfolder of it and name its communities folder freely.

use std::collections::BTreeSet;
use std::path::{Component, Path};

use git2::{ErrorCode, Repository, RepositoryOpenFlags};

use super::GitError;

/// A registry's repository, and where its communities folder is inside the working tree.
pub struct Workspace {
    pub(super) repo: Repository,
    /// The communities folder relative to the working tree, as path components (empty when it
    /// is the working tree itself).
    pub(super) prefix: Vec<String>,
    /// The registry root relative to the working tree, as path components.
    pub(super) root_prefix: Vec<String>,
}

/// Finds the repository holding `dir` as git does: searching upwards, and stopping at the
/// folders of `GIT_CEILING_DIRECTORIES`.
pub(super) fn discover(dir: &Path) -> Result<Repository, git2::Error> {
    Repository::open_ext(dir, RepositoryOpenFlags::empty(), ceilings())
}

/// The folders of `GIT_CEILING_DIRECTORIES`, above which git does not look for a repository.
fn ceilings() -> Vec<std::path::PathBuf> {
    std::env::var_os("GIT_CEILING_DIRECTORIES")
        .map(|dirs| std::env::split_paths(&dirs).collect())
        .unwrap_or_default()
}

/// The first `.git` found walking up from `dir` (below any ceiling), for when libgit2 found no
/// repository although one is there.
fn broken_git_dir(dir: &Path) -> Option<std::path::PathBuf> {
    let ceilings = ceilings();
    dir.ancestors()
        .take_while(|d| !ceilings.iter().any(|c| c == d))
        .map(|d| d.join(".git"))
        .find(|g| std::fs::symlink_metadata(g).is_ok())
}

impl Workspace {
    /// Opens the repository holding `root` (searching upwards, honouring
    /// `GIT_CEILING_DIRECTORIES` as git does) for the communities folder `communities`
    /// (relative to `root`).
    pub fn open(root: &Path, communities: &str) -> Result<Workspace, GitError> {
        // Re-hashing every object read doubles the cost of a history walk; git itself trusts
        // its object store when reading, and so does cop (it never writes through this path).
        git2::opts::strict_hash_verification(false);
        let repo = match discover(root) {
            Ok(repo) => repo,
            Err(e) if e.code() == ErrorCode::NotFound => {
                // libgit2 passes over a `.git` it cannot open (a link file pointing nowhere)
                // as if there were none; git would stop there, and so does cop, with a note.
                return Err(match broken_git_dir(root) {
                    Some(dot_git) => GitError::Unreadable {
                        dir: root.to_path_buf(),
                        message: format!(
                            "`{}` is not a repository git2 can open: {}",
                            dot_git.display(),
                            e.message()
                        ),
                    },
                    None => GitError::NotARepository {
                        dir: root.to_path_buf(),
                    },
                });
            }
            // Another object format (SHA-256), a broken `.git`, a repository owned by someone
            // else: git2 cannot read it, which the git-based rules turn into a note.
            Err(e) => {
                return Err(GitError::Unreadable {
                    dir: root.to_path_buf(),
                    message: GitError::failed("open", &e).to_string(),
                });
            }
        };
        let Some(workdir) = repo.workdir() else {
            return Err(GitError::Bare {
                git_dir: repo.path().to_path_buf(),
            });
        };
        let outside = || GitError::OutsideWorkTree {
            dir: root.to_path_buf(),
            workdir: workdir.to_path_buf(),
        };
        // Both sides canonical, so symlinks and `..` cannot make a path look outside.
        let real_root = root.canonicalize().map_err(|_| outside())?;
        let real_workdir = workdir.canonicalize().map_err(|_| outside())?;
        let relative = real_root
            .strip_prefix(&real_workdir)
            .map_err(|_| outside())?;
        let parts = |path: &Path| -> Result<Vec<String>, GitError> {
            let mut parts = Vec::new();
            for component in path.components() {
                match component {
                    Component::Normal(name) => match name.to_str() {
                        Some(name) => parts.push(name.to_string()),
                        None => return Err(outside()),
                    },
                    Component::CurDir => {}
                    // The config check keeps `communities` inside the registry.
                    _ => return Err(outside()),
                }
            }
            Ok(parts)
        };
        let root_prefix = parts(relative)?;
        let mut prefix = root_prefix.clone();
        prefix.extend(parts(Path::new(communities))?);
        Ok(Workspace {
            repo,
            prefix,
            root_prefix,
        })
    }

    /// The communities folder relative to the working tree, with `/` (empty at the top).
    pub fn prefix(&self) -> String {
        self.prefix.join("/")
    }

    /// The community id a working-tree path (with `/`) lies under, if it lies under one.
    pub(super) fn community_of<'p>(&self, path: &'p [u8]) -> Option<&'p str> {
        let mut rest = path;
        for part in &self.prefix {
            rest = rest.strip_prefix(part.as_bytes())?.strip_prefix(b"/")?;
        }
        let end = rest.iter().position(|&b| b == b'/')?;
        std::str::from_utf8(&rest[..end]).ok()
    }

    /// The pathspec that limits status and diff to the communities folder.
    pub(super) fn pathspec(&self) -> Option<String> {
        (!self.prefix.is_empty()).then(|| format!("{}/", self.prefix()))
    }

    /// The communities with staged, unstaged or untracked changes (ignored files do not count,
    /// as git log never sees them).
    pub fn uncommitted(&self) -> Result<BTreeSet<String>, GitError> {
        let mut options = git2::StatusOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .exclude_submodules(true)
            .disable_pathspec_match(true);
        if let Some(spec) = self.pathspec() {
            options.pathspec(spec);
        }
        let statuses = self
            .repo
            .statuses(Some(&mut options))
            .map_err(|e| GitError::failed("read the status of the working tree", &e))?;
        let mut ids = BTreeSet::new();
        for entry in statuses.iter() {
            if entry.status().is_ignored() {
                continue;
            }
            let paths = [
                Some(entry.path_bytes()),
                entry
                    .head_to_index()
                    .and_then(|d| d.old_file().path_bytes()),
                entry
                    .index_to_workdir()
                    .and_then(|d| d.old_file().path_bytes()),
            ];
            for path in paths.into_iter().flatten() {
                if let Some(id) = self.community_of(path) {
                    ids.insert(id.to_string());
                }
            }
        }
        Ok(ids)
    }
}
