//! `cop health` (SPEC §9): where each community stands, from its files and the git history
//! alone. This module holds the report's model and builds it from the loaded registry and one
//! [`Timeline`] of the history; [`assess`] judges a community against the seeds' maturity
//! models, and one module per format prints the report.

pub mod assess;
pub mod html;
pub mod human;
pub mod markdown;
mod membership;
mod svg;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::bounds::Bounds;
use crate::community::Status;
use crate::config::Config;
use crate::git::{Snapshot, Timeline};
use crate::load::{Entry, Loaded, README_FILE};
use crate::registry::Registry;

pub use assess::{Evidence, Gather, Risk, Stage, Then};
pub use membership::Membership;

/// How many calendar months the series cover, the current one last.
pub const MONTHS: usize = 12;

/// The flags of `cop health`, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub today: Date,
    pub window_days: u32,
    /// The communities to report (every one when empty).
    pub ids: Vec<String>,
}

impl Settings {
    /// The window is the `window_days` days after this day, up to `today`.
    pub fn window_start(&self) -> Date {
        self.today
            .saturating_sub(Span::new().days(i64::from(self.window_days)))
    }

    /// The first day of each month of the series, oldest first.
    pub fn months(&self) -> Vec<Date> {
        let current = self.today.first_of_month();
        (0..MONTHS)
            .rev()
            .map(|back| current.saturating_sub(Span::new().months(back as i64)))
            .collect()
    }

    /// The days whose history the report reads: the window's start, then the last day of
    /// each month of the series before the current one (which is read from the files).
    pub fn history_days(&self) -> Vec<Date> {
        let mut days = vec![self.window_start()];
        let months = self.months();
        days.extend(months[..MONTHS - 1].iter().map(|m| m.last_of_month()));
        days
    }
}

/// What git says, for the report: the timeline of [`Settings::history_days`], and the
/// communities with uncommitted changes (they change today, as `stale` counts them).
#[derive(Debug, Clone)]
pub struct History {
    pub timeline: Timeline,
    pub uncommitted: BTreeSet<String>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub today: Date,
    pub window_days: u32,
    pub window_start: Date,
    pub communities: Vec<CommunityHealth>,
    pub totals: Totals,
    pub notes: Vec<String>,
}

/// One community's health. The history fields are null outside git; the assessment fields
/// (`risks` to `evidence`) are null for proposed, archived and unreadable communities.
#[derive(Debug, Clone, Serialize)]
pub struct CommunityHealth {
    pub id: String,
    pub subject: Option<String>,
    /// active, proposed, archived, or unreadable (a community.yaml that does not parse).
    pub status: &'static str,
    pub members: Option<usize>,
    pub members_then: Option<usize>,
    pub joined: Option<Vec<String>>,
    pub left: Option<Vec<String>>,
    pub series: Option<Vec<MonthCount>>,
    pub first_seen: Option<Date>,
    pub last_change: Option<Date>,
    pub absence_factor: Option<usize>,
    /// The commits within the window that touched the folder.
    pub commits: Option<usize>,
    /// The authors who make up the absence factor, most commits first.
    pub carried_by: Option<Vec<String>>,
    pub risks: Option<Vec<Risk>>,
    pub degree: Option<u8>,
    pub gather: Option<Gather>,
    pub stage: Option<Stage>,
    pub next: Option<String>,
    pub evidence: Option<Evidence>,
}

/// The member count at the end of one month (null before the community existed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    pub month: String,
    pub members: Option<usize>,
}

/// The registry as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub communities: usize,
    pub by_status: Counts,
    pub by_stage: Counts,
    /// Active communities by CFMM degree.
    pub by_degree: Counts,
    /// Distinct people (members and facilitators) in active communities.
    pub people: usize,
    pub max_communities_per_person: usize,
    /// The people in more active communities than that.
    pub overcommitted: Vec<String>,
    pub series: Option<Vec<RegistryMonth>>,
}

/// Active communities and distinct people at the end of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryMonth {
    pub month: String,
    pub active: Option<usize>,
    pub people: Option<usize>,
}

/// Named counts in a fixed order (a JSON object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts(pub Vec<(&'static str, usize)>);

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, n) in &self.0 {
            map.serialize_entry(name, n)?;
        }
        map.end()
    }
}

