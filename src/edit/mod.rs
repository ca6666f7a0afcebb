//! The one in-place editor of cop's YAML files (community.yaml, cop.yaml): it changes only the
//! lines holding the values it changes and keeps every other byte (comments, blank lines, key
//! order, quoting, LF or CRLF, a byte-order mark, a missing final newline). Shapes it cannot
//! edit safely (anchors, aliases, tags, merge keys, multi-line flow lists) are refused with
//! their line, never rewritten.
//!
//! ```text
//! let mut doc = Document::parse(text);
//! doc.add_item("members", "@ann")?;
//! doc.set_scalar("status", "archived")?;
//! let text = doc.finish()?;
//! ```

pub mod community;
pub mod config;
pub mod plan;
mod scan;

#[cfg(test)]
mod tests;

use scan::{Key, Line, List};

/// Why an edit cannot be made in place: the 1-based line and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct Refusal {
    pub line: u32,
    pub reason: String,
}

impl Refusal {
    fn at(index: usize, reason: impl Into<String>) -> Refusal {
        Refusal {
            line: u32::try_from(index + 1).unwrap_or(u32::MAX),
            reason: reason.into(),
        }
    }
}

/// Where new top-level keys go: after the last present key that comes before them here,
/// else before the first that comes after (community.yaml's keys, then cop.yaml's).
const KEY_ORDER: &[&str] = &[
    "subject",
    "status",
    "description",
    "facilitators",
    "members",
    "contributors",
    "alumni",
    "channel",
    "meeting",
    "project",
    "topics",
    "events",
    "waivers",
    "communities",
    "pages",
    "templates",
    "codeowners",
    "rules",
    "severity",
];

const MEETING_ORDER: &[&str] = crate::community::MEETING_KEYS;

/// Where a new item goes in a list: where it sorts (case-folded) when the list is sorted,
/// else at the end. The model's side of every edit uses the same rule.
pub fn placement<S: AsRef<str>>(items: &[S], value: &str) -> usize {
    let keys: Vec<String> = items.iter().map(|s| s.as_ref().to_lowercase()).collect();
    if keys.windows(2).all(|w| w[0] <= w[1]) {
        let new = value.to_lowercase();
        keys.partition_point(|k| *k <= new)
    } else {
        items.len()
    }
}

/// A YAML file being edited in place.
#[derive(Debug, Clone)]
pub struct Document {
    bom: bool,
    lines: Vec<Line>,
    /// The file's line ending, for new lines.
    eol: String,
    /// The first refusal of an edit whose result the caller did not look at.
    refused: Option<Refusal>,
}

impl Document {
    /// Takes the file's text (a byte-order mark is kept and given back by `finish`).
    pub fn parse(text: &str) -> Document {
        let (bom, body) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let mut lines = Vec::new();
        for raw in body.split_inclusive('\n') {
            let (text, end) = match raw.strip_suffix("\r\n") {
                Some(t) => (t, "\r\n"),
                None => match raw.strip_suffix('\n') {
                    Some(t) => (t, "\n"),
                    None => (raw, ""),
                },
            };
            lines.push(Line {
                text: text.to_string(),
                end: end.to_string(),
            });
        }
        let eol = lines
            .iter()
            .find(|l| !l.end.is_empty())
            .map_or("\n", |l| l.end.as_str())
            .to_string();
        Document {
            bom,
            lines,
            eol,
            refused: None,
        }
    }

    /// The edited text, or the first refusal of an edit whose result was not checked.
    pub fn finish(self) -> Result<String, Refusal> {
        if let Some(refusal) = self.refused {
            return Err(refusal);
        }
        let mut out = String::new();
        if self.bom {
            out.push('\u{feff}');
        }
        for line in &self.lines {
            out.push_str(&line.text);
            out.push_str(&line.end);
        }
        Ok(out)
    }

    /// Keeps the first refusal for `finish`, and passes the result on.
    fn keep<T>(&mut self, result: Result<T, Refusal>) -> Result<T, Refusal> {
        if let Err(e) = &result
            && self.refused.is_none()
        {
            self.refused = Some(e.clone());
        }
        result
    }

