//! What the commands with `--commit` and `cop init` ask of git: refuse when other changes are
//! staged or a file to write has changes of its own, commit exactly the files a run wrote with
//! the identity git would use, and `git init`.

use std::path::Path;

use anyhow::{Context as _, Result};
use git2::{Repository, Signature, Time};

use super::{GitError, Workspace};
use crate::refusal::Refusal;

/// Opens the registry's repository for a run with `--commit`, before anything is written, and
/// refuses (exit 1) when the commit would sweep in changes that are not the run's own: other
/// staged changes, or uncommitted edits of a file the run must change.
pub fn prepare(
    root: &Path,
    communities: &str,
    command: &str,
    changing: &[String],
) -> Result<(Workspace, Identity)> {
    let workspace = Workspace::open(root, communities)
        .map_err(|e| anyhow::anyhow!("--commit needs the registry's git working tree, but {e}"))?;
    let staged = workspace.staged()?;
    if !staged.is_empty() {
        return Err(Refusal(format!(
            "other changes are already staged ({}); commit or unstage them (`git restore --staged`) before `{command} --commit`",
            staged.join(", ")
        ))
        .into());
    }
    let modified = workspace.modified(changing)?;
    if !modified.is_empty() {
        return Err(Refusal(format!(
            "{} uncommitted changes of {own} that `{command} --commit` would sweep into its commit; commit or stash them first",
            match modified.len() { 1 => format!("`{}` has", modified[0]), _ => format!("{} have", modified.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")) },
            own = if modified.len() == 1 { "its own" } else { "their own" },
        ))
        .into());
    }
    let identity = workspace.identity()?;
    Ok((workspace, identity))
}

/// Who authors and commits, resolved before anything is written.
pub struct Identity {
    author: Signature<'static>,
    committer: Signature<'static>,
}

impl Workspace {
    /// The paths (relative to the work tree) whose staged content differs from HEAD.
    pub fn staged(&self) -> Result<Vec<String>, GitError> {
        let head = self.head_tree()?;
        let index = self.index()?;
        let diff = self
            .repo
            .diff_tree_to_index(head.as_ref(), Some(&index), None)
            .map_err(|e| GitError::failed("compare the git index with HEAD", &e))?;
        Ok(diff
            .deltas()
            .filter_map(|d| d.new_file().path().or(d.old_file().path()))
            .map(|p| p.to_string_lossy().into_owned())
            .collect())
    }

    /// Which of `paths` (relative to the registry root) have changes of their own that are
    /// not committed (staged or not): a commit of cop's would sweep them in.
    pub fn modified(&self, paths: &[String]) -> Result<Vec<String>, GitError> {
        let mut out = Vec::new();
        for path in paths {
            let in_tree = self.in_tree(path);
            match self.repo.status_file(Path::new(&in_tree)) {
                Ok(status) if status.is_empty() || status == git2::Status::IGNORED => {}
                Ok(_) => out.push(path.clone()),
                Err(e) if e.code() == git2::ErrorCode::NotFound => {}
                Err(e) => {
                    return Err(GitError::failed(
                        format!("read the status of `{in_tree}`"),
                        &e,
                    ));
                }
            }
        }
        Ok(out)
    }

    /// The identity of the commit: `GIT_AUTHOR_*` and `GIT_COMMITTER_*` when set, else
    /// `user.name` and `user.email` from git's configuration.
    pub fn identity(&self) -> Result<Identity, GitError> {
        let config = self
            .repo
            .config()
            .map_err(|e| GitError::failed("read git's configuration", &e))?;
        let get = |key: &str| config.get_string(key).ok().filter(|v| !v.is_empty());
        let who = |role: &str| -> Result<Signature<'static>, GitError> {
            let var = |what: &str| std::env::var(format!("GIT_{role}_{what}")).ok();
            let name = var("NAME").or_else(|| get("user.name"));
            let email = var("EMAIL").or_else(|| get("user.email"));
            let (Some(name), Some(email)) = (name, email) else {
                return Err(GitError::Identity {
                    message: "git does not know who you are; set it with `git config user.name \"Your Name\"` and `git config user.email you@example.com`".into(),
                });
            };
            let signature = match var("DATE") {
                Some(date) => {
                    let time = parse_date(&date).ok_or_else(|| GitError::Identity {
                        message: format!("cannot read GIT_{role}_DATE `{date}`; use `@SECONDS +HHMM` or `YYYY-MM-DDTHH:MM:SS+HH:MM`"),
                    })?;
                    Signature::new(&name, &email, &time)
                }
                None => Signature::now(&name, &email),
            };
            signature.map_err(|e| {
                GitError::failed(format!("use `{name} <{email}>` as a git identity"), &e)
            })
        };
        Ok(Identity {
            author: who("AUTHOR")?,
            committer: who("COMMITTER")?,
        })
    }

    /// Commits `paths` (relative to the registry root) as they are in the work tree, on top of
    /// HEAD, and stages them. Returns the new commit's id.
    pub fn commit(
        &self,
        paths: &[String],
        message: &str,
        who: &Identity,
    ) -> Result<String, GitError> {
        let mut index = self.index()?;
        for path in paths {
            let path = self.in_tree(path);
            index
                .add_path(Path::new(&path))
                .map_err(|e| GitError::failed(format!("stage `{path}`"), &e))?;
        }
        index
            .write()
            .map_err(|e| GitError::failed("write the git index", &e))?;
        let tree_id = index
            .write_tree()
            .map_err(|e| GitError::failed("write the git tree", &e))?;
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(|e| GitError::failed("read the git tree", &e))?;
        let parent = match self.repo.head() {
            Ok(head) => Some(
                head.peel_to_commit()
                    .map_err(|e| GitError::failed("read HEAD", &e))?,
            ),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => None,
            Err(e) => return Err(GitError::failed("read HEAD", &e)),
        };
        let parents: Vec<_> = parent.iter().collect();
        let id = self
            .repo
            .commit(
                Some("HEAD"),
                &who.author,
                &who.committer,
                message,
                &tree,
                &parents,
            )
            .map_err(|e| GitError::failed("create the commit", &e))?;
        Ok(id.to_string())
    }

    /// A path relative to the registry root as a path relative to the work tree.
    pub fn in_tree(&self, path: &str) -> String {
        if self.root_prefix.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.root_prefix.join("/"))
        }
    }

    fn index(&self) -> Result<git2::Index, GitError> {
        self.repo
            .index()
            .map_err(|e| GitError::failed("read the git index", &e))
    }

    fn head_tree(&self) -> Result<Option<git2::Tree<'_>>, GitError> {
        match self.repo.head() {
            Ok(head) => Ok(Some(
                head.peel_to_tree()
                    .map_err(|e| GitError::failed("read HEAD's tree", &e))?,
            )),
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(GitError::failed("read HEAD", &e)),
        }
    }
}

