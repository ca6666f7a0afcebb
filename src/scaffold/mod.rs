//! `cop new` and `cop init` as a domain: resolve the answers, render the community from its
//! template, prove it parses back and passes the rules, plan the page updates, and only then
//! write everything in one all-or-nothing step.

pub mod answers;
pub mod id;
pub mod init;
pub mod template;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Component, Path};

use anyhow::{Context as _, Result};

use crate::check;
use crate::config::Config;
use crate::date::Date;
use crate::finding::{Finding, Severity};
use crate::load::{self, COMMUNITY_FILE, Entry, Loaded, README_FILE};
use crate::registry::Registry;
use crate::render;
use crate::write::Change;

pub use answers::Answers;
pub use template::Template;

use crate::refusal::Refusal;

/// Everything `cop new` would write, decided before anything is.
#[derive(Debug, Clone)]
pub struct Plan {
    pub id: String,
    /// `communities/<id>` relative to the registry root, with `/`.
    pub dir: String,
    /// The community's files, relative to its folder, with `/`.
    pub files: Vec<(String, String)>,
    pub pages: Vec<Change>,
    /// The findings that concern the new community, with the registry's severities.
    pub findings: Vec<Finding>,
    /// Things worth saying that do not stop it.
    pub notes: Vec<String>,
}

impl Plan {
    /// Whether a finding stops the community from being written.
    pub fn blocked(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// Every file the plan writes, relative to the registry root, with `/`.
    pub fn paths(&self) -> Vec<String> {
        self.files
            .iter()
            .map(|(name, _)| format!("{}/{name}", self.dir))
            .chain(self.pages.iter().map(|p| p.path.clone()))
            .collect()
    }
}

/// The registry's own community template (`<templates>/community/`) when it has one.
pub fn registry_template(registry: &Registry) -> Result<Option<Template>> {
    let shown = Config::below(&registry.config.templates, "community");
    crate::bounds::no_links(&registry.root, &shown)?;
    let dir = registry.path(&shown);
    match std::fs::symlink_metadata(&dir) {
        Ok(_) => Template::read_as(&dir, &shown).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read `{}`", dir.display())),
    }
}

/// Plans the new community: every check runs here, nothing is written.
pub fn plan(registry: &Registry, answers: &Answers, template: &Template) -> Result<Plan> {
    if let Some(problem) = id::problem(&answers.id) {
        return Err(Refusal(problem).into());
    }
    let communities = &registry.config.communities;
    crate::bounds::no_links(&registry.root, communities)?;
    let folder = registry.communities_dir();
    let mut loaded = load::load(registry)?;
    if let Some(existing) = id::clash(&folder, &answers.id)
        .with_context(|| format!("cannot read `{}`", folder.display()))?
    {
        return Err(Refusal(taken(registry, &loaded, &existing, answers)).into());
    }
    let Rendered { dir, files, entry } = render_community(registry, answers, &template.compile()?)?;
    loaded.insert(entry);
    let options = check::Options::on(Date::today());
    let findings: Vec<Finding> =
        check::file_rules(&registry.config, &loaded, &options, Some(&answers.id))
            .findings
            .into_iter()
            .filter(|f| f.involves(&answers.id))
            .collect();
    let mut plan = Plan {
        id: answers.id.clone(),
        dir,
        files,
        pages: Vec::new(),
        findings,
        notes: Vec::new(),
    };
    plan_pages(registry, &loaded, &options, &mut plan)?;
    plan.findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(plan)
}

/// One community rendered from the template, before its README's regions are filled.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// `communities/<id>` relative to the registry root, with `/`.
    pub dir: String,
    /// The community's files, relative to its folder, with `/`.
    pub files: Vec<(String, String)>,
    /// Its community.yaml as the loader reads it.
    pub entry: Entry,
}

/// Renders one community from the template and proves that its community.yaml reads back as
/// exactly the answers: the one path by which `cop new` and `cop import` make a community.
/// The id must be valid; whether it is free is the caller's question.
pub fn render_community(
    registry: &Registry,
    answers: &Answers,
    template: &template::Compiled,
) -> Result<Rendered> {
    if let Some(problem) = id::problem(&answers.id) {
        return Err(Refusal(problem).into());
    }
    let dir = registry.config.community_dir(&answers.id);
    let files = template.render(&context(registry, answers))?;
    let yaml = files
        .iter()
        .find(|(name, _)| name == COMMUNITY_FILE)
        .map(|(_, text)| text.clone())
        .ok_or_else(|| Refusal::new(format!("{} writes no {COMMUNITY_FILE}", template.origin)))?;
    let readme = match files.iter().any(|(name, _)| name == README_FILE) {
        true => crate::load::Readme::Present,
        false => crate::load::Readme::Absent,
    };
    let entry = Entry::parse(&answers.id, &dir, Ok(yaml), readme);
    round_trip(&entry, answers, &template.origin)?;
    Ok(Rendered { dir, files, entry })
}

