//! VTIMEZONE components generated from the tz database's transitions, so that a client with
//! no tz database of its own (or an older one) places every occurrence right.
//!
//! Each kind of transition (daylight or standard time, its offsets and abbreviation) becomes
//! one STANDARD or DAYLIGHT observance. Where the window's transitions of a kind follow one
//! yearly rule (same month, weekday, week of the month and local time, every year), the
//! observance carries that rule as an RRULE, as the tz database's own rule is written;
//! otherwise every transition is its own observance. The window starts at the transition in
//! force at its start, so an occurrence before the first change in the window is placed too.

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{Span, Timestamp};

use super::ics::Writer;

/// One change of offset, as a VTIMEZONE observance states it.
#[derive(Debug, Clone)]
struct Onset {
    /// The local time of the change, in the offset before it (RFC 5545 §3.6.5).
    local: DateTime,
    at: Timestamp,
}

#[derive(Debug)]
struct Kind {
    dst: bool,
    from: Offset,
    to: Offset,
    name: String,
    onsets: Vec<Onset>,
}

/// Writes the VTIMEZONE of `tz` (TZID `name`) covering the instants from `start` to `end`.
pub fn write(w: &mut Writer, name: &str, tz: &TimeZone, start: Timestamp, end: Timestamp) {
    w.begin("VTIMEZONE");
    w.raw("TZID", name);
    let kinds = kinds(tz, start, end);
    if kinds.is_empty() {
        // A zone that never changes within reach: one observance from the epoch on.
        let info = tz.to_offset_info(start);
        w.begin("STANDARD");
        w.raw("DTSTART", "19700101T000000");
        w.raw("TZOFFSETFROM", &offset(info.offset()));
        w.raw("TZOFFSETTO", &offset(info.offset()));
        w.text("TZNAME", info.abbreviation());
        w.end("STANDARD");
    }
    // (first onset, kind, its yearly rule): one per kind with a rule, else one per onset.
    let mut observances: Vec<(&Onset, &Kind, Option<String>)> = Vec::new();
    for kind in &kinds {
        match yearly_rule(&kind.onsets, end) {
            Some(rule) => observances.push((&kind.onsets[0], kind, Some(rule))),
            None => observances.extend(kind.onsets.iter().map(|onset| (onset, kind, None))),
        }
    }
    observances.sort_by_key(|o| o.0.at);
    for (onset, kind, rule) in observances {
        let component = if kind.dst { "DAYLIGHT" } else { "STANDARD" };
        w.begin(component);
        w.raw("DTSTART", &local(onset.local));
        if let Some(rule) = rule {
            w.raw("RRULE", &rule);
        }
        w.raw("TZOFFSETFROM", &offset(kind.from));
        w.raw("TZOFFSETTO", &offset(kind.to));
        w.text("TZNAME", &kind.name);
        w.end(component);
    }
    w.end("VTIMEZONE");
}

/// The transitions from the one in force at `start` up to `end`, grouped by kind in order of
/// their first onset.
fn kinds(tz: &TimeZone, start: Timestamp, end: Timestamp) -> Vec<Kind> {
    let just_after = start.checked_add(Span::new().seconds(1)).unwrap_or(start);
    let in_force = tz.preceding(just_after).next();
    let later = tz.following(start).take_while(|t| t.timestamp() < end);
    let mut kinds: Vec<Kind> = Vec::new();
    let mut last: Option<Timestamp> = None;
    for t in in_force.into_iter().chain(later) {
        let at = t.timestamp();
        if last.is_some_and(|l| l >= at) {
            continue;
        }
        last = Some(at);
        let before = at
            .checked_sub(Span::new().seconds(1))
            .map_or(t.offset(), |b| tz.to_offset(b));
        let onset = Onset {
            local: before.to_datetime(at),
            at,
        };
        let (dst, to, name) = (t.dst().is_dst(), t.offset(), t.abbreviation().to_string());
        match kinds
            .iter_mut()
            .find(|k| k.dst == dst && k.from == before && k.to == to && k.name == name)
        {
            Some(kind) => kind.onsets.push(onset),
            None => kinds.push(Kind {
                dst,
                from: before,
                to,
                name,
                onsets: vec![onset],
            }),
        }
    }
    kinds
}

