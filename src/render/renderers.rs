//! Every region rendered by real renderers (comrak as GitLab configures it, pulldown-cmark)
//! with hostile values in every field: no split cell, each cell's text exactly the value's, no
//! element the value did not ask for, and links only for valid http(s) URLs, to exactly the
//! URL (SPEC §5).

use proptest::prelude::*;
use std::path::Path;

use super::escape::{is_linkable, link, text};
use super::rendered::{Block, Escape, check, check_values, link_text, plain};
use super::*;
use crate::community::{Cadence, Meeting, Node, Status, Time};

const ESCAPE: Escape = Escape {
    text,
    link,
    linkable: is_linkable,
};

/// Values that turn into formatting when written as they are.
const HOSTILE: &[&str] = &[
    "_a_ *b* __c__ **d** ~e~ ~~f~~ ***g***",
    "@_a @b_ @__init__",
    "@noah_b @li.wei",
    "`code` ``two`` ```",
    "![x](https://t/p.png)",
    "[link](https://t/) [ref] [^1] [x]: https://t/",
    "[x](javascript:alert(1))",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "<b>bold</b> <img src=x onerror=alert(1)> </p>",
    "<https://t/auto> <ann@example.com>",
    "https://t/bare http://t/ www.example.com WWW.EXAMPLE.COM ann@example.com",
    "mailto:ann@example.com xmpp:a@b.co",
    "&amp; &#x41; &#65; &copy; &nbsp; R&D &",
    "a | b || c |",
    "back\\slash \\| \\* \\\\ \\_",
    "trailing backslash\\",
    "[ ] x",
    "[x] done",
    "# x",
    "###### x",
    "#cp_infrastructure-as-code",
    "1. x",
    "1) x",
    "123456789. x",
    "- x",
    "+ x",
    "* x",
    "> x",
    ">x",
    "---",
    "***",
    "___",
    "===",
    "- - -",
    "~~~",
    "```",
    // marked takes U+FEFF for white space: `#\u{feff}x` is a heading there.
    "#\u{feff}x",
    "-\u{feff}x",
    "1.\u{feff}x",
    "#\u{a0}x",
    "    indented",
    "<div>",
    "<!-- cop:end active -->",
    // Found by the fuzz target: an e-mail autolink whose local part starts with `&`.
    "q<&@ow>o",
    // Found by markdown-it's linkify: an address whose local part is `#`.
    "#@Ⱥ.x",
    // Found by the fuzz target: a stray `%` in a URL is encoded as `%25` by comrak.
    "http://p6:*/%p",
    "https://t/%2",
    "https://t/a%20b",
    // Found by the fuzz target: display math opens between spaces in comrak.
    "]| 1111 $$ _]| 1111 $$ _",
    "<3 <= <a@b.co>",
    "<!-- cop:begin about -->",
    "line\nbreak\r\nand\ttab",
    "x\n# heading on the next line\n- item",
    "a  \n  b",
    "esc \u{1b}[31mred\u{1b}[0m",
    "nul\u{0}del\u{7f}c1\u{85}\u{9b}x",
    "\u{2028}sep\u{2029}",
    "$x$ $$y$$ $`z`$ costs $5",
    "[[wiki]] [[a|b]]",
    ">>>",
    "> [!note]",
    "emoji 🚀🎉👩‍👩‍👧",
    "עברית right-to-left \u{202e}override",
    "مرحبا بالعالم",
    "*",
    "_",
    "~",
    "**",
    "a * b",
    "a _ b",
    "a*b*c",
    "a_b_c",
    "é_b_é",
    "🚀_a_🚀",
    "(_a_)",
    "\\",
    "\\\\",
    "|",
    "!",
    "![",
    "<",
    "&",
    "&#",
    "&x;",
    "  padded  ",
    "",
    "Gitlab/VMware TKGI (PKS) deployment",
    "R&D",
    "https://zoom.us/j/123?pwd=abc&uname=x",
    "https://gitlab.com/gitlab-com/customer-success/communities-of-practice/iac",
    "https://t/a_b_c*d*~e~",
    "https://t/<b>",
    "https://t/a|b",
    "https://t/a b",
    "http://[::1]/",
    "https://example.com/Straße",
];

