//! Reading one active community against the seeds' two maturity models, as explainable data:
//! WAO's Step 1 checklist ("Gather"), the Cloud Foundation Maturity Model's Community Space
//! degree, cop's reading of WAO's stages, the risks, and the one next step. Every verdict
//! carries the evidence it rests on, in words a facilitator can check against the files.
//!
//! The next steps quote the seeds: WAO's "Steps to Success when building a Community of
//! Practice" and the CFMM's "Community Space" block.

use jiff::civil::Date;
use serde::Serialize;

use crate::community::{Cadence, Community, EventKind, Meeting};

/// What the assessment reads about one community.
#[derive(Debug, Clone)]
pub struct Facts<'a> {
    pub community: &'a Community,
    /// The text of its README.md, when it has one.
    pub readme: Option<&'a str>,
    pub today: Date,
    /// The window is the days after this one, up to `today`.
    pub window_start: Date,
    /// Distinct members now.
    pub members: usize,
    /// Distinct facilitators now, first spellings.
    pub facilitators: &'a [String],
    pub then: Then,
    /// The people who joined within the window; `None` without history.
    pub joined: Option<&'a [String]>,
    /// Whether the history could be read at all.
    pub history: bool,
    pub first_seen: Option<Date>,
    pub last_change: Option<Date>,
    pub absence_factor: Option<usize>,
    /// Its people who are in more active communities than the limit, with their counts.
    pub overcommitted: Vec<(String, usize)>,
    pub min_members: usize,
    pub max_communities_per_person: usize,
    pub stale_after_days: u32,
}

/// The membership at the window's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// No history to read (or a version that does not parse).
    Unknown,
    /// The community did not exist yet.
    NotYet,
    Count(usize),
}

impl Then {
    /// The count to grow from or shrink below: nothing before the community existed.
    fn baseline(self) -> Option<usize> {
        match self {
            Then::Unknown => None,
            Then::NotYet => Some(0),
            Then::Count(n) => Some(n),
        }
    }
}

/// One checked statement and why it holds or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub check: &'static str,
    pub holds: bool,
    pub because: String,
}

/// WAO's Gather checklist, item by item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Gather {
    #[serde(rename = "safe-space")]
    pub safe_space: bool,
    #[serde(rename = "who-for")]
    pub who_for: bool,
    pub onboarding: bool,
    pub invitations: bool,
    pub activities: bool,
    #[serde(rename = "working-openly")]
    pub working_openly: bool,
    #[serde(rename = "meet-regularly")]
    pub meet_regularly: bool,
    #[serde(rename = "new-connections")]
    pub new_connections: bool,
}

impl Gather {
    /// The items in the checklist's order, with their ids and WAO's words.
    pub fn items(&self) -> [(&'static str, &'static str, bool); 8] {
        [
            (
                "safe-space",
                "Members have a safe space to meet and communicate",
                self.safe_space,
            ),
            (
                "who-for",
                "There is an idea of who the community is for",
                self.who_for,
            ),
            (
                "onboarding",
                "Easy onboarding makes it simple to get started",
                self.onboarding,
            ),
            (
                "invitations",
                "There are regular invitations to participate in the community",
                self.invitations,
            ),
            (
                "activities",
                "Members can get involved in different activities within the community",
                self.activities,
            ),
            (
                "working-openly",
                "There are ways of working openly that allow new members to get involved / catch up",
                self.working_openly,
            ),
            (
                "meet-regularly",
                "Community members meet regularly using agreed channels and tools",
                self.meet_regularly,
            ),
            (
                "new-connections",
                "Members are connecting with people they haven't had the chance to before",
                self.new_connections,
            ),
        ]
    }

    pub fn all(&self) -> bool {
        self.items().iter().all(|(_, _, ok)| *ok)
    }
}

/// cop's reading of WAO's stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Ignition,
    Liftoff,
    Orbit,
    SpaceStation,
    Proposed,
    Archived,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Ignition,
        Stage::Liftoff,
        Stage::Orbit,
        Stage::SpaceStation,
        Stage::Proposed,
        Stage::Archived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Ignition => "ignition",
            Stage::Liftoff => "liftoff",
            Stage::Orbit => "orbit",
            Stage::SpaceStation => "space-station",
            Stage::Proposed => "proposed",
            Stage::Archived => "archived",
        }
    }

    /// WAO's name of the stage.
    pub fn title(self) -> &'static str {
        match self {
            Stage::Ignition => "Ignition",
            Stage::Liftoff => "Liftoff",
            Stage::Orbit => "Orbital flight",
            Stage::SpaceStation => "Space station",
            Stage::Proposed => "Proposed",
            Stage::Archived => "Archived",
        }
    }
}

