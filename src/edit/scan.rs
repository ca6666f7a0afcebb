//! Reading the shape of a YAML file line by line: which lines hold which mapping key, and the
//! exact byte extent of each scalar and list item the editor may touch. Anything it does not
//! recognise is a refusal at its line, never a guess.

use super::Refusal;

/// One line of the file: its text and the line ending that follows it ("" for a last line
/// without a final newline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub end: String,
}

/// A key of a block mapping: its name and where its lines lie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub name: String,
    /// Index of the key's line.
    pub line: usize,
    /// Byte offset in the key's line where the value part starts (after `:` and blanks).
    pub value: usize,
    /// One past the last line belonging to this key (its nested lines, comments, blanks).
    pub end: usize,
}

impl Key {
    /// The last line of the key that holds content (not a comment or a blank line).
    pub fn last_content(&self, lines: &[Line]) -> usize {
        (self.line + 1..self.end)
            .rev()
            .find(|&i| !is_filler(&lines[i].text))
            .unwrap_or(self.line)
    }
}

/// A blank or comment-only line.
pub fn is_filler(text: &str) -> bool {
    let t = text.trim_start_matches([' ', '\t']);
    t.is_empty() || t.starts_with('#')
}

fn indent_of(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

/// Whether `text` starts a block sequence item (`-` then a blank or the end).
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ") || text.starts_with("-\t")
}

/// The keys of the block mapping at `indent` in lines `from..to`.
pub fn keys(lines: &[Line], from: usize, to: usize, indent: usize) -> Result<Vec<Key>, Refusal> {
    let mut keys: Vec<Key> = Vec::new();
    for (i, line) in lines.iter().enumerate().take(to).skip(from) {
        let text = line.text.as_str();
        if is_filler(text) {
            continue;
        }
        if text.starts_with('\t') && indent == 0 {
            return Err(Refusal::at(i, "a tab indents this line"));
        }
        let own = indent_of(text);
        let rest = &text[own.min(text.len())..];
        if own > indent || (own == indent && is_item(rest) && !keys.is_empty()) {
            if keys.is_empty() {
                return Err(Refusal::at(i, "an indented line before the first key"));
            }
            continue;
        }
        if own < indent {
            return Err(Refusal::at(i, "a line less indented than its mapping"));
        }
        if indent == 0 && keys.is_empty() && (rest == "---" || rest.starts_with("--- #")) {
            continue;
        }
        if indent == 0 && keys.is_empty() && rest.starts_with('%') {
            continue;
        }
        match key_line(rest) {
            Some((name, value)) => keys.push(Key {
                name,
                line: i,
                value: own + value,
                end: to,
            }),
            None => return Err(Refusal::at(i, unreadable(rest))),
        }
    }
    for n in 1..keys.len() {
        keys[n - 1].end = keys[n].line;
    }
    Ok(keys)
}

/// Why a line is not a plain `key: value` line, in the words a user can act on.
fn unreadable(rest: &str) -> &'static str {
    if rest.starts_with("<<") {
        "a merge key (`<<`) can bring in any key, so cop cannot edit this file in place"
    } else if rest.starts_with('&') || rest.starts_with('!') || rest.starts_with('*') {
        "an anchor, tag or alias on a key; cop cannot edit this file in place"
    } else if rest.starts_with('"') || rest.starts_with('\'') {
        "a quoted key; write it unquoted so that cop can edit the file in place"
    } else if rest.starts_with("---") || rest.starts_with("...") {
        "a second YAML document; cop edits files holding one"
    } else {
        "cop cannot read the shape of this line to edit the file in place"
    }
}

/// `name:` then a blank or the end; returns the name and the offset of the value part.
fn key_line(text: &str) -> Option<(String, usize)> {
    let name_len = text
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        .count();
    if name_len == 0 || !text.as_bytes()[0].is_ascii_alphabetic() && text.as_bytes()[0] != b'_' {
        return None;
    }
    let after = &text[name_len..];
    let colon = after.len() - after.trim_start_matches(' ').len();
    let after = &after[colon..];
    let rest = after.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    Some((text[..name_len].to_string(), name_len + colon + 1 + blanks))
}

