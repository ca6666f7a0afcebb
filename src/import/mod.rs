//! `cop import` as a domain: a hand-kept handbook page (GitLab's "Communities of Practice"
//! page is the model) becomes the registry's data and regions. Its table's rows become active
//! communities and its Suggested and Archived lists proposed and archived ones, each written
//! from the community template as `cop new` writes it; the table and the lists become the
//! `active`, `suggested` and `archived` regions, and the page joins `pages:` in cop.yaml. Every
//! check runs before anything is written.

pub mod page;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::community::{Cadence, Status};
use crate::config::Config;
use crate::edit::Document;
use crate::finding::Finding;
use crate::load::{self, README_FILE};
use crate::refusal::Refusal;
use crate::registry::{CONFIG_FILE, Registry, parse_config};
use crate::render::{self, regions};
use crate::scaffold::{self, Answers, Rendered, Template, id};
use crate::write::Change;
use page::{List, Row, Table};

/// The largest page cop imports (as `cop render` rewrites).
const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// Who facilitates an imported active community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Facilitators {
    /// Nobody: the page does not say (`cop check` then reports the missing facilitators).
    #[default]
    None,
    /// The first member of the row.
    First,
}

/// Everything `cop import` would write, decided before anything is.
#[derive(Debug)]
pub struct Plan {
    /// The page, relative to the registry root, with `/`.
    pub page: String,
    /// The new communities, in the page's order, their READMEs' regions filled.
    pub communities: Vec<Rendered>,
    /// The page, the other pages whose regions change, and cop.yaml: bytes before and after.
    pub changes: Vec<Change>,
    /// Problems that block every write (a community that does not parse, a template error):
    /// the regions could not be rendered as `cop render` would.
    pub blocking: Vec<Finding>,
    /// Things worth saying that do not stop it.
    pub notes: Vec<String>,
}

impl Plan {
    /// How many communities of `status` the plan creates.
    pub fn count(&self, status: Status) -> usize {
        self.communities
            .iter()
            .filter(|c| c.entry.community.as_ref().map(|c| c.status()) == Some(status))
            .count()
    }

    /// Every file the plan writes, relative to the registry root, with `/`.
    pub fn paths(&self) -> Vec<String> {
        self.communities
            .iter()
            .flat_map(|c| c.files.iter().map(|(name, _)| format!("{}/{name}", c.dir)))
            .chain(self.changes.iter().map(|c| c.path.clone()))
            .collect()
    }
}

/// A page of `pages:` that holds a communities table and no region: the note `cop check`
/// gives, so that nobody adds markers around the table by hand and lets `cop render` empty it.
pub fn adoptable(page: &str, bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).ok()?;
    if has_markers(text) {
        return None;
    }
    let line = page::communities_table(text)?;
    Some(format!(
        "{page}:{line}: this page has a communities table but no cop regions; `cop import {page}` adopts it (its rows become communities, the table the `active` region)"
    ))
}

/// Whether the page has any cop region marker outside code fences (well-formed or not).
fn has_markers(text: &str) -> bool {
    !matches!(regions::parse(text, |_| true), Ok(found) if found.is_empty())
}

