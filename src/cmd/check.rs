//! `cop check`: load the registry, run every enabled rule, report the findings in the chosen
//! format, and exit 1 when any error (or, with `--strict`, any warning) remains.

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::{CheckArgs, Global};
use crate::finding::{Finding, RuleId, Severity};
use crate::load;
use crate::registry::Registry;
use crate::render;
use crate::report::{self, Report};
use crate::rules::{self, Context};

/// The flags of `cop check`, resolved and validated once.
struct Settings {
    skip: Vec<RuleId>,
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
        Ok(Settings { skip })
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
    let notes: Vec<String> = Vec::new();
    finish(&mut findings, config);
    let report = Report {
        findings: &findings,
        notes: &notes,
        communities: loaded.entries.len(),
    };
    report::print(&report, args.format, global.quiet)?;
    Ok(exit_code(&findings, args.strict))
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
