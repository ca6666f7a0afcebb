//! The data region templates see: each community as a view whose every value is already
//! escaped for a region, the handbook's order, and the lists a page's templates read.

use serde::Serialize;

use super::escape::{link, text};
use super::meeting;
use super::templates::Templates;
use crate::community::{Community, Status};
use crate::load::Loaded;

/// A community as templates see it: every value already escaped for a region.
#[derive(Debug, Serialize)]
pub(crate) struct View {
    pub(crate) id: String,
    pub(crate) subject: String,
    pub(crate) status: String,
    pub(crate) description: String,
    pub(crate) facilitators: Vec<String>,
    /// Facilitators first, then the other members, each once, in file order.
    pub(crate) members: Vec<String>,
    pub(crate) contributors: Vec<String>,
    pub(crate) alumni: Vec<String>,
    pub(crate) channel: String,
    /// The meeting in one sentence: "Monthly on the second Tuesday at 16:00 (Europe/Berlin),
    /// 60 minutes", its URL as a link.
    pub(crate) meeting: String,
    pub(crate) cadence: String,
    pub(crate) meeting_url: String,
    pub(crate) project: String,
    pub(crate) topics: Vec<String>,
    /// Newest first.
    pub(crate) events: Vec<meeting::EventView>,
}

impl View {
    pub(crate) fn new(id: &str, c: &Community) -> View {
        let field = |n: &Option<crate::community::Node<String>>| {
            n.as_ref().map_or(String::new(), |n| text(&n.value))
        };
        let list = |items: &[crate::community::Node<String>]| {
            items.iter().map(|n| text(&n.value)).collect::<Vec<_>>()
        };
        let members = c.core_team().into_iter().map(|h| text(&h.value)).collect();
        let meeting = c.meeting.as_ref().map(|m| &m.value);
        View {
            id: text(id),
            subject: field(&c.subject),
            status: c.status().to_string(),
            description: field(&c.description),
            facilitators: list(c.facilitators()),
            members,
            contributors: list(c.contributors()),
            alumni: list(c.alumni()),
            channel: field(&c.channel),
            meeting: meeting.map_or(String::new(), meeting::sentence),
            cadence: meeting
                .and_then(|m| m.cadence.as_ref())
                .map_or(String::new(), |c| c.value.to_string()),
            meeting_url: meeting
                .and_then(|m| m.url.as_ref())
                .map_or(String::new(), |u| link(&u.value)),
            project: c.project.as_ref().map_or(String::new(), |p| link(&p.value)),
            topics: Community::list(&c.topics)
                .iter()
                .map(|n| text(&n.value))
                .collect(),
            events: meeting::events(c),
        }
    }
}

/// Every community in the handbook's order: subject lower-cased (Unicode lowercase mapping)
/// compared by code point, then id.
pub(crate) struct Catalogue<'a> {
    pub(crate) communities: Vec<(&'a str, &'a Community)>,
}

impl<'a> Catalogue<'a> {
    pub(crate) fn new(loaded: &'a Loaded) -> Catalogue<'a> {
        let mut keyed: Vec<(String, &str, &Community)> = loaded
            .communities()
            .map(|(e, c)| (c.subject().unwrap_or("").to_lowercase(), e.id.as_str(), c))
            .collect();
        keyed.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        Catalogue {
            communities: keyed.into_iter().map(|(_, id, c)| (id, c)).collect(),
        }
    }

    /// The lists the templates read; a list no template reads stays out (`None`), and so
    /// does every community field no template names.
    pub(crate) fn page_data<'t>(&self, templates: &'t Templates) -> PageData<'_, 't> {
        let pick = |list: &str, status: Option<Status>| {
            templates.page_templates_use(list).then(|| Views {
                communities: self
                    .communities
                    .iter()
                    .filter(|(_, c)| status.is_none_or(|want| c.status() == want))
                    .copied()
                    .collect(),
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

/// A list of communities that serializes each one's View as it goes, so that the views of a
/// whole registry never sit in memory beside the templates' copy of them; each keeps only the
/// fields the page templates name.
pub(crate) struct Views<'a, 't> {
    pub(crate) communities: Vec<(&'a str, &'a Community)>,
    pub(crate) templates: &'t Templates,
}

impl Serialize for Views<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.communities
                .iter()
                .map(|&(id, community)| PageView(id, community, self.templates)),
        )
    }
}

/// One community's View with only the fields the page templates name.
pub(crate) struct PageView<'a, 't>(&'a str, &'a Community, &'t Templates);

impl Serialize for PageView<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeMap};
        let full = serde_json::to_value(View::new(self.0, self.1)).map_err(S::Error::custom)?;
        let serde_json::Value::Object(fields) = full else {
            return Err(S::Error::custom("a community view is not a map"));
        };
        let mut map = serializer.serialize_map(None)?;
        for (name, value) in fields.iter().filter(|(n, _)| self.2.page_field_named(n)) {
            map.serialize_entry(name, value)?;
        }
        map.end()
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
