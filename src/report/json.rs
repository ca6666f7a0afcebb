//! The json format: `{"findings": [...], "summary": {...}, "notes": [...]}`.

use serde_json::json;

use super::Report;
use crate::finding::Severity;

pub fn render(report: &Report) -> String {
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule.as_str(),
                "severity": f.severity.as_str(),
                "message": f.message,
                "help": f.help,
                "path": f.path,
                "line": f.pos.line,
                "column": f.pos.column,
                "community": f.community,
            })
        })
        .collect();
    let value = json!({
        "findings": findings,
        "summary": {
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "communities": report.communities,
        },
        "notes": report.notes,
    });
    format!("{value:#}\n")
}
