//! `cop explain [RULE]`: what a rule checks, why, how to fix and how to waive it, from the
//! same text as `cop check --help` and docs/rules.md. Needs no registry.

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::ExplainArgs;
use crate::finding::RuleId;
use crate::report::write_stdout;
use crate::rules::explain;

pub fn run(args: ExplainArgs) -> Result<ExitCode> {
    let text = match (&args.rule, args.all) {
        (_, true) => explain::document(),
        (Some(name), false) => match RuleId::parse(name) {
            Some(rule) => explain::explain(rule),
            // clap accepts only rule ids; this guards a library caller.
            None => bail!(
                "unknown rule `{name}`; {}`cop explain` lists the rules",
                crate::suggest::did_you_mean(name, RuleId::ALL.map(RuleId::as_str))
            ),
        },
        (None, false) => explain::list("Rules (`cop explain RULE` tells more about one):"),
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}
