//! Where a meeting falls: its fixed slot (cadence, weekday, week, time, zone) and the dates and
//! instants of its occurrences. The calendar writes the slot as an RRULE, the `meeting-clash`
//! rule expands it; both read the same arithmetic from here.
//!
//! The settled semantics (README, "Meetings and the calendar"):
//! - the series starts at the first occurrence on or after `meeting.start` when set, else on
//!   or after the day asked about (`--from`, `--today`);
//! - weekly and biweekly step 7 and 14 days from that first occurrence;
//! - monthly takes the `week`-th (or, for -1, the last) weekday of every month; quarterly of
//!   every third month, counted from the month of `start` (or of the day asked about);
//! - a local time that does not exist (a daylight-saving gap) or exists twice (the hour the
//!   clocks go back) is read as RFC 5545 reads it: the offset before the gap, the first of the
//!   two.

use jiff::civil::{Date, DateTime, Time, Weekday as JiffWeekday};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

use super::zone;
use crate::community::{Cadence, Meeting, Minutes, Weekday};

/// A meeting with a fixed slot, ready to be placed.
#[derive(Debug, Clone)]
pub struct Slot {
    pub cadence: Cadence,
    pub weekday: JiffWeekday,
    /// 1..4 or -1 (the last); monthly and quarterly only.
    pub week: Option<i8>,
    pub time: Time,
    /// The IANA name, as written.
    pub zone_name: String,
    pub zone: TimeZone,
    pub minutes: u16,
    pub start: Option<Date>,
}

/// Why a meeting cannot be placed in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unplaced {
    /// No `meeting:`, or no cadence.
    NoMeeting,
    /// The slot is not fixed: these keys are missing.
    NoSlot(Vec<&'static str>),
    /// `timezone:` names no zone of the tz database.
    UnknownZone {
        name: String,
        suggestion: Option<&'static str>,
    },
}

impl std::fmt::Display for Unplaced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unplaced::NoMeeting => f.write_str("it has no meeting cadence"),
            Unplaced::NoSlot(missing) => {
                let keys: Vec<String> = missing.iter().map(|k| format!("`meeting.{k}`")).collect();
                let keys = match keys.split_last() {
                    Some((last, [])) => last.clone(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => String::new(),
                };
                write!(f, "its meeting has no fixed slot (no {keys})")
            }
            Unplaced::UnknownZone { name, suggestion } => {
                write!(f, "`{name}` is not a time zone of the IANA database")?;
                match suggestion {
                    Some(s) => write!(f, " (did you mean `{s}`?)"),
                    None => Ok(()),
                }
            }
        }
    }
}

fn weekday(w: Weekday) -> JiffWeekday {
    match w {
        Weekday::Monday => JiffWeekday::Monday,
        Weekday::Tuesday => JiffWeekday::Tuesday,
        Weekday::Wednesday => JiffWeekday::Wednesday,
        Weekday::Thursday => JiffWeekday::Thursday,
        Weekday::Friday => JiffWeekday::Friday,
        Weekday::Saturday => JiffWeekday::Saturday,
        Weekday::Sunday => JiffWeekday::Sunday,
    }
}

impl Slot {
    /// The slot of `meeting`, or why it has none. `week` is read only where it means
    /// something (monthly and quarterly meetings).
    pub fn of(meeting: Option<&Meeting>) -> Result<Slot, Unplaced> {
        let meeting = meeting.ok_or(Unplaced::NoMeeting)?;
        let cadence = meeting.cadence.as_ref().ok_or(Unplaced::NoMeeting)?.value;
        let monthly = matches!(cadence, Cadence::Monthly | Cadence::Quarterly);
        let mut missing = Vec::new();
        if meeting.weekday.is_none() {
            missing.push("weekday");
        }
        if monthly && meeting.week.is_none() {
            missing.push("week");
        }
        if meeting.time.is_none() {
            missing.push("time");
        }
        let (Some(day), Some(time)) = (&meeting.weekday, &meeting.time) else {
            return Err(Unplaced::NoSlot(missing));
        };
        if !missing.is_empty() {
            return Err(Unplaced::NoSlot(missing));
        }
        let zone_name = meeting
            .timezone
            .as_ref()
            .map_or(zone::DEFAULT, |z| z.value.as_str());
        let zone = zone::get(zone_name).ok_or_else(|| Unplaced::UnknownZone {
            name: zone_name.to_string(),
            suggestion: zone::suggest(zone_name),
        })?;
        let time: Time = parse_hh_mm(&time.value.0).ok_or(Unplaced::NoSlot(vec!["time"]))?;
        Ok(Slot {
            cadence,
            weekday: weekday(day.value),
            week: meeting.week.as_ref().filter(|_| monthly).map(|w| w.value.0),
            time,
            zone_name: zone_name.to_string(),
            zone,
            minutes: meeting
                .duration
                .as_ref()
                .map_or(Minutes::DEFAULT, |d| d.value)
                .0,
            start: meeting.start.as_ref().map(|s| s.value.0),
        })
    }