    fn top(&self) -> Result<Vec<Key>, Refusal> {
        scan::keys(&self.lines, 0, self.lines.len(), 0)
    }

    /// The items of the top-level list `key` as they read; `None` when the key is absent.
    pub fn items(&self, key: &str) -> Result<Option<Vec<String>>, Refusal> {
        let keys = self.top()?;
        let Some(k) = keys.iter().find(|k| k.name == key) else {
            return Ok(None);
        };
        let list = scan::list(&self.lines, k)?;
        Ok(Some(list.items().iter().map(|i| i.value.clone()).collect()))
    }

    /// Adds `value` to the top-level list `key` where it sorts (or at the end when the list
    /// is not sorted), adding the key when absent. False when it is there already
    /// (case-insensitively).
    pub fn add_item(&mut self, key: &str, value: &str) -> Result<bool, Refusal> {
        let result = self.insert_item(key, value, true);
        self.keep(result)
    }

    /// Appends `value` to the top-level list `key` (cop.yaml's `pages`), adding the key when
    /// absent. False when it is there already (exactly: paths are case-sensitive).
    pub fn append_item(&mut self, key: &str, value: &str) -> Result<bool, Refusal> {
        let result = self.insert_item(key, value, false);
        self.keep(result)
    }

    /// Takes every item equal to `value` (case-insensitively) out of the top-level list `key`;
    /// a list left empty becomes `[]`. False when there was none.
    pub fn remove_item(&mut self, key: &str, value: &str) -> Result<bool, Refusal> {
        let result = self.take_items(key, Some(value));
        self.keep(result)
    }

    /// Empties the top-level list `key` (`[]`); false when it was absent or empty already.
    pub fn clear_list(&mut self, key: &str) -> Result<bool, Refusal> {
        let result = self.take_items(key, None);
        self.keep(result)
    }

    /// Sets the top-level scalar `key` to `value` (plain when YAML reads it back as the same
    /// word, else double-quoted), adding the key when absent. False when it had that value.
    pub fn set_scalar(&mut self, key: &str, value: &str) -> Result<bool, Refusal> {
        let result = self.put_scalar(key, value);
        self.keep(result)
    }

    /// Sets `child` in the block mapping `parent` (`meeting: cadence`), adding the child, or
    /// the parent with it, when absent. False when it had that value.
    pub fn set_nested(&mut self, parent: &str, child: &str, value: &str) -> Result<bool, Refusal> {
        let result = self.put_nested(parent, child, value);
        self.keep(result)
    }

    fn insert_item(&mut self, key: &str, value: &str, sorted: bool) -> Result<bool, Refusal> {
        let keys = self.top()?;
        let Some(k) = keys.iter().find(|k| k.name == key) else {
            let lines = self.new_list_lines(&keys, key, value)?;
            self.add_key(&keys, KEY_ORDER, key, lines);
            return Ok(true);
        };
        let list = scan::list(&self.lines, k)?;
        let folded = value.to_lowercase();
        let present = |i: &scan::Item| match sorted {
            true => i.value.to_lowercase() == folded,
            false => i.value == value,
        };
        if list.items().iter().any(present) {
            return Ok(false);
        }
        let values: Vec<&str> = list.items().iter().map(|i| i.value.as_str()).collect();
        let at = if sorted {
            placement(&values, value)
        } else {
            values.len()
        };
        let new = scan::quote(value);
        match list {
            List::Flow {
                line,
                open,
                close,
                items,
            } => {
                let text = &mut self.lines[line].text;
                if items.is_empty() {
                    text.replace_range(open + 1..close, &new);
                } else {
                    let sep = if items.len() > 1 {
                        text[items[0].end..items[1].start].to_string()
                    } else {
                        ", ".to_string()
                    };
                    if at == items.len() {
                        let end = items[at - 1].end;
                        text.insert_str(end, &format!("{sep}{new}"));
                    } else {
                        text.insert_str(items[at].start, &format!("{new}{sep}"));
                    }
                }
            }
            List::Block { indent, gap, items } => {
                let text = format!("{indent}-{gap}{new}");
                if at == items.len() {
                    self.insert_after(items[at - 1].line, vec![text]);
                } else {
                    self.insert_before(items[at].line, vec![text]);
                }
            }
            List::Null => match self.block_style(&keys) {
                Some((indent, gap)) => {
                    self.insert_after(k.line, vec![format!("{indent}-{gap}{new}")]);
                }
                None => {
                    let line = &mut self.lines[k.line].text;
                    let at = k.value.min(line.len());
                    let rest = line[at..].to_string();
                    let head = line[..at].trim_end().to_string();
                    *line = format!("{head} [{new}]{}", spaced(&rest));
                }
            },
        }
        Ok(true)
    }

