//! What `cop member`, `cop archive` and `cop activate` share: finding the community, reading
//! handles from the command line, and carrying a planned edit through to its findings, its
//! diff (`--dry-run`), its write and its commit (`--commit`).

use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::cli::{EditFlags, Format, Global};
use crate::community::{Community, Node, Text};
use crate::edit::plan::{self, Edit};
use crate::load::{Entry, Loaded};
use crate::refusal::Refusal;
use crate::registry::Registry;
use crate::report::{self, Report};
use crate::text::handle_key;

/// A planned request: the edits, what to say about them, and the commit message.
pub struct Request {
    pub edits: Vec<Edit>,
    /// Communities that must pass every rule afterwards (`cop activate`).
    pub strict: Vec<String>,
    /// What the command decided, one line each ("`@ann` is already a member of `x`").
    pub said: Vec<String>,
    pub message: String,
    pub notes: Vec<String>,
}

/// Runs an editing command, turning a refusal into exit 1 with its message.
pub fn refusals(result: Result<ExitCode>) -> Result<ExitCode> {
    match result {
        Err(e) if e.chain().any(|c| c.is::<Refusal>()) => {
            report::write_stderr(&format!("error: {e:#}\n"));
            Ok(ExitCode::from(1))
        }
        other => other,
    }
}

/// The community `id` of the registry, parsed. Unknown: exit 2; unreadable: a refusal.
pub fn community<'a>(loaded: &'a Loaded, id: &str) -> Result<(&'a Entry, &'a Community)> {
    let Some(entry) = loaded.get(id) else {
        bail!("no community `{id}`; `cop list` shows them");
    };
    match &entry.community {
        Some(c) => Ok((entry, c)),
        None => Err(Refusal(format!(
            "`{}` does not parse, so cop cannot edit it; run `cop check` and fix it first",
            entry.path
        ))
        .into()),
    }
}

/// A handle as given on the command line: `ann` is read as `@ann`.
pub fn handle(given: &str) -> String {
    let given = given.trim();
    if given.starts_with('@') {
        given.to_string()
    } else {
        format!("@{given}")
    }
}

/// Whether `list` holds `handle`, case-insensitively.
pub fn holds(list: &[Node<Text>], handle: &str) -> bool {
    let key = handle_key(handle);
    list.iter().any(|h| handle_key(&h.value) == key)
}

/// The community's subject, or its id when it has none.
pub fn subject<'a>(entry: &'a Entry, c: &'a Community) -> &'a str {
    c.subject().unwrap_or(&entry.id)
}

/// Plans the request and carries it out as `flags` ask.
pub fn execute(
    registry: &Registry,
    global: &Global,
    flags: &EditFlags,
    command: &str,
    loaded: Loaded,
    request: Request,
) -> Result<ExitCode> {
    let communities = loaded.entries.len();
    let mut plan = plan::plan(registry, loaded, &request.edits, &request.strict)?;
    let print_findings = |findings: &[crate::finding::Finding]| {
        let report = Report {
            findings,
            notes: &[],
            waived: &[],
            communities,
        };
        report::print(&report, Format::Human, global.quiet)
    };
    if plan.blocked {
        print_findings(&plan.findings)?;
        report::write_stderr(&format!(
            "error: nothing was written: `{command}` would add the errors above; fix them or choose another change\n"
        ));
        return Ok(ExitCode::from(1));
    }
    let say = |text: &str| {
        if !global.quiet {
            report::write_stderr(text);
        }
    };
    let mut notes = request.notes.clone();
    notes.extend(plan.notes.iter().cloned());
    let said: String = request.said.iter().map(|s| format!("{s}\n")).collect();
    if plan.changes.is_empty() {
        say(&said);
        say("nothing to change\n");
        return Ok(ExitCode::SUCCESS);
    }
    if flags.dry_run {
        report::write_stdout(&plan::diff(&plan))?;
        say(&said);
        return Ok(ExitCode::SUCCESS);
    }
    let git = match flags.commit {
        true => Some(plan::prepare_commit(registry, &plan, command)?),
        false => None,
    };
    let findings = std::mem::take(&mut plan.findings);
    let written = plan::write(registry, &mut plan)?;
    if let Some((repo, identity)) = git {
        let paths: Vec<String> = plan.changes.iter().map(|c| c.path.clone()).collect();
        if let Err(e) = repo.commit(&paths, &request.message, &identity) {
            return Err(match written.undo() {
                Ok(()) => anyhow::Error::new(e).context("nothing was written"),
                Err(undo) => anyhow::Error::new(e)
                    .context(format!("taking back the files failed too: {undo}")),
            });
        }
    }
    if !findings.is_empty() {
        print_findings(&findings)?;
    }
    if !global.quiet {
        for note in &notes {
            report::note(note);
        }
    }
    let mut text = said;
    for change in &plan.changes {
        text.push_str(&format!("updated {}\n", change.path));
    }
    if flags.commit {
        text.push_str(&format!("committed: {}\n", request.message));
    }
    say(&text);
    Ok(ExitCode::SUCCESS)
}
