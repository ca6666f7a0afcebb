//! The community template of `cop new`: the built-in one (embedded from `templates/community/`)
//! or a folder that overrides it, rendered with tera into the files of the new community.

use std::fs;
use std::path::{Component, Path};

use anyhow::{Context as _, Result, bail};
use tera::{Kwargs, State, Tera, Value};

use crate::refusal::Refusal;

/// The built-in community template: file name and text.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "community.yaml",
        include_str!("../../templates/community/community.yaml"),
    ),
    (
        "README.md",
        include_str!("../../templates/community/README.md"),
    ),
];

/// Largest template file, and most files, a template folder may hold.
const MAX_FILE_BYTES: u64 = 256 * 1024;
const MAX_FILES: usize = 64;

/// A community template: every file's path (relative, with `/`) and text.
#[derive(Debug, Clone)]
pub struct Template {
    /// Where it came from, for messages: `built-in` or the folder.
    pub origin: String,
    pub files: Vec<(String, String)>,
}

impl Template {
    pub fn built_in() -> Template {
        Template {
            origin: "the built-in template".into(),
            files: BUILT_IN
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string()))
                .collect(),
        }
    }

    /// Reads every file below `dir`. A link anywhere in the folder is refused: the template
    /// decides what is written inside the registry and may not point elsewhere.
    pub fn read(dir: &Path) -> Result<Template> {
        Template::read_as(dir, &dir.display().to_string())
    }

    /// Like `read`, naming the folder `shown` in messages.
    pub fn read_as(dir: &Path, shown: &str) -> Result<Template> {
        let meta = fs::symlink_metadata(dir)
            .with_context(|| format!("cannot read template folder `{}`", dir.display()))?;
        if !meta.is_dir() {
            bail!(
                "template `{}` is not a folder; pass a folder holding community.yaml and README.md",
                dir.display()
            );
        }
        let mut files = Vec::new();
        collect(dir, "", &mut files)?;
        files.sort();
        if !files.iter().any(|(name, _)| name == "community.yaml") {
            return Err(Refusal::new(format!(
                "template folder `{}` has no community.yaml; add one (see `templates/community/` in cop's README)",
                dir.display()
            ))
            .into());
        }
        Ok(Template {
            origin: format!("template `{shown}`"),
            files,
        })
    }

    /// Renders every file with `context`. A template error names the file and the cause.
    pub fn render(&self, context: &tera::Context) -> Result<Vec<(String, String)>> {
        self.compile()?.render(context)
    }

    /// Compiles every file once, for rendering many communities (`cop import`).
    pub fn compile(&self) -> Result<Compiled> {
        let mut tera = Tera::default();
        tera.autoescape_on(Vec::<&str>::new());
        tera.register_filter("yaml", yaml_filter);
        tera.register_filter("md", md_filter);
        for (name, text) in &self.files {
            tera.add_raw_template(name, text).map_err(|e| {
                Refusal::new(format!(
                    "{} has an error in `{name}`: {}",
                    self.origin,
                    crate::render::templates::error_chain(&e)
                ))
            })?;
        }
        Ok(Compiled {
            origin: self.origin.clone(),
            names: self.files.iter().map(|(name, _)| name.clone()).collect(),
            tera,
        })
    }
}

/// A community template compiled: render it once per community.
pub struct Compiled {
    /// Where it came from, for messages.
    pub origin: String,
    names: Vec<String>,
    tera: Tera,
}

impl Compiled {
    /// Renders every file with `context`. A template error names the file and the cause.
    pub fn render(&self, context: &tera::Context) -> Result<Vec<(String, String)>> {
        self.names
            .iter()
            .map(|name| {
                let text = self.tera.render(name, context).map_err(|e| {
                    Refusal::new(format!(
                        "{} cannot render `{name}`: {}",
                        self.origin,
                        crate::render::templates::error_chain(&e)
                    ))
                })?;
                Ok((name.clone(), text))
            })
            .collect()
    }
}

