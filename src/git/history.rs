//! Dating every community from history in one walk. For each community the date is the one
//! `git log -1 --first-parent --format=%cI -- <folder>` prints: the committer date of the
//! newest commit on HEAD's first-parent chain whose folder differs from its first parent's.
//!
//! One walk serves every community: down the first-parent chain, each commit's communities
//! subtree id is compared with its parent's (equal ids mean nothing changed below, so nothing
//! is read), and only when they differ are the two trees' entries compared, by id, to see which
//! community folders changed. The walk stops as soon as every community is dated, so its cost
//! is that of the oldest last change, never of one log per community.

use std::collections::{BTreeMap, HashSet};

use git2::{Commit, ErrorCode, Odb, OdbObject, Oid};

use super::{GitError, Workspace, tree};
use crate::date::Date;

/// When each community last changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// Every community asked about.
    pub last: BTreeMap<String, LastChange>,
    /// Set when the walk reached the cut-off end of a shallow (or partial) clone with some
    /// communities still undated: the committer date of the oldest commit available. Those
    /// communities last changed on or before it.
    pub shallow_end: Option<Date>,
    /// How many commits the walk read.
    pub commits: usize,
}

/// The last change of one community folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastChange {
    /// Staged, unstaged or untracked changes: it changes today.
    Uncommitted,
    /// The UTC date of the newest first-parent commit that changed it.
    Committed(Date),
    /// No commit in the available history changed it (a shallow clone's history ended first,
    /// or the folder was never committed and is ignored).
    Undated,
}

impl Workspace {
    /// The last change of each community in `ids`, in one walk of HEAD's first-parent chain.
    /// An unborn HEAD (no commit yet) is an empty history, not an error.
    pub fn history(&self, ids: &[&str]) -> Result<History, GitError> {
        let mut history = History {
            last: ids
                .iter()
                .map(|id| (id.to_string(), LastChange::Undated))
                .collect(),
            shallow_end: None,
            commits: 0,
        };
        for id in self.uncommitted()? {
            if let Some(last) = history.last.get_mut(&id) {
                *last = LastChange::Uncommitted;
            }
        }
        let wanted: HashSet<String> = history
            .last
            .iter()
            .filter(|(_, last)| **last == LastChange::Undated)
            .map(|(id, _)| id.clone())
            .collect();
        if wanted.is_empty() {
            return Ok(history);
        }
        let head = match self.repo.head() {
            Ok(head) => head
                .peel_to_commit()
                .map_err(|e| GitError::failed("read the commit HEAD points to", &e))?,
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
                return Ok(history);
            }
            Err(e) => return Err(GitError::failed("read HEAD", &e)),
        };
        let odb = self
            .repo
            .odb()
            .map_err(|e| GitError::failed("open the object database", &e))?;
        let mut walk = Walk {
            workspace: self,
            odb: &odb,
            shallow: self.shallow_commits(),
            wanted,
            history,
        };
        walk.run(head)?;
        Ok(walk.history)
    }

    /// The commits whose parents a shallow clone cut off (`shallow` in the git folder), or
    /// `None` when the repository is shallow but the list cannot be read: then every commit
    /// without parents is taken for a cut-off one.
    pub(super) fn shallow_commits(&self) -> Option<HashSet<Oid>> {
        if !self.repo.is_shallow() {
            return Some(HashSet::new());
        }
        let text = std::fs::read_to_string(self.repo.commondir().join("shallow")).ok()?;
        Some(
            text.lines()
                .filter_map(|line| Oid::from_str(line.trim()).ok())
                .collect(),
        )
    }

    /// The id of the communities folder's tree in `commit`, if the folder exists there.
    pub(super) fn communities_id(
        &self,
        odb: &Odb,
        commit: &Commit,
    ) -> Result<Option<Oid>, git2::Error> {
        let mut id = commit.tree_id();
        for part in &self.prefix {
            let object = odb.read(id)?;
            match tree::find(object.data(), part.as_bytes()).map_err(malformed)? {
                Some(entry) if entry.is_tree => id = Oid::from_bytes(entry.id)?,
                _ => return Ok(None),
            }
        }
        Ok(Some(id))
    }
}

fn malformed(_: tree::Malformed) -> git2::Error {
    git2::Error::from_str("malformed tree object")
}

/// The state of one walk down the first-parent chain.
struct Walk<'w> {
    workspace: &'w Workspace,
    odb: &'w Odb<'w>,
    shallow: Option<HashSet<Oid>>,
    /// Communities not dated yet.
    wanted: HashSet<String>,
    history: History,
}

