//! `channel-prefix`: the channel starts with the registry's prefix (GitLab: `#cp_`) and is
//! made of lowercase letters, digits, `-` and `_`, at most 80 characters after the `#`.

use super::Context;
use crate::finding::{Finding, RuleId};

pub const MAX_CHANNEL_LEN: usize = 80;

/// Why `channel` is not a valid channel name under `prefix`, if it is not.
pub fn problem(channel: &str, prefix: &str) -> Option<String> {
    let Some(rest) = channel.strip_prefix(prefix) else {
        return Some(format!("does not start with `{prefix}`"));
    };
    if rest.is_empty() {
        return Some("has nothing after the prefix".into());
    }
    if let Some(bad) = rest
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_')))
    {
        return Some(format!(
            "holds `{bad}`; use lowercase letters, digits, `-` and `_`"
        ));
    }
    let len = channel.trim_start_matches('#').chars().count();
    (len > MAX_CHANNEL_LEN)
        .then(|| format!("is {len} characters long; at most {MAX_CHANNEL_LEN} are allowed"))
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let prefix = &ctx.config.rules.channel_prefix;
    let mut out = Vec::new();
    for (entry, community) in ctx.communities() {
        let Some(channel) = &community.channel else {
            continue;
        };
        if let Some(problem) = problem(&channel.value, prefix) {
            out.push(
                entry
                    .finding(
                        RuleId::ChannelPrefix,
                        channel.at(),
                        format!("channel `{}` {problem}", channel.value),
                    )
                    .label("bad channel")
                    .help(format!("name the channel `{prefix}` and the community's id, such as \"{prefix}{}\"", entry.id)),
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
    fn channel_forms() {
        assert_eq!(problem("#cp_iac", "#cp_"), None);
        assert_eq!(problem("#cp_a-b_2", "#cp_"), None);
        assert!(problem("#iac", "#cp_").unwrap().contains("start"));
        assert!(problem("#cp_", "#cp_").is_some());
        assert!(problem("#cp_IaC", "#cp_").unwrap().contains("`I`"));
        assert!(
            problem(&format!("#cp_{}", "a".repeat(78)), "#cp_")
                .unwrap()
                .contains("81")
        );
        assert_eq!(problem(&format!("#cp_{}", "a".repeat(76)), "#cp_"), None);
    }

    #[test]
    fn fires_at_the_channel_value() {
        let source = ACTIVE.replace("#cp_iac", "#iac");
        let found = findings(check, &[("iac", &source)]);
        assert_eq!(places(&found), [("iac".to_string(), 4, 10)]);
        assert!(findings(check, &[("iac", ACTIVE)]).is_empty());
    }
}
