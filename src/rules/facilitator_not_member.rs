//! `facilitator-not-member`: every facilitator is also listed in members.

use std::collections::HashSet;

use super::Context;
use crate::finding::{Finding, RuleId};
use crate::text;

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (entry, community) in ctx.communities() {
        // Members that could not all be read (or a misspelt `membres:`): a parse-error says so.
        if entry.accounted_for("members") {
            continue;
        }
        let members: HashSet<_> = community
            .members()
            .iter()
            .map(|m| text::handle_key(&m.value))
            .collect();
        for facilitator in community.facilitators() {
            if members.contains(&text::handle_key(&facilitator.value)) {
                continue;
            }
            out.push(
                entry
                    .finding(
                        RuleId::FacilitatorNotMember,
                        facilitator.at(),
                        format!(
                            "facilitator `{}` is not listed in members",
                            facilitator.value
                        ),
                    )
                    .label("not a member")
                    .help(format!("add \"{}\" to `members:`", facilitator.value)),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn facilitator_among_members_passes() {
        assert!(findings(check, &[("iac", ACTIVE)]).is_empty());
    }

    #[test]
    fn fires_at_the_facilitator_item() {
        let source = ACTIVE.replace(
            "facilitators: [\"@ann\"]",
            "facilitators: [\"@ann\", \"@zed\"]",
        );
        let found = findings(check, &[("iac", &source)]);
        assert_eq!(places(&found), [("iac".to_string(), 2, 24)]);
        assert!(found[0].message.contains("@zed"));
    }

    #[test]
    fn compares_case_insensitively() {
        let source = ACTIVE.replace("[\"@ann\"]", "[\"@Ann\"]");
        assert!(findings(check, &[("iac", &source)]).is_empty());
    }

    #[test]
    fn a_misspelt_members_key_is_left_to_its_parse_error() {
        let source = ACTIVE.replace("members:", "membres:");
        assert!(findings(check, &[("iac", &source)]).is_empty());
        let source = ACTIVE.replace("\"@ann\", \"@bob\"", "~, \"@bob\"");
        assert!(findings(check, &[("iac", &source)]).is_empty());
    }
}
