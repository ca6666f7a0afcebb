//! Loading every community of a registry: one entry per folder under `communities/`, with the
//! parse findings of broken files collected instead of stopping at the first.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::community::{Community, Pos};
use crate::finding::{Finding, RuleId};
use crate::registry::Registry;
use crate::yaml::{self, YamlError};

pub const COMMUNITY_FILE: &str = "community.yaml";
pub const README_FILE: &str = "README.md";

/// One community folder as read from disk.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The folder name.
    pub id: String,
    /// `communities/<id>` relative to the registry root, with `/`.
    pub dir: String,
    /// `communities/<id>/community.yaml`.
    pub path: String,
    /// The text of community.yaml (empty when it could not be read).
    pub source: String,
    /// The parsed community; `None` when the file could not be read or parsed.
    pub community: Option<Community>,
    pub has_readme: bool,
    /// Findings from reading and parsing (parse-error).
    pub findings: Vec<Finding>,
}

impl Entry {
    /// A finding of `rule` about this community at `pos`, with the source line attached.
    pub fn finding(&self, rule: RuleId, pos: Pos, message: impl Into<String>) -> Finding {
        let mut finding = Finding::new(rule, &self.path, pos, message)
            .community(&self.id)
            .source(&self.source);
        finding.key = self
            .community
            .as_ref()
            .and_then(|c| crate::keypath::at(c, pos));
        finding
    }

    /// Builds an entry from the text of community.yaml.
    pub fn parse(id: &str, dir: &str, source: Result<String, YamlError>, has_readme: bool) -> Self {
        let mut entry = Entry {
            id: id.to_string(),
            dir: dir.to_string(),
            path: format!("{dir}/{COMMUNITY_FILE}"),
            source: String::new(),
            community: None,
            has_readme,
            findings: Vec::new(),
        };
        let parsed = source.and_then(|text| {
            entry.source = text;
            yaml::parse::<Option<Community>>(&entry.source)
        });
        match parsed {
            Ok(community) => {
                let community = community.unwrap_or_default();
                entry.findings = unknown_key_findings(&entry, &community);
                entry.community = Some(community);
            }
            Err(e) => {
                let finding = entry
                    .finding(RuleId::ParseError, e.pos, e.message)
                    .help("fix the YAML at this place; `cop schema community` lists every field and its type");
                entry.findings.push(finding);
            }
        }
        entry
    }
}

fn unknown_key_findings(entry: &Entry, community: &Community) -> Vec<Finding> {
    let meeting_unknown = community.meeting.iter().flat_map(|m| &m.value.unknown);
    let top = community
        .unknown
        .iter()
        .map(|k| (k, crate::community::COMMUNITY_KEYS));
    let nested = meeting_unknown.map(|k| (k, crate::community::MEETING_KEYS));
    top.chain(nested)
        .map(|(key, known)| {
            entry
                .finding(
                    RuleId::ParseError,
                    key.key,
                    format!("unknown key `{}`", key.value),
                )
                .label("unknown key")
                .help(format!("the known keys here are: {}", known.join(", ")))
        })
        .collect()
}

/// Every community of the registry, sorted by id.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub entries: Vec<Entry>,
}

impl Loaded {
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The parsed communities, with their entries.
    pub fn communities(&self) -> impl Iterator<Item = (&Entry, &Community)> {
        self.entries
            .iter()
            .filter_map(|e| e.community.as_ref().map(|c| (e, c)))
    }

    /// Adds or replaces an entry, keeping the order by id.
    pub fn insert(&mut self, entry: Entry) {
        self.entries.retain(|e| e.id != entry.id);
        let at = self.entries.partition_point(|e| e.id < entry.id);
        self.entries.insert(at, entry);
    }
}

