//! `archived-has-members`: an archived community lists nobody in facilitators or members;
//! former members belong in `alumni`.

use super::Context;
use crate::community::Status;
use crate::finding::{Finding, RuleId};

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (entry, community) in ctx.communities() {
        if community.status() != Status::Archived {
            continue;
        }
        for (field, list) in [
            ("facilitators", &community.facilitators),
            ("members", &community.members),
        ] {
            let Some(list) = list.as_ref().filter(|l| !l.value.is_empty()) else {
                continue;
            };
            out.push(
                entry
                    .finding(
                        RuleId::ArchivedHasMembers,
                        list.key(),
                        format!(
                            "archived community still lists {} in `{field}`",
                            crate::text::count(list.value.len(), "person")
                        ),
                    )
                    .label("should be empty")
                    .help(format!("move everyone from `{field}` to `alumni`")),
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
    fn archived_with_members_fires_per_list() {
        let source = ACTIVE.to_string() + "status: archived\n";
        let found = findings(check, &[("x", &source)]);
        assert_eq!(
            places(&found),
            [("x".to_string(), 2, 1), ("x".to_string(), 3, 1)]
        );
        assert!(
            found[1].message.contains("3 people"),
            "{}",
            found[1].message
        );
    }

    #[test]
    fn archived_with_alumni_passes_and_active_is_ignored() {
        let source = "subject: X\nstatus: archived\nmembers: []\nalumni: [\"@a\"]\n";
        assert!(findings(check, &[("x", source)]).is_empty());
        assert!(findings(check, &[("x", ACTIVE)]).is_empty());
    }
}
