//! `cop new`: resolve the answers (asking on a terminal), plan the community, print the plan
//! or its findings, then write it all or nothing and, with `--commit`, commit exactly that.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use crate::write;
use anyhow::{Result, anyhow};

use crate::cli::{Format, Global, NewArgs};
use crate::community::Status;
use crate::git::commit;
use crate::refusal::Refusal;
use crate::registry::Registry;
use crate::report::{self, Report};
use crate::rules::duplicate_subject::fold;
use crate::scaffold::{self, Answers, Plan, Template};

pub fn run(args: NewArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let interactive = !args.no_input && std::io::stdin().is_terminal();
    let mut asked = false;
    let mut ask = |question: &str| {
        asked = true;
        prompt(question)
    };
    let subjects = match interactive {
        true => subjects(registry)?,
        false => Vec::new(),
    };
    let taken = |subject: &str| {
        let folded = fold(subject);
        subjects
            .iter()
            .find(|(s, _)| *s == folded)
            .map(|(_, id)| format!("`{subject}` is already the subject of `{id}`"))
    };
    let answers = Answers::resolve_with(
        &args,
        &registry.config,
        interactive.then_some(&mut ask as _),
        &taken,
    )?;
    // Whatever was typed must survive a refusal: say how to run it again without typing.
    let again = asked.then(|| answers.command_line(&registry.config));
    let outcome = match create(&args, &answers, registry, global) {
        Err(e) if Refusal::is_in(&e) => {
            report::write_stderr(&format!("error: {e:#}\n"));
            Ok(ExitCode::from(1))
        }
        Ok(Created::No) => Ok(ExitCode::from(1)),
        Ok(Created::Yes) => return Ok(ExitCode::SUCCESS),
        Err(e) => Err(e),
    };
    if let Some(line) = again {
        report::write_stderr(&format!(
            "note: to run it again with these answers: {line}\n"
        ));
    }
    outcome
}

/// Whether the community was written (or, with `--dry-run`, would be).
enum Created {
    Yes,
    No,
}

/// The subjects of the communities that have not ended, folded as `duplicate-subject`
/// compares them, with their ids: a subject typed at the terminal is checked against them.
fn subjects(registry: &Registry) -> Result<Vec<(String, String)>> {
    let loaded = crate::load::load(registry)?;
    Ok(loaded
        .communities()
        .filter(|(_, c)| c.status() != Status::Archived)
        .filter_map(|(e, c)| c.subject().map(|s| (fold(s), e.id.to_string())))
        .collect())
}

fn create(
    args: &NewArgs,
    answers: &Answers,
    registry: &Registry,
    global: &Global,
) -> Result<Created> {
    let template = match &args.template {
        Some(dir) => Template::read(dir)?,
        None => scaffold::registry_template(registry)?.unwrap_or_else(Template::built_in),
    };
    let _lock = registry.lock()?;
    let plan = scaffold::plan(registry, answers, &template)?;
    if plan.blocked() {
        print_findings(&plan, global.quiet)?;
        report::write_stderr(&format!(
            "error: community `{}` was not created: fix the findings above and run `cop new` again\n",
            plan.id
        ));
        return Ok(Created::No);
    }
    if args.dry_run {
        report::write_stdout(&dry_run(&plan))?;
        return Ok(Created::Yes);
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
    Ok(Created::Yes)
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

/// Every file the plan would write, as a unified diff: a new file against nothing
/// (`/dev/null`), a page against what it holds now.
fn dry_run(plan: &Plan) -> String {
    let mut out = String::new();
    for (name, text) in &plan.files {
        let path = format!("{}/{name}", plan.dir);
        out.push_str(&write::unified_diff(
            "/dev/null",
            &format!("b/{path}"),
            "",
            text,
        ));
    }
    for page in &plan.pages {
        out.push_str(&page.diff());
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
