//! `cop render`'s engine: every region of every page planned in memory from the registry's
//! data, then written atomically, and only where bytes change. `cop check` uses the same plan
//! for its `marker-error` and `render-stale` rules, so the two can never disagree.

pub mod codeowners;
pub mod escape;
pub mod meeting;
pub mod regions;
pub mod templates;

use std::collections::BTreeMap;
use std::fs;

use anyhow::{Context as _, Result, bail};
use serde::Serialize;

use crate::community::{Community, Pos, Status};
use crate::finding::{Finding, RuleId};
use crate::load::{Bounds, Entry, Loaded, README_FILE};
use crate::registry::Registry;
use escape::{cell, link};
use templates::{README_REGIONS, Templates};

/// The largest page cop rewrites.
const MAX_PAGE_BYTES: u64 = 16 * 1024 * 1024;

/// One page: what it holds now and what `cop render` would make of it.
#[derive(Debug, Clone)]
pub struct Output {
    /// Relative to the registry root, with `/`.
    pub path: String,
    /// The page's bytes now; empty when the page would not change.
    pub old: Vec<u8>,
    /// The page's bytes after rendering; empty when the page would not change.
    pub new: Vec<u8>,
    /// Regions whose content would change: (name, line of the begin marker).
    pub stale: Vec<(String, u32)>,
    /// The community a README belongs to.
    pub community: Option<String>,
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
        self.outputs.iter().filter(|o| o.old != o.new)
    }
}

/// A community as templates see it: every value already escaped for a region.
#[derive(Debug, Serialize)]
struct View {
    id: String,
    subject: String,
    status: String,
    description: String,
    facilitators: Vec<String>,
    /// Facilitators first, then the other members, each once, in file order.
    members: Vec<String>,
    contributors: Vec<String>,
    alumni: Vec<String>,
    channel: String,
    /// The meeting in one sentence: "Monthly on the second Tuesday at 16:00 (Europe/Berlin),
    /// 60 minutes", its URL as a link.
    meeting: String,
    cadence: String,
    meeting_url: String,
    project: String,
    topics: Vec<String>,
    /// Newest first.
    events: Vec<meeting::EventView>,
}

impl View {
    fn new(id: &str, c: &Community) -> View {
        let text = |n: &Option<crate::community::Node<String>>| {
            n.as_ref().map_or(String::new(), |n| cell(&n.value))
        };
        let list = |items: &[crate::community::Node<String>]| {
            items.iter().map(|n| cell(&n.value)).collect::<Vec<_>>()
        };
        let members = c.core_team().into_iter().map(|h| cell(&h.value)).collect();
        let meeting = c.meeting.as_ref().map(|m| &m.value);
        View {
            id: cell(id),
            subject: text(&c.subject),
            status: c.status().to_string(),
            description: text(&c.description),
            facilitators: list(c.facilitators()),
            members,
            contributors: list(c.contributors()),
            alumni: list(c.alumni()),
            channel: text(&c.channel),
            meeting: meeting.map_or(String::new(), meeting::sentence),
            cadence: meeting
                .and_then(|m| m.cadence.as_ref())
                .map_or(String::new(), |c| c.value.to_string()),
            meeting_url: meeting
                .and_then(|m| m.url.as_ref())
                .map_or(String::new(), |u| link(&u.value)),
            project: c.project.as_ref().map_or(String::new(), |p| link(&p.value)),
            topics: Community::list(&c.topics)
                .iter()
                .map(|n| cell(&n.value))
                .collect(),
            events: meeting::events(c),
        }
    }
}

/// Every community in the handbook's order: subject lower-cased (Unicode lowercase mapping)
/// compared by code point, then id.
struct Catalogue<'a> {
    communities: Vec<(&'a str, &'a Community)>,
}

impl<'a> Catalogue<'a> {
    fn new(loaded: &'a Loaded) -> Catalogue<'a> {
        let mut keyed: Vec<(String, &str, &Community)> = loaded
            .communities()
            .map(|(e, c)| (c.subject().unwrap_or("").to_lowercase(), e.id.as_str(), c))
            .collect();
        keyed.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        Catalogue {
            communities: keyed.into_iter().map(|(_, id, c)| (id, c)).collect(),
        }
    }

    /// The lists the templates read; a list no template reads stays out (`None`), and so
    /// does every community field no template names.
    fn page_data<'t>(&self, templates: &'t Templates) -> PageData<'_, 't> {
        let pick = |list: &str, status: Option<Status>| {
            templates.page_templates_use(list).then(|| Views {
                communities: self
                    .communities
                    .iter()
                    .filter(|(_, c)| status.is_none_or(|want| c.status() == want))
                    .copied()
                    .collect(),
                templates,
            })
        };
        PageData {
            communities: pick("communities", None),
            active: pick("active", Some(Status::Active)),
            suggested: pick("suggested", Some(Status::Proposed)),
            archived: pick("archived", Some(Status::Archived)),
        }
    }
}