    fn take_items(&mut self, key: &str, value: Option<&str>) -> Result<bool, Refusal> {
        let folded = value.map(str::to_lowercase);
        let hit = |v: &str| folded.as_ref().is_none_or(|f| v.to_lowercase() == *f);
        let mut taken = false;
        // One item at a time, reading the list again after each: offsets never go stale.
        loop {
            let keys = self.top()?;
            let Some(k) = keys.iter().find(|k| k.name == key) else {
                return Ok(taken);
            };
            let list = scan::list(&self.lines, k)?;
            let Some(i) = list.items().iter().position(|item| hit(&item.value)) else {
                return Ok(taken);
            };
            taken = true;
            match list {
                List::Flow {
                    line,
                    open,
                    close,
                    items,
                } => {
                    let range = if items.len() == 1 {
                        open + 1..close
                    } else if i + 1 < items.len() {
                        items[i].start..items[i + 1].start
                    } else {
                        items[i - 1].end..items[i].end
                    };
                    self.lines[line].text.replace_range(range, "");
                }
                List::Block { items, .. } => {
                    self.remove_line(items[i].line);
                    if items.len() == 1 {
                        let line = &mut self.lines[k.line].text;
                        let at = k.value.min(line.len());
                        let rest = line[at..].to_string();
                        let head = line[..at].trim_end().to_string();
                        *line = format!("{head} []{}", spaced(&rest));
                    }
                }
                List::Null => return Ok(taken),
            }
        }
    }

    fn put_scalar(&mut self, key: &str, value: &str) -> Result<bool, Refusal> {
        let keys = self.top()?;
        match keys.iter().find(|k| k.name == key) {
            Some(k) => self.replace_scalar(k, value),
            None => {
                self.add_key(
                    &keys,
                    KEY_ORDER,
                    key,
                    vec![format!("{key}: {}", scan::encode(value))],
                );
                Ok(true)
            }
        }
    }

    fn replace_scalar(&mut self, k: &Key, value: &str) -> Result<bool, Refusal> {
        let (start, end) = scan::scalar(&self.lines, k)?;
        let text = &mut self.lines[k.line].text;
        if start < end && scan::decode(&text[start..end]).as_deref() == Some(value) {
            return Ok(false);
        }
        let new = scan::encode(value);
        if start == end {
            let rest = text[start..].to_string();
            text.truncate(start);
            let head = text.trim_end().to_string();
            *text = format!("{head} {new}{}", spaced(&rest));
        } else {
            text.replace_range(start..end, &new);
        }
        Ok(true)
    }

    fn put_nested(&mut self, parent: &str, child: &str, value: &str) -> Result<bool, Refusal> {
        let keys = self.top()?;
        let line = format!("{child}: {}", scan::encode(value));
        let Some(p) = keys.iter().find(|k| k.name == parent) else {
            self.add_key(
                &keys,
                KEY_ORDER,
                parent,
                vec![format!("{parent}:"), format!("  {line}")],
            );
            return Ok(true);
        };
        let head = &self.lines[p.line].text[p.value..];
        if let Some(why) = scan::special(head) {
            return Err(Refusal::at(p.line, why));
        }
        if !scan::only_comment(head) {
            return Err(Refusal::at(
                p.line,
                format!(
                    "`{parent}` is not a block mapping cop can edit; write each of its keys on its own line"
                ),
            ));
        }
        let first = (p.line + 1..p.end).find(|&i| !scan::is_filler(&self.lines[i].text));
        let Some(first) = first else {
            self.insert_after(p.line, vec![format!("  {line}")]);
            return Ok(true);
        };
        let text = &self.lines[first].text;
        let indent = text.len() - text.trim_start_matches(' ').len();
        if indent == 0 {
            return Err(Refusal::at(
                first,
                format!("`{parent}` is not a block mapping"),
            ));
        }
        let children = scan::keys(&self.lines, p.line + 1, p.end, indent)?;
        match children.iter().find(|k| k.name == child) {
            Some(k) => self.replace_scalar(k, value),
            None => {
                let lines = vec![format!("{}{line}", " ".repeat(indent))];
                self.add_key(&children, MEETING_ORDER, child, lines);
                Ok(true)
            }
        }
    }

