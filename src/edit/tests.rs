//! The editor's contract on whole files: exact outputs for each kind of edit, refusals with
//! their lines, and property tests over random community files.

use super::community::{self, Op, Role};
use super::*;
use crate::community::{Cadence, Community, Status};
use proptest::prelude::*;

fn model(text: &str) -> Community {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
    *crate::load::Entry::parse("x", "x", Ok(body), crate::load::Readme::Present)
        .community
        .expect("the test file parses")
}

fn edit(text: &str, ops: &[Op]) -> String {
    community::apply(text, &model(text), ops)
        .unwrap()
        .unwrap_or_else(|| text.to_string())
}

fn refusal(text: &str, ops: &[Op]) -> String {
    match community::apply(text, &model(text), ops) {
        Err(e) => e.to_string(),
        Ok(t) => panic!("not refused: {t:?}"),
    }
}

fn add(role: Role, h: &str) -> Op {
    Op::Add(role, h.into())
}

fn remove(role: Role, h: &str) -> Op {
    Op::Remove(role, h.into())
}

#[test]
fn flow_lists_stay_flow_and_sorted_lists_stay_sorted() {
    let text = "subject: X\nmembers: [\"@ann\", \"@cy\"]  # the team\n";
    assert_eq!(
        edit(text, &[add(Role::Members, "@bob")]),
        "subject: X\nmembers: [\"@ann\", \"@bob\", \"@cy\"]  # the team\n"
    );
    let unsorted = "members: ['@zed', \"@ann\"]\n";
    assert_eq!(
        edit(unsorted, &[add(Role::Members, "@bob")]),
        "members: ['@zed', \"@ann\", \"@bob\"]\n"
    );
    assert_eq!(
        edit("members: [\"@b\"]\n", &[add(Role::Members, "@a")]),
        "members: [\"@a\", \"@b\"]\n"
    );
}

#[test]
fn block_lists_keep_indentation_and_item_comments() {
    let text = "members:\r\n    - \"@ann\" # lead\r\n    - '@cy'\r\nchannel: \"#cp_x\"";
    assert_eq!(
        edit(text, &[add(Role::Members, "@bob")]),
        "members:\r\n    - \"@ann\" # lead\r\n    - \"@bob\"\r\n    - '@cy'\r\nchannel: \"#cp_x\""
    );
    assert_eq!(
        edit(text, &[remove(Role::Members, "@ANN")]),
        "members:\r\n    - '@cy'\r\nchannel: \"#cp_x\""
    );
    assert_eq!(
        edit(
            text,
            &[remove(Role::Members, "@ann"), remove(Role::Members, "@cy")]
        ),
        "members: []\r\nchannel: \"#cp_x\""
    );
}

#[test]
fn absent_keys_go_where_they_belong_in_the_files_style() {
    let flow = "\u{feff}subject: X\nfacilitators: [\"@a\"]\nmembers: [\"@a\"]\n# next\nchannel: \"#cp_x\"\n";
    assert_eq!(
        edit(
            flow,
            &[add(Role::Alumni, "@z"), Op::Status(Status::Archived)]
        ),
        "\u{feff}subject: X\nstatus: archived\nfacilitators: [\"@a\"]\nmembers: [\"@a\"]\nalumni: [\"@z\"]\n# next\nchannel: \"#cp_x\"\n"
    );
    let block = "subject: X\nmembers:\n  - \"@a\"\n";
    assert_eq!(
        edit(block, &[add(Role::Alumni, "@z")]),
        "subject: X\nmembers:\n  - \"@a\"\nalumni:\n  - \"@z\"\n"
    );
    assert_eq!(
        edit("subject: X", &[add(Role::Members, "@z")]),
        "subject: X\nmembers: [\"@z\"]"
    );
}

#[test]
fn scalars_and_the_meeting_cadence() {
    let text = "subject: X\nstatus: \"proposed\" # for now\nmeeting:\n  weekday: tuesday\n";
    assert_eq!(
        edit(
            text,
            &[
                Op::Status(Status::Active),
                Op::Cadence(Cadence::Monthly),
                Op::Channel("#cp_x".into())
            ]
        ),
        "subject: X\nstatus: active # for now\nchannel: \"#cp_x\"\nmeeting:\n  cadence: monthly\n  weekday: tuesday\n"
    );
    assert_eq!(
        edit("subject: X\n", &[Op::Cadence(Cadence::Weekly)]),
        "subject: X\nmeeting:\n  cadence: weekly\n"
    );
}

