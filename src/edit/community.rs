//! The edits the day-2 commands make to one community.yaml, made twice: in place on the text
//! (through [`Document`]) and on the model, and then compared: the edited text must parse back
//! to exactly the intended model, every untouched field equal, or the edit is a bug in cop.

use crate::community::{Cadence, Community, Event, Meeting, Node, Pos, Status, Text, Waiver};
use crate::edit::{Document, Refusal, placement};

/// A list of people in community.yaml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Facilitators,
    Members,
    Contributors,
    Alumni,
}

impl Role {
    pub fn key(self) -> &'static str {
        match self {
            Role::Facilitators => "facilitators",
            Role::Members => "members",
            Role::Contributors => "contributors",
            Role::Alumni => "alumni",
        }
    }

    fn slot(self, c: &mut Community) -> &mut Option<Node<crate::community::List>> {
        match self {
            Role::Facilitators => &mut c.facilitators,
            Role::Members => &mut c.members,
            Role::Contributors => &mut c.contributors,
            Role::Alumni => &mut c.alumni,
        }
    }
}

/// One change to a community.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Adds a handle where it sorts (or at the end); nothing when it is there already.
    Add(Role, String),
    /// Appends a handle at the end; nothing when it is there already (exactly as written).
    Append(Role, String),
    /// Takes a handle out (case-insensitively).
    Remove(Role, String),
    /// Empties a list that is present.
    Clear(Role),
    Status(Status),
    Channel(String),
    Cadence(Cadence),
}

/// Why an edit was not made.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    /// The file's shape makes the edit unsafe (exit 1).
    #[error("{0}")]
    Refused(#[from] Refusal),
    /// The edited text does not read back as intended: a bug in cop (exit 2).
    #[error("{0}")]
    Mismatch(String),
}

/// Applies `ops` to `text` (whose parsed model is `before`). `None` when nothing changes.
pub fn apply(text: &str, before: &Community, ops: &[Op]) -> Result<Option<String>, EditError> {
    let mut doc = Document::parse(text);
    let mut model = plain(before);
    for op in ops {
        edit_text(&mut doc, op)?;
        edit_model(&mut model, op);
    }
    let edited = doc.finish()?;
    if edited == text {
        return Ok(None);
    }
    let (after, problems) = read(&edited);
    let Some(after) = after else {
        return Err(EditError::Mismatch(format!(
            "the edited file does not parse ({})",
            problems.join("; ")
        )));
    };
    let after = plain(&after);
    if after != model {
        return Err(EditError::Mismatch(format!(
            "the edited file reads as {after:?}, not as intended {model:?}"
        )));
    }
    if problems != read(text).1 {
        return Err(EditError::Mismatch(format!(
            "the edited file has other problems than before: {}",
            problems.join("; ")
        )));
    }
    Ok(Some(edited))
}

/// The model of a file's text, and the messages of its parse problems (sorted), through the
/// loader itself.
fn read(text: &str) -> (Option<Community>, Vec<String>) {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
    let entry =
        crate::load::Entry::parse("edited", "edited", Ok(body), crate::load::Readme::Present);
    let mut problems: Vec<String> = entry.findings.into_iter().map(|f| f.message).collect();
    problems.sort();
    (entry.community.map(|c| *c), problems)
}

fn edit_text(doc: &mut Document, op: &Op) -> Result<(), Refusal> {
    match op {
        Op::Add(role, handle) => doc.add_item(role.key(), handle).map(drop),
        Op::Append(role, handle) => doc.append_item(role.key(), handle).map(drop),
        Op::Remove(role, handle) => doc.remove_item(role.key(), handle).map(drop),
        Op::Clear(role) => doc.clear_list(role.key()).map(drop),
        Op::Status(status) => doc.set_scalar("status", status.as_str()).map(drop),
        Op::Channel(channel) => doc.set_scalar("channel", channel).map(drop),
        Op::Cadence(cadence) => doc
            .set_nested("meeting", "cadence", cadence.as_str())
            .map(drop),
    }
}

/// The same change on the model.
pub fn edit_model(c: &mut Community, op: &Op) {
    fn node<T>(value: T) -> Node<T> {
        Node::new(value, Pos::default(), Pos::default())
    }
    let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
    match op {
        Op::Add(role, handle) | Op::Append(role, handle) => {
            let slot = role.slot(c);
            let list = &mut slot.get_or_insert_with(|| node(Box::default())).value;
            let there = |h: &Node<Text>| match op {
                Op::Add(..) => same(&h.value, handle),
                _ => h.value == *handle,
            };
            if !list.iter().any(there) {
                let at = match op {
                    Op::Add(..) => placement(
                        &list.iter().map(|h| h.value.as_str()).collect::<Vec<_>>(),
                        handle,
                    ),
                    _ => list.len(),
                };
                let mut items = std::mem::take(list).into_vec();
                items.insert(at, node(handle.as_str().into()));
                *list = items.into_boxed_slice();
            }
        }
        Op::Remove(role, handle) => {
            if let Some(list) = role.slot(c) {
                let mut items = std::mem::take(&mut list.value).into_vec();
                items.retain(|h| !same(&h.value, handle));
                list.value = items.into_boxed_slice();
            }
        }
        Op::Clear(role) => {
            if let Some(list) = role.slot(c) {
                list.value = Box::default();
            }
        }
        Op::Status(status) => c.status = Some(node(*status)),
        Op::Channel(channel) => c.channel = Some(node(channel.as_str().into())),
        Op::Cadence(cadence) => {
            let meeting = c.meeting.get_or_insert_with(|| node(Meeting::default()));
            meeting.value.cadence = Some(node(*cadence));
        }
    }
}

/// The model without positions: what two readings of the same values share.
pub fn plain(c: &Community) -> Community {
    fn bare<T>(value: T) -> Node<T> {
        Node::new(value, Pos::default(), Pos::default())
    }
    fn n<T: Clone>(node: &Node<T>) -> Node<T> {
        bare(node.value.clone())
    }
    fn o<T: Clone>(node: &Option<Node<T>>) -> Option<Node<T>> {
        node.as_ref().map(n)
    }
    /// A list with each item as `f` makes it.
    fn all<T, F: Fn(&T) -> T>(
        node: &Option<Node<Box<[Node<T>]>>>,
        f: F,
    ) -> Option<Node<Box<[Node<T>]>>> {
        node.as_ref()
            .map(|l| bare(l.value.iter().map(|item| bare(f(&item.value))).collect()))
    }
    let meeting = c.meeting.as_ref().map(|m| {
        let m = &m.value;
        bare(Meeting {
            cadence: o(&m.cadence),
            weekday: o(&m.weekday),
            week: o(&m.week),
            time: o(&m.time),
            timezone: o(&m.timezone),
            duration: o(&m.duration),
            start: o(&m.start),
            url: o(&m.url),
        })
    });
    Community {
        subject: o(&c.subject),
        status: o(&c.status),
        description: o(&c.description),
        facilitators: all(&c.facilitators, Text::clone),
        members: all(&c.members, Text::clone),
        contributors: all(&c.contributors, Text::clone),
        alumni: all(&c.alumni, Text::clone),
        channel: o(&c.channel),
        meeting,
        project: o(&c.project),
        topics: all(&c.topics, Text::clone),
        events: all(&c.events, |e: &Event| Event {
            date: n(&e.date),
            title: n(&e.title),
            kind: o(&e.kind),
            url: o(&e.url),
        }),
        waivers: all(&c.waivers, |w: &Waiver| Waiver {
            rule: n(&w.rule),
            reason: n(&w.reason),
            until: o(&w.until),
        }),
    }
}
