//! The `codeowners` region (SPEC §5): in the CODEOWNERS file named by `codeowners:` in
//! cop.yaml, between `# cop:begin codeowners` and `# cop:end codeowners`, one line per
//! community with facilitators, `/path/from/the/repository/root/ @f1 @f2`, so that a change to
//! a community needs a facilitator's approval. Only valid ids and handles reach the file.

use crate::community::Pos;
use crate::finding::{Finding, RuleId};
use crate::load::Loaded;
use crate::rules::invalid_handle::is_valid_handle;
use crate::rules::invalid_id::is_valid_id;
use crate::text::handle_key;

use super::Output;

const BEGIN: &str = "# cop:begin codeowners";
const END: &str = "# cop:end codeowners";

/// The region's lines (without line endings) and a note for each community or handle left out.
/// `prefix` is the communities folder from the repository root, without slashes at the ends.
pub fn lines(loaded: &Loaded, prefix: &str) -> (Vec<String>, Vec<String>) {
    let mut out = Vec::new();
    let mut notes = Vec::new();
    for (entry, community) in loaded.communities() {
        if community.facilitators().is_empty() {
            continue;
        }
        if !is_valid_id(&entry.id) {
            notes.push(format!(
                "`{}` is left out of CODEOWNERS: its folder name is not a valid id",
                entry.dir()
            ));
            continue;
        }
        let mut seen = std::collections::HashSet::new();
        let mut handles = Vec::new();
        for handle in community.facilitators() {
            if !is_valid_handle(&handle.value) {
                notes.push(format!(
                    "facilitator {:?} of `{}` is left out of CODEOWNERS: not a valid handle",
                    handle.value, entry.id
                ));
            } else if seen.insert(handle_key(&handle.value)) {
                handles.push(handle.value.as_str());
            }
        }
        if handles.is_empty() {
            notes.push(format!(
                "`{}` is left out of CODEOWNERS: it has no facilitator with a valid handle",
                entry.id
            ));
            continue;
        }
        let path = match prefix.is_empty() {
            true => format!("/{}/", entry.id),
            false => format!("/{prefix}/{}/", entry.id),
        };
        out.push(format!("{path} {}", handles.join(" ")));
    }
    (out, notes)
}

/// Replaces the region of a CODEOWNERS file (`content` `None`: only check the markers).
pub fn render_file(
    path: &str,
    bytes: &[u8],
    content: Option<&[String]>,
) -> Result<Output, Vec<Finding>> {
    let marker = |line: usize, message: &str, text: &str| {
        let pos = Pos {
            line: line as u32 + 1,
            column: 1,
            len: 0,
        };
        Finding::new(RuleId::MarkerError, path, pos, message)
            .whole_line(text)
            .label("marker")
            .help(format!(
                "the region is `{BEGIN}` and `{END}`, each alone on its line, once"
            ))
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(vec![marker(
            0,
            "file is not valid UTF-8; cop cannot place the region in it",
            "",
        )]);
    };
    let mut begin = None;
    let mut end = None;
    let mut errors = Vec::new();
    let mut offset = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += raw.len();
        let line = raw.trim();
        if !line.starts_with("# cop:") {
            continue;
        }
        match line {
            BEGIN if begin.is_none() => begin = Some((i, offset)),
            END if begin.is_some() && end.is_none() => end = Some(start),
            BEGIN => errors.push(marker(i, "a second `codeowners` begin marker", text)),
            END if begin.is_none() => {
                errors.push(marker(i, "an end marker without a begin marker", text))
            }
            END => errors.push(marker(i, "a second `codeowners` end marker", text)),
            _ => errors.push(marker(
                i,
                "a marker cop does not know; a CODEOWNERS file holds only the `codeowners` region",
                text,
            )),
        }
    }
    if let (Some((line, _)), None) = (begin, end) {
        errors.push(marker(
            line,
            "the `codeowners` region is never closed",
            text,
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let unchanged = Output {
        path: path.to_string(),
        change: None,
        stale: Vec::new(),
        community: None,
        regions: usize::from(begin.is_some()),
    };
    let (Some((line, from)), Some(to), Some(content)) = (begin, end, content) else {
        return Ok(unchanged);
    };
    let eol = if text.split('\n').next().is_some_and(|l| l.ends_with('\r')) {
        "\r\n"
    } else {
        "\n"
    };
    let region: String = content.iter().flat_map(|l| [l.as_str(), eol]).collect();
    if text[from..to] == region {
        return Ok(unchanged);
    }
    let mut new = String::with_capacity(text.len() + region.len());
    new.push_str(&text[..from]);
    new.push_str(&region);
    new.push_str(&text[to..]);
    Ok(Output {
        path: path.to_string(),
        change: Some(Box::new(crate::write::Change {
            path: path.to_string(),
            old: bytes.to_vec(),
            new: new.into_bytes(),
        })),
        stale: vec![("codeowners".to_string(), line as u32 + 1)],
        community: None,
        regions: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_region_changes() {
        let text =
            "* @owners\r\n# cop:begin codeowners\r\nold\r\n# cop:end codeowners\r\n/docs/ @d";
        let out = render_file(
            "CODEOWNERS",
            text.as_bytes(),
            Some(&["/communities/a/ @ann".into()]),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out.change.unwrap().new).unwrap(),
            "* @owners\r\n# cop:begin codeowners\r\n/communities/a/ @ann\r\n# cop:end codeowners\r\n/docs/ @d"
        );
        let errors = render_file("CODEOWNERS", b"# cop:begin codeowners\n", Some(&[])).unwrap_err();
        assert_eq!(errors[0].message, "the `codeowners` region is never closed");
    }
}
