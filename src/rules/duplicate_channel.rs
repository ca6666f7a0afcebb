//! `duplicate-channel`: no two communities share a chat channel. Reported on every community
//! after the first, in id order.

use super::Context;
use crate::finding::{Finding, RuleId};

pub fn check(ctx: &Context) -> Vec<Finding> {
    super::duplicates(
        ctx,
        RuleId::DuplicateChannel,
        |c| {
            c.channel
                .as_ref()
                .map(|s| (s.value.trim().to_lowercase(), s))
        },
        |value, first| format!("channel `{value}` is also the channel of `{first}`"),
        "give each community its own channel",
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn fires_on_the_later_community_only() {
        let other = ACTIVE.replace("Infrastructure As Code", "Other");
        let found = findings(check, &[("a", ACTIVE), ("b", &other)]);
        assert_eq!(places(&found), [("b".to_string(), 4, 10)]);
        let distinct = other.replace("#cp_iac", "#cp_other");
        assert!(findings(check, &[("a", ACTIVE), ("b", &distinct)]).is_empty());
    }

    #[test]
    fn archived_communities_take_no_part() {
        let ended = "subject: Old\nstatus: archived\nchannel: \"#cp_iac\"\n";
        assert!(findings(check, &[("a", ended), ("b", ACTIVE)]).is_empty());
        assert!(findings(check, &[("a", ACTIVE), ("b", ended)]).is_empty());
    }
}
