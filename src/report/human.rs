//! The human format: compiler-style blocks with the offending line, a caret under the key or
//! item, and a `help:` line; then a summary.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::Report;
use crate::finding::{Finding, Severity};
use crate::text;

pub fn render(report: &Report, quiet: bool) -> String {
    let renderer = Renderer::styled();
    let mut out = String::new();
    for finding in report.findings {
        out.push_str(&renderer.render(&[group(finding)]));
        out.push_str("\n\n");
    }
    if !quiet {
        out.push_str(&summary(report));
        out.push('\n');
    }
    out
}

fn group(finding: &Finding) -> Group<'_> {
    let level = match finding.severity {
        Severity::Warning => Level::WARNING,
        _ => Level::ERROR,
    };
    let title = level
        .primary_title(&finding.message)
        .id(finding.rule.as_str());
    let pos = finding.pos;
    let located = match &finding.source_line {
        Some(line) => {
            let start = byte_index(line, pos.column.saturating_sub(1) as usize);
            let end = byte_index(
                line,
                (pos.column.saturating_sub(1) + pos.len.max(1)) as usize,
            );
            title.element(
                Snippet::source(line.as_str())
                    .line_start(pos.line as usize)
                    .path(finding.path.as_str())
                    .annotation(
                        AnnotationKind::Primary
                            .span(start..end.max(start))
                            .label(finding.label.as_str()),
                    ),
            )
        }
        None if finding.whole_path => title.element(Origin::path(finding.path.as_str())),
        None => title.element(
            Origin::path(finding.path.as_str())
                .line(pos.line as usize)
                .char_column(pos.column as usize),
        ),
    };
    match &finding.help {
        Some(help) => located.element(Level::HELP.message(help.as_str())),
        None => located,
    }
}

/// The byte index of the `chars`-th character of `line`, or its end.
fn byte_index(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| i)
}

fn summary(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let checked = text::count(report.communities, "community");
    if errors + warnings == 0 {
        return format!("ok: {checked} checked, no findings");
    }
    format!(
        "{}, {} in {checked}",
        text::count(errors, "error"),
        text::count(warnings, "warning")
    )
}
