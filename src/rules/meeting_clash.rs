//! `meeting-clash`: two active communities that share a member or facilitator meet at
//! overlapping times (`[start, start + duration)`) within the 365 days from `--today`, in any
//! time zones (SPEC §8). It needs the date, so the check command runs it apart from the
//! file-only rules, as it runs `stale`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use jiff::Span;
use jiff::civil::Date;

use super::Context;
use crate::calendar::slot::Slot;
use crate::community::{Community, Status};
use crate::finding::{Finding, RuleId};
use crate::load::Entry;
use crate::text::handle_key;

/// How far ahead clashes are looked for.
const DAYS: i64 = 365;

/// One placeable community's meetings in the window.
struct Meetings<'a> {
    entry: &'a Entry,
    community: &'a Community,
    slot: &'a Slot,
    /// Each meeting's start in seconds since the epoch, in order (the local dates are worked
    /// out again for the few pairs that clash: 10,000 communities' meetings of a year are
    /// held at once).
    starts: Rc<[i64]>,
}

/// What places a slot's meetings in time: communities in the same slot meet at the same
/// instants, worked out once for all of them.
type SlotKey<'a> = (
    crate::community::Cadence,
    jiff::civil::Weekday,
    Option<i8>,
    jiff::civil::Time,
    &'a str,
    Option<Date>,
);

fn slot_key(slot: &Slot) -> SlotKey<'_> {
    (
        slot.cadence,
        slot.weekday,
        slot.week,
        slot.time,
        &slot.zone_name,
        slot.start,
    )
}

impl Meetings<'_> {
    fn seconds(&self) -> i64 {
        i64::from(self.slot.minutes) * 60
    }
}

pub fn check(ctx: &Context, today: Date) -> Vec<Finding> {
    let Ok(end) = today.checked_add(Span::new().days(DAYS)) else {
        return Vec::new();
    };
    let mut placed: Vec<(&Entry, &Community, Slot)> = Vec::new();
    for (entry, community) in ctx.communities() {
        if community.status() != Status::Active {
            continue;
        }
        if let Ok(slot) = Slot::of(community.meeting.as_ref().map(|m| &m.value)) {
            placed.push((entry, community, slot));
        }
    }
    // Who is in which placeable community, sorted by person: only communities that share
    // someone can clash. Sorted vectors, not maps: 40,000 communities' memberships and pairs
    // are looked up once each.
    let mut memberships: Vec<(Cow<str>, usize)> = Vec::new();
    for (index, (_, community, _)) in placed.iter().enumerate() {
        for handle in community.core_team() {
            memberships.push((handle_key(&handle.value), index));
        }
    }
    memberships.sort_unstable();
    // Every two communities that share someone, with that person: (a, b, person), a before b,
    // sorted, so that each pair's people come together and in order.
    let mut shared_by: Vec<(usize, usize, &str)> = Vec::new();
    for group in memberships.chunk_by(|x, y| x.0 == y.0) {
        for (n, (person, a)) in group.iter().enumerate() {
            for (_, b) in &group[n + 1..] {
                shared_by.push((*a, *b, person));
            }
        }
    }
    shared_by.sort_unstable();
    let pairs = shared_by
        .chunk_by(|x, y| (x.0, x.1) == (y.0, y.1))
        .map(|group| {
            let people: Vec<&str> = group.iter().map(|(_, _, person)| *person).collect();
            ((group[0].0, group[0].1), people)
        });
    let mut meetings: Vec<Option<Meetings>> = placed.iter().map(|_| None).collect();
    let mut by_slot: HashMap<SlotKey, Rc<[i64]>> = HashMap::new();
    let mut out = Vec::new();
    for ((a, b), shared) in pairs {
        for i in [a, b] {
            if meetings[i].is_none() {
                let (entry, community, slot) = &placed[i];
                meetings[i] = Some(Meetings {
                    entry,
                    community,
                    slot,
                    starts: by_slot
                        .entry(slot_key(slot))
                        .or_insert_with(|| {
                            meetings_of(slot, today, end).iter().map(|m| m.0).collect()
                        })
                        .clone(),
                });
            }
        }
        let (Some(ma), Some(mb)) = (&meetings[a], &meetings[b]) else {
            continue;
        };
        let Some((i, j)) = first_overlap(ma, mb) else {
            continue;
        };
        // The local dates of the two meetings, worked out for this pair alone.
        let date = |m: &Meetings, n: usize| meetings_of(m.slot, today, end)[n].1;
        let (da, db) = (date(ma, i), date(mb, j));
        out.push(finding(ma, mb, da, &shared));
        out.push(finding(mb, ma, db, &shared));
    }
    out
}

/// Each meeting of `slot` from `today` to `end`: its start in seconds since the epoch and its
/// local date, in order.
fn meetings_of(slot: &Slot, today: Date, end: Date) -> Vec<(i64, Date)> {
    slot.dates(today, today, end)
        .into_iter()
        .filter_map(|d| Some((slot.instant(d)?.as_second(), d)))
        .collect()
}