/// Plans the import of `page` (a path as the user gave it, relative to the current folder).
/// A refusal (exit 1) is a `Refusal`; a page outside the registry or unreadable is an error.
pub fn plan(registry: &Registry, page: &Path, facilitators: Facilitators) -> Result<Plan> {
    let relative = locate(registry, page)?;
    let bytes = read(registry, &relative)?;
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let Ok(text) = std::str::from_utf8(&bytes[bom..]) else {
        bail!("page `{relative}` is not valid UTF-8; cop reads Markdown pages as UTF-8 text");
    };
    not_adopted(&relative, text)?;
    let parsed = page::parse(text);
    let Some(table) = &parsed.table else {
        return Err(Refusal(format!(
            "`{relative}` has no communities table: cop import needs a table, outside code fences and not inside a list or quote, whose header has a `Subject` (or `Community`, `Name`, `Topic`) column and a `Members` column"
        ))
        .into());
    };
    let wanted = wanted(registry, table, &parsed, facilitators);
    check_ids(registry, &relative, &wanted)?;
    let created = render_communities(registry, &wanted)?;

    // The registry as it will be: the new communities loaded, the page listed (cop.yaml's
    // paths are normalised when read) and holding empty regions where its table and lists were.
    let mut loaded = load::load(registry)?;
    loaded
        .entries
        .extend(created.iter().map(|c| c.entry.clone()));
    loaded.entries.sort_by(|a, b| a.id.cmp(&b.id));
    let listed = registry.config.pages.contains(&relative);
    let mut after = registry.clone();
    if !listed {
        after.config.pages.push(relative.clone());
    }
    let mut with_regions = bytes[..bom].to_vec();
    with_regions.extend_from_slice(splice(text, &parsed).as_bytes());

    let mut plan = Plan {
        page: relative.clone(),
        communities: created,
        changes: Vec::new(),
        blocking: Vec::new(),
        notes: notes(&relative, table, &parsed),
    };
    fill_regions(&after, &loaded, bytes, with_regions, &mut plan)?;
    if !listed {
        let old = std::fs::read(registry.path(CONFIG_FILE))
            .with_context(|| format!("cannot read `{CONFIG_FILE}`"))?;
        let source = String::from_utf8(old.clone())
            .map_err(|_| anyhow::anyhow!("`{CONFIG_FILE}` is not valid UTF-8"))?;
        let new = add_page(&source, &relative)?;
        plan.changes.push(Change {
            path: CONFIG_FILE.to_string(),
            old,
            new: new.into_bytes(),
        });
    }
    Ok(plan)
}

/// A page with cop's markers was adopted already (or has broken markers): refused.
fn not_adopted(relative: &str, text: &str) -> Result<()> {
    match regions::parse(text, |_| true) {
        Err(errors) => Err(Refusal(format!(
            "`{relative}`:{}: {}; fix the markers first",
            errors[0].line, errors[0].message
        ))
        .into()),
        Ok(found) => match found.first() {
            Some(region) => Err(Refusal(format!(
                "`{relative}` already has cop regions (`{}` on line {}): it was adopted already, and `cop render` keeps it up to date; to import it again, remove its markers first",
                region.name, region.line
            ))
            .into()),
            None => Ok(()),
        },
    }
}

/// What the page holds that import leaves out.
fn notes(relative: &str, table: &Table, parsed: &page::Page) -> Vec<String> {
    let mut notes = Vec::new();
    if !table.left_out.is_empty() {
        let one = table.left_out.len() == 1;
        notes.push(format!(
            "{relative}:{}: {} {} of the table {} left out; cop import reads the subject and the members",
            table.line,
            if one { "column" } else { "columns" },
            table
                .left_out
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if one { "was" } else { "were" },
        ));
    }
    for list in [&parsed.suggested, &parsed.archived].into_iter().flatten() {
        for line in &list.trimmed {
            notes.push(format!(
                "{relative}:{line}: this item holds more than one paragraph; its first became the subject and the rest was left out"
            ));
        }
    }
    notes
}

/// Every community from the template, through the one function `cop new` uses too; the
/// template is compiled once.
fn render_communities(registry: &Registry, wanted: &[(u32, Answers)]) -> Result<Vec<Rendered>> {
    let template = scaffold::registry_template(registry)?
        .unwrap_or_else(Template::built_in)
        .compile()?;
    crate::bounds::no_links(&registry.root, &registry.config.communities)?;
    crate::parallel::map(wanted, |(_, answers)| {
        scaffold::render_community(registry, answers, &template)
    })
    .into_iter()
    .collect()
}

