//! `cop calendar` and the meeting rules, end to end: the calendar is read back with an
//! independent parser (the `ical` crate), its recurrences expanded by this file's own small
//! RRULE reader, and every occurrence of two years compared with jiff's arithmetic, placed
//! once through the TZID and once through the VTIMEZONE alone.

use std::collections::BTreeMap;
use std::io::BufReader;

use ical::parser::ical::component::{IcalCalendar, IcalEvent, IcalTimeZone};
use ical::property::Property;
use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{TimeZone, TimeZoneDatabase};
use jiff::{Span, Timestamp};

use crate::support::{Registry, run_cop};

const FROM: &str = "2026-01-15";

fn parse(text: &str) -> IcalCalendar {
    let mut parser = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let calendar = parser
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    assert!(parser.next().is_none(), "one VCALENDAR only");
    calendar
}

fn prop<'a>(props: &'a [Property], name: &str) -> Option<&'a Property> {
    props.iter().find(|p| p.name == name)
}

fn value<'a>(props: &'a [Property], name: &str) -> &'a str {
    prop(props, name)
        .and_then(|p| p.value.as_deref())
        .unwrap_or_else(|| panic!("no {name}"))
}

fn param<'a>(p: &'a Property, name: &str) -> Option<&'a str> {
    p.params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v[0].as_str())
}

fn bundled(name: &str) -> TimeZone {
    TimeZoneDatabase::bundled().get(name).unwrap()
}

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(Span::new().days(n)).unwrap()
}

fn local(text: &str) -> DateTime {
    // YYYYMMDDTHHMMSS
    let n = |r: std::ops::Range<usize>| text[r].parse::<i32>().unwrap();
    Date::new(n(0..4) as i16, n(4..6) as i8, n(6..8) as i8)
        .unwrap()
        .to_datetime(Time::new(n(9..11) as i8, n(11..13) as i8, n(13..15) as i8, 0).unwrap())
}

fn weekday(code: &str) -> Weekday {
    match code {
        "MO" => Weekday::Monday,
        "TU" => Weekday::Tuesday,
        "WE" => Weekday::Wednesday,
        "TH" => Weekday::Thursday,
        "FR" => Weekday::Friday,
        "SA" => Weekday::Saturday,
        "SU" => Weekday::Sunday,
        _ => panic!("weekday {code}"),
    }
}

fn rule_parts(rule: &str) -> BTreeMap<&str, &str> {
    rule.split(';')
        .map(|p| p.split_once('=').unwrap())
        .collect()
}

/// (nth, weekday) of `BYDAY=2TU` / `-1SU`.
fn byday(text: &str) -> (i8, Weekday) {
    let (n, day) = text.split_at(text.len() - 2);
    (
        if n.is_empty() { 0 } else { n.parse().unwrap() },
        weekday(day),
    )
}

fn is_nth(d: Date, nth: i8) -> bool {
    if nth == -1 {
        d.day() + 7 > d.days_in_month()
    } else {
        (d.day() - 1) / 7 + 1 == nth
    }
}

fn months(a: Date, b: Date) -> i32 {
    (i32::from(b.year()) - i32::from(a.year())) * 12 + i32::from(b.month()) - i32::from(a.month())
}

/// This file's own reading of a VEVENT's DTSTART and RRULE: the local start times before
/// `until`, found by testing every day.
fn expand(start: DateTime, rule: &str, until: Date) -> Vec<DateTime> {
    let parts = rule_parts(rule);
    let interval: i64 = parts.get("INTERVAL").map_or(1, |i| i.parse().unwrap());
    let (nth, day) = byday(parts["BYDAY"]);
    let first = start.date();
    let mut out = Vec::new();
    let mut d = first;
    while d < until {
        let hit = d.weekday() == day
            && match parts["FREQ"] {
                "WEEKLY" => (d - first).get_days() as i64 / 7 % interval == 0,
                "MONTHLY" => is_nth(d, nth) && i64::from(months(first, d)) % interval == 0,
                other => panic!("FREQ {other}"),
            };
        if hit {
            out.push(d.to_datetime(start.time()));
        }
        d = add_days(d, 1);
    }
    out
}

