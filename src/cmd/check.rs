//! `cop check`: resolve the flags, run the check pipeline (src/check.rs), report the findings
//! in the chosen format, and exit 1 when any error (or, with `--strict`, any warning) remains.

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::check::{self, Options};
use crate::cli::{CheckArgs, Global};
use crate::date::Date;
use crate::finding::{Finding, RuleId, Severity};
use crate::load;
use crate::registry::Registry;
use crate::report::{self, Report};

/// The flags of `cop check`, resolved and validated once.
fn resolve(args: &CheckArgs) -> Result<Options> {
    let mut skip = Vec::new();
    for name in &args.skip {
        match RuleId::parse(name) {
            Some(rule) => skip.push(rule),
            None => bail!(
                "unknown rule `{name}` in --skip; {}the rules are: {}",
                crate::suggest::did_you_mean(name, RuleId::ALL.map(RuleId::as_str)),
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
    Ok(Options {
        skip,
        today,
        changed_since,
    })
}

pub fn run(args: CheckArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let options = resolve(&args)?;
    let loaded = load::load(registry)?;
    let checked = check::check(registry, &loaded, &options)?;
    let report = Report {
        findings: &checked.findings,
        notes: &checked.notes,
        waived: &checked.waived,
        communities: loaded.entries.len(),
    };
    report::print(&report, args.format, global.quiet)?;
    if let Some(line) = strict_failure(&checked.findings, args.strict) {
        report::write_stderr(&line);
    }
    Ok(match checked.fails(args.strict) {
        true => ExitCode::from(1),
        false => ExitCode::SUCCESS,
    })
}

/// The last line of a run that only `--strict` failed, so nobody hunts for an error that is
/// not there.
fn strict_failure(findings: &[Finding], strict: bool) -> Option<String> {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let warnings = count(Severity::Warning);
    (strict && warnings > 0 && count(Severity::Error) == 0).then(|| {
        let (n, verb) = match warnings {
            1 => ("1 warning".to_string(), "fails"),
            n => (format!("{n} warnings"), "fail"),
        };
        format!("error: {n} {verb} the run because of --strict\n")
    })
}