/// Renders every region as `cop render` would right after the import: the page (`original`,
/// and given `with_regions` empty) becomes the plan's first change, the new READMEs get their `about`
/// regions, and every other page that changes becomes a change. Findings that keep `cop
/// render` from rendering block the plan.
fn fill_regions(
    after: &Registry,
    loaded: &load::Loaded,
    original: Vec<u8>,
    with_regions: Vec<u8>,
    plan: &mut Plan,
) -> Result<()> {
    let readmes: HashMap<String, usize> = plan
        .communities
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("{}/{README_FILE}", c.dir), i))
        .collect();
    let mut unwritten = BTreeMap::new();
    unwritten.insert(plan.page.clone(), with_regions.clone());
    for (path, &i) in &readmes {
        if let Some((_, text)) = plan.communities[i]
            .files
            .iter()
            .find(|(name, _)| name == README_FILE)
        {
            unwritten.insert(path.clone(), text.as_bytes().to_vec());
        }
    }
    let rendered = render::plan_with(after, loaded, &unwritten)?;
    plan.blocking = rendered.findings;
    let mut page = with_regions;
    for change in rendered.outputs.into_iter().filter_map(|o| o.change) {
        if let Some(&i) = readmes.get(&change.path) {
            let text = String::from_utf8(change.new)
                .map_err(|_| anyhow::anyhow!("the rendered `{}` is not UTF-8", change.path))?;
            let files = &mut plan.communities[i].files;
            if let Some(file) = files.iter_mut().find(|(name, _)| name == README_FILE) {
                file.1 = text;
            }
        } else if change.path == plan.page {
            page = change.new;
        } else {
            plan.changes.push(*change);
        }
    }
    plan.changes.insert(
        0,
        Change {
            path: plan.page.clone(),
            old: original,
            new: page,
        },
    );
    Ok(())
}

/// cop.yaml's text with `page` appended to `pages:`, edited in place by the shared editor.
/// The result must read back as the same settings with the page added.
fn add_page(source: &str, page: &str) -> Result<String> {
    let mut doc = Document::parse(source);
    let text = doc
        .append_item("pages", page)
        .and_then(|_| doc.finish())
        .map_err(|r| {
            Refusal(format!(
                "{CONFIG_FILE}:{}: {}; add `{page}` to `pages:` by hand and run `cop import` again",
                r.line, r.reason
            ))
        })?;
    let read = |s: &str| parse_config(s.strip_prefix('\u{feff}').unwrap_or(s));
    let mut wanted: Config = read(source)?;
    wanted.pages.push(page.to_string());
    match read(&text) {
        Ok(got) if got == wanted => Ok(text),
        _ => bail!(
            "cop could not add `{page}` to `pages:` in {CONFIG_FILE} safely (a bug in cop; nothing was written); add it by hand"
        ),
    }
}

/// The communities the page asks for, with the line each comes from.
fn wanted(
    registry: &Registry,
    table: &Table,
    parsed: &page::Page,
    facilitators: Facilitators,
) -> Vec<(u32, Answers)> {
    let prefix = &registry.config.rules.channel_prefix;
    let answers = |row: &Row, status: Status| {
        let id = id::slug(&row.subject);
        let active = status == Status::Active;
        Answers {
            subject: row.subject.clone(),
            status,
            description: None,
            facilitators: match facilitators {
                Facilitators::First if active => row.members.iter().take(1).cloned().collect(),
                _ => Vec::new(),
            },
            members: row.members.clone(),
            contributors: Vec::new(),
            channel: active.then(|| format!("{prefix}{id}")),
            cadence: Cadence::Monthly,
            project: row.project.clone(),
            id,
        }
    };
    let lists = |list: &Option<List>, status| {
        list.iter()
            .flat_map(|l| &l.items)
            .map(|row| (row.line, answers(row, status)))
            .collect::<Vec<_>>()
    };
    table
        .rows
        .iter()
        .map(|row| (row.line, answers(row, Status::Active)))
        .chain(lists(&parsed.suggested, Status::Proposed))
        .chain(lists(&parsed.archived, Status::Archived))
        .collect()
}