/// A meeting as the YAML states it, and what jiff makes of it: the instants of two years.
#[derive(Debug, Clone)]
struct Case {
    cadence: &'static str,
    weekday: Weekday,
    /// Monthly and quarterly.
    week: Option<i8>,
    time: &'static str,
    zone: &'static str,
    start: Option<&'static str>,
}

impl Case {
    fn yaml(&self, id: &str) -> String {
        let day = format!("{:?}", self.weekday).to_lowercase();
        let mut meeting = format!(
            "  cadence: {}\n  weekday: {day}\n  time: \"{}\"\n  timezone: {}\n",
            self.cadence, self.time, self.zone
        );
        if let Some(week) = self.week {
            meeting.push_str(&format!("  week: {week}\n"));
        }
        if let Some(start) = self.start {
            meeting.push_str(&format!("  start: {start}\n"));
        }
        format!(
            "subject: Case {id}\nfacilitators: [\"@f{id}\"]\nmembers: [\"@f{id}\", \"@m{id}\", \"@n{id}\"]\nchannel: \"#cp_{id}\"\nmeeting:\n{meeting}"
        )
    }

    /// The meeting's instants from its first occurrence until `until`, by brute force over
    /// every day and jiff's own time zone arithmetic.
    fn truth(&self, until: Date) -> Vec<Timestamp> {
        let anchor = self.start.map_or(date(FROM), date);
        let time: Time = format!("{}:00", self.time).parse().unwrap();
        let tz = bundled(self.zone);
        let mut out = Vec::new();
        let mut first: Option<Date> = None;
        let mut d = anchor;
        while d < until {
            let hit = d.weekday() == self.weekday
                && match self.cadence {
                    "weekly" => true,
                    "biweekly" => first.is_none_or(|f| (d - f).get_days() % 14 == 0),
                    "monthly" => is_nth(d, self.week.unwrap()),
                    "quarterly" => {
                        is_nth(d, self.week.unwrap()) && months(anchor, d).rem_euclid(3) == 0
                    }
                    other => panic!("{other}"),
                };
            if hit {
                first.get_or_insert(d);
                out.push(tz.to_timestamp(d.to_datetime(time)).unwrap());
            }
            d = add_days(d, 1);
        }
        out
    }
}

fn cases() -> Vec<Case> {
    use Weekday::*;
    let forms: Vec<(&'static str, Weekday, Option<i8>, Option<&'static str>)> = vec![
        ("weekly", Tuesday, None, None),
        ("weekly", Sunday, None, Some("2026-03-01")),
        ("biweekly", Wednesday, None, None),
        ("biweekly", Friday, None, Some("2025-11-07")),
        ("monthly", Tuesday, Some(1), None),
        ("monthly", Tuesday, Some(2), None),
        ("monthly", Thursday, Some(3), None),
        ("monthly", Monday, Some(4), None),
        ("monthly", Monday, Some(-1), None),
        ("monthly", Sunday, Some(-1), Some("2026-04-01")),
        ("quarterly", Tuesday, Some(2), None),
        ("quarterly", Friday, Some(-1), Some("2026-02-10")),
    ];
    let zones = [
        ("Europe/Berlin", "16:00"),
        ("America/New_York", "10:30"),
        ("Australia/Sydney", "09:00"),
        ("Asia/Tokyo", "18:00"),
        ("UTC", "13:45"),
    ];
    let mut out = Vec::new();
    for (zone, time) in zones {
        for (cadence, weekday, week, start) in &forms {
            out.push(Case {
                cadence,
                weekday: *weekday,
                week: *week,
                time,
                zone,
                start: *start,
            });
        }
    }
    out
}

