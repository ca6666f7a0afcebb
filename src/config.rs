//! `cop.yaml`: the registry's settings, their defaults, and the check that every path in it
//! stays inside the registry. Read through the same walk as community files
//! ([`fields!`](crate::read::fields)), so every problem of the file is reported at once and
//! types are as strict as `cop schema config` says.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::community::Cadence;
use crate::finding::{RuleId, Severity};
use crate::read::{fields, read_by_name};

fields! {
    /// The registry's settings (`cop.yaml`); every key is optional, an empty file means every
    /// default.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
    #[serde(default, deny_unknown_fields)]
    #[schemars(title = "cop.yaml")]
    pub struct Config ("a mapping of settings (communities, pages, rules, ...)") defaults {
        /// Folder with one folder per community.
        pub communities: String,
        /// Markdown pages holding cop regions, besides each community's README.md.
        pub pages: Vec<String>,
        /// Folder whose files override built-in templates by name.
        pub templates: String,
        /// A CODEOWNERS file holding the `codeowners` region (facilitators own their folder).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub codeowners: Option<String>,
        /// Thresholds of the rules.
        pub rules: RuleSettings,
        /// Severity per rule id: error, warning or off.
        pub severity: BTreeMap<RuleId, Severity>,
    }
}

read_by_name!(RuleId, Severity);

impl Default for Config {
    fn default() -> Self {
        Config {
            communities: "communities".into(),
            pages: Vec::new(),
            templates: "templates".into(),
            codeowners: None,
            rules: RuleSettings::default(),
            severity: BTreeMap::new(),
        }
    }
}

fields! {
    /// The `rules:` section.
    #[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
    #[serde(default, deny_unknown_fields)]
    pub struct RuleSettings ("a mapping of rule settings (min_members, channel_prefix, ...)") defaults {
        /// An active community needs at least this many distinct members.
        pub min_members: u32,
        /// Every channel starts with this prefix.
        pub channel_prefix: String,
        /// The core team meets at least this often.
        pub max_meeting_interval: Cadence,
        /// A community with no change in git for longer than this many days is stale.
        pub stale_after_days: u32,
        /// A person in more active communities than this is overcommitted.
        pub max_communities_per_person: u32,
    }
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            min_members: 3,
            channel_prefix: "#cp_".into(),
            max_meeting_interval: Cadence::Monthly,
            stale_after_days: 90,
            max_communities_per_person: 4,
        }
    }
}

impl Config {
    /// The severity a rule's findings get in this registry.
    pub fn severity(&self, rule: RuleId) -> Severity {
        self.severity
            .get(&rule)
            .copied()
            .unwrap_or(rule.default_severity())
    }

    /// Every path setting with its key, for the inside-the-registry check.
    pub fn paths(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("communities", self.communities.as_str()),
            ("templates", self.templates.as_str()),
        ]
        .into_iter()
        .chain(self.codeowners.iter().map(|p| ("codeowners", p.as_str())))
        .chain(self.pages.iter().map(|p| ("pages", p.as_str())))
    }

    /// The first path that is empty, absolute or climbs out of the registry, with its key.
    pub fn escaping_path(&self) -> Option<(&'static str, &str)> {
        self.paths().find(|(_, p)| !crate::bounds::stays_inside(p))
    }

    /// A path below a folder setting (`communities`, `templates`), with `/`.
    pub fn below(folder: &str, name: &str) -> String {
        match folder {
            "." => name.to_string(),
            _ => format!("{folder}/{name}"),
        }
    }

    /// `communities/<id>`, relative to the registry root.
    pub fn community_dir(&self, id: &str) -> String {
        Config::below(&self.communities, id)
    }

    /// Every path in one spelling (`./communities/`, `communities/.` and `communities` are
    /// the same folder), so that every path cop prints or compares reads `communities/<id>`.
    /// Call once, after `escaping_path` found none.
    pub fn normalise_paths(&mut self) {
        self.communities = normalise(&self.communities);
        self.templates = normalise(&self.templates);
        if let Some(codeowners) = &mut self.codeowners {
            *codeowners = normalise(codeowners);
        }
        for page in &mut self.pages {
            *page = normalise(page);
        }
    }
}

/// A relative path that stays inside, as its plain components joined by `/` (`.` when none).
pub fn normalise(path: &str) -> String {
    let parts: Vec<String> = Path::new(path)
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    match parts.is_empty() {
        true => ".".into(),
        false => parts.join("/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_have_one_spelling() {
        for spelling in [
            "communities",
            "./communities",
            "communities/",
            "communities/./",
            "./communities//",
        ] {
            assert_eq!(normalise(spelling), "communities", "{spelling}");
        }
        assert_eq!(normalise("./handbook/./page.md"), "handbook/page.md");
        assert_eq!(normalise("."), ".");
    }

    #[test]
    fn severity_override_wins_over_default() {
        let mut config = Config::default();
        assert_eq!(config.severity(RuleId::Overcommitted), Severity::Warning);
        config
            .severity
            .insert(RuleId::Overcommitted, Severity::Error);
        assert_eq!(config.severity(RuleId::Overcommitted), Severity::Error);
        assert_eq!(config.severity(RuleId::MinMembers), Severity::Error);
    }
}