    /// The lines of a new list key holding `value`, in the style of the file's other lists.
    fn new_list_lines(&self, keys: &[Key], key: &str, value: &str) -> Result<Vec<String>, Refusal> {
        let new = scan::quote(value);
        Ok(match self.block_style(keys) {
            Some((indent, gap)) => vec![format!("{key}:"), format!("{indent}-{gap}{new}")],
            None => vec![format!("{key}: [{new}]")],
        })
    }

    /// The indentation and gap of the first block list with items, when the file has one
    /// (before any flow list with items); `None` for flow style.
    fn block_style(&self, keys: &[Key]) -> Option<(String, String)> {
        for k in keys {
            match scan::list(&self.lines, k) {
                Ok(List::Block { indent, gap, .. }) => return Some((indent, gap)),
                Ok(List::Flow { items, .. }) if !items.is_empty() => return None,
                _ => {}
            }
        }
        None
    }

    /// Inserts the lines of a new key among `keys` by `order`.
    fn add_key(&mut self, keys: &[Key], order: &[&str], name: &str, lines: Vec<String>) {
        let rank = |n: &str| order.iter().position(|o| *o == n);
        let mine = rank(name).unwrap_or(order.len());
        let before = keys
            .iter()
            .filter(|k| rank(&k.name).is_some_and(|r| r < mine))
            .max_by_key(|k| k.line);
        if let Some(k) = before {
            let at = k.last_content(&self.lines);
            self.insert_after(at, lines);
            return;
        }
        let after = keys
            .iter()
            .filter(|k| rank(&k.name).is_some_and(|r| r > mine))
            .min_by_key(|k| k.line);
        match after {
            Some(k) => self.insert_before(k.line, lines),
            None => match keys.last() {
                Some(k) => {
                    let at = k.last_content(&self.lines);
                    self.insert_after(at, lines);
                }
                None if self.lines.is_empty() => {
                    let eol = self.eol.clone();
                    self.lines.extend(lines.into_iter().map(|text| Line {
                        text,
                        end: eol.clone(),
                    }));
                }
                None => {
                    let last = self.lines.len() - 1;
                    self.insert_after(last, lines);
                }
            },
        }
    }

    /// New lines after line `at`: the last of them takes `at`'s line ending.
    fn insert_after(&mut self, at: usize, texts: Vec<String>) {
        let end = std::mem::replace(&mut self.lines[at].end, self.eol.clone());
        let n = texts.len();
        let new = texts.into_iter().enumerate().map(|(i, text)| Line {
            text,
            end: if i + 1 == n {
                end.clone()
            } else {
                self.eol.clone()
            },
        });
        let new: Vec<Line> = new.collect();
        self.lines.splice(at + 1..at + 1, new);
    }

    fn insert_before(&mut self, at: usize, texts: Vec<String>) {
        let eol = self.eol.clone();
        let new: Vec<Line> = texts
            .into_iter()
            .map(|text| Line {
                text,
                end: eol.clone(),
            })
            .collect();
        self.lines.splice(at..at, new);
    }

    /// Removes line `at`; a last line without a final newline leaves its predecessor without one.
    fn remove_line(&mut self, at: usize) {
        let line = self.lines.remove(at);
        if at == self.lines.len() && at > 0 {
            self.lines[at - 1].end = line.end;
        }
    }
}

/// What followed a value on its line (blanks and a comment), with one blank before a comment.
fn spaced(rest: &str) -> String {
    let t = rest.trim_start_matches([' ', '\t']);
    if t.is_empty() {
        String::new()
    } else if rest.len() > t.len() {
        rest.to_string()
    } else {
        format!(" {t}")
    }
}
