//! The rules of SPEC §3: one module per rule id, each a function from the loaded registry to
//! its findings. Severity overrides, `--skip` and the ordering of findings are applied by the
//! caller, so a rule only says what is wrong and where.

mod archived_has_members;
mod channel_prefix;
mod duplicate_channel;
mod duplicate_handle;
pub mod duplicate_subject;
pub mod explain;
mod facilitator_not_member;
pub mod invalid_handle;
pub mod invalid_id;
mod invalid_timezone;
pub mod invalid_url;
mod meeting_cadence;
pub mod meeting_clash;
mod min_members;
mod missing_field;
mod overcommitted;
mod readme_missing;
pub mod stale;

pub use invalid_url::is_http_url;

use crate::community::Community;
use crate::config::Config;
use crate::finding::{Finding, RuleId};
use crate::load::{Entry, Loaded};

/// What every rule sees: the registry's settings and every loaded community.
pub struct Context<'a> {
    pub config: &'a Config,
    pub loaded: &'a Loaded,
    /// The community being added or edited (`cop new`): a cross-community finding it causes
    /// is reported at its value, not at the one it collides with.
    pub newcomer: Option<&'a str>,
}

impl<'a> Context<'a> {
    pub fn new(config: &'a Config, loaded: &'a Loaded) -> Self {
        Context {
            config,
            loaded,
            newcomer: None,
        }
    }

    /// Reports the cross-community findings that `id` causes at `id`'s values.
    pub fn with_newcomer(mut self, id: &'a str) -> Self {
        self.newcomer = Some(id);
        self
    }

    /// Every community that parsed, in id order but the newcomer last: the cross-community
    /// rules report at the later of two, so what the newcomer causes is reported at it.
    pub fn communities_newcomer_last(&self) -> Vec<(&'a Entry, &'a Community)> {
        let (mut others, new): (Vec<_>, Vec<_>) = self
            .communities()
            .partition(|(e, _)| Some(e.id.as_str()) != self.newcomer);
        others.extend(new);
        others
    }

    /// Every community that parsed, with its entry.
    pub fn communities(&self) -> impl Iterator<Item = (&'a Entry, &'a Community)> + 'a {
        self.loaded.communities()
    }
}

pub type Rule = fn(&Context) -> Vec<Finding>;

/// The rules that read only the loaded files (parse-error comes from loading itself; stale,
/// marker-error and render-stale need git or the pages, and meeting-clash the date, and are
/// run by their own modules).
pub const RULES: &[(RuleId, Rule)] = &[
    (RuleId::InvalidId, invalid_id::check),
    (RuleId::MissingField, missing_field::check),
    (RuleId::MinMembers, min_members::check),
    (RuleId::FacilitatorNotMember, facilitator_not_member::check),
    (RuleId::DuplicateHandle, duplicate_handle::check),
    (RuleId::InvalidHandle, invalid_handle::check),
    (RuleId::ChannelPrefix, channel_prefix::check),
    (RuleId::MeetingCadence, meeting_cadence::check),
    (RuleId::InvalidUrl, invalid_url::check),
    (RuleId::ReadmeMissing, readme_missing::check),
    (RuleId::ArchivedHasMembers, archived_has_members::check),
    (RuleId::DuplicateSubject, duplicate_subject::check),
    (RuleId::DuplicateChannel, duplicate_channel::check),
    (RuleId::Overcommitted, overcommitted::check),
    (RuleId::InvalidTimezone, invalid_timezone::check),
];

/// Runs every rule that `enabled` lets through, plus the parse findings of loading.
pub fn run(ctx: &Context, enabled: impl Fn(RuleId) -> bool) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    if enabled(RuleId::ParseError) {
        findings.extend(
            ctx.loaded
                .entries
                .iter()
                .flat_map(|e| e.findings.iter().cloned()),
        );
    }
    for (id, rule) in RULES {
        if enabled(*id) {
            findings.extend(rule(ctx));
        }
    }
    findings
}

/// The path of `entry`'s community.yaml when the file exists (it was read, even if it does not
/// parse), for findings about the whole folder.
pub fn community_file(entry: &Entry) -> Option<&str> {
    entry.has_file().then_some(&*entry.path)
}

/// Reports every community whose `key` equals an earlier community's (in id order, the
/// newcomer last), at the field `key` returns, naming the first holder. Archived communities
/// have ended and take no part (SPEC §3): a new community may reuse an ended one's subject or
/// channel.
fn duplicates<'a>(
    ctx: &Context<'a>,
    rule: RuleId,
    key: impl Fn(&'a Community) -> Option<(String, &'a crate::community::Node<crate::scalar::Text>)>,
    message: impl Fn(&str, &str) -> String,
    help: &str,
) -> Vec<Finding> {
    let mut first: std::collections::HashMap<String, &'a str> = std::collections::HashMap::new();
    let mut out = Vec::new();
    let live = ctx
        .communities_newcomer_last()
        .into_iter()
        .filter(|(_, c)| c.status() != crate::community::Status::Archived);
    for (entry, community) in live {
        let Some((folded, node)) = key(community) else {
            continue;
        };
        if folded.is_empty() {
            continue;
        }
        match first.get(&folded) {
            None => {
                first.insert(folded, &entry.id);
            }
            Some(holder) => out.push(
                entry
                    .finding(rule, node.at(), message(&node.value, holder))
                    .label(format!("also used by `{holder}`"))
                    .help(help)
                    .related(vec![holder.to_string()]),
            ),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Builds a loaded registry from YAML texts, for the rules' unit tests.

    use super::*;

    pub fn loaded(files: &[(&str, &str)]) -> Loaded {
        let mut loaded = Loaded::default();
        for (id, source) in files {
            let dir = format!("communities/{id}");
            loaded.insert(Entry::parse(
                id,
                &dir,
                Ok(source.to_string()),
                crate::load::Readme::Present,
            ));
        }
        loaded
    }

    /// The findings of `rule` over `files` with default settings: (community, line, column).
    pub fn findings(rule: Rule, files: &[(&str, &str)]) -> Vec<Finding> {
        findings_with(rule, &Config::default(), files)
    }

    pub fn findings_with(rule: Rule, config: &Config, files: &[(&str, &str)]) -> Vec<Finding> {
        let loaded = loaded(files);
        rule(&Context::new(config, &loaded))
    }

    /// (community, line, column) of each finding.
    pub fn places(findings: &[Finding]) -> Vec<(String, u32, u32)> {
        findings
            .iter()
            .map(|f| {
                (
                    f.community.clone().unwrap_or_default(),
                    f.pos.line,
                    f.pos.column,
                )
            })
            .collect()
    }

    pub const ACTIVE: &str = "subject: Infrastructure As Code
facilitators: [\"@ann\"]
members: [\"@ann\", \"@bob\", \"@cy\"]
channel: \"#cp_iac\"
meeting:
  cadence: monthly
";
}