#[test]
fn hostile_values_render_as_their_text() {
    for value in HOSTILE {
        if let Err(e) = check_values(&[value], &ESCAPE) {
            panic!("{value:?}: {e}");
        }
    }
}

#[test]
fn hostile_values_side_by_side_render_as_their_text() {
    // Values joined in one cell (members) must not pair up: `@_a @b_`.
    for a in HOSTILE {
        for b in HOSTILE {
            if let Err(e) = check_values(&[a, b], &ESCAPE) {
                panic!("{a:?} then {b:?}: {e}");
            }
        }
    }
}

#[test]
fn urls_link_to_exactly_the_url() {
    let zoom = "https://zoom.us/j/123?pwd=abc&uname=x";
    assert!(is_linkable(zoom));
    let want = [Block::List(vec![link_text(zoom, zoom)])];
    check(&format!("* {}\n", link(zoom)), &want).unwrap();
    for not_a_link in [
        "javascript:alert(1)",
        "ftp://t/",
        "https://",
        "t/p",
        "https://t/a|b",
    ] {
        assert!(!is_linkable(not_a_link), "{not_a_link}");
    }
}

#[test]
fn every_character_a_link_may_hold_reaches_the_target_unchanged() {
    let chars = "abcXYZ019-._~:/?#@!$&'()*+,;=";
    for c in chars.chars() {
        for url in [
            format!("https://t/{c}x"),
            format!("https://t/a{c}"),
            format!("https://t{c}"),
        ] {
            if let Err(e) = check_values(&[&url], &ESCAPE) {
                panic!("{url}: {e}");
            }
        }
    }
}

fn node<T>(value: T) -> Node<T> {
    Node::new(value, Pos::START, Pos::START)
}

/// A community with `value` in every field a region shows.
fn community(status: Status, value: &str) -> Community {
    let handles = |extra: &str| Some(node([node(value.into()), node(extra.into())].into()));
    Community {
        subject: Some(node(value.into())),
        status: Some(node(status)),
        description: Some(node(value.into())),
        facilitators: Some(node([node(value.into())].into())),
        members: handles("@m"),
        contributors: handles("@c"),
        channel: Some(node(value.into())),
        meeting: Some(node(Meeting {
            cadence: Some(node(Cadence::Monthly)),
            time: Some(node(Time("16:00".into()))),
            timezone: Some(node(value.into())),
            url: Some(node(value.into())),
            ..Meeting::default()
        })),
        project: Some(node(value.into())),
        topics: Some(node([node(value.into())].into())),
        ..Community::default()
    }
}

fn registry(values: &[&str]) -> Loaded {
    let mut loaded = Loaded::default();
    for (n, value) in values.iter().enumerate() {
        for status in Status::ALL {
            let id = format!("{}{n:03}", status.as_str());
            loaded.insert(Entry {
                path: format!("communities/{id}/community.yaml").into(),
                id: id.into(),
                source: crate::load::Source::Kept(String::new()),
                community: Some(Box::new(community(status, value))),
                readme: crate::load::Readme::Present,
                findings: Box::default(),
                accounted: Box::default(),
            });
        }
    }
    loaded
}

/// The joined text of handles as the regions list them (each once, case-insensitively).
fn joined(handles: &[&str]) -> String {
    let mut seen = std::collections::HashSet::new();
    let texts: Vec<String> = handles
        .iter()
        .filter(|h| seen.insert(h.to_lowercase()))
        .map(|h| plain(h))
        .collect();
    plain(&texts.join(" "))
}

/// The value as a URL field shows it.
fn url(value: &str) -> String {
    match is_linkable(value.trim()) {
        true => link_text(value.trim(), value.trim()),
        false => plain(value),
    }
}