/// `FREQ=YEARLY;BYMONTH=m;BYDAY=nDD` when every onset is the same weekday of the same week of
/// the same month at the same local time, in consecutive years; with an UNTIL when the rule
/// stops before `end`.
fn yearly_rule(onsets: &[Onset], end: Timestamp) -> Option<String> {
    let first = onsets.first()?;
    if onsets.len() < 2 {
        return None;
    }
    let date = first.local.date();
    let last_week = |d: Date| i16::from(d.day()) + 7 > i16::from(d.days_in_month());
    let nth = |d: Date| (d.day() - 1) / 7 + 1;
    let all_last = onsets.iter().all(|o| last_week(o.local.date()));
    let same = onsets.iter().enumerate().all(|(i, o)| {
        let d = o.local.date();
        o.local.time() == first.local.time()
            && d.month() == date.month()
            && d.weekday() == date.weekday()
            && i64::from(d.year()) == i64::from(date.year()) + i as i64
            && (all_last || nth(d) == nth(date))
    });
    if !same {
        return None;
    }
    let week = if all_last { -1 } else { nth(date) };
    let mut rule = format!(
        "FREQ=YEARLY;BYMONTH={};BYDAY={week}{}",
        date.month(),
        super::byday(date.weekday())
    );
    let last = onsets.last()?;
    let next_year = last.at.checked_add(Span::new().hours(366 * 24)).ok()?;
    if next_year < end {
        rule.push_str(&format!(";UNTIL={}", utc(last.at)));
    }
    Some(rule)
}

/// `YYYYMMDDTHHMMSS` (local time).
pub fn local(dt: DateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// `YYYYMMDDTHHMMSSZ`.
pub fn utc(at: Timestamp) -> String {
    format!("{}Z", local(Offset::UTC.to_datetime(at)))
}

/// `+HHMM`, or `+HHMMSS` for the odd historical offset with seconds.
fn offset(offset: Offset) -> String {
    let total = offset.seconds();
    let sign = if total < 0 { '-' } else { '+' };
    let total = total.unsigned_abs();
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::zone;

    fn vtimezone(name: &str, from: &str) -> String {
        let start: Timestamp = format!("{from}T00:00:00Z").parse().unwrap();
        let end = start.checked_add(Span::new().hours(3 * 365 * 24)).unwrap();
        let mut w = Writer::new();
        write(&mut w, name, &zone::get(name).unwrap(), start, end);
        w.finish().replace("\r\n", "\n")
    }

    #[test]
    fn berlin_follows_the_eu_rule() {
        assert_eq!(
            vtimezone("Europe/Berlin", "2026-12-01"),
            "BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:20261025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20270328T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
END:DAYLIGHT
END:VTIMEZONE
"
        );
    }

    #[test]
    fn tokyo_has_one_observance_and_utc_offsets_are_signed() {
        let tokyo = vtimezone("Asia/Tokyo", "2026-01-01");
        assert!(tokyo.contains("TZOFFSETTO:+0900\n"), "{tokyo}");
        assert_eq!(tokyo.matches("BEGIN:STANDARD").count(), 1, "{tokyo}");
        let ny = vtimezone("America/New_York", "2026-01-01");
        assert!(
            ny.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\n"),
            "{ny}"
        );
        assert!(
            ny.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\n"),
            "{ny}"
        );
        assert!(ny.contains("TZOFFSETFROM:-0400\n"), "{ny}");
        assert_eq!(
            offset(Offset::from_seconds(-(5 * 3600 + 50 * 60 + 36)).unwrap()),
            "-055036"
        );
    }
}
