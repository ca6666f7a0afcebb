//! What real renderers make of a region: Markdown rendered to HTML by comrak (with the GFM
//! extensions GitLab enables) and by pulldown-cmark, then read back as tables, lists and
//! paragraphs whose cells hold only text and links. Any other element shows up in the cell's
//! text as `␁NAME␂` (between two control characters, which no escaped value can hold), so a
//! comparison with the expected text catches every stray element.
//!
//! Test code only: the unit tests in `renderers.rs` and the fuzz target `escape_text` (which
//! includes this file by path) share it, so that both check one property.

/// A Markdown renderer of the kind that shows handbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// comrak with the extensions GitLab enables (table, strikethrough, autolink, tasklist,
    /// footnotes, math, wikilinks, alerts, multi-line quotes, description lists); raw HTML
    /// kept (not filtered), so that a value that would inject HTML is seen.
    Comrak,
    /// pulldown-cmark with tables, strikethrough and tasklists.
    Pulldown,
}

pub const RENDERERS: [Renderer; 2] = [Renderer::Comrak, Renderer::Pulldown];

/// The HTML `renderer` makes of `markdown`.
pub fn html(renderer: Renderer, markdown: &str) -> String {
    match renderer {
        Renderer::Comrak => {
            let mut options = comrak::Options::default();
            options.extension.table = true;
            options.extension.strikethrough = true;
            options.extension.autolink = true;
            options.extension.tasklist = true;
            options.extension.footnotes = true;
            options.extension.math_dollars = true;
            options.extension.math_code = true;
            options.extension.wikilinks_title_before_pipe = true;
            options.extension.alerts = true;
            options.extension.multiline_block_quotes = true;
            options.extension.description_lists = true;
            options.render.r#unsafe = true;
            comrak::markdown_to_html(markdown, &options)
        }
        Renderer::Pulldown => {
            use pulldown_cmark::{Options, Parser};
            let options = Options::ENABLE_TABLES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_TASKLISTS
                | Options::ENABLE_FOOTNOTES;
            let mut out = String::new();
            pulldown_cmark::html::push_html(&mut out, Parser::new_ext(markdown, options));
            out
        }
    }
}

/// A block of rendered HTML, its cells and items as text (see the module note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Rows of cells, the header row first.
    Table(Vec<Vec<String>>),
    /// The items of a bullet list.
    List(Vec<String>),
    Paragraph(String),
    /// Any other element or text between blocks: a heading, a quote, code, a comment, ...
    Other(String),
}

/// Starts a stray element in a cell's text.
pub const OPEN: char = '\u{1}';
/// Ends a stray element in a cell's text.
pub const CLOSE: char = '\u{2}';

/// How a link reads in a cell's text.
pub fn link_text(href: &str, text: &str) -> String {
    format!("{OPEN}a href={href}{CLOSE}{text}{OPEN}/a{CLOSE}")
}

/// What a value must render as (SPEC §5): each run of line breaks, tabs and other control
/// characters as one space, trimmed (of white space and U+FEFF, as JavaScript trims). Written
/// here from the contract, apart from the escaping code it checks.
pub fn plain(value: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in value.chars() {
        let control = c.is_control() || c == '\u{2028}' || c == '\u{2029}';
        if !(control && in_run) {
            out.push(if control { ' ' } else { c });
        }
        in_run = control;
    }
    out.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_string()
}

/// The escaping functions under test.
pub struct Escape {
    pub text: fn(&str) -> String,
    pub link: fn(&str) -> String,
    pub linkable: fn(&str) -> bool,
}

/// Places `values` as the built-in regions do (a table row per value: the value, all values
/// joined by spaces as members are, the value as a URL; then a list item per value) and
/// checks what every renderer makes of it: one row of three cells per value, each cell's text
/// exactly the value's, no element but the links of valid URLs, each to exactly the URL.
pub fn check_values(values: &[&str], escape: &Escape) -> Result<(), String> {
    let (markdown, want) = layout(values, escape);
    check(&markdown, &want)
}

/// The Markdown of [`check_values`] and the blocks it must render as.
pub fn layout(values: &[&str], escape: &Escape) -> (String, Vec<Block>) {
    let cells: Vec<String> = values.iter().map(|v| (escape.text)(v)).collect();
    let joined = cells.join(" ");
    let mut markdown = String::from("| Subject | Members | Project |\n| --- | --- | --- |\n");
    for (value, cell) in values.iter().zip(&cells) {
        markdown.push_str(&format!(
            "| {cell} | {joined} | {} |\n",
            (escape.link)(value)
        ));
    }
    markdown.push('\n');
    for cell in &cells {
        markdown.push_str(&format!("* {cell}\n"));
    }
    let texts: Vec<String> = values.iter().map(|v| plain(v)).collect();
    let all = plain(&texts.join(" "));
    let mut rows = vec![vec!["Subject".into(), "Members".into(), "Project".into()]];
    for (value, text) in values.iter().zip(&texts) {
        let url = match (escape.linkable)(value.trim()) {
            true => link_text(value.trim(), value.trim()),
            false => text.clone(),
        };
        rows.push(vec![text.clone(), all.clone(), url]);
    }
    let mut want = vec![Block::Table(rows)];
    if !values.is_empty() {
        want.push(Block::List(texts));
    }
    (markdown, want)
}

