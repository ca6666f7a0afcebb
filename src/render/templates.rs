//! The region templates: built-in ones embedded from templates/regions/, overridden or added
//! by the registry's `templates/regions/NAME.md`, rendered by tera with the registry's data
//! only. Tera 2 without its `glob_fs` feature has no function that reads files or the
//! environment, so a template can reach nothing but the values cop hands it.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result};
use serde::Serialize;
use tera::Tera;

use super::view::Wanted;
use crate::community::Pos;
use crate::finding::{Finding, RuleId};

/// Built-in regions: (name, source).
const BUILT_IN: &[(&str, &str)] = &[
    ("active", include_str!("../../templates/regions/active.md")),
    (
        "suggested",
        include_str!("../../templates/regions/suggested.md"),
    ),
    (
        "archived",
        include_str!("../../templates/regions/archived.md"),
    ),
    ("about", include_str!("../../templates/regions/about.md")),
];

/// Regions that belong in a community's README.md; the others belong in handbook pages.
pub const README_REGIONS: &[&str] = &["about"];

/// The built-in regions of handbook pages, which a README cannot hold (a region a registry
/// adds may stand in either).
pub const PAGE_REGIONS: &[&str] = &["active", "suggested", "archived"];

/// The largest template cop reads.
const MAX_TEMPLATE_BYTES: u64 = 256 * 1024;

/// Every region template of a registry, compiled.
pub struct Templates {
    tera: Tera,
    /// (region name, the path findings name: relative to the registry root).
    names: Vec<(String, String)>,
    /// The community fields the handbook-page templates name somewhere, and the README
    /// templates: a field no template of the kind names is not computed for it (10,000
    /// communities' unused fields are most of a page's data). A superset of what they read,
    /// so nothing they read is ever left out.
    page_fields: Wanted,
    readme_fields: Wanted,
}

impl Templates {
    /// The built-in templates with the registry's overrides from `<templates>/regions/`.
    /// Template errors come back as findings; an unreadable folder is an error.
    pub fn load(root: &Path, templates_dir: &str) -> Result<(Templates, Vec<Finding>)> {
        let mut sources: Vec<(String, String, String)> = BUILT_IN
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    format!("templates/regions/{name}.md (built-in)"),
                    text.to_string(),
                )
            })
            .collect();
        let mut findings = Vec::new();
        let folder = root.join(templates_dir).join("regions");
        if folder.is_dir() {
            let mut files: Vec<_> = fs::read_dir(&folder)
                .with_context(|| format!("cannot read `{}`", folder.display()))?
                .filter_map(|e| e.ok())
                .collect();
            files.sort_by_key(|e| e.file_name());
            for file in files {
                let file_name = file.file_name().to_string_lossy().into_owned();
                let Some(name) = file_name.strip_suffix(".md") else {
                    continue;
                };
                let relative =
                    crate::config::Config::below(templates_dir, &format!("regions/{file_name}"));
                match read_template(&file.path(), name) {
                    Ok(text) => {
                        sources.retain(|(n, _, _)| n != name);
                        sources.push((name.to_string(), relative, text));
                    }
                    Err(message) => findings.push(template_finding(&relative, Pos::START, message)),
                }
            }
        }
        let mut tera = Tera::default();
        tera.autoescape_on(Vec::<&str>::new());
        tera.register_filter("join", join);
        let mut names = Vec::new();
        let mut page_words = HashSet::new();
        let mut readme_words = HashSet::new();
        for (name, path, text) in sources {
            let words = match README_REGIONS.contains(&name.as_str()) {
                true => &mut readme_words,
                false => &mut page_words,
            };
            words.extend(
                text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            );
            // A template that does not compile still names a known region, so its markers are
            // not reported as unknown on top of the template error.
            if let Err(e) = tera.add_raw_template(&name, &text) {
                findings.push(error_finding(&path, &e).source(&text));
            }
            names.push((name, path));
        }
        Ok((
            Templates {
                tera,
                names,
                page_fields: Wanted::of(|field| page_words.contains(field)),
                readme_fields: Wanted::of(|field| readme_words.contains(field)),
            },
            findings,
        ))
    }

    pub fn has(&self, name: &str) -> bool {
        self.names.iter().any(|(n, _)| n == name)
    }

    /// The community fields a handbook-page template may read.
    pub(crate) fn page_fields(&self) -> Wanted {
        self.page_fields
    }

    /// The community fields a README template may read.
    pub(crate) fn readme_fields(&self) -> Wanted {
        self.readme_fields
    }

    /// Whether any handbook-page template reads top-level variable `name`, so that data no
    /// template reads is not converted for them (the whole registry, several times over).
    pub fn page_templates_use(&self, variable: &str) -> bool {
        self.names
            .iter()
            .filter(|(name, _)| !README_REGIONS.contains(&name.as_str()))
            .any(|(name, _)| {
                self.tera
                    .get_template_variables(name)
                    .map_or(true, |vars| vars.contains(variable))
            })
    }

    /// Renders region `name` with `context` into `out`; a failure is a finding at the template.
    pub fn render_to(
        &self,
        name: &str,
        context: &tera::Context,
        out: &mut dyn std::io::Write,
    ) -> Result<(), Box<Finding>> {
        let path = self
            .names
            .iter()
            .find(|(n, _)| n == name)
            .map_or(name, |(_, p)| p.as_str());
        self.tera
            .render_to(name, context, out)
            .map_err(|e| Box::new(error_finding(path, &e)))
    }

    /// [`Templates::render_to`] into a string.
    #[cfg(test)]
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Box<Finding>> {
        let mut out = Vec::new();
        self.render_to(name, context, &mut out)?;
        Ok(String::from_utf8(out).expect("tera writes UTF-8"))
    }
}

