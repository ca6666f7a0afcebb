//! The health report as one self-contained HTML page a foundation can put in a review: the
//! registry's summary with charts, an overview table, then a card per community with its
//! membership chart, Gather checklist, degree, risks and next step.
//!
//! Self-contained means: the style sheet and the charts (inline SVG) are in the page, there is
//! no script, and nothing is loaded from anywhere (the only URLs are the communities' own
//! project links, as plain anchors). Every value is escaped. The layout is a grid that folds to
//! one column on a phone, and a print style sheet keeps each card on one page.

use std::fmt::Write as _;

use super::assess::Verdict;
use super::{CommunityHealth, Report, svg};

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --ink: #1d2430; --muted: #5b6472; --line: #d6dae1; --card: #ffffff; --page: #f3f5f8;
  --bar: #3b6ea8; --ok: #1f7a4d; --no: #b3412e; --warn: #9a5b00; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0 .25rem; }
h2 { font-size: 1.2rem; margin: 0 0 .25rem; }
h3 { font-size: .95rem; margin: 1rem 0 .35rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
p { margin: .25rem 0 .5rem; }
.lede { color: var(--muted); }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; margin: 1rem 0; }
.figure { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .8rem; }
.figure b { display: block; font-size: 1.6rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 26rem), 1fr)); gap: 1rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 21rem), 1fr)); gap: 1rem; margin-top: 1rem; }
figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .6rem .8rem; }
figcaption { font-weight: 600; font-size: .9rem; margin-bottom: .25rem; }
.chart { width: 100%; height: auto; display: block; }
.chart .bar { fill: var(--bar); }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart text { font-size: 10px; fill: var(--muted); }
.chart .value { fill: var(--ink); }
.table { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: .5rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #e9edf2; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.d { white-space: nowrap; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .9rem 1rem; }
.meta { color: var(--muted); font-size: .9rem; }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; }
.stage-ignition { color: var(--no); } .stage-liftoff { color: var(--warn); }
.stage-orbit, .stage-space-station { color: var(--ok); } .stage-proposed, .stage-archived { color: var(--muted); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .75rem; margin: .5rem 0; font-size: .9rem; }
dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
ul.checks { list-style: none; padding: 0; margin: 0; font-size: .9rem; }
ul.checks li { padding: .15rem 0 .15rem 1.5rem; position: relative; }
ul.checks li::before { position: absolute; left: 0; font-weight: 700; }
ul.checks li.ok::before { content: "✓"; color: var(--ok); }
ul.checks li.no::before { content: "✗"; color: var(--no); }
ul.checks li.risk::before { content: "!"; color: var(--no); left: .35rem; }
ul.checks small { display: block; color: var(--muted); }
.next { margin-top: .75rem; padding: .5rem .75rem; border-left: 4px solid var(--bar); background: #eef3f9; }
.notes { color: var(--muted); font-size: .85rem; }
a { color: var(--bar); }
@media print {
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  .card, figure, .figure, .table { break-inside: avoid; border-color: #999; }
  .charts, .cards { grid-template-columns: 1fr 1fr; gap: .5rem; }
  .chart { max-height: 4.5cm; }
  .card { padding: .5rem .7rem; }
  h3 { margin-top: .5rem; }
  .table { overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"#;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let title = format!("Communities of practice: health on {}", report.today);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&title)
    );
    let _ = writeln!(
        out,
        "<header><h1>{}</h1><p class=\"lede\">From the registry's files and its git history: the {} days after {}. Stages follow WAO's Steps to Success (Ignition, Liftoff, Orbital flight, Space station); degrees the Cloud Foundation Maturity Model's Community Space.</p></header>",
        escape(&title),
        report.window_days,
        report.window_start
    );
    summary(&mut out, report);
    overview(&mut out, report);
    out.push_str("<section class=\"cards\" aria-label=\"Communities\">\n");
    for c in &report.communities {
        card(&mut out, c, report);
    }
    out.push_str("</section>\n");
    if !report.notes.is_empty() {
        out.push_str("<footer class=\"notes\"><h3>Notes</h3><ul>");
        for note in &report.notes {
            let _ = write!(out, "<li>{}</li>", escape(note));
        }
        out.push_str("</ul></footer>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn count(counts: &super::Counts, name: &str) -> usize {
    counts
        .0
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(0, |(_, n)| *n)
}

fn summary(out: &mut String, report: &Report) {
    let t = &report.totals;
    out.push_str("<section aria-label=\"The registry\"><div class=\"figures\">");
    let figures = [
        (t.communities.to_string(), "communities".to_string()),
        (count(&t.by_status, "active").to_string(), "active".into()),
        (t.people.to_string(), "people in active communities".into()),
        (
            t.overcommitted.len().to_string(),
            format!(
                "in more than {} active communities",
                t.max_communities_per_person
            ),
        ),
    ];
    for (figure, label) in figures {
        let _ = write!(
            out,
            "<div class=\"figure\"><b>{}</b>{}</div>",
            escape(&figure),
            escape(&label)
        );
    }
    out.push_str("</div>\n<div class=\"charts\">\n");
    if let Some(series) = &t.series {
        let active: Vec<(String, Option<usize>)> =
            series.iter().map(|m| (m.month.clone(), m.active)).collect();
        let people: Vec<(String, Option<usize>)> =
            series.iter().map(|m| (m.month.clone(), m.people)).collect();
        let range = months(series.iter().map(|m| m.month.as_str()));
        figure(
            out,
            &format!("Active communities, month by month{range}"),
            &svg::columns("Active communities at the end of each month", &active),
        );
        figure(
            out,
            &format!("People in active communities{range}"),
            &svg::columns(
                "People in active communities at the end of each month",
                &people,
            ),
        );
    }
    let stages: Vec<(String, usize)> = super::Stage::ALL
        .iter()
        .map(|s| (s.title().to_string(), count(&t.by_stage, s.as_str())))
        .collect();
    figure(
        out,
        "Communities by stage",
        &svg::bars("Communities by stage", &stages),
    );
    let degrees: Vec<(String, usize)> = t
        .by_degree
        .0
        .iter()
        .map(|(d, n)| (format!("degree {d}"), *n))
        .collect();
    figure(
        out,
        "Active communities by degree",
        &svg::bars("Active communities by CFMM degree", &degrees),
    );
    out.push_str("</div>\n");
    if !t.overcommitted.is_empty() {
        let _ = writeln!(
            out,
            "<p>In more than {} active communities: {}</p>",
            t.max_communities_per_person,
            escape(&t.overcommitted.join(", "))
        );
    }
    out.push_str("</section>\n");
}

/// ` (2026-01 to 2026-12)`: the months a series covers, for its caption.
fn months<'a>(mut months: impl Iterator<Item = &'a str>) -> String {
    let first = months.next();
    match (first, months.last()) {
        (Some(first), Some(last)) => format!(" ({first} to {last})"),
        _ => String::new(),
    }
}

fn figure(out: &mut String, caption: &str, svg: &str) {
    let _ = writeln!(
        out,
        "<figure><figcaption>{}</figcaption>{svg}</figure>",
        escape(caption)
    );
}

fn dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "–".to_string(), |v| escape(&v.to_string()))
}

fn overview(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "<div class=\"table\"><table><thead><tr><th>Community</th><th>Stage</th><th>Degree</th><th>Members</th><th>On {start}</th><th>Absence factor</th><th>Last change</th><th>Risks</th></tr></thead><tbody>",
        start = report.window_start
    );
    for c in &report.communities {
        let risks = match &c.risks {
            Some(r) if !r.is_empty() => r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", "),
            Some(_) => "none".into(),
            None => "–".into(),
        };
        let _ = writeln!(
            out,
            "<tr><td><a href=\"#c-{id}\">{name}</a></td><td>{stage}</td><td class=\"n\">{degree}</td><td class=\"n\">{members}</td><td class=\"n\">{then}</td><td class=\"n\">{absence}</td><td class=\"d\">{last}</td><td>{risks}</td></tr>",
            id = escape(&c.id),
            name = escape(c.subject.as_deref().unwrap_or(&c.id)),
            stage = dash(c.stage.map(|s| s.title())),
            degree = dash(c.degree),
            members = dash(c.members),
            then = dash(c.members_then),
            absence = dash(c.absence_factor),
            last = dash(c.last_change),
            risks = escape(&risks),
        );
    }
    out.push_str("</tbody></table></div>\n");
}