#[test]
fn pages_are_appended_to_cop_yaml() {
    let text = "# settings\npages:\n  - handbook/b.md   # main\n\nrules:\n  min_members: 2\n";
    let mut doc = Document::parse(text);
    assert!(doc.append_item("pages", "handbook/a.md").unwrap());
    assert!(!doc.append_item("pages", "handbook/a.md").unwrap());
    assert_eq!(
        doc.finish().unwrap(),
        "# settings\npages:\n  - handbook/b.md   # main\n  - \"handbook/a.md\"\n\nrules:\n  min_members: 2\n"
    );
    let mut doc = Document::parse("# pages:\n#   - x.md\n");
    doc.append_item("pages", "p.md").unwrap();
    assert_eq!(
        doc.finish().unwrap(),
        "# pages:\n#   - x.md\npages: [\"p.md\"]\n"
    );
}

#[test]
fn unsafe_shapes_are_refused_with_their_line() {
    let cases = [
        (
            "subject: X\nmembers: &m [\"@a\"]\n",
            "line 2: an anchor (`&`) on a value to change",
        ),
        (
            "subject: X\nmembers: [\"@a\",\n  \"@b\"]\n",
            "line 2: a flow list spread over several lines; put it on one line or write it as a block list",
        ),
        (
            "members: [\"@a\", # lead\n  ]\n",
            "line 1: a flow list holding a comment; move the comment after the list",
        ),
        (
            "base: &b\n  x: 1\n<<: *b\nmembers: [\"@a\"]\n",
            "line 3: a merge key (`<<`) can bring in any key, so cop cannot edit this file in place",
        ),
        (
            "members:\n  - !!str \"@a\"\n",
            "line 2: a tag (`!`) on a value to change",
        ),
    ];
    for (text, expected) in cases {
        let mut doc = Document::parse(text);
        let got = doc.add_item("members", "@z").unwrap_err().to_string();
        assert_eq!(got, expected, "{text:?}");
        assert!(doc.finish().is_err());
    }
    assert_eq!(
        refusal(
            "meeting: {cadence: monthly}\n",
            &[Op::Cadence(Cadence::Weekly)]
        ),
        "line 1: `meeting` is not a block mapping cop can edit; write each of its keys on its own line"
    );
}

// ---- property tests ----

/// One list of a random file: its key, whether it is written, its style and its items (value,
/// quoting, trailing comment).
#[derive(Debug, Clone)]
struct ListSpec {
    key: &'static str,
    block: bool,
    indent: usize,
    items: Vec<(String, u8, bool)>,
}

#[derive(Debug, Clone)]
struct FileSpec {
    crlf: bool,
    bom: bool,
    final_newline: bool,
    lead_comment: bool,
    lists: Vec<ListSpec>,
    blank_between: bool,
}

fn handle() -> impl Strategy<Value = String> {
    "@[a-zA-Z][a-z0-9_.]{0,6}"
}

fn list_spec(key: &'static str) -> impl Strategy<Value = ListSpec> {
    (
        any::<bool>(),
        0usize..5,
        prop::collection::vec((handle(), 0u8..3, any::<bool>()), 0..5),
    )
        .prop_map(move |(block, indent, items)| {
            let mut seen = std::collections::HashSet::new();
            let items = items
                .into_iter()
                .filter(|(h, _, _)| seen.insert(h.to_lowercase()))
                .collect();
            ListSpec {
                key,
                block,
                indent,
                items,
            }
        })
}

fn file_spec() -> impl Strategy<Value = FileSpec> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        list_spec("facilitators"),
        list_spec("members"),
        list_spec("contributors"),
        list_spec("alumni"),
        any::<bool>(),
    )
        .prop_map(
            |(crlf, bom, final_newline, lead_comment, f, m, c, a, blank)| FileSpec {
                crlf,
                bom,
                final_newline,
                lead_comment,
                lists: vec![f, m, c, a],
                blank_between: blank,
            },
        )
}