/// tera's `join` filter, writing each item straight into one string: the built-in formats
/// every item into a string of its own and collects them first, and the lists of 10,000
/// READMEs and a handbook page made that a third of rendering them. The output is the
/// built-in's whenever autoescaping is off, as cop always has it (a test compares the two).
fn join(
    values: &[tera::Value],
    kwargs: tera::Kwargs,
    state: &tera::State,
) -> tera::TeraResult<tera::Value> {
    use std::fmt::Write as _;
    debug_assert!(
        !state.autoescaping_enabled(),
        "cop's join is tera's only while autoescaping is off"
    );
    let sep = kwargs.get::<tera::StringInput>("sep")?;
    let sep = sep.as_ref().map_or("", |s| s.as_str());
    let mut out = String::new();
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        match value.as_str() {
            Some(text) => out.push_str(text),
            None => {
                let _ = write!(out, "{value}");
            }
        }
    }
    Ok(tera::Value::from(out))
}

/// The data templates see, converted once for every region of a page.
pub fn context(data: &impl Serialize) -> Result<tera::Context> {
    tera::Context::from_serialize(data)
        .map_err(|e| anyhow::anyhow!("cannot hand the registry's data to the templates: {e}"))
}

/// Reads a registry template: a real file (not a link, which could lead anywhere), of a sane
/// size, in UTF-8, with a region name for a file name.
fn read_template(path: &Path, name: &str) -> Result<String, String> {
    let meta = fs::symlink_metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("a template must be a plain file, not a link or a folder".into());
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        || name.is_empty()
    {
        return Err(format!(
            "`{name}` is not a region name: use lowercase letters, digits, `-` and `_`"
        ));
    }
    if meta.len() > MAX_TEMPLATE_BYTES {
        return Err(format!(
            "template is larger than {} KiB",
            MAX_TEMPLATE_BYTES / 1024
        ));
    }
    let bytes = fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|_| "template is not valid UTF-8".to_string())
}

fn template_finding(path: &str, pos: Pos, message: String) -> Finding {
    Finding::new(
        RuleId::TemplateError,
        path,
        pos,
        format!("template error: {message}"),
    )
    .label("template error")
    .help("fix the template; the tera syntax is described at keats.github.io/tera")
}

/// A finding at the place a tera error points to, with the message of every cause.
fn error_finding(path: &str, error: &tera::Error) -> Finding {
    let (pos, message) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            let pos = Pos {
                line: u32::try_from(span.start_line).unwrap_or(u32::MAX).max(1),
                column: u32::try_from(span.start_col + 1).unwrap_or(u32::MAX),
                len: 1,
            };
            (pos, report.message().to_string())
        }
        _ => (Pos::START, error_chain(error)),
    };
    template_finding(path, pos, lowercase_first(&message))
}

/// The message of a tera error and every cause below it, without tera's `error: ` prefix.
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    let text = text.trim();
    text.strip_prefix("error: ").unwrap_or(text).to_string()
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `template` rendered by tera with its own `join` and with cop's, over the same data.
    fn both(template: &str) -> (Result<String, String>, Result<String, String>) {
        let data = serde_json::json!({
            "texts": ["@a", "b c", "", "ü\u{1F600}", "x|y"],
            "mixed": [1, -2.5, true, null, "s", ["n", 1], {"k": "v"}],
            "empty": [],
            "one": ["only"],
            "number": 7,
        });
        let context = tera::Context::from_serialize(&data).unwrap();
        let mut builtin = Tera::default();
        builtin.autoescape_on(Vec::<&str>::new());
        let mut ours = Tera::default();
        ours.autoescape_on(Vec::<&str>::new());
        ours.register_filter("join", join);
        let run = |tera: &mut Tera| {
            tera.add_raw_template("t", template)
                .map_err(|e| e.to_string())?;
            tera.render("t", &context).map_err(|e| e.to_string())
        };
        (run(&mut builtin), run(&mut ours))
    }

    #[test]
    fn every_built_in_region_belongs_to_pages_or_to_readmes() {
        let mut names: Vec<&str> = BUILT_IN.iter().map(|(name, _)| *name).collect();
        names.sort_unstable();
        let mut kinds: Vec<&str> = PAGE_REGIONS.iter().chain(README_REGIONS).copied().collect();
        kinds.sort_unstable();
        assert_eq!(names, kinds);
    }

    #[test]
    fn join_gives_what_teras_own_join_gives() {
        for template in [
            "{{ texts | join(sep=\" \") }}",
            "{{ texts | join(sep=\", \") }}",
            "{{ texts | join }}",
            "{{ mixed | join(sep=\"/\") }}",
            "{{ empty | join(sep=\" \") }}",
            "[{{ one | join(sep=\" \") }}]",
            "{{ texts | join(sep=\"\") | upper }}",
            "{% for x in [texts] %}{{ x | join(sep=\"-\") }}{% endfor %}",
        ] {
            let (builtin, ours) = both(template);
            assert_eq!(ours, builtin, "{template}");
            assert!(ours.is_ok(), "{template}: {ours:?}");
        }
        // What the built-in refuses, so does cop's.
        for template in [
            "{{ number | join(sep=\" \") }}",
            "{{ texts | join(sep=1) }}",
        ] {
            let (builtin, ours) = both(template);
            assert!(
                builtin.is_err() && ours.is_err(),
                "{template}: {builtin:?} {ours:?}"
            );
        }
    }
}
