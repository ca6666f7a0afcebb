//! The history `cop health` reads, for every community in one walk: one topological walk of
//! every commit reachable from HEAD, in which
//!
//! - the commits of HEAD's first-parent chain date each folder (first added, last changed)
//!   and give the communities folder as it stood at the end of each day asked about (the
//!   membership series), and
//! - every commit within the window (side branches too, not only first-parent ones; merges
//!   excepted) that changed a folder credits its author, after `.mailmap`, for the
//!   Contributor Absence Factor.
//!
//! As in the stale walk, a commit's communities subtree id is compared with its parent's and
//! the two trees are compared entry by entry only when the ids differ; the community.yaml
//! blobs are read only for the few commits that stand for a day asked about, each distinct
//! blob once. Callers get owned values (dates, texts, names), never git2 types.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use git2::{Commit, ErrorCode, Mailmap, ObjectType, Odb, Oid, Sort};
use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::tree::{self, Change};
use super::{GitError, Workspace};

/// The file of a community folder whose history is replayed.
const COMMUNITY_FILE: &[u8] = b"community.yaml";

/// A community.yaml larger than this is not read from history (cop reads only small files).
const MAX_TEXT_BYTES: usize = crate::yaml::MAX_FILE_BYTES as usize;

/// The window of the absence factor: the days after `after`, up to and including `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub after: Date,
    pub until: Date,
}

/// What the history says about the communities folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    /// For each day asked about (in the order asked): the communities folder as it stood in
    /// the newest first-parent commit dated on or before that day. Empty when no commit is that
    /// old; `None` when a shallow clone's history ends before such a commit.
    pub snapshots: Vec<Option<Snapshot>>,
    /// The distinct texts of community.yaml the snapshots point at.
    pub texts: Vec<String>,
    /// Every folder the first-parent chain or the window's commits touched, by name.
    pub folders: BTreeMap<String, Folder>,
    /// Set when the history available ends at a shallow (or partial) clone's boundary: the
    /// committer date of the oldest commit held.
    pub shallow_end: Option<Date>,
    /// How many commits of the first-parent chain the walk read.
    pub commits: usize,
}

/// The communities folder at one commit: each folder with the index of its community.yaml in
/// [`Timeline::texts`] (`None` when it has none, or one that cannot be read as text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub folders: BTreeMap<String, Option<usize>>,
}

/// The history of one folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folder {
    /// The UTC date of the oldest first-parent commit that added it; `None` when the folder
    /// is older than the history available (a shallow clone), or was never on the chain.
    pub first_seen: Option<Date>,
    /// The UTC date of the newest first-parent commit that changed it (what `stale` reads).
    pub last_change: Option<Date>,
    /// The authors of the window's commits that changed it, most commits first (ties by
    /// e-mail address), after `.mailmap`.
    pub authors: Vec<Author>,
}

/// One author of commits, as `.mailmap` names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub email: String,
    pub commits: usize,
}

impl Workspace {
    /// Reads the history for `days` (the snapshots) and `window` (the authors) in one walk.
    /// An unborn HEAD is an empty history: nothing existed on any day.
    pub fn timeline(&self, days: &[Date], window: Window) -> Result<Timeline, GitError> {
        let head = match self.repo.head() {
            Ok(head) => head
                .peel_to_commit()
                .map_err(|e| GitError::failed("read the commit HEAD points to", &e))?,
            Err(e) if matches!(e.code(), ErrorCode::UnbornBranch | ErrorCode::NotFound) => {
                return Ok(Timeline {
                    snapshots: vec![Some(Snapshot::default()); days.len()],
                    ..Timeline::default()
                });
            }
            Err(e) => return Err(GitError::failed("read HEAD", &e)),
        };
        let odb = self
            .repo
            .odb()
            .map_err(|e| GitError::failed("open the object database", &e))?;
        // A .mailmap that cannot be read leaves every author as written.
        let mailmap = self
            .repo
            .mailmap()
            .or_else(|_| Mailmap::new())
            .map_err(|e| GitError::failed("read .mailmap", &e))?;
        let mut walker = Walker {
            workspace: self,
            odb: &odb,
            mailmap,
            shallow: self.shallow_commits(),
            roots: HashMap::new(),
            trees: Vec::new(),
            window: (start_of(window.after, 1), start_of(window.until, 1)),
            day_ends: days.iter().map(|d| start_of(*d, 1)).collect(),
            picked: vec![None; days.len()],
            folders: BTreeMap::new(),
            next_chain: Some(head.id()),
            cut: None,
            commits: 0,
        };
        walker.run(head.id())?;
        walker.finish()
    }
}

