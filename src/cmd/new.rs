//! `cop new`: resolve the answers (asking on a terminal), plan the community, print the plan
//! or its findings, then write it all or nothing and, with `--commit`, commit exactly that.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Result, anyhow};

use crate::cli::{Format, Global, NewArgs};
use crate::git::commit;
use crate::registry::Registry;
use crate::report::{self, Report};
use crate::scaffold::{self, Answers, Plan, Refusal, Template};

pub fn run(args: NewArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    match new(&args, registry, global) {
        Err(e) if Refusal::is_in(&e) => {
            report::write_stderr(&format!("error: {e:#}\n"));
            Ok(ExitCode::from(1))
        }
        other => other,
    }
}

fn new(args: &NewArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let interactive = !args.no_input && std::io::stdin().is_terminal();
    let mut ask = prompt;
    let answers = Answers::resolve(args, &registry.config, interactive.then_some(&mut ask as _))?;
    let template = match &args.template {
        Some(dir) => Template::read(dir)?,
        None => scaffold::registry_template(registry)?.unwrap_or_else(Template::built_in),
    };
    let _lock = registry.lock()?;
    let plan = scaffold::plan(registry, &answers, &template)?;
    if plan.blocked() {
        print_findings(&plan, global.quiet)?;
        report::write_stderr(&format!(
            "error: community `{}` was not created: fix the findings above and run `cop new` again\n",
            plan.id
        ));
        return Ok(ExitCode::from(1));
    }
    if args.dry_run {
        report::write_stdout(&dry_run(&plan))?;
        return Ok(ExitCode::SUCCESS);
    }
    let git = match args.commit {
        true => Some(commit::prepare(
            &registry.root,
            &registry.config.communities,
            "cop new",
            &plan.paths(),
        )?),
        false => None,
    };
    let written = scaffold::write::apply(registry, &plan)?;
    if let Some((repo, identity)) = git {
        let message = format!("Add community of practice: {}", answers.subject);
        if let Err(e) = repo.commit(&plan.paths(), &message, &identity) {
            return Err(match written.undo() {
                Ok(()) => anyhow::Error::new(e).context("nothing was written"),
                Err(undo) => anyhow::Error::new(e)
                    .context(format!("taking back the files failed too: {undo:#}")),
            });
        }
    }
    if !plan.findings.is_empty() {
        print_findings(&plan, global.quiet)?;
    }
    if !global.quiet {
        for note in &plan.notes {
            report::note(note);
        }
    }
    if !global.quiet {
        let mut text = String::new();
        for (name, _) in &plan.files {
            text.push_str(&format!("created {}/{name}\n", plan.dir));
        }
        for page in &plan.pages {
            text.push_str(&format!("updated {}\n", page.path));
        }
        if args.commit {
            text.push_str(&format!(
                "committed: Add community of practice: {}\n",
                answers.subject
            ));
        }
        report::write_stderr(&text);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_findings(plan: &Plan, quiet: bool) -> Result<()> {
    let report = Report {
        findings: &plan.findings,
        notes: &[],
        waived: &[],
        communities: 1,
    };
    report::print(&report, Format::Human, quiet)
}

/// Every file the plan would write: a header with its path, then its text.
fn dry_run(plan: &Plan) -> String {
    let mut out = String::new();
    let files = plan
        .files
        .iter()
        .map(|(name, text)| (format!("{}/{name}", plan.dir), text.as_bytes()))
        .chain(
            plan.pages
                .iter()
                .map(|p| (p.path.clone(), p.new.as_slice())),
        );
    for (path, bytes) in files {
        out.push_str(&format!("==> {path} <==\n"));
        out.push_str(&String::from_utf8_lossy(bytes));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Asks one question on the terminal; `None` at end of input.
fn prompt(question: &str) -> Result<Option<String>> {
    let mut err = std::io::stderr();
    write!(err, "{question}: ")?;
    err.flush()?;
    let mut line = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| anyhow!("cannot read the answer: {e}"))?;
    Ok((read > 0).then(|| line.trim().to_string()))
}
