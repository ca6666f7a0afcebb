//! The model of one `community.yaml` (schema version 1), with the position of every key and
//! list item so that rule findings can point at them.
//!
//! Deserialization is hand-written for the two mappings (community and meeting) so that keys
//! keep their own positions: a finding about `members` points at the `members` key even when
//! the list starts on the next line. Unknown keys are collected, not fatal, so one typo does not
//! hide the rest of the file from the rules.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// A place in a source file: 1-based line and column (in characters), and the length in
/// characters of what is there (for the caret under it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl Pos {
    pub const START: Pos = Pos {
        line: 1,
        column: 1,
        len: 0,
    };

    fn of<T>(spanned: &Spanned<T>) -> Pos {
        let location = &spanned.referenced;
        Pos {
            line: clamp(location.line()).max(1),
            column: clamp(location.column()).max(1),
            len: clamp(location.span().len()),
        }
    }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value read from a file, with the position of its key and of the value itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node<T> {
    pub value: T,
    /// Where the key naming this value stands (the value's own position for list items).
    pub key: Pos,
    /// Where the value starts.
    pub at: Pos,
}

impl<T> Node<T> {
    fn from_spanned(key: Pos, spanned: Spanned<T>) -> Self {
        let at = Pos::of(&spanned);
        Node {
            value: spanned.value,
            key,
            at,
        }
    }
}

/// In the schema a node is just its value: positions come from the file, not from its text.
impl<T: JsonSchema> JsonSchema for Node<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Node<T> {
    /// A list item: its key position is its own.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<T>::deserialize(deserializer)?;
        let at = Pos::of(&spanned);
        Ok(Node {
            value: spanned.value,
            key: at,
            at,
        })
    }
}

/// A list of handles or topics, each item with its position.
pub type List = Vec<Node<String>>;

/// `status:` of a community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Proposed,
    Archived,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Active, Status::Proposed, Status::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Proposed => "proposed",
            Status::Archived => "archived",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How often a community meets, from most to least often.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Weekly,
    Biweekly,
    Monthly,
    Quarterly,
}

impl Cadence {
    pub const ALL: [Cadence; 4] = [
        Cadence::Weekly,
        Cadence::Biweekly,
        Cadence::Monthly,
        Cadence::Quarterly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Weekly => "weekly",
            Cadence::Biweekly => "biweekly",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
        }
    }

    pub fn parse(text: &str) -> Option<Cadence> {
        Cadence::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The day of the week the community meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub fn as_str(self) -> &'static str {
        match self {
            Weekday::Monday => "monday",
            Weekday::Tuesday => "tuesday",
            Weekday::Wednesday => "wednesday",
            Weekday::Thursday => "thursday",
            Weekday::Friday => "friday",
            Weekday::Saturday => "saturday",
            Weekday::Sunday => "sunday",
        }
    }
}

/// `meeting.week`: 1..4, or -1 for the last week of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Week(pub i8);

impl<'de> Deserialize<'de> for Week {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(deserializer)?;
        match n {
            1..=4 | -1 => Ok(Week(n as i8)),
            _ => Err(de::Error::custom(format!(
                "week must be 1, 2, 3, 4 or -1 (the last), not {n}"
            ))),
        }
    }
}

/// The schema says what `Week::deserialize` accepts.
impl JsonSchema for Week {
    fn schema_name() -> Cow<'static, str> {
        "Week".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The week of the month: 1, 2, 3, 4, or -1 for the last.",
            "type": "integer",
            "enum": [1, 2, 3, 4, -1],
        })
    }
}

/// `meeting.time`: 24-hour `HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Time(pub String);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if is_hh_mm(&text) {
            Ok(Time(text))
        } else {
            Err(de::Error::custom(format!(
                "time must be 24-hour HH:MM, such as \"16:00\", not {text:?}"
            )))
        }
    }
}

/// The pattern of [`is_hh_mm`], for the schema.
pub const TIME_PATTERN: &str = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

/// The schema says what `Time::deserialize` accepts.
impl JsonSchema for Time {
    fn schema_name() -> Cow<'static, str> {
        "Time".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "24-hour time, HH:MM.",
            "type": "string",
            "pattern": TIME_PATTERN,
        })
    }
}

/// The form of a handle (SPEC §1); the `invalid-handle` rule checks the same form.
pub const HANDLE_PATTERN: &str = "^@[A-Za-z0-9_][A-Za-z0-9_.-]*$";
pub const HANDLE_MAX_LEN: usize = 255;

/// The schema of a list of handles (never a value: only `#[schemars(with)]` names it). The
/// loader reads any strings, and the `invalid-handle` rule reports a bad one with its position;
/// the schema tells an editor the form up front.
pub struct Handles;

