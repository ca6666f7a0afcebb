//! Writing a planned community all or nothing: its files go to a hidden temporary folder
//! inside the communities folder, which is renamed into place in one step (so of several runs
//! for the same id exactly one wins, with complete files); the pages follow, each atomically.
//! When anything after the rename fails, everything written is taken back.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::Plan;
use crate::refusal::Refusal;
use crate::registry::Registry;
use crate::write;

/// What a successful write left behind, so that a later failure (a commit) can take it back.
#[derive(Debug)]
pub struct Written {
    community: PathBuf,
    /// The communities folder, when this run created it.
    created_parent: Option<PathBuf>,
    /// The pages written, with their bytes before.
    pages: write::Written,
}

impl Written {
    /// Removes the community folder and puts every page back as it was.
    pub fn undo(self) -> Result<()> {
        let mut failed = Vec::new();
        if let Err(e) = self.pages.undo() {
            failed.push(format!("cannot restore the pages: {e}"));
        }
        if let Err(e) = fs::remove_dir_all(&self.community) {
            failed.push(format!("cannot remove `{}`: {e}", self.community.display()));
        }
        if let Some(parent) = &self.created_parent {
            let _ = fs::remove_dir(parent);
        }
        if failed.is_empty() {
            Ok(())
        } else {
            anyhow::bail!("{}", failed.join("; "))
        }
    }
}

/// Writes the plan. On failure nothing of it remains and the error says what failed.
pub fn apply(registry: &Registry, plan: &Plan) -> Result<Written> {
    let parent = registry.communities_dir();
    let created_parent = if parent.is_dir() {
        None
    } else {
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        Some(parent.clone())
    };
    let community = parent.join(&plan.id);
    if let Err(e) = place_community(&parent, plan) {
        if let Some(created) = &created_parent {
            let _ = fs::remove_dir(created);
        }
        return Err(e);
    }
    let mut batch = write::Batch::new(&registry.root);
    for page in &plan.pages {
        batch.put(&page.path, page.new.as_slice());
    }
    match batch.commit() {
        Ok(pages) => Ok(Written {
            community,
            created_parent,
            pages,
        }),
        Err(error) => {
            let undo = Written {
                community,
                created_parent,
                pages: write::Written::default(),
            };
            Err(match undo.undo() {
                Ok(()) => anyhow::Error::new(error),
                Err(more) => anyhow::Error::new(error).context(format!("{more:#}")),
            })
        }
    }
}

/// Writes the community's files into a temporary folder and renames it to `<id>`.
fn place_community(parent: &Path, plan: &Plan) -> Result<()> {
    // A hidden folder (loading skips names starting with `.`), removed unless renamed.
    let temp = tempfile::Builder::new()
        .prefix(&format!(".cop-new-{}-", plan.id))
        .tempdir_in(parent)
        .with_context(|| format!("cannot create a temporary folder in `{}`", parent.display()))?;
    for (name, text) in &plan.files {
        let path = temp.path().join(name);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
        }
        write_new(&path, text.as_bytes())
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    let target = parent.join(&plan.id);
    match fs::rename(temp.path(), &target) {
        Ok(()) => {
            // Renamed: nothing is left at the temporary path for the guard to remove.
            let _ = temp.keep();
            write::sync_folder(parent);
            Ok(())
        }
        Err(_) if target.exists() => Err(Refusal(format!(
            "community `{}` already exists as `{}` (created while this run was writing); nothing was written",
            plan.id, plan.dir
        ))
        .into()),
        Err(e) => Err(e).with_context(|| format!("cannot create `{}`", plan.dir)),
    }
}

fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn setup() -> (tempfile::TempDir, Registry, Plan) {
        let dir = tempfile::tempdir().unwrap();
        let registry = Registry {
            root: dir.path().to_path_buf(),
            config: Config::default(),
        };
        let plan = Plan {
            id: "x".into(),
            dir: "communities/x".into(),
            files: vec![
                ("community.yaml".into(), "subject: X\n".into()),
                ("notes/a.md".into(), "# a\n".into()),
            ],
            pages: Vec::new(),
            findings: Vec::new(),
            notes: Vec::new(),
        };
        (dir, registry, plan)
    }

    #[test]
    fn the_folder_appears_whole_or_not_at_all() {
        let (dir, registry, plan) = setup();
        let written = apply(&registry, &plan).unwrap();
        let folder = dir.path().join("communities/x");
        assert_eq!(
            fs::read_to_string(folder.join("notes/a.md")).unwrap(),
            "# a\n"
        );
        written.undo().unwrap();
        assert!(!dir.path().join("communities").exists());
    }

    #[test]
    fn a_folder_created_meanwhile_wins_and_no_temporary_folder_is_left() {
        let (dir, registry, plan) = setup();
        let theirs = dir.path().join("communities/x");
        fs::create_dir_all(&theirs).unwrap();
        fs::write(theirs.join("community.yaml"), "subject: Theirs\n").unwrap();
        let error = apply(&registry, &plan).unwrap_err();
        assert!(error.is::<Refusal>(), "{error:#}");
        assert_eq!(
            fs::read_to_string(theirs.join("community.yaml")).unwrap(),
            "subject: Theirs\n"
        );
        let names: Vec<_> = fs::read_dir(dir.path().join("communities"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["x"]);
    }
}
