//! `duplicate-handle`: a handle appears twice in one list, or in two of members, contributors
//! and alumni (someone is a member, a contributor or a former member, not two of them).
//! Facilitators are members too, so they are checked within their own list only.

use std::borrow::Cow;
use std::collections::HashMap;

use super::Context;
use crate::community::{Node, Text};
use crate::finding::{Finding, RuleId};
use crate::text;

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (entry, community) in ctx.communities() {
        let facilitators = [("facilitators", community.facilitators())];
        let exclusive = [
            ("members", community.members()),
            ("contributors", community.contributors()),
            ("alumni", community.alumni()),
        ];
        for lists in [&facilitators[..], &exclusive[..]] {
            let mut seen: HashMap<Cow<str>, (&str, &Node<Text>)> = HashMap::new();
            for (list, handle) in lists
                .iter()
                .flat_map(|(l, items)| items.iter().map(move |h| (*l, h)))
            {
                let key = text::handle_key(&handle.value);
                match seen.get(&key) {
                    None => {
                        seen.insert(key, (list, handle));
                    }
                    Some((first_list, first)) => {
                        let place = if *first_list == list {
                            format!("appears twice in `{list}`")
                        } else {
                            format!("is in both `{first_list}` and `{list}`")
                        };
                        out.push(
                            entry
                                .finding(
                                    RuleId::DuplicateHandle,
                                    handle.at(),
                                    format!("`{}` {place}", handle.value),
                                )
                                .label(format!("also on line {}", first.at().line))
                                .help(
                                    "list each person once: a member, a contributor or an alumnus",
                                ),
                        );
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn distinct_handles_pass() {
        let source = format!("{ACTIVE}contributors: [\"@dee\"]\nalumni: [\"@eve\"]\n");
        assert!(findings(check, &[("x", &source)]).is_empty());
    }

    #[test]
    fn twice_in_one_list() {
        let source = ACTIVE.replace("\"@cy\"]", "\"@cy\", \"@BOB\"]");
        let found = findings(check, &[("x", &source)]);
        assert_eq!(places(&found), [("x".to_string(), 3, 34)]);
        assert!(found[0].message.contains("appears twice in `members`"));
    }

    #[test]
    fn member_and_alumnus() {
        let source = format!("{ACTIVE}alumni:\n  - \"@cy\"\n");
        let found = findings(check, &[("x", &source)]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].pos.line, 8);
        assert!(found[0].message.contains("both `members` and `alumni`"));
    }

    #[test]
    fn facilitator_also_member_is_fine() {
        assert!(findings(check, &[("x", ACTIVE)]).is_empty());
    }
}