/// Every row needs an id of its own that no community has yet: all problems at once.
fn check_ids(registry: &Registry, page: &str, wanted: &[(u32, Answers)]) -> Result<()> {
    let folder = registry.communities_dir();
    let existing: HashMap<String, String> = match std::fs::read_dir(&folder) {
        Ok(read) => {
            let mut names = HashMap::new();
            for item in read {
                let item = item.with_context(|| format!("cannot read `{}`", folder.display()))?;
                let name = item.file_name().to_string_lossy().into_owned();
                names.insert(name.to_lowercase(), name);
            }
            names
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", folder.display())),
    };
    let mut problems = Vec::new();
    let mut by_id: BTreeMap<&str, Vec<&(u32, Answers)>> = BTreeMap::new();
    for row in wanted {
        let (line, answers) = row;
        if answers.subject.is_empty() {
            problems.push((*line, format!("{page}:{line}: this row has no subject")));
        } else if let Some(problem) = id::problem(&answers.id) {
            problems.push((
                *line,
                format!(
                    "{page}:{line}: `{}` gives no usable id ({problem})",
                    answers.subject
                ),
            ));
        } else {
            by_id.entry(&answers.id).or_default().push(row);
        }
    }
    for (id, rows) in &by_id {
        if rows.len() > 1 {
            let lines: Vec<String> = rows.iter().map(|(line, _)| line.to_string()).collect();
            let subjects: Vec<String> = rows
                .iter()
                .map(|(_, a)| format!("`{}`", a.subject))
                .collect();
            problems.push((
                rows[0].0,
                format!(
                    "{page}: lines {} all become community `{id}` ({}); give them subjects that differ in more than case and punctuation",
                    lines.join(", "),
                    subjects.join(", ")
                ),
            ));
        }
        if let Some(name) = existing.get(&id.to_lowercase()) {
            let (line, answers) = rows[0];
            problems.push((
                *line,
                format!(
                    "{page}:{line}: `{}` becomes community `{id}`, which already exists as `{}`",
                    answers.subject,
                    registry.config.community_dir(name)
                ),
            ));
        }
    }
    problems.sort_by_key(|(line, _)| *line);
    if problems.is_empty() {
        return Ok(());
    }
    Err(Refusal(format!(
        "cannot import `{page}`; nothing was written:\n{}",
        problems
            .iter()
            .map(|(_, p)| format!("  - {p}"))
            .collect::<Vec<_>>()
            .join("\n")
    ))
    .into())
}

/// The page text with the table and lists replaced by empty regions, in the page's line ending.
fn splice(text: &str, parsed: &page::Page) -> String {
    let eol = match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
    };
    let mut spans: Vec<(&std::ops::Range<usize>, &str)> = Vec::new();
    if let Some(t) = &parsed.table {
        spans.push((&t.span, "active"));
    }
    if let Some(l) = &parsed.suggested {
        spans.push((&l.span, "suggested"));
    }
    if let Some(l) = &parsed.archived {
        spans.push((&l.span, "archived"));
    }
    spans.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(text.len() + 128);
    let mut last = 0;
    for (span, name) in spans {
        out.push_str(&text[last..span.start]);
        let ends_line = text[..span.end].ends_with('\n');
        out.push_str(&format!(
            "<!-- cop:begin {name} -->{eol}<!-- cop:end {name} -->{}",
            if ends_line { eol } else { "" }
        ));
        last = span.end;
    }
    out.push_str(&text[last..]);
    out
}

/// The page as a path relative to the registry root, with `/`; a page outside it (also through
/// a link) is an error (exit 2). A relative path is read from the current folder, or, when
/// nothing is there, from the registry root (as `-C DIR` users mean it).
fn locate(registry: &Registry, page: &Path) -> Result<String> {
    let mut absolute = std::path::absolute(page)
        .with_context(|| format!("cannot resolve `{}`", page.display()))?;
    if page.is_relative() && !absolute.exists() && registry.root.join(page).exists() {
        absolute = registry.root.join(page);
    }
    let real = absolute
        .canonicalize()
        .with_context(|| format!("cannot read page `{}`", page.display()))?;
    let root = registry
        .root
        .canonicalize()
        .with_context(|| format!("cannot resolve `{}`", registry.root.display()))?;
    let Ok(inside) = real.strip_prefix(&root) else {
        bail!(
            "page `{}` is outside the registry `{}`; cop import adopts only a page inside it (move the page there, or pass -C)",
            page.display(),
            registry.root.display()
        );
    };
    if !real.is_file() {
        bail!("page `{}` is not a file", page.display());
    }
    let relative = crate::config::normalise(&inside.to_string_lossy().replace('\\', "/"));
    if relative == CONFIG_FILE {
        bail!("`{CONFIG_FILE}` is the registry's settings, not a page");
    }
    Ok(relative)
}

