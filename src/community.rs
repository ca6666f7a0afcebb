//! The model of one `community.yaml` (schema version 1): its fields, declared once with
//! [`fields!`](crate::read::fields) (the struct, its keys, its reader and, through schemars, its
//! schema), and the value types with the checks that reading them applies.
//!
//! Every key keeps its own position: a finding about `members` points at the `members` key
//! even when the list starts on the next line.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use crate::finding::RuleId;
use crate::named::named;
use crate::read::{Cx, Read, fields, read_by_name, read_int};
pub use crate::scalar::Text;
pub use crate::span::{Node, Pos};
use crate::suggest::nearest;
use crate::tree::{Value, Yaml};

/// A list of handles or topics, each item with its position.
pub type List = Box<[Node<Text>]>;

named! {
    /// `status:` of a community.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
    pub enum Status {
        #[default]
        Active = "active",
        Proposed = "proposed",
        Archived = "archived",
    }
}

named! {
    /// How often a community meets, from most to least often.
    #[derive(
        Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
    )]
    pub enum Cadence {
        Weekly = "weekly",
        Biweekly = "biweekly",
        Monthly = "monthly",
        Quarterly = "quarterly",
    }
}

named! {
    /// The day of the week the community meets.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
    pub enum Weekday {
        Monday = "monday",
        Tuesday = "tuesday",
        Wednesday = "wednesday",
        Thursday = "thursday",
        Friday = "friday",
        Saturday = "saturday",
        Sunday = "sunday",
    }
}

read_by_name!(Status, Cadence, Weekday, EventKind);

/// `meeting.week`: 1..4, or -1 for the last week of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Week(pub i8);

impl Read for Week {
    fn read(node: Yaml, _key: Pos, cx: &mut Cx) -> Option<Self> {
        const EXPECTED: &str = "1, 2, 3, 4 or -1 (the last)";
        match read_int(&node, EXPECTED, cx)? {
            n @ (1..=4 | -1) => Some(Week(n as i8)),
            _ => {
                cx.wrong(&node, EXPECTED, None);
                None
            }
        }
    }
}

/// The schema says what `Week::read` accepts.
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
pub struct Time(pub Text);

impl Read for Time {
    fn read(node: Yaml, _key: Pos, cx: &mut Cx) -> Option<Self> {
        const EXPECTED: &str = "24-hour HH:MM in quotes, such as \"16:00\"";
        match node.value {
            Value::Str(text) if is_hh_mm(&text) => Some(Time(text)),
            _ => {
                cx.wrong(&node, EXPECTED, None);
                None
            }
        }
    }
}

/// The pattern of [`is_hh_mm`], for the schema.
pub const TIME_PATTERN: &str = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

/// The schema says what `Time::read` accepts.
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

impl Read for Day {
    fn read(node: Yaml, _key: Pos, cx: &mut Cx) -> Option<Self> {
        let day = match &node.value {
            Value::Str(text) => Day::parse(text),
            _ => None,
        };
        if day.is_none() {
            cx.wrong(&node, "a date as YYYY-MM-DD, such as 2026-01-13", None);
        }
        day
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

impl Read for Minutes {
    fn read(node: Yaml, _key: Pos, cx: &mut Cx) -> Option<Self> {
        const EXPECTED: &str = "a number of minutes from 15 to 480";
        match u16::try_from(read_int(&node, EXPECTED, cx)?) {
            Ok(m) if (Minutes::MIN..=Minutes::MAX).contains(&m) => Some(Minutes(m)),
            _ => {
                cx.wrong(&node, EXPECTED, None);
                None
            }
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

named! {
    /// What kind of one-off activity an event is.
    #[derive(
        Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Deserialize, Serialize,
        JsonSchema,
    )]
    pub enum EventKind {
        Milestone = "milestone",
        Workshop = "workshop",
        Recognition = "recognition",
        RoundTable = "round-table",
        OfficeHours = "office-hours",
        #[default]
        Other = "other",
    }
}

fields! {
    /// One entry of `events:`: a one-off activity (a milestone, a workshop, ...).
    #[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
    #[schemars(deny_unknown_fields)]
    pub struct Event ("a mapping of event keys (date, title, kind, url)") {
        /// The day of the event, YYYY-MM-DD (required).
        pub date: Node<Day>,
        /// What the event is (required).
        pub title: Node<Text>,
        /// milestone, workshop, recognition, round-table, office-hours or other (the default).
        pub kind: Option<Node<EventKind>>,
        /// A page about the event or its recording: an http(s) URL.
        pub url: Option<Node<Text>>,
    }
}

impl Event {
    pub fn kind(&self) -> EventKind {
        self.kind.as_ref().map(|k| k.value).unwrap_or_default()
    }
}

fields! {
    /// One entry of `waivers:`: a rule this community is exempt from, why, and until when.
    #[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
    #[schemars(deny_unknown_fields)]
    pub struct Waiver ("a mapping of waiver keys (rule, reason, until)") {
        /// The rule id waived, such as min-members (required).
        #[schemars(with = "WaivableRule")]
        pub rule: Node<Text> => waivable,
        /// Why the exception holds (required).
        #[schemars(with = "Reason")]
        pub reason: Node<Text> => nonblank,
        /// The last day the waiver holds, YYYY-MM-DD; without it the waiver holds until removed.
        pub until: Option<Node<Day>>,
    }
}

/// The schema of a waiver's `rule` (never a value): the ids `waivable` accepts.
pub struct WaivableRule;

impl JsonSchema for WaivableRule {
    fn schema_name() -> Cow<'static, str> {
        "WaivableRule".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let ids: Vec<&str> = RuleId::ALL
            .into_iter()
            .filter(|r| r.waivable())
            .map(RuleId::as_str)
            .collect();
        json_schema!({
            "description": "The id of a rule about the community (not one about the files).",
            "type": "string",
            "enum": ids,
        })
    }
}

/// The schema of a waiver's `reason` (never a value): text that `nonblank` accepts.
pub struct Reason;

impl JsonSchema for Reason {
    fn schema_name() -> Cow<'static, str> {
        "Reason".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Why the exception holds: not empty.",
            "type": "string",
            "pattern": "\\S",
        })
    }
}

