//! `cop import PAGE`: plan the adoption of a hand-kept page, print the plan (`--dry-run`) or
//! write it all or nothing under the registry lock (and, with `--commit`, commit exactly that),
//! then print what `cop check` reports about the registry as it now is.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{CheckArgs, Format, Global, ImportArgs, ImportFacilitators};
use crate::community::Status;
use crate::git::commit;
use crate::import::{self, Facilitators, Plan};
use crate::refusal::Refusal;
use crate::registry::Registry;
use crate::report::{self, Report};

pub fn run(args: ImportArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    match import(&args, registry, global) {
        Err(e) if e.chain().any(|c| c.is::<Refusal>()) => {
            report::write_stderr(&format!("error: {e:#}\n"));
            Ok(ExitCode::from(1))
        }
        other => other,
    }
}

fn import(args: &ImportArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let facilitators = match args.facilitators {
        ImportFacilitators::None => Facilitators::None,
        ImportFacilitators::First => Facilitators::First,
    };
    let lock = registry.lock()?;
    let plan = import::plan(registry, &args.page, facilitators)?;
    if !plan.blocking.is_empty() {
        let report = Report {
            findings: &plan.blocking,
            notes: &[],
            waived: &[],
            communities: plan.communities.len(),
        };
        report::print(&report, Format::Human, global.quiet)?;
        report::write_stderr(&format!(
            "error: `{}` was not imported: the regions cannot be rendered until the findings above are fixed; nothing was written\n",
            plan.page
        ));
        return Ok(ExitCode::from(1));
    }
    if !global.quiet {
        for note in &plan.notes {
            report::note(note);
        }
    }
    if args.dry_run {
        report::write_stdout(&dry_run(&plan))?;
        return Ok(ExitCode::SUCCESS);
    }
    let message = format!("Import communities of practice from {}", plan.page);
    let git = match args.commit {
        true => {
            let changing: Vec<String> = plan.changes.iter().map(|c| c.path.clone()).collect();
            Some(commit::prepare(
                &registry.root,
                &registry.config.communities,
                "cop import",
                &changing,
            )?)
        }
        false => None,
    };
    let written = write(registry, &plan)?;
    if let Some((repo, identity)) = git
        && let Err(e) = repo.commit(&plan.paths(), &message, &identity)
    {
        return Err(match written.undo() {
            Ok(()) => anyhow::Error::new(e).context("nothing was written"),
            Err(undo) => {
                anyhow::Error::new(e).context(format!("taking back the files failed too: {undo}"))
            }
        });
    }
    drop(lock);
    if !global.quiet {
        report::write_stderr(&summary(&plan, args.commit.then_some(message.as_str())));
    }
    // What `cop check` reports now, by cop check itself: import writes the page as it stands,
    // rule findings and all, and exits 0.
    let after = Registry::open(&registry.root)?;
    let check = CheckArgs {
        format: Format::Human,
        strict: false,
        today: None,
        skip: Vec::new(),
        changed_since: None,
    };
    crate::cmd::check::run(check, &after, global)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the plan as one all-or-nothing batch: every community's files, the page, the other
/// pages and cop.yaml.
fn write(registry: &Registry, plan: &Plan) -> Result<crate::write::Written> {
    let mut batch = crate::write::Batch::new(&registry.root);
    for c in &plan.communities {
        for (name, text) in &c.files {
            batch.put(&format!("{}/{name}", c.dir), text.as_bytes());
        }
    }
    for change in &plan.changes {
        batch.put(&change.path, change.new.as_slice());
    }
    Ok(batch.commit()?)
}

/// What was written, one line per community and file changed, then the counts.
fn summary(plan: &Plan, committed: Option<&str>) -> String {
    let mut text = String::new();
    for c in &plan.communities {
        let status = c
            .entry
            .community
            .as_ref()
            .map_or(Status::Active, |c| c.status());
        text.push_str(&format!("created {}/ ({status})\n", c.dir));
    }
    for change in &plan.changes {
        text.push_str(&format!("updated {}\n", change.path));
    }
    text.push_str(&format!(
        "imported {} from {}: {} active, {} proposed, {} archived\n",
        crate::text::count(plan.communities.len(), "community"),
        plan.page,
        plan.count(Status::Active),
        plan.count(Status::Proposed),
        plan.count(Status::Archived),
    ));
    if let Some(message) = committed {
        text.push_str(&format!("committed: {message}\n"));
    }
    text
}

/// Every new file whole, then a unified diff of every file that changes.
fn dry_run(plan: &Plan) -> String {
    let mut out = String::new();
    for c in &plan.communities {
        for (name, text) in &c.files {
            out.push_str(&format!("==> {}/{name} <==\n", c.dir));
            out.push_str(text);
            if !text.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
        }
    }
    for change in &plan.changes {
        out.push_str(&change.diff());
    }
    out
}
