//! Splicing one page: its regions found, each replaced by its template's output in the
//! page's own line ending, every byte outside them kept.

use std::borrow::Cow;
use std::io::Write;

use super::Output;
use super::regions;
use crate::community::Pos;
use crate::finding::{Finding, RuleId};
use crate::write::Change;

/// Renders every region of one page (public for the fuzz targets). `render` writes a region's
/// new content; `can_render` is false when the data is broken, in which case only the markers
/// are checked.
pub fn render_page(
    path: &str,
    community: Option<&str>,
    bytes: &[u8],
    known: impl Fn(&str) -> bool,
    render: impl Fn(&str, &mut dyn Write) -> Result<(), Box<Finding>>,
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
    let old = |region: &regions::Region| &text[region.content.clone()];
    // Every region's content first, then the page, assembled only when a region changes. A
    // region's new content is kept only when it differs from the old (`None`: unchanged, or
    // not rendered).
    let mut problems = Vec::new();
    let contents: Vec<Option<String>> = regions
        .iter()
        .map(|region| {
            if !can_render {
                return None;
            }
            let mut output = Compared::with(old(region));
            match render(&region.name, &mut output) {
                Ok(()) => output.content(eol),
                Err(finding) => {
                    problems.push(*finding);
                    None
                }
            }
        })
        .collect();
    if !problems.is_empty() {
        problems.dedup_by(|a, b| a.path == b.path && a.message == b.message);
        return Err(problems);
    }
    let stale: Vec<(String, u32)> = regions
        .iter()
        .zip(&contents)
        .filter(|(_, content)| content.is_some())
        .map(|(region, _)| (region.name.clone(), region.line))
        .collect();
    // With every region as it was, the page is its own bytes; a region that changed changes
    // them.
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

/// A template's output as it is written, compared with a region's old content and kept only
/// from the first byte that differs: a handbook page's table, unchanged, is never copied (it
/// is most of the page, and rendered while the whole registry's template data is in memory).
struct Compared<'a> {
    old: &'a str,
    /// How many bytes of `old` the output has repeated so far.
    same: usize,
    /// The whole output, once it differs.
    differs: Option<Vec<u8>>,
}

impl<'a> Compared<'a> {
    fn with(old: &'a str) -> Compared<'a> {
        Compared {
            old,
            same: 0,
            differs: None,
        }
    }

    /// The region's new content when it differs from the old, in the page's line ending.
    fn content(self, eol: &str) -> Option<String> {
        let output = match self.differs {
            Some(bytes) => String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            None if self.same == self.old.len() => match lines(self.old, eol) {
                // The output was the old content, which is already as `lines` makes it.
                Cow::Borrowed(content) if content.len() == self.old.len() => return None,
                _ => self.old.to_string(),
            },
            None => self.old[..self.same].to_string(),
        };
        let content = lines_of(output, eol);
        (content != self.old).then_some(content)
    }
}

impl Write for Compared<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.differs {
            Some(bytes) => bytes.extend_from_slice(buf),
            None => match self.old.as_bytes()[self.same..].starts_with(buf) {
                true => self.same += buf.len(),
                false => {
                    let mut bytes = Vec::with_capacity(self.old.len().max(self.same + buf.len()));
                    bytes.extend_from_slice(&self.old.as_bytes()[..self.same]);
                    bytes.extend_from_slice(buf);
                    self.differs = Some(bytes);
                }
            },
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A template's output as region content: every line ended with the page's line ending, and
/// no trailing blank lines. Output already so is borrowed, not copied.
fn lines<'a>(output: &'a str, eol: &str) -> Cow<'a, str> {
    let body = output.trim_end_matches(['\n', '\r']);
    if body.trim().is_empty() {
        return Cow::Borrowed("");
    }
    if eol == "\n" && !body.contains('\r') {
        return match output.as_bytes().get(body.len()) {
            Some(b'\n') => Cow::Borrowed(&output[..=body.len()]),
            _ => Cow::Owned(format!("{body}\n")),
        };
    }
    Cow::Owned(body.lines().flat_map(|line| [line, eol]).collect())
}

/// [`lines`] of an owned output, in its own buffer when it is already so.
fn lines_of(mut output: String, eol: &str) -> String {
    match lines(&output, eol) {
        Cow::Borrowed(content) => {
            let len = content.len();
            output.truncate(len);
            output
        }
        Cow::Owned(content) => content,
    }
}