/// Checks that every renderer reads `markdown` as `want`.
pub fn check(markdown: &str, want: &[Block]) -> Result<(), String> {
    for renderer in RENDERERS {
        let html = html(renderer, markdown);
        let got = blocks(&html);
        if got != want {
            return Err(format!(
                "{renderer:?} renders\n{markdown}\nas\n{html}\nread as {got:#?}\nnot {want:#?}"
            ));
        }
    }
    Ok(())
}

/// Reads rendered HTML back as blocks.
pub fn blocks(html: &str) -> Vec<Block> {
    let tokens = tokens(html);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Text(t) if t.trim().is_empty() => i += 1,
            Token::Open(name, _) if name == "table" => {
                let mut rows: Vec<Vec<String>> = Vec::new();
                i += 1;
                while i < tokens.len() && !matches!(&tokens[i], Token::Close(n) if n == "table") {
                    match &tokens[i] {
                        Token::Open(n, _) if n == "tr" => {
                            rows.push(Vec::new());
                            i += 1;
                        }
                        Token::Open(n, _) if n == "td" || n == "th" => {
                            let (cell, next) = inline(&tokens, i + 1, n);
                            if let Some(row) = rows.last_mut() {
                                row.push(cell);
                            }
                            i = next;
                        }
                        Token::Open(n, _) | Token::Close(n)
                            if matches!(n.as_str(), "thead" | "tbody" | "tr") =>
                        {
                            i += 1
                        }
                        Token::Text(t) if t.trim().is_empty() => i += 1,
                        other => {
                            out.push(Block::Other(format!("in a table: {other:?}")));
                            i += 1;
                        }
                    }
                }
                out.push(Block::Table(rows));
                i += 1;
            }
            Token::Open(name, _) if name == "ul" => {
                let mut items = Vec::new();
                i += 1;
                while i < tokens.len() && !matches!(&tokens[i], Token::Close(n) if n == "ul") {
                    match &tokens[i] {
                        Token::Open(n, _) if n == "li" => {
                            let (item, next) = inline(&tokens, i + 1, "li");
                            items.push(item);
                            i = next;
                        }
                        Token::Text(t) if t.trim().is_empty() => i += 1,
                        other => {
                            out.push(Block::Other(format!("in a list: {other:?}")));
                            i += 1;
                        }
                    }
                }
                out.push(Block::List(items));
                i += 1;
            }
            Token::Open(name, _) if name == "p" => {
                let (text, next) = inline(&tokens, i + 1, "p");
                out.push(Block::Paragraph(text));
                i = next;
            }
            other => {
                out.push(Block::Other(format!("{other:?}")));
                i += 1;
            }
        }
    }
    out
}

/// The text of an element's content from `start` up to its closing tag `name` (nested
/// elements of the same name counted), and the index after the closing tag.
fn inline(tokens: &[Token], start: usize, name: &str) -> (String, usize) {
    let mut text = String::new();
    let mut depth = 0;
    let mut i = start;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Close(n) if n == name && depth == 0 => return (text, i + 1),
            Token::Text(t) => text.push_str(t),
            Token::Open(n, attrs) => {
                if n == name {
                    depth += 1;
                }
                if n == "a" {
                    let href = attrs.iter().find(|(k, _)| k == "href");
                    let href = href.map_or("", |(_, v)| v.as_str());
                    text.push_str(&format!("{OPEN}a href={href}{CLOSE}"));
                } else {
                    text.push_str(&format!("{OPEN}{n}{CLOSE}"));
                }
            }
            Token::Close(n) => {
                if n == name {
                    depth -= 1;
                }
                text.push_str(&format!("{OPEN}/{n}{CLOSE}"));
            }
            Token::Comment(c) => text.push_str(&format!("{OPEN}!--{c}--{CLOSE}")),
        }
        i += 1;
    }
    (text, i)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Text with its character references decoded.
    Text(String),
    /// A start tag (or a void one, `<br />`) with its attributes, values decoded.
    Open(String, Vec<(String, String)>),
    Close(String),
    Comment(String),
}

/// Splits renderer HTML into tags, comments and text. Renderers write `<` in text as `&lt;`,
/// so every `<` starts markup.
fn tokens(html: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").unwrap_or(after.len());
            out.push(Token::Comment(after[..end].to_string()));
            rest = after.get(end + 3..).unwrap_or("");
        } else if rest.starts_with('<') {
            let end = tag_end(rest);
            out.push(tag(&rest[1..end]));
            rest = rest.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            out.push(Token::Text(decode(&rest[..end])));
            rest = &rest[end..];
        }
    }
    out
}

/// The index of the `>` that ends the tag at the start of `text` (quotes respected).
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    text.len()
}

fn tag(inner: &str) -> Token {
    let inner = inner.trim_end_matches('/').trim();
    if let Some(name) = inner.strip_prefix('/') {
        return Token::Close(name.trim().to_ascii_lowercase());
    }
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = inner[..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (raw, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |e| e + 1);
                    (&after[1..end], after.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = decode(raw);
            rest = next.trim_start();
        }
        attrs.push((key, value));
    }
    Token::Open(name, attrs)
}

/// Decodes the character references renderers write: `&amp;`, `&lt;`, `&gt;`, `&quot;`,
/// `&#39;`, and numeric ones.
fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|e| *e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name.strip_prefix('#').and_then(|n| {
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => n.parse().ok(),
                    };
                    code.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