/// A waiver names a rule about the community (SPEC §1).
fn waivable(rule: &Node<Text>, cx: &mut Cx) -> bool {
    let id = rule.value.as_str();
    match RuleId::parse(id) {
        None => {
            let help = match nearest(id, RuleId::ALL.map(RuleId::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "`cop check --help` lists the rule ids".into(),
            };
            let message = |path: &str| format!("{path} names no rule: `{id}`");
            cx.bad_value(rule.at(), message, "unknown rule id", Some(help));
            false
        }
        Some(rule_id) if !rule_id.waivable() => {
            let message = |_: &str| {
                format!("`{id}` cannot be waived: it is about the files, not the community")
            };
            let help = "fix the file instead; waivers are for rules about a community";
            cx.bad_value(rule.at(), message, "cannot be waived", Some(help.into()));
            false
        }
        Some(_) => true,
    }
}

/// A waiver says why it holds.
fn nonblank(reason: &Node<Text>, cx: &mut Cx) -> bool {
    if !reason.value.trim().is_empty() {
        return true;
    }
    let help = "say why the exception holds, so that reviewers can judge it";
    cx.bad_value(
        reason.at(),
        |path| format!("{path} is empty"),
        "no reason given",
        Some(help.into()),
    );
    false
}

fn is_hh_mm(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit)
        && (b[0] - b'0') * 10 + (b[1] - b'0') < 24
        && b[3] < b'6'
}

fields! {
    /// The community's regular call (`meeting:`).
    #[derive(Debug, Clone, PartialEq, Eq, Default, JsonSchema)]
    #[schemars(deny_unknown_fields)]
    pub struct Meeting ("a mapping of meeting keys (cadence, weekday, week, time, ...)") {
        /// How often the community meets: weekly, biweekly, monthly or quarterly.
        pub cadence: Option<Node<Cadence>>,
        /// The day of the week, monday..sunday.
        pub weekday: Option<Node<Weekday>>,
        /// The week of the month, 1..4 or -1 for the last (monthly and quarterly meetings).
        pub week: Option<Node<Week>>,
        /// The time of day, 24-hour HH:MM, such as "16:00".
        pub time: Option<Node<Time>>,
        /// The IANA time zone of `time`, such as Europe/Berlin (default: UTC).
        pub timezone: Option<Node<Text>>,
        /// The meeting's length in minutes, 15..480 (default 60).
        pub duration: Option<Node<Minutes>>,
        /// The first meeting, YYYY-MM-DD; anchors biweekly and quarterly meetings.
        pub start: Option<Node<Day>>,
        /// Where the call takes place: an http(s) URL.
        pub url: Option<Node<Text>>,
    }
}

fields! {
    /// One community of practice: `communities/<id>/community.yaml` (schema version 1).
    #[derive(Debug, Clone, PartialEq, Eq, Default, JsonSchema)]
    #[schemars(deny_unknown_fields, title = "community.yaml")]
    pub struct Community ("a mapping of community keys (subject, members, ...)") {
        /// The community's subject, as the handbook shows it (required).
        pub subject: Option<Node<Text>>,
        /// active (the default), proposed (a suggested community) or archived.
        pub status: Option<Node<Status>>,
        /// One line on what the community is about.
        pub description: Option<Node<Text>>,
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
        pub channel: Option<Node<Text>>,
        /// The community's regular call.
        pub meeting: Option<Node<Meeting>>,
        /// URL of the community's project: an http(s) URL.
        pub project: Option<Node<Text>>,
        /// Free-form topics.
        pub topics: Option<Node<List>>,
        /// One-off activities (milestones, workshops, ...), newest last.
        pub events: Option<Node<Box<[Node<Event>]>>>,
        /// Rules this community is exempt from, each with its reason.
        pub waivers: Option<Node<Box<[Node<Waiver>]>>>,
    }
}

/// The keys of a community file (kept for callers that list them).
pub const COMMUNITY_KEYS: &[&str] = Community::KEYS;