/// One commit of the walk with its communities tree, read only when a comparison needs it.
struct Step<'r> {
    commit: Commit<'r>,
    id: Option<Oid>,
    tree: Option<OdbObject<'r>>,
}

/// Where the first-parent chain goes from a commit.
enum Parent<'r> {
    Commit(Commit<'r>),
    /// A root commit: compared with the empty tree, as git does.
    Root,
    /// A shallow clone's boundary or a missing object: the history available ends here.
    Cut,
}

impl<'w> Walk<'w> {
    fn run(&mut self, head: Commit<'w>) -> Result<(), GitError> {
        let Some(mut step) = self.step(head.clone())? else {
            self.ended(&head);
            return Ok(());
        };
        while !self.wanted.is_empty() {
            self.history.commits += 1;
            let mut parent = match self.parent(&step.commit)? {
                Parent::Root => None,
                Parent::Cut => {
                    self.ended(&step.commit);
                    return Ok(());
                }
                Parent::Commit(commit) => match self.step(commit)? {
                    Some(parent) => Some(parent),
                    None => {
                        self.ended(&step.commit);
                        return Ok(());
                    }
                },
            };
            if step.id != parent.as_ref().and_then(|p| p.id) {
                let date = Date::from_unix_seconds(step.commit.time().seconds());
                let Some(tree) = load(self.odb, &mut step)? else {
                    self.ended(&step.commit);
                    return Ok(());
                };
                let parent_tree = match parent.as_mut().map(|p| load(self.odb, p)) {
                    Some(Ok(Some(tree))) => tree,
                    Some(Ok(None)) => {
                        self.ended(&step.commit);
                        return Ok(());
                    }
                    Some(Err(e)) => return Err(e),
                    None => None,
                };
                let wanted = &mut self.wanted;
                let last = &mut self.history.last;
                tree::changed_folders(bytes(&tree), bytes(&parent_tree), |name| {
                    let id = std::str::from_utf8(name).ok().and_then(|n| wanted.take(n));
                    if let Some(id) = id {
                        last.insert(id, LastChange::Committed(date));
                    }
                })
                .map_err(|_| GitError::Failed {
                    action: format!("read the communities folder of commit {}", step.commit.id()),
                    message: "malformed tree object".into(),
                })?;
                // Hand the parent's tree down the walk, so each tree is read once.
                if let Some(parent) = parent.as_mut() {
                    parent.tree = parent_tree;
                }
            }
            match parent {
                Some(parent) => step = parent,
                None => break,
            }
        }
        Ok(())
    }

    /// A commit with its communities tree id; `None` when a tree is missing (a partial clone).
    fn step(&self, commit: Commit<'w>) -> Result<Option<Step<'w>>, GitError> {
        match self.workspace.communities_id(self.odb, &commit) {
            Ok(id) => Ok(Some(Step {
                commit,
                id,
                tree: None,
            })),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(GitError::failed(
                format!("read the tree of commit {}", commit.id()),
                &e,
            )),
        }
    }

    fn parent(&self, commit: &Commit<'w>) -> Result<Parent<'w>, GitError> {
        let cut = match &self.shallow {
            Some(shallow) => shallow.contains(&commit.id()),
            None => commit.parent_count() == 0,
        };
        if cut {
            return Ok(Parent::Cut);
        }
        let Ok(id) = commit.parent_id(0) else {
            return Ok(Parent::Root);
        };
        match self.workspace.repo.find_commit(id) {
            Ok(parent) => Ok(Parent::Commit(parent)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(Parent::Cut),
            Err(e) => Err(GitError::failed(format!("read commit {id}"), &e)),
        }
    }

    /// Records that the available history ends at `commit` with communities still undated.
    fn ended(&mut self, commit: &Commit) {
        self.history.shallow_end = Some(Date::from_unix_seconds(commit.time().seconds()));
    }
}

/// Reads the step's communities tree once (`Some(None)` when the folder is absent); `None`
/// when the object is missing, as in a partial clone, which ends the walk.
fn load<'r>(
    odb: &'r Odb<'r>,
    step: &mut Step<'r>,
) -> Result<Option<Option<OdbObject<'r>>>, GitError> {
    if let (None, Some(id)) = (&step.tree, step.id) {
        match odb.read(id) {
            Ok(tree) => step.tree = Some(tree),
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(None),
            Err(e) => {
                return Err(GitError::failed(
                    format!("read tree {id} of the history"),
                    &e,
                ));
            }
        }
    }
    Ok(Some(step.tree.take()))
}

/// The bytes of a tree that may be absent (an absent folder reads as an empty tree).
fn bytes<'a>(tree: &'a Option<OdbObject<'_>>) -> &'a [u8] {
    tree.as_ref().map_or(&[], |t| t.data())
}