/// The end (exclusive) of the scalar starting at `s`, in a flow collection (`flow`) or a
/// block context. `None` when a quoted scalar is not closed on this line.
pub fn scalar_end(s: &str, flow: bool) -> Option<usize> {
    let b = s.as_bytes();
    match b.first() {
        Some(b'"') => {
            let mut i = 1;
            while i < b.len() {
                match b[i] {
                    b'\\' => i += 2,
                    b'"' => return Some(i + 1),
                    _ => i += 1,
                }
            }
            None
        }
        Some(b'\'') => {
            let mut i = 1;
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return Some(i + 1);
                }
                i += 1;
            }
            None
        }
        _ => {
            let mut end = 0;
            let mut i = 0;
            while i < b.len() {
                let c = b[i];
                if flow && matches!(c, b',' | b']' | b'[' | b'{' | b'}') {
                    break;
                }
                if c == b'#' && i > 0 && matches!(b[i - 1], b' ' | b'\t') {
                    break;
                }
                if !matches!(c, b' ' | b'\t') {
                    end = i + 1;
                }
                i += 1;
            }
            Some(end)
        }
    }
}

/// What follows a value on its line must be nothing, or blanks and a comment.
pub fn only_comment(rest: &str) -> bool {
    let t = rest.trim_start_matches([' ', '\t']);
    t.is_empty() || (t.starts_with('#') && (t.len() < rest.len() || rest.is_empty()))
}

/// A refusal for a value that starts with an anchor, alias or tag, or `None`.
pub fn special(value: &str) -> Option<&'static str> {
    match value.as_bytes().first() {
        Some(b'&') => Some("an anchor (`&`) on a value to change"),
        Some(b'*') => Some("an alias (`*`) on a value to change"),
        Some(b'!') => Some("a tag (`!`) on a value to change"),
        _ => None,
    }
}

/// One item of a list: where its scalar lies and what it reads as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The line the item is on.
    pub line: usize,
    /// Byte range of the scalar in that line.
    pub start: usize,
    pub end: usize,
    pub value: String,
}

/// A list value as it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum List {
    /// `key: [a, b]` on the key's line: the bytes of `[` and `]`, and the items.
    Flow {
        line: usize,
        open: usize,
        close: usize,
        items: Vec<Item>,
    },
    /// `key:` then `- a` lines: their indentation (up to the `-`) and what follows the `-`.
    Block {
        indent: String,
        gap: String,
        items: Vec<Item>,
    },
    /// `key:` with no value.
    Null,
}

impl List {
    pub fn items(&self) -> &[Item] {
        match self {
            List::Flow { items, .. } | List::Block { items, .. } => items,
            List::Null => &[],
        }
    }
}

/// Reads the list value of `key`.
pub fn list(lines: &[Line], key: &Key) -> Result<List, Refusal> {
    let line = &lines[key.line].text;
    let value = &line[key.value..];
    if let Some(why) = special(value) {
        return Err(Refusal::at(key.line, why));
    }
    if value.starts_with('[') {
        let list = flow(key.line, line, key.value)?;
        if let Some(i) = (key.line + 1..key.end).find(|&i| !is_filler(&lines[i].text)) {
            return Err(Refusal::at(i, "a line cop cannot place after a flow list"));
        }
        return Ok(list);
    }
    if !only_comment(value) {
        return Err(Refusal::at(
            key.line,
            format!("`{}` is not a list cop can edit", key.name),
        ));
    }
    let mut items = Vec::new();
    let mut shape: Option<(String, String)> = None;
    for (i, line) in lines.iter().enumerate().take(key.end).skip(key.line + 1) {
        let text = &line.text;
        if is_filler(text) {
            continue;
        }
        let own = indent_of(text);
        let rest = &text[own..];
        if !is_item(rest) {
            return Err(Refusal::at(i, "a list item cop cannot edit in place"));
        }
        let after = &rest[1..];
        let gap_len = after.len() - after.trim_start_matches([' ', '\t']).len();
        let start = own + 1 + gap_len;
        let scalar = &text[start..];
        if let Some(why) = special(scalar) {
            return Err(Refusal::at(i, why));
        }
        if scalar.is_empty() || scalar.starts_with(['[', '{', '|', '>', '-', '#']) {
            return Err(Refusal::at(i, "a list item cop cannot edit in place"));
        }
        let Some(len) = scalar_end(scalar, false) else {
            return Err(Refusal::at(i, "a quoted item spread over several lines"));
        };
        if !only_comment(&scalar[len..]) || key_line(scalar).is_some() {
            return Err(Refusal::at(i, "a list item cop cannot edit in place"));
        }
        let this = (text[..own].to_string(), after[..gap_len].to_string());
        match &shape {
            None => shape = Some(this),
            Some((indent, _)) if *indent != this.0 => {
                return Err(Refusal::at(i, "list items indented differently"));
            }
            Some(_) => {}
        }
        items.push(Item {
            line: i,
            start,
            end: start + len,
            value: decode(&scalar[..len])
                .ok_or_else(|| Refusal::at(i, "an item cop cannot read"))?,
        });
    }
    Ok(match shape {
        Some((indent, gap)) => List::Block { indent, gap, items },
        None => List::Null,
    })
}