/// The keys of `meeting:`.
pub const MEETING_KEYS: &[&str] = Meeting::KEYS;

impl Community {
    pub fn status(&self) -> Status {
        self.status.as_ref().map(|s| s.value).unwrap_or_default()
    }

    pub fn subject(&self) -> Option<&str> {
        self.subject.as_ref().map(|s| s.value.as_str())
    }

    /// The items of a list field (handles, topics, events, waivers), empty when the field is
    /// absent.
    pub fn list<T>(field: &Option<Node<Box<[Node<T>]>>>) -> &[Node<T>] {
        field.as_ref().map_or(&[], |l| &l.value)
    }

    pub fn facilitators(&self) -> &[Node<Text>] {
        Self::list(&self.facilitators)
    }

    pub fn members(&self) -> &[Node<Text>] {
        Self::list(&self.members)
    }

    pub fn contributors(&self) -> &[Node<Text>] {
        Self::list(&self.contributors)
    }

    pub fn alumni(&self) -> &[Node<Text>] {
        Self::list(&self.alumni)
    }

    pub fn cadence(&self) -> Option<&Node<Cadence>> {
        self.meeting.as_ref()?.value.cadence.as_ref()
    }

    /// The entries of `events:`, empty when absent.
    pub fn events(&self) -> &[Node<Event>] {
        Self::list(&self.events)
    }

    /// The entries of `waivers:`, empty when absent.
    pub fn waivers(&self) -> &[Node<Waiver>] {
        Self::list(&self.waivers)
    }
}

/// Who a community's people are, compared as handles are (case-insensitively), each once.
impl Community {
    /// The distinct members, first spelling of each in file order: what `min-members`
    /// counts and the handbook's "members" means.
    pub fn distinct_members(&self) -> Vec<&Node<Text>> {
        distinct(self.members().iter())
    }

    /// Facilitators first, then the other members, each once in file order: the people who
    /// carry the community (the `active` table's Members cell, `overcommitted`'s count).
    pub fn core_team(&self) -> Vec<&Node<Text>> {
        distinct(self.facilitators().iter().chain(self.members()))
    }
}

fn distinct<'a>(handles: impl Iterator<Item = &'a Node<Text>>) -> Vec<&'a Node<Text>> {
    let handles: Vec<&Node<Text>> = handles.collect();
    let mut out: Vec<&Node<Text>> = Vec::with_capacity(handles.len());
    // A community's few handles are compared with each other; a list as long as a file can
    // hold is hashed instead.
    if handles.len() <= 32 {
        for h in handles {
            if !out
                .iter()
                .any(|o| crate::text::same_handle(&o.value, &h.value))
            {
                out.push(h);
            }
        }
        return out;
    }
    let mut seen = std::collections::HashSet::new();
    out.extend(
        handles
            .into_iter()
            .filter(|h| seen.insert(crate::text::handle_key(&h.value))),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loaded_model_stays_as_small_as_measured() {
        // `cop check` holds one of each per community (docs/benchmarks.md): a field or a
        // position that grows them shows here first.
        use std::mem::size_of;
        assert_eq!(size_of::<Node<Text>>(), 32);
        assert_eq!(size_of::<Option<Node<Text>>>(), 32);
        assert_eq!(size_of::<Option<Node<Week>>>(), 16);
        assert_eq!(size_of::<Meeting>(), 176);
        assert_eq!(size_of::<Community>(), 496);
        assert_eq!(size_of::<crate::load::Entry>(), 136);
        assert_eq!(size_of::<crate::render::Output>(), 88);
    }

    #[test]
    fn distinct_keeps_the_first_spelling_of_each_handle_short_list_or_long() {
        let node = |h: String| Node::new(Text::from(h), Pos::START, Pos::START);
        for n in [5, 40] {
            let handles: Vec<Node<Text>> = (0..n)
                .flat_map(|i| [format!("@p{i}"), format!("@P{}", i / 2)])
                .map(node)
                .collect();
            let kept: Vec<&str> = distinct(handles.iter())
                .iter()
                .map(|h| h.value.as_str())
                .collect();
            let mut want: Vec<String> = Vec::new();
            for h in &handles {
                if !want
                    .iter()
                    .any(|w| w.to_lowercase() == h.value.to_lowercase())
                {
                    want.push(h.value.to_string());
                }
            }
            assert_eq!(kept, want, "{n}");
            assert_eq!(kept.len(), n);
        }
    }

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
    fn durations_are_read_within_their_bounds() {
        let read = |source: &str| {
            let tree = crate::yaml::parse_tree(source).unwrap();
            let mut cx = Cx::default();
            let minutes = Minutes::read(tree, Pos::START, &mut cx);
            (
                minutes.map(|m| m.0),
                cx.problems
                    .into_iter()
                    .map(|p| p.message)
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(read("15"), (Some(Minutes::MIN), vec![]));
        assert_eq!(read("480"), (Some(Minutes::MAX), vec![]));
        let expected = format!(
            "the file must be a number of minutes from {} to {}, not the number 481",
            Minutes::MIN,
            Minutes::MAX
        );
        assert_eq!(read("481"), (None, vec![expected]));
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