/// The instant (Unix seconds) at which the day `offset` days after `date` starts, in UTC.
fn start_of(date: Date, offset: i64) -> i64 {
    let start = date
        .to_zoned_datetime(TimeZone::UTC)
        .map_or(0, |z| z.timestamp().as_second());
    start.saturating_add(offset.saturating_mul(86_400))
}

/// The UTC date holding the instant `seconds` (commit dates beyond jiff's range, which git
/// cannot write either, read as its bounds).
fn utc_date(seconds: i64) -> Date {
    let instant = jiff::Timestamp::from_second(seconds).unwrap_or(if seconds < 0 {
        jiff::Timestamp::MIN
    } else {
        jiff::Timestamp::MAX
    });
    instant.to_zoned_datetime(TimeZone::UTC).date()
}

/// A folder's history while the walk collects it (instants in Unix seconds).
#[derive(Default)]
struct Collected {
    first_seen: Option<i64>,
    /// Present where the history is cut: its first addition is out of reach.
    older_than_history: bool,
    last_change: Option<i64>,
    /// By identity (the e-mail address lower-cased): name, address, commits.
    authors: HashMap<String, (String, String, usize)>,
}

/// Where a commit's history goes.
enum Parents {
    /// A root commit: compared with the empty tree, as git does.
    Root,
    /// A shallow clone's boundary or a missing object: the history available ends here.
    Cut,
    /// The parents' communities trees, first parent first.
    Trees(Vec<(Oid, Option<Oid>)>),
}

/// The changed folders of one comparison, by name.
type Changes = Vec<(String, Change)>;

struct Walker<'w> {
    workspace: &'w Workspace,
    odb: &'w Odb<'w>,
    mailmap: Mailmap,
    shallow: Option<HashSet<Oid>>,
    /// Each commit's communities tree id (`None`: no communities folder), read once.
    roots: HashMap<Oid, Option<Oid>>,
    /// The last few communities trees read: a linear history compares each tree twice, as
    /// the newer and then as the older side.
    trees: Vec<(Oid, Rc<[u8]>)>,
    /// The window as instants: [start, end).
    window: (i64, i64),
    /// Each day asked about ends at this instant.
    day_ends: Vec<i64>,
    /// The communities tree chosen for each day, once a chain commit is old enough.
    picked: Vec<Option<Option<Oid>>>,
    folders: BTreeMap<String, Collected>,
    /// The next commit of the first-parent chain; `None` once the chain has ended.
    next_chain: Option<Oid>,
    /// The instant of the commit where a shallow history ends, if it does.
    cut: Option<i64>,
    commits: usize,
}

impl<'w> Walker<'w> {
    fn run(&mut self, head: Oid) -> Result<(), GitError> {
        let mut revwalk = self
            .workspace
            .repo
            .revwalk()
            .map_err(|e| GitError::failed("walk the history", &e))?;
        revwalk
            .set_sorting(Sort::TOPOLOGICAL)
            .and_then(|()| revwalk.push(head))
            .map_err(|e| GitError::failed("walk the history", &e))?;
        for oid in revwalk {
            let oid = match oid {
                Ok(oid) => oid,
                // A commit the clone does not hold: the history available ends there.
                Err(e) if e.code() == ErrorCode::NotFound => break,
                Err(e) => return Err(GitError::failed("walk the history", &e)),
            };
            let commit = self.commit(oid)?;
            let Some(commit) = commit else { continue };
            let time = commit.time().seconds();
            let on_chain = self.next_chain == Some(oid);
            let in_window = self.window.0 <= time && time < self.window.1;
            if !on_chain && !in_window {
                continue;
            }
            let Some(root) = self.root(&commit)? else {
                if on_chain {
                    self.end_chain_cut(time, None)?;
                }
                continue;
            };
            let parents = self.parents(&commit)?;
            let first = match &parents {
                Parents::Root => self.changes(root, None)?,
                Parents::Cut => None,
                Parents::Trees(trees) => self.changes(root, trees[0].1)?,
            };
            if on_chain {
                self.chain_step(time, root, &parents, first.as_ref())?;
            }
            // A merge authors nothing itself (as `git log --name-only` lists no files for
            // one): its branch's commits are counted, each for its own author.
            let merge = matches!(&parents, Parents::Trees(trees) if trees.len() > 1);
            if in_window
                && !merge
                && let Some(changes) = first
            {
                self.credit(&commit, &changes);
            }
        }
        // A chain that the revwalk left unfinished was cut off (a missing commit).
        if let Some(next) = self.next_chain.take()
            && self.cut.is_none()
        {
            let time = self
                .workspace
                .repo
                .find_commit(next)
                .map_or(0, |c| c.time().seconds());
            self.cut = Some(time);
        }
        Ok(())
    }

