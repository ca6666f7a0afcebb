//! Loading every community of a registry: one entry per folder under `communities/`, with the
//! parse findings of broken files collected instead of stopping at the first.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::bounds::Bounds;
use crate::community::{Community, Pos};
use crate::finding::{Finding, RuleId};
use crate::read::{Cx, Read};
use crate::registry::Registry;
use crate::tree::Value;
use crate::yaml::{self, YamlError};

pub const COMMUNITY_FILE: &str = "community.yaml";
pub const README_FILE: &str = "README.md";

/// One community folder as read from disk.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The folder name.
    pub id: crate::scalar::Text,
    /// `communities/<id>/community.yaml`.
    pub path: Box<str>,
    /// The text of community.yaml, for the lines findings quote.
    pub source: Source,
    /// The parsed community, with every field that could be read; `None` when the file could
    /// not be read or is not YAML (or not a mapping).
    pub community: Option<Box<Community>>,
    /// What is at `README.md` beside it.
    pub readme: Readme,
    /// Findings from reading and parsing (parse-error), every problem of the file.
    pub findings: Box<[Finding]>,
    /// Key paths (`members`, `meeting.cadence`) that a parse-error finding already accounts
    /// for: misspelt (an unknown key is close to it) or holding a value that could not be
    /// read. Rules do not report what follows from those, such as a `missing-field` beside
    /// the typo that caused it.
    pub accounted: Box<[String]>,
}

/// What the loader found at a community's README.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readme {
    Absent,
    /// A file, or a link to one.
    Present,
    /// A plain file of this many bytes when the loader's `lstat` saw it: the page rules read
    /// it without asking again (10,000 READMEs on every check).
    File(u32),
}

impl Readme {
    /// What is at `path`: one `lstat`, which gives a plain file's size with it.
    pub fn at(path: &Path) -> Readme {
        match fs::symlink_metadata(path) {
            Ok(meta) if meta.is_file() => {
                u32::try_from(meta.len()).map_or(Readme::Present, Readme::File)
            }
            Ok(meta) if meta.file_type().is_symlink() && path.is_file() => Readme::Present,
            _ => Readme::Absent,
        }
    }
}

impl Entry {
    /// Whether the folder has a README.md (a file, or a link to one).
    pub fn has_readme(&self) -> bool {
        self.readme != Readme::Absent
    }

    /// `communities/<id>` relative to the registry root, with `/`.
    pub fn dir(&self) -> &str {
        self.path
            .strip_suffix(COMMUNITY_FILE)
            .map_or("", |d| d.trim_end_matches('/'))
    }

    /// A finding of `rule` about this community at `pos`, with the source line attached.
    pub fn finding(&self, rule: RuleId, pos: Pos, message: impl Into<String>) -> Finding {
        let mut finding = Finding::new(rule, &*self.path, pos, message)
            .community(self.id.as_str())
            .source(self.text());
        finding.key = self
            .community
            .as_ref()
            .and_then(|c| crate::keypath::at(c, pos));
        finding
    }

    /// The text of community.yaml: kept, or read again from disk on the first call (empty
    /// when it cannot be) and kept from then on, for the entry's other findings.
    pub fn text(&self) -> &str {
        match &self.source {
            Source::Kept(text) => text,
            Source::OnDisk(root, read) => read.get_or_init(|| {
                yaml::read_source(&root.join(&*self.path), yaml::MAX_FILE_BYTES).unwrap_or_default()
            }),
        }
    }

    /// Whether community.yaml exists: it was read, even if it does not parse.
    pub fn has_file(&self) -> bool {
        self.community.is_some() || matches!(&self.source, Source::Kept(t) if !t.is_empty())
    }

    /// Whether a parse-error finding accounts for `path` (`members`, `meeting.cadence`).
    pub fn accounted_for(&self, path: &str) -> bool {
        self.accounted.iter().any(|p| p == path)
    }

