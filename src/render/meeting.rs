//! The meeting and the events of a README's `about` region, as people read them: "Monthly on
//! the second Tuesday at 16:00 (Europe/Berlin), 60 minutes" and the URL as a link (SPEC §5).
//! Only the data goes in, never today's date, so the region never goes stale by itself.

use serde::Serialize;

use super::escape::{link, text};
use crate::community::{Cadence, Community, Meeting, Minutes, Weekday};

/// One event as the `about` template sees it, every value escaped.
#[derive(Debug, Serialize)]
pub struct EventView {
    pub date: String,
    pub kind: String,
    pub title: String,
    /// A link to the event's URL, empty when there is none.
    pub link: String,
}

/// The meeting in one sentence, with its URL as a link; empty without a cadence. Written piece
/// by piece into one string: it is in every README, and `format!` for each piece was a
/// quarter of rendering one.
pub fn sentence(m: &Meeting) -> String {
    let Some(cadence) = m.cadence.as_ref().map(|c| c.value) else {
        return String::new();
    };
    let mut out = String::with_capacity(96);
    out.push_str(match cadence {
        Cadence::Weekly => "Weekly",
        Cadence::Biweekly => "Every other week",
        Cadence::Monthly => "Monthly",
        Cadence::Quarterly => "Quarterly",
    });
    let monthly = matches!(cadence, Cadence::Monthly | Cadence::Quarterly);
    if let Some(day) = &m.weekday {
        out.push_str(" on ");
        if let Some(week) = m.week.as_ref().map(|w| w.value.0).filter(|_| monthly) {
            out.push_str("the ");
            out.push_str(ordinal(week));
            out.push(' ');
        }
        out.push_str(day_name(day.value));
    }
    if let Some(time) = &m.time {
        let zone = m.timezone.as_ref().map_or("UTC", |z| z.value.as_str());
        out.push_str(" at ");
        out.push_str(&time.value.0);
        out.push_str(" (");
        out.push_str(&text(zone));
        out.push(')');
    }
    if m.time.is_some() || m.duration.is_some() {
        let minutes = m.duration.as_ref().map_or(Minutes::DEFAULT, |d| d.value).0;
        out.push_str(", ");
        out.push_str(&minutes.to_string());
        out.push_str(" minutes");
    }
    if let Some(start) = &m.start {
        out.push_str(", from ");
        out.push_str(&start.value.to_string());
    }
    if let Some(url) = &m.url {
        out.push_str(", ");
        out.push_str(&link(&url.value));
    }
    out
}

/// The events, newest first (events on one day keep their file order).
pub fn events(c: &Community) -> Vec<EventView> {
    let mut events: Vec<_> = c.events().iter().map(|e| &e.value).collect();
    events.sort_by_key(|e| std::cmp::Reverse(e.date.value));
    events
        .into_iter()
        .map(|e| EventView {
            date: e.date.value.to_string(),
            kind: e.kind().as_str().replace('-', " "),
            title: text(&e.title.value),
            link: e.url.as_ref().map_or(String::new(), |u| link(&u.value)),
        })
        .collect()
}

fn ordinal(week: i8) -> &'static str {
    match week {
        1 => "first",
        2 => "second",
        3 => "third",
        4 => "fourth",
        _ => "last",
    }
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(yaml: &str) -> String {
        let c: Community = crate::load::parse_community(&format!("meeting:\n{yaml}")).unwrap();
        sentence(&c.meeting.unwrap().value)
    }

    #[test]
    fn sentences() {
        assert_eq!(
            of(
                "  cadence: monthly\n  weekday: tuesday\n  week: 2\n  time: \"16:00\"\n  timezone: Europe/Berlin\n"
            ),
            "Monthly on the second Tuesday at 16:00 (Europe/Berlin), 60 minutes"
        );
        assert_eq!(
            of(
                "  cadence: monthly\n  weekday: monday\n  week: -1\n  time: \"14:00\"\n  duration: 45\n  url: https://zoom.us/j/1?pwd=a&b=c\n"
            ),
            "Monthly on the last Monday at 14:00 (UTC), 45 minutes, <https://zoom.us/j/1?pwd=a&b=c>"
        );
        assert_eq!(
            of(
                "  cadence: biweekly\n  weekday: wednesday\n  time: \"15:00\"\n  timezone: Europe/Madrid\n  start: 2026-01-07\n"
            ),
            "Every other week on Wednesday at 15:00 (Europe/Madrid), 60 minutes, from 2026-01-07"
        );
        assert_eq!(of("  cadence: quarterly\n"), "Quarterly");
        assert_eq!(
            of("  cadence: weekly\n  weekday: friday\n"),
            "Weekly on Friday"
        );
        assert_eq!(
            of("  cadence: weekly\n  url: \"zoom.us/j/1\"\n"),
            "Weekly, zoom.us/j/1"
        );
    }

    #[test]
    fn events_newest_first() {
        let c: Community = crate::load::parse_community(
            "events:\n  - date: 2026-01-10\n    title: Kick-off\n  - date: 2026-06-30\n    title: \"A | B\"\n    kind: round-table\n    url: https://example.com/r\n",
        )
        .unwrap();
        let e = events(&c);
        assert_eq!(
            (
                e[0].date.as_str(),
                e[0].kind.as_str(),
                e[0].title.as_str(),
                e[0].link.as_str()
            ),
            (
                "2026-06-30",
                "round table",
                "A \\| B",
                "<https://example.com/r>"
            )
        );
        assert_eq!((e[1].kind.as_str(), e[1].link.as_str()), ("other", ""));
    }
}
