//! `invalid-timezone`: `meeting.timezone` names a zone of the IANA time zone database, spelt
//! as the database spells it (it becomes the calendar's TZID, which clients match exactly).

use super::Context;
use crate::calendar::zone;
use crate::finding::{Finding, RuleId};

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (entry, community) in ctx.communities() {
        let Some(node) = community
            .meeting
            .as_ref()
            .and_then(|m| m.value.timezone.as_ref())
        else {
            continue;
        };
        if zone::get(&node.value).is_some() {
            continue;
        }
        let help = match zone::suggest(&node.value) {
            Some(name) => format!("did you mean `{name}`?"),
            None => "write an IANA zone name such as `Europe/Berlin`, `America/New_York` or `UTC`"
                .into(),
        };
        out.push(
            entry
                .finding(
                    RuleId::InvalidTimezone,
                    node.at(),
                    format!("`{}` is not a time zone of the IANA database", node.value),
                )
                .label("unknown time zone")
                .help(help),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn finds_unknown_zones_with_a_suggestion() {
        let source = format!("{ACTIVE}  timezone: Europe/Berln\n");
        let found = findings(check, &[("x", &source)]);
        assert_eq!(places(&found), [("x".to_string(), 7, 13)]);
        assert_eq!(
            found[0].message,
            "`Europe/Berln` is not a time zone of the IANA database"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("did you mean `Europe/Berlin`?")
        );
        assert_eq!(
            found[0].source_line.as_deref(),
            Some("  timezone: Europe/Berln")
        );
    }

    #[test]
    fn far_off_names_get_examples_and_good_names_pass() {
        let far = format!("{ACTIVE}  timezone: Mars/Olympus\n");
        let found = findings(check, &[("x", &far)]);
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`America/New_York`")
        );
        for good in [
            "Europe/Berlin",
            "UTC",
            "Asia/Tokyo",
            "America/Argentina/Buenos_Aires",
        ] {
            let source = format!("{ACTIVE}  timezone: {good}\n");
            assert!(findings(check, &[("x", &source)]).is_empty(), "{good}");
        }
        assert!(findings(check, &[("x", ACTIVE)]).is_empty());
    }
}
