//! The health report as Markdown tables, for a handbook page or a merge request comment.
//! Every value goes through the region escaper, so a subject cannot break a table or inject
//! markup.

use std::fmt::Write as _;

use super::{CommunityHealth, Report};
use crate::render::escape::text;

const YES: &str = "✓";
const NO: &str = "✗";

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Community health on {}\n\nThe {} days after {}, from the files and the git history.\n",
        report.today, report.window_days, report.window_start
    );
    communities(&mut out, report);
    gather(&mut out, report);
    next_steps(&mut out, report);
    totals(&mut out, report);
    out
}

fn name(c: &CommunityHealth) -> String {
    text(c.subject.as_deref().unwrap_or(&c.id))
}

fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

fn list(handles: &Option<Vec<String>>) -> String {
    match handles {
        Some(h) if !h.is_empty() => h.iter().map(|h| text(h)).collect::<Vec<_>>().join(" "),
        Some(_) => "none".into(),
        None => "-".into(),
    }
}

fn communities(out: &mut String, report: &Report) {
    out.push_str("### Communities\n\n");
    out.push_str("| Community | Status | Stage | Degree | Members | Then | Joined | Left | Absence factor | First seen | Last change | Risks |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for c in &report.communities {
        let risks = match &c.risks {
            Some(r) if !r.is_empty() => r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "),
            Some(_) => "none".into(),
            None => "-".into(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            name(c),
            c.status,
            or_dash(c.stage.map(|s| s.title())),
            or_dash(c.degree),
            or_dash(c.members),
            or_dash(c.members_then),
            list(&c.joined),
            list(&c.left),
            or_dash(c.absence_factor),
            or_dash(c.first_seen),
            or_dash(c.last_change),
            risks,
        );
    }
    out.push('\n');
}

fn gather(out: &mut String, report: &Report) {
    let assessed: Vec<&CommunityHealth> = report
        .communities
        .iter()
        .filter(|c| c.gather.is_some())
        .collect();
    if assessed.is_empty() {
        return;
    }
    out.push_str("### Gather checklist (WAO Step 1)\n\n");
    out.push_str("| Community | Safe space | Who it is for | Onboarding | Invitations | Activities | Working openly | Meet regularly | New connections |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for c in assessed {
        let Some(g) = &c.gather else { continue };
        let marks: Vec<&str> = g
            .items()
            .iter()
            .map(|(_, _, ok)| if *ok { YES } else { NO })
            .collect();
        let _ = writeln!(out, "| {} | {} |", name(c), marks.join(" | "));
    }
    out.push('\n');
}

fn next_steps(out: &mut String, report: &Report) {
    let steps: Vec<&CommunityHealth> = report
        .communities
        .iter()
        .filter(|c| c.next.is_some())
        .collect();
    if steps.is_empty() {
        return;
    }
    out.push_str("### Next steps\n\n| Community | Next step |\n| --- | --- |\n");
    for c in steps {
        let _ = writeln!(
            out,
            "| {} | {} |",
            name(c),
            // cop's own wording, not a value: its code spans (`events`) are meant as Markdown.
            c.next.as_deref().unwrap_or("").replace('|', "\\|")
        );
    }
    out.push('\n');
}

fn totals(out: &mut String, report: &Report) {
    let t = &report.totals;
    let counts = |c: &super::Counts, prefix: &str| {
        c.0.iter()
            .map(|(n, k)| format!("{prefix}{n}: {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str("### The registry\n\n| | |\n| --- | --- |\n");
    let _ = writeln!(out, "| Communities | {} |", t.communities);
    let _ = writeln!(out, "| By status | {} |", counts(&t.by_status, ""));
    let _ = writeln!(out, "| By stage | {} |", counts(&t.by_stage, ""));
    let _ = writeln!(
        out,
        "| Active by degree | {} |",
        counts(&t.by_degree, "degree ")
    );
    let _ = writeln!(out, "| People in active communities | {} |", t.people);
    let over = if t.overcommitted.is_empty() {
        "none".to_string()
    } else {
        t.overcommitted
            .iter()
            .map(|h| text(h))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let _ = writeln!(
        out,
        "| In more than {} active communities | {over} |",
        t.max_communities_per_person
    );
    out.push('\n');
    if let Some(series) = &t.series {
        out.push_str("| Month | Active communities | People |\n| --- | --- | --- |\n");
        for m in series {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                m.month,
                or_dash(m.active),
                or_dash(m.people)
            );
        }
        out.push('\n');
    }
}