/// Offsets in seconds of `+HHMM[SS]`.
fn offset(text: &str) -> i64 {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let n = |r: std::ops::Range<usize>| text.get(r).map_or(0, |s| s.parse::<i64>().unwrap());
    sign * (n(1..3) * 3600 + n(3..5) * 60 + n(5..7))
}

fn seconds(dt: DateTime) -> i64 {
    jiff::tz::Offset::UTC.to_timestamp(dt).unwrap().as_second()
}

/// The VTIMEZONE read on its own: every onset (UTC seconds) with the offset it sets.
fn onsets(zone: &IcalTimeZone, until: i32) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for observance in &zone.transitions {
        let p = &observance.properties;
        let (from, to) = (
            offset(value(p, "TZOFFSETFROM")),
            offset(value(p, "TZOFFSETTO")),
        );
        let start = local(value(p, "DTSTART"));
        let mut locals = vec![start];
        if let Some(rule) = prop(p, "RRULE").and_then(|r| r.value.as_deref()) {
            let parts = rule_parts(rule);
            assert_eq!(parts["FREQ"], "YEARLY", "{rule}");
            let month: i8 = parts["BYMONTH"].parse().unwrap();
            let (nth, day) = byday(parts["BYDAY"]);
            let end = parts.get("UNTIL").map(|u| local(&u[..15]));
            for year in i32::from(start.year()) + 1..=until {
                let first = Date::new(year as i16, month, 1).unwrap();
                let d = first.nth_weekday_of_month(nth, day).unwrap();
                let at = d.to_datetime(start.time());
                if end.is_some_and(|e| seconds(at) - from > seconds(e)) {
                    break;
                }
                locals.push(at);
            }
        }
        out.extend(locals.into_iter().map(|l| (seconds(l) - from, to)));
    }
    out.sort();
    out
}

/// The instant of local time `at` by the VTIMEZONE alone (RFC 5545 §3.6.5: the observance
/// with the latest onset before the instant is in force).
fn place(onsets: &[(i64, i64)], at: DateTime) -> i64 {
    let in_force = |instant: i64| {
        onsets
            .iter()
            .rev()
            .find(|(onset, _)| *onset <= instant)
            .map_or(onsets[0].1, |(_, to)| *to)
    };
    let mut found: Vec<i64> = onsets
        .iter()
        .map(|(_, to)| seconds(at) - to)
        .filter(|instant| in_force(*instant) == seconds(at) - instant)
        .collect();
    found.sort();
    *found.first().expect("a local time that exists")
}

fn event<'a>(calendar: &'a IcalCalendar, uid: &str) -> &'a IcalEvent {
    calendar
        .events
        .iter()
        .find(|e| value(&e.properties, "UID") == uid)
        .unwrap_or_else(|| panic!("no VEVENT {uid}"))
}

