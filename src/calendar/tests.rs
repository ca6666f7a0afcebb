//! The calendar of small registries, as whole texts.

use super::*;
use crate::rules::test_support::loaded;
use jiff::civil::date;

fn calendar(files: &[(&str, &str)], from: Date) -> Calendar {
    let loaded = loaded(files);
    let entries: Vec<&Entry> = loaded.entries.iter().collect();
    build(&entries, false, from)
}

const IAC: &str = "subject: Infrastructure As Code
description: Terraform, Pulumi and friends.
facilitators: [\"@ann\"]
members: [\"@ann\", \"@bob\", \"@cy\"]
channel: \"#cp_iac\"
meeting:
  cadence: monthly
  weekday: tuesday
  week: 2
  time: \"16:00\"
  timezone: Asia/Tokyo
  duration: 45
  url: https://zoom.us/j/123?pwd=a;b
project: https://gitlab.com/iac
events:
  - date: 2026-06-30
    title: \"One year of IaC: what we shipped\"
    kind: milestone
";

#[test]
fn one_community_whole() {
    let cal = calendar(&[("iac", IAC)], date(2026, 1, 14));
    assert!(cal.notes.is_empty());
    assert_eq!(
        cal.text.replace("\r\n", "\n"),
        "BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//cop//communities of practice//EN
CALSCALE:GREGORIAN
METHOD:PUBLISH
BEGIN:VTIMEZONE
TZID:Asia/Tokyo
BEGIN:STANDARD
DTSTART:19510909T010000
TZOFFSETFROM:+1000
TZOFFSETTO:+0900
TZNAME:JST
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:iac@cop
DTSTAMP:20260114T000000Z
DTSTART;TZID=Asia/Tokyo:20260210T160000
DURATION:PT45M
RRULE:FREQ=MONTHLY;BYDAY=2TU
SUMMARY:Infrastructure As Code
DESCRIPTION:Terraform\\, Pulumi and friends.\\nChannel: #cp_iac\\nProject: htt
 ps://gitlab.com/iac
URL:https://zoom.us/j/123?pwd=a;b
LOCATION:https://zoom.us/j/123?pwd=a\\;b
END:VEVENT
BEGIN:VEVENT
UID:iac.event-20260630@cop
DTSTAMP:20260114T000000Z
DTSTART;VALUE=DATE:20260630
SUMMARY:Infrastructure As Code: One year of IaC: what we shipped
CATEGORIES:milestone
END:VEVENT
END:VCALENDAR
"
    );
}

#[test]
fn rrule_per_cadence_and_utc_in_z_form() {
    let with = |slot: &str| {
        IAC.replace(
        "  cadence: monthly\n  weekday: tuesday\n  week: 2\n  time: \"16:00\"\n  timezone: Asia/Tokyo\n",
        slot,
    )
    };
    let cases = [
        (
            "  cadence: weekly\n  weekday: monday\n  time: \"09:00\"\n",
            "FREQ=WEEKLY;BYDAY=MO",
            "DTSTART:20260119T090000Z",
        ),
        (
            "  cadence: biweekly\n  weekday: friday\n  time: \"09:00\"\n  start: 2025-11-07\n",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
            "DTSTART:20251107T090000Z",
        ),
        (
            "  cadence: monthly\n  weekday: sunday\n  week: -1\n  time: \"09:00\"\n",
            "FREQ=MONTHLY;BYDAY=-1SU",
            "DTSTART:20260125T090000Z",
        ),
        (
            "  cadence: quarterly\n  weekday: thursday\n  week: 1\n  time: \"09:00\"\n  start: 2026-01-02\n",
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH",
            "DTSTART:20260402T090000Z",
        ),
    ];
    for (slot, rule, start) in cases {
        let cal = calendar(&[("iac", &with(slot))], date(2026, 1, 14));
        assert!(
            cal.text.contains(&format!("\r\nRRULE:{rule}\r\n")),
            "{}",
            cal.text
        );
        assert!(
            cal.text.contains(&format!("\r\n{start}\r\n")),
            "{}",
            cal.text
        );
        assert!(!cal.text.contains("VTIMEZONE"), "{}", cal.text);
    }
}

#[test]
fn proposed_communities_give_events_only() {
    let proposed = IAC.replace("subject:", "status: proposed\nsubject:");
    let cal = calendar(&[("iac", &proposed)], date(2026, 1, 14));
    assert!(cal.notes.is_empty());
    assert_eq!(cal.text.matches("BEGIN:VEVENT").count(), 1);
    assert!(cal.text.contains("UID:iac.event-20260630@cop"));
    assert!(!cal.text.contains("VTIMEZONE"));
}
