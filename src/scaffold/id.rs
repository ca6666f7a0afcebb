//! Community ids for `cop new`: the default slug of a subject, and the checks an id passes
//! before it becomes a folder name (kebab-case, no Windows device name, no clash in any case).

use std::fs;
use std::path::Path;

use crate::rules::invalid_id::{MAX_ID_LEN, is_valid_id};

/// Names Windows reserves for devices, in any letter case and with any extension.
const RESERVED: &[&str] = &["con", "prn", "aux", "nul"];

/// The subject as an id: ASCII-folded, lower-cased, runs of other characters as one `-`,
/// trimmed to 63 characters without a `-` at either end.
pub fn slug(subject: &str) -> String {
    let folded = deunicode::deunicode(subject).to_lowercase();
    let mut out = String::new();
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out.truncate(MAX_ID_LEN);
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Why `id` cannot name a new community, or `None` when it can.
pub fn problem(id: &str) -> Option<String> {
    let fix = "use lowercase letters and digits joined by single `-`, at most 63 characters";
    if id.is_empty() {
        return Some(format!("the community id is empty; pass `--id ID` ({fix})"));
    }
    if !is_valid_id(id) {
        let hint = match slug(id) {
            s if s.is_empty() || s == id || is_reserved(&s) => String::new(),
            s => format!(", such as `{s}`"),
        };
        return Some(format!(
            "`{}` is not a valid community id; {fix}{hint}",
            id.escape_debug()
        ));
    }
    if is_reserved(id) {
        return Some(format!(
            "`{id}` is a device name on Windows and cannot be a folder there; choose another id"
        ));
    }
    None
}

/// Whether a lower-case file name is a Windows device name (with or without extension).
pub(super) fn is_reserved(id: &str) -> bool {
    let stem = id.split('.').next().unwrap_or(id);
    RESERVED.contains(&stem)
        || ["com", "lpt"].iter().any(|prefix| {
            stem.strip_prefix(prefix)
                .is_some_and(|n| n.len() == 1 && matches!(n.as_bytes()[0], b'1'..=b'9'))
        })
}

/// The name of an entry of `dir` that equals `id` in any letter case.
pub fn clash(dir: &Path, id: &str) -> std::io::Result<Option<String>> {
    let read = match fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    for item in read {
        let name = item?.file_name().to_string_lossy().into_owned();
        if name.to_lowercase() == id.to_lowercase() {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Infrastructure As Code"), "infrastructure-as-code");
        assert_eq!(slug("  C++ & Rust!  "), "c-rust");
        assert_eq!(slug("Café Résumé"), "cafe-resume");
        assert_eq!(slug("Ünïcödé 東京"), "unicode-dong-jing");
        assert_eq!(slug("!!!"), "");
        let long = slug(&format!("{} b", "a".repeat(62)));
        assert_eq!(long, "a".repeat(62));
        assert!(is_valid_id(&slug(&"word ".repeat(40))));
    }

    #[test]
    fn problems() {
        for id in ["", "../x", "a/b", "CON", "UPPER", ".", "..", "a--b", "-a"] {
            assert!(problem(id).is_some(), "{id}");
        }
        for id in ["con", "nul", "com1", "lpt9", "aux", "prn"] {
            assert!(problem(id).unwrap().contains("Windows"), "{id}");
        }
        for id in ["iac", "com10", "console", "lpt", "k8s"] {
            assert_eq!(problem(id), None, "{id}");
        }
        assert!(problem("UPPER").unwrap().contains("`upper`"));
    }
}
