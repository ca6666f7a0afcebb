//! The sarif format: SARIF 2.1.0, one run, every rule id described, for code-scanning uploads.

use serde_json::json;

use super::{Report, fingerprint};
use crate::finding::{RuleId, Severity};

pub fn render(report: &Report) -> String {
    let rules: Vec<_> = RuleId::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.as_str(),
                "shortDescription": { "text": rule.summary() },
                "defaultConfiguration": { "level": level(rule.default_severity()) },
            })
        })
        .collect();
    let results: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "ruleId": f.rule.as_str(),
                "ruleIndex": RuleId::ALL.iter().position(|r| *r == f.rule),
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": f.path, "uriBaseId": "%SRCROOT%" },
                        "region": { "startLine": f.pos.line, "startColumn": f.pos.column },
                    }
                }],
                "partialFingerprints": { "copFingerprint/v1": fingerprint(f) },
            })
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "cop",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }],
    });
    format!("{sarif:#}\n")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Off => "none",
    }
}