/// A list of communities that serializes each one's View as it goes, so that the views of a
/// whole registry never sit in memory beside the templates' copy of them; each keeps only the
/// fields the page templates name.
struct Views<'a, 't> {
    communities: Vec<(&'a str, &'a Community)>,
    templates: &'t Templates,
}

impl Serialize for Views<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.communities
                .iter()
                .map(|&(id, community)| PageView(id, community, self.templates)),
        )
    }
}

/// One community's View with only the fields the page templates name.
struct PageView<'a, 't>(&'a str, &'a Community, &'t Templates);

impl Serialize for PageView<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeMap};
        let full = serde_json::to_value(View::new(self.0, self.1)).map_err(S::Error::custom)?;
        let serde_json::Value::Object(fields) = full else {
            return Err(S::Error::custom("a community view is not a map"));
        };
        let mut map = serializer.serialize_map(None)?;
        for (name, value) in fields.iter().filter(|(n, _)| self.2.page_field_named(n)) {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// What a handbook page's templates see.
#[derive(Serialize)]
struct PageData<'a, 't> {
    #[serde(skip_serializing_if = "Option::is_none")]
    communities: Option<Views<'a, 't>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    active: Option<Views<'a, 't>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggested: Option<Views<'a, 't>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived: Option<Views<'a, 't>>,
}

/// What a README's templates see: its own community only (so that rendering 10,000 READMEs
/// does not hand each of them the whole registry).
#[derive(Serialize)]
struct ReadmeData<'a> {
    community: &'a View,
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
    let (templates, mut findings) = Templates::load(&registry.root, &registry.config.templates)?;
    let parse_errors: Vec<Finding> = loaded
        .entries
        .iter()
        .flat_map(|e| e.findings.iter().cloned())
        .collect();
    let can_render = parse_errors.is_empty() && findings.is_empty();
    findings.extend(parse_errors);

    let bounds = Bounds::new(&registry.root);
    let mut outputs = Vec::new();
    let mut notes = Vec::new();
    // Every handbook page sees the same data: convert it once, and only when there are pages.
    let page_context = match registry.config.pages.is_empty() {
        true => tera::Context::new(),
        false => templates::context(&Catalogue::new(loaded).page_data(&templates))?,
    };
    for page in &registry.config.pages {
        let known = |name: &str| templates.has(name) && !README_REGIONS.contains(&name);
        let bytes = match unwritten.get(page) {
            Some(bytes) => bytes.clone(),
            None => read_page(&bounds, page, false)?,
        };
        let rendered = render_page(
            page,
            None,
            &bytes,
            known,
            |name| templates.render(name, &page_context),
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
        let bytes = read_page(&bounds, file, false)?;
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
    // READMEs are independent of each other: render them on every core.
    let communities: Vec<(&Entry, &Community)> = loaded.communities().collect();
    let readmes = crate::parallel::map(&communities, |(entry, community)| {
        let path = format!("{}/{README_FILE}", entry.dir);
        let bytes = match unwritten.get(&path) {
            Some(bytes) => bytes.clone(),
            None if !registry.path(&path).is_file() => return Ok::<_, anyhow::Error>(None),
            None => read_page(&bounds, &path, true)?,
        };
        let view = View::new(&entry.id, community);
        let context = templates::context(&ReadmeData { community: &view })?;
        let known = |name: &str| {
            templates.has(name) && !matches!(name, "active" | "suggested" | "archived")
        };
        Ok(Some(render_page(
            &path,
            Some(&entry.id),
            &bytes,
            known,
            |name| templates.render(name, &context),
            can_render,
        )))
    });
    for readme in readmes {
        if let Some(rendered) = readme? {
            collect(rendered, &mut outputs, &mut findings);
        }
    }
    Ok(Plan {
        outputs,
        findings,
        notes,
    })
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
    if meta.len() > MAX_PAGE_BYTES {
        bail!(
            "page `{relative}` is larger than {} MiB",
            MAX_PAGE_BYTES / 1024 / 1024
        );
    }
    fs::read(&path).with_context(|| format!("cannot read page `{relative}`"))
}

/// Renders every region of one page (public for the fuzz targets). `render` gives a region's new
/// content; `can_render` is
/// false when the data is broken, in which case only the markers are checked.
pub fn render_page(
    path: &str,
    community: Option<&str>,
    bytes: &[u8],
    known: impl Fn(&str) -> bool,
    render: impl Fn(&str) -> Result<String, Box<Finding>>,
    can_render: bool,
) -> Result<Output, Vec<Finding>> {
    let marker_finding = |line: u32, message: String, source: &str| {
        Finding::new(RuleId::MarkerError, path, Pos { line, column: 1, len: 0 }, message)
            .whole_line(source)
            .maybe_community(community)
            .label("marker")
            .help("markers are `<!-- cop:begin NAME -->` and `<!-- cop:end NAME -->`, each alone on its line, in pairs")
    };
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (&bytes[..3], rest),
        None => (&bytes[..0], bytes),
    };
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            let line = body[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u32
                + 1;
            return Err(vec![marker_finding(
                line,
                "page is not valid UTF-8; cop cannot place regions in it".into(),
                "",
            )]);
        }
    };
    let regions = regions::parse(text, known).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| marker_finding(e.line, e.message, text))
            .collect::<Vec<_>>()
    })?;
    let eol = if text
        .split('\n')
        .next()
        .is_some_and(|first| first.ends_with('\r') && text.contains('\n'))
    {
        "\r\n"
    } else {
        "\n"
    };
    let mut new = Vec::with_capacity(bytes.len());
    new.extend_from_slice(bom);
    let mut stale = Vec::new();
    let mut problems = Vec::new();
    let mut last = 0;
    let count = regions.len();
    for region in regions {
        new.extend_from_slice(&text.as_bytes()[last..region.content.start]);
        let old = &text[region.content.clone()];
        let content = if can_render {
            match render(&region.name) {
                Ok(output) => lines(&output, eol),
                Err(finding) => {
                    problems.push(*finding);
                    old.to_string()
                }
            }
        } else {
            old.to_string()
        };
        if content != old {
            stale.push((region.name.clone(), region.line));
        }
        new.extend_from_slice(content.as_bytes());
        last = region.content.end;
    }
    new.extend_from_slice(&text.as_bytes()[last..]);
    if !problems.is_empty() {
        problems.dedup_by(|a, b| a.path == b.path && a.message == b.message);
        return Err(problems);
    }
    // An unchanged page keeps no bytes: with 10,000 READMEs they would double the memory.
    let (old, new) = if new == bytes {
        (Vec::new(), Vec::new())
    } else {
        (bytes.to_vec(), new)
    };
    Ok(Output {
        path: path.to_string(),
        old,
        new,
        stale,
        community: community.map(str::to_string),
        regions: count,
    })
}

/// A template's output as region content: every line ended with the page's line ending, and
/// no trailing blank lines.
fn lines(output: &str, eol: &str) -> String {
    let body = output.trim_end_matches(['\n', '\r']);
    if body.trim().is_empty() {
        return String::new();
    }
    body.lines().flat_map(|line| [line, eol]).collect()
}

/// The `marker-error` and `render-stale` findings of `cop check`: what `cop render --check`
/// would report, as findings. Parse errors are left to the loader's own findings.
pub fn page_findings(registry: &Registry, loaded: &Loaded) -> Result<Vec<Finding>> {
    Ok(page_report(registry, loaded)?.0)
}

/// `page_findings`, with the plan's notes.
pub fn page_report(registry: &Registry, loaded: &Loaded) -> Result<(Vec<Finding>, Vec<String>)> {
    let plan = plan(registry, loaded)?;
    let mut findings: Vec<Finding> = plan
        .findings
        .into_iter()
        .filter(|f| f.rule != RuleId::ParseError)
        .collect();
    for output in &plan.outputs {
        let text = String::from_utf8_lossy(&output.old);
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
    Ok((findings, plan.notes))
}

#[cfg(test)]
mod rendered;
#[cfg(test)]
mod renderers;
#[cfg(test)]
mod tests;
