//! Finding the registry (the first folder holding `cop.yaml`, walking up) and reading its
//! settings.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::Config;
use crate::read::{Cx, Read};
use crate::span::Pos;
use crate::tree::Value;
use crate::yaml;

pub const CONFIG_FILE: &str = "cop.yaml";

/// A registry: its root folder and its settings.
#[derive(Debug, Clone)]
pub struct Registry {
    pub root: PathBuf,
    pub config: Config,
}

impl Registry {
    /// Walks up from `start` to the first folder holding `cop.yaml` and reads it.
    pub fn discover(start: &Path) -> Result<Registry> {
        let start = std::path::absolute(start)
            .with_context(|| format!("cannot resolve folder `{}`", start.display()))?;
        if !start.is_dir() {
            bail!("`{}` is not a folder", start.display());
        }
        let Some(root) = start
            .ancestors()
            .find(|dir| dir.join(CONFIG_FILE).is_file())
        else {
            bail!(
                "no cop.yaml in {} or any parent folder; run 'cop init' to create a registry",
                start.display()
            );
        };
        Registry::open(root)
    }

    /// Reads `cop.yaml` in `root`.
    pub fn open(root: &Path) -> Result<Registry> {
        let path = root.join(CONFIG_FILE);
        let source = yaml::read_source(&path, yaml::MAX_FILE_BYTES).map_err(|e| {
            anyhow::anyhow!(
                "{CONFIG_FILE}:{}:{}: {}",
                e.pos.line,
                e.pos.column,
                e.message
            )
        })?;
        let config = parse_config(&source)?;
        Ok(Registry {
            root: root.to_path_buf(),
            config,
        })
    }

    /// An absolute path for a path relative to the root.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    pub fn communities_dir(&self) -> PathBuf {
        self.path(&self.config.communities)
    }

    /// Holds the registry for one writing command (`cop new`, `cop render`) from planning to
    /// the last write, so that commands started at once each plan against what the others
    /// wrote: a page never misses a community that another run added meanwhile. An advisory
    /// lock on the root folder: nothing is created, and the lock ends with the process.
    pub fn lock(&self) -> Result<RegistryLock> {
        #[cfg(unix)]
        {
            let folder = std::fs::File::open(&self.root)
                .with_context(|| format!("cannot open `{}`", self.root.display()))?;
            folder
                .lock()
                .with_context(|| format!("cannot lock `{}`", self.root.display()))?;
            Ok(RegistryLock(Some(folder)))
        }
        #[cfg(not(unix))]
        {
            Ok(RegistryLock(None))
        }
    }
}

/// The registry's lock, released when dropped.
pub struct RegistryLock(#[allow(dead_code)] Option<std::fs::File>);

/// Parses the text of `cop.yaml`. Every problem of the file is listed, each with its line and
/// column; any one of them stops the command (exit 2), as a broken cop.yaml would mislead
/// every check.
pub fn parse_config(source: &str) -> Result<Config> {
    let tree = yaml::parse_tree(source).map_err(|e| {
        let help = e.help.unwrap_or_else(|| CONFIG_HELP.into());
        anyhow::anyhow!(
            "{CONFIG_FILE}:{}:{}: {}\n  = help: {help}",
            e.pos.line,
            e.pos.column,
            e.message
        )
    })?;
    let mut cx = Cx::default();
    let config = match tree.value {
        Value::Null => Some(Config::default()),
        _ => Config::read(tree, Pos::START, &mut cx),
    };
    if !cx.problems.is_empty() {
        let text: Vec<String> = cx
            .problems
            .iter()
            .map(|p| {
                let help = p.help.as_deref().unwrap_or(CONFIG_HELP);
                format!(
                    "{CONFIG_FILE}:{}:{}: {}\n  = help: {help}",
                    p.pos.line, p.pos.column, p.message
                )
            })
            .collect();
        bail!("{}", text.join("\n"));
    }
    let mut config = config.unwrap_or_default();
    if let Some((key, path)) = config.escaping_path() {
        bail!(
            "{CONFIG_FILE}: `{key}: {path}` leaves the registry\n  = help: use a relative path inside the registry, without `..`"
        );
    }
    config.normalise_paths();
    Ok(config)
}

const CONFIG_HELP: &str = "see the cop.yaml section of the README for every key and its default";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{RuleId, Severity};

    #[test]
    fn empty_config_is_all_defaults() {
        assert_eq!(parse_config("").unwrap(), Config::default());
        assert_eq!(
            parse_config("# just a comment\n").unwrap(),
            Config::default()
        );
    }

    #[test]
    fn config_overrides_are_read() {
        let config = parse_config(
            "pages: [handbook/a.md]\nrules:\n  min_members: 2\nseverity:\n  overcommitted: error\n",
        )
        .unwrap();
        assert_eq!(config.pages, vec!["handbook/a.md"]);
        assert_eq!(config.rules.min_members, 2);
        assert_eq!(config.rules.channel_prefix, "#cp_");
        assert_eq!(config.severity(RuleId::Overcommitted), Severity::Error);
    }

    #[test]
    fn unknown_keys_name_their_line() {
        let err =
            parse_config("rules:\n  min_members: 2\n  min_memberz: 3\nseverty: {}\n").unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            "cop.yaml:3:3: unknown key `min_memberz` in `rules`\n  = help: did you mean `min_members`?\n\
             cop.yaml:4:1: unknown key `severty`\n  = help: did you mean `severity`?"
        );
    }

    #[test]
    fn unknown_rule_in_severity_is_an_error() {
        let err = parse_config("severity:\n  no-such-rule: off\n").unwrap_err();
        assert!(format!("{err:#}").contains("cop.yaml:2:3"), "{err:#}");
    }

    #[test]
    fn yaml_1_2_reads_off_as_a_string() {
        let config = parse_config("severity:\n  stale: off\n").unwrap();
        assert_eq!(config.severity(RuleId::Stale), Severity::Off);
    }

    #[test]
    fn paths_may_not_leave_the_registry() {
        let err = parse_config("pages: [../outside.md]\n").unwrap_err();
        assert!(
            format!("{err:#}").contains("leaves the registry"),
            "{err:#}"
        );
    }
}