/// Reads every community folder of the registry. A missing communities folder is an empty
/// registry; an unreadable one is an error.
pub fn load(registry: &Registry) -> Result<Loaded> {
    let dir = registry.communities_dir();
    let names = match fs::read_dir(&dir) {
        Ok(read) => {
            let mut names = Vec::new();
            for item in read {
                let item = item.with_context(|| format!("cannot read `{}`", dir.display()))?;
                let name = item.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                // A symlinked folder is followed only when it resolves inside the registry.
                if item.path().is_dir() {
                    names.push(name);
                }
            }
            names
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", dir.display())),
    };
    let mut names = names;
    names.sort();
    let bounds = Bounds::new(&registry.root);
    if let Some(outside) = bounds.outside(&dir) {
        anyhow::bail!(
            "the communities folder `{}` links to `{outside}`, outside the registry; cop reads only files inside it",
            registry.config.communities
        );
    }
    let entries = crate::parallel::map(&names, |name| load_one(&bounds, &registry.config, name));
    Ok(Loaded { entries })
}

fn load_one(bounds: &Bounds, config: &crate::config::Config, id: &str) -> Entry {
    let dir = config.community_dir(id);
    let folder = bounds.root.join(&dir);
    let has_readme = folder.join(README_FILE).is_file();
    let file = folder.join(COMMUNITY_FILE);
    // The communities folder is inside (checked once in `load`), so only a link below it can
    // lead out.
    let outside = bounds
        .link_outside(&folder)
        .or_else(|| bounds.link_outside(&file));
    let source = if let Some(outside) = outside {
        Err(YamlError {
            pos: Pos::START,
            message: format!(
                "links to `{outside}`, outside the registry; cop reads only files inside it"
            ),
        })
    } else if file.is_file() {
        yaml::read_source(&file, yaml::MAX_FILE_BYTES)
    } else {
        Err(YamlError {
            pos: Pos::START,
            message: "the community folder has no community.yaml".into(),
        })
    };
    Entry::parse(id, &dir, source, has_readme)
}

/// The registry's root as given and as resolved (once), to tell whether a path read through
/// links stays inside it.
pub(crate) struct Bounds {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(source: &str) -> Entry {
        Entry::parse("x", "communities/x", Ok(source.to_string()), true)
    }

    #[test]
    fn keys_keep_their_own_positions() {
        let e = entry("subject: X\nmembers:\n  - \"@a\"\n  - \"@b\"\n");
        let c = e.community.unwrap();
        let members = c.members.unwrap();
        assert_eq!(
            (members.key.line, members.key.column, members.key.len),
            (2, 1, 7)
        );
        assert_eq!(members.value[1].at.line, 4);
        assert_eq!(members.value[1].value, "@b");
    }

    #[test]
    fn unknown_keys_are_findings_and_the_rest_is_read() {
        let e = entry("subject: X\nsubjekt: Y\nmeeting:\n  cadance: monthly\n");
        assert_eq!(e.community.as_ref().unwrap().subject(), Some("X"));
        let lines: Vec<_> = e
            .findings
            .iter()
            .map(|f| (f.rule, f.pos.line, f.pos.column))
            .collect();
        assert_eq!(
            lines,
            [(RuleId::ParseError, 2, 1), (RuleId::ParseError, 4, 3)]
        );
    }

    #[test]
    fn wrong_type_is_a_parse_error_with_position() {
        let e = entry("subject: X\nmembers: 3\n");
        assert!(e.community.is_none());
        assert_eq!(e.findings.len(), 1);
        assert_eq!((e.findings[0].pos.line, e.findings[0].pos.column), (2, 10));
    }

    #[test]
    fn bad_enum_value_names_the_choices() {
        let e = entry("subject: X\nstatus: dormant\n");
        assert!(
            e.findings[0].message.contains("active"),
            "{}",
            e.findings[0].message
        );
        assert_eq!(e.findings[0].pos.line, 2);
    }

    #[test]
    fn empty_file_is_an_empty_community() {
        let e = entry("");
        assert!(e.findings.is_empty());
        assert_eq!(e.community.unwrap(), Community::default());
    }

    #[test]
    fn top_level_list_is_a_parse_error() {
        let e = entry("- a\n- b\n");
        assert_eq!(e.findings[0].rule, RuleId::ParseError);
    }

    #[test]
    fn meeting_week_and_time_are_validated() {
        let e = entry("subject: X\nmeeting:\n  cadence: monthly\n  week: 5\n");
        assert!(
            e.findings[0].message.contains("week must be"),
            "{}",
            e.findings[0].message
        );
        let e = entry("subject: X\nmeeting:\n  time: \"25:00\"\n");
        assert!(
            e.findings[0].message.contains("HH:MM"),
            "{}",
            e.findings[0].message
        );
    }
}