    /// One commit of the first-parent chain: pick it for the days it is old enough for, date
    /// the folders it changed, and move on to its first parent.
    fn chain_step(
        &mut self,
        time: i64,
        root: Option<Oid>,
        parents: &Parents,
        changes: Option<&Changes>,
    ) -> Result<(), GitError> {
        self.commits += 1;
        for (picked, end) in self.picked.iter_mut().zip(&self.day_ends) {
            if picked.is_none() && time < *end {
                *picked = Some(root);
            }
        }
        let Some(changes) = changes else {
            return self.end_chain_cut(time, root);
        };
        for (name, change) in changes {
            let folder = self.folders.entry(name.clone()).or_default();
            folder.last_change.get_or_insert(time);
            if *change == Change::Added {
                folder.first_seen = Some(time);
            }
        }
        self.next_chain = match parents {
            Parents::Trees(trees) => Some(trees[0].0),
            _ => None,
        };
        Ok(())
    }

    /// The chain ends at a commit whose parent is out of reach: what it holds is older than
    /// the history available.
    fn end_chain_cut(&mut self, time: i64, root: Option<Oid>) -> Result<(), GitError> {
        self.next_chain = None;
        self.cut = Some(time);
        if let Some(id) = root
            && let Some(tree) = self.tree(id)?
        {
            let mut names = Vec::new();
            each_folder(&tree, |name, _| names.push(name.to_string()))?;
            for name in names {
                let folder = self.folders.entry(name).or_default();
                folder.first_seen = None;
                folder.older_than_history = true;
            }
        }
        Ok(())
    }

    /// Counts the commit for its author in every folder it changed.
    fn credit(&mut self, commit: &Commit, changes: &Changes) {
        if changes.is_empty() {
            return;
        }
        let author = commit
            .author_with_mailmap(&self.mailmap)
            .unwrap_or_else(|_| commit.author().to_owned());
        let name = String::from_utf8_lossy(author.name_bytes())
            .trim()
            .to_string();
        let email = String::from_utf8_lossy(author.email_bytes())
            .trim()
            .to_string();
        let key = if email.is_empty() {
            name.to_lowercase()
        } else {
            email.to_lowercase()
        };
        for (folder, _) in changes {
            let counts = &mut self.folders.entry(folder.clone()).or_default().authors;
            counts
                .entry(key.clone())
                .or_insert_with(|| (name.clone(), email.clone(), 0))
                .2 += 1;
        }
    }

