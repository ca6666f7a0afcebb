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
        "waived": report.waived.iter().map(|w| json!({
            "rule": w.finding.rule.as_str(),
            "message": w.finding.message,
            "path": w.finding.path,
            "line": w.finding.pos.line,
            "column": w.finding.pos.column,
            "community": w.finding.community,
            "reason": w.reason,
            "until": w.until.map(|d| d.to_string()),
        })).collect::<Vec<_>>(),
    });
    format!("{value:#}\n")
}
