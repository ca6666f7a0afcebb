//! `invalid-url`: `project`, `meeting.url` and every event's `url` are http(s) URLs with a
//! host.

use super::Context;
use crate::finding::{Finding, RuleId};

/// The host of an http or https URL (without user or port), `None` for any other scheme.
fn host(url: &str) -> Option<&str> {
    let scheme = |prefix: &str| {
        let head = url.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix)
            .then(|| &url[prefix.len()..])
    };
    let rest = scheme("https://").or_else(|| scheme("http://"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    Some(host.split(':').next().unwrap_or(""))
}

/// Whether `url` is an absolute http or https URL with a host and no white space.
pub fn is_http_url(url: &str) -> bool {
    let Some(host) = host(url) else {
        return false;
    };
    // Byte by byte for the usual ASCII URL: the same answers as the character tests below.
    let host_ok = match host.is_ascii() {
        true => host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'[' | b']')),
        false => host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '[' | ']')),
    };
    let spaced = match url.is_ascii() {
        // ASCII white space and control characters are all at or below the space, or DEL.
        true => url.bytes().any(|b| b <= b' ' || b == 0x7f),
        false => url.chars().any(|c| c.is_whitespace() || c.is_control()),
    };
    !host.is_empty() && !host.starts_with('.') && host_ok && !spaced
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (entry, community) in ctx.communities() {
        let meeting_url = community
            .meeting
            .as_ref()
            .and_then(|m| m.value.url.as_ref());
        let events = community
            .events()
            .iter()
            .filter_map(|e| e.value.url.as_ref().map(|u| ("events.url", Some(u))));
        let fields = [
            ("project", community.project.as_ref()),
            ("meeting.url", meeting_url),
        ];
        for (field, node) in fields.into_iter().chain(events) {
            let Some(node) = node else { continue };
            if is_http_url(&node.value) {
                continue;
            }
            out.push(
                entry
                    .finding(
                        RuleId::InvalidUrl,
                        node.at(),
                        format!("`{field}` is not an http(s) URL: `{}`", node.value),
                    )
                    .label("not an http(s) URL")
                    .help("write the full address, starting with https://"),
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
    fn url_forms() {
        for u in [
            "https://gitlab.com/x",
            "http://zoom.us/j/1?pwd=a",
            "HTTPS://a.b",
            "https://h:8080",
        ] {
            assert!(is_http_url(u), "{u}");
        }
        for u in [
            "gitlab.com/x",
            "ftp://a.b",
            "https://",
            "https:///x",
            "https://a b",
            "javascript:alert(1)",
            "https://a\nb",
        ] {
            assert!(!is_http_url(u), "{u}");
        }
    }

    /// The rule as first written, character by character: the byte shortcuts must agree.
    fn by_chars(url: &str) -> bool {
        let Some(host) = host(url) else {
            return false;
        };
        !host.is_empty()
            && !host.starts_with('.')
            && host
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '[' | ']'))
            && !url.chars().any(|c| c.is_whitespace() || c.is_control())
    }

    #[test]
    fn every_ascii_character_in_host_and_path_is_judged_as_by_characters() {
        for b in 0u8..=127 {
            let c = char::from(b);
            for url in [format!("https://a{c}b/x"), format!("https://ab/x{c}y")] {
                assert_eq!(is_http_url(&url), by_chars(&url), "{url:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_shortcuts_agree_with_the_character_tests(
            host in "[a-zA-Z0-9.\\-\\[\\]@:é\u{85}\u{a0} \t\x0b\x7f]{0,12}",
            path in "[a-z/?#%\u{2028}\u{85} \x0b\x01é]{0,8}",
        ) {
            let url = format!("https://{host}{path}");
            proptest::prop_assert_eq!(is_http_url(&url), by_chars(&url));
        }
    }

    #[test]
    fn fires_for_project_and_meeting_url() {
        let source = format!("{ACTIVE}  url: zoom.us/j/1\nproject: \"ftp://x\"\n");
        let found = findings(check, &[("x", &source)]);
        assert_eq!(
            places(&found),
            [("x".to_string(), 8, 10), ("x".to_string(), 7, 8)]
        );
        let events =
            format!("{ACTIVE}events:\n  - date: 2026-01-01\n    title: T\n    url: www.x\n");
        assert_eq!(
            places(&findings(check, &[("x", &events)])),
            [("x".to_string(), 10, 10)]
        );
        let good = format!("{ACTIVE}  url: https://zoom.us/j/1\nproject: https://gitlab.com/x\n");
        assert!(findings(check, &[("x", &good)]).is_empty());
    }
}
