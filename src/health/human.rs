//! The health report for a terminal: one table of every community, then the next steps, then
//! the registry's totals in a line. Values are cleaned of control characters, so a subject
//! cannot drive the terminal.

use std::fmt::Write as _;

use anstyle::Style;

use super::{CommunityHealth, Report};
use crate::report::table::{clean, columns};

const HEADER: [&str; 8] = [
    "ID",
    "STATUS",
    "STAGE",
    "DEGREE",
    "MEMBERS",
    "ABSENCE",
    "LAST CHANGE",
    "RISKS",
];

pub fn render(report: &Report) -> String {
    let rows: Vec<[String; 8]> = report.communities.iter().map(row).collect();
    // No colour: the report may go to a file (`-o`).
    let mut out = columns(&HEADER, &rows, Style::new());
    let steps: Vec<&CommunityHealth> = report
        .communities
        .iter()
        .filter(|c| c.next.is_some())
        .collect();
    if !steps.is_empty() {
        out.push_str("\nnext steps:\n");
        for c in steps {
            let _ = writeln!(
                out,
                "  {}: {}",
                clean(&c.id),
                clean(c.next.as_deref().unwrap_or(""))
            );
        }
    }
    out.push('\n');
    out.push_str(&summary(report));
    out.push('\n');
    out
}

/// The totals in one line.
pub fn summary(report: &Report) -> String {
    let t = &report.totals;
    let count = |name: &str| {
        t.by_status
            .0
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, n)| *n)
    };
    let mut parts: Vec<String> = ["active", "proposed", "archived", "unreadable"]
        .iter()
        .filter(|s| count(s) > 0 || **s == "active")
        .map(|s| format!("{} {s}", count(s)))
        .collect();
    if parts.is_empty() {
        parts.push("0 active".into());
    }
    let over = if t.overcommitted.is_empty() {
        format!("nobody in more than {}", t.max_communities_per_person)
    } else {
        format!(
            "{} in more than {}: {}",
            t.overcommitted.len(),
            t.max_communities_per_person,
            t.overcommitted
                .iter()
                .map(|h| clean(h))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "{} ({}); {} in active communities, {over}",
        plural_communities(t.communities),
        parts.join(", "),
        crate::text::count(t.people, "person"),
    )
}

fn plural_communities(n: usize) -> String {
    if n == 1 {
        "1 community".into()
    } else {
        format!("{n} communities")
    }
}

fn row(c: &CommunityHealth) -> [String; 8] {
    let dash = || "-".to_string();
    let members = match (c.members, c.members_then, &c.joined) {
        (None, _, _) => dash(),
        (Some(now), Some(then), _) if now != then => {
            format!("{now} ({:+})", now as i64 - then as i64)
        }
        (Some(now), None, Some(_)) => format!("{now} (new)"),
        (Some(now), _, _) => now.to_string(),
    };
    let risks = match &c.risks {
        Some(r) if !r.is_empty() => r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(","),
        _ => dash(),
    };
    [
        clean(&c.id),
        c.status.to_string(),
        c.stage.map_or_else(dash, |s| s.as_str().to_string()),
        c.degree.map_or_else(dash, |d| d.to_string()),
        members,
        c.absence_factor.map_or_else(dash, |a| a.to_string()),
        c.last_change.map_or_else(dash, |d| d.to_string()),
        risks,
    ]
}
