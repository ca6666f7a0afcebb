//! The bytes of RFC 5545: content lines ended by CRLF and folded at 75 octets (never inside a
//! UTF-8 character), and TEXT values escaped. Nothing here knows about meetings.

/// The longest content line, in octets, before the CRLF (RFC 5545 §3.1).
pub const LINE_OCTETS: usize = 75;

/// An iCalendar object being written, one content line at a time.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// Writes `NAME:value` (or `NAME;PARAMS:value`) with `value` as it is: for values that are
    /// not TEXT (dates, recurrence rules, URIs, offsets).
    pub fn raw(&mut self, name: &str, value: &str) {
        let mut line = String::with_capacity(name.len() + 1 + value.len());
        line.push_str(name);
        line.push(':');
        line.push_str(value);
        fold_into(&line, &mut self.out);
    }

    /// Writes a TEXT property, escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }

    pub fn begin(&mut self, component: &str) {
        self.raw("BEGIN", component);
    }

    pub fn end(&mut self, component: &str) {
        self.raw("END", component);
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// TEXT escaping (RFC 5545 §3.3.11): `\` `;` `,` escaped, every line break (CRLF, CR, LF)
/// written `\n`; other control characters, which TEXT may not hold, become a space.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded: at most 75 octets on a physical line, continuation lines starting
/// with one space (which counts), breaks only between UTF-8 characters.
fn fold_into(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = LINE_OCTETS;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space of a continuation line is one of its 75 octets.
        limit = LINE_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            escape_text("a\\b;c,d\r\ne\nf\rg\u{7}h"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng h"
        );
        assert_eq!(escape_text("R&D: \"quotes\""), "R&D: \"quotes\"");
    }

    #[test]
    fn folds_at_75_octets_between_characters() {
        let mut w = Writer::new();
        // 8 octets of name and colon, then 3-octet characters: the first line holds 22 of
        // them (74 octets: a 23rd would make 77), continuation lines 24 (73 with the space).
        w.text("SUMMARY", &"語".repeat(60));
        let text = w.finish();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(lines[0], format!("SUMMARY:{}", "語".repeat(22)));
        assert_eq!(lines[1], format!(" {}", "語".repeat(24)));
        assert_eq!(lines[2], format!(" {}", "語".repeat(14)));
        assert_eq!(unfold(&text), format!("SUMMARY:{}\r\n", "語".repeat(60)));
    }

    #[test]
    fn short_lines_stay_whole() {
        let mut w = Writer::new();
        w.raw("VERSION", "2.0");
        assert_eq!(w.finish(), "VERSION:2.0\r\n");
    }

    proptest! {
        #[test]
        fn folding_round_trips(value in any::<String>()) {
            let mut w = Writer::new();
            w.text("DESCRIPTION", &value);
            let text = w.finish();
            prop_assert!(text.ends_with("\r\n"));
            for line in text.split_terminator("\r\n") {
                prop_assert!(line.len() <= LINE_OCTETS);
                prop_assert!(!line.contains(['\r', '\n']));
            }
            prop_assert_eq!(unfold(&text), format!("DESCRIPTION:{}\r\n", escape_text(&value)));
        }
    }
}
