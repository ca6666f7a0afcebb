//! Reading a hand-kept handbook page for `cop import`: the communities table and the bullet
//! lists under the "Suggested" and "Archived" headings, found by a CommonMark parser
//! (pulldown-cmark, with source offsets) so that tables and lists inside code fences, HTML or
//! front matter are text, and so that every byte outside what was found can stay as it is.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Header names that make a column the subject, in order of preference (case-insensitive).
pub const SUBJECT_HEADERS: &[&str] = &["subject", "community", "name", "topic"];
/// The header name of the members column (case-insensitive).
pub const MEMBERS_HEADER: &str = "members";

/// What `cop import` reads from a page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Page {
    /// The first table outside code fences with a subject and a members column.
    pub table: Option<Table>,
    /// The first bullet list under a heading containing "Suggested".
    pub suggested: Option<List>,
    /// The first bullet list under a heading containing "Archived".
    pub archived: Option<List>,
}

/// The communities table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Whole lines of the page text the table takes, line endings included.
    pub span: Range<usize>,
    /// 1-based line of its header.
    pub line: u32,
    pub rows: Vec<Row>,
    /// Headers of the columns that are left out, as the page writes them.
    pub left_out: Vec<String>,
}

/// A bullet list of communities under a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// Whole lines of the page text the list takes, line endings included.
    pub span: Range<usize>,
    /// 1-based line of its first item.
    pub line: u32,
    pub items: Vec<Row>,
    /// Lines of items that hold more than one paragraph of text (a nested list, say): only
    /// their first paragraph becomes the subject.
    pub trimmed: Vec<u32>,
}

/// One community as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based line in the page.
    pub line: u32,
    /// The text a renderer shows: escapes and entities resolved, white space folded.
    pub subject: String,
    /// The target of the first link in the subject.
    pub project: Option<String>,
    /// Every handle of the members cell, in order, each once (compared case-insensitively).
    pub members: Vec<String>,
}

/// The text of one table cell or list item, as a renderer shows it.
#[derive(Debug, Default)]
struct Inline {
    text: String,
    link: Option<String>,
}

impl Inline {
    fn push(&mut self, event: &Event) {
        match event {
            Event::Text(t) | Event::Code(t) => self.text.push_str(t),
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            // A tag shows nothing; a line break tag separates words.
            Event::InlineHtml(html) | Event::Html(html)
                if html
                    .trim_start_matches('<')
                    .to_ascii_lowercase()
                    .starts_with("br") =>
            {
                self.text.push(' ');
            }
            Event::Start(Tag::Link { dest_url, .. }) if self.link.is_none() => {
                self.link = Some(dest_url.to_string());
            }
            _ => {}
        }
    }

    fn finish(self) -> (String, Option<String>) {
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        (text, self.link.filter(|l| !l.trim().is_empty()))
    }
}

/// A cell's text and the target of its first link.
type Cell = (String, Option<String>);

/// A table being read: its header and rows as cells.
struct TableReader {
    start: usize,
    head: bool,
    /// Each row's offset and cells; the header first.
    rows: Vec<(usize, Vec<Cell>)>,
    cell: Option<Inline>,
}

/// A list being read under a heading.
struct ListReader {
    kind: Wanted,
    start: usize,
    /// Nesting below the list itself: 1 inside one of its items.
    depth: usize,
    items: Vec<(usize, Inline)>,
    /// Whether the current item's first paragraph (or tight text) is over.
    item_done: bool,
    trimmed: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    Suggested,
    Archived,
}

