//! Printing findings: one module per output format of SPEC §4. Every format reads the same
//! ordered findings; none of them decides what is wrong.

mod github;
mod gitlab;
mod human;
mod json;
mod sarif;
pub mod table;

use std::io::{self, Write};

use anyhow::Result;

use crate::check::Waived;
use crate::cli::Format;
use crate::finding::{Finding, Severity};

/// Everything a format may print.
pub struct Report<'a> {
    pub findings: &'a [Finding],
    /// Things worth saying that are not findings (stderr in the human format).
    pub notes: &'a [String],
    /// Findings a community's waiver turned into notes.
    pub waived: &'a [Waived],
    /// How many communities were checked.
    pub communities: usize,
}

impl Report<'_> {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Prints `report` to stdout in `format`. Notes are never dropped: the formats whose stdout is
/// a file for a machine (human, gitlab, sarif) also print them on stderr, unless `quiet`; json,
/// github and sarif carry them in their own output as well. A closed pipe is not an error.
pub fn print(report: &Report, format: Format, quiet: bool) -> Result<()> {
    if !quiet && matches!(format, Format::Human | Format::Gitlab | Format::Sarif) {
        for text in report.notes {
            note(text);
        }
    }
    let text = match format {
        Format::Human => human::render(report, quiet),
        Format::Json => json::render(report),
        Format::Github => github::render(report),
        Format::Gitlab => gitlab::render(report),
        Format::Sarif => sarif::render(report),
    };
    write_stdout(&text)
}

/// Prints a note (not a finding) to stderr.
pub fn note(text: &str) {
    write_stderr(&format!("note: {text}\n"));
}

/// Writes to stdout through anstream (which drops colour where it is not wanted); a reader
/// that went away (`cop check | head -1`) ends the output quietly.
pub fn write_stdout(text: &str) -> Result<()> {
    let mut out = anstream::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Writes to stderr through anstream. Unlike `eprintln!`, it cannot panic: when stderr is
/// closed (`cop check 2>&-`) there is nobody left to tell, so the text is dropped.
pub fn write_stderr(text: &str) {
    let mut err = anstream::stderr().lock();
    let _ = err.write_all(text.as_bytes()).and_then(|()| err.flush());
}

/// A stable identity of a finding, from what identifies it (SPEC §4): the rule, the file, the
/// community, the communities it involves and the key path it is about. Never the line number
/// or the line's text (one typo under two keys is two findings), and never the figures or
/// dates of a message (a `stale` finding stays the same one from day to day): a finding that
/// names no key is told apart by its message with every digit left out.
pub fn fingerprint(finding: &Finding) -> String {
    // FNV-1a, 64 bits: stable across runs and versions, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut related = finding.related.clone();
    related.sort();
    let what = match &finding.key {
        Some(key) => format!("key {key}"),
        None => format!(
            "message {}",
            finding.message.replace(|c: char| c.is_ascii_digit(), "")
        ),
    };
    let community = finding.community.as_deref().unwrap_or("");
    for part in [
        finding.rule.as_str(),
        &finding.path,
        community,
        &related.join(" "),
        &what,
    ] {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}