#[test]
fn every_cadence_and_week_form_lands_on_jiffs_instants_by_tzid_and_by_vtimezone_alone() {
    let cases = cases();
    let mut registry = Registry::new();
    for (n, case) in cases.iter().enumerate() {
        registry = registry.community(&format!("c{n:02}"), &case.yaml(&format!("c{n:02}")));
    }
    let run = registry.cop(&["calendar", "--from", FROM]);
    run.code(0);
    assert_eq!(run.stderr, "");
    let text = &run.stdout;
    let calendar = parse(text);
    // Renaming every TZID proves nothing but the VTIMEZONEs place the occurrences.
    let mut renamed = text.clone();
    for (n, zone) in [
        "Europe/Berlin",
        "America/New_York",
        "Australia/Sydney",
        "Asia/Tokyo",
    ]
    .iter()
    .enumerate()
    {
        renamed = renamed
            .replace(&format!("TZID={zone}:"), &format!("TZID=Unknown/Zone{n}:"))
            .replace(
                &format!("TZID:{zone}\r\n"),
                &format!("TZID:Unknown/Zone{n}\r\n"),
            );
    }
    assert!(!renamed.contains("TZID=Europe") && !renamed.contains("TZID:Europe"));
    let renamed = parse(&renamed);
    let zones: BTreeMap<&str, &IcalTimeZone> = renamed
        .timezones
        .iter()
        .map(|z| (value(&z.properties, "TZID"), z))
        .collect();
    assert_eq!(zones.len(), 4, "one VTIMEZONE per zone used, none for UTC");
    let until = add_days(date(FROM), 2 * 365);
    for (n, case) in cases.iter().enumerate() {
        let uid = format!("c{n:02}@cop");
        let props = &event(&calendar, &uid).properties;
        let dtstart = prop(props, "DTSTART").unwrap();
        let start_text = dtstart.value.as_deref().unwrap();
        let rule = value(props, "RRULE");
        assert_eq!(value(props, "DURATION"), "PT60M");
        let starts = expand(local(start_text), rule, until);
        let expected = case.truth(until);
        assert!(expected.len() >= 8, "{case:?}");
        let by_tzid: Vec<Timestamp> = match param(dtstart, "TZID") {
            Some(zone) => {
                assert_eq!(zone, case.zone);
                starts
                    .iter()
                    .map(|s| bundled(zone).to_timestamp(*s).unwrap())
                    .collect()
            }
            None => {
                assert_eq!((case.zone, start_text.ends_with('Z')), ("UTC", true));
                starts
                    .iter()
                    .map(|s| jiff::tz::Offset::UTC.to_timestamp(*s).unwrap())
                    .collect()
            }
        };
        assert_eq!(by_tzid, expected, "{case:?}: {rule}");
        // The same event in the renamed calendar, placed by its VTIMEZONE only.
        let props = &event(&renamed, &uid).properties;
        let dtstart = prop(props, "DTSTART").unwrap();
        if let Some(zone) = param(dtstart, "TZID") {
            assert!(TimeZoneDatabase::bundled().get(zone).is_err());
            let onsets = onsets(zones[zone], 2029);
            let placed: Vec<i64> = starts.iter().map(|s| place(&onsets, *s)).collect();
            let expected: Vec<i64> = expected.iter().map(|t| t.as_second()).collect();
            assert_eq!(placed, expected, "{case:?} by VTIMEZONE");
        }
    }
}

#[test]
fn the_acme_calendar() {
    let run = Registry::example("acme").cop(&["calendar", "--from", "2026-12-01"]);
    run.code(0);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout.split("\r\n").all(|l| !l.contains('\n')),
        "CRLF only"
    );
    insta::assert_snapshot!(run.stdout.replace("\r\n", "\n"));
}

#[test]
fn byte_identical_across_runs_and_folders_and_independent_of_the_machines_zoneinfo() {
    let a = Registry::example("acme");
    let b = Registry::example("acme");
    let first = a.cop(&["calendar", "--from", "2026-12-01"]);
    let again = a.cop(&["calendar", "--from", "2026-12-01"]);
    let elsewhere = b.cop(&["calendar", "--from", "2026-12-01"]);
    assert_eq!(first.stdout, again.stdout);
    assert_eq!(first.stdout, elsewhere.stdout);
    // A zoneinfo folder whose Europe/Berlin is a fixed +09:00 zone: a calendar that read the
    // machine's database would change.
    let zoneinfo = tempfile::tempdir().unwrap();
    let mut tzif = b"TZif".to_vec();
    tzif.extend([0u8; 16]);
    for count in [0u32, 0, 0, 0, 1, 4] {
        tzif.extend(count.to_be_bytes());
    }
    tzif.extend(32_400i32.to_be_bytes());
    tzif.extend([0, 0]);
    tzif.extend(b"JST\0");
    for zone in ["Europe/Berlin", "America/New_York", "UTC"] {
        let path = zoneinfo.path().join(zone);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &tzif).unwrap();
    }
    let tzdir = zoneinfo.path().to_str().unwrap();
    let env = [("TZDIR", tzdir), ("TZ", "Asia/Tokyo")];
    let moved = run_cop(a.path(), &["calendar", "--from", "2026-12-01"], &env);
    assert_eq!(first.stdout, moved.stdout);
    let clash = run_cop(
        a.path(),
        &["check", "--skip", "stale", "--today", "2026-06-01"],
        &env,
    );
    clash.code(0);
    assert_eq!(clash.stdout, "ok: 12 communities checked, no findings\n");
}

