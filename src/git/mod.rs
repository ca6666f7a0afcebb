//! Everything cop asks of git, and the only code that touches git2: reading history (the
//! stale rule, `--changed-since`, `cop health`) and committing (`cop new --commit`, `cop init`). Callers get
//! plain values (community ids, dates), never git2 types.

mod changes;
pub mod commit;
mod history;
mod timeline;
mod tree;
mod workspace;

use std::path::PathBuf;

pub use history::{History, LastChange};
pub use timeline::{Author, Folder, Snapshot, Timeline, Window};
pub use workspace::Workspace;

/// Why git could not answer. The first four mean "no history to read here", which the stale
/// rule turns into a note; the others stop the command (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("`{}` is not inside a git repository", dir.display())]
    NotARepository { dir: PathBuf },
    #[error("the git repository `{}` is bare: it has no working tree holding the registry", git_dir.display())]
    Bare { git_dir: PathBuf },
    #[error("the registry `{}` is not inside the working tree `{}` of its git repository", dir.display(), workdir.display())]
    OutsideWorkTree { dir: PathBuf, workdir: PathBuf },
    #[error(
        "cannot resolve the git revision `{rev}`: {message}; name a branch, tag or commit that exists in this clone (a shallow or single-branch CI clone may need to fetch it first, e.g. `git fetch origin main` or `git fetch --deepen 50`)"
    )]
    Revision { rev: String, message: String },
    #[error("`{}` is in a git repository that cop cannot read ({message})", dir.display())]
    Unreadable { dir: PathBuf, message: String },
    #[error("{message}")]
    Identity { message: String },
    #[error("git: cannot {action}: {message}")]
    Failed { action: String, message: String },
}

impl GitError {
    /// Whether there is simply no working tree with history for the registry (a note for
    /// the stale rule, not a failure).
    pub fn no_history(&self) -> bool {
        matches!(
            self,
            GitError::NotARepository { .. }
                | GitError::Bare { .. }
                | GitError::OutsideWorkTree { .. }
                | GitError::Unreadable { .. }
        )
    }

    /// A failed git2 call, with a hint for the failure users can fix themselves.
    pub(crate) fn failed(action: impl Into<String>, error: &git2::Error) -> GitError {
        let mut message = error.message().to_string();
        if error.code() == git2::ErrorCode::Owner {
            message.push_str(
                "; if you trust this repository, mark it safe with `git config --global --add safe.directory DIR`",
            );
        }
        GitError::Failed {
            action: action.into(),
            message,
        }
    }
}