    /// The commit `oid`, or `None` when the clone does not hold it.
    fn commit(&self, oid: Oid) -> Result<Option<Commit<'w>>, GitError> {
        match self.workspace.repo.find_commit(oid) {
            Ok(commit) => Ok(Some(commit)),
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(GitError::failed(format!("read commit {oid}"), &e)),
        }
    }

    /// The commit's communities tree id (`Some(None)`: no communities folder), or `None` when
    /// its tree is missing (a partial clone).
    fn root(&mut self, commit: &Commit) -> Result<Option<Option<Oid>>, GitError> {
        if let Some(id) = self.roots.get(&commit.id()) {
            return Ok(Some(*id));
        }
        match self.workspace.communities_id(self.odb, commit) {
            Ok(id) => {
                self.roots.insert(commit.id(), id);
                Ok(Some(id))
            }
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(GitError::failed(
                format!("read the tree of commit {}", commit.id()),
                &e,
            )),
        }
    }

    fn parents(&mut self, commit: &Commit) -> Result<Parents, GitError> {
        let cut = match &self.shallow {
            Some(shallow) => shallow.contains(&commit.id()),
            None => commit.parent_count() == 0,
        };
        if cut {
            return Ok(Parents::Cut);
        }
        if commit.parent_count() == 0 {
            return Ok(Parents::Root);
        }
        let mut trees = Vec::with_capacity(commit.parent_count());
        for id in commit.parent_ids() {
            let Some(parent) = self.commit(id)? else {
                return Ok(Parents::Cut);
            };
            let Some(root) = self.root(&parent)? else {
                return Ok(Parents::Cut);
            };
            trees.push((id, root));
        }
        Ok(Parents::Trees(trees))
    }

    /// The folders that differ between two communities trees, or `None` when one of them is
    /// missing from the clone.
    fn changes(&mut self, new: Option<Oid>, old: Option<Oid>) -> Result<Option<Changes>, GitError> {
        if new == old {
            return Ok(Some(Vec::new()));
        }
        let new_tree = match new {
            Some(id) => match self.tree(id)? {
                Some(tree) => Some(tree),
                None => return Ok(None),
            },
            None => None,
        };
        let old_tree = match old {
            Some(id) => match self.tree(id)? {
                Some(tree) => Some(tree),
                None => return Ok(None),
            },
            None => None,
        };
        let bytes = |t: &Option<Rc<[u8]>>| t.clone().unwrap_or_else(|| Rc::from(&[][..]));
        let (new_bytes, old_bytes) = (bytes(&new_tree), bytes(&old_tree));
        let mut out = Vec::new();
        tree::diff_folders(&new_bytes, &old_bytes, |name, change| {
            if let Ok(name) = std::str::from_utf8(name) {
                out.push((name.to_string(), change));
            }
        })
        .map_err(|_| malformed(new.or(old)))?;
        Ok(Some(out))
    }

    /// A tree's bytes, through the small cache; `None` when the clone does not hold it.
    fn tree(&mut self, id: Oid) -> Result<Option<Rc<[u8]>>, GitError> {
        if let Some((_, bytes)) = self.trees.iter().find(|(t, _)| *t == id) {
            return Ok(Some(bytes.clone()));
        }
        match self.odb.read(id) {
            Ok(object) => {
                let bytes: Rc<[u8]> = Rc::from(object.data());
                if self.trees.len() == 3 {
                    self.trees.remove(0);
                }
                self.trees.push((id, bytes.clone()));
                Ok(Some(bytes))
            }
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(GitError::failed(
                format!("read tree {id} of the history"),
                &e,
            )),
        }
    }

    /// Turns what the walk collected into the timeline: reads the snapshots' folders and their
    /// community.yaml blobs (each distinct one once) and dates every folder.
    fn finish(mut self) -> Result<Timeline, GitError> {
        let cut = self.cut;
        let mut texts = Texts::default();
        let mut read: HashMap<Option<Oid>, Snapshot> = HashMap::new();
        let mut snapshots = Vec::with_capacity(self.picked.len());
        for picked in std::mem::take(&mut self.picked) {
            let root = match (picked, cut) {
                (Some(root), _) => root,
                // Older than every commit: nothing existed yet; unless the history is cut.
                (None, None) => None,
                (None, Some(_)) => {
                    snapshots.push(None);
                    continue;
                }
            };
            if let std::collections::hash_map::Entry::Vacant(slot) = read.entry(root) {
                slot.insert(self.snapshot(root, &mut texts)?);
            }
            snapshots.push(read.get(&root).cloned());
        }
        let folders = std::mem::take(&mut self.folders)
            .into_iter()
            .map(|(name, c)| {
                let mut authors: Vec<Author> = c
                    .authors
                    .into_values()
                    .map(|(name, email, commits)| Author {
                        name,
                        email,
                        commits,
                    })
                    .collect();
                authors.sort_by(|a, b| {
                    b.commits
                        .cmp(&a.commits)
                        .then_with(|| a.email.to_lowercase().cmp(&b.email.to_lowercase()))
                        .then_with(|| a.name.cmp(&b.name))
                });
                let first_seen = if c.older_than_history {
                    None
                } else {
                    c.first_seen.map(utc_date)
                };
                let folder = Folder {
                    first_seen,
                    last_change: c.last_change.map(utc_date),
                    authors,
                };
                (name, folder)
            })
            .collect();
        Ok(Timeline {
            snapshots,
            texts: texts.list,
            folders,
            shallow_end: cut.map(utc_date),
            commits: self.commits,
        })
    }

    /// Every folder of a communities tree with its community.yaml text.
    fn snapshot(&mut self, root: Option<Oid>, texts: &mut Texts) -> Result<Snapshot, GitError> {
        let mut snapshot = Snapshot::default();
        let Some(id) = root else {
            return Ok(snapshot);
        };
        let Some(tree) = self.tree(id)? else {
            return Ok(snapshot);
        };
        let mut entries = Vec::new();
        each_folder(&tree, |name, id| entries.push((name.to_string(), id)))?;
        for (name, folder) in entries {
            let text = texts.of_folder(self.odb, folder)?;
            snapshot.folders.insert(name, text);
        }
        Ok(snapshot)
    }
}