impl JsonSchema for Handles {
    fn schema_name() -> Cow<'static, str> {
        "Handles".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Handles: `@` then letters, digits, `_`, `.` or `-`.",
            "type": "array",
            "items": {
                "type": "string",
                "pattern": HANDLE_PATTERN,
                "maxLength": HANDLE_MAX_LEN,
            },
        })
    }
}

/// A calendar day written `YYYY-MM-DD` (`meeting.start`, an event's `date`, a waiver's `until`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Day(pub jiff::civil::Date);

impl Day {
    /// Reads exactly `YYYY-MM-DD` (four-digit year, two-digit month and day), a day that exists.
    pub fn parse(text: &str) -> Option<Day> {
        let b = text.as_bytes();
        let shape = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape {
            return None;
        }
        let n = |r: std::ops::Range<usize>| text[r].parse::<i16>().ok();
        let date = jiff::civil::Date::new(n(0..4)?, n(5..7)? as i8, n(8..10)? as i8).ok()?;
        Some(Day(date))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The pattern of [`Day::parse`], for the schema.
pub const DAY_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Day::parse(&text).ok_or_else(|| {
            de::Error::custom(format!(
                "expected a date as YYYY-MM-DD, such as 2026-01-13, not {text:?}"
            ))
        })
    }
}

impl JsonSchema for Day {
    fn schema_name() -> Cow<'static, str> {
        "Day".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar day, YYYY-MM-DD.",
            "type": "string",
            "pattern": DAY_PATTERN,
        })
    }
}

/// `meeting.duration`: minutes, 15..480.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Minutes(pub u16);

impl Minutes {
    pub const DEFAULT: Minutes = Minutes(60);
    pub const MIN: u16 = 15;
    pub const MAX: u16 = 480;
}

impl<'de> Deserialize<'de> for Minutes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(deserializer)?;
        match u16::try_from(n) {
            Ok(m) if (Minutes::MIN..=Minutes::MAX).contains(&m) => Ok(Minutes(m)),
            _ => Err(de::Error::custom(format!(
                "duration must be a number of minutes from {} to {}, not {n}",
                Minutes::MIN,
                Minutes::MAX
            ))),
        }
    }
}

impl JsonSchema for Minutes {
    fn schema_name() -> Cow<'static, str> {
        "Minutes".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The meeting's length in minutes, 15..480 (default 60).",
            "type": "integer",
            "minimum": Minutes::MIN,
            "maximum": Minutes::MAX,
        })
    }
}

/// What kind of one-off activity an event is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    Milestone,
    Workshop,
    Recognition,
    RoundTable,
    OfficeHours,
    #[default]
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::Milestone,
        EventKind::Workshop,
        EventKind::Recognition,
        EventKind::RoundTable,
        EventKind::OfficeHours,
        EventKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Milestone => "milestone",
            EventKind::Workshop => "workshop",
            EventKind::Recognition => "recognition",
            EventKind::RoundTable => "round-table",
            EventKind::OfficeHours => "office-hours",
            EventKind::Other => "other",
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of `events:`: a one-off activity (a milestone, a workshop, ...).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The day of the event, YYYY-MM-DD (required).
    pub date: Node<Day>,
    /// What the event is (required).
    pub title: Node<String>,
    /// milestone, workshop, recognition, round-table, office-hours or other (the default).
    #[serde(default)]
    pub kind: Option<Node<EventKind>>,
    /// A page about the event or its recording: an http(s) URL.
    #[serde(default)]
    pub url: Option<Node<String>>,
}

impl Event {
    pub fn kind(&self) -> EventKind {
        self.kind.as_ref().map(|k| k.value).unwrap_or_default()
    }
}

/// One entry of `waivers:`: a rule this community is exempt from, why, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    /// The rule id waived, such as min-members (required).
    pub rule: Node<String>,
    /// Why the exception holds (required).
    pub reason: Node<String>,
    /// The last day the waiver holds, YYYY-MM-DD; without it the waiver holds until removed.
    #[serde(default)]
    pub until: Option<Node<Day>>,
}

fn is_hh_mm(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit)
        && (b[0] - b'0') * 10 + (b[1] - b'0') < 24
        && b[3] < b'6'
}

// The schema derives below describe what the hand-written `Deserialize` impls accept: every
// key optional (null reads as absent), no other keys (an unknown key is a parse-error finding).

