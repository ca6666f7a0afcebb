//! Calendar days in UTC for the time-based rules and reports (`--today`, a commit's day, a
//! community's age), over jiff: the one date library cop uses, so no civil-date arithmetic is
//! written by hand anywhere.

use std::fmt;

use jiff::Timestamp;
use jiff::civil;
use jiff::tz::TimeZone;

use crate::community::Day;

/// A day of the proleptic Gregorian calendar, as UTC sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub civil::Date);

impl Date {
    /// The date that holds the instant `seconds` after 1970-01-01T00:00:00Z (clamped to the
    /// range jiff represents).
    pub fn from_unix_seconds(seconds: i64) -> Date {
        let seconds = seconds.clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
        let instant = Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH);
        Date(instant.to_zoned_datetime(TimeZone::UTC).date())
    }

    /// Today in UTC, by the system clock.
    pub fn today() -> Date {
        Date(Timestamp::now().to_zoned_datetime(TimeZone::UTC).date())
    }

    /// Reads `YYYY-MM-DD` exactly (four-digit year, two-digit month and day), a day that exists.
    pub fn parse(text: &str) -> Option<Date> {
        Day::parse(text).map(|day| Date(day.0))
    }

    /// Whole days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        self.0
            .since(earlier.0)
            .map_or(0, |span| i64::from(span.get_days()))
    }

    /// The day `days` after this one (before, when negative), clamped to jiff's range.
    pub fn add_days(self, days: i64) -> Date {
        let span = jiff::Span::new().days(days.clamp(-7_000_000, 7_000_000));
        Date(self.0.checked_add(span).unwrap_or(self.0))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_seconds_give_the_utc_day() {
        assert_eq!(
            Date::from_unix_seconds(1_767_225_600).to_string(),
            "2026-01-01"
        );
        assert_eq!(Date::from_unix_seconds(-1).to_string(), "1969-12-31");
        assert_eq!(Date::from_unix_seconds(0).to_string(), "1970-01-01");
        // Out of range never panics.
        let _ = Date::from_unix_seconds(i64::MAX);
        let _ = Date::from_unix_seconds(i64::MIN);
    }

    #[test]
    fn rejects_what_is_not_a_day() {
        for bad in [
            "2026-02-29",
            "2024-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "2026-01-01T00:00",
            "+026-01-01",
            "２０２６-01-01",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_some());
    }

    #[test]
    fn days_between() {
        let a = Date::parse("2026-01-02").unwrap();
        let b = Date::parse("2026-05-05").unwrap();
        assert_eq!(b.days_since(a), 123);
        assert_eq!(a.days_since(b), -123);
        assert_eq!(a.add_days(123), b);
        let far = Date::parse("0001-01-01").unwrap();
        let near = Date::parse("9999-12-31").unwrap();
        assert_eq!(near.days_since(far), 3_652_058);
    }
}