fn read(registry: &Registry, relative: &str) -> Result<Vec<u8>> {
    let path = registry.path(relative);
    let meta =
        std::fs::metadata(&path).with_context(|| format!("cannot read page `{relative}`"))?;
    if meta.len() > MAX_PAGE_BYTES {
        bail!(
            "page `{relative}` is larger than {} MiB",
            MAX_PAGE_BYTES / 1024 / 1024
        );
    }
    std::fs::read(&path).with_context(|| format!("cannot read page `{relative}`"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lines(eol: &'static str) -> impl Strategy<Value = String> {
        prop::collection::vec("[a-zA-Z][a-zA-Z ,.]{0,30}", 0..4)
            .prop_map(move |ls| ls.iter().map(|l| format!("{l}{eol}")).collect())
    }

    proptest! {
        /// Whatever prose surrounds them, the table and the list are found whole, and the
        /// spliced page is the page with exactly their lines replaced by empty regions.
        #[test]
        fn every_byte_outside_the_table_and_list_stays(
            crlf in any::<bool>(),
            before in lines("\n"),
            middle in lines("\n"),
            after in lines("\n"),
            rows in prop::collection::vec(("[A-Za-z][A-Za-z ]{0,15}", "@[a-z]{1,8}"), 1..6),
            items in prop::collection::vec("[A-Za-z][A-Za-z ]{0,15}", 1..5),
            final_newline in any::<bool>(),
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            let fix = |s: &str| s.replace('\n', eol);
            let table: String = std::iter::once(format!("| Subject | Members |{eol}|---|---|{eol}"))
                .chain(rows.iter().map(|(s, m)| format!("| {s} | {m} |{eol}")))
                .collect();
            let list: String = items.iter().map(|i| format!("* {i}{eol}")).collect();
            let head = format!("{}{eol}", fix(&before));
            let between = format!("{eol}{}{eol}## Suggested{eol}{eol}", fix(&middle));
            let mut tail = format!("{eol}{}", fix(&after));
            if !final_newline {
                tail = tail.trim_end_matches(['\r', '\n']).to_string();
            }
            let text = format!("{head}{table}{between}{list}{tail}");
            let parsed = page::parse(&text);
            let found = parsed.table.as_ref().expect("the table");
            prop_assert_eq!(found.rows.len(), rows.len());
            prop_assert_eq!(&text[found.span.clone()], table.as_str());
            let suggested = parsed.suggested.as_ref().expect("the list");
            prop_assert_eq!(suggested.items.len(), items.len());
            prop_assert_eq!(&text[suggested.span.clone()], list.as_str());
            let region = |name: &str| format!("<!-- cop:begin {name} -->{eol}<!-- cop:end {name} -->{eol}");
            let spliced = splice(&text, &parsed);
            let expected = format!("{head}{}{between}{}{tail}", region("active"), region("suggested"));
            prop_assert_eq!(&spliced, &expected);
            let names: Vec<String> = regions::parse(&spliced, |_| true)
                .unwrap()
                .into_iter()
                .map(|r| r.name)
                .collect();
            prop_assert_eq!(names, ["active", "suggested"]);
        }
    }

    #[test]
    fn splice_puts_empty_regions_in_the_page_line_ending() {
        let text = "# A\r\n\r\n| Subject | Members |\r\n|-|-|\r\n| Go | @a |\r\n\r\n## Suggested\r\n\r\n* Rust";
        assert_eq!(
            splice(text, &page::parse(text)),
            "# A\r\n\r\n<!-- cop:begin active -->\r\n<!-- cop:end active -->\r\n\r\n## Suggested\r\n\r\n<!-- cop:begin suggested -->\r\n<!-- cop:end suggested -->"
        );
    }

    #[test]
    fn adoptable_pages() {
        let table = b"intro\n\n| Community | Members |\n|-|-|\n| Go | @a |\n";
        assert_eq!(
            adoptable("p.md", table).as_deref(),
            Some(
                "p.md:3: this page has a communities table but no cop regions; `cop import p.md` adopts it (its rows become communities, the table the `active` region)"
            )
        );
        let adopted =
            b"<!-- cop:begin active -->\n| Subject | Members |\n|-|-|\n<!-- cop:end active -->\n";
        assert_eq!(adoptable("p.md", adopted), None);
        assert_eq!(
            adoptable("p.md", b"| Role | Members |\n|-|-|\n| a | @b |\n"),
            None
        );
        assert_eq!(adoptable("p.md", b"\xff\xfe"), None);
    }
}