/// The first pair of overlapping meetings (`[start, start + duration)`), by their indices.
fn first_overlap(a: &Meetings, b: &Meetings) -> Option<(usize, usize)> {
    let (i_len, j_len) = (a.seconds(), b.seconds());
    let (mut i, mut j) = (0, 0);
    while i < a.starts.len() && j < b.starts.len() {
        let (x, y) = (a.starts[i], b.starts[j]);
        let (x_end, y_end) = (x + i_len, y + j_len);
        if x < y_end && y < x_end {
            return Some((i, j));
        }
        if x_end <= y_end {
            i += 1;
        } else {
            j += 1;
        }
    }
    None
}

/// The finding on `this` community about `other`, naming the shared people as `this` spells
/// them.
fn finding(this: &Meetings, other: &Meetings, date: Date, shared: &[&str]) -> Finding {
    let spelt: Vec<String> = shared
        .iter()
        .map(|key| {
            this.community
                .core_team()
                .into_iter()
                .find(|h| handle_key(&h.value) == *key)
                .map_or(key.to_string(), |h| h.value.to_string())
        })
        .collect();
    let meeting = this
        .community
        .meeting
        .as_ref()
        .map(|m| m.key())
        .unwrap_or_default();
    let pos = crate::community::Pos {
        len: "meeting".len() as u32,
        ..meeting
    };
    let who = spelt.join(", ");
    let verb = if spelt.len() == 1 { "is" } else { "are" };
    this.entry
        .finding(
            RuleId::MeetingClash,
            pos,
            format!(
                "meeting overlaps the meeting of `{}`, first on {date} at {} ({}); {who} {verb} in both",
                other.entry.id,
                this.slot.time.strftime("%H:%M"),
                this.slot.zone_name,
            ),
        )
        .label(format!("overlaps `{}`", other.entry.id))
        .help(format!(
            "move one of the two meetings to another weekday, week or time, so that {who} can attend both"
        ))
        .related(vec![other.entry.id.to_string()])
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::config::Config;
    use jiff::civil::date;

    fn community(members: &str, slot: &str) -> String {
        format!(
            "subject: S\nfacilitators: [\"@ann\"]\nmembers: [{members}]\nchannel: \"#cp_x\"\nmeeting:\n{slot}"
        )
    }

    const BERLIN: &str =
        "  cadence: weekly\n  weekday: tuesday\n  time: \"16:00\"\n  timezone: Europe/Berlin\n";
    const NEW_YORK: &str =
        "  cadence: weekly\n  weekday: tuesday\n  time: \"10:00\"\n  timezone: America/New_York\n";

    fn clash(files: &[(&str, &str)], today: Date) -> Vec<Finding> {
        let loaded = loaded(files);
        let config = Config::default();
        check(&Context::new(&config, &loaded), today)
    }

    #[test]
    fn berlin_and_new_york_overlap_outside_the_weeks_between_their_clock_changes() {
        let a = community("\"@ann\", \"@Bob\", \"@cy\"", BERLIN);
        let b = community("\"@ann\", \"@bob\", \"@dee\"", NEW_YORK);
        // 2026-03-09: New York moved its clocks on the 8th, Berlin moves on the 29th; until then
        // 16:00 in Berlin is an hour after 10:00 in New York, and the hour-long calls only touch.
        let found = clash(&[("a", &a), ("b", &b)], date(2026, 3, 9));
        assert_eq!(
            places(&found),
            [("a".to_string(), 5, 1), ("b".to_string(), 5, 1)]
        );
        assert_eq!(
            found[0].message,
            "meeting overlaps the meeting of `b`, first on 2026-03-31 at 16:00 (Europe/Berlin); @ann, @Bob are in both"
        );
        assert_eq!(
            found[1].message,
            "meeting overlaps the meeting of `a`, first on 2026-03-31 at 10:00 (America/New_York); @ann, @bob are in both"
        );
        assert_eq!(found[0].related, ["b"]);
        // From 2026-03-03 the first overlap is that very day (both still on standard time).
        let found = clash(&[("a", &a), ("b", &b)], date(2026, 3, 3));
        assert!(
            found[0].message.contains("first on 2026-03-03"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn no_shared_member_no_clash_and_archived_take_no_part() {
        let a = community("\"@ann\", \"@bob\"", BERLIN).replace("@ann", "@zed");
        let b = community("\"@ann\", \"@bob\"", NEW_YORK).replace("\"@bob\"", "\"@eve\"");
        // a: @zed, @bob; b: @ann, @eve.
        assert!(clash(&[("a", &a), ("b", &b)], date(2026, 3, 3)).is_empty());
        let archived = community("\"@ann\"", NEW_YORK) + "status: archived\n";
        let a = community("\"@ann\"", BERLIN);
        assert!(clash(&[("a", &a), ("b", &archived)], date(2026, 3, 3)).is_empty());
    }

    #[test]
    fn different_weeks_of_the_month_do_not_clash() {
        let monthly = |week: i8| {
            format!("  cadence: monthly\n  weekday: tuesday\n  week: {week}\n  time: \"16:00\"\n")
        };
        let a = community("\"@ann\"", &monthly(2));
        let b = community("\"@ann\"", &monthly(-1));
        assert!(clash(&[("a", &a), ("b", &b)], date(2026, 1, 1)).is_empty());
        let c = community("\"@ann\"", &monthly(2));
        assert_eq!(clash(&[("a", &a), ("c", &c)], date(2026, 1, 1)).len(), 2);
    }
}