#[test]
fn output_file_is_written_whole_and_holds_what_stdout_shows() {
    let registry = Registry::example("acme");
    let printed = registry.cop(&["calendar", "--from", "2026-12-01"]);
    registry.write("blocked", b"a file, not a folder");
    let run = registry.cop(&["calendar", "-o", "blocked/communities.ics"]);
    run.code(2);
    assert!(
        run.stderr
            .starts_with("error: cannot create the folder `blocked`"),
        "{}",
        run.stderr
    );
    // The folder is created when missing (GitLab Pages publishes `public/`).
    let run = registry.cop(&[
        "calendar",
        "--from",
        "2026-12-01",
        "-o",
        "public/communities.ics",
    ]);
    run.code(0);
    assert_eq!((run.stdout.as_str(), run.stderr.as_str()), ("", ""));
    assert_eq!(registry.read("public/communities.ics"), printed.stdout);
    let names: Vec<String> = std::fs::read_dir(registry.path().join("public"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["communities.ics"]);
}

#[test]
fn long_utf8_text_folds_at_75_octets_between_characters() {
    let description = format!(
        "Grüße, {}; a \\ backslash\nand a second line: {}",
        "日本語のテキスト🚀".repeat(12),
        "ÄÖÜ".repeat(40)
    );
    let yaml = format!(
        "subject: \"Ünïcødé, everywhere; really\"\ndescription: {}\nfacilitators: [\"@a\"]\nmembers: [\"@a\", \"@b\", \"@c\"]\nchannel: \"#cp_u\"\nmeeting:\n  cadence: weekly\n  weekday: monday\n  time: \"08:00\"\n",
        serde_json::to_string(&description).unwrap()
    );
    let run = Registry::new()
        .community("u", &yaml)
        .cop(&["calendar", "--from", FROM]);
    run.code(0);
    let bytes = run.stdout.as_bytes();
    let mut folded = 0;
    for line in bytes.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(
            line.len() <= 75,
            "{} octets: {}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        assert!(
            std::str::from_utf8(line).is_ok(),
            "a line cut inside a character"
        );
        folded += usize::from(line.first() == Some(&b' '));
    }
    assert!(folded >= 5, "{}", run.stdout);
    let escaped = description
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n");
    let unfolded = run.stdout.replace("\r\n ", "");
    assert!(
        unfolded.contains(&format!("\r\nDESCRIPTION:{escaped}\\nChannel: #cp_u\r\n")),
        "{unfolded}"
    );
    let calendar = parse(&run.stdout);
    assert_eq!(
        value(&event(&calendar, "u@cop").properties, "SUMMARY"),
        "Ünïcødé\\, everywhere\\; really"
    );
}