/// A reason to worry about a community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Risk {
    SingleFacilitator,
    NoFacilitator,
    Stale,
    Shrinking,
    BelowMinMembers,
    OvercommittedMembers,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::SingleFacilitator => "single-facilitator",
            Risk::NoFacilitator => "no-facilitator",
            Risk::Stale => "stale",
            Risk::Shrinking => "shrinking",
            Risk::BelowMinMembers => "below-min-members",
            Risk::OvercommittedMembers => "overcommitted-members",
        }
    }
}

/// The evidence of every verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub gather: Vec<Verdict>,
    pub degree: Vec<Verdict>,
    pub stage: Vec<Verdict>,
    pub risks: Vec<Verdict>,
}

/// The assessment of one active community.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub gather: Gather,
    pub degree: u8,
    pub stage: Stage,
    pub risks: Vec<Risk>,
    pub next: String,
    pub evidence: Evidence,
}

/// The next step for each Gather item that fails, in WAO's words.
pub mod next {
    pub const SAFE_SPACE: &str = "Give members a safe space to meet and communicate: a dedicated chat room or forum, set as `channel` (WAO Gather: pinpoint your people; CFMM first degree)";
    pub const WHO_FOR: &str = "Give an idea of who the community is for: say it in `description` (WAO Gather: pinpoint your people)";
    pub const ONBOARDING: &str = "Make it simple to get started with easy onboarding: a \"How to join\" section in README.md (WAO Gather: pinpoint your people)";
    pub const INVITATIONS: &str = "Send regular invitations to participate in the community: meet at least monthly (WAO Gather: do something together)";
    pub const ACTIVITIES: &str = "Let members get involved in different activities within the community: hold an event besides the meeting, such as a workshop or office hours, and list it in `events` (WAO Gather: do something together)";
    pub const WORKING_OPENLY: &str = "Work openly, so that new members can get involved and catch up: link the community's project as `project` (WAO Gather: do something together)";
    pub const MEETING_URL: &str = "Meet regularly using agreed channels and tools: give the meeting its call's `url` (WAO Gather: get people talking)";
    pub const NEW_CONNECTIONS: &str = "Connect members with people they haven't had the chance to meet before: invite someone new to join (WAO Gather: get people talking)";
    pub const FIRST_DEGREE: &str =
        "Create a dedicated chat room or forum for the community (CFMM first degree)";
    pub const SECOND_DEGREE: &str =
        "Hold a monthly round table or office hours with a fixed slot (CFMM second degree)";
    pub const THIRD_DEGREE: &str = "Hold a special community event that highlights successes and milestones, runs a workshop, or honours members, and list it in `events` (CFMM third degree)";
    pub const SHARE_THE_LOAD: &str = "Share the load, so that the community does not rest on one person: a second facilitator, or more people committing its changes (WAO: Orbital flight)";
    pub const SUSTAIN: &str = "Sustain it: it takes as much energy to sustain and develop communities as it does to initiate them (WAO: Space station)";
}

/// Whether the meeting has a fixed slot: a weekday and a time, and for monthly and quarterly
/// meetings also the week of the month (what `cop calendar` needs to place it).
pub fn fixed_slot(meeting: &Meeting) -> bool {
    let monthly = matches!(
        meeting.cadence.as_ref().map(|c| c.value),
        Some(Cadence::Monthly | Cadence::Quarterly)
    );
    meeting.cadence.is_some()
        && meeting.weekday.is_some()
        && meeting.time.is_some()
        && (!monthly || meeting.week.is_some())
}

/// Whether the README has a heading about joining ("join", "onboarding", "getting started").
pub fn onboarding_heading(readme: &str) -> Option<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut heading: Option<String> = None;
    for event in Parser::new(readme) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    let lower = h.to_lowercase();
                    if ["join", "onboarding", "getting started"]
                        .iter()
                        .any(|w| lower.contains(w))
                    {
                        return Some(h.trim().to_string());
                    }
                }
            }
            _ => {}
        }
    }
    None
}

