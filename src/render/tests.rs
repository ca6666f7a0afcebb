//! Golden and property tests of rendering pages: bytes outside regions never change, line
//! endings, byte-order marks and final newlines are kept, and rendering is idempotent.

use proptest::prelude::*;
use std::path::Path;

use super::*;
use crate::config::Config;
use crate::load::Entry;

fn loaded(files: &[(&str, &str)]) -> Loaded {
    let mut loaded = Loaded::default();
    for (id, source) in files {
        loaded.insert(Entry::parse(
            id,
            &format!("communities/{id}"),
            Ok(source.to_string()),
            crate::load::Readme::Present,
        ));
    }
    loaded
}

/// Renders a handbook page's text with the built-in templates.
fn render_text(page: &[u8], loaded: &Loaded) -> Result<Vec<u8>, Vec<Finding>> {
    let (templates, findings) = Templates::load(Path::new("/nonexistent"), "templates").unwrap();
    assert!(findings.is_empty());
    let catalogue = Catalogue::new(loaded);
    let context = templates::context(&catalogue.page_data(&templates)).unwrap();
    let known = |n: &str| templates.has(n) && !README_REGIONS.contains(&n);
    render_page(
        "page.md",
        None,
        page,
        known,
        |n, out| templates.render_to(n, &context, out),
        true,
    )
    // An unchanged page has no change in its output: it is the page itself.
    .map(|o| o.change.map_or_else(|| page.to_vec(), |c| c.new))
}

const IAC: &str = "subject: Infrastructure As Code\nfacilitators: [\"@DarwinJS\"]\nmembers: [\"@jsandlin\", \"@DarwinJS\", \"@jrandazzo\"]\nchannel: \"#cp_iac\"\nmeeting:\n  cadence: monthly\n";
const TKGI: &str = "subject: Gitlab/VMware TKGI (PKS) deployment\nfacilitators: [\"@samer.akkoub\"]\nmembers: [\"@samer.akkoub\"]\n";
const OPEN_SHIFT: &str = "subject: Open Shift\nstatus: proposed\n";

const PAGE: &str = "# Communities\n\nprose before\n\n<!-- cop:begin active -->\nstale row\n<!-- cop:end active -->\n\nprose between\n\n<!-- cop:begin suggested -->\n<!-- cop:end suggested -->\nprose after\n";

const RENDERED: &str = "# Communities\n\nprose before\n\n<!-- cop:begin active -->\n| Subject | Members |\n| --- | --- |\n| Gitlab/VMware TKGI (PKS) deployment | @samer.akkoub |\n| Infrastructure As Code | @DarwinJS @jsandlin @jrandazzo |\n<!-- cop:end active -->\n\nprose between\n\n<!-- cop:begin suggested -->\n* Open Shift\n<!-- cop:end suggested -->\nprose after\n";

fn example() -> Loaded {
    loaded(&[("iac", IAC), ("tkgi", TKGI), ("open-shift", OPEN_SHIFT)])
}

#[test]
fn golden_lf() {
    let out = render_text(PAGE.as_bytes(), &example()).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), RENDERED);
}

#[test]
fn golden_crlf() {
    let page = PAGE.replace('\n', "\r\n");
    let out = render_text(page.as_bytes(), &example()).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        RENDERED.replace('\n', "\r\n")
    );
}

#[test]
fn golden_byte_order_mark() {
    let page = format!("\u{feff}{PAGE}");
    let out = render_text(page.as_bytes(), &example()).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        format!("\u{feff}{RENDERED}")
    );
}

#[test]
fn golden_missing_final_newline() {
    let page = PAGE.trim_end_matches('\n');
    let out = render_text(page.as_bytes(), &example()).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        RENDERED.trim_end_matches('\n')
    );
    let ends_in_marker = "<!-- cop:begin suggested -->\n<!-- cop:end suggested -->";
    let out = render_text(ends_in_marker.as_bytes(), &example()).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "<!-- cop:begin suggested -->\n* Open Shift\n<!-- cop:end suggested -->"
    );
}