#[test]
fn events_are_all_day_and_left_out_communities_get_notes() {
    let run = Registry::new()
        .good("plain", "Plain")
        .community(
            "zone",
            &crate::support::GOOD_COMMUNITY
                .replace("{id}", "zone")
                .replace("{subject}", "Zone")
                .replace(
                    "  cadence: monthly\n",
                    "  cadence: weekly\n  weekday: friday\n  time: \"11:00\"\n  timezone: Europe/Berln\n",
                ),
        )
        .community("broken", "subject: [unclosed\n")
        .community(
            "old",
            "subject: Old\nstatus: archived\nmeeting:\n  cadence: weekly\n  weekday: friday\n  time: \"11:00\"\nevents:\n  - date: 2025-05-01\n    title: \"Last call, with thanks\"\n    kind: recognition\n    url: https://example.com/thanks\n  - date: 2025-05-01\n    title: Second on the day\n",
        )
        .cop(&["calendar", "--from", FROM]);
    run.code(0);
    assert_eq!(
        run.stderr,
        "note: calendar: `broken` left out, as communities/broken/community.yaml does not parse; `cop check` shows why
note: calendar: `plain` left out, as its meeting has no fixed slot (no `meeting.weekday`, `meeting.week` or `meeting.time`)
note: calendar: `zone` left out, as `Europe/Berln` is not a time zone of the IANA database (did you mean `Europe/Berlin`?)
"
    );
    let body = run.stdout.replace("\r\n", "\n");
    let events = &body[body.find("BEGIN:VEVENT").unwrap()..body.rfind("END:VCALENDAR").unwrap()];
    assert_eq!(
        events,
        "BEGIN:VEVENT
UID:old.event-20250501@cop
DTSTAMP:20260115T000000Z
DTSTART;VALUE=DATE:20250501
SUMMARY:Old: Last call\\, with thanks
CATEGORIES:recognition
URL:https://example.com/thanks
END:VEVENT
BEGIN:VEVENT
UID:old.event-20250501-2@cop
DTSTAMP:20260115T000000Z
DTSTART;VALUE=DATE:20250501
SUMMARY:Old: Second on the day
CATEGORIES:other
END:VEVENT
"
    );
    let calendar = parse(&run.stdout);
    assert_eq!(calendar.events.len(), 2);
    assert!(calendar.timezones.is_empty());
}

#[test]
fn refusals() {
    let registry = Registry::example("acme");
    let run = registry.cop(&["calendar", "observability", "nope"]);
    run.code(2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: no community `nope`; `cop list` shows them\n"
    );
    let run = registry.cop(&["calendar", "--from", "2026-02-30"]);
    run.code(2);
    assert_eq!(
        run.stderr,
        "error: invalid --from `2026-02-30`: expected a calendar date as YYYY-MM-DD, such as 2026-01-31\n"
    );
    let run = registry.cop(&["calendar", "mainframe-modernisation", "--from", FROM]);
    run.code(0);
    assert!(!run.stdout.contains("BEGIN:VEVENT"), "{}", run.stdout);
    let named = registry.cop(&["calendar", "observability", "observability", "--from", FROM]);
    named.code(0);
    assert_eq!(parse(&named.stdout).events.len(), 1);
    let run = Registry::new().cop(&["calendar"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//cop//communities of practice//EN\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"
    );
}

const BERLIN: &str =
    "  cadence: weekly\n  weekday: tuesday\n  time: \"16:00\"\n  timezone: Europe/Berlin\n";
const NEW_YORK: &str =
    "  cadence: weekly\n  weekday: tuesday\n  time: \"10:00\"\n  timezone: America/New_York\n";

fn clashing() -> Registry {
    let community = |subject: &str, id: &str, slot: &str| {
        format!(
            "subject: {subject}\nfacilitators: [\"@ann\"]\nmembers: [\"@ann\", \"@bob\", \"@{id}\"]\nchannel: \"#cp_{id}\"\nmeeting:\n{slot}"
        )
    };
    Registry::new()
        .community("berlin", &community("Berlin", "berlin", BERLIN))
        .community("new-york", &community("New York", "new-york", NEW_YORK))
}

#[test]
fn meeting_clash_reports_the_first_overlap_across_zones() {
    let registry = clashing();
    // New York moved its clocks on 2026-03-08, Berlin moves on 2026-03-29: until then the
    // two calls are an hour apart and only touch.
    let run = registry.cop(&["check", "--skip", "stale", "--today", "2026-03-09"]);
    run.code(0);
    insta::assert_snapshot!(run.stdout);
    let strict = registry.cop(&[
        "check",
        "--skip",
        "stale",
        "--today",
        "2026-03-09",
        "--strict",
    ]);
    strict.code(1);
    let skipped = registry.cop(&[
        "check",
        "--skip",
        "stale",
        "--skip",
        "meeting-clash",
        "--today",
        "2026-03-09",
    ]);
    skipped.code(0);
    assert_eq!(skipped.stdout, "ok: 2 communities checked, no findings\n");
    let json = registry
        .cop(&[
            "check",
            "--skip",
            "stale",
            "--today",
            "2026-10-26",
            "--format",
            "json",
        ])
        .json();
    // After Berlin's return to standard time on 2026-10-25, New York follows on 2026-11-01.
    let messages: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "meeting overlaps the meeting of `new-york`, first on 2026-11-03 at 16:00 (Europe/Berlin); @ann, @bob are in both",
            "meeting overlaps the meeting of `berlin`, first on 2026-11-03 at 10:00 (America/New_York); @ann, @bob are in both",
        ]
    );
}