fn text(field: &Option<crate::community::Node<crate::scalar::Text>>) -> Option<&str> {
    field
        .as_ref()
        .map(|n| n.value.trim())
        .filter(|v| !v.is_empty())
}

/// Whether `day` lies within the window.
fn in_window(facts: &Facts, day: Date) -> bool {
    facts.window_start < day && day <= facts.today
}

fn window_words(facts: &Facts) -> String {
    format!(
        "in the {} days to {}",
        days_between(facts.window_start, facts.today),
        facts.today
    )
}

/// Whole days from `earlier` to `later`.
pub fn days_between(earlier: Date, later: Date) -> i64 {
    later.duration_since(earlier).as_secs() / 86_400
}

/// Assesses an active community.
pub fn assess(facts: &Facts) -> Assessment {
    let c = facts.community;
    let meeting = c.meeting.as_ref().map(|m| &m.value);
    let cadence = c.cadence().map(|n| n.value);
    let slot = meeting.is_some_and(fixed_slot);
    let at_least_monthly = cadence.is_some_and(|k| k <= Cadence::Monthly);
    let channel = text(&c.channel);
    let events: Vec<_> = c
        .events()
        .iter()
        .map(|e| &e.value)
        .filter(|e| in_window(facts, e.date.value.0))
        .collect();
    let mut kinds: Vec<EventKind> = events.iter().map(|e| e.kind()).collect();
    kinds.sort();
    kinds.dedup();

    // Gather.
    let mut gather_v = Vec::new();
    let verdict = |list: &mut Vec<Verdict>, check, holds, because: String| {
        list.push(Verdict {
            check,
            holds,
            because,
        });
        holds
    };
    let safe_space = verdict(
        &mut gather_v,
        "safe-space",
        channel.is_some(),
        match channel {
            Some(ch) => format!("chat channel {ch}"),
            None => "no `channel`".into(),
        },
    );
    let who_for = verdict(
        &mut gather_v,
        "who-for",
        text(&c.description).is_some(),
        match text(&c.description) {
            Some(_) => "a `description` says who it is for".into(),
            None => "no `description`".into(),
        },
    );
    let heading = facts.readme.and_then(onboarding_heading);
    let onboarding = verdict(
        &mut gather_v,
        "onboarding",
        heading.is_some(),
        match (&heading, facts.readme) {
            (Some(h), _) => format!("README.md has the heading \"{h}\""),
            (None, Some(_)) => {
                "README.md has no heading with \"join\", \"onboarding\" or \"getting started\""
                    .into()
            }
            (None, None) => "no README.md".into(),
        },
    );
    let invitations = verdict(
        &mut gather_v,
        "invitations",
        at_least_monthly,
        match cadence {
            Some(k) if at_least_monthly => format!("meets {k}"),
            Some(k) => format!("meets {k}, less often than monthly"),
            None => "no meeting cadence".into(),
        },
    );
    let activities_ok = (cadence.is_some() && !events.is_empty()) || kinds.len() >= 2;
    let activities = verdict(
        &mut gather_v,
        "activities",
        activities_ok,
        match (cadence.is_some(), events.len()) {
            (_, 0) => format!("no event {}", window_words(facts)),
            (true, n) => format!(
                "a meeting and {} {}",
                crate::text::count(n, "event"),
                window_words(facts)
            ),
            (false, _) => format!(
                "no meeting; events of {} {}",
                crate::text::count(kinds.len(), "kind"),
                window_words(facts)
            ),
        },
    );
    let project = text(&c.project);
    let working_openly = verdict(
        &mut gather_v,
        "working-openly",
        project.is_some(),
        match project {
            Some(p) => format!("project {p}"),
            None => "no `project`".into(),
        },
    );
    let meeting_url = meeting.and_then(|m| text(&m.url));
    let meet_regularly = verdict(
        &mut gather_v,
        "meet-regularly",
        slot && meeting_url.is_some(),
        match (slot, meeting_url) {
            (true, Some(url)) => format!("a fixed slot and the call {url}"),
            (true, None) => "a fixed slot, but no meeting `url`".into(),
            (false, _) => "no fixed slot (weekday, time, and week for monthly or quarterly)".into(),
        },
    );
    let new_connections = verdict(
        &mut gather_v,
        "new-connections",
        facts.joined.is_some_and(|j| !j.is_empty()),
        match facts.joined {
            Some([]) => format!("nobody joined {}", window_words(facts)),
            Some(joined) => format!("{} joined {}", handles(joined), window_words(facts)),
            None => "no git history to tell who joined".into(),
        },
    );
    let gather = Gather {
        safe_space,
        who_for,
        onboarding,
        invitations,
        activities,
        working_openly,
        meet_regularly,
        new_connections,
    };

    // Degree.
    let mut degree_v = Vec::new();
    let first = verdict(
        &mut degree_v,
        "first-degree",
        channel.is_some(),
        match channel {
            Some(ch) => format!("a dedicated chat room: {ch}"),
            None => "no dedicated chat room (`channel`)".into(),
        },
    );
    let second = verdict(
        &mut degree_v,
        "second-degree",
        first && at_least_monthly && slot,
        if !first {
            "rests on the first degree".into()
        } else if at_least_monthly && slot {
            format!(
                "a {} meeting with a fixed slot",
                cadence.map_or("", Cadence::as_str)
            )
        } else if !at_least_monthly {
            "no meeting at least monthly".into()
        } else {
            "the meeting has no fixed slot".into()
        },
    );
    let special: Vec<_> = events
        .iter()
        .filter(|e| {
            matches!(
                e.kind(),
                EventKind::Milestone | EventKind::Workshop | EventKind::Recognition
            )
        })
        .collect();
    let third = verdict(
        &mut degree_v,
        "third-degree",
        second && !special.is_empty(),
        if !second {
            "rests on the second degree".into()
        } else if let Some(event) = special.last() {
            format!(
                "{} \"{}\" on {}",
                event.kind(),
                event.title.value.trim(),
                event.date.value
            )
        } else {
            format!(
                "no milestone, workshop or recognition event {}",
                window_words(facts)
            )
        },
    );
    let degree = [first, second, third].iter().take_while(|d| **d).count() as u8;

    // Risks.
    let mut risks_v = Vec::new();
    let fac = facts.facilitators;
    verdict(
        &mut risks_v,
        "single-facilitator",
        fac.len() == 1,
        match fac.len() {
            0 => "no facilitator".into(),
            1 => format!("1 facilitator: {}", fac[0]),
            n => format!("{n} facilitators: {}", fac.join(", ")),
        },
    );
    verdict(
        &mut risks_v,
        "no-facilitator",
        fac.is_empty(),
        crate::text::count(fac.len(), "facilitator"),
    );
    let age = facts.last_change.map(|d| days_between(d, facts.today));
    let stale = age.is_some_and(|a| a > i64::from(facts.stale_after_days));
    verdict(
        &mut risks_v,
        "stale",
        stale,
        match (facts.last_change, age) {
            (Some(d), Some(a)) => format!(
                "last change on {d}, {} before {}; at most {} are expected",
                crate::text::count(a.max(0) as usize, "day"),
                facts.today,
                facts.stale_after_days
            ),
            _ if facts.history => "no committed change to date it".into(),
            _ => "no git history to date it".into(),
        },
    );
    let baseline = facts.then.baseline();
    let shrinking = facts.then.baseline().is_some_and(|b| facts.members < b);
    verdict(
        &mut risks_v,
        "shrinking",
        shrinking,
        match facts.then {
            Then::Count(n) => format!(
                "{} now, {n} on {}",
                crate::text::count(facts.members, "member"),
                facts.window_start
            ),
            Then::NotYet => format!("did not exist on {}", facts.window_start),
            Then::Unknown => "no git history to compare with".into(),
        },
    );
    verdict(
        &mut risks_v,
        "below-min-members",
        facts.members < facts.min_members,
        format!(
            "{}; at least {} are required",
            crate::text::count(facts.members, "member"),
            facts.min_members
        ),
    );
    verdict(
        &mut risks_v,
        "overcommitted-members",
        !facts.overcommitted.is_empty(),
        if facts.overcommitted.is_empty() {
            format!(
                "nobody is in more than {} active communities",
                facts.max_communities_per_person
            )
        } else {
            facts
                .overcommitted
                .iter()
                .map(|(h, n)| format!("{h} is in {n} active communities"))
                .collect::<Vec<_>>()
                .join(", ")
                + &format!(" (at most {})", facts.max_communities_per_person)
        },
    );
    let all_risks = [
        Risk::SingleFacilitator,
        Risk::NoFacilitator,
        Risk::Stale,
        Risk::Shrinking,
        Risk::BelowMinMembers,
        Risk::OvercommittedMembers,
    ];
    let risks: Vec<Risk> = all_risks
        .iter()
        .zip(&risks_v)
        .filter(|(_, v)| v.holds)
        .map(|(r, _)| *r)
        .collect();

    // Stage.
    let mut stage_v = Vec::new();
    let lifted = verdict(
        &mut stage_v,
        "gather",
        gather.all(),
        if gather.all() {
            "every Gather item holds".into()
        } else {
            let failing: Vec<&str> = gather
                .items()
                .iter()
                .filter(|(_, _, ok)| !ok)
                .map(|(id, _, _)| *id)
                .collect();
            format!("Gather items to do: {}", failing.join(", "))
        },
    );
    let year_ago = facts
        .first_seen
        .is_some_and(|d| days_between(d, facts.today) >= 365);
    let aged = verdict(
        &mut stage_v,
        "a-year-old",
        year_ago,
        match facts.first_seen {
            Some(d) => format!(
                "first seen on {d}, {} before {}",
                crate::text::count(days_between(d, facts.today).max(0) as usize, "day"),
                facts.today
            ),
            None if facts.history => "no commit added it on HEAD's first-parent chain".into(),
            None => "no git history to tell when it started".into(),
        },
    );
    let alive = verdict(
        &mut stage_v,
        "not-stale",
        facts.last_change.is_some() && !stale,
        match (facts.last_change, age) {
            (Some(d), Some(a)) => format!("last change on {d}, {a} days before {}", facts.today),
            _ => "no date of its last change".into(),
        },
    );
    let absence = facts.absence_factor.unwrap_or(0);
    let shared = verdict(
        &mut stage_v,
        "shared-load",
        absence >= 2 || fac.len() >= 2,
        format!(
            "absence factor {}, {}",
            facts
                .absence_factor
                .map_or_else(|| "unknown".to_string(), |a| a.to_string()),
            crate::text::count(fac.len(), "facilitator")
        ),
    );
    let degree_three = verdict(
        &mut stage_v,
        "third-degree",
        degree == 3,
        format!("CFMM degree {degree}"),
    );
    let growing = verdict(
        &mut stage_v,
        "growing",
        baseline.is_some_and(|b| facts.members > b),
        match facts.then {
            Then::Count(n) => format!(
                "{} now, {n} on {}",
                crate::text::count(facts.members, "member"),
                facts.window_start
            ),
            Then::NotYet => format!(
                "{} now; it did not exist on {}",
                crate::text::count(facts.members, "member"),
                facts.window_start
            ),
            Then::Unknown => "no git history to compare with".into(),
        },
    );
    let orbit = lifted && aged && alive && shared;
    let stage = if !lifted {
        Stage::Ignition
    } else if !orbit {
        Stage::Liftoff
    } else if degree_three && growing {
        Stage::SpaceStation
    } else {
        Stage::Orbit
    };

    // The one next step: the first Gather item that fails, else the next degree, else the
    // next stage.
    let next = if !gather.safe_space {
        next::SAFE_SPACE.to_string()
    } else if !gather.who_for {
        next::WHO_FOR.to_string()
    } else if !gather.onboarding {
        next::ONBOARDING.to_string()
    } else if !gather.invitations {
        next::INVITATIONS.to_string()
    } else if !gather.activities {
        next::ACTIVITIES.to_string()
    } else if !gather.working_openly {
        next::WORKING_OPENLY.to_string()
    } else if !gather.meet_regularly {
        if slot {
            next::MEETING_URL.to_string()
        } else {
            next::SECOND_DEGREE.to_string()
        }
    } else if !gather.new_connections {
        next::NEW_CONNECTIONS.to_string()
    } else if degree < 1 {
        next::FIRST_DEGREE.to_string()
    } else if degree < 2 {
        next::SECOND_DEGREE.to_string()
    } else if degree < 3 {
        next::THIRD_DEGREE.to_string()
    } else if !aged {
        match facts.first_seen {
            Some(d) => format!(
                "Reach escape velocity: keep the energy up until the community has run for a year (first seen on {d}) (WAO: Orbital flight)"
            ),
            None => "Reach escape velocity: keep the energy up until the community has run for a year, with its history in git (WAO: Orbital flight)".to_string(),
        }
    } else if !alive {
        format!(
            "Show the community is alive: commit a change to its members, meeting or events; at most {} days should pass without one (WAO: Orbital flight)",
            facts.stale_after_days
        )
    } else if !shared {
        next::SHARE_THE_LOAD.to_string()
    } else if !growing {
        format!(
            "Grow: invite new members; it has {}, no more than on {} (WAO: Space station)",
            crate::text::count(facts.members, "member"),
            facts.window_start
        )
    } else {
        next::SUSTAIN.to_string()
    };

    Assessment {
        gather,
        degree,
        stage,
        risks,
        next,
        evidence: Evidence {
            gather: gather_v,
            degree: degree_v,
            stage: stage_v,
            risks: risks_v,
        },
    }
}

