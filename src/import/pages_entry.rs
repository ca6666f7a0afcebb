//! Adding a page to `pages:` in cop.yaml in place, so that its comments and every other line
//! stay: the smallest correct append, until the shared in-place YAML editor (`src/edit/`)
//! takes it over. A shape it cannot edit safely is refused, never rewritten.

use crate::config::Config;
use crate::registry::{CONFIG_FILE, parse_config};
use crate::scaffold::Refusal;
use crate::scaffold::template::yaml_quote;

/// cop.yaml's text with `page` appended to `pages:`. The result must read back as the same
/// settings with the page added, else it is a bug in cop (an error, not a refusal).
pub fn append(source: &str, page: &str) -> anyhow::Result<String> {
    let (bom, text) = match source.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", source),
    };
    let eol = match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    };
    let value = yaml_quote(page);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let key = lines.iter().position(|line| {
        line.strip_prefix("pages")
            .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
    });
    let mut out = String::with_capacity(text.len() + value.len() + 16);
    out.push_str(bom);
    match key {
        None => {
            out.push_str(text);
            if !text.is_empty() && !text.ends_with('\n') {
                out.push_str(eol);
            }
            out.push_str(&format!("pages:{eol}  - {value}{eol}"));
        }
        Some(at) => {
            let line = lines[at];
            let after = &line[line.find(':').map_or(line.len(), |i| i + 1)..];
            let (body, _comment) = split_comment(after);
            let body = body.trim();
            let refuse = |why: &str| -> anyhow::Result<String> {
                Err(Refusal(format!(
                    "{CONFIG_FILE}:{}: `pages:` {why}, which cop cannot extend in place; add `{page}` to it by hand and run `cop import` again",
                    at + 1
                ))
                .into())
            };
            if body.starts_with(['&', '*', '!']) {
                return refuse("has an anchor, alias or tag");
            }
            if body.starts_with('[') {
                let Some(close) = after.rfind(']') else {
                    return refuse("is a flow list spread over several lines");
                };
                let inner = after[after.find('[').unwrap_or(0) + 1..close].trim();
                let start = line.len() - after.len();
                lines[..at].iter().for_each(|l| out.push_str(l));
                out.push_str(&line[..start + close]);
                if !inner.is_empty() {
                    out.push_str(", ");
                }
                out.push_str(&value);
                out.push_str(&line[start + close..]);
                lines[at + 1..].iter().for_each(|l| out.push_str(l));
            } else if body.is_empty() {
                // A block list (or nothing yet): the new item goes after the last item, in
                // the items' indentation.
                let mut last = at;
                let mut indent = "  ".to_string();
                for (i, line) in lines.iter().enumerate().skip(at + 1) {
                    let trimmed = line.trim_start_matches([' ', '\t']);
                    if trimmed.trim().is_empty() || trimmed.starts_with('#') {
                        continue;
                    }
                    if trimmed.starts_with("- ") || trimmed.trim_end() == "-" {
                        last = i;
                        indent = line[..line.len() - trimmed.len()].to_string();
                        continue;
                    }
                    if line.starts_with([' ', '\t']) {
                        return refuse("holds an item cop cannot read line by line");
                    }
                    break;
                }
                lines[..=last].iter().for_each(|l| out.push_str(l));
                if !out.ends_with('\n') {
                    out.push_str(eol);
                }
                out.push_str(&format!("{indent}- {value}{eol}"));
                lines[last + 1..].iter().for_each(|l| out.push_str(l));
            } else {
                return refuse("is not a list");
            }
        }
    }
    verify(source, &out, page)?;
    Ok(out)
}

/// A line's value and its comment (from a `#` after white space, outside quotes).
fn split_comment(text: &str) -> (&str, &str) {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if previous == ' ' || previous == '\t' => return (&text[..i], &text[i..]),
            _ => {}
        }
        previous = c;
    }
    (text, "")
}

/// The edited file must read back as the old settings with the page added.
fn verify(before: &str, after: &str, page: &str) -> anyhow::Result<()> {
    let text = |s: &str| s.strip_prefix('\u{feff}').unwrap_or(s).to_string();
    let mut wanted: Config = parse_config(&text(before))?;
    wanted.pages.push(page.to_string());
    match parse_config(&text(after)) {
        Ok(got) if got == wanted => Ok(()),
        _ => anyhow::bail!(
            "cop could not add `{page}` to `pages:` in {CONFIG_FILE} safely (a bug in cop; nothing was written); add it by hand"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(source: &str) -> String {
        append(source, "handbook/p.md").unwrap()
    }

    #[test]
    fn shapes() {
        assert_eq!(add(""), "pages:\n  - \"handbook/p.md\"\n");
        assert_eq!(add("# hi"), "# hi\npages:\n  - \"handbook/p.md\"\n");
        assert_eq!(
            add("pages: [a.md] # listed\n"),
            "pages: [a.md, \"handbook/p.md\"] # listed\n"
        );
        assert_eq!(add("pages: []\n"), "pages: [\"handbook/p.md\"]\n");
        assert_eq!(
            add("pages:   # the pages\n    - a.md  # one\n\n# end\nrules: {}\n"),
            "pages:   # the pages\n    - a.md  # one\n    - \"handbook/p.md\"\n\n# end\nrules: {}\n"
        );
        assert_eq!(
            add("\u{feff}rules:\r\n  min_members: 2\r\n"),
            "\u{feff}rules:\r\n  min_members: 2\r\npages:\r\n  - \"handbook/p.md\"\r\n"
        );
        assert_eq!(
            add("pages:\n- a.md"),
            "pages:\n- a.md\n- \"handbook/p.md\"\n"
        );
    }

    #[test]
    fn unsafe_shapes_are_refused() {
        for source in [
            "pages: &p [a.md]\n",
            "pages: [a.md,\n  b.md]\n",
            "pages: a.md\n",
        ] {
            let error = append(source, "handbook/p.md").unwrap_err();
            assert!(error.is::<Refusal>(), "{source}: {error:#}");
        }
    }
}
