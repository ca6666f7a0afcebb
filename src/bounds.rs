//! Staying inside the registry, the one place that decides it: a path written in cop.yaml
//! must not climb out (`stays_inside`), a file read through links must resolve inside
//! (`Bounds`), and a write must go through plain folders only (`no_links`).

use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::refusal::Refusal;

/// Whether a relative path from the registry root stays inside it.
pub fn stays_inside(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// The registry's root as given and as resolved (once), to tell whether a path read through
/// links stays inside it.
pub struct Bounds {
    pub root: PathBuf,
    real_root: Option<PathBuf>,
}

impl Bounds {
    pub fn new(root: &Path) -> Bounds {
        Bounds {
            root: root.to_path_buf(),
            real_root: root.canonicalize().ok(),
        }
    }

    /// Where `path` really leads, when that is outside the registry (every component resolved).
    pub fn outside(&self, path: &Path) -> Option<String> {
        let real = path.canonicalize().ok()?;
        let root = self.real_root.as_ref()?;
        (!real.starts_with(root)).then(|| real.display().to_string())
    }

    /// Like `outside`, for a path whose folder is known to be inside: only a link can lead out,
    /// so a plain file or folder costs one `lstat` instead of resolving the whole path.
    pub fn link_outside(&self, path: &Path) -> Option<String> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if meta.file_type().is_symlink() {
            self.outside(path)
        } else {
            None
        }
    }
}

/// The folders from the registry root to `relative` must be plain folders (or not exist
/// yet): a link could send a write outside the registry.
pub fn no_links(root: &Path, relative: &str) -> Result<()> {
    let mut path = root.to_path_buf();
    for part in Path::new(relative).components() {
        match part {
            Component::Normal(name) => path.push(name),
            Component::CurDir => continue,
            _ => {
                return Err(Refusal(format!(
                    "`{relative}` leaves the registry; use a relative path without `..`"
                ))
                .into());
            }
        }
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(Refusal(format!(
                    "`{}` is a link; cop writes only through plain folders of the registry",
                    path.strip_prefix(root).unwrap_or(&path).display()
                ))
                .into());
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", path.display())),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside() {
        assert!(stays_inside("handbook/page.md"));
        assert!(stays_inside("./communities"));
        assert!(!stays_inside("../elsewhere"));
        assert!(!stays_inside("a/../../b"));
        assert!(!stays_inside("/etc/passwd"));
        assert!(!stays_inside(""));
    }
}
