//! `cop render`'s engine: every region of every page planned in memory from the registry's
//! data, then written atomically, and only where bytes change. `cop check` uses the same plan
//! for its `marker-error` and `render-stale` rules, so the two can never disagree.

pub mod codeowners;
pub mod escape;
pub mod meeting;
mod page;
pub mod regions;
pub mod templates;
mod view;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::bounds::Bounds;
use crate::community::{Community, Pos};
use crate::finding::{Finding, RuleId};
use crate::load::{Entry, Loaded, README_FILE, Readme};
use crate::registry::Registry;
use crate::write::Change;
pub use page::render_page;
use templates::{PAGE_REGIONS, README_REGIONS, Templates};
use view::{Catalogue, ReadmeData, View};

/// The largest page cop rewrites.
const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// One page: what it holds now and what `cop render` would make of it.
#[derive(Debug, Clone)]
pub struct Output {
    /// Relative to the registry root, with `/`.
    pub path: String,
    /// Its bytes before and after, when rendering changes them (an unchanged page keeps no
    /// bytes: with 10,000 READMEs they would double the memory).
    pub change: Option<Box<Change>>,
    /// Regions whose content would change: (name, line of the begin marker).
    pub stale: Vec<(String, u32)>,
    /// The community a README belongs to.
    pub community: Option<crate::scalar::Text>,
    /// How many regions the page holds.
    pub regions: usize,
}

/// Everything `cop render` would do, decided before any byte is written.
#[derive(Debug, Default)]
pub struct Plan {
    pub outputs: Vec<Output>,
    /// Problems that block every write: parse errors, marker errors, template errors.
    pub findings: Vec<Finding>,
    /// Things worth saying that are not findings: a listed page without any region, a
    /// community left out of CODEOWNERS.
    pub notes: Vec<String>,
}

impl Plan {
    /// The pages whose bytes would change.
    pub fn changed(&self) -> impl Iterator<Item = &Output> {
        self.outputs.iter().filter(|o| o.change.is_some())
    }
}

/// Plans every region of every page of the registry.
pub fn plan(registry: &Registry, loaded: &Loaded) -> Result<Plan> {
    plan_with(registry, loaded, &BTreeMap::new())
}

/// Like `plan`, with pages not yet on disk given in memory by their path relative to the
/// registry root (`cop new` plans the README it is about to write, `cop import` the page).
pub fn plan_with(
    registry: &Registry,
    loaded: &Loaded,
    unwritten: &BTreeMap<String, Vec<u8>>,
) -> Result<Plan> {
    plan_beside(registry, loaded, unwritten, Readmes::All, || ()).map(|(plan, ())| plan)
}

/// Which README outputs a plan keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Readmes {
    /// Every one (`cop render` counts them and cleans up beside each).
    All,
    /// Only those with a stale region: all that `cop check` reports (10,000 up-to-date READMEs
    /// kept nothing it reads, and were the last of its memory to peak).
    Stale,
}

/// Like `plan_with`, running `beside` on this thread once the handbook pages are done, while
/// the READMEs render on the others: so that its memory and the whole registry's template
/// data never peak together, and on this thread, whose allocator holds the memory the page's
/// data let go (another thread's arena could not reuse it: 4 MiB more at 10,000 communities).
/// `cop check` runs the file rules there.
fn plan_beside<T>(
    registry: &Registry,
    loaded: &Loaded,
    unwritten: &BTreeMap<String, Vec<u8>>,
    keep: Readmes,
    beside: impl FnOnce() -> T,
) -> Result<(Plan, T)> {
    let (templates, mut findings) = Templates::load(&registry.root, &registry.config.templates)?;
    let parse_errors: Vec<Finding> = loaded
        .entries
        .iter()
        .flat_map(|e| e.findings.iter().cloned())
        .collect();
    let can_render = parse_errors.is_empty() && findings.is_empty();
    findings.extend(parse_errors);

    let cx = Pages {
        registry,
        loaded,
        unwritten,
        templates: &templates,
        bounds: Bounds::new(&registry.root),
        can_render,
    };
    // The handbook pages and CODEOWNERS, then `beside`, on this thread; the READMEs, which
    // are independent of each other, on the others at the same time.
    let mut communities: Vec<(&Entry, &Community)> = Vec::with_capacity(loaded.entries.len());
    communities.extend(loaded.communities());
    let (readmes, (shared, beside)) = crate::parallel::join(
        || {
            crate::parallel::filter_map(&communities, |(entry, community)| {
                readme(&cx, entry, community, keep).transpose()
            })
        },
        // The whole registry's page data is gone before `beside` runs, which reuses its memory.
        || (shared_pages(&cx), beside()),
    );
    let (mut outputs, page_findings, notes) = shared?;
    findings.extend(page_findings);
    // Sized once: grown by doubling, the vector of 40,000 README outputs had room for 65,536
    // (and held both buffers while it grew) at the end, when memory peaks.
    outputs.reserve_exact(readmes.len());
    for readme in readmes {
        collect(readme?, &mut outputs, &mut findings);
    }
    let plan = Plan {
        outputs,
        findings,
        notes,
    };
    Ok((plan, beside))
}

