//! Splicing one page: its regions found, each replaced by its template's output in the
//! page's own line ending, every byte outside them kept.

use super::Output;
use super::regions;
use crate::community::Pos;
use crate::finding::{Finding, RuleId};
use crate::write::Change;

/// Renders every region of one page (public for the fuzz targets). `render` gives a region's new
/// content; `can_render` is
/// false when the data is broken, in which case only the markers are checked.
pub fn render_page(
    path: &str,
    community: Option<&str>,
    bytes: &[u8],
    known: impl Fn(&str) -> bool,
    render: impl Fn(&str) -> Result<String, Box<Finding>>,
    can_render: bool,
) -> Result<Output, Vec<Finding>> {
    let marker_finding = |line: u32, message: String, source: &str| {
        Finding::new(RuleId::MarkerError, path, Pos { line, column: 1, len: 0 }, message)
            .whole_line(source)
            .maybe_community(community)
            .label("marker")
            .help("markers are `<!-- cop:begin NAME -->` and `<!-- cop:end NAME -->`, each alone on its line, in pairs")
    };
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (&bytes[..3], rest),
        None => (&bytes[..0], bytes),
    };
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            let line = body[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u32
                + 1;
            return Err(vec![marker_finding(
                line,
                "page is not valid UTF-8; cop cannot place regions in it".into(),
                "",
            )]);
        }
    };
    let regions = regions::parse(text, known).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| marker_finding(e.line, e.message, text))
            .collect::<Vec<_>>()
    })?;
    let eol = if text
        .split('\n')
        .next()
        .is_some_and(|first| first.ends_with('\r') && text.contains('\n'))
    {
        "\r\n"
    } else {
        "\n"
    };
    // Every region's content first, then the page, assembled only when a region changes.
    let mut problems = Vec::new();
    let contents: Vec<Option<String>> = regions
        .iter()
        .map(|region| match can_render.then(|| render(&region.name)) {
            Some(Ok(output)) => Some(lines(output, eol)),
            Some(Err(finding)) => {
                problems.push(*finding);
                None
            }
            None => None,
        })
        .collect();
    if !problems.is_empty() {
        problems.dedup_by(|a, b| a.path == b.path && a.message == b.message);
        return Err(problems);
    }
    let old = |region: &regions::Region| &text[region.content.clone()];
    let stale: Vec<(String, u32)> = regions
        .iter()
        .zip(&contents)
        .filter(|(region, content)| content.as_deref().is_some_and(|c| c != old(region)))
        .map(|(region, _)| (region.name.clone(), region.line))
        .collect();
    // With every region as it was, the page is its own bytes.
    let change = (!stale.is_empty())
        .then(|| {
            let mut new = Vec::with_capacity(bytes.len());
            new.extend_from_slice(bom);
            let mut last = 0;
            for (region, content) in regions.iter().zip(contents) {
                new.extend_from_slice(&text.as_bytes()[last..region.content.start]);
                let content = content.as_deref().unwrap_or(old(region));
                new.extend_from_slice(content.as_bytes());
                last = region.content.end;
            }
            new.extend_from_slice(&text.as_bytes()[last..]);
            new
        })
        .filter(|new| new != bytes)
        .map(|new| {
            Box::new(Change {
                path: path.to_string(),
                old: bytes.to_vec(),
                new,
            })
        });
    Ok(Output {
        path: path.to_string(),
        change,
        stale,
        community: community.map(Into::into),
        regions: regions.len(),
    })
}

/// A template's output as region content: every line ended with the page's line ending, and
/// no trailing blank lines. Output already in the page's line ending is kept in its own buffer
/// (a handbook page's table is a copy of most of the page).
fn lines(mut output: String, eol: &str) -> String {
    let body = output.trim_end_matches(['\n', '\r']);
    if body.trim().is_empty() {
        return String::new();
    }
    if eol == "\n" && !body.contains('\r') {
        output.truncate(body.len());
        output.push('\n');
        return output;
    }
    body.lines().flat_map(|line| [line, eol]).collect()
}

#[cfg(test)]
mod tests {
    use super::lines;
    use proptest::prelude::*;

    /// `lines` as it was before it kept its buffer: always a new string.
    fn copied(output: &str, eol: &str) -> String {
        let body = output.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            return String::new();
        }
        body.lines().flat_map(|line| [line, eol]).collect()
    }

    #[test]
    fn output_in_the_page_line_ending_keeps_its_buffer() {
        let output = String::from("| a |\n\n| b |\n\n\n");
        let buffer = output.as_ptr();
        let content = lines(output, "\n");
        assert_eq!(content, "| a |\n\n| b |\n");
        assert_eq!(content.as_ptr(), buffer);
        assert_eq!(lines("| a |".into(), "\n"), "| a |\n");
    }

    #[test]
    fn output_in_another_line_ending_is_converted() {
        assert_eq!(lines("a\n\nb\r\n\n".into(), "\r\n"), "a\r\n\r\nb\r\n");
        assert_eq!(lines("a\r\nb\r\n\r\n".into(), "\n"), "a\nb\n");
        // A lone carriage return is not a line ending.
        assert_eq!(lines("a\rb\n".into(), "\n"), "a\rb\n");
        assert_eq!(lines("a\rb\n".into(), "\r\n"), "a\rb\r\n");
    }

    #[test]
    fn blank_output_is_no_content() {
        for eol in ["\n", "\r\n"] {
            assert_eq!(lines(String::new(), eol), "");
            assert_eq!(lines(" \n\t\r\n\n".into(), eol), "");
        }
    }

    proptest! {
        #[test]
        fn keeping_the_buffer_changes_no_byte(
            output in "[a \t\r\n]{0,12}",
            eol in prop::sample::select(vec!["\n", "\r\n"]),
        ) {
            prop_assert_eq!(lines(output.clone(), eol), copied(&output, eol));
        }
    }
}
