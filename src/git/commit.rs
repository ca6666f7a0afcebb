//! What `cop new --commit` and `cop init` ask of git: refuse when other changes are staged,
//! commit exactly the files a run wrote with the identity git would use, and `git init`.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use git2::{Repository, Signature, Time};

/// A repository holding the registry, with the registry's place inside its work tree.
pub struct Repo {
    repo: Repository,
    /// The registry root relative to the work tree, with `/`, empty at the top.
    prefix: String,
}

/// Who authors and commits, resolved before anything is written.
pub struct Identity {
    author: Signature<'static>,
    committer: Signature<'static>,
}

impl Repo {
    /// The repository whose work tree holds `root`.
    pub fn open(root: &Path) -> Result<Repo> {
        let repo = Repository::discover(root).map_err(|e| {
            anyhow!(
                "--commit needs a git repository, and `{}` is not in one: {}",
                root.display(),
                e.message()
            )
        })?;
        let workdir = repo
            .workdir()
            .ok_or_else(|| anyhow!("--commit needs a work tree; the repository is bare"))?;
        let workdir = canonical(workdir);
        let root = canonical(root);
        let prefix = root
            .strip_prefix(&workdir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        Ok(Repo { repo, prefix })
    }

    /// The paths (relative to the work tree) whose staged content differs from HEAD.
    pub fn staged(&self) -> Result<Vec<String>> {
        let head = self.head_tree()?;
        let index = self.repo.index().context("cannot read the git index")?;
        let diff = self
            .repo
            .diff_tree_to_index(head.as_ref(), Some(&index), None)
            .context("cannot compare the git index with HEAD")?;
        Ok(diff
            .deltas()
            .filter_map(|d| d.new_file().path().or(d.old_file().path()))
            .map(|p| p.to_string_lossy().into_owned())
            .collect())
    }

    /// Of `paths` (relative to the registry root), those whose work-tree file differs from
    /// HEAD or that git does not track: committing them would sweep in more than cop wrote.
    pub fn uncommitted(&self, paths: &[String]) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for path in paths {
            let status = self
                .repo
                .status_file(Path::new(&self.in_tree(path)))
                .with_context(|| format!("cannot read the git status of `{path}`"))?;
            if !status.is_empty() {
                out.push(path.clone());
            }
        }
        Ok(out)
    }

    /// The identity of the commit: `GIT_AUTHOR_*` and `GIT_COMMITTER_*` when set, else
    /// `user.name` and `user.email` from git's configuration.
    pub fn identity(&self) -> Result<Identity> {
        let config = self
            .repo
            .config()
            .context("cannot read git's configuration")?;
        let get = |key: &str| config.get_string(key).ok().filter(|v| !v.is_empty());
        let who = |role: &str| -> Result<Signature<'static>> {
            let var = |what: &str| std::env::var(format!("GIT_{role}_{what}")).ok();
            let name = var("NAME").or_else(|| get("user.name"));
            let email = var("EMAIL").or_else(|| get("user.email"));
            let (Some(name), Some(email)) = (name, email) else {
                bail!(
                    "git does not know who you are; set it with `git config user.name \"Your Name\"` and `git config user.email you@example.com`"
                );
            };
            let signature = match var("DATE") {
                Some(date) => Signature::new(&name, &email, &parse_date(&date).ok_or_else(|| {
                    anyhow!("cannot read GIT_{role}_DATE `{date}`; use `@SECONDS +HHMM` or `YYYY-MM-DDTHH:MM:SS+HH:MM`")
                })?),
                None => Signature::now(&name, &email),
            };
            signature.with_context(|| format!("cannot use `{name} <{email}>` as a git identity"))
        };
        Ok(Identity {
            author: who("AUTHOR")?,
            committer: who("COMMITTER")?,
        })
    }

    /// Commits `paths` (relative to the registry root) as they are in the work tree, on top of
    /// HEAD, and stages them. Returns the new commit's id.
    pub fn commit(&self, paths: &[String], message: &str, who: &Identity) -> Result<String> {
        let mut index = self.repo.index().context("cannot read the git index")?;
        for path in paths {
            let path = self.in_tree(path);
            index
                .add_path(Path::new(&path))
                .with_context(|| format!("cannot stage `{path}`"))?;
        }
        index.write().context("cannot write the git index")?;
        let tree_id = index.write_tree().context("cannot write the git tree")?;
        let tree = self
            .repo
            .find_tree(tree_id)
            .context("cannot read the git tree")?;
        let parent = match self.repo.head() {
            Ok(head) => Some(head.peel_to_commit().context("cannot read HEAD")?),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => None,
            Err(e) => return Err(e).context("cannot read HEAD"),
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
            .context("cannot create the commit")?;
        Ok(id.to_string())
    }

    /// A path relative to the registry root as a path relative to the work tree.
    pub fn in_tree(&self, path: &str) -> String {
        if self.prefix.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.prefix)
        }
    }

    fn head_tree(&self) -> Result<Option<git2::Tree<'_>>> {
        match self.repo.head() {
            Ok(head) => Ok(Some(
                head.peel_to_tree().context("cannot read HEAD's tree")?,
            )),
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(e).context("cannot read HEAD"),
        }
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
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

/// Runs `git init` in `dir` unless it is inside a repository already; whether it did.
pub fn init_unless_inside(dir: &Path) -> Result<bool> {
    if Repository::discover(dir).is_ok() {
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
