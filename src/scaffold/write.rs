//! Writing planned communities all or nothing (one for `cop new`, many for `cop import`): their
//! files go to a hidden temporary folder inside the communities folder, and each community's
//! folder is renamed into place in one step (so of several runs for the same id exactly one
//! wins, with complete files); the pages follow, each atomically. When anything after the
//! first rename fails, everything written is taken back.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::{PageChange, Plan, Refusal};
use crate::registry::Registry;
use crate::render::write_atomic;

/// What a successful write left behind, so that a later failure (a commit) can take it back.
#[derive(Debug)]
pub struct Written {
    /// The community folders placed so far.
    communities: Vec<PathBuf>,
    /// The communities folder, when this run created it.
    created_parent: Option<PathBuf>,
    /// Pages written so far, with their bytes before.
    pages: Vec<(PathBuf, Vec<u8>)>,
}

impl Written {
    /// Removes the community folder and puts every page back as it was.
    pub fn undo(self) -> Result<()> {
        let mut failed = Vec::new();
        for (path, old) in self.pages.iter().rev() {
            if let Err(e) = write_atomic(path, old) {
                failed.push(format!("cannot restore `{}`: {e}", path.display()));
            }
        }
        for community in self.communities.iter().rev() {
            if let Err(e) = fs::remove_dir_all(community) {
                failed.push(format!("cannot remove `{}`: {e}", community.display()));
            }
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
    apply_all(registry, &[(&plan.id, &plan.files)], &plan.pages)
}

/// Writes communities (id and files, relative to its folder) and then pages. On failure
/// nothing of it remains and the error says what failed.
pub fn apply_all(
    registry: &Registry,
    communities: &[(&str, &[(String, String)])],
    pages: &[PageChange],
) -> Result<Written> {
    let parent = registry.communities_dir();
    let created_parent = if parent.is_dir() {
        None
    } else {
        fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        Some(parent.clone())
    };
    let mut written = Written {
        communities: Vec::new(),
        created_parent,
        pages: Vec::new(),
    };
    if let Err(e) = place_communities(registry, &parent, communities, &mut written) {
        return Err(match written.undo() {
            Ok(()) => e,
            Err(undo) => e.context(format!("taking back the rest failed too: {undo:#}")),
        });
    }
    for page in pages {
        let path = registry.path(&page.path);
        if let Err(e) = write_atomic(&path, &page.new) {
            let error = format!("cannot write `{}`: {e}", page.path);
            return Err(match written.undo() {
                Ok(()) => anyhow::anyhow!("{error}; nothing was written"),
                Err(undo) => anyhow::anyhow!("{error}; taking back the rest failed too: {undo:#}"),
            });
        }
        written.pages.push((path, page.old.clone()));
    }
    Ok(written)
}

/// Writes every community's files into one temporary folder, then renames each community's
/// folder to `<id>`, recording each one placed.
fn place_communities(
    registry: &Registry,
    parent: &Path,
    communities: &[(&str, &[(String, String)])],
    written: &mut Written,
) -> Result<()> {
    let Some((first, _)) = communities.first() else {
        return Ok(());
    };
    let temp = TempFolder::create(parent, first)?;
    for (id, files) in communities {
        for (name, text) in files.iter() {
            let path = temp.0.join(id).join(name);
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create `{}`", dir.display()))?;
            }
            write_new(&path, text.as_bytes())
                .with_context(|| format!("cannot write `{}`", path.display()))?;
        }
    }
    let communities_dir = registry.config.communities.trim_end_matches('/');
    for (id, _) in communities {
        let target = parent.join(id);
        match fs::rename(temp.0.join(id), &target) {
            Ok(()) => written.communities.push(target),
            Err(_) if target.exists() => {
                return Err(Refusal(format!(
                    "community `{id}` already exists as `{communities_dir}/{id}` (created while this run was writing); nothing was written"
                ))
                .into());
            }
            Err(e) => {
                return Err(e).with_context(|| format!("cannot create `{communities_dir}/{id}`"));
            }
        }
    }
    Ok(())
}

/// A hidden folder (loading skips names starting with `.`) removed unless kept.
struct TempFolder(PathBuf);

impl TempFolder {
    fn create(parent: &Path, id: &str) -> Result<TempFolder> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = parent.join(format!(".cop-new-{id}-{}-{nanos}", std::process::id()));
        fs::create_dir(&path).with_context(|| format!("cannot create `{}`", path.display()))?;
        Ok(TempFolder(path))
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
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