    /// Builds an entry from the text of community.yaml, beside `readme`.
    pub fn parse(id: &str, dir: &str, source: Result<String, YamlError>, readme: Readme) -> Self {
        let mut entry = Entry {
            id: id.into(),
            path: format!("{dir}/{COMMUNITY_FILE}").into(),
            source: Source::Kept(String::new()),
            community: None,
            readme,
            findings: Box::default(),
            accounted: Box::default(),
        };
        let tree = source.and_then(|text| {
            entry.source = Source::Kept(text);
            yaml::parse_tree(entry.text())
        });
        let tree = match tree {
            Ok(tree) => tree,
            Err(e) => {
                let help = e.help.unwrap_or_else(|| {
                    "fix the YAML at this place; `cop schema community` lists every field and its type".into()
                });
                let mut finding = entry
                    .finding(RuleId::ParseError, e.pos, e.message)
                    .help(help);
                if let Some(label) = e.label {
                    finding = finding.label(label);
                }
                entry.findings = Box::new([finding]);
                return entry;
            }
        };
        let mut cx = Cx::default();
        entry.community = match tree.value {
            // An empty file (or only comments) is a community with every field absent.
            Value::Null => Some(Community::default()),
            _ => Community::read(tree, Pos::START, &mut cx),
        }
        // Boxed, so that the loader's list of 10,000 entries is small to build and to move.
        .map(Box::new);
        entry.findings = cx
            .problems
            .into_iter()
            .map(|p| {
                let finding = entry
                    .finding(RuleId::ParseError, p.pos, p.message)
                    .label(p.label);
                match p.help {
                    Some(help) => finding.help(help),
                    None => finding,
                }
            })
            .collect();
        entry.accounted = cx.accounted.into_boxed_slice();
        entry
    }
}

/// Where an entry's text is.
#[derive(Debug, Clone)]
pub enum Source {
    /// In memory: an entry built from a text (a planned edit), or a file that did not parse.
    Kept(String),
    /// Parsed and let go, to be read again below this registry root when a finding first
    /// quotes a line: 10,000 kept texts were an eighth of `cop check`'s memory.
    OnDisk(std::sync::Arc<Path>, std::sync::OnceLock<String>),
}

