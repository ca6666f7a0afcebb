//! `cop render`: regenerate every region of every page, writing only the files whose bytes
//! change; `--check` writes nothing and fails when anything is stale; `--diff` shows how.

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::{Format, Global, RenderArgs};
use crate::load;
use crate::registry::Registry;
use crate::render::{self, Output};
use crate::report::{self, Report, write_stdout};
use crate::write;

pub fn run(args: RenderArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    // Writing waits for any other writing cop (a `cop new`, say) and then plans from what it
    // left, so the pages never miss a community added meanwhile.
    let _lock = if args.check {
        None
    } else {
        Some(registry.lock()?)
    };
    let loaded = load::load(registry)?;
    let plan = render::plan(registry, &loaded)?;
    if !global.quiet {
        for note in &plan.notes {
            report::note(note);
        }
    }
    if !plan.findings.is_empty() {
        let report = Report {
            findings: &plan.findings,
            notes: &[],
            waived: &[],
            communities: loaded.entries.len(),
        };
        report::print(&report, Format::Human, global.quiet)?;
        crate::report::note(
            "nothing was written: fix the findings above, then run `cop render` again",
        );
        return Ok(ExitCode::from(1));
    }
    // READMEs first and the handbook pages, which list them all, last.
    let mut changed: Vec<&Output> = plan.changed().collect();
    changed.sort_by_key(|o| o.community.is_none());
    let mut out = String::new();
    if args.diff {
        for output in &changed {
            out.extend(output.change.as_deref().map(write::Change::diff));
        }
    }
    if args.check {
        for output in &changed {
            for (name, line) in &output.stale {
                out.push_str(&format!(
                    "{}:{line}: region `{name}` is stale\n",
                    output.path
                ));
            }
        }
        if !global.quiet {
            out.push_str(&match changed.len() {
                0 => format!("ok: {} pages up to date\n", plan.outputs.len()),
                n => format!(
                    "{n} of {} pages are stale; run `cop render`\n",
                    plan.outputs.len()
                ),
            });
        }
        write_stdout(&out)?;
        return Ok(if changed.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    for output in &plan.outputs {
        let path = registry.path(&output.path);
        write::remove_leftovers(&path)
            .with_context(|| format!("cannot clean up beside `{}`", output.path))?;
    }
    let mut batch = write::Batch::independent(&registry.root);
    for change in changed.iter().filter_map(|o| o.change.as_ref()) {
        batch.put(&change.path, change.new.as_slice());
        if !global.quiet {
            out.push_str(&format!("wrote {}\n", change.path));
        }
    }
    let _ = batch.commit()?;
    if !global.quiet {
        out.push_str(&format!(
            "{} written, {} unchanged\n",
            changed.len(),
            plan.outputs.len() - changed.len()
        ));
    }
    write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}