#[test]
fn hostile_values_render_as_one_escaped_row_each() {
    let subjects = [
        "Pipes | and | bars",
        "<script>alert(1)</script>",
        "<!-- cop:end active -->",
        "Line\nbreaks\r\nand\ttabs",
        "Emoji 🚀🎉",
        "עברית right-to-left \u{202e}override",
        "Back\\slash & amp",
    ];
    let files: Vec<(String, String)> = subjects
        .iter()
        .enumerate()
        .map(|(n, s)| {
            (
                format!("c{n}"),
                format!(
                    "subject: {}\nfacilitators: [\"@a\"]\nmembers: [\"@a\"]\n",
                    serde_json::to_string(s).unwrap()
                ),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let page = "<!-- cop:begin active -->\n<!-- cop:end active -->\n";
    let out = String::from_utf8(render_text(page.as_bytes(), &loaded(&files)).unwrap()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    // Begin marker, header, separator, one row per community, end marker.
    assert_eq!(lines.len(), 3 + subjects.len() + 1, "{out}");
    assert_eq!(lines.last(), Some(&"<!-- cop:end active -->"));
    for row in &lines[3..lines.len() - 1] {
        assert!(row.starts_with("| ") && row.ends_with(" | @a |"), "{row}");
        let unescaped_pipes = row
            .match_indices('|')
            .filter(|(i, _)| !row[..*i].ends_with('\\'))
            .count();
        assert_eq!(unescaped_pipes, 3, "{row}");
    }
    assert!(out.contains("| Pipes \\| and \\| bars |"));
    assert!(out.contains("| \\<script>alert(1)\\</script> |"));
    assert!(out.contains("| \\<!-- cop:end active --> |"));
    assert!(out.contains("| Line breaks and tabs |"));
    assert!(out.contains("Emoji 🚀🎉"));
    assert!(out.contains("Back\\slash & amp"));
}

#[test]
fn sort_is_by_lowercased_subject_then_id() {
    let files = [
        ("b", "subject: beta\nstatus: proposed\n"),
        ("a", "subject: Beta\nstatus: proposed\n"),
        ("c", "subject: Alpha\nstatus: proposed\n"),
        ("d", "subject: Ärger\nstatus: proposed\n"),
    ];
    let page = "<!-- cop:begin suggested -->\n<!-- cop:end suggested -->\n";
    let out = String::from_utf8(render_text(page.as_bytes(), &loaded(&files)).unwrap()).unwrap();
    assert_eq!(
        out,
        "<!-- cop:begin suggested -->\n* Alpha\n* Beta\n* beta\n* Ärger\n<!-- cop:end suggested -->\n"
    );
}

#[test]
fn marker_errors_block_the_page() {
    let page = "<!-- cop:begin active -->\n<!-- cop:begin suggested -->\n";
    let errors = render_text(page.as_bytes(), &example()).unwrap_err();
    assert!(errors.iter().all(|f| f.rule == RuleId::MarkerError));
    let lines: Vec<u32> = errors.iter().map(|f| f.pos.line).collect();
    assert_eq!(lines, [1, 2], "{errors:?}");
    let readme_region = "<!-- cop:begin about -->\n<!-- cop:end about -->\n";
    assert!(render_text(readme_region.as_bytes(), &example()).is_err());
}

#[test]
fn plan_renders_pages_and_readmes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("communities/iac")).unwrap();
    fs::write(
        root.join("communities/iac/README.md"),
        "# IaC\n<!-- cop:begin about -->\n<!-- cop:end about -->\n",
    )
    .unwrap();
    fs::write(root.join("page.md"), PAGE).unwrap();
    let config = Config {
        pages: vec!["page.md".into()],
        ..Config::default()
    };
    let registry = Registry {
        root: root.to_path_buf(),
        config,
    };
    let plan = plan(&registry, &example()).unwrap();
    assert!(plan.findings.is_empty(), "{:?}", plan.findings);
    let changed: Vec<&str> = plan.changed().map(|o| o.path.as_str()).collect();
    assert_eq!(changed, ["page.md", "communities/iac/README.md"]);
    let readme = String::from_utf8(plan.outputs[1].change.clone().unwrap().new).unwrap();
    assert!(
        readme.contains("| Members | @DarwinJS @jsandlin @jrandazzo |"),
        "{readme}"
    );
    assert!(readme.contains("| Meeting | Monthly |"), "{readme}");
}

fn prose() -> impl Strategy<Value = String> {
    // Prose lines that may look like markers or fences but are not well-formed ones.
    prop::collection::vec(
        prop_oneof![
            "[a-zA-Z0-9 |<>&#*-]{0,20}",
            Just("<!-- not a marker -->".to_string()),
            Just("see <!-- cop:begin active --> inline".to_string()),
            Just("  indented text".to_string()),
        ],
        0..4,
    )
    .prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn render_is_idempotent_and_keeps_outside_bytes(
        before in prose(),
        between in prose(),
        after in prose(),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        final_newline in any::<bool>(),
        old in "[a-z |\n]{0,30}",
        subjects in prop::collection::vec("\\PC{1,20}", 0..6),
    ) {
        let files: Vec<(String, String)> = subjects.iter().enumerate().map(|(n, s)| {
            let status = if n % 2 == 0 { "active" } else { "proposed" };
            (format!("c{n}"), format!("subject: {}\nstatus: {status}\nfacilitators: [\"@a\"]\nmembers: [\"@a\", \"@b\"]\n", serde_json::to_string(s).unwrap()))
        }).collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let loaded = loaded(&files);
        let old = old.replace("<!--", "");
        let mut page = format!("{before}\n<!-- cop:begin active -->\n{old}\n<!-- cop:end active -->\n{between}\n<!-- cop:begin suggested -->\n<!-- cop:end suggested -->\n{after}");
        if final_newline { page.push('\n'); }
        if crlf { page = page.replace('\n', "\r\n"); }
        if bom { page.insert(0, '\u{feff}'); }

        let once = render_text(page.as_bytes(), &loaded).unwrap();
        let twice = render_text(&once, &loaded).unwrap();
        prop_assert_eq!(&once, &twice);

        // Outside the regions, the bytes are the page's own.
        let text = String::from_utf8(once).unwrap();
        let eol = if crlf { "\r\n" } else { "\n" };
        let head = format!("{}{before}{eol}<!-- cop:begin active -->{eol}", if bom { "\u{feff}" } else { "" });
        prop_assert!(text.starts_with(&head.replace('\n', eol).replace("\r\r\n", "\r\n")));
        let middle = format!("<!-- cop:end active -->{eol}{between}{eol}<!-- cop:begin suggested -->{eol}").replace('\n', eol).replace("\r\r\n", "\r\n");
        prop_assert!(text.contains(&middle));
        let mut tail = format!("<!-- cop:end suggested -->{eol}{after}").replace('\n', eol).replace("\r\r\n", "\r\n");
        if final_newline { tail.push_str(eol); }
        prop_assert!(text.ends_with(&tail));
        if !crlf {
            prop_assert!(!text.contains('\r'));
        }
    }
}
