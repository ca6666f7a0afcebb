//! `cop calendar`'s engine (SPEC §8): every community's meeting as one recurring VEVENT and
//! every event as an all-day VEVENT, with the VTIMEZONEs they need, in one iCalendar object
//! that is a function of the files and `--from` alone.
//!
//! The writer is cop's own (ics.rs): the iCalendar crates we looked at keep parameters in hash
//! maps (no stable byte order), fold by characters or bytes inconsistently, and none builds a
//! VTIMEZONE from a tz database.

pub mod ics;
pub mod slot;
pub mod vtimezone;
pub mod zone;

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

use crate::community::{Cadence, Community, Status};
use crate::load::Entry;
use crate::rules::invalid_url::is_http_url;
use ics::Writer;
use slot::Slot;

/// The PRODID of every calendar cop writes (no version: an upgrade alone changes no byte).
pub const PRODID: &str = "-//cop//communities of practice//EN";

/// How far past `--from` the VTIMEZONEs reach (at least two years, as SPEC §8 asks).
const ZONE_YEARS: i64 = 3;

/// A calendar and what was left out of it.
#[derive(Debug)]
pub struct Calendar {
    pub text: String,
    pub notes: Vec<String>,
}

/// The calendar of `entries` (already chosen: every community, or the ids asked for, when
/// `named`) as of `from`.
pub fn build(entries: &[&Entry], named: bool, from: Date) -> Calendar {
    let stamp = format!("{}T000000Z", day(from));
    let mut notes = Vec::new();
    let mut events = Writer::new();
    // The zones used, with the earliest instant each must cover.
    let mut zones: BTreeMap<String, (TimeZone, Timestamp)> = BTreeMap::new();
    for entry in entries {
        let Some(community) = &entry.community else {
            notes.push(format!(
                "calendar: `{}` left out, as {} does not parse; `cop check` shows why",
                entry.id, entry.path
            ));
            continue;
        };
        let meeting = community.meeting.as_ref().map(|m| &m.value);
        if community.status() == Status::Active {
            match Slot::of(meeting) {
                Ok(slot) => {
                    if let Some(first) = slot.first(from) {
                        if !slot.is_utc() {
                            let at = start_of(first.min(from));
                            let zone = zones
                                .entry(slot.zone_name.clone())
                                .or_insert_with(|| (slot.zone.clone(), at));
                            zone.1 = zone.1.min(at);
                        }
                        meeting_event(&mut events, entry, community, &slot, first, &stamp);
                    } else {
                        notes.push(format!(
                            "calendar: `{}` left out, as its meeting has no date cop can write",
                            entry.id
                        ));
                    }
                }
                Err(why) => notes.push(format!("calendar: `{}` left out, as {why}", entry.id)),
            }
        } else if meeting.is_some() && named {
            notes.push(format!(
                "calendar: the meeting of `{}` is left out, as the community is {}",
                entry.id,
                community.status()
            ));
        }
        let mut seen: BTreeMap<Date, usize> = BTreeMap::new();
        for event in community.events() {
            let event = &event.value;
            let date = event.date.value.0;
            let nth = seen.entry(date).or_default();
            *nth += 1;
            // Stable while events are added or removed on other days.
            let uid = match *nth {
                1 => format!("{}.event-{}@cop", entry.id, day(date)),
                n => format!("{}.event-{}-{n}@cop", entry.id, day(date)),
            };
            events.begin("VEVENT");
            events.text("UID", &uid);
            events.raw("DTSTAMP", &stamp);
            events.raw("DTSTART;VALUE=DATE", &day(event.date.value.0));
            events.text(
                "SUMMARY",
                &format!("{}: {}", subject(entry, community), event.title.value),
            );
            events.text("CATEGORIES", event.kind().as_str());
            if let Some(url) = event.url.as_ref().filter(|u| is_http_url(&u.value)) {
                events.raw("URL", &url.value);
            }
            events.end("VEVENT");
        }
    }
    let mut w = Writer::new();
    w.begin("VCALENDAR");
    w.raw("VERSION", "2.0");
    w.text("PRODID", PRODID);
    w.raw("CALSCALE", "GREGORIAN");
    w.raw("METHOD", "PUBLISH");
    let end = start_of(from)
        .checked_add(Span::new().hours(ZONE_YEARS * 366 * 24))
        .unwrap_or(Timestamp::MAX);
    for (name, (tz, start)) in &zones {
        let start = start
            .checked_sub(Span::new().hours(48))
            .unwrap_or(Timestamp::MIN);
        vtimezone::write(&mut w, name, tz, start, end);
    }
    let mut text = w.finish();
    text.push_str(&events.finish());
    let mut tail = Writer::new();
    tail.end("VCALENDAR");
    text.push_str(&tail.finish());
    Calendar { text, notes }
}

fn meeting_event(
    w: &mut Writer,
    entry: &Entry,
    community: &Community,
    slot: &Slot,
    first: Date,
    stamp: &str,
) {
    w.begin("VEVENT");
    w.text("UID", &format!("{}@cop", entry.id));
    w.raw("DTSTAMP", stamp);
    let local = vtimezone::local(slot.local(first));
    if slot.is_utc() {
        w.raw("DTSTART", &format!("{local}Z"));
    } else {
        w.raw(&format!("DTSTART;TZID={}", slot.zone_name), &local);
    }
    w.raw("DURATION", &format!("PT{}M", slot.minutes));
    w.raw("RRULE", &rrule(slot));
    w.text("SUMMARY", subject(entry, community));
    let mut description: Vec<String> = Vec::new();
    if let Some(d) = &community.description {
        description.push(d.value.to_string());
    }
    if let Some(c) = &community.channel {
        description.push(format!("Channel: {}", c.value));
    }
    if let Some(p) = &community.project {
        description.push(format!("Project: {}", p.value));
    }
    if !description.is_empty() {
        w.text("DESCRIPTION", &description.join("\n"));
    }
    let url = community
        .meeting
        .as_ref()
        .and_then(|m| m.value.url.as_ref())
        .filter(|u| is_http_url(&u.value));
    if let Some(url) = url {
        w.raw("URL", &url.value);
        w.text("LOCATION", &url.value);
    }
    w.end("VEVENT");
}

/// The RRULE of a slot (SPEC §8).
pub fn rrule(slot: &Slot) -> String {
    let day = byday(slot.weekday);
    let week = slot.week.map_or(String::new(), |w| w.to_string());
    match slot.cadence {
        Cadence::Weekly => format!("FREQ=WEEKLY;BYDAY={day}"),
        Cadence::Biweekly => format!("FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"),
        Cadence::Monthly => format!("FREQ=MONTHLY;BYDAY={week}{day}"),
        Cadence::Quarterly => format!("FREQ=MONTHLY;INTERVAL=3;BYDAY={week}{day}"),
    }
}

/// RFC 5545's two-letter weekday.
pub fn byday(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Monday => "MO",
        Weekday::Tuesday => "TU",
        Weekday::Wednesday => "WE",
        Weekday::Thursday => "TH",
        Weekday::Friday => "FR",
        Weekday::Saturday => "SA",
        Weekday::Sunday => "SU",
    }
}

fn subject<'a>(entry: &'a Entry, community: &'a Community) -> &'a str {
    community.subject().unwrap_or(&entry.id)
}

/// `YYYYMMDD`.
fn day(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

fn start_of(date: Date) -> Timestamp {
    jiff::tz::Offset::UTC
        .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
        .unwrap_or(Timestamp::MIN)
}

#[cfg(test)]
mod tests;