    /// Whether the zone is UTC itself (written with `Z`, no VTIMEZONE).
    pub fn is_utc(&self) -> bool {
        self.zone_name == zone::DEFAULT
    }

    /// The first occurrence: on or after `start` when set, else on or after `from`.
    pub fn first(&self, from: Date) -> Option<Date> {
        let anchor = self.start.unwrap_or(from);
        match self.week {
            None => on_or_after(anchor, self.weekday),
            Some(week) => {
                let month = month_index(anchor);
                let step = self.month_step();
                [month, month + step]
                    .into_iter()
                    .filter_map(|m| self.in_month(m, week))
                    .find(|d| *d >= anchor)
            }
        }
    }

    /// Every occurrence date on or after `lo` and before `hi`, of the series that starts at
    /// `first(from)`.
    pub fn dates(&self, from: Date, lo: Date, hi: Date) -> Vec<Date> {
        let mut out = Vec::new();
        let Some(first) = self.first(from) else {
            return out;
        };
        match self.week {
            None => {
                let step: i64 = if self.cadence == Cadence::Biweekly {
                    14
                } else {
                    7
                };
                let behind = (lo - first).get_days().max(0) as i64;
                let mut k = (behind + step - 1) / step;
                while let Some(day) = add_days(first, k * step) {
                    if day >= hi {
                        break;
                    }
                    if day >= lo {
                        out.push(day);
                    }
                    k += 1;
                }
            }
            Some(week) => {
                let step = self.month_step();
                let base = month_index(first);
                let behind = (month_index(lo) - base - 1).max(0);
                let mut m = base + behind / step * step;
                while let Some(day) = self.in_month(m, week) {
                    if day >= hi {
                        break;
                    }
                    if day >= lo && day >= first {
                        out.push(day);
                    }
                    m += step;
                }
            }
        }
        out
    }

    /// The instant the meeting starts on `date` (RFC 5545's reading of gaps and folds, which
    /// is jiff's `compatible`).
    pub fn instant(&self, date: Date) -> Option<Timestamp> {
        self.zone
            .to_ambiguous_timestamp(self.local(date))
            .compatible()
            .ok()
    }

    /// The local start on `date`.
    pub fn local(&self, date: Date) -> DateTime {
        date.to_datetime(self.time)
    }

    fn month_step(&self) -> i32 {
        if self.cadence == Cadence::Quarterly {
            3
        } else {
            1
        }
    }

    fn in_month(&self, month: i32, week: i8) -> Option<Date> {
        let year = i16::try_from(month.div_euclid(12)).ok()?;
        let first = Date::new(year, (month.rem_euclid(12) + 1) as i8, 1).ok()?;
        first.nth_weekday_of_month(week, self.weekday).ok()
    }
}

/// Months since year 0, so that month arithmetic is integer arithmetic.
fn month_index(date: Date) -> i32 {
    i32::from(date.year()) * 12 + i32::from(date.month()) - 1
}

fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(Span::new().try_days(days).ok()?).ok()
}

fn on_or_after(date: Date, weekday: JiffWeekday) -> Option<Date> {
    let ahead =
        (weekday.to_monday_zero_offset() - date.weekday().to_monday_zero_offset()).rem_euclid(7);
    add_days(date, i64::from(ahead))
}

