//! `stale`: a community whose folder has not changed in git for longer than
//! `stale_after_days`. The git module dates the folders; this rule only judges the dates, so it
//! runs apart from the file-only rules, and only when the check command has read history.

use super::Context;
use crate::community::{Pos, Status};
use crate::date::Date;
use crate::finding::{Finding, RuleId};
use crate::git::{History, LastChange};
use crate::text;

/// How many community ids a note names before it only counts the rest.
const NOTE_IDS: usize = 20;

/// A finding for every community last changed more than `stale_after_days` before `today`.
/// Archived communities are exempt: archiving is how a community that has ended stops
/// changing, and is what this rule's help suggests.
pub fn check(ctx: &Context, history: &History, today: Date) -> Vec<Finding> {
    let limit = i64::from(ctx.config.rules.stale_after_days);
    let mut out = Vec::new();
    for entry in &ctx.loaded.entries {
        let archived = entry
            .community
            .as_ref()
            .is_some_and(|c| c.status() == Status::Archived);
        let Some(LastChange::Committed(last)) = history.last.get(entry.id.as_str()) else {
            continue;
        };
        let age = today.days_since(*last);
        if archived || age <= limit {
            continue;
        }
        let first_line = entry.text().lines().next().unwrap_or("");
        let pos = Pos {
            len: u32::try_from(first_line.chars().count()).unwrap_or(u32::MAX),
            ..Pos::START
        };
        out.push(
            entry
                .finding(
                    RuleId::Stale,
                    pos,
                    format!(
                        "no change in {} (last on {last}); at most {limit} are expected",
                        text::count(usize::try_from(age).unwrap_or(usize::MAX), "day")
                    ),
                )
                .key("")
                .label(format!("last changed {age} days ago"))
                .help(format!(
                    "check the community is alive: update its members, meeting or description (any committed change under {}/ counts), or set `status: archived` if it has ended",
                    entry.dir()
                )),
        );
    }
    out
}

/// Notes on the communities the history could not date (never findings: an unknown age is
/// not evidence of staleness).
pub fn notes(ctx: &Context, history: &History) -> Vec<String> {
    let undated: Vec<&str> = ctx
        .loaded
        .entries
        .iter()
        .filter(|e| history.last.get(e.id.as_str()) == Some(&LastChange::Undated))
        .map(|e| e.id.as_str())
        .collect();
    if undated.is_empty() {
        return Vec::new();
    }
    let mut names = undated
        .iter()
        .take(NOTE_IDS)
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if undated.len() > NOTE_IDS {
        names.push_str(&format!(" and {} more", undated.len() - NOTE_IDS));
    }
    let count = text::count(undated.len(), "community");
    let note = match history.shallow_end {
        Some(end) => format!(
            "stale: {count} not checked, as this shallow clone's history ({}, back to {end}) holds no change to them: {names}; they last changed on or before {end}; fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in CI) to check them",
            text::count(history.commits, "commit")
        ),
        None => format!(
            "stale: {count} not checked, as no commit on HEAD's first-parent chain touches them (ignored by git?): {names}"
        ),
    };
    vec![note]
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::config::Config;

    fn history(last: &[(&str, LastChange)]) -> History {
        History {
            last: last.iter().map(|(id, l)| (id.to_string(), *l)).collect(),
            shallow_end: None,
            commits: 10,
        }
    }

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn fires_only_past_the_threshold() {
        let loaded = loaded(&[("a", ACTIVE), ("b", ACTIVE), ("c", ACTIVE), ("d", ACTIVE)]);
        let history = history(&[
            ("a", LastChange::Committed(day("2026-01-01"))),
            ("b", LastChange::Committed(day("2026-01-02"))),
            ("c", LastChange::Uncommitted),
            ("d", LastChange::Undated),
        ]);
        let config = Config::default();
        let ctx = Context::new(&config, &loaded);
        // 2026-04-02 is 91 days after 2026-01-01 and 90 after 2026-01-02.
        let found = check(&ctx, &history, day("2026-04-02"));
        assert_eq!(places(&found), [("a".to_string(), 1, 1)]);
        assert_eq!(
            found[0].message,
            "no change in 91 days (last on 2026-01-01); at most 90 are expected"
        );
        assert_eq!(found[0].path, "communities/a/community.yaml");
        assert_eq!(
            found[0].source_line.as_deref(),
            Some("subject: Infrastructure As Code")
        );
    }

    #[test]
    fn threshold_comes_from_the_config_and_archived_is_exempt() {
        let archived = "subject: Old\nstatus: archived\n";
        let loaded = loaded(&[("a", ACTIVE), ("old", archived)]);
        let when = LastChange::Committed(day("2026-01-01"));
        let history = history(&[("a", when), ("old", when)]);
        let mut config = Config::default();
        config.rules.stale_after_days = 5;
        let found = check(&Context::new(&config, &loaded), &history, day("2026-01-07"));
        assert_eq!(places(&found), [("a".to_string(), 1, 1)]);
        let found = check(&Context::new(&config, &loaded), &history, day("2026-01-06"));
        assert!(found.is_empty());
    }

    #[test]
    fn a_future_commit_is_not_stale() {
        let loaded = loaded(&[("a", ACTIVE)]);
        let history = history(&[("a", LastChange::Committed(day("2027-01-01")))]);
        let config = Config::default();
        assert!(check(&Context::new(&config, &loaded), &history, day("2026-01-01")).is_empty());
    }

    #[test]
    fn undated_communities_get_one_note() {
        let loaded = loaded(&[("a", ACTIVE), ("b", ACTIVE), ("c", ACTIVE)]);
        let mut history = history(&[
            ("a", LastChange::Undated),
            ("b", LastChange::Committed(day("2026-01-01"))),
            ("c", LastChange::Undated),
        ]);
        history.shallow_end = Some(day("2025-12-01"));
        let config = Config::default();
        let notes = notes(&Context::new(&config, &loaded), &history);
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].contains("2 communities not checked"),
            "{}",
            notes[0]
        );
        assert!(notes[0].contains("`a`, `c`"), "{}", notes[0]);
        assert!(notes[0].contains("on or before 2025-12-01"), "{}", notes[0]);
    }
}
