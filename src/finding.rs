//! What a rule reports: the rule ids of the contract, severities, and one finding with the
//! place it points at.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::community::Pos;
use crate::named::named;

named! {
    /// Every rule id of the contract (SPEC §3), in the contract's order.
    #[derive(
        Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
        JsonSchema,
    )]
    pub enum RuleId {
        ParseError = "parse-error",
        InvalidId = "invalid-id",
        MissingField = "missing-field",
        MinMembers = "min-members",
        FacilitatorNotMember = "facilitator-not-member",
        DuplicateHandle = "duplicate-handle",
        InvalidHandle = "invalid-handle",
        ChannelPrefix = "channel-prefix",
        MeetingCadence = "meeting-cadence",
        InvalidUrl = "invalid-url",
        ReadmeMissing = "readme-missing",
        ArchivedHasMembers = "archived-has-members",
        DuplicateSubject = "duplicate-subject",
        DuplicateChannel = "duplicate-channel",
        Stale = "stale",
        Overcommitted = "overcommitted",
        MarkerError = "marker-error",
        RenderStale = "render-stale",
        TemplateError = "template-error",
        InvalidTimezone = "invalid-timezone",
        MeetingClash = "meeting-clash",
    }
}

impl RuleId {
    /// Whether a community may waive this rule (SPEC §1): rules about the files themselves
    /// cannot be waived, as there is no community model to hold the waiver.
    pub fn waivable(self) -> bool {
        !matches!(
            self,
            RuleId::ParseError
                | RuleId::InvalidId
                | RuleId::MarkerError
                | RuleId::RenderStale
                | RuleId::TemplateError
        )
    }

    pub fn default_severity(self) -> Severity {
        match self {
            RuleId::Stale | RuleId::Overcommitted | RuleId::MeetingClash => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// One line on what the rule checks, for SARIF and docs (from `rules::explain`).
    pub fn summary(self) -> &'static str {
        crate::rules::explain::summary(self)
    }
}

named! {
    /// How much a finding matters; `off` silences a rule.
    #[derive(
        Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
        JsonSchema,
    )]
    pub enum Severity {
        Error = "error",
        Warning = "warning",
        Off = "off",
    }
}

/// One problem, at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    /// Relative to the registry root, with `/`.
    pub path: String,
    pub pos: Pos,
    /// The community the finding belongs to, if any.
    pub community: Option<String>,
    /// Other communities a cross-community finding involves.
    pub related: Vec<String>,
    /// Short text under the caret.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The text of the line the finding points at, for the human format.
    pub source_line: Option<String>,
    /// The finding is about the whole folder or file at `path` (an invalid folder name, a
    /// missing README), so there is no line to show; `pos` is then the start, for formats
    /// that need one.
    pub whole_path: bool,
    /// What in its file the finding is about, as a key path (`facilitators[0]`,
    /// `meeting.url`; empty for the whole file): with the rule, file and community, its
    /// identity for fingerprints. `None` when the finding names no key (then the message,
    /// without its figures, tells findings apart).
    pub key: Option<String>,
}

impl Finding {
    /// A finding with the rule's default severity; the check command applies the registry's.
    pub fn new(
        rule: RuleId,
        path: impl Into<String>,
        pos: Pos,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            severity: rule.default_severity(),
            message: message.into(),
            path: path.into(),
            pos,
            community: None,
            related: Vec::new(),
            label: String::new(),
            help: None,
            source_line: None,
            whole_path: false,
            key: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn community(mut self, id: impl Into<String>) -> Self {
        self.community = Some(id.into());
        self
    }

    pub fn related(mut self, ids: Vec<String>) -> Self {
        self.related = ids;
        self
    }

    /// A finding about a whole community folder (its name, a file it lacks). It is placed on
    /// the folder's `community.yaml`, line 1, when that file exists, so that every CI format
    /// can put it on a file that exists (GitHub cannot place an annotation on a folder); on
    /// the folder itself otherwise.
    pub fn about_folder(
        rule: RuleId,
        dir: &str,
        community_file: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Finding::new(rule, community_file.unwrap_or(dir), Pos::START, message).whole_path()
    }

    /// Marks the finding as about its whole folder or file rather than a line of it.
    pub fn whole_path(mut self) -> Self {
        self.whole_path = true;
        self.key.get_or_insert_with(String::new);
        self
    }

    /// Sets what the finding is about (see [`Finding::key`]), where its position alone does
    /// not say: a missing field, the whole community.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// Attaches the text of the finding's line from `source`.
    pub fn source(mut self, source: &str) -> Self {
        let index = self.pos.line.saturating_sub(1) as usize;
        self.source_line = source.lines().nth(index).map(str::to_owned);
        self
    }

    /// Attaches the text of the finding's line from `source`, underlining all of it (for
    /// findings about a whole line, such as a region marker).
    pub fn whole_line(mut self, source: &str) -> Self {
        self = self.source(source);
        self.pos.len = self
            .source_line
            .as_deref()
            .map_or(0, |l| l.chars().count() as u32);
        self
    }

    /// Sets the community when there is one (a README's findings; not a handbook page's).
    pub fn maybe_community(mut self, id: Option<&str>) -> Self {
        self.community = id.map(str::to_owned);
        self
    }

    /// Whether this finding concerns community `id`, directly or as a party to it.
    pub fn involves(&self, id: &str) -> bool {
        self.community.as_deref() == Some(id) || self.related.iter().any(|r| r == id)
    }

    /// The order of the contract: path, line, rule (then column, for a stable order).
    pub fn sort_key(&self) -> (&str, u32, RuleId, u32) {
        (&self.path, self.pos.line, self.rule, self.pos.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_round_trip() {
        for rule in RuleId::ALL {
            assert_eq!(RuleId::parse(rule.as_str()), Some(rule));
            let json = serde_json::to_string(&rule).unwrap();
            assert_eq!(json, format!("\"{}\"", rule.as_str()));
        }
        assert_eq!(RuleId::parse("no-such-rule"), None);
    }

    #[test]
    fn source_line_is_picked_by_line_number() {
        let f = Finding::new(
            RuleId::MinMembers,
            "c.yaml",
            Pos {
                line: 2,
                column: 1,
                len: 3,
            },
            "m",
        )
        .source("a: 1\nmembers: []\n");
        assert_eq!(f.source_line.as_deref(), Some("members: []"));
    }
}
