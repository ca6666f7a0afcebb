//! The sarif format: SARIF 2.1.0 (OASIS), one run, every rule id described in
//! `tool.driver.rules`, for code-scanning uploads (GitHub, GitLab, Azure DevOps).

use serde_json::{Value, json};

use super::{Report, fingerprint};
use crate::finding::{Finding, RuleId, Severity};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub fn render(report: &Report) -> String {
    let rules: Vec<_> = RuleId::ALL
        .iter()
        .map(|rule| rule_descriptor(*rule))
        .collect();
    let results: Vec<_> = report.findings.iter().map(result).collect();
    // Notes are not findings: SARIF's place for them is the invocation's notifications.
    let notifications: Vec<_> = report
        .notes
        .iter()
        .map(|note| json!({ "level": "note", "message": { "text": note } }))
        .collect();
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "cop",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            // cop counts columns in characters, not SARIF's default UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    format!("{sarif:#}\n")
}

fn rule_descriptor(rule: RuleId) -> Value {
    let explain = crate::rules::explain::explain(rule);
    json!({
        "id": rule.as_str(),
        "name": pascal_case(rule.as_str()),
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": rule.summary() },
        // What `cop explain` prints: what it checks, why, how to fix and how to waive it.
        "help": { "text": explain, "markdown": explain },
        "defaultConfiguration": { "level": level(rule.default_severity()) },
    })
}

fn result(f: &Finding) -> Value {
    let mut region = json!({ "startLine": f.pos.line.max(1), "startColumn": f.pos.column.max(1) });
    if f.pos.len > 0 {
        region["endColumn"] = json!(f.pos.column.max(1) + f.pos.len);
    }
    json!({
        "ruleId": f.rule.as_str(),
        "ruleIndex": RuleId::ALL.iter().position(|r| *r == f.rule),
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{
            "physicalLocation": {
                // Relative to the registry root; `%SRCROOT%` is where the upload resolves it.
                "artifactLocation": { "uri": uri(&f.path), "uriBaseId": "%SRCROOT%" },
                "region": region,
            }
        }],
        "partialFingerprints": { "copFingerprint/v1": fingerprint(f) },
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Off => "none",
    }
}

/// A relative path as a URI reference: a folder that fails `invalid-id` may hold a space, `%`
/// or `#`, which a URI must percent-encode (as UTF-8 bytes).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// SARIF's `name` of a rule is an identifier: `min-members` becomes `MinMembers`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(pascal_case("min-members"), "MinMembers");
        assert_eq!(pascal_case("stale"), "Stale");
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("communities/a b/c.yaml"), "communities/a%20b/c.yaml");
        assert_eq!(uri("communities/100%#x"), "communities/100%25%23x");
        assert_eq!(uri("communities/é"), "communities/%C3%A9");
    }
}
