//! Small pieces of wording and comparison that every part of cop shares: how a handle is
//! compared, and how a count reads ("1 member", "3 communities").

/// A handle as compared: handles are case-insensitive. The usual handle, ASCII in lower case,
/// is its own key (no allocation for each of 70,000 handles).
pub fn handle_key(handle: &str) -> std::borrow::Cow<'_, str> {
    match handle.is_ascii() && !handle.bytes().any(|b| b.is_ascii_uppercase()) {
        true => std::borrow::Cow::Borrowed(handle),
        false => std::borrow::Cow::Owned(handle.to_lowercase()),
    }
}

/// Whether two handles are the same handle (`handle_key(a) == handle_key(b)`), without
/// allocating for the usual ASCII handles.
pub fn same_handle(a: &str, b: &str) -> bool {
    match a.is_ascii() && b.is_ascii() {
        true => a.eq_ignore_ascii_case(b),
        false => handle_key(a) == handle_key(b),
    }
}

/// "1 member", "2 members", "3 communities": a count and its noun, in the plural when needed.
pub fn count(n: usize, word: &str) -> String {
    if n == 1 {
        return format!("{n} {word}");
    }
    if word == "person" {
        return format!("{n} people");
    }
    match word.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_english() {
        assert_eq!(count(1, "member"), "1 member");
        assert_eq!(count(0, "member"), "0 members");
        assert_eq!(count(1, "community"), "1 community");
        assert_eq!(count(3, "community"), "3 communities");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(2, "person"), "2 people");
    }

    #[test]
    fn handles_compare_case_insensitively() {
        assert_eq!(handle_key("@Ann"), handle_key("@aNN"));
        for (a, b, same) in [
            ("@Ann", "@aNN", true),
            ("@ann", "@anne", false),
            ("@Ärzte", "@ärzte", true),
            ("@ΟΔΟΣ", "@οδοσ", handle_key("@ΟΔΟΣ") == handle_key("@οδοσ")),
            (
                "@K",
                "@\u{212A}",
                handle_key("@K") == handle_key("@\u{212A}"),
            ),
        ] {
            assert_eq!(same_handle(a, b), same, "{a} {b}");
            assert_eq!(same_handle(a, b), handle_key(a) == handle_key(b), "{a} {b}");
        }
    }

    #[test]
    fn a_handle_key_is_the_lowercase_handle_borrowed_when_it_already_is() {
        use std::borrow::Cow;
        for handle in [
            "@ann",
            "@a.b-c_1",
            "",
            "@Ann",
            "@ÄRZTE",
            "@ärzte",
            "@\u{212A}",
        ] {
            let key = handle_key(handle);
            assert_eq!(key, handle.to_lowercase(), "{handle}");
            let borrowed = handle.is_ascii() && handle.to_lowercase() == handle;
            assert_eq!(matches!(key, Cow::Borrowed(_)), borrowed, "{handle}");
        }
    }
}