fn render(spec: &FileSpec) -> String {
    let mut lines: Vec<String> = Vec::new();
    if spec.lead_comment {
        lines.push("# a community".into());
    }
    lines.push("subject: 'Data: \"quoted\"'  # the subject".into());
    for list in &spec.lists {
        if spec.blank_between {
            lines.push(String::new());
        }
        let quoted = |(h, q, _): &(String, u8, bool)| match q {
            0 => format!("\"{h}\""),
            1 => format!("'{h}'"),
            _ => format!("\"{}\"", h.replace('.', "\\x2E")),
        };
        if list.block && !list.items.is_empty() {
            lines.push(format!("{}:", list.key));
            for item in &list.items {
                let comment = if item.2 { "  # note" } else { "" };
                lines.push(format!(
                    "{}- {}{comment}",
                    " ".repeat(list.indent),
                    quoted(item)
                ));
            }
        } else {
            let items: Vec<String> = list.items.iter().map(quoted).collect();
            let comment = if list.items.first().is_some_and(|i| i.2) {
                " # list"
            } else {
                ""
            };
            lines.push(format!("{}: [{}]{comment}", list.key, items.join(", ")));
        }
    }
    lines.push("meeting:\n  cadence: monthly  # first week".into());
    let eol = if spec.crlf { "\r\n" } else { "\n" };
    let mut text = lines.join("\n").replace('\n', eol);
    if spec.final_newline {
        text.push_str(eol);
    }
    if spec.bom {
        text.insert(0, '\u{feff}');
    }
    text
}

/// The text before and after the lines of `key` (its key line to its last content line).
fn outside(text: &str, key: &str) -> (String, String) {
    let doc = Document::parse(text);
    let keys = doc.top().unwrap();
    let k = keys.iter().find(|k| k.name == key).unwrap();
    let last = k.last_content(&doc.lines);
    let join = |lines: &[Line]| {
        lines
            .iter()
            .map(|l| format!("{}{}", l.text, l.end))
            .collect()
    };
    let before: String = join(&doc.lines[..k.line]);
    let mut after: String = join(&doc.lines[last + 1..]);
    // The last list line's own ending moves with it when a line is added at the end.
    after.insert_str(0, &doc.lines[last].end);
    (before, after)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn add_then_remove_is_byte_identical(spec in file_spec(), which in 0usize..4, new in handle()) {
        let text = render(&spec);
        let list = &spec.lists[which];
        prop_assume!(!list.items.iter().any(|(h, _, _)| h.to_lowercase() == new.to_lowercase()));
        let role = [Role::Facilitators, Role::Members, Role::Contributors, Role::Alumni][which];
        let added = edit(&text, &[add(role, &new)]);
        prop_assert_ne!(&added, &text);
        let back = edit(&added, &[remove(role, &new)]);
        prop_assert_eq!(back, text);
    }

    #[test]
    fn bytes_outside_the_edited_list_stay(spec in file_spec(), which in 0usize..4, pick in 0usize..6, new in handle()) {
        let text = render(&spec);
        let list = &spec.lists[which];
        let role = [Role::Facilitators, Role::Members, Role::Contributors, Role::Alumni][which];
        let op = match list.items.get(pick) {
            Some((h, _, _)) => remove(role, h),
            None => add(role, &new),
        };
        let edited = edit(&text, &[op]);
        let (before, after) = outside(&text, role.key());
        let (before2, after2) = outside(&edited, role.key());
        prop_assert_eq!(before, before2);
        prop_assert_eq!(after, after2);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever the text, an edit is made or refused: never a panic.
    #[test]
    fn any_text_is_edited_or_refused(
        text in "(members|meeting|status|alumni|[a-z]{1,3}|[ \\-:\\[\\]\"'#&*!,{}|>\r\n\t@é]){0,40}",
        value in "[@a-z\"'#é ]{0,6}",
    ) {
        let mut doc = Document::parse(&text);
        let _ = doc.add_item("members", &value);
        let _ = doc.remove_item("members", &value);
        let _ = doc.append_item("alumni", &value);
        let _ = doc.clear_list("alumni");
        let _ = doc.set_scalar("status", &value);
        let _ = doc.set_nested("meeting", "cadence", &value);
        let _ = doc.finish();
    }
}
