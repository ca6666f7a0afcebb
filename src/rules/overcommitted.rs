//! `overcommitted`: a person is a member (or facilitator) of at most
//! `max_communities_per_person` active communities (GitLab: 3-5 hours a month each). Reported
//! once per person, at the membership that goes over the limit, naming every community.

use std::borrow::Cow;

use super::Context;
use crate::community::{Node, Status, Text};
use crate::finding::{Finding, RuleId};
use crate::load::Entry;
use crate::text;

pub fn check(ctx: &Context) -> Vec<Finding> {
    let max = ctx.config.rules.max_communities_per_person as usize;
    // Every membership, by person and then in the order of the communities (the newcomer
    // last): one sort of 100,000 entries, not a map entry and a list for each person.
    let mut all: Vec<(Cow<str>, usize, &Entry, &Node<Text>)> = Vec::new();
    for (entry, community) in ctx.communities_newcomer_last() {
        if community.status() != Status::Active {
            continue;
        }
        for handle in community.core_team() {
            all.push((text::handle_key(&handle.value), all.len(), entry, handle));
        }
    }
    all.sort_unstable_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut out = Vec::new();
    for memberships in all.chunk_by(|a, b| a.0 == b.0).filter(|m| m.len() > max) {
        let (_, _, entry, handle) = memberships[max];
        let ids: Vec<String> = memberships
            .iter()
            .map(|(_, _, e, _)| e.id.to_string())
            .collect();
        out.push(
            entry
                .finding(
                    RuleId::Overcommitted,
                    handle.at(),
                    format!(
                        "`{}` is in {} active communities; at most {max} are sustainable: {}",
                        handle.value,
                        ids.len(),
                        ids.join(", ")
                    ),
                )
                .label(format!("community number {}", max + 1))
                .help("each active member gives 3-5 hours a month; move some memberships to `contributors`")
                .related(ids.into_iter().filter(|id| *id != entry.id).collect()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::config::Config;

    fn with_subject(n: usize) -> String {
        ACTIVE.replace("Infrastructure As Code", &format!("S{n}"))
    }

    #[test]
    fn fires_once_past_the_limit() {
        let files: Vec<(String, String)> =
            (0..5).map(|n| (format!("c{n}"), with_subject(n))).collect();
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let found = findings(check, &files);
        // @ann, @bob and @cy are each in five communities; the fifth (c4) tips each over.
        assert_eq!(found.len(), 3);
        assert!(found.iter().all(|f| f.community.as_deref() == Some("c4")));
        assert_eq!(found[0].related, ["c0", "c1", "c2", "c3"]);
        assert!(findings(check, &files[..4]).is_empty());
        // With c0 being added (`cop new`), the finding is at c0, the one that tips it over.
        let loaded = loaded(&files);
        let config = Config::default();
        let found = check(&Context::new(&config, &loaded).with_newcomer("c0"));
        assert!(found.iter().all(|f| f.community.as_deref() == Some("c0")));
        assert_eq!(found[0].related, ["c1", "c2", "c3", "c4"]);
    }

    #[test]
    fn only_active_communities_count_and_limit_is_configurable() {
        let proposed = with_subject(9) + "status: proposed\n";
        let files = [("a", ACTIVE), ("b", proposed.as_str())];
        let mut config = Config::default();
        config.rules.max_communities_per_person = 1;
        assert!(findings_with(check, &config, &files).is_empty());
        let active = with_subject(8);
        let files = [("a", ACTIVE), ("b", active.as_str())];
        assert_eq!(findings_with(check, &config, &files).len(), 3);
    }

    #[test]
    fn archived_communities_take_no_part() {
        // Archived communities list nobody, but one that still does (an archived-has-members
        // finding) must not count twice against its former members.
        let ended = with_subject(7) + "status: archived\n";
        let files = [("a", ACTIVE), ("b", ended.as_str())];
        let mut config = Config::default();
        config.rules.max_communities_per_person = 1;
        assert!(findings_with(check, &config, &files).is_empty());
    }
}
