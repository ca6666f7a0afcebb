//! `cop init`: the files of a new registry (a commented cop.yaml, the communities folder and
//! a handbook page with the `active` and `suggested` regions), written without overwriting.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::load;
use crate::refusal::Refusal;
use crate::registry::{CONFIG_FILE, Registry};
use crate::render;

/// The handbook page `cop init` creates and lists in cop.yaml.
pub const HANDBOOK_PAGE: &str = "handbook/communities-of-practice.md";

/// cop.yaml as `cop init` writes it: every key with its default, commented, except the page.
pub const CONFIG: &str = r##"# cop registry settings. Every key is optional; a commented key shows its default.
# Paths are relative to this folder and may not leave it.

# Folder with one folder per community.
# communities: communities

# Markdown pages holding cop regions, besides each community's README.md.
pages:
  - handbook/communities-of-practice.md

# Folder whose files override the built-in templates by name:
# community/ for `cop new`, regions/NAME.md for a region.
# templates: templates

# A CODEOWNERS file whose `codeowners` region (between `# cop:begin codeowners` and
# `# cop:end codeowners`) cop render fills: each community's facilitators own its folder.
# codeowners: CODEOWNERS

# Thresholds of the rules.
# rules:
#   min_members: 3                  # an active community needs this many distinct members
#   channel_prefix: "#cp_"          # every channel starts with this prefix
#   max_meeting_interval: monthly   # the core team meets at least this often
#   stale_after_days: 90            # no change in git for longer: warning
#   max_communities_per_person: 4   # member of more active communities: warning

# Severity per rule id: error, warning or off.
# severity:
#   stale: warning
#   overcommitted: warning
"##;

/// The handbook page: text around the regions that `cop render` fills.
pub const PAGE: &str = "# Communities of practice

A community of practice (CoP) is a group of team members who share an interest in a subject
and meet regularly to learn from each other and build things together. Each community keeps
its own project under `communities/`; the tables below are kept up to date by `cop render`.

## Active communities

<!-- cop:begin active -->
<!-- cop:end active -->

## Suggested communities

Subjects looking for a facilitator and members. Interested? Ask in the community's channel.

<!-- cop:begin suggested -->
<!-- cop:end suggested -->

## Start a community

Find a facilitator and at least two more members, then run
`cop new \"Subject\" --facilitator @you --member @them --member @someone-else`.
";

/// What `cop init` did, for its report.
#[derive(Debug, Default)]
pub struct Created {
    pub files: Vec<String>,
    /// The handbook page was there already and was kept as it was.
    pub kept_page: bool,
    pub git_init: bool,
}

/// Creates a registry in `dir`. A cop.yaml there already is refused; an existing handbook page
/// is kept. When a later step fails, what this run created is removed again.
pub fn init(dir: &Path) -> Result<Created> {
    if dir.join(CONFIG_FILE).exists() {
        return Err(Refusal(format!(
            "`{}` already holds a {CONFIG_FILE}; edit it, or run `cop init` in another folder",
            dir.display()
        ))
        .into());
    }
    let mut undo = Undo::default();
    match create(dir, &mut undo) {
        Ok(created) => Ok(created),
        Err(e) => {
            undo.run();
            Err(e)
        }
    }
}

fn create(dir: &Path, undo: &mut Undo) -> Result<Created> {
    let mut created = Created::default();
    undo.dir(dir)?;
    undo.dir(&dir.join("communities"))?;
    let page = dir.join(HANDBOOK_PAGE);
    if page.exists() {
        created.kept_page = true;
    } else {
        if let Some(parent) = page.parent() {
            undo.dir(parent)?;
        }
        undo.file(&page, PAGE)?;
        created.files.push(HANDBOOK_PAGE.to_string());
    }
    let config = dir.join(CONFIG_FILE);
    undo.file(&config, CONFIG)?;
    if !created.kept_page {
        fill_regions(dir)?;
    }
    created.files.insert(0, CONFIG_FILE.to_string());
    created.files.insert(1, "communities/".to_string());
    if crate::git::commit::init_unless_inside(dir)? {
        undo.created.push(dir.join(".git"));
        created.git_init = true;
    }
    Ok(created)
}

/// Renders the regions of the new page as `cop render` would, so that `cop check` passes on
/// the new registry.
fn fill_regions(dir: &Path) -> Result<()> {
    let registry = Registry::open(dir)?;
    let loaded = load::load(&registry)?;
    let plan = render::plan(&registry, &loaded)?;
    if let Some(finding) = plan.findings.first() {
        anyhow::bail!(
            "cannot fill the regions of {HANDBOOK_PAGE}: {}",
            finding.message
        );
    }
    let changes = plan.outputs.iter().filter_map(|o| o.change.as_ref());
    for change in changes.filter(|c| c.path == HANDBOOK_PAGE) {
        crate::write::write_atomic(&registry.path(&change.path), &change.new)
            .with_context(|| format!("cannot write `{}`", change.path))?;
    }
    Ok(())
}

/// Everything this run created, newest last, to remove when a later step fails.
#[derive(Default)]
struct Undo {
    created: Vec<PathBuf>,
}

impl Undo {
    fn dir(&mut self, path: &Path) -> Result<()> {
        if !path.exists() {
            fs::create_dir_all(path)
                .with_context(|| format!("cannot create `{}`", path.display()))?;
            self.created.push(path.to_path_buf());
        }
        Ok(())
    }

    fn file(&mut self, path: &Path, text: &str) -> Result<()> {
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        self.created.push(path.to_path_buf());
        Ok(())
    }

    fn run(self) {
        for path in self.created.iter().rev() {
            let _ = if path.is_dir() {
                fs::remove_dir_all(path)
            } else {
                fs::remove_file(path)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::registry::parse_config;

    #[test]
    fn config_lists_the_page_and_keeps_defaults() {
        let config = parse_config(CONFIG).unwrap();
        let expected = Config {
            pages: vec![HANDBOOK_PAGE.into()],
            ..Config::default()
        };
        assert_eq!(config, expected);
    }

    #[test]
    fn uncommented_config_is_the_defaults() {
        let uncommented: String = CONFIG
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest)
                    if rest.starts_with(|c: char| c == ' ' || c.is_ascii_lowercase())
                        && rest.contains(':')
                        && !rest.contains(". ") =>
                {
                    format!("{rest}\n")
                }
                _ => format!("{line}\n"),
            })
            .collect();
        let config = parse_config(&uncommented).unwrap_or_else(|e| panic!("{e:#}\n{uncommented}"));
        assert_eq!(config.rules, Config::default().rules);
        assert_eq!(config.communities, "communities");
        assert_eq!(config.templates, "templates");
        assert!(uncommented.contains("\nrules:\n"), "{uncommented}");
    }
}