/// Reads git's internal date form (`[@]SECONDS [+-]HHMM`) and ISO 8601 with an offset
/// (`YYYY-MM-DD[T ]HH:MM:SS(Z|[+-]HH:MM|[+-]HHMM)`).
fn parse_date(text: &str) -> Option<Time> {
    let text = text.trim();
    let raw = text.strip_prefix('@').unwrap_or(text);
    if let Some((seconds, zone)) = raw.split_once(' ')
        && let (Ok(seconds), Some(offset)) = (seconds.parse::<i64>(), parse_offset(zone))
    {
        return Some(Time::new(seconds, offset));
    }
    if let Ok(seconds) = raw.parse::<i64>() {
        return Some(Time::new(seconds, 0));
    }
    let pieces = jiff::fmt::temporal::Pieces::parse(text).ok()?;
    let offset = pieces.offset()?.to_numeric_offset();
    let time = pieces.time()?;
    let instant = pieces
        .date()
        .to_datetime(time)
        .to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
        .ok()?;
    Some(Time::new(
        instant.timestamp().as_second(),
        offset.seconds() / 60,
    ))
}

/// `+HHMM` or `-HHMM` as minutes east of UTC.
fn parse_offset(zone: &str) -> Option<i32> {
    let (sign, digits) = match zone.as_bytes().first()? {
        b'+' => (1, &zone[1..]),
        b'-' => (-1, &zone[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    Some(sign * (hours * 60 + minutes))
}

/// The registry root relative to the top of its repository's work tree, with `/` (empty at
/// the top); `None` outside a repository (or one git2 cannot read).
pub fn repository_prefix(root: &Path) -> Option<String> {
    Workspace::open(root, "")
        .ok()
        .map(|workspace| workspace.root_prefix.join("/"))
}

/// Runs `git init` in `dir` unless it is inside a repository already (as git would find it,
/// honouring `GIT_CEILING_DIRECTORIES`); whether it did.
pub fn init_unless_inside(dir: &Path) -> Result<bool> {
    if super::workspace::discover(dir).is_ok() {
        return Ok(false);
    }
    Repository::init(dir)
        .map(|_| true)
        .with_context(|| format!("cannot run `git init` in `{}`", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let t = parse_date("@1700000000 +0100").unwrap();
        assert_eq!((t.seconds(), t.offset_minutes()), (1_700_000_000, 60));
        let t = parse_date("2023-11-14T22:13:20Z").unwrap();
        assert_eq!(t.seconds(), 1_700_000_000);
        let t = parse_date("2023-11-14T23:13:20+01:00").unwrap();
        assert_eq!((t.seconds(), t.offset_minutes()), (1_700_000_000, 60));
        assert!(parse_date("yesterday").is_none());
        assert!(parse_date("2023-13-14T23:13:20Z").is_none());
    }
}
