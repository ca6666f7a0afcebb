//! Escaping a value for a region: one line of inline Markdown that cannot break a table, inject
//! HTML or forge a region marker (SPEC §5).

/// `\` as `\\`, `|` as `\|`, `&` `<` `>` as entities; each run of line breaks and tabs becomes
/// one space; the result is trimmed.
pub fn cell(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut in_break = false;
    for c in value.chars() {
        if is_break(c) {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
            continue;
        }
        in_break = false;
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Line breaks of every kind (so that no value can start a new line) and tabs.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_table_html_and_markers() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("a\\b"), "a\\\\b");
        assert_eq!(cell("<script>&"), "&lt;script&gt;&amp;");
        assert_eq!(
            cell("<!-- cop:end active -->"),
            "&lt;!-- cop:end active --&gt;"
        );
    }

    #[test]
    fn runs_of_breaks_and_tabs_become_one_space() {
        assert_eq!(cell("  a\r\n\n\tb\u{2028}c  "), "a b c");
        assert_eq!(cell("\n\n"), "");
    }

    #[test]
    fn keeps_emoji_and_right_to_left_text() {
        assert_eq!(cell("🚀 عربي"), "🚀 عربي");
    }

    proptest! {
        #[test]
        fn one_line_no_raw_pipe_or_angle(value in any::<String>()) {
            let out = cell(&value);
            prop_assert!(!out.chars().any(is_break));
            prop_assert!(!out.contains('<') && !out.contains('>'));
            // Every `|` is escaped by an odd run of backslashes before it.
            for (i, _) in out.match_indices('|') {
                let run = out[..i].chars().rev().take_while(|c| *c == '\\').count();
                prop_assert!(run % 2 == 1);
            }
            prop_assert_eq!(out.trim(), out.as_str());
        }
    }
}
