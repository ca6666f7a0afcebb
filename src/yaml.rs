//! Reading small hand-written YAML files safely: a size cap, UTF-8 with its error position, a
//! tight serde-saphyr budget against alias bombs and deep nesting, and YAML 1.2 scalars.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, DuplicateKeyPolicy, Options};

use crate::span::Pos;
use crate::tree::Yaml;

/// Largest YAML file cop reads: its files are written by hand and are a few KiB.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Why a file could not be read or parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
    /// Short text under the caret, when there is something to say there.
    pub label: Option<String>,
    /// How to fix it, when cop knows better than "fix the YAML here".
    pub help: Option<String>,
}

impl YamlError {
    pub fn at_start(message: impl Into<String>) -> Self {
        YamlError {
            pos: Pos::START,
            message: message.into(),
            label: None,
            help: None,
        }
    }

    /// The same error with `help` as its help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Reads a text file of at most `limit` bytes: UTF-8, with a leading byte-order mark dropped.
pub fn read_source(path: &Path, limit: u64) -> Result<String, YamlError> {
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    read_source_sized(path, size, limit)
}

/// [`read_source`] for a file whose size its `lstat` told (the loader's).
pub fn read_source_sized(path: &Path, size: u64, limit: u64) -> Result<String, YamlError> {
    let bytes = crate::file::read(path, size, limit).map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(YamlError::at_start(format!(
            "file is larger than {} KiB; cop reads only small hand-written files",
            limit / 1024
        ))
        .with_help("a community file holds a few dozen lines; shorten it"));
    }
    decode(bytes)
}

fn unreadable(e: std::io::Error) -> YamlError {
    YamlError::at_start(format!("cannot read: {e}"))
        .with_help("cop needs to read this file; check that it is a readable file")
}

/// Decodes UTF-8, pointing at the first invalid byte.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, YamlError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // Safe: the prefix up to valid_up_to is valid UTF-8 by definition.
        let text = std::str::from_utf8(valid).unwrap_or_default();
        let line = text.matches('\n').count() + 1;
        let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        YamlError {
            pos: Pos {
                line: line as u32,
                column: column as u32,
                len: 1,
            },
            message: "file is not valid UTF-8".into(),
            label: Some("not UTF-8".into()),
            help: Some("save the file as UTF-8".into()),
        }
    })
}

/// The budget for cop's files, sized for small hand-written files so that hostile input fails
/// within milliseconds. The fast path of `parse_tree` (`events`) reads its limits from here too.
pub(crate) fn budget() -> Budget {
    let mut budget = Budget::default();
    budget.max_reader_input_bytes = Some(MAX_FILE_BYTES as usize);
    budget.max_events = 100_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_recorded_anchor_events = 10_000;
    budget.max_recorded_anchor_bytes = 1024 * 1024;
    budget.max_depth = 32;
    budget.max_documents = 1;
    budget.max_nodes = 50_000;
    budget.max_total_scalar_bytes = MAX_FILE_BYTES as usize;
    budget.max_merge_keys = 100;
    budget
}

/// Options for cop's files: duplicate keys are errors, YAML 1.2 booleans, and the budget above.
pub(crate) fn options(duplicate_keys: DuplicateKeyPolicy) -> Options {
    let mut options = Options::default();
    options.budget = Some(budget());
    options.duplicate_keys = duplicate_keys;
    options.strict_booleans = true;
    options.alias_limits.max_total_replayed_events = 10_000;
    options.alias_limits.max_replay_stack_depth = 16;
    options.with_snippet = false;
    options
}

/// Parses `source` into `T`, reporting the first error with its position.
pub fn parse<T: DeserializeOwned>(source: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options(source, options(DuplicateKeyPolicy::Error))
        .map_err(|e| error(source, e))
}

/// Parses `source` into a tree with every node's position. Only what stops reading the file
/// is an error here (YAML syntax, the budget); a repeated key stays in the tree, for the walk
/// to report beside the file's other problems.
///
/// Most files take the fast path (`events::tree`), which builds the same tree straight from
/// the parser's events; whatever it is not certain of, and every error, goes through
/// serde-saphyr as before.
pub fn parse_tree(source: &str) -> Result<Yaml, YamlError> {
    match crate::events::tree(source) {
        Some(tree) => Ok(tree),
        None => saphyr_tree(source),
    }
}

/// `parse_tree` through serde-saphyr: the reference the fast path is tested against, and the
/// only source of error messages.
pub(crate) fn saphyr_tree(source: &str) -> Result<Yaml, YamlError> {
    serde_saphyr::from_str_with_options(source, options(DuplicateKeyPolicy::PassThrough))
        .map_err(|e| error(source, e))
}

fn error(source: &str, e: serde_saphyr::Error) -> YamlError {
    let e = e.without_snippet();
    let pos = e.location().map_or(Pos::START, |l| Pos {
        len: 1,
        ..Pos::of(&l)
    });
    if let Some((message, help)) = plain_sentence(e) {
        return YamlError {
            pos,
            message: message.into(),
            label: None,
            help: Some(help.into()),
        };
    }
    if let Some(error) = unquoted_handle(source, pos) {
        return error;
    }
    YamlError {
        pos,
        message: clean_message(&e.to_string()),
        label: Some("not valid YAML here".into()),
        help: None,
    }
}

