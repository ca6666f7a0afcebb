//! `min-members`: an active community has at least `min_members` distinct members (GitLab:
//! "three or more members").

use super::Context;
use crate::community::Status;
use crate::finding::{Finding, RuleId};
use crate::text;

pub fn check(ctx: &Context) -> Vec<Finding> {
    let min = ctx.config.rules.min_members as usize;
    let mut out = Vec::new();
    for (entry, community) in ctx.communities() {
        let Some(members) = &community.members else {
            continue; // missing-field reports it
        };
        // A list with an unreadable item, or a misspelt key beside it: a parse-error says so.
        let unsure = entry.accounted_for("members") || entry.accounted_for("status");
        if community.status() != Status::Active || unsure {
            continue;
        }
        let distinct = community.distinct_members();
        if distinct.len() >= min {
            continue;
        }
        let count = text::count(distinct.len(), "member");
        out.push(
            entry
                .finding(
                    RuleId::MinMembers,
                    members.key(),
                    format!("active community has {count}; at least {min} are required"),
                )
                .label(count)
                .help(format!(
                    "enlist more members, or set `status: proposed` until there are {}",
                    number_word(min)
                )),
        );
    }
    out
}

fn number_word(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::config::Config;

    #[test]
    fn three_members_pass() {
        assert!(findings(check, &[("iac", ACTIVE)]).is_empty());
    }

    #[test]
    fn one_member_fires_at_the_members_key() {
        let source = "subject: TKGI\nfacilitators: [\"@s\"]\nmembers:\n  - \"@s\"\n";
        let found = findings(check, &[("tkgi", source)]);
        assert_eq!(places(&found), [("tkgi".to_string(), 3, 1)]);
        assert_eq!(
            found[0].message,
            "active community has 1 member; at least 3 are required"
        );
        assert_eq!(found[0].label, "1 member");
        assert_eq!(found[0].pos.len, 7);
    }

    #[test]
    fn members_are_counted_case_insensitively() {
        let source = ACTIVE.replace("\"@bob\", \"@cy\"", "\"@ANN\", \"@cy\"");
        assert_eq!(findings(check, &[("x", &source)]).len(), 1);
    }

    #[test]
    fn proposed_communities_are_exempt_and_threshold_is_configurable() {
        let source = "subject: X\nstatus: proposed\nmembers: [\"@a\"]\n";
        assert!(findings(check, &[("x", source)]).is_empty());
        let mut config = Config::default();
        config.rules.min_members = 4;
        assert_eq!(findings_with(check, &config, &[("x", ACTIVE)]).len(), 1);
    }

    #[test]
    fn members_that_could_not_all_be_read_are_left_to_their_parse_error() {
        let source = ACTIVE.replace("\"@bob\", \"@cy\"", "~, 3");
        assert!(findings(check, &[("x", &source)]).is_empty());
        let source = "subject: X\nstatus: activ\nmembers: [\"@a\"]\n";
        assert!(findings(check, &[("x", source)]).is_empty());
    }
}
