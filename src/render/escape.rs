//! Putting a value into a region so that it renders as exactly its text (SPEC §5): one line of
//! inline Markdown that is safe in a table cell and at the start of a list item (`* VALUE`), in
//! the renderers that show handbooks (cmark-gfm, comrak, markdown-it, marked).
//!
//! Escaping is minimal, so that a page's source stays readable in a merge request: a character
//! gets a CommonMark backslash escape only where it could have meaning there, and `@noah_b`,
//! `@li.wei`, `Gitlab/VMware TKGI (PKS) deployment` or `R&D` are written as they are. The value
//! is assumed to stand between white space, a table cell's pipes or a line's ends, as region
//! templates place values. What the renderers make of the result is tested against comrak and
//! pulldown-cmark in `src/render/renderers.rs`.

/// `value` as inline text: every run of line breaks, tabs and other control characters
/// becomes one space, the result is trimmed, and each character that could start or end
/// Markdown syntax here (emphasis, strikethrough, code, link, image, HTML, autolink, entity,
/// a block such as a heading, list item, task box or quote, a table cell's end) is escaped.
pub fn text(value: &str) -> String {
    match is_plain(value) {
        true => value.to_owned(),
        false => escaped(value),
    }
}

/// [`text`] by its rules, character by character.
fn escaped(value: &str) -> String {
    let chars: Vec<char> = normalise(value).chars().collect();
    let mut out = String::with_capacity(chars.len() + chars.len() / 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_delimiter(c) {
            let run = chars[i..].iter().take_while(|x| **x == c).count();
            let before = i.checked_sub(1).map(|p| chars[p]);
            let after = chars.get(i + run).copied();
            let escape = can_delimit(c, run, before, after) || (i == 0 && starts_block(&chars));
            for _ in 0..run {
                if escape {
                    out.push('\\');
                }
                out.push(c);
            }
            i += run;
            continue;
        }
        if needs_escape(&chars, i) {
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Whether `value` is written as it is without a closer look (most subjects and handles): it
/// has no break to fold, no white space to trim, and only characters that mean nothing in any
/// place (a leading `@` included, as a handle's), so that [`text`] would return it unchanged.
fn is_plain(value: &str) -> bool {
    let b = value.as_bytes();
    let (Some(first), Some(last)) = (b.first(), b.last()) else {
        return true;
    };
    (first.is_ascii_alphanumeric() || *first == b'@')
        && *last != b' '
        && b[1..].iter().all(|c| PLAIN[usize::from(*c)])
}

/// The bytes [`is_plain`] takes after the first: ASCII letters and digits and ` ,;'"!?/(-`.
const PLAIN: [bool; 256] = byte_set(b" ,;'\"!?/(-");

/// The bytes a linkable URL is made of besides `%`: ASCII letters and digits and the rest of
/// RFC 3986's unreserved and reserved characters but `[` and `]`.
const URL: [bool; 256] = byte_set(b"-._~:/?#@!$&'()*+,;=");

/// ASCII letters and digits and `extra`, as a table indexed by byte.
const fn byte_set(extra: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut b = 0;
    while b < 128 {
        set[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        set[extra[i] as usize] = true;
        i += 1;
    }
    set
}

/// `value` as a link when it is an http(s) URL that every renderer links to as it is: an
/// autolink `<URL>`, whose target is exactly the URL (`&` and all, so that a Zoom link with
/// `?pwd=..&..` works). Any other value is [`text`].
pub fn link(value: &str) -> String {
    let url = value.trim();
    if is_linkable(url) {
        let mut out = String::with_capacity(url.len() + 2);
        out.push('<');
        out.push_str(url);
        out.push('>');
        out
    } else {
        text(value)
    }
}

/// Whether `url` becomes an autolink with exactly its bytes as the target: an http(s) URL
/// with a host (the `invalid-url` rule's test) made only of the characters RFC 3986 allows,
/// which no renderer percent-encodes, and without `[` `]` (which some do) or `|` (which a
/// table cell would split on). Every `%` starts a percent-encoding (`%20`): renderers encode a
/// stray one as `%25`.
pub fn is_linkable(url: &str) -> bool {
    let b = url.as_bytes();
    let escaped = |i: usize| b.len() > i + 2 && b[i + 1..i + 3].iter().all(u8::is_ascii_hexdigit);
    crate::rules::is_http_url(url)
        && b.iter()
            .enumerate()
            .all(|(i, c)| URL[usize::from(*c)] || (*c == b'%' && escaped(i)))
}

/// Each run of line breaks, tabs and other control characters (C0, DEL, C1, the Unicode line
/// and paragraph separators) as one space; trimmed of white space and of U+FEFF, which the
/// JavaScript renderers (markdown-it, marked) trim from a table cell as white space.
fn normalise(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut in_run = false;
    for c in value.chars() {
        if is_break(c) {
            if !in_run {
                out.push(' ');
            }
            in_run = true;
        } else {
            in_run = false;
            out.push(c);
        }
    }
    out.trim_matches(is_trimmed).to_string()
}

/// What trimming removes from a value's ends.
pub fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn is_break(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters that work in runs: emphasis (`*`, `_`), strikethrough (`~`) and GitLab's math
/// (`$x$`, `$$x$$`).
fn is_delimiter(c: char) -> bool {
    matches!(c, '*' | '_' | '~' | '$')
}

/// Whether a run of delimiter `c` between `before` and `after` (`None`: the value's edge,
/// next to whatever the template puts there) could open or close emphasis or strikethrough in
/// any of the renderers (or math in GitLab's). Decided conservatively, so that renderers that class Unicode symbols
/// differently (CommonMark 0.29 against 0.31) all agree: a run is left as it is only between
/// two spaces inside the value (but `$$`, display math, opens even there), or, for `_`, inside
/// a word of ASCII letters and digits (`@noah_b`), where CommonMark never lets `_` open or
/// close.
fn can_delimit(c: char, run: usize, before: Option<char>, after: Option<char>) -> bool {
    let space = |x: Option<char>| x == Some(' ');
    let word = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphanumeric());
    let lone = space(before) && space(after) && !(c == '$' && run > 1);
    !(lone || c == '_' && word(before) && word(after))
}

/// Whether the value, put at the start of a line or a list item, would start a block: a
/// heading, list item, thematic break, setext underline, quote, fence or HTML block (its first
/// character is then escaped; a task box, link or code needs `[` or a backtick, escaped
/// everywhere).
fn starts_block(chars: &[char]) -> bool {
    let Some(&first) = chars.first() else {
        return false;
    };
    let next = chars.get(1).copied();
    // marked takes any JavaScript white space (U+FEFF too) for the space after a marker.
    let ends_marker = |x: Option<char>| x.is_none_or(is_trimmed);
    match first {
        '>' => true,
        '#' => ends_marker(chars.iter().copied().find(|x| *x != '#')),
        '-' | '+' | '*' | '_' | '=' | '~' => ends_marker(next) || next == Some(first),
        _ => false,
    }
}

/// Whether the character at `i` (not a delimiter run) needs a backslash.
fn needs_escape(chars: &[char], i: usize) -> bool {
    let c = chars[i];
    let next = chars.get(i + 1).copied();
    let prev = i.checked_sub(1).map(|p| chars[p]);
    match c {
        // A table cell's end, a code span, a link or image (with `!`), a task box, a footnote.
        '|' | '`' | '[' | ']' => true,
        // Escapes what follows; at the end it could escape what the template puts after it.
        '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
        // Raw HTML, an HTML block, a comment (a forged marker), an autolink or an e-mail
        // autolink, whose local part may start with almost any ASCII character (`<&@x>`).
        '<' => next.is_none_or(|n| n.is_ascii_graphic()),
        // An entity reference: `&amp;`, `&#65;`, `&#x41;`.
        '&' => starts_entity(&chars[i + 1..]),
        // A block: quote, heading, list item, thematic break, setext underline, fence.
        '>' | '#' | '-' | '+' | '=' if i == 0 => starts_block(chars),
        // An ordered list item: `1. x`, `2) x`.
        '.' | ')' => {
            let digits = chars[..i].iter().all(|d| d.is_ascii_digit());
            (digits && (1..=9).contains(&i) && next.is_none_or(is_trimmed))
                || (c == '.' && ends_with_www(&chars[..i]))
        }
        // GFM's extended autolinks: `https://...`, `mailto:`, `xmpp:`.
        ':' => {
            (next == Some('/') && chars.get(i + 2) == Some(&'/'))
                || ends_with_word(&chars[..i], "mailto")
                || ends_with_word(&chars[..i], "xmpp")
        }
        // E-mail autolinks (GFM's, linkify's): `ann@example.com`, `#@x.y`; a handle's leading
        // `@` (after a space, `(` or the start) is left alone.
        '@' => prev.is_some_and(|p| p.is_ascii_graphic() && p != '('),
        _ => false,
    }
}

fn ends_with_word(before: &[char], word: &str) -> bool {
    let n = word.len();
    before.len() >= n
        && before[before.len() - n..]
            .iter()
            .zip(word.chars())
            .all(|(a, b)| a.eq_ignore_ascii_case(&b))
}

/// `www` before a `.`: GFM links `www.example.com` without a scheme.
fn ends_with_www(before: &[char]) -> bool {
    ends_with_word(before, "www")
}

/// Whether `rest` (what follows a `&`) makes it an entity reference: a name, `#` and digits, or
/// `#x` and hex digits, then `;`. Any name counts, not only the defined ones: a renderer with
/// a newer list should not turn text into a character.
fn starts_entity(rest: &[char]) -> bool {
    let body = match rest.first() {
        Some('#') => match rest.get(1) {
            Some('x' | 'X') => &rest[2..],
            _ => &rest[1..],
        },
        _ => rest,
    };
    let len = body
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    len > 0 && body.get(len) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_tables_hold_exactly_their_bytes() {
        for b in 0..=255u8 {
            let alnum = b.is_ascii_alphanumeric();
            assert_eq!(
                PLAIN[usize::from(b)],
                alnum || b" ,;'\"!?/(-".contains(&b),
                "{b}"
            );
            assert_eq!(
                URL[usize::from(b)],
                alnum || b"-._~:/?#@!$&'()*+,;=".contains(&b),
                "{b}"
            );
        }
    }

    #[test]
    fn ordinary_values_are_written_as_they_are() {
        for value in [
            "@noah_b",
            "@li.wei",
            "Gitlab/VMware TKGI (PKS) deployment",
            "R&D",
            "#cp_infrastructure-as-code",
            "snake_case_name",
            "🚀 عربي",
            "a < b > c",
            "x <é",
            "C:\\Users",
            "Rock & Roll; 5 * 3",
            "1.5 days",
            "Hello!",
            "Europe/Berlin",
            "(@ann, @bob)",
        ] {
            assert_eq!(text(value), value, "{value:?}");
        }
    }

    #[test]
    fn escapes_only_where_a_character_has_meaning() {
        let cases = [
            ("@_a @b_ @__init__", "@\\_a @b\\_ @\\_\\_init\\_\\_"),
            ("_a_ *b* ~c~", "\\_a\\_ \\*b\\* \\~c\\~"),
            ("$x$ costs $5 $ 3", "\\$x\\$ costs \\$5 $ 3"),
            ("a $$ b", "a \\$\\$ b"),
            ("a|b", "a\\|b"),
            ("`code`", "\\`code\\`"),
            ("![x](https://t/p.png)", "!\\[x\\](https\\://t/p.png)"),
            (
                "<b>hi</b> <!-- cop:end active -->",
                "\\<b>hi\\</b> \\<!-- cop:end active -->",
            ),
            ("&amp; &#x41; &#65; & x", "\\&amp; \\&#x41; \\&#65; & x"),
            ("[ ] x", "\\[ \\] x"),
            ("# x", "\\# x"),
            ("### x", "\\### x"),
            ("1. x", "1\\. x"),
            ("12) x", "12\\) x"),
            ("- x", "\\- x"),
            ("---", "\\---"),
            ("* x", "\\* x"),
            ("> x", "\\> x"),
            ("~~~", "\\~\\~\\~"),
            ("a\\", "a\\\\"),
            ("\\|", "\\\\\\|"),
            ("see www.example.com", "see www\\.example.com"),
            ("ann@example.com", "ann\\@example.com"),
            ("mailto:ann", "mailto\\:ann"),
        ];
        for (value, want) in cases {
            assert_eq!(text(value), want, "{value:?}");
        }
    }

    proptest::proptest! {
        /// The shortcut for plain values gives exactly what the rules give.
        #[test]
        fn plain_values_are_escaped_as_the_rules_escape_them(
            value in "[@a-zA-Z0-9 ,;'\"!?/(.:_*#)-]{0,12}"
        ) {
            proptest::prop_assert_eq!(text(&value), escaped(&value));
        }
    }

    #[test]
    fn runs_of_breaks_tabs_and_control_characters_become_one_space() {
        assert_eq!(
            text("  a\r\n\n\tb\u{2028}c\u{1b}[31md\u{7f}\u{85}e  "),
            "a b c \\[31md e"
        );
        assert_eq!(text("\n\n"), "");
        assert_eq!(text("\u{0}x\u{9f}"), "x");
        assert_eq!(text("\u{feff} x \u{feff}"), "x");
    }

    #[test]
    fn valid_urls_become_links_to_exactly_the_url() {
        let zoom = "https://zoom.us/j/123?pwd=abc&uname=x";
        assert_eq!(link(zoom), format!("<{zoom}>"));
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(link("https://x/a|b"), "https\\://x/a\\|b");
        assert_eq!(link("https://x/<b>"), "https\\://x/\\<b>");
        assert_eq!(link("not a url"), "not a url");
        assert_eq!(link("https://t/a%20b"), "<https://t/a%20b>");
        assert_eq!(link("https://t/%p"), "https\\://t/%p");
    }
}
