//! The data region templates see: each community as a view whose every value is already
//! escaped for a region, the handbook's order, and the lists a page's templates read.

use serde::Serialize;

use super::escape::{link, text};
use super::meeting;
use super::templates::Templates;
use crate::community::{Community, Status};
use crate::load::Loaded;

/// One value a template reads: a text, a list of texts, or the events.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum Field {
    Text(String),
    List(Vec<String>),
    Events(Vec<meeting::EventView>),
}

/// A community as templates see it, field by field: every value already escaped for a region.
#[derive(Debug)]
pub(crate) struct View(Vec<(&'static str, Field)>);

/// The fields of a [`View`], in the order `View::only` computes them.
pub(crate) const FIELDS: [&str; 15] = [
    "id",
    "subject",
    "status",
    "description",
    "facilitators",
    "members",
    "contributors",
    "alumni",
    "channel",
    "meeting",
    "cadence",
    "meeting_url",
    "project",
    "topics",
    "events",
];

/// Which fields of a [`View`] a kind of template names, one bit each in [`FIELDS`] order:
/// decided once per template set, asked for every field of 10,000 communities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wanted(u16);

impl Wanted {
    #[cfg(test)]
    pub(crate) const ALL: Wanted = Wanted(u16::MAX);

    /// The fields `named` says yes to.
    pub(crate) fn of(named: impl Fn(&str) -> bool) -> Wanted {
        let bits = FIELDS
            .iter()
            .enumerate()
            .filter(|(_, name)| named(name))
            .fold(0, |bits, (i, _)| bits | 1 << i);
        Wanted(bits)
    }

    fn has(self, index: usize) -> bool {
        self.0 & 1 << index != 0
    }
}

impl View {
    /// Only the fields `wanted` names, each computed only then: a handbook page's table reads
    /// two fields of every community in the registry.
    pub(crate) fn only(id: &str, c: &Community, wanted: Wanted) -> View {
        use Field::{List, Text};
        let field = |n: &Option<crate::community::Node<crate::scalar::Text>>| {
            Text(n.as_ref().map_or(String::new(), |n| text(&n.value)))
        };
        let list = |items: &[crate::community::Node<crate::scalar::Text>]| {
            List(items.iter().map(|n| text(&n.value)).collect())
        };
        let meeting = c.meeting.as_ref().map(|m| &m.value);
        let mut fields = Vec::new();
        let mut index = 0;
        let mut add = |name: &'static str, value: &dyn Fn() -> Field| {
            debug_assert_eq!(
                FIELDS[index], name,
                "View::only adds the fields in FIELDS order"
            );
            if wanted.has(index) {
                fields.push((name, value()));
            }
            index += 1;
        };
        add("id", &|| Text(text(id)));
        add("subject", &|| field(&c.subject));
        add("status", &|| Text(c.status().to_string()));
        add("description", &|| field(&c.description));
        add("facilitators", &|| list(c.facilitators()));
        // Facilitators first, then the other members, each once, in file order.
        add("members", &|| {
            List(c.core_team().into_iter().map(|h| text(&h.value)).collect())
        });
        add("contributors", &|| list(c.contributors()));
        add("alumni", &|| list(c.alumni()));
        add("channel", &|| field(&c.channel));
        // The meeting in one sentence: "Monthly on the second Tuesday at 16:00
        // (Europe/Berlin), 60 minutes", its URL as a link.
        add("meeting", &|| {
            Text(meeting.map_or(String::new(), meeting::sentence))
        });
        add("cadence", &|| {
            Text(
                meeting
                    .and_then(|m| m.cadence.as_ref())
                    .map_or(String::new(), |c| c.value.to_string()),
            )
        });
        add("meeting_url", &|| {
            Text(
                meeting
                    .and_then(|m| m.url.as_ref())
                    .map_or(String::new(), |u| link(&u.value)),
            )
        });
        add("project", &|| {
            Text(c.project.as_ref().map_or(String::new(), |p| link(&p.value)))
        });
        add("topics", &|| list(Community::list(&c.topics)));
        // Newest first.
        add("events", &|| Field::Events(meeting::events(c)));
        View(fields)
    }
}

// As a struct, not a map: its field names are `&'static str`, which tera keeps as they are,
// where a map's keys would each be copied to the heap (for every community of a page).
impl Serialize for View {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut view = serializer.serialize_struct("View", self.0.len())?;
        for (name, value) in &self.0 {
            view.serialize_field(name, value)?;
        }
        view.end()
    }
}

/// Every community in the handbook's order: subject lower-cased (Unicode lowercase mapping)
/// compared by code point, then id.
pub(crate) struct Catalogue<'a> {
    pub(crate) communities: Vec<(&'a str, &'a Community)>,
}