/// Reads a flow list starting at byte `open` of `line`, which must close on the same line.
fn flow(index: usize, line: &str, open: usize) -> Result<List, Refusal> {
    let mut items = Vec::new();
    let b = line.as_bytes();
    let mut i = open + 1;
    loop {
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        match b.get(i) {
            None => {
                return Err(Refusal::at(
                    index,
                    "a flow list spread over several lines; put it on one line or write it as a block list",
                ));
            }
            Some(b']') if items.is_empty() || b[i - 1] != b',' => break,
            Some(b'#') => {
                return Err(Refusal::at(
                    index,
                    "a flow list holding a comment; move the comment after the list",
                ));
            }
            Some(b'[' | b'{' | b',' | b']') => {
                return Err(Refusal::at(index, "a flow list cop cannot edit in place"));
            }
            Some(_) => {}
        }
        let rest = &line[i..];
        if let Some(why) = special(rest) {
            return Err(Refusal::at(index, why));
        }
        let Some(len) = scalar_end(rest, true) else {
            return Err(Refusal::at(
                index,
                "a flow list spread over several lines; put it on one line or write it as a block list",
            ));
        };
        if len == 0 {
            return Err(Refusal::at(index, "a flow list cop cannot edit in place"));
        }
        let value = decode(&rest[..len])
            .ok_or_else(|| Refusal::at(index, "a list item cop cannot read"))?;
        items.push(Item {
            line: index,
            start: i,
            end: i + len,
            value,
        });
        i += len;
        while i < b.len() && matches!(b[i], b' ' | b'\t') {
            i += 1;
        }
        match b.get(i) {
            Some(b',') => i += 1,
            Some(b']') => break,
            Some(b'#') => {
                return Err(Refusal::at(
                    index,
                    "a flow list holding a comment; move the comment after the list",
                ));
            }
            None => {
                return Err(Refusal::at(
                    index,
                    "a flow list spread over several lines; put it on one line or write it as a block list",
                ));
            }
            Some(_) => return Err(Refusal::at(index, "a flow list cop cannot edit in place")),
        }
    }
    if !only_comment(&line[i + 1..]) {
        return Err(Refusal::at(index, "text after a flow list"));
    }
    Ok(List::Flow {
        line: index,
        open,
        close: i,
        items,
    })
}

/// A single-line scalar value of `key`: its byte range in the key's line (empty at the value
/// offset when the key has no value).
pub fn scalar(lines: &[Line], key: &Key) -> Result<(usize, usize), Refusal> {
    let line = &lines[key.line].text;
    let value = &line[key.value..];
    if let Some(why) = special(value) {
        return Err(Refusal::at(key.line, why));
    }
    if value.starts_with(['|', '>', '[', '{']) {
        return Err(Refusal::at(
            key.line,
            format!("`{}` is not a one-line value cop can edit", key.name),
        ));
    }
    if let Some(i) = (key.line + 1..key.end).find(|&i| !is_filler(&lines[i].text)) {
        return Err(Refusal::at(
            i,
            format!(
                "`{}` spreads over several lines; cop edits one-line values",
                key.name
            ),
        ));
    }
    if only_comment(value) {
        return Ok((key.value, key.value));
    }
    let Some(len) = scalar_end(value, false) else {
        return Err(Refusal::at(
            key.line,
            "a quoted value spread over several lines",
        ));
    };
    if !only_comment(&value[len..]) {
        return Err(Refusal::at(key.line, "text after the value"));
    }
    Ok((key.value, key.value + len))
}

/// What a scalar as written reads as (quoted or plain), through the YAML parser itself.
pub fn decode(raw: &str) -> Option<String> {
    crate::yaml::parse::<String>(raw).ok()
}

/// A value as cop writes it: plain when it is a lowercase word YAML reads as that word,
/// double-quoted otherwise.
pub fn encode(value: &str) -> String {
    let plain = !value.is_empty()
        && value.as_bytes()[0].is_ascii_lowercase()
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !matches!(value, "true" | "false" | "null" | "nan" | "inf");
    if plain {
        value.to_string()
    } else {
        quote(value)
    }
}

/// `value` double-quoted, with YAML's escapes.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