#[test]
fn the_examples_have_no_clash_on_any_day_of_the_year() {
    for example in ["acme", "gitlab-handbook"] {
        let registry = Registry::example(example);
        for today in [
            "2026-01-05",
            "2026-03-16",
            "2026-06-01",
            "2026-10-28",
            "2027-02-01",
        ] {
            let json = registry
                .cop(&[
                    "check", "--skip", "stale", "--today", today, "--format", "json",
                ])
                .json();
            let clashes = json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["rule"] == "meeting-clash" || f["rule"] == "invalid-timezone")
                .count();
            assert_eq!(clashes, 0, "{example} on {today}: {json}");
        }
    }
}

#[test]
fn invalid_timezone_points_at_the_value_with_a_suggestion() {
    let yaml = crate::support::GOOD_COMMUNITY
        .replace("{id}", "x")
        .replace("{subject}", "X")
        + "  timezone: Europe/Berln\n";
    let run = Registry::new()
        .community("x", &yaml)
        .cop(&["check", "--skip", "stale"]);
    run.code(1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn extreme_dates_and_zone_names_never_panic() {
    let with = |id: &str, meeting: &str| {
        crate::support::GOOD_COMMUNITY
            .replace("{id}", id)
            .replace("{subject}", id)
            .replace("  cadence: monthly\n", meeting)
    };
    let registry = Registry::new()
        .community(
            "late",
            &with(
                "late",
                "  cadence: monthly\n  weekday: friday\n  week: -1\n  time: \"23:59\"\n  timezone: Pacific/Kiritimati\n  start: 9999-12-31\n",
            ),
        )
        .community(
            "early",
            &with(
                "early",
                "  cadence: biweekly\n  weekday: monday\n  time: \"00:00\"\n  timezone: America/Adak\n  start: 0001-01-01\n",
            ),
        )
        .community(
            "path",
            &with(
                "path",
                "  cadence: weekly\n  weekday: monday\n  time: \"10:00\"\n  timezone: ../../../etc/passwd\n",
            ),
        )
        .community(
            "blank",
            &with(
                "blank",
                "  cadence: weekly\n  weekday: monday\n  week: 3\n  time: \"10:00\"\n  timezone: \"\"\n",
            ),
        );
    for from in ["0001-01-01", "2026-01-15", "9999-12-31"] {
        let run = registry.cop(&["calendar", "--from", from]);
        run.code(0);
        assert!(
            run.stdout.ends_with("END:VCALENDAR\r\n"),
            "{from}: {}",
            run.stdout
        );
        assert!(
            run.stderr.contains("`path` left out"),
            "{from}: {}",
            run.stderr
        );
        parse(&run.stdout);
        let check = registry.cop(&["check", "--skip", "stale", "--today", from]);
        check.code(1);
        assert!(
            check.stdout.contains("error[invalid-timezone]"),
            "{}",
            check.stdout
        );
    }
}