impl<'a> Catalogue<'a> {
    pub(crate) fn new(loaded: &'a Loaded) -> Catalogue<'a> {
        let mut keyed: Vec<(Lower, &str, &Community)> = loaded
            .communities()
            .map(|(e, c)| (Lower::of(c.subject().unwrap_or("")), e.id.as_str(), c))
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        // A copy of its own size: collected in place, it would keep the keys' room (twice its
        // size, and grown by doubling) while the page's data is built, when memory peaks.
        let mut communities = Vec::with_capacity(keyed.len());
        communities.extend(keyed.iter().map(|&(_, id, c)| (id, c)));
        Catalogue { communities }
    }

    /// The lists the templates read; a list no template reads stays out (`None`), and so
    /// does every community field no template names.
    pub(crate) fn page_data<'t>(&self, templates: &'t Templates) -> PageData<'_, 't> {
        let pick = |list: &str, status: Option<Status>| {
            templates.page_templates_use(list).then_some(Views {
                communities: &self.communities,
                status,
                templates,
            })
        };
        PageData {
            communities: pick("communities", None),
            active: pick("active", Some(Status::Active)),
            suggested: pick("suggested", Some(Status::Proposed)),
            archived: pick("archived", Some(Status::Archived)),
        }
    }
}

/// The communities of one status (or all) in the handbook's order, each one's View
/// serialized as it goes: the views of a whole registry never sit in memory beside the
/// templates' copy of them, and each keeps only the fields the page templates name.
pub(crate) struct Views<'a, 't> {
    communities: &'a [(&'a str, &'a Community)],
    status: Option<Status>,
    templates: &'t Templates,
}

impl Views<'_, '_> {
    fn listed(&self) -> impl Iterator<Item = &(&str, &Community)> {
        let status = self.status;
        self.communities
            .iter()
            .filter(move |(_, c)| status.is_none_or(|want| c.status() == want))
    }
}

impl Serialize for Views<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq as _;
        // Counted first, so that the templates' list is sized once.
        let mut seq = serializer.serialize_seq(Some(self.listed().count()))?;
        for &(id, community) in self.listed() {
            seq.serialize_element(&PageView(id, community, self.templates))?;
        }
        seq.end()
    }
}

/// One community's View with only the fields the page templates name.
pub(crate) struct PageView<'a, 't>(&'a str, &'a Community, &'t Templates);

impl Serialize for PageView<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        View::only(self.0, self.1, self.2.page_fields()).serialize(serializer)
    }
}

/// A subject lower-cased for the handbook's order, without a copy when it is ASCII (as nearly
/// every subject is): compared byte by byte, which for UTF-8 is by code point.
enum Lower<'a> {
    Ascii(&'a str),
    Folded(String),
}

impl<'a> Lower<'a> {
    fn of(subject: &'a str) -> Lower<'a> {
        match subject.is_ascii() {
            true => Lower::Ascii(subject),
            false => Lower::Folded(subject.to_lowercase()),
        }
    }

    fn cmp(&self, other: &Lower) -> std::cmp::Ordering {
        fn lower(s: &str) -> impl Iterator<Item = u8> + '_ {
            s.bytes().map(|b| b.to_ascii_lowercase())
        }
        match (self, other) {
            (Lower::Ascii(a), Lower::Ascii(b)) => lower(a).cmp(lower(b)),
            (Lower::Ascii(a), Lower::Folded(b)) => lower(a).cmp(b.bytes()),
            (Lower::Folded(a), Lower::Ascii(b)) => a.bytes().cmp(lower(b)),
            (Lower::Folded(a), Lower::Folded(b)) => a.cmp(b),
        }
    }
}

/// What a handbook page's templates see.
#[derive(Serialize)]
pub(crate) struct PageData<'a, 't> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) communities: Option<Views<'a, 't>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) active: Option<Views<'a, 't>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) suggested: Option<Views<'a, 't>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) archived: Option<Views<'a, 't>>,
}

/// What a README's templates see: its own community only (so that rendering 10,000 READMEs
/// does not hand each of them the whole registry).
#[derive(Serialize)]
pub(crate) struct ReadmeData<'a> {
    pub(crate) community: &'a View,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_sort_as_their_lowercase_strings_do() {
        let subjects = [
            "b", "B", "a", "Zeta", "ähre", "Ähre", "aX", "ax", "", "ΣΑ", "σα", "z",
        ];
        for a in subjects {
            for b in subjects {
                let want = a.to_lowercase().cmp(&b.to_lowercase());
                assert_eq!(Lower::of(a).cmp(&Lower::of(b)), want, "{a} {b}");
            }
        }
    }

    #[test]
    fn a_view_holds_exactly_the_fields_wanted_in_their_order() {
        let c = crate::load::parse_community(
            "subject: S\nmembers: [\"@a\"]\nevents:\n  - date: 2026-01-10\n    title: T\n",
        )
        .unwrap();
        let names = |wanted: Wanted| -> Vec<&str> {
            View::only("x", &c, wanted)
                .0
                .iter()
                .map(|(n, _)| *n)
                .collect()
        };
        let wanted = Wanted::of(|f| ["events", "subject", "nothing"].contains(&f));
        assert_eq!(names(wanted), ["subject", "events"]);
        assert_eq!(names(Wanted::of(|_| false)), Vec::<&str>::new());
        assert_eq!(names(Wanted::ALL), FIELDS);
    }
}
