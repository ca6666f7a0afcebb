//! `cop calendar`: the iCalendar of every active community's meeting and every event (SPEC
//! §8), printed or written atomically to `-o FILE`. Communities that cannot be placed are left
//! out with a note; the calendar is still written.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};

use crate::calendar;
use crate::cli::{CalendarArgs, Global};
use crate::community::Day;
use crate::load::{self, Entry};
use crate::registry::Registry;
use crate::report::{note, write_stdout};

pub fn run(args: CalendarArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let from = match &args.from {
        Some(text) => match Day::parse(text) {
            Some(day) => day.0,
            None => bail!(
                "invalid --from `{text}`: expected a calendar date as YYYY-MM-DD, such as 2026-01-31"
            ),
        },
        None => jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date(),
    };
    let loaded = load::load(registry)?;
    let mut ids: Vec<&str> = args.ids.iter().map(String::as_str).collect();
    ids.sort_unstable();
    ids.dedup();
    let entries: Vec<&Entry> = if ids.is_empty() {
        loaded.entries.iter().collect()
    } else {
        let mut entries = Vec::new();
        for id in &ids {
            match loaded.get(id) {
                Some(entry) => entries.push(entry),
                None => bail!("no community `{id}`; `cop list` shows them"),
            }
        }
        entries
    };
    let calendar = calendar::build(&entries, !ids.is_empty(), from);
    if !global.quiet {
        for text in &calendar.notes {
            note(text);
        }
    }
    match &args.output {
        Some(path) => write(path, calendar.text.as_bytes())?,
        None => write_stdout(&calendar.text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the calendar atomically, creating its folder (`public/` for GitLab Pages) when
/// needed.
fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the folder `{}`", dir.display()))?;
    }
    crate::write::write_atomic(path, bytes)
        .with_context(|| format!("cannot write the calendar to `{}`", path.display()))
}