/// Renders every built-in region over communities holding `values` and checks each one.
fn check_regions(values: &[&str]) -> Result<(), String> {
    let loaded = registry(values);
    let (templates, problems) = Templates::load(Path::new("/nonexistent"), "templates").unwrap();
    assert!(problems.is_empty());
    let catalogue = Catalogue::new(&loaded);
    let page = templates::context(&catalogue.page_data(&templates)).unwrap();
    let render = |name: &str, context: &tera::Context| {
        templates
            .render(name, context)
            .map_err(|f| format!("{f:?}"))
    };
    let of = |status: Status| {
        let mut subjects: Vec<(String, String, &str)> = loaded
            .communities()
            .filter(|(_, c)| c.status() == status)
            .map(|(e, c)| {
                (
                    c.subject().unwrap().to_lowercase(),
                    e.id.to_string(),
                    c.subject().unwrap(),
                )
            })
            .collect();
        subjects.sort();
        subjects.into_iter().map(|(_, _, s)| s).collect::<Vec<_>>()
    };

    let mut rows = vec![vec!["Subject".to_string(), "Members".to_string()]];
    rows.extend(
        of(Status::Active)
            .iter()
            .map(|v| vec![plain(v), joined(&[v, v, "@m"])]),
    );
    check(&render("active", &page)?, &[Block::Table(rows)])?;
    for (region, status) in [
        ("suggested", Status::Proposed),
        ("archived", Status::Archived),
    ] {
        let items = of(status).iter().map(|v| plain(v)).collect();
        check(&render(region, &page)?, &[Block::List(items)])?;
    }

    for (entry, community) in loaded.communities() {
        let value = community.subject().unwrap();
        let view = View::only(&entry.id, community, super::view::Wanted::ALL);
        let readme = templates::context(&ReadmeData { community: &view }).unwrap();
        let markdown = render("about", &readme)?;
        let row = |label: &str, text: String| vec![label.to_string(), text];
        let mut rows = vec![
            row("", String::new()),
            row("Status", community.status().to_string()),
        ];
        rows.push(row("Facilitators", joined(&[value])));
        rows.push(row("Members", joined(&[value, value, "@m"])));
        rows.push(row("Contributors", joined(&[value, "@c"])));
        if !plain(value).is_empty() {
            rows.push(row("Channel", plain(value)));
        }
        // The meeting reads as a sentence: its own wording is tested beside the sentence; here
        // every piece of it must be exactly the value's text or link.
        let meeting = blocks_row(&markdown, "Meeting");
        let pieces = [plain(value), url(value)];
        match &meeting {
            Some(text) if pieces.iter().all(|p| text.contains(p.as_str())) => {
                rows.push(row("Meeting", text.clone()))
            }
            other => return Err(format!("{value:?}: meeting row {other:?} lacks {pieces:?}")),
        }
        if !url(value).is_empty() {
            rows.push(row("Project", url(value)));
        }
        check(&markdown, &[Block::Table(rows)]).map_err(|e| format!("{value:?}: {e}"))?;
    }
    Ok(())
}

/// The text comrak gives the second cell of the row labelled `label`.
fn blocks_row(markdown: &str, label: &str) -> Option<String> {
    let html = super::rendered::html(super::rendered::Renderer::Comrak, markdown);
    super::rendered::blocks(&html)
        .into_iter()
        .find_map(|b| match b {
            Block::Table(rows) => rows
                .into_iter()
                .find(|r| r.first().map(String::as_str) == Some(label))
                .and_then(|r| r.get(1).cloned()),
            _ => None,
        })
}

#[test]
fn every_region_renders_hostile_values_as_their_text() {
    check_regions(HOSTILE).unwrap();
}

#[test]
fn a_value_cannot_forge_a_marker() {
    let loaded = registry(HOSTILE);
    let (templates, _) = Templates::load(Path::new("/nonexistent"), "templates").unwrap();
    let catalogue = Catalogue::new(&loaded);
    let context = templates::context(&catalogue.page_data(&templates)).unwrap();
    let page = "<!-- cop:begin active -->\n<!-- cop:end active -->\n<!-- cop:begin suggested -->\n<!-- cop:end suggested -->\n";
    let known = |n: &str| templates.has(n) && !README_REGIONS.contains(&n);
    let out = render_page(
        "p.md",
        None,
        page.as_bytes(),
        known,
        |n, out| templates.render_to(n, &context, out),
        true,
    )
    .unwrap();
    let text = String::from_utf8(out.change.unwrap().new).unwrap();
    let regions = regions::parse(&text, known).unwrap();
    let names: Vec<&str> = regions.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["active", "suggested"]);
}

