//! The fast path of `yaml::parse_tree`: the same tree, built straight from granit-parser's
//! events instead of through serde-saphyr's deserializer and its `Spanned` wrappers, which cost
//! about twice as much as the parser itself. It answers only where it is certain to give exactly
//! what serde-saphyr gives with `yaml::options`; on anything else (an error, a second document,
//! an anchor, alias or tag, a merge key, the budget, a plain scalar it does not type with
//! certainty) it returns `None`, and serde-saphyr reads the file as before.

use std::borrow::Cow;

use serde_saphyr::granit_parser::{self, Event, Parser, ScalarStyle, Span, StrInput};

use crate::span::Pos;
use crate::tree::{Value, Yaml};
use crate::yaml;

/// The tree of `source` as `yaml::saphyr_tree` would build it, or `None` when this path is not
/// certain of it.
pub fn tree(source: &str) -> Option<Yaml> {
    // Files above the cap fail in `read_source`; refusing them here also keeps every line,
    // column and length far below where serde-saphyr's locations saturate.
    if source.len() as u64 > yaml::MAX_FILE_BYTES {
        return None;
    }
    let budget = yaml::budget();
    // The parser options serde-saphyr derives from the same budget (`Budget::parser_options`,
    // private to it), so that the parser accepts and rejects exactly the same input.
    let options = granit_parser::options! {
        simple_key_max_lookahead: budget.simple_key_max_lookahead,
        flow_nesting_limit: budget.flow_nesting_limit,
        block_nesting_limit: granit_parser::Options::default()
            .block_nesting_limit
            .max(budget.max_depth.saturating_add(1)),
        emit_comments: false,
    };
    let mut builder = Builder::default();
    let (mut events, mut documents, mut nodes, mut scalar_bytes) = (0, 0, 0, 0usize);
    let mut last = None;
    for item in Parser::with_options(StrInput::new(source), options) {
        let (event, span) = item.ok()?;
        // The budget counts every event, as serde-saphyr's does: it reads to the stream's end.
        events += 1;
        if events > budget.max_events {
            return None;
        }
        match event {
            Event::StreamStart | Event::DocumentEnd | Event::StreamEnd => {}
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > budget.max_documents {
                    return None;
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                nodes += 1;
                scalar_bytes = scalar_bytes.saturating_add(value.len());
                if nodes > budget.max_nodes || scalar_bytes > budget.max_total_scalar_bytes {
                    return None;
                }
                let value = scalar(value, style)?;
                builder.push(Yaml {
                    at: pos(&span),
                    value,
                })?;
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                nodes += 1;
                if nodes > budget.max_nodes || builder.open.len() >= budget.max_depth {
                    return None;
                }
                let map = matches!(event, Event::MappingStart(..));
                builder.start(pos(&span), map)?;
            }
            Event::SequenceEnd | Event::MappingEnd => builder.end()?,
            // Aliases, and whatever else a parser may emit that this path does not know.
            _ => return None,
        }
        last = Some(span);
    }
    match builder.root {
        Some(root) if builder.open.is_empty() => Some(root),
        // An empty stream reads as null where the parser stopped, like serde-saphyr's stand-in
        // for a document with no node.
        None if builder.open.is_empty() => Some(Yaml {
            at: pos(&last?),
            value: Value::Null,
        }),
        _ => None,
    }
}

/// Where serde-saphyr puts a node: its first event's span as `location_from_span` turns it
/// into a `Location` (1-based column, length in characters) and `Pos::of` into a `Pos`.
fn pos(span: &Span) -> Pos {
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Pos {
        line: clamp(span.start.line()).max(1),
        column: clamp(span.start.col() + 1).max(1),
        len: clamp(span.len()),
    }
}

/// A scalar as serde-saphyr's `deserialize_any` types it: quoted and block scalars are text,
/// plain ones go through `plain`.
fn scalar(value: Cow<'_, str>, style: ScalarStyle) -> Option<Value> {
    // serde-saphyr reads `<<` as a merge key; what follows is not a plain entry.
    if value == "<<" {
        return None;
    }
    match style {
        ScalarStyle::Plain => plain(&value),
        _ => Some(Value::Str(value.into())),
    }
}

