//! The one check pipeline: the file rules, the page rules and the git rules over a loaded
//! registry, then one finalize step (the registry's severities, `--skip`, waivers, the
//! contract's order). `cop check` prints what it returns; `cop new`, the day-2 commands and
//! `cop import` judge their plans with the same functions, so "exactly as `cop check` applies
//! them" holds by construction.

use std::collections::BTreeSet;

use anyhow::{Context as _, Result};

use crate::config::Config;
use crate::date::Date;
use crate::finding::{Finding, RuleId, Severity};
use crate::git::{GitError, Workspace};
use crate::load::Loaded;
use crate::registry::Registry;
use crate::render;
use crate::rules::{self, Context, meeting_clash, stale};

/// What a check run is asked, resolved from the command line once.
#[derive(Debug, Clone)]
pub struct Options {
    /// Rules turned off for this run (`--skip`).
    pub skip: Vec<RuleId>,
    /// The date time-based rules and waivers measure against.
    pub today: Date,
    /// Merge-request mode: report only communities changed since this revision.
    pub changed_since: Option<String>,
}

impl Options {
    /// Every rule, measured against `today`, over the whole registry.
    pub fn on(today: Date) -> Options {
        Options {
            skip: Vec::new(),
            today,
            changed_since: None,
        }
    }

    /// Whether `rule` runs: not skipped, and not `off` in the registry.
    pub fn enabled(&self, config: &Config, rule: RuleId) -> bool {
        !self.skip.contains(&rule) && config.severity(rule) != Severity::Off
    }
}

/// A finding a community's waiver turned into a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waived {
    pub finding: Finding,
    pub reason: String,
    pub until: Option<Date>,
}

/// The outcome of a check: findings with their final severities, in the contract's order.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
    pub waived: Vec<Waived>,
}

impl Checked {
    /// Whether an error finding remains (or a warning, when `strict`).
    pub fn fails(&self, strict: bool) -> bool {
        self.findings
            .iter()
            .any(|f| f.severity == Severity::Error || (strict && f.severity == Severity::Warning))
    }
}

/// Runs every enabled rule over the registry: the file rules, the page rules
/// (`marker-error`, `render-stale`, `template-error`) and, when history is needed, `stale`
/// and merge-request mode. A repository git cannot read becomes a note, unless the user asked
/// for something only git can answer (`--changed-since`).
pub fn check(registry: &Registry, loaded: &Loaded, options: &Options) -> Result<Checked> {
    let config = &registry.config;
    let enabled = |rule: RuleId| options.enabled(config, rule);
    let ctx = Context::new(config, loaded);
    let pages_on = [
        RuleId::MarkerError,
        RuleId::RenderStale,
        RuleId::TemplateError,
    ]
    .into_iter()
    .any(enabled);
    let file_rules = || {
        let mut findings = rules::run(&ctx, enabled);
        findings.extend(dated_rules(&ctx, options, enabled));
        findings
    };
    let mut notes = Vec::new();
    // The file rules need no page: they run beside the READMEs' rendering.
    let mut findings = match pages_on {
        true => {
            let (pages, page_notes, mut findings) =
                render::page_report(registry, loaded, file_rules)?;
            findings.extend(pages.into_iter().filter(|f| enabled(f.rule)));
            notes.extend(page_notes);
            findings
        }
        false => file_rules(),
    };
    let stale_on = enabled(RuleId::Stale);
    // History is read only when something needs it: it is the one slow input.
    let workspace = (stale_on || options.changed_since.is_some())
        .then(|| Workspace::open(&registry.root, &config.communities));
    let changed = match (&options.changed_since, &workspace) {
        (Some(rev), Some(workspace)) => Some(changed_since(rev, workspace)?),
        _ => None,
    };
    if let (true, Some(workspace)) = (stale_on, &workspace) {
        match workspace {
            Ok(workspace) => {
                // In merge-request mode only the changed communities' findings are shown,
                // so only they need dating.
                let ids: Vec<&str> = loaded
                    .entries
                    .iter()
                    .map(|e| e.id.as_str())
                    .filter(|id| changed.as_ref().is_none_or(|c| c.contains(*id)))
                    .collect();
                let history = workspace
                    .history(&ids)
                    .context("cannot date the communities for the `stale` rule")?;
                findings.extend(stale::check(&ctx, &history, options.today));
                notes.extend(stale::notes(&ctx, &history));
            }
            Err(e) if e.no_history() => notes.push(format!("stale: not checked, as {e}")),
            Err(e) => {
                return Err(anyhow::anyhow!("{e}"))
                    .context("cannot read git history for the `stale` rule");
            }
        }
    }
    if let (Some(rev), Some(changed)) = (&options.changed_since, &changed) {
        findings.retain(|f| f.community.is_none() || changed.iter().any(|id| f.involves(id)));
        notes.push(changed_note(rev, changed, loaded));
    }
    let mut checked = finalize(findings, config, loaded, options);
    notes.append(&mut checked.notes);
    checked.notes = notes;
    Ok(checked)
}