fn card(out: &mut String, c: &CommunityHealth, report: &Report) {
    let stage = c.stage.map_or("unreadable", |s| s.as_str());
    let _ = writeln!(
        out,
        "<article class=\"card\" id=\"c-{id}\"><h2>{name}</h2><p class=\"meta\"><code>{id}</code> · {status} · <span class=\"badge stage-{stage}\">{stage_title}</span>{degree}</p>",
        id = escape(&c.id),
        name = escape(c.subject.as_deref().unwrap_or(&c.id)),
        status = escape(c.status),
        stage_title = escape(c.stage.map_or("not assessed", |s| s.title())),
        degree = c
            .degree
            .map_or_else(String::new, |d| format!(" · CFMM degree {d}")),
    );
    if let Some(series) = &c.series {
        let points: Vec<(String, Option<usize>)> = series
            .iter()
            .map(|m| (m.month.clone(), m.members))
            .collect();
        let range = months(series.iter().map(|m| m.month.as_str()));
        figure(
            out,
            &format!("Members, month by month{range}"),
            &svg::columns(
                &format!(
                    "Members of {} at the end of each month",
                    c.subject.as_deref().unwrap_or(&c.id)
                ),
                &points,
            ),
        );
    }
    let handles = |list: &Option<Vec<String>>| match list {
        Some(l) if !l.is_empty() => escape(&l.join(", ")),
        Some(_) => "nobody".into(),
        None => "–".into(),
    };
    let carried = match &c.carried_by {
        Some(names) if !names.is_empty() => format!(" ({})", escape(&names.join(", "))),
        _ => String::new(),
    };
    let _ = writeln!(
        out,
        "<dl><dt>Members</dt><dd>{}</dd><dt>On {start}</dt><dd>{}</dd><dt>Joined</dt><dd>{}</dd><dt>Left</dt><dd>{}</dd><dt>First seen</dt><dd>{}</dd><dt>Last change</dt><dd>{}</dd><dt>Absence factor</dt><dd>{}{carried}</dd><dt>Commits</dt><dd>{}</dd></dl>",
        dash(c.members),
        dash(c.members_then),
        handles(&c.joined),
        handles(&c.left),
        dash(c.first_seen),
        dash(c.last_change),
        dash(c.absence_factor),
        dash(c.commits),
        start = report.window_start,
    );
    if let (Some(gather), Some(evidence)) = (&c.gather, &c.evidence) {
        out.push_str("<h3>Gather checklist</h3><ul class=\"checks\">");
        for ((_, words, ok), verdict) in gather.items().iter().zip(&evidence.gather) {
            check(out, words, *ok, verdict);
        }
        out.push_str("</ul>\n<h3>Community space</h3><ul class=\"checks\">");
        let degrees = [
            "First degree: a dedicated chat room or forum",
            "Second degree: touch-points such as a monthly round table or office hours",
            "Third degree: special community events",
        ];
        for (words, verdict) in degrees.iter().zip(&evidence.degree) {
            check(out, words, verdict.holds, verdict);
        }
        out.push_str("</ul>\n<h3>Stage</h3><ul class=\"checks\">");
        // In the order of the stage's evidence: what each stage adds to the one below.
        let stages = [
            "Liftoff: every Gather item holds",
            "Orbital flight: a year old or more",
            "Orbital flight: not stale",
            "Orbital flight: carried by two or more (absence factor or facilitators)",
            "Space station: at the third degree",
            "Space station: more members than at the window's start",
        ];
        for (words, verdict) in stages.iter().zip(&evidence.stage) {
            check(out, words, verdict.holds, verdict);
        }
        out.push_str("</ul>\n<h3>Risks</h3><ul class=\"checks\">");
        let mut any = false;
        for verdict in evidence.risks.iter().filter(|v| v.holds) {
            any = true;
            let _ = write!(
                out,
                "<li class=\"risk\">{}<small>{}</small></li>",
                escape(verdict.check),
                escape(&verdict.because)
            );
        }
        if !any {
            out.push_str("<li class=\"ok\">none</li>");
        }
        out.push_str("</ul>\n");
    }
    if let Some(next) = &c.next {
        let _ = write!(
            out,
            "<p class=\"next\"><strong>Next step:</strong> {}</p>",
            escape(next)
        );
    }
    out.push_str("</article>\n");
}

fn check(out: &mut String, words: &str, ok: bool, verdict: &Verdict) {
    let _ = write!(
        out,
        "<li class=\"{}\">{}<small>{}</small></li>",
        if ok { "ok" } else { "no" },
        escape(words),
        escape(&verdict.because)
    );
}
