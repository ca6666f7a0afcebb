//! `invalid-handle`: a handle is `@` then `[A-Za-z0-9_][A-Za-z0-9_.-]*`, at most 255 characters.

use super::Context;
use crate::finding::{Finding, RuleId};

pub const MAX_HANDLE_LEN: usize = 255;

pub fn is_valid_handle(handle: &str) -> bool {
    let Some(name) = handle.strip_prefix('@') else {
        return false;
    };
    let mut bytes = name.bytes();
    handle.len() <= MAX_HANDLE_LEN
        && bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (entry, community) in ctx.communities() {
        let lists = [
            community.facilitators(),
            community.members(),
            community.contributors(),
            community.alumni(),
        ];
        for handle in lists.into_iter().flatten() {
            if is_valid_handle(&handle.value) {
                continue;
            }
            out.push(
                entry
                    .finding(
                        RuleId::InvalidHandle,
                        handle.at(),
                        format!("`{}` is not a handle", handle.value),
                    )
                    .label("not a handle")
                    .help("write a handle as `@` and the user name, quoted: \"@jsandlin\""),
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
    fn handle_form() {
        for h in ["@a", "@samer.akkoub", "@_x", "@a-b_c.d", "@DarwinJS"] {
            assert!(is_valid_handle(h), "{h}");
        }
        let long = format!("@{}", "a".repeat(255));
        for h in ["a", "@", "@.a", "@-a", "@a b", "@é", "@@a", long.as_str()] {
            assert!(!is_valid_handle(h), "{h}");
        }
    }

    #[test]
    fn fires_on_each_bad_handle() {
        let source = ACTIVE.replace("\"@cy\"", "\"cy\"") + "contributors: [\"@ok\", \"@not ok\"]\n";
        let found = findings(check, &[("x", &source)]);
        assert_eq!(
            places(&found),
            [("x".to_string(), 3, 27), ("x".to_string(), 7, 23)]
        );
    }

    #[test]
    fn good_handles_pass() {
        assert!(findings(check, &[("x", ACTIVE)]).is_empty());
    }
}