/// The file rules alone over `loaded` (no pages, no history), finalized: what a command that
/// plans an edit judges it by, before and after.
///
/// `newcomer` names a community being added or edited: what it causes together with another
/// community (a shared subject, say) is reported at it rather than at the other one.
pub fn file_rules(
    config: &Config,
    loaded: &Loaded,
    options: &Options,
    newcomer: Option<&str>,
) -> Checked {
    let ctx = match newcomer {
        Some(id) => Context::new(config, loaded).with_newcomer(id),
        None => Context::new(config, loaded),
    };
    let enabled = |rule| options.enabled(config, rule);
    let mut findings = rules::run(&ctx, enabled);
    findings.extend(dated_rules(&ctx, options, enabled));
    finalize(findings, config, loaded, options)
}

/// The file rules that need the date besides the files: `meeting-clash` looks a year ahead
/// of `--today`.
fn dated_rules(ctx: &Context, options: &Options, enabled: impl Fn(RuleId) -> bool) -> Vec<Finding> {
    if enabled(RuleId::MeetingClash) {
        meeting_clash::check(ctx, options.today.0)
    } else {
        Vec::new()
    }
}

/// The one finalize step: every finding gets the registry's severity, `off` and skipped rules
/// go, a community's waiver turns its findings of that rule into notes (until the waiver
/// lapses), and the rest is put in the contract's order (path, line, rule, column).
pub fn finalize(
    findings: Vec<Finding>,
    config: &Config,
    loaded: &Loaded,
    options: &Options,
) -> Checked {
    let mut checked = Checked::default();
    let mut lapsed: BTreeSet<(String, RuleId)> = BTreeSet::new();
    let mut said: BTreeSet<(String, RuleId)> = BTreeSet::new();
    for mut finding in findings {
        finding.severity = config.severity(finding.rule);
        if finding.severity == Severity::Off || options.skip.contains(&finding.rule) {
            continue;
        }
        match waiver(&finding, loaded, options.today) {
            Some(Waiver::Holds { reason, until }) => {
                let id = finding.community.clone().unwrap_or_default();
                if said.insert((id.clone(), finding.rule)) {
                    let until_text = until.map_or(String::new(), |d| format!(" until {d}"));
                    checked.notes.push(format!(
                        "waived: {}{until_text}: {reason} (`{id}`)",
                        finding.rule
                    ));
                }
                checked.waived.push(Waived {
                    finding,
                    reason,
                    until,
                });
            }
            Some(Waiver::Lapsed { until }) => {
                let id = finding.community.clone().unwrap_or_default();
                if lapsed.insert((id.clone(), finding.rule)) {
                    checked.notes.push(format!(
                        "the waiver of {} for `{id}` lapsed after {until}; its findings are reported again",
                        finding.rule
                    ));
                }
                checked.findings.push(finding);
            }
            None => checked.findings.push(finding),
        }
    }
    checked
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    checked
        .waived
        .sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
    checked
}

enum Waiver {
    Holds { reason: String, until: Option<Date> },
    Lapsed { until: Date },
}

/// The waiver of the finding's community for the finding's rule, if it has one.
fn waiver(finding: &Finding, loaded: &Loaded, today: Date) -> Option<Waiver> {
    if !finding.rule.waivable() {
        return None;
    }
    let community = loaded
        .get(finding.community.as_deref()?)?
        .community
        .as_ref()?;
    let waiver = community
        .waivers()
        .iter()
        .map(|w| &w.value)
        .find(|w| w.rule.value == finding.rule.as_str())?;
    let until = waiver.until.as_ref().map(|d| Date(d.value.0));
    match until {
        Some(until) if today > until => Some(Waiver::Lapsed { until }),
        _ => Some(Waiver::Holds {
            reason: waiver.reason.value.to_string(),
            until,
        }),
    }
}

/// The communities changed since `rev`; without a repository there is nothing to compare
/// with, which is an error (exit 2) since the user asked for it.
fn changed_since(rev: &str, workspace: &Result<Workspace, GitError>) -> Result<BTreeSet<String>> {
    let workspace = workspace.as_ref().map_err(|e| {
        anyhow::anyhow!("--changed-since `{rev}` needs the registry's git working tree, but {e}")
    })?;
    Ok(workspace.changed_since(rev)?)
}

fn changed_note(rev: &str, changed: &BTreeSet<String>, loaded: &Loaded) -> String {
    let present = changed.iter().filter(|id| loaded.get(id).is_some()).count();
    format!(
        "--changed-since `{rev}`: reporting the findings of {} changed since then (of {}), and of pages",
        crate::text::count(present, "community"),
        loaded.entries.len()
    )
}