/// Characters with a meaning somewhere in Markdown, mixed with any others.
fn value() -> impl Strategy<Value = String> {
    let special = prop::sample::select(
        "\\`*_~$[]()<>!#&;|-+=.:/@ \t\n\r\u{1b}\u{85}xX1wm"
            .chars()
            .collect::<Vec<_>>(),
    );
    prop::collection::vec(prop_oneof![4 => special, 1 => any::<char>()], 0..24)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #[test]
    fn random_values_render_as_their_text(values in prop::collection::vec(value(), 1..4)) {
        let values: Vec<&str> = values.iter().map(String::as_str).collect();
        prop_assert!(check_values(&values, &ESCAPE).is_ok(), "{}", check_values(&values, &ESCAPE).unwrap_err());
    }

    #[test]
    fn random_values_render_as_their_text_in_every_region(value in value()) {
        prop_assert!(check_regions(&[&value]).is_ok(), "{}", check_regions(&[&value]).unwrap_err());
    }
}

/// The corpus, its pairs and random values through renderers outside Rust, when installed
/// (for cmark-gfm, cases holding an e-mail address are left out: it links `ann@example.com`
/// however it is escaped, since it finds addresses in the text after escapes are resolved):
/// `COP_RENDERERS` holds commands (separated by `;`) that read Markdown on stdin and write
/// HTML, such as `cmark-gfm -e table -e strikethrough -e autolink -e tasklist --unsafe`
/// (GitHub's renderer) or a node script calling markdown-it or marked. Every case goes
/// through one run of each command, separated by comments the check splits the HTML at;
/// `COP_RENDERERS_CASES` sets the number of random cases (2,000).
#[test]
#[ignore = "needs the renderers named in COP_RENDERERS"]
fn external_renderers_render_values_as_their_text() {
    use proptest::strategy::ValueTree;
    let commands = std::env::var("COP_RENDERERS").expect("COP_RENDERERS");
    let mut cases: Vec<Vec<String>> = HOSTILE.iter().map(|v| vec![v.to_string()]).collect();
    for a in HOSTILE {
        for b in HOSTILE {
            cases.push(vec![a.to_string(), b.to_string()]);
        }
    }
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = prop::collection::vec(value(), 1..4);
    let random: usize = std::env::var("COP_RENDERERS_CASES").map_or(2000, |n| n.parse().unwrap());
    for _ in 0..random {
        cases.push(strategy.new_tree(&mut runner).unwrap().current());
    }
    let email: Vec<bool> = cases
        .iter()
        .map(|case| case.iter().any(|v| text(v).contains("\\@")))
        .collect();
    let laid: Vec<(String, Vec<Block>)> = cases
        .iter()
        .map(|c| {
            super::rendered::layout(&c.iter().map(String::as_str).collect::<Vec<_>>(), &ESCAPE)
        })
        .collect();
    let document: String = laid
        .iter()
        .enumerate()
        .map(|(i, (markdown, _))| format!("<!-- case {i} -->\n\n{markdown}\n"))
        .collect();
    let mut failed = Vec::new();
    for command in commands.split(';').map(str::trim).filter(|c| !c.is_empty()) {
        let words: Vec<&str> = command.split_whitespace().collect();
        let mut child = std::process::Command::new(words[0])
            .args(&words[1..])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect(command);
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(document.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let html = String::from_utf8_lossy(&output.stdout);
        let parts: Vec<&str> = html.split("<!-- case ").skip(1).collect();
        assert_eq!(parts.len(), laid.len(), "{command}: cases lost");
        let mut failures = 0;
        let skip = command.starts_with("cmark-gfm");
        let checked = cases.iter().zip(&laid).zip(&email);
        for (part, ((case, (markdown, want)), _)) in parts
            .iter()
            .zip(checked)
            .filter(|(_, (_, email))| !(skip && **email))
        {
            let body = part.split_once("-->").map_or("", |(_, b)| b);
            let got = super::rendered::blocks(body);
            if &got != want {
                failures += 1;
                if failures <= 40 {
                    eprintln!("{command}: {case:?}\n{markdown}\n{body}\nread as {got:#?}\n");
                }
            }
        }
        let left_out = if skip {
            email.iter().filter(|e| **e).count()
        } else {
            0
        };
        eprintln!(
            "{command}: {} cases ({left_out} with an e-mail address left out), {failures} failures",
            laid.len() - left_out
        );
        failed.push((command, failures));
    }
    assert!(failed.iter().all(|(_, n)| *n == 0), "{failed:?}");
}
