//! The github format: one workflow command per finding, which Actions shows as an annotation,
//! and one `::notice::` per note, so that a skipped rule is said where the run is read.

use super::Report;
use crate::finding::Severity;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in report.findings {
        let command = match f.severity {
            Severity::Warning => "warning",
            _ => "error",
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            property(&f.path),
            f.pos.line,
            f.pos.column,
            property(f.rule.as_str()),
            data(&f.message)
        ));
    }
    for note in report.notes {
        out.push_str(&format!("::notice::{}\n", data(note)));
    }
    out
}

/// Escapes a command's message, as the Actions runner's toolkit does.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value: also `:` and `,`, which separate properties.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_become_escaped_notices_after_the_findings() {
        let notes = ["50% done\nnext: line".to_string()];
        let report = Report {
            findings: &[],
            notes: &notes,
            waived: &[],
            communities: 0,
        };
        assert_eq!(render(&report), "::notice::50%25 done%0Anext: line\n");
    }

    #[test]
    fn escapes_like_the_toolkit() {
        assert_eq!(data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
