//! Merge-request mode (`--changed-since REV`): which communities' folders differ between a
//! revision and the working tree (index and untracked files included).

use std::collections::BTreeSet;

use super::{GitError, Workspace};

impl Workspace {
    /// The ids of the communities whose folder differs between `rev` and the working tree.
    pub fn changed_since(&self, rev: &str) -> Result<BTreeSet<String>, GitError> {
        let revision = |e: git2::Error| GitError::Revision {
            rev: rev.to_string(),
            message: e.message().to_string(),
        };
        let tree = self
            .repo
            .revparse_single(rev)
            .and_then(|object| object.peel_to_tree())
            .map_err(revision)?;
        let mut options = git2::DiffOptions::new();
        options
            .include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false)
            .ignore_submodules(true)
            .disable_pathspec_match(true);
        if let Some(spec) = self.pathspec() {
            options.pathspec(spec);
        }
        let diff = self
            .repo
            .diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options))
            .map_err(|e| GitError::failed(format!("compare `{rev}` with the working tree"), &e))?;
        let mut ids = BTreeSet::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(id) = file.path_bytes().and_then(|p| self.community_of(p)) {
                    ids.insert(id.to_string());
                }
            }
        }
        Ok(ids)
    }
}
