//! `cop health`: resolve the flags, read the registry and (when there is one) the git history
//! in one walk, build the report and print it, or write it atomically with `-o FILE`. The
//! report never fails the run: it exits 0 unless cop cannot run at all.

use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use jiff::tz::TimeZone;

use crate::cli::{Global, HealthArgs, HealthFormat};
use crate::community::Day;
use crate::git::{Window, Workspace};
use crate::health::{self, History, Report, Settings};
use crate::load::{self, Loaded};
use crate::registry::Registry;
use crate::report::{write_stderr, write_stdout};

pub fn run(args: HealthArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let settings = resolve(&args)?;
    let loaded = load::load(registry)?;
    for id in &settings.ids {
        if loaded.get(id).is_none() {
            bail!("no community `{id}`; `cop list` shows them");
        }
    }
    let mut notes = Vec::new();
    let history = read_history(registry, &loaded, &settings, &mut notes);
    let report = health::build(registry, &loaded, history.as_ref(), &settings, notes);
    let text = render(&report, args.format)?;
    if args.format != HealthFormat::Json && !global.quiet {
        for note in &report.notes {
            write_stderr(&format!("note: {note}\n"));
        }
    }
    match &args.output {
        Some(path) => {
            crate::write::write_atomic(path, text.as_bytes())
                .with_context(|| format!("cannot write `{}`", path.display()))?;
        }
        None => write_stdout(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The report in `format`.
pub fn render(report: &Report, format: HealthFormat) -> Result<String> {
    Ok(match format {
        HealthFormat::Human => health::human::render(report),
        HealthFormat::Json => {
            serde_json::to_string_pretty(report).context("cannot write the report as JSON")? + "\n"
        }
        HealthFormat::Markdown => health::markdown::render(report),
        HealthFormat::Html => health::html::render(report),
    })
}

fn resolve(args: &HealthArgs) -> Result<Settings> {
    let today = match &args.today {
        Some(text) => match Day::parse(text) {
            Some(day) => day.0,
            None => bail!(
                "invalid --today `{text}`: expected a calendar date as YYYY-MM-DD, such as 2026-01-31"
            ),
        },
        None => jiff::Timestamp::now()
            .to_zoned_datetime(TimeZone::UTC)
            .date(),
    };
    let mut ids = args.ids.clone();
    ids.sort();
    ids.dedup();
    Ok(Settings {
        today,
        window_days: args.window,
        ids,
    })
}

/// The history the report needs, in one walk; `None` (with a note) outside git or when the
/// repository cannot be read: the history fields are then null, and the rest is reported.
fn read_history(
    registry: &Registry,
    loaded: &Loaded,
    settings: &Settings,
    notes: &mut Vec<String>,
) -> Option<History> {
    let fields =
        "members_then, joined, left, series, first_seen, last_change and absence_factor are null";
    let workspace = match Workspace::open(&registry.root, &registry.config.communities) {
        Ok(workspace) => workspace,
        Err(e) => {
            notes.push(format!("history: not read, as {e}; {fields}"));
            return None;
        }
    };
    let window = Window {
        after: settings.window_start(),
        until: settings.today,
    };
    let read = workspace.uncommitted().and_then(|uncommitted| {
        let timeline = workspace.timeline(&settings.history_days(), window)?;
        Ok(History {
            timeline,
            uncommitted: uncommitted
                .into_iter()
                .filter(|id| loaded.get(id).is_some())
                .collect(),
        })
    });
    match read {
        Ok(history) => Some(history),
        Err(e) => {
            notes.push(format!("history: cannot be read: {e}; {fields}"));
            None
        }
    }
}