/// Reads `text` (a page without its byte-order mark).
pub fn parse(text: &str) -> Page {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let lines = LineIndex::new(text);
    let mut page = Page::default();
    // Open block containers (block quotes, lists, items, ...) around the current event: only
    // what stands at the top level of the page can be replaced by a region.
    let mut depth = 0usize;
    let mut metadata = false;
    let mut heading: Option<Inline> = None;
    // The list wanted next, and the level of the heading that asked for it.
    let mut wanted: Option<(Wanted, pulldown_cmark::HeadingLevel)> = None;
    let mut table: Option<TableReader> = None;
    let mut list: Option<ListReader> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if let Some(reader) = list.as_mut() {
            match &event {
                Event::Start(Tag::List(_)) | Event::Start(Tag::Item) => {
                    reader.depth += 1;
                    if reader.depth == 1 {
                        reader.items.push((range.start, Inline::default()));
                        reader.item_done = false;
                    } else if let Some((start, _)) = reader.items.last() {
                        reader.item_done = true;
                        reader.trimmed.push(*start);
                    }
                }
                Event::End(TagEnd::List(_)) | Event::End(TagEnd::Item) if reader.depth > 0 => {
                    reader.depth -= 1;
                }
                Event::End(TagEnd::List(_)) => {
                    let reader = list.take().expect("a list is being read");
                    let found = finish_list(reader, range.end, text, &lines);
                    match found.0 {
                        Wanted::Suggested => page.suggested = Some(found.1),
                        Wanted::Archived => page.archived = Some(found.1),
                    }
                    continue;
                }
                Event::End(TagEnd::Paragraph) if reader.depth == 1 => reader.item_done = true,
                Event::Start(Tag::Paragraph) if reader.depth == 1 && reader.item_done => {
                    if let Some((start, _)) = reader.items.last() {
                        reader.trimmed.push(*start);
                    }
                }
                Event::Start(_) if reader.depth == 1 && reader.item_done => {}
                _ if reader.depth == 1 && !reader.item_done => {
                    if let Some((_, inline)) = reader.items.last_mut() {
                        inline.push(&event);
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some(reader) = table.as_mut() {
            match &event {
                Event::Start(Tag::TableHead) => reader.head = true,
                Event::Start(Tag::TableRow) => reader.rows.push((range.start, Vec::new())),
                Event::Start(Tag::TableCell) => {
                    if reader.head && reader.rows.is_empty() {
                        reader.rows.push((range.start, Vec::new()));
                    }
                    reader.cell = Some(Inline::default());
                }
                Event::End(TagEnd::TableCell) => {
                    if let (Some(cell), Some((_, row))) =
                        (reader.cell.take(), reader.rows.last_mut())
                    {
                        row.push(cell.finish());
                    }
                }
                Event::End(TagEnd::TableHead) => reader.head = false,
                Event::End(TagEnd::Table) => {
                    let reader = table.take().expect("a table is being read");
                    if page.table.is_none() {
                        page.table = finish_table(reader, range.end, text, &lines);
                    }
                }
                other => {
                    if let Some(cell) = reader.cell.as_mut() {
                        cell.push(other);
                    }
                }
            }
            continue;
        }
        match event {
            Event::Start(Tag::MetadataBlock(_)) => metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => metadata = false,
            _ if metadata => {}
            Event::Start(Tag::Heading { .. }) if depth == 0 => heading = Some(Inline::default()),
            Event::End(TagEnd::Heading(level)) if depth == 0 => {
                let (title, _) = heading.take().unwrap_or_default().finish();
                let title = title.to_lowercase();
                let asks = if title.contains("suggested") && page.suggested.is_none() {
                    Some(Wanted::Suggested)
                } else if title.contains("archived") && page.archived.is_none() {
                    Some(Wanted::Archived)
                } else {
                    None
                };
                match asks {
                    Some(kind) => wanted = Some((kind, level)),
                    // A heading of the same or a higher level ends the section.
                    None if wanted.is_some_and(|(_, at)| level <= at) => wanted = None,
                    None => {}
                }
            }
            ref other if heading.is_some() => {
                if let Some(h) = heading.as_mut() {
                    h.push(other);
                }
            }
            Event::Start(Tag::Table(_)) if depth == 0 && page.table.is_none() => {
                table = Some(TableReader {
                    start: range.start,
                    head: false,
                    rows: Vec::new(),
                    cell: None,
                });
            }
            Event::Start(Tag::List(None)) if depth == 0 && wanted.is_some() => {
                let (kind, _) = wanted.take().expect("a list is wanted");
                list = Some(ListReader {
                    kind,
                    start: range.start,
                    depth: 0,
                    items: Vec::new(),
                    item_done: false,
                    trimmed: Vec::new(),
                });
            }
            Event::Start(tag) if is_container(&tag) => depth += 1,
            Event::End(tag) if is_container_end(tag) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    page
}

/// Whether the page holds a table `cop import` would adopt: the 1-based line of its header.
pub fn communities_table(text: &str) -> Option<u32> {
    parse(text).table.map(|t| t.line)
}

fn is_container(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::FootnoteDefinition(_)
            | Tag::Table(_)
            | Tag::DefinitionList
            | Tag::HtmlBlock
            | Tag::CodeBlock(_)
    )
}

fn is_container_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::FootnoteDefinition
            | TagEnd::Table
            | TagEnd::DefinitionList
            | TagEnd::HtmlBlock
            | TagEnd::CodeBlock
    )
}

fn finish_table(reader: TableReader, end: usize, text: &str, lines: &LineIndex) -> Option<Table> {
    let mut rows = reader.rows.into_iter();
    let (header_at, header) = rows.next()?;
    let find = |name: &str| {
        header
            .iter()
            .position(|(cell, _)| cell.eq_ignore_ascii_case(name))
    };
    let subject = SUBJECT_HEADERS.iter().find_map(|name| find(name))?;
    let members = find(MEMBERS_HEADER)?;
    let left_out = header
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != subject && *i != members)
        .map(|(_, (cell, _))| cell.clone())
        .collect();
    let rows = rows
        .filter(|(_, cells)| cells.iter().any(|(text, _)| !text.is_empty()))
        .map(|(at, cells)| {
            let (subject, project) = cells.get(subject).cloned().unwrap_or_default();
            let members = cells
                .get(members)
                .map(|(text, _)| handles(text))
                .unwrap_or_default();
            Row {
                line: lines.line(at),
                subject,
                project,
                members,
            }
        })
        .collect();
    Some(Table {
        span: whole_lines(text, reader.start.min(header_at)..end),
        line: lines.line(header_at),
        rows,
        left_out,
    })
}

fn finish_list(reader: ListReader, end: usize, text: &str, lines: &LineIndex) -> (Wanted, List) {
    let items = reader
        .items
        .into_iter()
        .map(|(at, inline)| {
            let (subject, project) = inline.finish();
            Row {
                line: lines.line(at),
                subject,
                project,
                members: Vec::new(),
            }
        })
        .filter(|row| !row.subject.is_empty())
        .collect();
    let mut trimmed: Vec<u32> = reader.trimmed.iter().map(|at| lines.line(*at)).collect();
    trimmed.dedup();
    (
        reader.kind,
        List {
            span: whole_lines(text, reader.start..end),
            line: lines.line(reader.start),
            items,
            trimmed,
        },
    )
}

/// Every handle (`@` then `[A-Za-z0-9_][A-Za-z0-9_.-]*`) in `text`, in order, each once. An
/// `@` inside a word (an email address) starts none, and a final `.` ends a sentence, not the
/// handle.
pub fn handles(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'@' || (i > 0 && (word(bytes[i - 1]) || bytes[i - 1] == b'@')) {
            i += 1;
            continue;
        }
        let first = i + 1;
        if first >= bytes.len() || !(bytes[first].is_ascii_alphanumeric() || bytes[first] == b'_') {
            i += 1;
            continue;
        }
        let mut end = first;
        while end < bytes.len() && word(bytes[end]) {
            end += 1;
        }
        let handle = text[i..end].trim_end_matches('.');
        if seen.insert(crate::text::handle_key(handle)) {
            found.push(handle.to_string());
        }
        i = end;
    }
    found
}