/// The community's regular call (`meeting:`).
#[derive(Debug, Clone, PartialEq, Eq, Default, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Meeting {
    /// How often the community meets: weekly, biweekly, monthly or quarterly.
    pub cadence: Option<Node<Cadence>>,
    /// The day of the week, monday..sunday.
    pub weekday: Option<Node<Weekday>>,
    /// The week of the month, 1..4 or -1 for the last (monthly and quarterly meetings).
    pub week: Option<Node<Week>>,
    /// The time of day, 24-hour HH:MM, such as "16:00".
    pub time: Option<Node<Time>>,
    /// The IANA time zone of `time`, such as Europe/Berlin (default: UTC).
    pub timezone: Option<Node<String>>,
    /// The meeting's length in minutes, 15..480 (default 60).
    pub duration: Option<Node<Minutes>>,
    /// The first meeting, YYYY-MM-DD; anchors biweekly and quarterly meetings.
    pub start: Option<Node<Day>>,
    /// Where the call takes place: an http(s) URL.
    pub url: Option<Node<String>>,
    /// Keys this version of cop does not know, with their positions.
    #[schemars(skip)]
    pub unknown: Vec<Node<String>>,
}

/// One community of practice: `communities/<id>/community.yaml` (schema version 1).
#[derive(Debug, Clone, PartialEq, Eq, Default, JsonSchema)]
#[schemars(deny_unknown_fields, title = "community.yaml")]
pub struct Community {
    /// The community's subject, as the handbook shows it (required).
    pub subject: Option<Node<String>>,
    /// active (the default), proposed (a suggested community) or archived.
    pub status: Option<Node<Status>>,
    /// One line on what the community is about.
    pub description: Option<Node<String>>,
    /// Handles of the people who assemble the group, run the meeting and keep the project.
    #[schemars(with = "Option<Handles>")]
    pub facilitators: Option<Node<List>>,
    /// Handles of the subject matter experts; facilitators are listed here too.
    #[schemars(with = "Option<Handles>")]
    pub members: Option<Node<List>>,
    /// Handles of team members who contribute back.
    #[schemars(with = "Option<Handles>")]
    pub contributors: Option<Node<List>>,
    /// Handles of former members and facilitators.
    #[schemars(with = "Option<Handles>")]
    pub alumni: Option<Node<List>>,
    /// The chat channel, starting with the registry's prefix (default `#cp_`).
    pub channel: Option<Node<String>>,
    /// The community's regular call.
    pub meeting: Option<Node<Meeting>>,
    /// URL of the community's project: an http(s) URL.
    pub project: Option<Node<String>>,
    /// Free-form topics.
    pub topics: Option<Node<List>>,
    /// One-off activities (milestones, workshops, ...), newest last.
    pub events: Option<Node<Vec<Node<Event>>>>,
    /// Rules this community is exempt from, each with its reason.
    pub waivers: Option<Node<Vec<Node<Waiver>>>>,
    /// Keys this version of cop does not know, with their positions.
    #[schemars(skip)]
    pub unknown: Vec<Node<String>>,
}

pub const COMMUNITY_KEYS: &[&str] = &[
    "subject",
    "status",
    "description",
    "facilitators",
    "members",
    "contributors",
    "alumni",
    "channel",
    "meeting",
    "project",
    "topics",
    "events",
    "waivers",
];

pub const MEETING_KEYS: &[&str] = &[
    "cadence", "weekday", "week", "time", "timezone", "duration", "start", "url",
];

impl Community {
    pub fn status(&self) -> Status {
        self.status.as_ref().map(|s| s.value).unwrap_or_default()
    }

    pub fn subject(&self) -> Option<&str> {
        self.subject.as_ref().map(|s| s.value.as_str())
    }

    /// The items of a list field, empty when the field is absent.
    pub fn list(field: &Option<Node<List>>) -> &[Node<String>] {
        field.as_ref().map_or(&[], |l| l.value.as_slice())
    }

    pub fn facilitators(&self) -> &[Node<String>] {
        Self::list(&self.facilitators)
    }

    pub fn members(&self) -> &[Node<String>] {
        Self::list(&self.members)
    }

    pub fn contributors(&self) -> &[Node<String>] {
        Self::list(&self.contributors)
    }

    pub fn alumni(&self) -> &[Node<String>] {
        Self::list(&self.alumni)
    }

    pub fn cadence(&self) -> Option<&Node<Cadence>> {
        self.meeting.as_ref()?.value.cadence.as_ref()
    }

    /// The entries of `events:`, empty when absent.
    pub fn events(&self) -> &[Node<Event>] {
        self.events.as_ref().map_or(&[], |e| e.value.as_slice())
    }

    /// The entries of `waivers:`, empty when absent.
    pub fn waivers(&self) -> &[Node<Waiver>] {
        self.waivers.as_ref().map_or(&[], |w| w.value.as_slice())
    }
}