/// `@a, @b and @c`.
fn handles(list: &[String]) -> String {
    match list {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r##"subject: X
description: "For people who run X."
facilitators: ["@ann", "@bob"]
members: ["@ann", "@bob", "@cy", "@dee"]
channel: "#cp_x"
meeting:
  cadence: monthly
  weekday: tuesday
  week: 2
  time: "16:00"
  url: https://meet.example/x
project: https://git.example/x
events:
  - date: 2026-03-01
    title: "One year of X"
    kind: milestone
"##;

    const README: &str = "# X\n\n## How to join\n\nCome along.\n";

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn community(yaml: &str) -> Community {
        crate::load::parse_community(yaml).unwrap_or_else(|findings| panic!("{findings:?}"))
    }

    /// A community at the top of every model: space station.
    fn facts<'a>(c: &'a Community, facilitators: &'a [String], joined: &'a [String]) -> Facts<'a> {
        Facts {
            community: c,
            readme: Some(README),
            today: day("2026-06-01"),
            window_start: day("2025-06-01"),
            members: 4,
            facilitators,
            then: Then::Count(3),
            joined: Some(joined),
            history: true,
            first_seen: Some(day("2025-01-01")),
            last_change: Some(day("2026-05-20")),
            absence_factor: Some(2),
            overcommitted: Vec::new(),
            min_members: 3,
            max_communities_per_person: 4,
            stale_after_days: 90,
        }
    }

    fn two() -> Vec<String> {
        vec!["@ann".into(), "@bob".into()]
    }

    fn dee() -> Vec<String> {
        vec!["@dee".into()]
    }

    fn failing(a: &Assessment) -> Vec<&'static str> {
        a.gather
            .items()
            .iter()
            .filter(|(_, _, ok)| !ok)
            .map(|(id, _, _)| *id)
            .collect()
    }

    #[test]
    fn the_base_community_is_a_space_station() {
        let (c, f, j) = (community(BASE), two(), dee());
        let a = assess(&facts(&c, &f, &j));
        assert!(a.gather.all());
        assert_eq!((a.degree, a.stage), (3, Stage::SpaceStation));
        assert!(a.risks.is_empty());
        assert_eq!(a.next, next::SUSTAIN);
        assert!(a.evidence.stage.iter().all(|v| v.holds));
        assert_eq!(a.evidence.gather.len(), 8);
        assert_eq!(a.evidence.risks.len(), 6);
    }

    /// Each Gather item fails on its own, and its advice is the next step.
    #[test]
    fn each_gather_item_and_its_next_step() {
        let cases: [(&str, &str, &str, &str); 7] = [
            ("safe-space", "channel: \"#cp_x\"\n", "", next::SAFE_SPACE),
            (
                "who-for",
                "description: \"For people who run X.\"\n",
                "",
                next::WHO_FOR,
            ),
            (
                "invitations",
                "cadence: monthly",
                "cadence: quarterly",
                next::INVITATIONS,
            ),
            (
                "working-openly",
                "project: https://git.example/x\n",
                "",
                next::WORKING_OPENLY,
            ),
            (
                "meet-regularly",
                "  url: https://meet.example/x\n",
                "",
                next::MEETING_URL,
            ),
            (
                "meet-regularly",
                "  week: 2\n",
                "",
                "Hold a monthly round table or office hours with a fixed slot (CFMM second degree)",
            ),
            (
                "activities",
                "    kind: milestone\n",
                "    kind: milestone\n  - date: 2024-03-01\n    title: Old\n",
                // The milestone is moved out of the window below.
                next::ACTIVITIES,
            ),
        ];
        for (item, from, to, step) in cases {
            let mut yaml = BASE.replace(from, to);
            if item == "activities" {
                yaml = yaml.replace("2026-03-01", "2025-03-01");
            }
            let (c, f, j) = (community(&yaml), two(), dee());
            let a = assess(&facts(&c, &f, &j));
            assert_eq!(failing(&a), [item], "{item}: {yaml}");
            assert_eq!(a.next, step, "{item}");
            assert_eq!(a.stage, Stage::Ignition, "{item}");
        }
        // Onboarding reads the README's headings.
        let (c, f, j) = (community(BASE), two(), dee());
        for readme in [None, Some("# X\n\nHow to join: ask.\n")] {
            let mut facts = facts(&c, &f, &j);
            facts.readme = readme;
            let a = assess(&facts);
            assert_eq!(failing(&a), ["onboarding"], "{readme:?}");
            assert_eq!(a.next, next::ONBOARDING);
        }
        // New connections need someone who joined within the window.
        let none: Vec<String> = Vec::new();
        let mut f2 = facts(&c, &f, &none);
        assert_eq!(failing(&assess(&f2)), ["new-connections"]);
        assert_eq!(assess(&f2).next, next::NEW_CONNECTIONS);
        f2.joined = None;
        let a = assess(&f2);
        assert_eq!(failing(&a), ["new-connections"]);
        assert_eq!(
            a.evidence.gather[7].because,
            "no git history to tell who joined"
        );
    }

    #[test]
    fn activities_also_hold_with_events_of_two_kinds_and_no_meeting() {
        let yaml = BASE.replace(
            "meeting:\n  cadence: monthly\n  weekday: tuesday\n  week: 2\n  time: \"16:00\"\n  url: https://meet.example/x\n",
            "",
        ) + "  - date: 2026-04-01\n    title: Office hours\n    kind: office-hours\n";
        let (c, f, j) = (community(&yaml), two(), dee());
        let a = assess(&facts(&c, &f, &j));
        assert!(a.gather.activities);
        assert_eq!(failing(&a), ["invitations", "meet-regularly"]);
    }

    #[test]
    fn onboarding_headings() {
        assert_eq!(
            onboarding_heading("Intro\n\nGetting Started\n---\n").as_deref(),
            Some("Getting Started")
        );
        assert_eq!(
            onboarding_heading("# Onboarding `new` people\n").as_deref(),
            Some("Onboarding new people")
        );
        assert_eq!(onboarding_heading("```\n# join\n```\n"), None);
        assert_eq!(onboarding_heading("# About\n\njoin us\n"), None);
    }

    #[test]
    fn each_degree_rests_on_the_one_below() {
        let cases = [
            (BASE.to_string(), 3),
            (BASE.replace("kind: milestone", "kind: other"), 2),
            (BASE.replace("kind: milestone", "kind: workshop"), 3),
            (BASE.replace("kind: milestone", "kind: recognition"), 3),
            // No fixed slot: no touch-points, so a milestone cannot lift it to the third.
            (BASE.replace("  time: \"16:00\"\n", ""), 1),
            (BASE.replace("cadence: monthly", "cadence: quarterly"), 1),
            (
                BASE.replace("cadence: monthly", "cadence: weekly")
                    .replace("  week: 2\n", ""),
                3,
            ),
            (BASE.replace("channel: \"#cp_x\"\n", ""), 0),
        ];
        for (yaml, degree) in cases {
            let (c, f, j) = (community(&yaml), two(), dee());
            let a = assess(&facts(&c, &f, &j));
            assert_eq!(a.degree, degree, "{yaml}");
            let holds: Vec<bool> = a.evidence.degree.iter().map(|v| v.holds).collect();
            let expected: Vec<bool> = (1..=3).map(|d| d <= degree).collect();
            assert_eq!(holds, expected, "{yaml}");
        }
        // A special event outside the window does not count.
        let yaml = BASE.replace("2026-03-01", "2026-07-01");
        let (c, f, j) = (community(&yaml), two(), dee());
        assert_eq!(assess(&facts(&c, &f, &j)).degree, 2);
    }

    #[test]
    fn each_stage_and_its_next_step() {
        let (c, f, j) = (community(BASE), two(), dee());
        let one = vec!["@ann".to_string()];
        // Ignition: a Gather item fails.
        let mut x = facts(&c, &f, &j);
        x.readme = None;
        assert_eq!(assess(&x).stage, Stage::Ignition);
        // Liftoff: younger than a year.
        let mut x = facts(&c, &f, &j);
        x.first_seen = Some(day("2025-07-01"));
        let a = assess(&x);
        assert_eq!(a.stage, Stage::Liftoff);
        assert_eq!(
            a.next,
            "Reach escape velocity: keep the energy up until the community has run for a year (first seen on 2025-07-01) (WAO: Orbital flight)"
        );
        // Liftoff: stale.
        let mut x = facts(&c, &f, &j);
        x.last_change = Some(day("2026-02-01"));
        let a = assess(&x);
        assert_eq!(a.stage, Stage::Liftoff);
        assert!(
            a.next.starts_with("Show the community is alive"),
            "{}",
            a.next
        );
        // Liftoff: one facilitator and one author carry it.
        let mut x = facts(&c, &one, &j);
        x.absence_factor = Some(1);
        let a = assess(&x);
        assert_eq!(
            (a.stage, a.next.as_str()),
            (Stage::Liftoff, next::SHARE_THE_LOAD)
        );
        // Orbit: one facilitator, but two authors share the load.
        let mut x = facts(&c, &one, &j);
        x.absence_factor = Some(2);
        assert_eq!(assess(&x).stage, Stage::SpaceStation);
        // Orbit: not at the third degree; the next step is the degree.
        let yaml = BASE.replace("kind: milestone", "kind: round-table");
        let c2 = community(&yaml);
        let a = assess(&facts(&c2, &f, &j));
        assert_eq!(
            (a.stage, a.next.as_str()),
            (Stage::Orbit, next::THIRD_DEGREE)
        );
        // Orbit: not growing.
        let mut x = facts(&c, &f, &j);
        x.then = Then::Count(4);
        let a = assess(&x);
        assert_eq!(a.stage, Stage::Orbit);
        assert_eq!(
            a.next,
            "Grow: invite new members; it has 4 members, no more than on 2025-06-01 (WAO: Space station)"
        );
        // Outside git nothing reaches orbit.
        let mut x = facts(&c, &f, &j);
        x.history = false;
        x.first_seen = None;
        x.last_change = None;
        x.absence_factor = None;
        x.then = Then::Unknown;
        let a = assess(&x);
        assert_eq!(a.stage, Stage::Liftoff);
        assert_eq!(
            a.evidence.stage[1].because,
            "no git history to tell when it started"
        );
    }

    #[test]
    fn each_risk_with_its_evidence() {
        let (c, f, j) = (community(BASE), two(), dee());
        let one = vec!["@ann".to_string()];
        let none: Vec<String> = Vec::new();
        let risks = |x: &Facts| assess(x).risks;
        assert_eq!(risks(&facts(&c, &one, &j)), [Risk::SingleFacilitator]);
        assert_eq!(risks(&facts(&c, &none, &j)), [Risk::NoFacilitator]);
        let mut x = facts(&c, &f, &j);
        x.last_change = Some(day("2026-03-02"));
        assert_eq!(risks(&x), [Risk::Stale]);
        assert_eq!(
            assess(&x).evidence.risks[2].because,
            "last change on 2026-03-02, 91 days before 2026-06-01; at most 90 are expected"
        );
        x.last_change = Some(day("2026-03-03"));
        assert!(risks(&x).is_empty());
        let mut x = facts(&c, &f, &j);
        x.then = Then::Count(5);
        assert_eq!(risks(&x), [Risk::Shrinking]);
        x.then = Then::NotYet;
        assert!(risks(&x).is_empty());
        let mut x = facts(&c, &f, &j);
        x.members = 2;
        x.then = Then::Count(2);
        assert_eq!(risks(&x), [Risk::BelowMinMembers]);
        let mut x = facts(&c, &f, &j);
        x.overcommitted = vec![("@cy".into(), 5)];
        assert_eq!(risks(&x), [Risk::OvercommittedMembers]);
        assert_eq!(
            assess(&x).evidence.risks[5].because,
            "@cy is in 5 active communities (at most 4)"
        );
    }

    #[test]
    fn a_community_that_did_not_exist_grows_from_nothing() {
        let (c, f, j) = (community(BASE), two(), dee());
        let mut x = facts(&c, &f, &j);
        x.then = Then::NotYet;
        let a = assess(&x);
        assert!(a.evidence.stage[5].holds);
        assert_eq!(
            a.evidence.stage[5].because,
            "4 members now; it did not exist on 2025-06-01"
        );
    }
}