#[cfg(test)]
mod tests {
    use super::{Compared, lines, lines_of};
    use proptest::prelude::*;
    use std::io::Write as _;

    /// `lines` as it was before it kept its buffer: always a new string.
    fn copied(output: &str, eol: &str) -> String {
        let body = output.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            return String::new();
        }
        body.lines().flat_map(|line| [line, eol]).collect()
    }

    /// What `Compared` gives for `output` written in `chunks` over `old`.
    fn compared(old: &str, output: &str, chunks: &[usize], eol: &str) -> Option<String> {
        let mut compared = Compared::with(old);
        let mut rest = output.as_bytes();
        for &n in chunks.iter().chain(std::iter::once(&usize::MAX)) {
            let (chunk, after) = rest.split_at(n.min(rest.len()));
            compared.write_all(chunk).unwrap();
            rest = after;
        }
        compared.content(eol)
    }

    #[test]
    fn output_in_the_page_line_ending_keeps_its_buffer() {
        let output = String::from("| a |\n\n| b |\n\n\n");
        let buffer = output.as_ptr();
        let content = lines_of(output, "\n");
        assert_eq!(content, "| a |\n\n| b |\n");
        assert_eq!(content.as_ptr(), buffer);
        assert_eq!(lines_of("| a |".into(), "\n"), "| a |\n");
        assert!(matches!(
            lines("| a |\n", "\n"),
            std::borrow::Cow::Borrowed("| a |\n")
        ));
    }

    #[test]
    fn output_in_another_line_ending_is_converted() {
        assert_eq!(lines("a\n\nb\r\n\n", "\r\n"), "a\r\n\r\nb\r\n");
        assert_eq!(lines("a\r\nb\r\n\r\n", "\n"), "a\nb\n");
        // A lone carriage return is not a line ending.
        assert_eq!(lines("a\rb\n", "\n"), "a\rb\n");
        assert_eq!(lines("a\rb\n", "\r\n"), "a\rb\r\n");
    }

    #[test]
    fn blank_output_is_no_content() {
        for eol in ["\n", "\r\n"] {
            assert_eq!(lines("", eol), "");
            assert_eq!(lines(" \n\t\r\n\n", eol), "");
            assert_eq!(lines_of(" \n".into(), eol), "");
        }
    }

    #[test]
    fn output_is_kept_only_where_it_differs_from_the_old_content() {
        let old = "| a |\n| b |\n";
        assert_eq!(compared(old, old, &[3, 1], "\n"), None);
        // More blank lines at the end make the same content.
        assert_eq!(compared(old, "| a |\n| b |\n\n\n", &[], "\n"), None);
        assert_eq!(compared(old, "| a |\n", &[2], "\n"), Some("| a |\n".into()));
        assert_eq!(
            compared(old, "| a |\n| c |\n", &[8], "\n"),
            Some("| a |\n| c |\n".into())
        );
        // Old content that is not as `lines` makes it is stale even when repeated exactly.
        assert_eq!(compared("x\n\n", "x\n\n", &[], "\n"), Some("x\n".into()));
        assert_eq!(compared("x\n", "x\n", &[], "\r\n"), Some("x\r\n".into()));
        assert_eq!(compared("", "", &[], "\n"), None);
    }

    proptest! {
        #[test]
        fn keeping_the_buffer_changes_no_byte(
            output in "[a \t\r\n]{0,12}",
            eol in prop::sample::select(vec!["\n", "\r\n"]),
        ) {
            prop_assert_eq!(lines(&output, eol), copied(&output, eol));
            prop_assert_eq!(lines_of(output.clone(), eol), copied(&output, eol));
        }

        #[test]
        fn comparing_as_written_decides_as_comparing_the_whole_output(
            old in "[ab\r\n]{0,10}",
            output in "[ab\r\n]{0,10}",
            same_start in any::<bool>(),
            chunks in prop::collection::vec(0usize..5, 0..6),
            eol in prop::sample::select(vec!["\n", "\r\n"]),
        ) {
            // Often an output that begins as the old content does, or is it.
            let output = match same_start {
                true => format!("{old}{output}"),
                false => output,
            };
            let whole = copied(&output, eol);
            let want = (whole != old).then_some(whole);
            prop_assert_eq!(compared(&old, &output, &chunks, eol), want.clone());
            prop_assert_eq!(compared(&old, &old, &chunks, eol).is_some(), copied(&old, eol) != old);
        }
    }
}