/// Reads the text of one community.yaml into its model, as the loader does; its problems as
/// findings when it has any (for callers that hold a text rather than a folder).
pub fn parse_community(text: &str) -> Result<Community, Vec<Finding>> {
    let entry = Entry::parse("", "", Ok(text.to_string()), Readme::Present);
    match (entry.findings.is_empty(), entry.community) {
        (true, Some(community)) => Ok(*community),
        _ => Err(entry.findings.into_vec()),
    }
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
            .filter_map(|e| e.community.as_deref().map(|c| (e, c)))
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
                // The folder's type comes with its name; a symlinked folder is followed only
                // when it resolves inside the registry.
                let linked = item.file_type().map_or(true, |t| t.is_symlink());
                let folder = match linked {
                    true => item.path().is_dir(),
                    false => item.file_type().is_ok_and(|t| t.is_dir()),
                };
                if folder {
                    names.push((name, linked));
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
    let root: std::sync::Arc<Path> = registry.root.as_path().into();
    let entries = crate::parallel::map(&names, |(name, linked)| {
        let mut entry = load_one(&bounds, &registry.config, name, *linked);
        if entry.community.is_some() {
            entry.source = Source::OnDisk(root.clone(), std::sync::OnceLock::new());
        }
        entry
    });
    Ok(Loaded { entries })
}

/// Reads community folder `id` (`linked`: the folder is a symbolic link).
fn load_one(bounds: &Bounds, config: &crate::config::Config, id: &str, linked: bool) -> Entry {
    let dir = config.community_dir(id);
    let folder = bounds.root.join(&dir);
    // A plain file's size is kept, for the page rules to read it by.
    let readme = Readme::at(&folder.join(README_FILE));
    let file = folder.join(COMMUNITY_FILE);
    // The communities folder is inside (checked once in `load`), so only a link below it can
    // lead out. One `lstat` tells whether the file is a link and, when not, whether it is a file.
    let meta = fs::symlink_metadata(&file).ok();
    let file_linked = meta.as_ref().is_some_and(|m| m.file_type().is_symlink());
    let outside = match (linked, file_linked) {
        (true, _) => bounds.outside(&folder).or_else(|| bounds.outside(&file)),
        (false, true) => bounds.outside(&file),
        (false, false) => None,
    };
    // The file's size, when it is a file.
    let size = match file_linked {
        true => fs::metadata(&file).ok(),
        false => meta,
    }
    .filter(|m| m.is_file())
    .map(|m| m.len());
    let source = if let Some(outside) = outside {
        Err(YamlError::at_start(format!(
            "links to `{outside}`, outside the registry; cop reads only files inside it"
        ))
        .with_help("replace the link with the file itself"))
    } else if let Some(size) = size {
        yaml::read_source_sized(&file, size, yaml::MAX_FILE_BYTES)
    } else {
        Err(
            YamlError::at_start("the community folder has no community.yaml").with_help(
                "add community.yaml with at least `subject:` (`cop new` scaffolds a community), or remove the folder",
            ),
        )
    };
    Entry::parse(id, &dir, source, readme)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(source: &str) -> Entry {
        Entry::parse(
            "x",
            "communities/x",
            Ok(source.to_string()),
            Readme::Present,
        )
    }

    #[test]
    fn keys_keep_their_own_positions() {
        let e = entry("subject: X\nmembers:\n  - \"@a\"\n  - \"@b\"\n");
        let c = e.community.unwrap();
        let members = c.members.unwrap();
        assert_eq!(
            (members.key().line, members.key().column, members.key().len),
            (2, 1, 7)
        );
        assert_eq!(members.value[1].at().line, 4);
        assert_eq!(members.value[1].value, "@b");
    }

    /// (line, column, message, help) of every finding.
    fn problems(e: &Entry) -> Vec<(u32, u32, String, String)> {
        e.findings
            .iter()
            .map(|f| {
                assert_eq!(f.rule, RuleId::ParseError);
                let help = f.help.clone().unwrap_or_default();
                (f.pos.line, f.pos.column, f.message.clone(), help)
            })
            .collect()
    }

    fn p(line: u32, column: u32, message: &str, help: &str) -> (u32, u32, String, String) {
        (line, column, message.into(), help.into())
    }

    #[test]
    fn unknown_keys_are_findings_with_the_nearest_key_and_the_rest_is_read() {
        let e = entry("subject: X\nsubjekt: Y\nmeeting:\n  cadance: monthly\n  room: 4\n");
        assert_eq!(e.community.as_ref().unwrap().subject(), Some("X"));
        assert_eq!(
            problems(&e),
            [
                p(2, 1, "unknown key `subjekt`", "did you mean `subject`?"),
                p(
                    4,
                    3,
                    "unknown key `cadance` in `meeting`",
                    "did you mean `cadence`?"
                ),
                p(
                    5,
                    3,
                    "unknown key `room` in `meeting`",
                    "the known keys here are: cadence, weekday, week, time, timezone, duration, start, url"
                ),
            ]
        );
        assert_eq!(*e.accounted, ["subject", "meeting.cadence"]);
    }

    #[test]
    fn every_wrong_type_is_reported_and_the_rest_is_read() {
        let e = entry(
            "subject: 123\nmembers: 3\nchannel: \"#cp_x\"\ntopics: [a, 1]\nmeeting:\n  week: \"2\"\n  time: 1600\n",
        );
        assert_eq!(
            problems(&e),
            [
                p(
                    1,
                    10,
                    "`subject` must be text, not the number 123",
                    "put it in quotes to make it text: \"123\""
                ),
                p(
                    2,
                    10,
                    "`members` must be a list, not the number 3",
                    "write a list, even of one: [\"3\"]"
                ),
                p(
                    4,
                    13,
                    "`topics[1]` must be text, not the number 1",
                    "put it in quotes to make it text: \"1\""
                ),
                p(
                    6,
                    9,
                    "`meeting.week` must be 1, 2, 3, 4 or -1 (the last), not the text \"2\"",
                    "remove the quotes: 2"
                ),
                p(
                    7,
                    9,
                    "`meeting.time` must be 24-hour HH:MM in quotes, such as \"16:00\", not the number 1600",
                    ""
                ),
            ]
        );
        let c = e.community.unwrap();
        assert_eq!(c.channel.unwrap().value, "#cp_x");
        let topics: Vec<_> = c
            .topics
            .unwrap()
            .value
            .into_iter()
            .map(|t| t.value)
            .collect();
        assert_eq!(topics, ["a"]);
        assert_eq!(
            *e.accounted,
            [
                "subject",
                "members",
                "topics",
                "meeting.week",
                "meeting.time"
            ]
        );
    }

    #[test]
    fn duplicate_keys_are_reported_and_the_first_wins() {
        let e = entry("subject: X\nsubject: Y\n");
        assert_eq!(
            problems(&e),
            [p(
                2,
                1,
                "duplicate key `subject`",
                "`subject` is already set on line 1; keep one of them"
            )]
        );
        assert_eq!(e.community.unwrap().subject(), Some("X"));
    }

    #[test]
    fn bad_enum_value_names_the_choices_and_the_nearest() {
        let e = entry("subject: X\nstatus: Active\n");
        assert_eq!(
            problems(&e),
            [p(
                2,
                9,
                "`status` must be one of active, proposed, archived, not `Active`",
                "did you mean `active`?"
            )]
        );
    }

    #[test]
    fn empty_file_is_an_empty_community() {
        for source in ["", "# only a comment\n", "---\n"] {
            let e = entry(source);
            assert!(e.findings.is_empty(), "{source:?}");
            assert_eq!(*e.community.unwrap(), Community::default());
        }
    }

    #[test]
    fn top_level_list_is_a_parse_error_and_no_community() {
        let e = entry("- a\n- b\n");
        assert!(e.community.is_none());
        assert_eq!(
            problems(&e)[0].2,
            "the file must be a mapping of community keys (subject, members, ...), not a list"
        );
    }

    #[test]
    fn events_and_waivers_need_their_required_keys() {
        let e = entry(
            "subject: X\nevents:\n  - title: T\n  - date: 2026-06-30\n    title: Y\n    kind: party\nwaivers:\n  - rule: min-members\n  - rule: stael\n    reason: R\n  - rule: render-stale\n    reason: R\n  - rule: stale\n    reason: \" \"\n    until: 2027-13-01\n",
        );
        assert_eq!(
            problems(&e),
            [
                p(3, 5, "`events[0]` has no `date`", "add `date:`"),
                p(
                    6,
                    11,
                    "`events[1].kind` must be one of milestone, workshop, recognition, round-table, office-hours, other, not `party`",
                    ""
                ),
                p(8, 5, "`waivers[0]` has no `reason`", "add `reason:`"),
                p(
                    9,
                    11,
                    "`waivers[1].rule` names no rule: `stael`",
                    "did you mean `stale`?"
                ),
                p(
                    11,
                    11,
                    "`render-stale` cannot be waived: it is about the files, not the community",
                    "fix the file instead; waivers are for rules about a community"
                ),
                p(
                    14,
                    13,
                    "`waivers[3].reason` is empty",
                    "say why the exception holds, so that reviewers can judge it"
                ),
                p(
                    15,
                    12,
                    "`waivers[3].until` must be a date as YYYY-MM-DD, such as 2026-01-13, not the text \"2027-13-01\"",
                    ""
                ),
            ]
        );
        let c = e.community.unwrap();
        assert_eq!(
            c.events().len(),
            1,
            "the event with a kind left out is kept"
        );
        assert_eq!(c.waivers().len(), 0);
    }

    #[test]
    fn a_valid_waiver_is_read() {
        let e = entry(
            "subject: X\nwaivers:\n  - rule: min-members\n    reason: New\n    until: 2027-03-31\n",
        );
        assert!(e.findings.is_empty());
        let c = e.community.unwrap();
        let w = &c.waivers()[0].value;
        assert_eq!(
            (w.rule.value.as_str(), w.reason.value.as_str()),
            ("min-members", "New")
        );
        assert_eq!(w.until.as_ref().unwrap().value.to_string(), "2027-03-31");
    }

    #[test]
    fn an_unquoted_handle_says_to_quote_it() {
        for (source, help) in [
            (
                "members: [@ann, \"@bob\"]\n",
                "quote handles: members: [\"@ann\", \"@bob\"]",
            ),
            ("members:\n  - @ann\n", "quote handles: - \"@ann\""),
            (
                "facilitators: @ann\n",
                "quote handles: facilitators: \"@ann\"",
            ),
        ] {
            let e = entry(source);
            assert_eq!(e.findings.len(), 1, "{source:?}");
            assert_eq!(e.findings[0].help.as_deref(), Some(help), "{source:?}");
            assert_eq!(
                e.findings[0].message,
                "`@ann` must be quoted: in YAML, a value cannot start with `@`"
            );
        }
    }
}
