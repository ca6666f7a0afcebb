//! `duplicate-subject`: no two communities share a subject, compared with case and white space
//! folded. Reported on every community after the first, in id order.

use super::Context;
use crate::finding::{Finding, RuleId};

/// A subject as compared: lower-cased, runs of white space as one space, trimmed.
pub fn fold(subject: &str) -> String {
    let mut out = String::with_capacity(subject.len());
    for word in subject.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    // In place for ASCII; otherwise as a whole, for the final sigma of a Greek word.
    match out.is_ascii() {
        true => {
            out.make_ascii_lowercase();
            out
        }
        false => out.to_lowercase(),
    }
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    super::duplicates(
        ctx,
        RuleId::DuplicateSubject,
        |c| c.subject.as_ref().map(|s| (fold(&s.value), s)),
        |value, first| format!("subject `{value}` is also the subject of `{first}`"),
        "give each community its own subject, or merge the two communities",
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn folds_as_joining_the_words_and_lower_casing_the_whole() {
        for subject in [
            "",
            "  ",
            "Ab  Cd",
            " ΟΔΟΣ Σ ",
            "Ärzte\u{3000}Team",
            "a\u{85}B",
            "İx",
        ] {
            let words: Vec<&str> = subject.split_whitespace().collect();
            assert_eq!(fold(subject), words.join(" ").to_lowercase(), "{subject:?}");
        }
    }

    #[test]
    fn folds_case_and_white_space() {
        assert_eq!(
            fold("  Infrastructure   As\tCode "),
            "infrastructure as code"
        );
    }

    #[test]
    fn fires_on_the_later_community() {
        let other = ACTIVE.replace("Infrastructure As Code", "infrastructure  as code");
        let found = findings(
            check,
            &[("b", &other), ("a", ACTIVE), ("c", "subject: Else\n")],
        );
        assert_eq!(places(&found), [("b".to_string(), 1, 10)]);
        assert_eq!(found[0].related, ["a"]);
        assert!(found[0].involves("a") && found[0].involves("b") && !found[0].involves("c"));
    }

    #[test]
    fn a_newcomer_is_reported_whatever_its_id() {
        let other = ACTIVE.replace("Infrastructure As Code", "infrastructure  as code");
        let loaded = loaded(&[("a", ACTIVE), ("b", &other)]);
        let config = crate::config::Config::default();
        let found = check(&super::super::Context::new(&config, &loaded).with_newcomer("a"));
        assert_eq!(places(&found), [("a".to_string(), 1, 10)]);
        assert_eq!(found[0].related, ["b"]);
    }

    #[test]
    fn archived_communities_take_no_part() {
        let ended = "subject: Infrastructure As Code\nstatus: archived\n";
        assert!(findings(check, &[("a", ended), ("b", ACTIVE)]).is_empty());
        assert!(findings(check, &[("a", ACTIVE), ("b", ended)]).is_empty());
        let proposed = "subject: Infrastructure as code\nstatus: proposed\n";
        let found = findings(check, &[("a", ended), ("b", ACTIVE), ("c", proposed)]);
        assert_eq!(places(&found), [("c".to_string(), 1, 10)]);
        assert_eq!(found[0].related, ["b"]);
    }
}