/// The distinct community.yaml texts read, by blob and by folder tree.
#[derive(Default)]
struct Texts {
    list: Vec<String>,
    by_blob: HashMap<Oid, Option<usize>>,
    by_folder: HashMap<Oid, Option<usize>>,
}

impl Texts {
    /// The text of community.yaml in the folder tree `folder`.
    fn of_folder(&mut self, odb: &Odb, folder: Oid) -> Result<Option<usize>, GitError> {
        if let Some(text) = self.by_folder.get(&folder) {
            return Ok(*text);
        }
        let tree = match odb.read(folder) {
            Ok(tree) => tree,
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(None),
            Err(e) => return Err(GitError::failed(format!("read tree {folder}"), &e)),
        };
        let entry = tree::find(tree.data(), COMMUNITY_FILE).map_err(|_| malformed(Some(folder)))?;
        let text = match entry {
            Some(entry) if !entry.is_tree => {
                let blob = Oid::from_bytes(entry.id)
                    .map_err(|e| GitError::failed(format!("read tree {folder}"), &e))?;
                self.of_blob(odb, blob)?
            }
            _ => None,
        };
        self.by_folder.insert(folder, text);
        Ok(text)
    }

    fn of_blob(&mut self, odb: &Odb, blob: Oid) -> Result<Option<usize>, GitError> {
        if let Some(text) = self.by_blob.get(&blob) {
            return Ok(*text);
        }
        let text = match odb.read(blob) {
            Ok(object) if object.kind() == ObjectType::Blob && object.len() <= MAX_TEXT_BYTES => {
                crate::yaml::decode(object.data().to_vec()).ok()
            }
            Ok(_) => None,
            Err(e) if e.code() == ErrorCode::NotFound => None,
            Err(e) => return Err(GitError::failed(format!("read blob {blob}"), &e)),
        };
        let index = text.map(|text| {
            self.list.push(text);
            self.list.len() - 1
        });
        self.by_blob.insert(blob, index);
        Ok(index)
    }
}

/// Calls `f` with the name and tree id of every folder entry of a raw tree.
fn each_folder(tree: &[u8], mut f: impl FnMut(&str, Oid)) -> Result<(), GitError> {
    let mut at = 0;
    while let Some(entry) = tree::entry_at(tree, at).map_err(|_| malformed(None))? {
        at += entry.len;
        if !entry.is_tree {
            continue;
        }
        if let (Ok(name), Ok(id)) = (std::str::from_utf8(entry.name), Oid::from_bytes(entry.id)) {
            f(name, id);
        }
    }
    Ok(())
}

fn malformed(id: Option<Oid>) -> GitError {
    GitError::Failed {
        action: match id {
            Some(id) => format!("read tree {id} of the history"),
            None => "read a tree of the history".into(),
        },
        message: "malformed tree object".into(),
    }
}
