//! Finding the regions of a page: `<!-- cop:begin NAME -->` … `<!-- cop:end NAME -->`, each
//! marker alone on its line, never inside a fenced code block. A page with any marker problem
//! gets every problem reported and is never written.

/// A well-formed region: its name and where its parts lie in the page text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub name: String,
    /// 1-based line of the begin marker.
    pub line: u32,
    /// Byte range of the content between the two marker lines.
    pub content: std::ops::Range<usize>,
}

/// A marker problem, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkerError {
    pub line: u32,
    pub message: String,
}

enum Marker<'a> {
    Begin(&'a str),
    End(&'a str),
    Malformed,
}

/// Reads a marker from one line (without its line ending), if the line is one.
fn marker(line: &str) -> Option<Marker<'_>> {
    let inner = line
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let rest = inner.strip_prefix("cop:")?;
    let mut words = rest.split_whitespace();
    let (kind, name, extra) = (words.next(), words.next(), words.next());
    let valid = |n: &str| {
        !n.is_empty()
            && n.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    };
    Some(match (kind, name, extra) {
        (Some("begin"), Some(n), None) if valid(n) => Marker::Begin(n),
        (Some("end"), Some(n), None) if valid(n) => Marker::End(n),
        _ => Marker::Malformed,
    })
}

/// The fence a line opens or closes: its character and length (CommonMark: at most three
/// spaces of indentation, three or more backticks or tildes).
fn fence(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.chars().take_while(|x| *x == c).count();
    (len >= 3).then_some((c, len))
}

/// Splits `text` into regions, or every marker problem. `known` says which names may be used.
pub fn parse(text: &str, known: impl Fn(&str) -> bool) -> Result<Vec<Region>, Vec<MarkerError>> {
    let mut regions = Vec::new();
    let mut errors = Vec::new();
    let mut open: Option<(String, u32, usize)> = None;
    let mut fenced: Option<(char, usize)> = None;
    let mut offset = 0;
    for (index, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = index as u32 + 1;
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        if let Some((c, len)) = fenced {
            if fence(line)
                .is_some_and(|(fc, fl)| fc == c && fl >= len && line.trim().chars().all(|x| x == c))
            {
                fenced = None;
            }
            continue;
        }
        if let Some(f) = fence(line) {
            fenced = Some(f);
            continue;
        }
        let error = |message: String| MarkerError {
            line: line_no,
            message,
        };
        match marker(line) {
            None => {}
            Some(Marker::Malformed) => errors.push(error(format!(
                "malformed marker `{}`; write `<!-- cop:begin NAME -->` or `<!-- cop:end NAME -->`",
                line.trim()
            ))),
            Some(Marker::Begin(name)) => {
                if let Some((outer, outer_line, _)) = &open {
                    errors.push(error(format!(
                        "region `{name}` begins inside region `{outer}` (line {outer_line}); regions cannot nest"
                    )));
                    continue;
                }
                if !known(name) {
                    errors.push(error(format!("unknown region `{name}`")));
                }
                if regions.iter().any(|r: &Region| r.name == name) {
                    errors.push(error(format!("region `{name}` appears twice in this page")));
                }
                open = Some((name.to_string(), line_no, offset));
            }
            Some(Marker::End(name)) => match open.take() {
                Some((open_name, begin_line, content_start)) if open_name == name => {
                    regions.push(Region {
                        name: open_name,
                        line: begin_line,
                        content: content_start..start,
                    })
                }
                Some((open_name, begin_line, content_start)) => {
                    errors.push(error(format!(
                        "`cop:end {name}` closes region `{open_name}` (begun on line {begin_line})"
                    )));
                    open = Some((open_name, begin_line, content_start));
                }
                None => errors.push(error(format!(
                    "`cop:end {name}` has no `cop:begin {name}` before it"
                ))),
            },
        }
    }
    if let Some((name, line, _)) = open {
        errors.push(MarkerError {
            line,
            message: format!("region `{name}` is never closed with `<!-- cop:end {name} -->`"),
        });
    }
    if errors.is_empty() {
        Ok(regions)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, u32, String)> {
        parse(text, |_| true)
            .unwrap()
            .into_iter()
            .map(|r| (r.name, r.line, text[r.content].to_string()))
            .collect()
    }

    fn errors(text: &str) -> Vec<(u32, String)> {
        parse(text, |n| n != "bogus")
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line, e.message))
            .collect()
    }

    #[test]
    fn finds_regions_and_their_content() {
        let text = "intro\n<!-- cop:begin active -->\nold\n<!-- cop:end active -->\n  <!--cop:begin suggested-->  \r\n<!-- cop:end suggested -->";
        assert_eq!(
            names(text),
            [
                ("active".to_string(), 2, "old\n".to_string()),
                ("suggested".to_string(), 5, String::new()),
            ]
        );
    }

    #[test]
    fn markers_in_fences_are_text() {
        let text = "````md\n<!-- cop:begin active -->\n```\nstill fenced\n````\n~~~\n<!-- cop:end x -->\n~~~\n";
        assert!(names(text).is_empty());
    }

    #[test]
    fn markers_not_alone_are_text() {
        assert!(names("see <!-- cop:begin active --> here\n").is_empty());
    }

    #[test]
    fn every_marker_problem_is_reported() {
        let unmatched_end = errors("<!-- cop:end active -->\n");
        assert_eq!(unmatched_end[0].0, 1);
        assert!(unmatched_end[0].1.contains("has no `cop:begin active`"));

        let unclosed = errors("a\n<!-- cop:begin active -->\n");
        assert_eq!(
            unclosed,
            [(
                2,
                "region `active` is never closed with `<!-- cop:end active -->`".to_string()
            )]
        );

        let nested = errors(
            "<!-- cop:begin active -->\n<!-- cop:begin suggested -->\n<!-- cop:end suggested -->\n<!-- cop:end active -->\n",
        );
        assert!(nested[0].1.contains("cannot nest"), "{nested:?}");

        let twice = errors(
            "<!-- cop:begin active -->\n<!-- cop:end active -->\n<!-- cop:begin active -->\n<!-- cop:end active -->\n",
        );
        assert_eq!(twice[0].0, 3);
        assert!(twice[0].1.contains("twice"));

        let reversed = errors("<!-- cop:end active -->\n<!-- cop:begin active -->\n");
        assert_eq!(reversed.len(), 2);

        let unknown = errors("<!-- cop:begin bogus -->\n<!-- cop:end bogus -->\n");
        assert_eq!(unknown, [(1, "unknown region `bogus`".to_string())]);

        let malformed = errors("<!-- cop:begin -->\n");
        assert!(malformed[0].1.contains("malformed marker"));
    }
}