/// The budget's breaches in words a person writing the file understands (serde-saphyr prints
/// its internal counters).
fn plain_sentence(e: &serde_saphyr::Error) -> Option<(&'static str, &'static str)> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let mut e = e;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = e {
        e = error;
    }
    let breach = match e {
        E::Budget { breach, .. } => breach,
        E::AliasReplayCounterOverflow { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => return Some(ALIASES),
        _ => {
            let text = e.to_string();
            return text
                .starts_with("recursion limit exceeded")
                .then_some(NESTING);
        }
    };
    Some(match breach {
        B::Documents { .. } => (
            "the file holds more than one YAML document (a `---` line); cop reads one",
            "remove the `---` line; each community has a folder and a file of its own",
        ),
        B::Depth { .. } => NESTING,
        B::Aliases { .. }
        | B::Anchors { .. }
        | B::AliasAnchorRatio { .. }
        | B::RecordedAnchorEvents { .. }
        | B::RecordedAnchorBytes { .. }
        | B::MergeKeys { .. } => ALIASES,
        _ => (
            "the file holds more values than cop reads in one file",
            "a community file holds a few dozen values; split or shorten it",
        ),
    })
}

const ALIASES: (&str, &str) = (
    "the file's anchors and aliases (`&a`, `*a`) expand to far more values than cop reads in one file",
    "write the values out instead of repeating them through aliases",
);

const NESTING: (&str, &str) = (
    "values are nested too deeply (more than 32 levels)",
    "cop's files nest a few levels at most: lists of text and small mappings",
);

/// YAML forbids `@` at the start of a plain value, so an unquoted handle (`[@ann]`, `- @ann`)
/// is a syntax error; say what to write instead, with the line's handles quoted.
fn unquoted_handle(source: &str, pos: Pos) -> Option<YamlError> {
    let line = source.lines().nth(pos.line.checked_sub(1)? as usize)?;
    let at = line.chars().nth(pos.column.checked_sub(1)? as usize)?;
    if at != '@' {
        return None;
    }
    let quoted = quote_handles(line.trim());
    let first = line
        .chars()
        .skip(pos.column as usize - 1)
        .take_while(|c| !matches!(c, ',' | ']' | '}' | ' ' | '#'))
        .collect::<String>();
    Some(YamlError {
        pos: Pos {
            len: first.chars().count() as u32,
            ..pos
        },
        message: format!("`{first}` must be quoted: in YAML, a value cannot start with `@`"),
        label: Some("quote this handle".into()),
        help: Some(format!("quote handles: {quoted}")),
    })
}

/// `members: [@ann, "@bob"]` → `members: ["@ann", "@bob"]`: every `@` that starts a plain
/// value gets quotes around the value.
fn quote_handles(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut chars = line.chars().peekable();
    let mut prev = ' ';
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '@' && matches!(prev, ' ' | '[' | ',' | '-' | ':' | '{') => {
                out.push('"');
                out.push(c);
                while let Some(&n) = chars.peek() {
                    if matches!(n, ',' | ']' | '}' | ' ' | '#') {
                        break;
                    }
                    out.push(n);
                    chars.next();
                }
                out.push('"');
            }
            None => out.push(c),
        }
        prev = c;
    }
    out
}

/// serde-saphyr appends "at line L, column C" and advice aimed at programmers; the position is
/// reported separately and the advice does not apply to users of cop.
fn clean_message(message: &str) -> String {
    let message = message.trim();
    let message = match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    };
    let message = [", set DuplicateKeyPolicy", "; use Option<"]
        .iter()
        .fold(message, |m, advice| m.split(advice).next().unwrap_or(m));
    let message = message.replace(
        "cannot deserialize null into string",
        "expected a string, not an empty value",
    );
    let mut message = message;
    if let Some(first) = message.get(..1) {
        let lower = first.to_lowercase();
        message.replace_range(..1, &lower);
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::time::{Duration, Instant};

    type Map = BTreeMap<String, serde_json::Value>;

    fn parse_error(source: &str) -> YamlError {
        parse::<Map>(source).unwrap_err()
    }

    #[test]
    fn duplicate_keys_are_errors_at_the_second_key() {
        let e = parse_error("a: 1\nb: 2\na: 3\n");
        assert_eq!((e.pos.line, e.pos.column), (3, 1));
        assert!(e.message.contains("duplicate mapping key"), "{}", e.message);
        assert!(!e.message.contains("DuplicateKeyPolicy"), "{}", e.message);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse_error("a: [1, 2\n");
        assert_eq!(e.pos.line, 1);
        assert!(!e.message.contains(" at line "), "{}", e.message);
    }

    #[test]
    fn alias_bomb_fails_fast() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for c in 'b'..='m' {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            bomb.push_str(&format!("{c}: &{c} [{refs}]\n"));
            prev = c;
        }
        let start = Instant::now();
        assert!(parse::<Map>(&bomb).is_err());
        assert!(start.elapsed() < Duration::from_secs(1));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse::<serde_json::Value>(&deep).is_err());
        let block: String = (0..200)
            .map(|i| format!("{}k{i}:\n", "  ".repeat(i)))
            .collect();
        assert!(parse::<serde_json::Value>(&block).is_err());
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let e = decode(b"a: 1\nb: \xff\n".to_vec()).unwrap_err();
        assert_eq!((e.pos.line, e.pos.column), (2, 4));
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFa: 1".to_vec()).unwrap(), "a: 1");
    }

    #[test]
    fn off_and_yes_stay_strings() {
        let map: BTreeMap<String, String> = parse("a: off\nb: yes\n").unwrap();
        assert_eq!(map["a"], "off");
        assert_eq!(map["b"], "yes");
    }
}
