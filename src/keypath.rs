//! Where in a community a position points, as a key path (`members[2]`, `meeting.url`,
//! `events[0].title`): what identifies a finding in its file, so that its fingerprint (SPEC §4)
//! survives unrelated lines moving and never depends on the line's text.

use crate::community::{Community, Node, Pos};

/// The key path of the deepest key or value of `community` that starts at `pos`.
pub fn at(community: &Community, pos: Pos) -> Option<String> {
    let mut found = Vec::new();
    let c = community;
    leaf(&mut found, "subject", c.subject.as_ref(), pos);
    leaf(&mut found, "status", c.status.as_ref(), pos);
    leaf(&mut found, "description", c.description.as_ref(), pos);
    list(
        &mut found,
        "facilitators",
        &c.facilitators,
        pos,
        |_, _, _| {},
    );
    list(&mut found, "members", &c.members, pos, |_, _, _| {});
    list(
        &mut found,
        "contributors",
        &c.contributors,
        pos,
        |_, _, _| {},
    );
    list(&mut found, "alumni", &c.alumni, pos, |_, _, _| {});
    leaf(&mut found, "channel", c.channel.as_ref(), pos);
    if let Some(meeting) = &c.meeting {
        if starts(meeting, pos) {
            found.push("meeting".to_string());
        }
        let m = &meeting.value;
        leaf(&mut found, "meeting.cadence", m.cadence.as_ref(), pos);
        leaf(&mut found, "meeting.weekday", m.weekday.as_ref(), pos);
        leaf(&mut found, "meeting.week", m.week.as_ref(), pos);
        leaf(&mut found, "meeting.time", m.time.as_ref(), pos);
        leaf(&mut found, "meeting.timezone", m.timezone.as_ref(), pos);
        leaf(&mut found, "meeting.duration", m.duration.as_ref(), pos);
        leaf(&mut found, "meeting.start", m.start.as_ref(), pos);
        leaf(&mut found, "meeting.url", m.url.as_ref(), pos);
    }
    leaf(&mut found, "project", c.project.as_ref(), pos);
    list(&mut found, "topics", &c.topics, pos, |_, _, _| {});
    list(
        &mut found,
        "events",
        &c.events,
        pos,
        |found, path, event| {
            leaf(found, &format!("{path}.date"), Some(&event.date), pos);
            leaf(found, &format!("{path}.title"), Some(&event.title), pos);
            leaf(found, &format!("{path}.kind"), event.kind.as_ref(), pos);
            leaf(found, &format!("{path}.url"), event.url.as_ref(), pos);
        },
    );
    list(
        &mut found,
        "waivers",
        &c.waivers,
        pos,
        |found, path, waiver| {
            leaf(found, &format!("{path}.rule"), Some(&waiver.rule), pos);
            leaf(found, &format!("{path}.reason"), Some(&waiver.reason), pos);
            leaf(found, &format!("{path}.until"), waiver.until.as_ref(), pos);
        },
    );
    // Deeper paths are longer: `members[0]` rather than `members` when a list and its first
    // item start at one place.
    found
        .into_iter()
        .max_by_key(|path| path.matches(['.', '[']).count())
}

fn starts<T>(node: &Node<T>, pos: Pos) -> bool {
    let same = |p: Pos| p.line == pos.line && p.column == pos.column;
    same(node.key()) || same(node.at())
}

fn leaf<T>(found: &mut Vec<String>, path: &str, node: Option<&Node<T>>, pos: Pos) {
    if node.is_some_and(|n| starts(n, pos)) {
        found.push(path.to_string());
    }
}

/// A list field and its items (`name[i]`), with `inner` looking inside each item.
fn list<T>(
    found: &mut Vec<String>,
    name: &str,
    node: &Option<Node<Box<[Node<T>]>>>,
    pos: Pos,
    inner: impl Fn(&mut Vec<String>, &str, &T),
) {
    let Some(node) = node else { return };
    if starts(node, pos) {
        found.push(name.to_string());
    }
    for (i, item) in node.value.iter().enumerate() {
        let path = format!("{name}[{i}]");
        if starts(item, pos) {
            found.push(path.clone());
        }
        inner(found, &path, &item.value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Community {
        crate::load::parse_community(source).unwrap()
    }

    fn pos(line: u32, column: u32) -> Pos {
        Pos {
            line,
            column,
            len: 0,
        }
    }

    #[test]
    fn paths_of_keys_items_and_nested_values() {
        let c = parse(
            "subject: S\nfacilitators:\n  - \"@Bad!\"\nmembers:\n  - \"@ok\"\n  - \"@Bad!\"\nmeeting:\n  cadence: monthly\n  url: x\nevents:\n  - date: 2026-01-01\n    title: T\n",
        );
        let cases = [
            (pos(1, 1), Some("subject")),
            (pos(1, 10), Some("subject")),
            (pos(2, 1), Some("facilitators")),
            (pos(3, 5), Some("facilitators[0]")),
            (pos(6, 5), Some("members[1]")),
            (pos(7, 1), Some("meeting")),
            (pos(9, 3), Some("meeting.url")),
            (pos(12, 12), Some("events[0].title")),
            (pos(6, 6), None),
        ];
        for (at, want) in cases {
            assert_eq!(super::at(&c, at).as_deref(), want, "{at:?}");
        }
    }
}