fn collect(dir: &Path, prefix: &str, files: &mut Vec<(String, String)>) -> Result<()> {
    let read = fs::read_dir(dir).with_context(|| format!("cannot read `{}`", dir.display()))?;
    for item in read {
        let item = item.with_context(|| format!("cannot read `{}`", dir.display()))?;
        let path = item.path();
        let name = item.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        let kind = item
            .file_type()
            .with_context(|| format!("cannot read `{}`", path.display()))?;
        if !is_plain_name(&name) {
            return Err(Refusal::new(format!(
                "template file `{}` has a name that cannot be written on every system; rename it",
                path.display()
            ))
            .into());
        }
        if kind.is_symlink() {
            return Err(Refusal::new(format!(
                "template `{}` is a link; templates may hold only plain files and folders",
                path.display()
            ))
            .into());
        } else if kind.is_dir() {
            collect(&path, &format!("{relative}/"), files)?;
        } else {
            let len = item.metadata().map(|m| m.len()).unwrap_or(0);
            if len > MAX_FILE_BYTES {
                bail!(
                    "template file `{}` is larger than {} KiB",
                    path.display(),
                    MAX_FILE_BYTES / 1024
                );
            }
            let text = fs::read_to_string(&path).with_context(|| {
                format!(
                    "cannot read template file `{}` as UTF-8 text",
                    path.display()
                )
            })?;
            files.push((relative, text));
            if files.len() > MAX_FILES {
                bail!(
                    "template folder `{}` holds more than {MAX_FILES} files",
                    dir.display()
                );
            }
        }
    }
    Ok(())
}

/// A single normal path component that every system can hold: not empty, `.`, `..`, a
/// Windows device name, nor holding a separator.
fn is_plain_name(name: &str) -> bool {
    let mut parts = Path::new(name).components();
    matches!(parts.next(), Some(Component::Normal(_)))
        && parts.next().is_none()
        && !name.contains(['/', '\\', ':'])
        && !super::id::is_reserved(&name.to_lowercase())
}

/// `{{ value | yaml }}`: a string as a YAML double-quoted scalar, a list of strings as a flow
/// sequence of them. Nothing a user types can change the structure of the file.
fn yaml_filter(value: &Value, _: Kwargs, _: &State) -> tera::TeraResult<String> {
    if let Some(text) = value.as_str() {
        return Ok(yaml_quote(text));
    }
    if let Some(items) = value.as_array() {
        let mut quoted = Vec::with_capacity(items.len());
        for item in items {
            match item.as_str() {
                Some(text) => quoted.push(yaml_quote(text)),
                None => {
                    return Err(tera::Error::message(format!(
                        "the `yaml` filter takes strings or lists of strings, not a list holding {}",
                        item.name()
                    )));
                }
            }
        }
        return Ok(format!("[{}]", quoted.join(", ")));
    }
    Err(tera::Error::message(format!(
        "the `yaml` filter takes a string or a list of strings, not {}",
        value.name()
    )))
}

/// A YAML double-quoted scalar holding exactly `text`: quotes, backslashes, line breaks and
/// every character YAML does not allow as is are escaped.
pub fn yaml_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if !yaml_printable(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// YAML 1.2's printable characters, minus the line and paragraph separators that YAML 1.1
/// readers treat as line breaks.
fn yaml_printable(c: char) -> bool {
    matches!(c as u32,
        0x20..=0x7E | 0xA0..=0x2027 | 0x202A..=0xD7FF | 0xE000..=0xFEFE | 0xFF00..=0xFFFD
        | 0x10000..=0x10FFFF)
}

/// `{{ value | md }}`: a value as inline Markdown text, escaped as region values are (one
/// line; `\`, `|`, `&`, `<`, `>` escaped), so it cannot break a table, add HTML or forge a
/// region marker.
fn md_filter(value: &Value, _: Kwargs, _: &State) -> tera::TeraResult<String> {
    match value.as_str() {
        Some(text) => Ok(crate::render::escape::text(text)),
        None => Err(tera::Error::message(format!(
            "the `md` filter takes a string, not {}",
            value.name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_parse_back() {
        for text in [
            "a: b",
            "# not a comment",
            "\"quoted\" and 'single'",
            "line\nbreak\r\n",
            "@handle",
            "*alias",
            "&anchor",
            "tab\there",
            "back\\slash",
            "\u{7f}\u{85}\u{2028}\u{feff}é東",
            "",
            "null",
            "- item",
            "{a: 1}",
        ] {
            let source = format!("v: {}\n", yaml_quote(text));
            let map: std::collections::BTreeMap<String, String> =
                crate::yaml::parse(&source).unwrap_or_else(|e| panic!("{source}: {e:?}"));
            assert_eq!(map["v"], text, "{source}");
        }
    }

    #[test]
    fn plain_names() {
        assert!(is_plain_name("README.md"));
        assert!(!is_plain_name(".."));
        assert!(!is_plain_name("."));
        assert!(!is_plain_name(""));
        assert!(!is_plain_name("CON.md"));
        assert!(!is_plain_name("a:b"));
    }
}
