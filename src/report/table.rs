//! Tables for the terminal, as `cop list`, `cop people`, `cop person` and `cop health` print
//! them: columns padded by display width, values cleaned so that none can drive the terminal.

use std::fmt::Write as _;

use anstyle::Style;
use unicode_width::UnicodeWidthStr;

/// A table for the terminal: the header in `header_style`, then the rows, each column padded
/// to its widest cell's display width (cop list, cop people, cop person, cop health).
pub fn columns<R: AsRef<[String]>>(header: &[&str], rows: &[R], header_style: Style) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row.as_ref()) {
            *width = (*width).max(cell.width());
        }
    }
    let mut out = String::new();
    let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    line(&mut out, &header, &widths, header_style);
    for row in rows {
        line(&mut out, row.as_ref(), &widths, Style::new());
    }
    out
}

/// One table line: cells padded to their column's width, the last one not padded.
fn line(out: &mut String, cells: &[String], widths: &[usize], style: Style) {
    let mut text = String::new();
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        if i + 1 == cells.len() {
            text.push_str(cell);
        } else {
            let pad = width.saturating_sub(cell.width());
            let _ = write!(text, "{cell}{:pad$}  ", "");
        }
    }
    let _ = writeln!(out, "{style}{}{style:#}", text.trim_end());
}

/// A value as one harmless line: control characters (a newline, an escape sequence that would
/// drive the terminal) become spaces.
pub fn clean(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        assert_eq!(clean("a\nb\u{1b}[31mc"), "a b [31mc");
    }

    #[test]
    fn columns_pad_by_display_width_and_the_last_is_not_padded() {
        let rows = [
            vec!["日本".to_string(), "x".to_string()],
            vec!["ab".to_string(), "longer".to_string()],
        ];
        assert_eq!(
            columns(&["ID", "NAME"], &rows, Style::new()),
            "ID    NAME\n日本  x\nab    longer\n"
        );
    }
}
