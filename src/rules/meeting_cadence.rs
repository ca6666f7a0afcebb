//! `meeting-cadence`: the community meets at least as often as `max_meeting_interval`
//! (GitLab: "the core team meets once a month").

use super::Context;
use crate::finding::{Finding, RuleId};

pub fn check(ctx: &Context) -> Vec<Finding> {
    let max = ctx.config.rules.max_meeting_interval;
    let mut out = Vec::new();
    for (entry, community) in ctx.communities() {
        let Some(cadence) = community.cadence() else {
            continue;
        };
        if cadence.value <= max {
            continue;
        }
        out.push(
            entry
                .finding(
                    RuleId::MeetingCadence,
                    cadence.at(),
                    format!(
                        "meets {}; the registry asks for {max} or more often",
                        cadence.value
                    ),
                )
                .label(format!("rarer than {max}"))
                .help(format!("meet {max} or more often (`cadence: {max}`)")),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::community::Cadence;
    use crate::config::Config;

    #[test]
    fn monthly_passes_quarterly_fails() {
        assert!(findings(check, &[("x", ACTIVE)]).is_empty());
        let source = ACTIVE.replace("monthly", "quarterly");
        let found = findings(check, &[("x", &source)]);
        assert_eq!(places(&found), [("x".to_string(), 6, 12)]);
    }

    #[test]
    fn threshold_is_configurable() {
        let mut config = Config::default();
        config.rules.max_meeting_interval = Cadence::Weekly;
        assert_eq!(findings_with(check, &config, &[("x", ACTIVE)]).len(), 1);
    }
}
