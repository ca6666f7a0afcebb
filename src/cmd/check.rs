//! `cop check`: load the registry, run every enabled rule, report the findings in the chosen
//! format, and exit 1 when any error (or, with `--strict`, any warning) remains.

use std::collections::BTreeSet;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};

use crate::cli::{CheckArgs, Global};
use crate::date::Date;
use crate::finding::{Finding, RuleId, Severity};
use crate::git::{GitError, Workspace};
use crate::load::{self, Loaded};
use crate::registry::Registry;
use crate::render;
use crate::report::{self, Report};
use crate::rules::{self, Context, meeting_clash, stale};

/// The flags of `cop check`, resolved and validated once.
struct Settings {
    skip: Vec<RuleId>,
    /// The date time-based rules measure against: `--today`, else today in UTC.
    today: Date,
    changed_since: Option<String>,
}

impl Settings {
    fn resolve(args: &CheckArgs) -> Result<Settings> {
        let mut skip = Vec::new();
        for name in &args.skip {
            match RuleId::parse(name) {
                Some(rule) => skip.push(rule),
                None => bail!(
                    "unknown rule `{name}` in --skip; the rules are: {}",
                    RuleId::ALL.map(RuleId::as_str).join(", ")
                ),
            }
        }
        let today = match &args.today {
            Some(text) => match Date::parse(text) {
                Some(date) => date,
                None => bail!(
                    "invalid --today `{text}`: expected a calendar date as YYYY-MM-DD, such as 2026-01-31"
                ),
            },
            None => Date::today(),
        };
        let changed_since = match &args.changed_since {
            Some(rev) if rev.trim().is_empty() => {
                bail!("--changed-since needs a git revision, such as `origin/main`")
            }
            other => other.clone(),
        };
        Ok(Settings {
            skip,
            today,
            changed_since,
        })
    }
}

pub fn run(args: CheckArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let settings = Settings::resolve(&args)?;
    let loaded = load::load(registry)?;
    let config = &registry.config;
    let enabled =
        |rule: RuleId| !settings.skip.contains(&rule) && config.severity(rule) != Severity::Off;
    let ctx = Context::new(config, &loaded);
    let mut findings = rules::run(&ctx, enabled);
    if enabled(RuleId::MarkerError) || enabled(RuleId::RenderStale) {
        let pages = render::page_findings(registry, &loaded)?;
        findings.extend(pages.into_iter().filter(|f| enabled(f.rule)));
    }
    if enabled(RuleId::MeetingClash) {
        let (y, m, d) = settings.today.ymd();
        if let Ok(today) = jiff::civil::Date::new(y as i16, m as i8, d as i8) {
            findings.extend(meeting_clash::check(&ctx, today));
        }
    }
    let mut notes: Vec<String> = Vec::new();
    let stale_on = enabled(RuleId::Stale);
    // History is read only when something needs it: it is the one slow input.
    let workspace = if stale_on || settings.changed_since.is_some() {
        Some(Workspace::open(&registry.root, &config.communities))
    } else {
        None
    };
    let changed = match (&settings.changed_since, &workspace) {
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
                findings.extend(stale::check(&ctx, &history, settings.today));
                notes.extend(stale::notes(&ctx, &history));
            }
            Err(e) if e.no_history() => notes.push(format!("stale: not checked, as {e}")),
            Err(e) => {
                return Err(anyhow::anyhow!("{e}"))
                    .context("cannot read git history for the `stale` rule");
            }
        }
    }
    if let (Some(rev), Some(changed)) = (&settings.changed_since, &changed) {
        filter_changed(&mut findings, changed);
        notes.push(changed_note(rev, changed, &loaded));
    }
    finish(&mut findings, config);
    let report = Report {
        findings: &findings,
        notes: &notes,
        communities: loaded.entries.len(),
    };
    report::print(&report, args.format, global.quiet)?;
    Ok(exit_code(&findings, args.strict))
}

/// The communities changed since `rev`; without a repository there is nothing to compare
/// with, which is an error (exit 2) since the user asked for it.
fn changed_since(rev: &str, workspace: &Result<Workspace, GitError>) -> Result<BTreeSet<String>> {
    let workspace = workspace.as_ref().map_err(|e| {
        anyhow::anyhow!("--changed-since `{rev}` needs the registry's git working tree, but {e}")
    })?;
    Ok(workspace.changed_since(rev)?)
}

/// Keeps the findings of changed communities, cross-community findings that involve one, and
/// findings that belong to no community (pages, the registry as a whole): a broken page can be
/// caused by any change, so merge-request mode never hides it.
fn filter_changed(findings: &mut Vec<Finding>, changed: &BTreeSet<String>) {
    findings.retain(|f| f.community.is_none() || changed.iter().any(|id| f.involves(id)));
}

fn changed_note(rev: &str, changed: &BTreeSet<String>, loaded: &Loaded) -> String {
    let present = changed.iter().filter(|id| loaded.get(id).is_some()).count();
    let communities = if present == 1 {
        "1 community".to_string()
    } else {
        format!("{present} communities")
    };
    format!(
        "--changed-since `{rev}`: reporting the findings of {communities} changed since then (of {}), and of pages",
        loaded.entries.len()
    )
}

/// Applies the registry's severities and puts findings in the contract's order.
fn finish(findings: &mut Vec<Finding>, config: &crate::config::Config) {
    for finding in findings.iter_mut() {
        finding.severity = config.severity(finding.rule);
    }
    findings.retain(|f| f.severity != Severity::Off);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

fn exit_code(findings: &[Finding], strict: bool) -> ExitCode {
    let fails =
        |f: &Finding| f.severity == Severity::Error || (strict && f.severity == Severity::Warning);
    if findings.iter().any(fails) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
