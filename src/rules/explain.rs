//! What each rule means, from one source: a Markdown file per rule id in `src/rules/explain/`
//! (its first line is the rule's summary). `cop explain`, the rules list of `cop check --help`,
//! SARIF's rule descriptions and the generated `docs/rules.md` all read it, so they cannot drift.

use crate::finding::{RuleId, Severity};

/// The text of `rule`'s file: its summary line, then "What it checks", "Why" and "How to fix".
fn source(rule: RuleId) -> &'static str {
    match rule {
        RuleId::ParseError => include_str!("explain/parse-error.md"),
        RuleId::InvalidId => include_str!("explain/invalid-id.md"),
        RuleId::MissingField => include_str!("explain/missing-field.md"),
        RuleId::MinMembers => include_str!("explain/min-members.md"),
        RuleId::FacilitatorNotMember => include_str!("explain/facilitator-not-member.md"),
        RuleId::DuplicateHandle => include_str!("explain/duplicate-handle.md"),
        RuleId::InvalidHandle => include_str!("explain/invalid-handle.md"),
        RuleId::ChannelPrefix => include_str!("explain/channel-prefix.md"),
        RuleId::MeetingCadence => include_str!("explain/meeting-cadence.md"),
        RuleId::InvalidUrl => include_str!("explain/invalid-url.md"),
        RuleId::ReadmeMissing => include_str!("explain/readme-missing.md"),
        RuleId::ArchivedHasMembers => include_str!("explain/archived-has-members.md"),
        RuleId::DuplicateSubject => include_str!("explain/duplicate-subject.md"),
        RuleId::DuplicateChannel => include_str!("explain/duplicate-channel.md"),
        RuleId::Stale => include_str!("explain/stale.md"),
        RuleId::Overcommitted => include_str!("explain/overcommitted.md"),
        RuleId::MarkerError => include_str!("explain/marker-error.md"),
        RuleId::RenderStale => include_str!("explain/render-stale.md"),
        RuleId::TemplateError => include_str!("explain/template-error.md"),
        RuleId::InvalidTimezone => include_str!("explain/invalid-timezone.md"),
        RuleId::MeetingClash => include_str!("explain/meeting-clash.md"),
    }
}

/// One line on what the rule checks.
pub fn summary(rule: RuleId) -> &'static str {
    source(rule).lines().next().unwrap_or_default()
}

/// Whether a community can waive the rule in its `waivers:`: rules about the files rather than
/// the community cannot be (SPEC §1).
pub fn waivable(rule: RuleId) -> bool {
    !matches!(
        rule,
        RuleId::ParseError
            | RuleId::InvalidId
            | RuleId::MarkerError
            | RuleId::RenderStale
            | RuleId::TemplateError
    )
}

/// Everything about one rule, as Markdown whose top heading has `level` `#`s.
fn section(rule: RuleId, level: usize) -> String {
    let top = "#".repeat(level);
    let sub = "#".repeat(level + 1);
    let id = rule.as_str();
    let body = source(rule)
        .split_once('\n')
        .map_or("", |(_, rest)| rest)
        .trim()
        .replace("\n## ", &format!("\n{sub} "));
    let body = body
        .strip_prefix("## ")
        .map_or(body.clone(), |rest| format!("{sub} {rest}"));
    let severity = match rule.default_severity() {
        Severity::Warning => "warning (fails `cop check` only with `--strict`)",
        _ => "error",
    };
    format!(
        "{top} `{id}`: {}\n\nDefault severity: {severity}.\n\n{body}\n\n{sub} How to waive\n\n{}\n",
        summary(rule),
        waive(rule)
    )
}

/// How to turn the rule off for one community, the registry or one run.
fn waive(rule: RuleId) -> String {
    let id = rule.as_str();
    let community = if waivable(rule) {
        format!(
            "When one community is a real exception, record it in its `community.yaml` with the\n\
             reason and, if it is temporary, the last day it holds. Its `{id}` findings then\n\
             become a note that reviewers see, and come back after `until`:\n\n\
             ```yaml\nwaivers:\n  - rule: {id}\n    reason: \"Why this community is an exception\"\n    until: 2027-03-31\n```\n\n"
        )
    } else {
        format!(
            "`{id}` is about the files rather than a community, so a `waivers:` entry cannot\n\
             exempt from it (such a waiver is itself a `parse-error`).\n\n"
        )
    };
    format!(
        "{community}For the whole registry, set the rule's severity in `cop.yaml` (`error`,\n\
         `warning` or `off`):\n\n```yaml\nseverity:\n  {id}: warning\n```\n\n\
         For one run: `cop check --skip {id}`."
    )
}

/// `cop explain RULE`.
pub fn explain(rule: RuleId) -> String {
    section(rule, 1)
}

/// Every rule id with its summary, one a line (wrapped to fit 100 columns, the width of
/// clap's help), after `heading`.
pub fn list(heading: &str) -> String {
    let width = RuleId::ALL
        .iter()
        .map(|r| r.as_str().len())
        .max()
        .unwrap_or(0);
    let mut out = format!("{heading}\n");
    for rule in RuleId::ALL {
        let mut line = format!("  {:width$} ", rule.as_str());
        for word in summary(rule).split(' ') {
            if line.len() + 1 + word.len() > 98 {
                out.push_str(line.trim_end());
                out.push('\n');
                line = " ".repeat(width + 3);
            }
            line.push(' ');
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The long help of `cop check`: its examples, then every rule.
pub fn check_help(examples: &str) -> String {
    format!(
        "{examples}\n\n{}",
        list("Rules (`cop explain RULE` tells what each checks, why, and how to fix or waive it):")
            .trim_end()
    )
}

/// `docs/rules.md`: every rule, in the contract's order.
pub fn document() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated by `cop explain --all > docs/rules.md`; edit src/rules/explain/*.md instead. -->\n\n\
         `cop check` applies every rule below to every community and page. `cop explain RULE`\n\
         prints one of these sections.\n\n| rule | default | what it checks |\n| --- | --- | --- |\n",
    );
    for rule in RuleId::ALL {
        out.push_str(&format!(
            "| [`{id}`](#{id}) | {} | {} |\n",
            rule.default_severity().as_str(),
            summary(rule).replace('|', "\\|"),
            id = rule.as_str()
        ));
    }
    for rule in RuleId::ALL {
        out.push('\n');
        out.push_str(&section(rule, 2));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_every_part() {
        for rule in RuleId::ALL {
            let text = explain(rule);
            for part in [
                "## What it checks",
                "## Why",
                "## How to fix",
                "## How to waive",
            ] {
                assert!(text.contains(part), "{rule}: {part}\n{text}");
            }
            assert!(
                !summary(rule).is_empty() && !summary(rule).ends_with('.'),
                "{rule}"
            );
        }
    }

    #[test]
    fn file_rules_cannot_be_waived_by_a_community() {
        assert!(explain(RuleId::MinMembers).contains("- rule: min-members"));
        assert!(!explain(RuleId::ParseError).contains("- rule: parse-error"));
    }
}