/// Reads the next value of `map` into `slot`, keeping the key's position.
fn fill<'de, A, T>(map: &mut A, slot: &mut Option<Node<T>>, key: Pos) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    // `key:` with no value (null) reads as an absent key, as a person writing it means.
    let spanned: Spanned<Option<T>> = map.next_value()?;
    let Spanned {
        value,
        referenced,
        defined,
    } = spanned;
    *slot = value.map(|value| Node::from_spanned(key, Spanned::new(value, referenced, defined)));
    Ok(())
}

fn unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    unknown: &mut Vec<Node<String>>,
    key: Spanned<String>,
) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>()?;
    let pos = Pos::of(&key);
    unknown.push(Node {
        value: key.value,
        key: pos,
        at: pos,
    });
    Ok(())
}

impl<'de> Deserialize<'de> for Community {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CommunityVisitor;

        impl<'de> Visitor<'de> for CommunityVisitor {
            type Value = Community;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of community fields (subject, members, ...)")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Community, A::Error> {
                let mut c = Community::default();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let at = Pos::of(&key);
                    match key.value.as_str() {
                        "subject" => fill(&mut map, &mut c.subject, at)?,
                        "status" => fill(&mut map, &mut c.status, at)?,
                        "description" => fill(&mut map, &mut c.description, at)?,
                        "facilitators" => fill(&mut map, &mut c.facilitators, at)?,
                        "members" => fill(&mut map, &mut c.members, at)?,
                        "contributors" => fill(&mut map, &mut c.contributors, at)?,
                        "alumni" => fill(&mut map, &mut c.alumni, at)?,
                        "channel" => fill(&mut map, &mut c.channel, at)?,
                        "meeting" => fill(&mut map, &mut c.meeting, at)?,
                        "project" => fill(&mut map, &mut c.project, at)?,
                        "topics" => fill(&mut map, &mut c.topics, at)?,
                        "events" => fill(&mut map, &mut c.events, at)?,
                        "waivers" => fill(&mut map, &mut c.waivers, at)?,
                        _ => unknown(&mut map, &mut c.unknown, key)?,
                    }
                }
                Ok(c)
            }
        }

        deserializer.deserialize_map(CommunityVisitor)
    }
}

impl<'de> Deserialize<'de> for Meeting {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MeetingVisitor;

        impl<'de> Visitor<'de> for MeetingVisitor {
            type Value = Meeting;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of meeting fields (cadence, weekday, ...)")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Meeting, A::Error> {
                let mut m = Meeting::default();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    let at = Pos::of(&key);
                    match key.value.as_str() {
                        "cadence" => fill(&mut map, &mut m.cadence, at)?,
                        "weekday" => fill(&mut map, &mut m.weekday, at)?,
                        "week" => fill(&mut map, &mut m.week, at)?,
                        "time" => fill(&mut map, &mut m.time, at)?,
                        "timezone" => fill(&mut map, &mut m.timezone, at)?,
                        "duration" => fill(&mut map, &mut m.duration, at)?,
                        "start" => fill(&mut map, &mut m.start, at)?,
                        "url" => fill(&mut map, &mut m.url, at)?,
                        _ => unknown(&mut map, &mut m.unknown, key)?,
                    }
                }
                Ok(m)
            }
        }

        deserializer.deserialize_map(MeetingVisitor)
    }
}

/// Who a community's people are, compared as handles are (case-insensitively), each once.
impl Community {
    /// The distinct members, first spelling of each in file order: what `min-members`
    /// counts and the handbook's "members" means.
    pub fn distinct_members(&self) -> Vec<&Node<String>> {
        distinct(self.members().iter())
    }

    /// Facilitators first, then the other members, each once in file order: the people who
    /// carry the community (the `active` table's Members cell, `overcommitted`'s count).
    pub fn core_team(&self) -> Vec<&Node<String>> {
        distinct(self.facilitators().iter().chain(self.members()))
    }
}

fn distinct<'a>(handles: impl Iterator<Item = &'a Node<String>>) -> Vec<&'a Node<String>> {
    let mut seen = std::collections::HashSet::new();
    handles
        .filter(|h| seen.insert(crate::text::handle_key(&h.value)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_exact() {
        assert_eq!(
            Day::parse("2026-01-13").map(|d| d.to_string()).as_deref(),
            Some("2026-01-13")
        );
        assert_eq!(Day::parse("2026-02-30"), None);
        assert_eq!(Day::parse("2026-1-13"), None);
        assert_eq!(Day::parse("+026-01-13"), None);
    }

    #[test]
    fn hh_mm() {
        assert!(is_hh_mm("16:00"));
        assert!(is_hh_mm("00:59"));
        assert!(!is_hh_mm("24:00"));
        assert!(!is_hh_mm("12:60"));
        assert!(!is_hh_mm("1:00"));
        assert!(!is_hh_mm("ab:cd"));
    }
}