/// `range` widened to whole lines: from the start of its first line to the end of its last
/// line that holds anything but white space, with that line's ending.
fn whole_lines(text: &str, range: Range<usize>) -> Range<usize> {
    let start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = range.end.min(text.len());
    let content_end = start + text[start..end].trim_end().len();
    let end = match text[content_end..].find('\n') {
        Some(i) => content_end + i + 1,
        None => text.len(),
    };
    start..end
}

/// 1-based line numbers of byte offsets.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|s| *s <= offset) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GITLAB: &str =
        include_str!("../../examples/gitlab-handbook-import/handbook/communities-of-practice.md");

    fn subjects(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.subject.as_str()).collect()
    }

    #[test]
    fn gitlab_page() {
        let page = parse(GITLAB);
        let table = page.table.as_ref().unwrap();
        assert_eq!(
            subjects(&table.rows),
            [
                "Infrastructure As Code",
                "Gitlab/VMware TKGI (PKS) deployment"
            ]
        );
        assert_eq!(
            table.rows[0].members,
            ["@DarwinJS", "@jsandlin", "@jrandazzo"]
        );
        assert_eq!(table.rows[1].members, ["@samer.akkoub"]);
        assert_eq!(table.line, 50);
        assert!(GITLAB[table.span.clone()].starts_with("| Subject"));
        assert!(GITLAB[table.span.clone()].ends_with("|\n"));
        let suggested = page.suggested.as_ref().unwrap();
        assert_eq!(
            subjects(&suggested.items),
            ["Cloud-Native Deployments", "Open Shift"]
        );
        assert_eq!(
            &GITLAB[suggested.span.clone()],
            "* Cloud-Native Deployments\n* Open Shift\n"
        );
        assert!(page.archived.is_none());
    }

    #[test]
    fn cells_read_as_a_renderer_shows_them() {
        let page = parse(
            "| Topic | Members | Channel |\n|---|---|---|\n| [R\\&amp;D \\| Ops](https://x.example/r) | @a, @b and @A. mail@x.org [@c](https://h/c) | #x |\n",
        );
        let table = page.table.unwrap();
        assert_eq!(table.rows[0].subject, "R&amp;D | Ops");
        assert_eq!(
            table.rows[0].project.as_deref(),
            Some("https://x.example/r")
        );
        assert_eq!(table.rows[0].members, ["@a", "@b", "@c"]);
        assert_eq!(table.left_out, ["Channel"]);
        let page = parse("| Name | members |\n|-|-|\n| Caf&eacute; `C++` &amp; *Go* | |\n");
        assert_eq!(page.table.unwrap().rows[0].subject, "Café C++ & Go");
    }

    #[test]
    fn fenced_and_nested_tables_are_text() {
        let text = "```\n| Subject | Members |\n|-|-|\n| X | @x |\n```\n\n> | Subject | Members |\n> |-|-|\n> | Y | @y |\n\n| Subject | Members |\n|-|-|\n| Z | @z |";
        let table = parse(text).table.unwrap();
        assert_eq!(subjects(&table.rows), ["Z"]);
        assert_eq!(
            &text[table.span],
            "| Subject | Members |\n|-|-|\n| Z | @z |"
        );
    }

    #[test]
    fn a_table_without_both_columns_is_not_it() {
        assert!(
            parse("| Role | Members |\n|-|-|\n| a | @b |\n")
                .table
                .is_none()
        );
        assert!(
            parse("| Subject | People |\n|-|-|\n| a | @b |\n")
                .table
                .is_none()
        );
    }

    #[test]
    fn lists_under_their_headings() {
        let text = "## Suggested\n\nintro\n\n1. ordered\n\n- One\n- [Two](https://t)\n  - nested\n\n- Three\n\n## Other\n\n- not this\n\n### Archived ones\n\n* Old\n";
        let page = parse(text);
        let suggested = page.suggested.unwrap();
        assert_eq!(subjects(&suggested.items), ["One", "Two", "Three"]);
        assert_eq!(suggested.items[1].project.as_deref(), Some("https://t"));
        assert_eq!(suggested.trimmed, [8]);
        assert_eq!(
            &text[suggested.span],
            "- One\n- [Two](https://t)\n  - nested\n\n- Three\n"
        );
        assert_eq!(subjects(&page.archived.unwrap().items), ["Old"]);
    }

    #[test]
    fn a_section_ends_at_a_heading_of_its_level() {
        let page = parse("## Suggested\n\n## Next\n\n- not suggested\n");
        assert!(page.suggested.is_none());
        let page = parse("## Suggested\n\n### Ideas\n\n- idea\n");
        assert_eq!(subjects(&page.suggested.unwrap().items), ["idea"]);
    }

    #[test]
    fn front_matter_is_text() {
        let page = parse("---\ntitle: Suggested\n---\n\n- not a suggestion\n");
        assert!(page.suggested.is_none());
    }

    #[test]
    fn handles_in_text() {
        assert_eq!(
            handles("@a,@b;@a @-x @_y a@b.c @c."),
            ["@a", "@b", "@_y", "@c"]
        );
        assert_eq!(handles("(@li.wei) @noah_b"), ["@li.wei", "@noah_b"]);
        assert!(handles("no one").is_empty());
    }
}