/// The page findings of a plan that adds or edits communities `ids` (`cop new`, the day-2
/// edits): those about the pages or about `ids`, finalized, and a note naming the other
/// communities that cannot be read, which keep `cop render` from rendering (their findings
/// are `cop check`'s to report).
pub fn plan_findings(
    findings: Vec<Finding>,
    ids: &[&str],
    config: &Config,
    loaded: &Loaded,
    options: &Options,
) -> (Checked, Option<String>) {
    let mut broken = Vec::new();
    let mut concerned = Vec::new();
    for finding in findings {
        if finding.community.is_none() || ids.iter().any(|id| finding.involves(id)) {
            concerned.push(finding);
        } else if finding.rule == RuleId::ParseError
            && let Some(id) = finding.community
            && !broken.contains(&id)
        {
            broken.push(id);
        }
    }
    let note = (!broken.is_empty()).then(|| {
        let one = broken.len() == 1;
        format!(
            "regions were left as they are because {} cannot be read ({}); fix {} and run `cop render`",
            if one { "a community" } else { "communities" },
            broken.join(", "),
            if one { "it" } else { "them" },
        )
    });
    (finalize(concerned, config, loaded, options), note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Entry;

    fn loaded(files: &[(&str, &str)]) -> Loaded {
        let mut loaded = Loaded::default();
        for (id, source) in files {
            loaded.insert(Entry::parse(
                id,
                &format!("communities/{id}"),
                Ok(source.to_string()),
                crate::load::Readme::Present,
            ));
        }
        loaded
    }

    const SMALL: &str = "subject: Small\nfacilitators: [\"@ann\"]\nmembers: [\"@ann\"]\nchannel: \"#cp_small\"\nmeeting:\n  cadence: monthly\n";

    fn waived_source(until: &str) -> String {
        format!(
            "{SMALL}waivers:\n  - rule: min-members\n    reason: \"Founded in November\"\n{until}"
        )
    }

    #[test]
    fn a_waiver_turns_findings_into_a_note_until_it_lapses() {
        let source = waived_source("    until: 2027-03-31\n");
        let loaded = loaded(&[("small", &source)]);
        let config = Config::default();
        let on = |day: &str| Options::on(Date::parse(day).unwrap());

        let checked = file_rules(&config, &loaded, &on("2027-03-31"), None);
        assert_eq!(checked.findings, []);
        assert_eq!(
            checked.notes,
            ["waived: min-members until 2027-03-31: Founded in November (`small`)"]
        );
        assert_eq!(checked.waived.len(), 1);
        assert_eq!(checked.waived[0].finding.rule, RuleId::MinMembers);

        let checked = file_rules(&config, &loaded, &on("2027-04-01"), None);
        let rules: Vec<RuleId> = checked.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [RuleId::MinMembers]);
        assert_eq!(
            checked.notes,
            [
                "the waiver of min-members for `small` lapsed after 2027-03-31; its findings are reported again"
            ]
        );
        assert!(checked.waived.is_empty());
    }

    #[test]
    fn a_waiver_without_end_holds_and_touches_only_its_rule() {
        let source = waived_source("").replace("channel: \"#cp_small\"", "channel: \"#small\"");
        let loaded = loaded(&[("small", &source)]);
        let checked = file_rules(
            &Config::default(),
            &loaded,
            &Options::on(Date::parse("2030-01-01").unwrap()),
            None,
        );
        let rules: Vec<RuleId> = checked.findings.iter().map(|f| f.rule).collect();
        assert_eq!(rules, [RuleId::ChannelPrefix]);
        assert_eq!(
            checked.notes,
            ["waived: min-members: Founded in November (`small`)"]
        );
    }

    #[test]
    fn severities_skips_and_order_are_applied_once() {
        let loaded = loaded(&[
            ("b", "subject: B\nstatus: proposed\nchannel: \"#bad\"\n"),
            ("a", SMALL),
        ]);
        let mut config = Config::default();
        config
            .severity
            .insert(RuleId::ChannelPrefix, Severity::Warning);
        let mut options = Options::on(Date::parse("2026-01-01").unwrap());
        let checked = file_rules(&config, &loaded, &options, None);
        let seen: Vec<(&str, RuleId, Severity)> = checked
            .findings
            .iter()
            .map(|f| (f.path.as_str(), f.rule, f.severity))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "communities/a/community.yaml",
                    RuleId::MinMembers,
                    Severity::Error
                ),
                (
                    "communities/b/community.yaml",
                    RuleId::ChannelPrefix,
                    Severity::Warning
                ),
            ]
        );
        options.skip.push(RuleId::MinMembers);
        let checked = file_rules(&config, &loaded, &options, None);
        assert_eq!(checked.findings.len(), 1);
        assert!(!checked.fails(false));
        assert!(checked.fails(true));
    }
}