/// A community's membership at one day of the history.
enum Past<'a> {
    /// No history for that day.
    Unknown,
    /// The folder did not exist (or held no community.yaml).
    NotYet,
    /// Its community.yaml did not parse.
    Unreadable,
    Known(&'a Membership),
}

/// The history's versions of community.yaml, parsed once each.
struct Versions<'a> {
    snapshots: &'a [Option<Snapshot>],
    parsed: Vec<Option<Membership>>,
}

impl<'a> Versions<'a> {
    fn new(timeline: &'a Timeline) -> Versions<'a> {
        Versions {
            snapshots: &timeline.snapshots,
            parsed: crate::parallel::map(&timeline.texts, |t| Membership::parse(t)),
        }
    }

    fn at(&self, day: usize, id: &str) -> Past<'_> {
        let Some(Some(snapshot)) = self.snapshots.get(day) else {
            return Past::Unknown;
        };
        match snapshot.folders.get(id) {
            None | Some(None) => Past::NotYet,
            Some(Some(text)) => match &self.parsed[*text] {
                Some(m) => Past::Known(m),
                None => Past::Unreadable,
            },
        }
    }

    /// Every parsed community of one day, by folder; `None` without history for the day.
    fn all_at(&self, day: usize) -> Option<Vec<&Membership>> {
        let snapshot = self.snapshots.get(day)?.as_ref()?;
        Some(
            snapshot
                .folders
                .values()
                .filter_map(|text| text.and_then(|t| self.parsed[t].as_ref()))
                .collect(),
        )
    }
}

