//! The registry seen by person: every distinct handle (case-folded, shown as first written in
//! id order) with the communities it takes part in and how, for `cop person` and `cop people`.

use std::collections::BTreeMap;

use crate::community::Status;
use crate::config::Config;
use crate::load::Loaded;
use crate::text::handle_key;

/// A way of taking part in a community, in the order `cop person` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Facilitator,
    Member,
    Contributor,
    Alumnus,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Facilitator => "facilitator",
            Role::Member => "member",
            Role::Contributor => "contributor",
            Role::Alumnus => "alumnus",
        }
    }
}

/// One community a person is in.
#[derive(Debug, Clone)]
pub struct Membership {
    pub id: String,
    pub subject: String,
    pub status: Status,
    pub roles: Vec<Role>,
}

impl Membership {
    /// Member or facilitator of an active community: what `overcommitted` counts.
    pub fn counts(&self) -> bool {
        self.status == Status::Active
            && self
                .roles
                .iter()
                .any(|r| matches!(r, Role::Facilitator | Role::Member))
    }
}

/// One person and every community they are in, by id.
#[derive(Debug, Clone)]
pub struct Person {
    /// The handle as first written (in id order).
    pub handle: String,
    pub communities: Vec<Membership>,
}

impl Person {
    /// Active communities as member or facilitator.
    pub fn active(&self) -> usize {
        self.communities.iter().filter(|m| m.counts()).count()
    }

    pub fn overcommitted(&self, config: &Config) -> bool {
        self.active() > config.rules.max_communities_per_person as usize
    }

    /// Ids of the communities where the person has `pick`.
    pub fn ids(&self, pick: impl Fn(&Membership) -> bool) -> Vec<String> {
        let mut ids: Vec<String> = self
            .communities
            .iter()
            .filter(|m| pick(m))
            .map(|m| m.id.clone())
            .collect();
        ids.sort();
        ids
    }
}

/// Every person of the registry, sorted by the handle lower-cased.
pub fn people(loaded: &Loaded) -> Vec<Person> {
    let mut by_key: BTreeMap<String, Person> = BTreeMap::new();
    for (entry, c) in loaded.communities() {
        let lists = [
            (Role::Facilitator, c.facilitators()),
            (Role::Member, c.members()),
            (Role::Contributor, c.contributors()),
            (Role::Alumnus, c.alumni()),
        ];
        for (role, list) in lists {
            for h in list {
                let person = by_key
                    .entry(handle_key(&h.value).into_owned())
                    .or_insert_with(|| Person {
                        handle: h.value.to_string(),
                        communities: Vec::new(),
                    });
                match person.communities.iter_mut().find(|m| m.id == entry.id) {
                    Some(m) if !m.roles.contains(&role) => m.roles.push(role),
                    Some(_) => {}
                    None => person.communities.push(Membership {
                        id: entry.id.to_string(),
                        subject: c.subject().unwrap_or_default().to_string(),
                        status: c.status(),
                        roles: vec![role],
                    }),
                }
            }
        }
    }
    by_key.into_values().collect()
}

/// "3-5 hours a month" for one community, times `n`.
pub fn hours(n: usize) -> String {
    if n == 0 {
        return "no hours a month".into();
    }
    format!("{}-{} hours a month", 3 * n, 5 * n)
}