/// What rendering each page of a plan needs.
struct Pages<'a> {
    registry: &'a Registry,
    loaded: &'a Loaded,
    unwritten: &'a BTreeMap<String, Vec<u8>>,
    templates: &'a Templates,
    bounds: Bounds,
    /// False when the data is broken: only the markers are checked.
    can_render: bool,
}

/// The handbook pages and CODEOWNERS: their outputs, findings and notes.
fn shared_pages(cx: &Pages) -> Result<(Vec<Output>, Vec<Finding>, Vec<String>)> {
    let Pages {
        registry,
        loaded,
        unwritten,
        templates,
        ref bounds,
        can_render,
    } = *cx;
    let mut outputs = Vec::new();
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    // Every handbook page sees the same data: convert it once, and only when there are pages.
    let page_context = match registry.config.pages.is_empty() {
        true => tera::Context::new(),
        false => templates::context(&Catalogue::new(loaded).page_data(templates))?,
    };
    for page in &registry.config.pages {
        let known = |name: &str| templates.has(name) && !README_REGIONS.contains(&name);
        let bytes = match unwritten.get(page) {
            Some(bytes) => bytes.clone(),
            None => read_page(bounds, page, false)?,
        };
        let rendered = render_page(
            page,
            None,
            &bytes,
            known,
            |name, out| templates.render_to(name, &page_context, out),
            can_render,
        );
        if let Ok(output) = &rendered
            && output.regions == 0
        {
            // A hand-kept communities table is adopted by `cop import`, not by markers added
            // around it (which `cop render` would empty while the registry is).
            notes.push(
                crate::import::adoptable(page, &bytes).unwrap_or_else(|| no_region_note(page)),
            );
        }
        collect(rendered, &mut outputs, &mut findings);
    }
    if let Some(file) = &registry.config.codeowners {
        let bytes = read_page(bounds, file, false)?;
        let content = can_render.then(|| codeowners::lines(loaded, &codeowners_prefix(registry)));
        if let Some((_, left_out)) = &content {
            notes.extend(left_out.iter().cloned());
        }
        let lines = content.as_ref().map(|(lines, _)| lines.as_slice());
        collect(
            codeowners::render_file(file, &bytes, lines),
            &mut outputs,
            &mut findings,
        );
    }
    Ok((outputs, findings, notes))
}

/// One community's README, `None` when it has none (or `keep` leaves it out).
fn readme(
    cx: &Pages,
    entry: &Entry,
    community: &Community,
    keep: Readmes,
) -> Result<Option<Result<Output, Vec<Finding>>>> {
    let Pages {
        unwritten,
        templates,
        ref bounds,
        can_render,
        ..
    } = *cx;
    let path = format!("{}/{README_FILE}", entry.dir());
    let bytes = match unwritten.get(&path) {
        Some(bytes) => bytes.clone(),
        None => match read_readme(bounds, &path, entry.readme)? {
            Some(bytes) => bytes,
            None => return Ok(None),
        },
    };
    let view = View::only(&entry.id, community, templates.readme_fields());
    let context = templates::context(&ReadmeData { community: &view })?;
    let known = |name: &str| templates.has(name) && !PAGE_REGIONS.contains(&name);
    let rendered = render_page(
        &path,
        Some(&entry.id),
        &bytes,
        known,
        |name, out| templates.render_to(name, &context, out),
        can_render,
    );
    let wanted = match (&rendered, keep) {
        (Ok(output), Readmes::Stale) => !output.stale.is_empty(),
        _ => true,
    };
    Ok(wanted.then_some(rendered))
}