/// Why the id is taken: when the community there has the same subject, the person wants to
/// join it rather than pick another id, so that is what it says.
fn taken(registry: &Registry, loaded: &Loaded, existing: &str, answers: &Answers) -> String {
    let dir = registry.config.community_dir(existing);
    let fold = crate::rules::duplicate_subject::fold;
    let subject = loaded
        .get(existing)
        .and_then(|e| e.community.as_ref())
        .and_then(|c| c.subject());
    match subject {
        Some(subject) if fold(subject) == fold(&answers.subject) => format!(
            "`{}` is already the subject of `{existing}`; to take part, add yourself to its \
             `members` in `{dir}/{COMMUNITY_FILE}`, or give the new \
             community a subject of its own",
            answers.subject
        ),
        Some(subject) => format!(
            "community `{}` already exists as `{dir}` (subject `{subject}`); \
             choose another id with --id",
            answers.id
        ),
        None => format!(
            "community `{}` already exists as `{dir}`; choose another id with --id",
            answers.id
        ),
    }
}

/// Renders every region of every page with the new community in the registry, as `cop render`
/// would right after: the new README's `about` region goes into its file, every other page
/// that changes becomes a page change. Marker and template problems of the pages, or of the new
/// community, block it; problems of other communities do not, but they keep `cop render` from
/// rendering, which a note says.
fn plan_pages(
    registry: &Registry,
    loaded: &Loaded,
    options: &check::Options,
    plan: &mut Plan,
) -> Result<()> {
    let readme = format!("{}/{README_FILE}", plan.dir);
    let mut unwritten = BTreeMap::new();
    if let Some((_, text)) = plan.files.iter().find(|(name, _)| name == README_FILE) {
        unwritten.insert(readme.clone(), text.as_bytes().to_vec());
    }
    let rendered = render::plan_with(registry, loaded, &unwritten)?;
    plan.notes.extend(rendered.notes);
    let (concerned, note) = check::plan_findings(
        rendered.findings,
        &[plan.id.as_str()],
        &registry.config,
        loaded,
        options,
    );
    plan.findings.extend(concerned.findings);
    plan.notes.extend(note);
    for change in rendered.outputs.into_iter().filter_map(|o| o.change) {
        if change.path == readme {
            let text = String::from_utf8(change.new)
                .map_err(|_| anyhow::anyhow!("the rendered `{readme}` is not UTF-8"))?;
            if let Some(file) = plan.files.iter_mut().find(|(name, _)| name == README_FILE) {
                file.1 = text;
            }
        } else {
            plan.pages.push(*change);
        }
    }
    Ok(())
}

/// What the templates see.
fn context(registry: &Registry, answers: &Answers) -> tera::Context {
    let depth = Path::new(&registry.config.communities)
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .count()
        + 1;
    let mut context = tera::Context::new();
    context.insert(
        "schema_url",
        &format!("{}community.schema.json", "../".repeat(depth)),
    );
    context.insert("subject", &answers.subject);
    context.insert("id", &answers.id);
    context.insert("status", answers.status.as_str());
    context.insert("description", &answers.description);
    context.insert("facilitators", &answers.facilitators);
    context.insert("members", &answers.members);
    context.insert("contributors", &answers.contributors);
    context.insert("channel", &answers.channel);
    context.insert("cadence", answers.cadence.as_str());
    context.insert("project", &answers.project);
    context.insert("min_members", &registry.config.rules.min_members);
    context.insert("channel_prefix", &registry.config.rules.channel_prefix);
    context
}

/// The written community.yaml must read back as exactly the answers.
fn round_trip(entry: &Entry, answers: &Answers, origin: &str) -> Result<()> {
    // Any parse-error (an unknown key, a wrong type) means the template writes a broken file.
    let (Some(community), true) = (&entry.community, entry.findings.is_empty()) else {
        let why = entry
            .findings
            .first()
            .map(|f| format!("line {}: {}", f.pos.line, f.message))
            .unwrap_or_default();
        return Err(Refusal(format!(
            "{origin} writes a {COMMUNITY_FILE} that does not parse ({why}); fix the template"
        ))
        .into());
    };
    let text = |node: &Option<crate::community::Node<crate::scalar::Text>>| {
        node.as_ref().map(|n| n.value.to_string())
    };
    let list = |items: &[crate::community::Node<crate::scalar::Text>]| -> Vec<String> {
        items.iter().map(|n| n.value.to_string()).collect()
    };
    let checks: [(&str, String, String); 9] = [
        (
            "subject",
            format!("{:?}", text(&community.subject)),
            format!("{:?}", Some(&answers.subject)),
        ),
        (
            "status",
            format!("{:?}", community.status()),
            format!("{:?}", answers.status),
        ),
        (
            "description",
            format!("{:?}", text(&community.description)),
            format!("{:?}", answers.description),
        ),
        (
            "facilitators",
            format!("{:?}", list(community.facilitators())),
            format!("{:?}", answers.facilitators),
        ),
        (
            "members",
            format!("{:?}", list(community.members())),
            format!("{:?}", answers.members),
        ),
        (
            "contributors",
            format!("{:?}", list(community.contributors())),
            format!("{:?}", answers.contributors),
        ),
        (
            "channel",
            format!("{:?}", text(&community.channel)),
            format!("{:?}", answers.channel),
        ),
        (
            "meeting.cadence",
            format!("{:?}", community.cadence().map(|c| c.value)),
            format!("{:?}", Some(answers.cadence)),
        ),
        (
            "project",
            format!("{:?}", text(&community.project)),
            format!("{:?}", answers.project),
        ),
    ];
    for (field, written, wanted) in checks {
        if written != wanted {
            return Err(Refusal(format!(
                "{origin} does not write `{field}` back as given: it reads as {written}, not {wanted}; fix the template"
            ))
            .into());
        }
    }
    Ok(())
}
