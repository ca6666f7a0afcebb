//! The gitlab format: a Code Quality report (a JSON array), whose fingerprints stay the same
//! when unrelated lines move.

use serde_json::json;

use super::{Report, fingerprint};
use crate::finding::Severity;

pub fn render(report: &Report) -> String {
    let issues: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "description": f.message,
                "check_name": f.rule.as_str(),
                "fingerprint": fingerprint(f),
                "severity": match f.severity {
                    Severity::Warning => "minor",
                    _ => "major",
                },
                "location": {
                    "path": f.path,
                    "lines": { "begin": f.pos.line },
                },
            })
        })
        .collect();
    format!("{:#}\n", serde_json::Value::Array(issues))
}