/// The communities folder from the repository root (from the registry root without git),
/// without slashes at either end.
fn codeowners_prefix(registry: &Registry) -> String {
    let repo = crate::git::commit::repository_prefix(&registry.root).unwrap_or_default();
    repo.split('/')
        .chain(registry.config.communities.split('/'))
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// A page listed in `pages:` is one whose tables cop is expected to own; one without any
/// region passes every check while cop keeps nothing in it, so it is said.
fn no_region_note(page: &str) -> String {
    format!(
        "page `{page}` is listed in `pages:` but has no cop region, so cop keeps nothing in it; \
         put `<!-- cop:begin active -->` and `<!-- cop:end active -->` where its table goes, \
         or remove it from `pages:` in cop.yaml"
    )
}

fn collect(
    result: Result<Output, Vec<Finding>>,
    outputs: &mut Vec<Output>,
    findings: &mut Vec<Finding>,
) {
    match result {
        Ok(output) => outputs.push(output),
        Err(problems) => findings.extend(problems),
    }
}

/// Reads a page inside the registry; a page that is missing, too large or a link out of the
/// registry stops cop (exit 2).
fn read_page(bounds: &Bounds, relative: &str, in_community: bool) -> Result<Vec<u8>> {
    let path = bounds.root.join(relative);
    // A README's folder was checked when the community was loaded; a listed page may sit
    // behind any linked folder.
    let outside = match in_community {
        true => bounds.link_outside(&path),
        false => bounds.outside(&path),
    };
    if let Some(outside) = outside {
        bail!(
            "page `{relative}` links to `{outside}`, outside the registry; cop writes only inside it"
        );
    }
    let meta = fs::metadata(&path)
        .with_context(|| format!("cannot read page `{relative}` listed in cop.yaml"))?;
    read_sized(&path, relative, meta.len())
}

/// A community's README.md, `None` when there is no file there: read by the size the loader
/// saw for a plain file, else after one `lstat` (10,000 READMEs are read on every check).
fn read_readme(bounds: &Bounds, relative: &str, readme: Readme) -> Result<Option<Vec<u8>>> {
    let path = bounds.root.join(relative);
    let readme = match readme {
        Readme::File(_) => readme,
        _ => Readme::at(&path),
    };
    let size = match readme {
        Readme::File(size) => u64::from(size),
        Readme::Present => return read_page(bounds, relative, true).map(Some),
        Readme::Absent => return Ok(None),
    };
    match crate::file::read(&path, size, MAX_PAGE_BYTES) {
        Ok(bytes) => sized(bytes, relative).map(Some),
        // Gone since it was seen: as if it had not been there.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read page `{relative}`")),
    }
}

/// Reads the file at `path`, of `size` bytes when it was seen, unless it is too large (read no
/// further than one byte beyond the limit: the file may have grown since).
fn read_sized(path: &Path, relative: &str, size: u64) -> Result<Vec<u8>> {
    let bytes = crate::file::read(path, size, MAX_PAGE_BYTES)
        .with_context(|| format!("cannot read page `{relative}`"))?;
    sized(bytes, relative)
}

/// `bytes` of page `relative`, unless there are more than a page may have.
fn sized(bytes: Vec<u8>, relative: &str) -> Result<Vec<u8>> {
    if bytes.len() as u64 > MAX_PAGE_BYTES {
        bail!(
            "page `{relative}` is larger than {} MiB",
            MAX_PAGE_BYTES / 1024 / 1024
        );
    }
    Ok(bytes)
}

/// The page findings of `cop check` (`marker-error`, `template-error`, `render-stale`: what
/// `cop render --check` would report, as findings) and the plan's notes. Parse errors are left
/// to the loader's own findings.
///
/// `beside` runs while the READMEs render on the other cores (see `plan_beside`).
pub fn page_report<T>(
    registry: &Registry,
    loaded: &Loaded,
    beside: impl FnOnce() -> T,
) -> Result<(Vec<Finding>, Vec<String>, T)> {
    let (plan, beside) = plan_beside(registry, loaded, &BTreeMap::new(), Readmes::Stale, beside)?;
    let mut findings: Vec<Finding> = plan
        .findings
        .into_iter()
        .filter(|f| f.rule != RuleId::ParseError)
        .collect();
    for output in &plan.outputs {
        let text = output
            .change
            .as_ref()
            .map_or_else(Default::default, |c| String::from_utf8_lossy(&c.old));
        for (name, line) in &output.stale {
            let finding = Finding::new(
                RuleId::RenderStale,
                &output.path,
                Pos {
                    line: *line,
                    column: 1,
                    len: 0,
                },
                format!("region `{name}` differs from what `cop render` would write"),
            )
            .whole_line(&text)
            .maybe_community(output.community.as_deref())
            .label("stale region")
            .help("run `cop render` and commit the result");
            findings.push(finding);
        }
    }
    Ok((findings, plan.notes, beside))
}

#[cfg(test)]
mod rendered;
#[cfg(test)]
mod renderers;
#[cfg(test)]
mod tests;