/// Plain scalars this path types with certainty, as serde-saphyr does with YAML 1.2 core
/// schema and `strict_booleans`: null (`scalar_is_nullish`), the six booleans
/// (`parse_yaml12_bool`), decimal integers that fit in 64 bits, and text that cannot be read
/// as anything else. Every other spelling that could be a number, a YAML 1.1 boolean or a
/// special float (`+1`, `007`, `1_000`, `0x1f`, `1.5`, `.inf`, `yes`, `On`, …) is left to
/// serde-saphyr.
fn plain(text: &str) -> Option<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    if let Some(n) = decimal(text) {
        return Some(Value::Int(n));
    }
    // `2026-03-12`: text, as serde-saphyr has no implicit dates, neither integer parser takes
    // a `-` after a digit, and `f64::from_str` takes one only after an exponent's `e`.
    if is_date(text) {
        return Some(Value::Str(text.into()));
    }
    let first = text.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.') {
        return None;
    }
    // serde-saphyr trims these before typing; a plain scalar never starts or ends with them,
    // but a surprise here must not become a wrong type.
    let padding = [' ', '\t', '\r', '\n'];
    if text.starts_with(padding) || text.ends_with(padding) {
        return None;
    }
    const LOOKALIKES: [&str; 14] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "inf", "nan", "infinity",
        ".inf", ".nan",
    ];
    if LOOKALIKES.iter().any(|w| text.eq_ignore_ascii_case(w)) {
        return None;
    }
    Some(Value::Str(text.into()))
}

/// `0`, `42`, `-3`: an optional minus, then `0` or a digit string without a leading zero, short
/// enough (18 digits) to fit in `u64` and `i64`, which serde-saphyr reads it as.
fn decimal(text: &str) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let shape = match digits.as_bytes() {
        [b'0'] => true,
        [b'1'..=b'9', rest @ ..] => rest.len() < 18 && rest.iter().all(u8::is_ascii_digit),
        _ => false,
    };
    if !shape {
        return None;
    }
    let n: i128 = digits.parse().ok()?;
    Some(if digits.len() < text.len() { -n } else { n })
}

/// `YYYY-MM-DD`, digits and dashes only: the dates of events and waivers.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// The tree under construction: the containers still open, innermost last.
#[derive(Default)]
struct Builder {
    open: Vec<Open>,
    root: Option<Yaml>,
}

enum Open {
    Seq(Pos, Vec<Yaml>),
    /// The entries so far, and the key waiting for its value.
    Map(Pos, Vec<(Yaml, Yaml)>, Option<Yaml>),
}

impl Builder {
    fn start(&mut self, at: Pos, map: bool) -> Option<()> {
        // A list or mapping as a key: serde-saphyr buffers and replays it; not worth the risk.
        if let Some(Open::Map(_, _, None)) = self.open.last() {
            return None;
        }
        self.open.push(if map {
            Open::Map(at, Vec::new(), None)
        } else {
            Open::Seq(at, Vec::new())
        });
        Some(())
    }

    fn end(&mut self) -> Option<()> {
        let node = match self.open.pop()? {
            Open::Seq(at, items) => Yaml {
                at,
                value: Value::Seq(items),
            },
            Open::Map(at, entries, None) => Yaml {
                at,
                value: Value::Map(entries),
            },
            Open::Map(_, _, Some(_)) => return None,
        };
        self.push(node)
    }

    fn push(&mut self, node: Yaml) -> Option<()> {
        match self.open.last_mut() {
            None if self.root.is_none() => self.root = Some(node),
            None => return None,
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, entries, key)) => match key.take() {
                None => *key = Some(node),
                Some(key) => entries.push((key, node)),
            },
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;
    use serde_saphyr::{DuplicateKeyPolicy, MergeKeyPolicy, RequireIndent};

