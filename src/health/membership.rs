//! Who is in a community, as `cop health` counts it: the distinct members (as `min-members`
//! counts them), and the people (members and facilitators) whose joining and leaving it
//! reports. Handles compare case-insensitively; each keeps its first spelling.

use std::collections::BTreeMap;

use crate::community::{Community, Status};
use crate::load::Entry;
use crate::text::handle_key;

/// The membership of one version of a community.yaml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Membership {
    pub status: Status,
    /// Distinct members: folded handle → first spelling.
    pub members: BTreeMap<String, String>,
    /// Distinct facilitators, in file order, first spellings.
    pub facilitators: Vec<String>,
    /// Members and facilitators together: folded handle → first spelling.
    pub people: BTreeMap<String, String>,
}

impl Membership {
    pub fn of(community: &Community) -> Membership {
        let mut out = Membership {
            status: community.status(),
            ..Membership::default()
        };
        for handle in community.members() {
            let key = handle_key(&handle.value).into_owned();
            out.members
                .entry(key.clone())
                .or_insert_with(|| handle.value.to_string());
            out.people
                .entry(key)
                .or_insert_with(|| handle.value.to_string());
        }
        let mut seen = std::collections::HashSet::new();
        for handle in community.facilitators() {
            let key = handle_key(&handle.value).into_owned();
            if seen.insert(key.clone()) {
                out.facilitators.push(handle.value.to_string());
            }
            out.people
                .entry(key)
                .or_insert_with(|| handle.value.to_string());
        }
        out
    }

    /// Parses one version of community.yaml read from history, as cop reads the files;
    /// `None` when it does not parse, or its status or lists of people cannot be read.
    pub fn parse(text: &str) -> Option<Membership> {
        let entry = Entry::parse(
            "history",
            "history",
            Ok(text.to_string()),
            crate::load::Readme::Absent,
        );
        let community = entry.community.as_ref()?;
        if ["status", "members", "facilitators"]
            .iter()
            .any(|key| entry.accounted_for(key))
        {
            return None;
        }
        Some(Membership::of(community))
    }

    pub fn count(&self) -> usize {
        self.members.len()
    }

    pub fn is_active(&self) -> bool {
        self.status == Status::Active
    }
}

/// The people of `now` not in `then` (joined) and of `then` not in `now` (left), sorted by
/// folded handle, each in the spelling of the side it is on.
pub fn joined_and_left(then: &Membership, now: &Membership) -> (Vec<String>, Vec<String>) {
    let joined = now
        .people
        .iter()
        .filter(|(key, _)| !then.people.contains_key(*key))
        .map(|(_, handle)| handle.clone())
        .collect();
    let left = then
        .people
        .iter()
        .filter(|(key, _)| !now.people.contains_key(*key))
        .map(|(_, handle)| handle.clone())
        .collect();
    (joined, left)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Membership {
        Membership::parse(text).unwrap()
    }

    #[test]
    fn members_are_distinct_and_facilitators_are_people() {
        let m = of(
            "subject: X\nfacilitators: [\"@Ann\", \"@zed\"]\nmembers: [\"@ann\", \"@Bob\", \"@bob\"]\n",
        );
        assert_eq!(m.count(), 2);
        assert_eq!(m.facilitators, ["@Ann", "@zed"]);
        let people: Vec<&str> = m.people.values().map(String::as_str).collect();
        assert_eq!(people, ["@ann", "@Bob", "@zed"]);
    }

    #[test]
    fn joined_and_left_compare_folded_handles() {
        let then = of("members: [\"@Ann\", \"@bob\"]\n");
        let now = of("members: [\"@ann\", \"@cy\"]\nfacilitators: [\"@Dee\"]\n");
        let (joined, left) = joined_and_left(&then, &now);
        assert_eq!(joined, ["@cy", "@Dee"]);
        assert_eq!(left, ["@bob"]);
    }

    #[test]
    fn a_version_that_does_not_parse_is_none() {
        assert_eq!(Membership::parse("members: 3\n"), None);
        assert_eq!(Membership::parse(""), Some(Membership::default()));
    }
}
