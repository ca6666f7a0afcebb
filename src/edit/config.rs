//! cop.yaml's in-place edit: a page added to `pages:` (for `cop import`), checked as every
//! edit is, by reading the result back and comparing the whole configuration.

use super::Document;
use super::community::EditError;
use crate::registry::parse_config;

/// `text` (cop.yaml) with `page` appended to `pages:` (the key added when absent), or `None`
/// when the page is listed already.
pub fn add_page(text: &str, page: &str) -> Result<Option<String>, EditError> {
    let body = |t: &str| t.strip_prefix('\u{feff}').unwrap_or(t).to_string();
    let read = |t: &str| {
        parse_config(&body(t)).map_err(|e| EditError::Mismatch(format!("cop.yaml: {e:#}")))
    };
    let mut intended = read(text)?;
    let mut doc = Document::parse(text);
    if !doc.append_item("pages", page)? {
        return Ok(None);
    }
    let edited = doc.finish()?;
    let after = read(&edited)?;
    // The page as cop.yaml's reader normalises it.
    let normalised = read(&format!("pages: [{}]\n", super::scan::quote(page)))?.pages;
    intended.pages.extend(normalised);
    if after != intended {
        return Err(EditError::Mismatch(format!(
            "the edited cop.yaml reads as {after:?}, not as intended {intended:?}"
        )));
    }
    Ok(Some(edited))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_appended_once_and_everything_else_stays() {
        let text =
            "# settings\r\npages:\r\n  - handbook/a.md  # main\r\nrules:\r\n  min_members: 2";
        assert_eq!(
            add_page(text, "handbook/b.md").unwrap().unwrap(),
            "# settings\r\npages:\r\n  - handbook/a.md  # main\r\n  - \"handbook/b.md\"\r\nrules:\r\n  min_members: 2"
        );
        assert!(add_page(text, "handbook/a.md").unwrap().is_none());
        assert_eq!(
            add_page("", "handbook/b.md").unwrap().unwrap(),
            "pages: [\"handbook/b.md\"]\n"
        );
    }
}