fn parse_hh_mm(text: &str) -> Option<Time> {
    let (h, m) = text.split_once(':')?;
    Time::new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::community::Community;
    use jiff::civil::date;

    fn slot(meeting: &str) -> Slot {
        let yaml = format!("meeting:\n{meeting}");
        let c: Community = crate::load::parse_community(&yaml).unwrap();
        Slot::of(c.meeting.as_ref().map(|m| &m.value)).unwrap()
    }

    fn days(s: &Slot, from: Date, n: usize) -> Vec<String> {
        let hi = from.checked_add(Span::new().days(800)).unwrap();
        s.dates(from, from, hi)
            .into_iter()
            .take(n)
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn monthly_second_tuesday() {
        let s = slot("  cadence: monthly\n  weekday: tuesday\n  week: 2\n  time: \"16:00\"\n");
        assert_eq!(
            days(&s, date(2026, 1, 14), 3),
            ["2026-02-10", "2026-03-10", "2026-04-14"]
        );
        assert_eq!(s.first(date(2026, 1, 13)), Some(date(2026, 1, 13)));
    }

    #[test]
    fn last_monday_and_quarterly_from_start() {
        let s = slot("  cadence: monthly\n  weekday: monday\n  week: -1\n  time: \"14:00\"\n");
        assert_eq!(
            days(&s, date(2026, 1, 1), 3),
            ["2026-01-26", "2026-02-23", "2026-03-30"]
        );
        let q = slot(
            "  cadence: quarterly\n  weekday: tuesday\n  week: 2\n  time: \"16:00\"\n  start: 2026-02-20\n",
        );
        // February's second Tuesday is before the start: the series begins in May.
        assert_eq!(
            days(&q, date(2026, 1, 1), 3),
            ["2026-05-12", "2026-08-11", "2026-11-10"]
        );
        // Asked about a later window, the series keeps its months.
        let lo = date(2027, 3, 1);
        let later = q.dates(date(2026, 1, 1), lo, date(2027, 12, 31));
        let later: Vec<String> = later.iter().map(|d| d.to_string()).collect();
        assert_eq!(later, ["2027-05-11", "2027-08-10", "2027-11-09"]);
    }

    #[test]
    fn biweekly_is_anchored_on_start() {
        let s = slot(
            "  cadence: biweekly\n  weekday: wednesday\n  time: \"15:00\"\n  start: 2026-01-07\n",
        );
        let lo = date(2026, 3, 1);
        let got: Vec<String> = s
            .dates(lo, lo, date(2026, 4, 1))
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(got, ["2026-03-04", "2026-03-18"]);
        let unanchored = slot("  cadence: biweekly\n  weekday: wednesday\n  time: \"15:00\"\n");
        assert_eq!(
            days(&unanchored, date(2026, 3, 5), 2),
            ["2026-03-11", "2026-03-25"]
        );
    }

    #[test]
    fn gaps_and_folds_read_as_rfc_5545() {
        // 02:30 on 2026-03-08 does not exist in New York: the offset before the gap (EST).
        let s = slot(
            "  cadence: weekly\n  weekday: sunday\n  time: \"02:30\"\n  timezone: America/New_York\n",
        );
        assert_eq!(
            s.instant(date(2026, 3, 8)).unwrap().to_string(),
            "2026-03-08T07:30:00Z"
        );
        // 01:30 on 2026-11-01 happens twice: the first (EDT).
        let s = slot(
            "  cadence: weekly\n  weekday: sunday\n  time: \"01:30\"\n  timezone: America/New_York\n",
        );
        assert_eq!(
            s.instant(date(2026, 11, 1)).unwrap().to_string(),
            "2026-11-01T05:30:00Z"
        );
    }

    #[test]
    fn what_cannot_be_placed() {
        let of = |m: &str| {
            let c: Community = crate::load::parse_community(&format!("meeting:\n{m}")).unwrap();
            Slot::of(c.meeting.as_ref().map(|m| &m.value)).unwrap_err()
        };
        assert_eq!(
            of("  cadence: monthly\n  weekday: tuesday\n").to_string(),
            "its meeting has no fixed slot (no `meeting.week` or `meeting.time`)"
        );
        assert_eq!(
            of("  cadence: weekly\n  weekday: friday\n  time: \"11:00\"\n  timezone: Europe/Berln\n")
                .to_string(),
            "`Europe/Berln` is not a time zone of the IANA database (did you mean `Europe/Berlin`?)"
        );
        assert_eq!(Slot::of(None).unwrap_err(), Unplaced::NoMeeting);
    }

    #[test]
    fn far_dates_end_quietly() {
        let s = slot("  cadence: monthly\n  weekday: tuesday\n  week: 2\n  time: \"16:00\"\n");
        assert_eq!(s.first(date(9999, 12, 20)), None);
        let last_year = s.dates(date(9999, 1, 1), date(9999, 1, 1), date(9999, 12, 31));
        assert_eq!(last_year.len(), 12);
    }
}