    use super::*;

    /// Where the fast path answers, its tree is serde-saphyr's, whole; says whether it answered.
    fn agrees(source: &str) -> bool {
        let Some(fast) = tree(source) else {
            return false;
        };
        assert_eq!(Ok(fast), yaml::saphyr_tree(source), "source: {source:?}");
        true
    }

    /// For documents the fast path should judge exactly: it answers if and only if serde-saphyr
    /// reads the document, and then with the same tree.
    fn answers_exactly_when_saphyr_reads(source: &str) {
        assert_eq!(
            tree(source).ok_or(()),
            yaml::saphyr_tree(source).map_err(|_| ()),
            "source of {} bytes starting {:?}",
            source.len(),
            &source[..source.len().min(60)]
        );
    }

    fn files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "snap")
            {
                out.push(path);
            }
        }
    }

    fn repository_files() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for dir in ["tests", "examples", "templates"] {
            files(&root.join(dir), &mut out);
        }
        out.push(root.join(".pre-commit-hooks.yaml"));
        out.sort();
        out
    }

    /// A snapshot's body, after insta's header: often a YAML file, else text to try anyway.
    fn snapshot_body(text: &str) -> &str {
        text.splitn(3, "---\n").nth(2).unwrap_or(text)
    }

    #[test]
    fn the_repository_files_read_the_same() {
        let paths = repository_files();
        let (mut yaml_files, mut slow) = (0, Vec::new());
        for path in &paths {
            let Ok(raw) = String::from_utf8(fs::read(path).unwrap()) else {
                continue;
            };
            let is_snap = path.extension().is_some_and(|e| e == "snap");
            let text = if is_snap { snapshot_body(&raw) } else { &raw };
            let answered = agrees(text);
            if !is_snap {
                yaml_files += 1;
                if !answered {
                    slow.push(path);
                }
            }
            // As `read_source` hands it over: without a byte-order mark.
            if let Ok(decoded) = yaml::decode(text.as_bytes().to_vec()) {
                agrees(&decoded);
            }
        }
        // The walk found the files, and the fast path read most of them (the hostile ones
        // are there to be refused).
        assert!(yaml_files > 100, "{yaml_files} YAML files");
        assert!(slow.len() < yaml_files / 3, "slow path: {slow:#?}");
    }

    /// The files cop reads most: the bundled examples' and the benchmark generator's.
    #[test]
    fn the_examples_and_generated_communities_take_the_fast_path() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut paths = Vec::new();
        for example in ["acme", "gitlab-handbook", "gitlab-handbook-import"] {
            files(&root.join(example), &mut paths);
        }
        assert!(paths.len() > 15, "{paths:?}");
        for path in paths {
            let source = yaml::read_source(&path, yaml::MAX_FILE_BYTES).unwrap();
            assert!(agrees(&source), "{} took the slow path", path.display());
        }
        for source in GENERATED {
            assert!(agrees(source), "took the slow path: {source}");
        }
    }

    /// Three files as `examples/gen-registry.rs` writes them (monthly, weekly, proposed).
    const GENERATED: [&str; 3] = [
        "subject: Community 00007 of practice\nstatus: active\ndescription: \"Generated community number 7: a topic, its experts, and their monthly call.\"\nfacilitators: [\"@person21\"]\nmembers:\n  - \"@person21\"\n  - \"@person22\"\n  - \"@person23\"\ncontributors: [\"@helper7\"]\nchannel: \"#cp_community-00007\"\nmeeting:\n  cadence: monthly\n  weekday: wednesday\n  week: 2\n  time: \"16:30\"\n  timezone: Europe/Berlin\n  url: https://meet.example.com/community-00007\nproject: https://gitlab.example.com/cop/community-00007\ntopics: [generated, benchmark]\n",
        "subject: Community 00000 of practice\nstatus: active\ndescription: \"Generated community number 0: a topic, its experts, and their monthly call.\"\nfacilitators: [\"@person0\"]\nmembers:\n  - \"@person0\"\n  - \"@person1\"\n  - \"@person2\"\ncontributors: [\"@helper0\"]\nchannel: \"#cp_community-00000\"\nmeeting:\n  cadence: weekly\n  weekday: monday\n  time: \"09:00\"\n  timezone: Europe/Berlin\n  url: https://meet.example.com/community-00000\nproject: https://gitlab.example.com/cop/community-00000\ntopics: [generated, benchmark]\n",
        "subject: Community 00009 of practice\nstatus: proposed\ndescription: \"Generated community number 9: a topic, its experts, and their monthly call.\"\nfacilitators: [\"@person27\"]\nmembers:\n  - \"@person27\"\n  - \"@person28\"\n  - \"@person29\"\ncontributors: [\"@helper9\"]\nchannel: \"#cp_community-00009\"\nmeeting:\n  cadence: monthly\n  weekday: wednesday\n  week: 4\n  time: \"10:30\"\n  timezone: Asia/Tokyo\n  url: https://meet.example.com/community-00009\nproject: https://gitlab.example.com/cop/community-00009\ntopics: [generated, benchmark]\n",
    ];

    /// Scalars whose type or text is easy to get wrong, written plain.
    const TRICKY: &[&str] = &[
        "",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        "true",
        "True",
        "TRUE",
        "tRUE",
        "false",
        "False",
        "FALSE",
        "yes",
        "Yes",
        "no",
        "NO",
        "on",
        "On",
        "off",
        "OFF",
        "y",
        "Y",
        "n",
        "N",
        "0",
        "-0",
        "+0",
        "1",
        "-1",
        "+1",
        "42",
        "-3",
        "007",
        "-007",
        "0o17",
        "0x1F",
        "0X1f",
        "0b101",
        "1_000",
        "1__0",
        "_1",
        "1_",
        "999999999999999999",
        "-999999999999999999",
        "1000000000000000000",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "18446744073709551615",
        "18446744073709551616",
        "340282366920938463463374607431768211456",
        "1.5",
        "-1.5",
        ".5",
        "5.",
        "1e3",
        "1E-3",
        "+1e3",
        "1e999",
        "-1e999",
        ".inf",
        "-.inf",
        "+.inf",
        ".Inf",
        ".INF",
        ".nan",
        ".NaN",
        ".NAN",
        "inf",
        "-inf",
        "nan",
        "NaN",
        "infinity",
        "Infinity",
        "1:30",
        "16:00",
        "12:30:00",
        "2024-01-01",
        "2024-01-01T10:00:00Z",
        "0.0.1",
        "1.2.3",
        "-",
        "--",
        ".",
        "..",
        "-x",
        ".x",
        "+x",
        "x",
        "hello world",
        "Europe/Warsaw",
        "@ann",
        "#cp_x",
        "https://x.example/a?b=c#d",
        "a: b",
        "a #b",
        "<<",
        "<",
        "é",
        "日本語",
        "😀",
        "ﬁ",
        "\u{a0}x",
        "x\u{2028}y",
        "it's",
        "say \"hi\"",
        "back\\slash",
        "tab\there",
        "%x",
        "`x",
        "=",
        "?x",
    ];

    fn single(s: &str) -> String {
        format!("'{}'", s.replace('\'', "''"))
    }

    fn double(s: &str) -> String {
        serde_json::to_string(s).unwrap()
    }

    #[test]
    fn every_tricky_scalar_reads_the_same_in_every_style_and_place() {
        for s in TRICKY {
            for text in [s.to_string(), single(s), double(s)] {
                for doc in [
                    text.clone(),
                    format!("key: {text}\n"),
                    format!("{text}: value\n"),
                    format!("- {text}\n- {text}\n"),
                    format!("[{text}, {text}]\n"),
                    format!("{{{text}: {text}}}\n"),
                    format!("a:\n  - {text}\n  - b: {text}\n    c: {text}\n"),
                    format!("key: |\n  {text}\n"),
                    format!("key: >-\n  {text}\n  {text}\n"),
                ] {
                    agrees(&doc);
                }
            }
        }
    }

    #[test]
    fn the_scalars_it_types_are_the_ones_it_should() {
        let typed = |s: &str| tree(s).map(|t| t.value);
        assert_eq!(typed("42"), Some(Value::Int(42)));
        assert_eq!(typed("-3"), Some(Value::Int(-3)));
        assert_eq!(typed("0"), Some(Value::Int(0)));
        assert_eq!(typed("true"), Some(Value::Bool(true)));
        assert_eq!(typed("FALSE"), Some(Value::Bool(false)));
        assert_eq!(typed("~"), Some(Value::Null));
        assert_eq!(typed("null"), Some(Value::Null));
        assert_eq!(typed("off"), None);
        assert_eq!(typed("'off'"), Some(Value::Str("off".into())));
        assert_eq!(typed("\"42\""), Some(Value::Str("42".into())));
        assert_eq!(
            typed("Europe/Warsaw"),
            Some(Value::Str("Europe/Warsaw".into()))
        );
        for bail in [
            "+1", "007", "1_000", "0x1f", "1.5", ".inf", ".nan", "yes", "On", "n",
        ] {
            assert_eq!(typed(bail), None, "{bail}");
        }
    }

    #[test]
    fn a_small_document_has_serde_saphyrs_positions() {
        let at = |line, column, len| Pos { line, column, len };
        let scalar = |pos, s: &str| Yaml {
            at: pos,
            value: Value::Str(s.into()),
        };
        let source = "a: 'é😀'\nb: [x, \"y\"]\n";
        let expected = Yaml {
            at: at(1, 1, 0),
            value: Value::Map(vec![
                (scalar(at(1, 1, 1), "a"), scalar(at(1, 4, 4), "é😀")),
                (
                    scalar(at(2, 1, 1), "b"),
                    Yaml {
                        at: at(2, 4, 1),
                        value: Value::Seq(vec![scalar(at(2, 5, 1), "x"), scalar(at(2, 8, 3), "y")]),
                    },
                ),
            ]),
        };
        assert_eq!(tree(source), Some(expected.clone()));
        assert_eq!(yaml::saphyr_tree(source), Ok(expected));
    }

    /// Documents in the shapes and spellings a person might write.
    const DOCUMENTS: &[&str] = &[
        "",
        "\n",
        "# only a comment\n",
        "---\n",
        "---\n...\n",
        "--- \n# c\n...\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n---\nb: 2\n",
        "a: 1\n...\n",
        "%YAML 1.2\n---\na: 1\n",
        "%YAML 1.1\n---\na: 1\nb: true\nc: x\n",
        "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
        "key:\n",
        "key:\nother:\n",
        "key: ~\n",
        "? key\n: value\n",
        "? [a, b]\n: value\n",
        "? {a: b}\n: value\n",
        "[a, b]: value\n",
        ": value\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: !!int \"1\"\n",
        "a: ! x\n",
        "<<: {a: 1}\n",
        "'<<': 1\n",
        "a: b: c\n",
        "a: [1, 2\n",
        "a: {b: 1\n",
        "a:\n- 1\n- 2\n",
        "a:\n  - 1\n  -   2\n",
        "- a: 1\n  b: 2\n- c: 3\n",
        "- - a\n  - b\n- - c\n",
        "-\n  a: 1\n",
        "- [a, {b: c}]\n",
        "a:\n  b:\n    c:\n      d: [1, [2, [3]]]\n",
        "{a: 1, b: [2, 3], c: {d: e}}\n",
        "[a, b, ]\n",
        "{a: 1, }\n",
        "[]\n",
        "{}\n",
        "a: []\nb: {}\n",
        "a: b\na: c\n",
        "a: b\r\nc:\r\n  - d\r\n  - 'e'\r\n",
        "a: |\r\n  x\r\n  y\r\n",
        "a: b\rc: d\r",
        "\u{feff}a: 1\n",
        "a:\tb\n",
        "a: b\t\n",
        "\ta: b\n",
        "a:\n\t- b\n",
        "a: 'x\ty'\n",
        "a: \"x\\ty\\u00e9\\U0001F600\\x41\\L\\P\\N\\_\\0\"\n",
        "a: \"line\n  folded\n\n  kept\"\n",
        "a: 'line\n  folded\n\n  kept'\n",
        "a: plain\n  continued\n\n  after blank\n",
        "a: |\n  literal\n   indented\n\n  after blank\n",
        "a: |-\n  strip\n\n",
        "a: |+\n  keep\n\n",
        "a: >\n  folded\n  text\n\n  para\n",
        "a: |2\n    indented by indicator\n",
        "a: |\n",
        "a: >\nb: 1\n",
        "a: b # comment\n# full line\nc: d\n",
        "a: b#not a comment\n",
        "a: '#quoted'\n",
        "日本語: 値\n😀: 😀\nkey: 'ﬁ wide 全角'\n",
        "a: 'é'\nb: \"😀😀\"\nc: [日本, 語]\n",
        "members: [@ann]\n",
        "members:\n  - @ann\n",
        "a: `tick\n",
        "a: %pct\n",
        "a: x\n b: y\n",
        "a:\n  b: 1\n c: 2\n",
        "  a: 1\n  b: 2\n",
        "a: 1\n  # indented comment\nb: 2\n",
        "a:    spaced   \n",
        "'a b': \"c d\"\n",
        "\"\": ''\n",
        "a: \"\"\nb: ''\n",
        "a: - b\n",
        "a: [- b]\n",
        "a: {b}\n",
        "a: [b: c]\n",
        "a: [? b : c]\n",
        "a: {? b}\n",
        "[a]\n[b]\n",
        "- a\nb: c\n",
        "x\n",
        "'x'\n",
        "\"x\"\n",
        "|\n  x\n",
        "42\n",
        "a: 1\nb: -2\nc: 0\nd: true\ne: False\nf: null\ng: ~\nh:\n",
    ];

    #[test]
    fn tricky_documents_read_the_same() {
        for doc in DOCUMENTS {
            agrees(doc);
            agrees(&doc.replace('\n', "\r\n"));
            agrees(&format!("\u{feff}{doc}"));
        }
    }

    /// The shapes of hand-written files are read here, not only agreed on where read.
    #[test]
    fn common_shapes_take_the_fast_path() {
        for doc in [
            "",
            "# only a comment\n",
            "---\na: 1\n...\n",
            "key:\nother: ~\n",
            "a: b\r\nc:\r\n  - d\r\n  - 'e'\r\n",
            "\u{feff}a: 1\n",
            "a:\tb\n",
            "a: \"line\n  folded\n\n  kept\"\n",
            "a: plain\n  continued\n",
            "a: |\n  literal\n   indented\n\nb: >-\n  folded\n",
            "日本語: 値\nkey: 'ﬁ wide 全角 😀'\n",
            "- a: 1\n  b: [x, {c: d}]\n- - e\n",
            "a: b # comment\n# full line\nc: 2026-03-12\n",
            "a: 1\nb: -2\nc: 0\nd: true\ne: False\nf: null\ng: ~\nh:\n",
        ] {
            assert!(agrees(doc), "{doc:?}");
        }
    }

    #[test]
    fn anchors_aliases_tags_merges_and_errors_take_the_slow_path() {
        for doc in [
            "a: &x 1\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: !!str x\n",
            "a: !x [1]\n",
            "<<: {a: 1}\n",
            "a: {<<: {b: 1}}\n",
            "a: 1\n---\nb: 2\n",
            "a: [1, 2\n",
            "a: b: c\n",
            "? [a]\n: b\n",
        ] {
            assert_eq!(tree(doc), None, "{doc:?}");
        }
    }

    #[test]
    fn the_budget_is_judged_at_its_limits_as_serde_saphyr_judges_it() {
        let budget = yaml::budget();
        // Depth: nested flow lists and nested block mappings, at the limit and one beyond.
        for depth in [budget.max_depth, budget.max_depth + 1] {
            answers_exactly_when_saphyr_reads(&format!(
                "{}{}",
                "[".repeat(depth),
                "]".repeat(depth)
            ));
            let block: String = (0..depth)
                .map(|i| {
                    format!(
                        "{}k{}\n",
                        "  ".repeat(i),
                        if i + 1 < depth { ":" } else { ": v" }
                    )
                })
                .collect();
            answers_exactly_when_saphyr_reads(&block);
        }
        // Nodes: the list and its items.
        for items in [budget.max_nodes - 1, budget.max_nodes] {
            answers_exactly_when_saphyr_reads(&format!("[{}]", vec!["x"; items].join(",")));
        }
        // Nodes again, the last one a list.
        for items in [budget.max_nodes - 2, budget.max_nodes - 1] {
            answers_exactly_when_saphyr_reads(&format!("[{}, []]", vec!["x"; items].join(",")));
        }
        // Events: six around the list, two for each empty list in it, one for a scalar.
        let lists = (budget.max_events - 6) / 2;
        assert!(lists < budget.max_nodes);
        let many = vec!["[]"; lists].join(",");
        answers_exactly_when_saphyr_reads(&format!("[{many}]"));
        answers_exactly_when_saphyr_reads(&format!("[{many},x]"));
        // Scalar bytes: `\L` is two bytes of source and three of text.
        let lines = budget.max_total_scalar_bytes / 3;
        for pad in 0..3 {
            let pad = "x".repeat(budget.max_total_scalar_bytes - lines * 3 + pad);
            answers_exactly_when_saphyr_reads(&format!("\"{pad}{}\"", "\\L".repeat(lines)));
        }
        // A file above the cap is not read here, whatever it holds.
        let big = format!("a: 1\n#{}\n", "x".repeat(yaml::MAX_FILE_BYTES as usize));
        assert_eq!(tree(&big), None);
    }

    /// The typing above is serde-saphyr's under these options; a change to them must come
    /// back here.
    #[test]
    #[allow(deprecated)]
    fn the_options_are_those_the_fast_path_assumes() {
        let o = yaml::options(DuplicateKeyPolicy::PassThrough);
        assert_eq!(
            (
                o.strict_booleans,
                o.legacy_octal_numbers,
                o.leading_zero_numbers_as_strings,
                o.underscored_numbers_as_strings,
                o.no_schema,
                o.angle_conversions,
                o.strict_indentation,
                o.merge_keys,
                o.require_indent,
            ),
            (
                true,
                false,
                false,
                false,
                false,
                false,
                false,
                MergeKeyPolicy::Merge,
                RequireIndent::Unchecked
            )
        );
    }

    /// A community-like document: what the proptest writes out in one of several styles.
    #[derive(Debug, Clone)]
    enum Node {
        Scalar(String, Style),
        Seq(Vec<Node>, bool),
        Map(Vec<((String, Style), Node)>, bool),
    }

    #[derive(Debug, Clone, Copy)]
    enum Style {
        Plain,
        Single,
        Double,
        Literal,
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            2 => proptest::sample::select(TRICKY).prop_map(str::to_owned),
            4 => "[a-z][a-z @._/-]{0,12}",
            1 => "[a-z@#:/ ._'\"-]{0,10}",
            1 => "[é😀日\\t0-9a-z ]{0,6}",
        ]
    }

    /// Keys as community files have them, and now and then any text.
    fn key() -> impl Strategy<Value = (String, Style)> {
        const KEYS: &[&str] = &[
            "subject", "status", "members", "meeting", "cadence", "week", "time", "topics",
            "events", "date", "url", "a", "日本", "é",
        ];
        prop_oneof![
            3 => (proptest::sample::select(KEYS).prop_map(str::to_owned), Just(Style::Plain)),
            1 => (text(), style()),
        ]
    }

    fn style() -> impl Strategy<Value = Style> {
        prop_oneof![
            4 => Just(Style::Plain),
            1 => Just(Style::Single),
            2 => Just(Style::Double),
            1 => Just(Style::Literal),
        ]
    }

    fn node() -> impl Strategy<Value = Node> {
        let leaf = (text(), style()).prop_map(|(s, q)| Node::Scalar(s, q));
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                (
                    proptest::collection::vec(inner.clone(), 0..5),
                    any::<bool>()
                )
                    .prop_map(|(items, flow)| Node::Seq(items, flow)),
                (
                    proptest::collection::vec((key(), inner), 0..6),
                    any::<bool>()
                )
                    .prop_map(|(entries, flow)| Node::Map(entries, flow)),
            ]
        })
    }

    /// Mostly a file's shape: a block mapping of a few entries.
    fn document() -> impl Strategy<Value = Node> {
        prop_oneof![
            3 => proptest::collection::vec((key(), node()), 1..10)
                .prop_map(|entries| Node::Map(entries, false)),
            1 => node(),
        ]
    }

    /// A scalar as written at `indent`; `flow` inside `[…]` or `{…}`, where a block scalar
    /// cannot stand.
    fn scalar_text(s: &str, style: Style, indent: usize, flow: bool) -> String {
        match style {
            Style::Plain => s.to_owned(),
            Style::Single => single(s),
            Style::Double => double(s),
            Style::Literal if flow => double(s),
            Style::Literal => {
                let pad = " ".repeat(indent + 2);
                let body: String = s.lines().map(|l| format!("{pad}{l}\n")).collect();
                format!("|\n{body}")
            }
        }
    }

    fn flow(node: &Node) -> String {
        match node {
            Node::Scalar(s, q) => scalar_text(s, *q, 0, true),
            Node::Seq(items, _) => {
                format!(
                    "[{}]",
                    items.iter().map(flow).collect::<Vec<_>>().join(", ")
                )
            }
            Node::Map(entries, _) => format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|((k, q), v)| format!("{}: {}", scalar_text(k, *q, 0, true), flow(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// `node` in block style at `indent`, one or more whole lines.
    fn block(node: &Node, indent: usize) -> String {
        let pad = " ".repeat(indent);
        match node {
            Node::Seq(items, false) if !items.is_empty() => items
                .iter()
                .map(|item| {
                    let inner = block(item, indent + 2);
                    format!("{pad}- {}", inner.trim_start_matches(' '))
                })
                .collect(),
            Node::Map(entries, false) if !entries.is_empty() => entries
                .iter()
                .map(|((k, q), v)| {
                    let key = scalar_text(k, *q, indent, true);
                    match v {
                        Node::Seq(items, false) if !items.is_empty() => {
                            format!("{pad}{key}:\n{}", block(v, indent))
                        }
                        Node::Map(entries, false) if !entries.is_empty() => {
                            format!("{pad}{key}:\n{}", block(v, indent + 2))
                        }
                        Node::Scalar(s, q) => {
                            let text = scalar_text(s, *q, indent, false);
                            let end = if text.ends_with('\n') { "" } else { "\n" };
                            format!("{pad}{key}: {text}{end}")
                        }
                        _ => format!("{pad}{key}: {}\n", flow(v)),
                    }
                })
                .collect(),
            Node::Scalar(s, q) => {
                let text = scalar_text(s, *q, indent, false);
                let end = if text.ends_with('\n') { "" } else { "\n" };
                format!("{pad}{text}{end}")
            }
            _ => format!("{pad}{}\n", flow(node)),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn generated_documents_read_the_same(
            root in document(),
            crlf in any::<bool>(),
            comment in any::<bool>(),
            markers in any::<bool>(),
        ) {
            let mut doc = block(&root, 0);
            if comment {
                doc = format!("# a comment\n{doc}# the end\n");
            }
            if markers {
                doc = format!("---\n{doc}...\n");
            }
            if crlf {
                doc = doc.replace('\n', "\r\n");
            }
            agrees(&doc);
        }
    }
}
