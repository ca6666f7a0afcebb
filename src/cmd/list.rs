//! `cop list`: one line (or JSON object) per community, for people and scripts. A community
//! whose file cannot be read or parsed is still listed, with the status `unreadable`, so the
//! list never silently drops a folder; `cop check` says what is wrong with it.

use std::process::ExitCode;

use anstyle::Style;
use anyhow::Result;
use serde_json::json;

use crate::cli::{Global, ListArgs, ListFormat};
use crate::community::{Node, Status, Text};
use crate::load::{self, Entry};
use crate::registry::Registry;
use crate::report::table::{clean, columns};
use crate::report::{write_stderr, write_stdout};
use crate::text;

/// What `status` shows for a community that could not be read.
pub const UNREADABLE: &str = "unreadable";

/// One listed community.
struct Row {
    id: String,
    /// `None` when the file could not be read or parsed.
    status: Option<Status>,
    subject: Option<String>,
    /// Distinct members, handles compared case-insensitively (as `min-members` counts them).
    members: usize,
    channel: Option<String>,
    path: String,
}

impl Row {
    fn of(entry: &Entry) -> Row {
        let community = entry.community.as_ref();
        let text = |field: Option<&Node<Text>>| field.map(|n| n.value.to_string());
        let members = community.map_or(0, |c| c.distinct_members().len());
        Row {
            id: entry.id.to_string(),
            status: community.map(|c| c.status()),
            subject: community.and_then(|c| text(c.subject.as_ref())),
            members,
            channel: community.and_then(|c| text(c.channel.as_ref())),
            path: entry.path.to_string(),
        }
    }

    fn status_text(&self) -> &'static str {
        self.status.map_or(UNREADABLE, Status::as_str)
    }
}

pub fn run(args: ListArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let loaded = load::load(registry)?;
    let rows: Vec<Row> = loaded
        .entries
        .iter()
        .map(Row::of)
        // An unreadable community has no known status: it shows only in the unfiltered list.
        .filter(|row| args.status.is_none() || row.status == args.status)
        .collect();
    let unreadable = rows.iter().filter(|r| r.status.is_none()).count();
    if unreadable > 0 && !global.quiet && args.format == ListFormat::Table {
        let listed = text::count(rows.len(), "community");
        write_stderr(&format!(
            "note: {unreadable} of {listed} could not be read; `cop check` shows why\n"
        ));
    }
    let text = match args.format {
        ListFormat::Table => table(&rows),
        ListFormat::Json => json(&rows),
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn json(rows: &[Row]) -> String {
    let items: Vec<_> = rows
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "status": r.status_text(),
                "subject": r.subject,
                "members": r.members,
                "channel": r.channel,
                "path": r.path,
            })
        })
        .collect();
    format!("{:#}\n", serde_json::Value::Array(items))
}

fn table(rows: &[Row]) -> String {
    let header = ["ID", "STATUS", "SUBJECT", "MEMBERS", "CHANNEL"];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                clean(&r.id),
                r.status_text().to_string(),
                r.subject.as_deref().map_or_else(|| "-".into(), clean),
                r.members.to_string(),
                r.channel.as_deref().map_or_else(|| "-".into(), clean),
            ]
        })
        .collect();
    columns(&header, &cells, Style::new().bold())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, subject: &str) -> Row {
        Row {
            id: id.into(),
            status: Some(Status::Active),
            subject: Some(subject.into()),
            members: 3,
            channel: Some("#cp_x".into()),
            path: String::new(),
        }
    }

    #[test]
    fn table_columns_line_up() {
        let text = table(&[row("a", "Long subject"), row("bbbbbb", "S")]);
        let plain: Vec<&str> = text.lines().collect();
        let column = |line: &str| line.find("active").or_else(|| line.find("STATUS"));
        assert_eq!(column(plain[1]), column(plain[2]));
    }

    #[test]
    fn wide_characters_take_their_display_width() {
        let text = table(&[row("ja", "日本語の会"), row("en", "Rust")]);
        let rows: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(
            rows,
            [
                "ja  active  日本語の会  3        #cp_x",
                "en  active  Rust        3        #cp_x",
            ]
        );
    }
}