/// Builds the report. `history` is `None` outside git (its fields are then null).
pub fn build(
    registry: &Registry,
    loaded: &Loaded,
    history: Option<&History>,
    settings: &Settings,
    mut notes: Vec<String>,
) -> Report {
    let config = &registry.config;
    let window_start = settings.window_start();
    let months = settings.months();
    let versions = history.map(|h| Versions::new(&h.timeline));
    let now: BTreeMap<&str, Membership> = loaded
        .communities()
        .map(|(e, c)| (e.id.as_str(), Membership::of(c)))
        .collect();
    let load = active_load(loaded, &now);
    let max = config.rules.max_communities_per_person as usize;
    let bounds = Bounds::new(&registry.root);
    let wanted: BTreeSet<&str> = settings.ids.iter().map(String::as_str).collect();
    let mut unreadable_then = Vec::new();
    let mut communities = Vec::new();
    let mut stages = Vec::new();
    for entry in &loaded.entries {
        let readme = read_readme(&bounds, registry, entry);
        let health = community(CommunityInput {
            entry,
            now: now.get(entry.id.as_str()),
            readme: readme.as_deref(),
            history,
            versions: versions.as_ref(),
            settings,
            config,
            load: &load,
            months: &months,
            unreadable_then: &mut unreadable_then,
        });
        stages.push((health.status, health.stage, health.degree));
        if wanted.is_empty() || wanted.contains(entry.id.as_str()) {
            communities.push(health);
        }
    }
    for entry in &loaded.entries {
        if entry.community.is_none() {
            notes.push(format!(
                "`{}`: {} cannot be read, so it is not assessed; `cop check` shows why",
                entry.id, entry.path
            ));
        }
    }
    if !unreadable_then.is_empty() {
        unreadable_then.sort();
        unreadable_then.dedup();
        notes.push(format!(
            "history: a past community.yaml of {} does not parse; those months count as unknown",
            unreadable_then
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(end) = history.and_then(|h| h.timeline.shallow_end) {
        notes.push(format!(
            "history: this shallow clone's history ends on {end}; what is older is unknown (null); fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in CI) for a full report"
        ));
    }
    let totals = totals(&stages, &now, &load, max, versions.as_ref(), &months);
    Report {
        today: settings.today,
        window_days: settings.window_days,
        window_start,
        communities,
        totals,
        notes,
    }
}

/// For every person in an active community: their first spelling and how many active
/// communities they are in (as `overcommitted` counts).
fn active_load(
    loaded: &Loaded,
    now: &BTreeMap<&str, Membership>,
) -> BTreeMap<String, (String, usize)> {
    let mut load: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for entry in &loaded.entries {
        let Some(m) = now.get(entry.id.as_str()).filter(|m| m.is_active()) else {
            continue;
        };
        for (key, handle) in &m.people {
            load.entry(key.clone())
                .or_insert_with(|| (handle.clone(), 0))
                .1 += 1;
        }
    }
    load
}

struct CommunityInput<'a, 'b> {
    entry: &'a Entry,
    now: Option<&'a Membership>,
    readme: Option<&'a str>,
    history: Option<&'a History>,
    versions: Option<&'a Versions<'a>>,
    settings: &'a Settings,
    config: &'a Config,
    load: &'a BTreeMap<String, (String, usize)>,
    months: &'a [Date],
    unreadable_then: &'b mut Vec<String>,
}

fn community(input: CommunityInput) -> CommunityHealth {
    let CommunityInput {
        entry,
        now,
        readme,
        history,
        versions,
        settings,
        config,
        load,
        months,
        unreadable_then,
    } = input;
    let id = entry.id.as_str();
    let folder = history.and_then(|h| h.timeline.folders.get(id));
    let month_name = |d: &Date| format!("{:04}-{:02}", d.year(), d.month());
    // Day 0 of the history is the window's start; days 1.. are the month ends.
    let then = versions.map(|v| v.at(0, id));
    // A community that does not parse now gets its own note; its past need not add one.
    let readable = entry.community.is_some();
    if readable && matches!(then, Some(Past::Unreadable)) {
        unreadable_then.push(id.to_string());
    }
    let members_then = match then {
        Some(Past::Known(m)) => Some(m.count()),
        _ => None,
    };
    let (joined, left) = match (&then, now) {
        (Some(Past::Known(then)), Some(now)) => {
            let (j, l) = membership::joined_and_left(then, now);
            (Some(j), Some(l))
        }
        (Some(Past::NotYet), Some(now)) => {
            (Some(now.people.values().cloned().collect()), Some(vec![]))
        }
        _ => (None, None),
    };
    let series = versions.map(|v| {
        let mut series: Vec<MonthCount> = months[..MONTHS - 1]
            .iter()
            .enumerate()
            .map(|(i, m)| MonthCount {
                month: month_name(m),
                members: match v.at(i + 1, id) {
                    Past::Known(m) => Some(m.count()),
                    Past::Unreadable => {
                        if readable {
                            unreadable_then.push(id.to_string());
                        }
                        None
                    }
                    _ => None,
                },
            })
            .collect();
        series.push(MonthCount {
            month: month_name(&months[MONTHS - 1]),
            members: now.map(Membership::count),
        });
        series
    });
    let first_seen = folder.and_then(|f| f.first_seen);
    let last_change = history.and_then(|h| {
        if h.uncommitted.contains(id) {
            Some(settings.today)
        } else {
            folder.and_then(|f| f.last_change)
        }
    });
    let (absence_factor, commits, carried_by) = match history {
        Some(_) => {
            let authors = folder.map_or(&[][..], |f| f.authors.as_slice());
            let total: usize = authors.iter().map(|a| a.commits).sum();
            let mut sum = 0;
            let carriers: Vec<String> = authors
                .iter()
                .take_while(|a| {
                    let more = sum * 2 < total;
                    sum += a.commits;
                    more
                })
                .map(|a| {
                    if a.name.is_empty() {
                        a.email.clone()
                    } else {
                        a.name.clone()
                    }
                })
                .collect();
            (Some(carriers.len()), Some(total), Some(carriers))
        }
        None => (None, None, None),
    };
    let community = entry.community.as_ref();
    let status = match community.map(|c| c.status()) {
        Some(s) => s.as_str(),
        None => crate::cmd::list::UNREADABLE,
    };
    let mut out = CommunityHealth {
        id: id.to_string(),
        subject: community.and_then(|c| c.subject()).map(str::to_string),
        status,
        members: now.map(Membership::count),
        members_then,
        joined,
        left,
        series,
        first_seen,
        last_change,
        absence_factor,
        commits,
        carried_by,
        risks: None,
        degree: None,
        gather: None,
        stage: None,
        next: None,
        evidence: None,
    };
    let (Some(community), Some(now)) = (community, now) else {
        return out;
    };
    match community.status() {
        Status::Proposed => out.stage = Some(Stage::Proposed),
        Status::Archived => out.stage = Some(Stage::Archived),
        Status::Active => {
            let max = config.rules.max_communities_per_person as usize;
            let overcommitted = now
                .people
                .keys()
                .filter_map(|key| load.get(key))
                .filter(|(_, n)| *n > max)
                .map(|(handle, n)| (handle.clone(), *n))
                .collect();
            let then = match then {
                Some(Past::Known(m)) => Then::Count(m.count()),
                Some(Past::NotYet) => Then::NotYet,
                _ => Then::Unknown,
            };
            let facts = assess::Facts {
                community,
                readme,
                today: settings.today,
                window_start: settings.window_start(),
                members: now.count(),
                facilitators: &now.facilitators,
                then,
                joined: out.joined.as_deref(),
                history: history.is_some(),
                first_seen,
                last_change,
                absence_factor,
                overcommitted,
                min_members: config.rules.min_members as usize,
                max_communities_per_person: max,
                stale_after_days: config.rules.stale_after_days,
            };
            let a = assess::assess(&facts);
            out.risks = Some(a.risks);
            out.degree = Some(a.degree);
            out.gather = Some(a.gather);
            out.stage = Some(a.stage);
            out.next = Some(a.next);
            out.evidence = Some(a.evidence);
        }
    }
    out
}

/// The registry's totals from every community's status, stage and degree.
/// A community's status, stage and degree, as the totals count them.
type Assessed = (&'static str, Option<Stage>, Option<u8>);

fn totals(
    stages: &[Assessed],
    now: &BTreeMap<&str, Membership>,
    load: &BTreeMap<String, (String, usize)>,
    max: usize,
    versions: Option<&Versions>,
    months: &[Date],
) -> Totals {
    let count = |f: &dyn Fn(&Assessed) -> bool| stages.iter().filter(|s| f(s)).count();
    let by_status = Counts(
        [
            "active",
            "proposed",
            "archived",
            crate::cmd::list::UNREADABLE,
        ]
        .iter()
        .map(|s| (*s, count(&|x| x.0 == *s)))
        .collect(),
    );
    let by_stage = Counts(
        Stage::ALL
            .iter()
            .map(|s| (s.as_str(), count(&|x| x.1 == Some(*s))))
            .collect(),
    );
    let by_degree = Counts(
        [("0", 0u8), ("1", 1), ("2", 2), ("3", 3)]
            .iter()
            .map(|(name, d)| (*name, count(&|x| x.2 == Some(*d))))
            .collect(),
    );
    let mut overcommitted: Vec<String> = load
        .values()
        .filter(|(_, n)| *n > max)
        .map(|(h, _)| h.clone())
        .collect();
    overcommitted.sort_by_key(|h| h.to_lowercase());
    let month_name = |d: &Date| format!("{:04}-{:02}", d.year(), d.month());
    let series = versions.map(|v| {
        let mut series: Vec<RegistryMonth> = months[..MONTHS - 1]
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let all = v.all_at(i + 1);
                let (active, people) = match all {
                    Some(all) => {
                        let (a, p) = active_and_people(all.into_iter());
                        (Some(a), Some(p))
                    }
                    None => (None, None),
                };
                RegistryMonth {
                    month: month_name(m),
                    active,
                    people,
                }
            })
            .collect();
        let (active, people) = active_and_people(now.values());
        series.push(RegistryMonth {
            month: month_name(&months[MONTHS - 1]),
            active: Some(active),
            people: Some(people),
        });
        series
    });
    Totals {
        communities: stages.len(),
        by_status,
        by_stage,
        by_degree,
        people: load.len(),
        max_communities_per_person: max,
        overcommitted,
        series,
    }
}

/// Active communities and the distinct people in them.
fn active_and_people<'m>(all: impl Iterator<Item = &'m Membership>) -> (usize, usize) {
    let mut active = 0;
    let mut people: HashMap<&str, ()> = HashMap::new();
    for m in all.filter(|m| m.is_active()) {
        active += 1;
        for key in m.people.keys() {
            people.insert(key, ());
        }
    }
    (active, people.len())
}

/// The community's README.md, when it has one inside the registry that reads as text.
fn read_readme(bounds: &Bounds, registry: &Registry, entry: &Entry) -> Option<String> {
    if !entry.has_readme() {
        return None;
    }
    let path = registry.path(&format!("{}/{README_FILE}", entry.dir()));
    if bounds.link_outside(&path).is_some() {
        return None;
    }
    crate::yaml::read_source(&path, crate::yaml::MAX_FILE_BYTES).ok()
}
