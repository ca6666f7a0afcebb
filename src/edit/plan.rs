//! The plan every day-2 edit goes through (as `cop new`'s does): edit the community files in
//! memory, apply the rules that concern the edited communities before and after, re-render
//! every region, and only then write it all at once under the registry lock, show it as a
//! diff (`--dry-run`), or commit exactly those files (`--commit`).

use std::collections::{BTreeMap, HashMap};

use anyhow::{Context as _, Result, anyhow};

use super::community::{self, EditError, Op};
use crate::check::{self, Options};
use crate::date::Date;
use crate::finding::{Finding, RuleId, Severity};
use crate::git::Workspace;
use crate::git::commit::{self as git_commit, Identity};
use crate::load::{Entry, Loaded};
use crate::refusal::Refusal;
use crate::registry::Registry;
use crate::render;
use crate::write::{Batch, Change, Written};

/// The edits of one community.
#[derive(Debug, Clone)]
pub struct Edit {
    pub id: String,
    pub ops: Vec<Op>,
}

/// Everything an edit would write, decided before anything is.
#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// The findings the edit adds to the edited communities (for `strict` ones, every error
    /// too); an error among them blocks it.
    pub findings: Vec<Finding>,
    pub blocked: bool,
    pub notes: Vec<String>,
}

/// Plans `edits` over `loaded` (which it takes, to edit in place). Communities in `strict`
/// must pass every rule afterwards (`cop activate`); the others only may not get worse.
pub fn plan(
    registry: &Registry,
    mut loaded: Loaded,
    edits: &[Edit],
    strict: &[String],
) -> Result<Plan> {
    let mut plan = Plan::default();
    let mut texts = Vec::new();
    for edit in edits {
        let entry = loaded
            .get(&edit.id)
            .ok_or_else(|| anyhow!("no community `{}`; `cop list` shows them", edit.id))?;
        let Some(before) = &entry.community else {
            return Err(Refusal(format!(
                "`{}` does not parse, so cop cannot edit it; run `cop check` and fix it first",
                entry.path
            ))
            .into());
        };
        let bytes = std::fs::read(registry.path(&entry.path))
            .with_context(|| format!("cannot read `{}`", entry.path))?;
        let text =
            String::from_utf8(bytes).map_err(|_| anyhow!("`{}` is not valid UTF-8", entry.path))?;
        match community::apply(&text, before, &edit.ops) {
            Ok(Some(new)) => texts.push((edit.id.clone(), entry.path.to_string(), text, new)),
            Ok(None) => {}
            Err(EditError::Refused(r)) => {
                return Err(Refusal(format!(
                    "{}:{}: {}; nothing was written",
                    entry.path, r.line, r.reason
                ))
                .into());
            }
            Err(EditError::Mismatch(why)) => {
                return Err(anyhow!(
                    "a bug in cop: editing `{}` went wrong ({why}); nothing was written, please report it",
                    entry.path
                ));
            }
        }
    }
    if texts.is_empty() {
        return Ok(plan);
    }
    let ids: Vec<String> = texts.iter().map(|(id, ..)| id.clone()).collect();
    let config = &registry.config;
    let options = Options::on(Date::today());
    // The file rules exactly as `cop check` applies them (severities, waivers), about the
    // edited communities.
    // A cross-community finding one edited community causes is reported at it (before and
    // after alike, so that the two readings compare).
    let newcomer = (ids.len() == 1).then(|| ids[0].as_str());
    let concern = |loaded: &Loaded| -> Vec<Finding> {
        check::file_rules(config, loaded, &options, newcomer)
            .findings
            .into_iter()
            .filter(|f| ids.iter().any(|id| f.involves(id)))
            .collect()
    };
    let mut before: HashMap<(RuleId, Option<String>), usize> = HashMap::new();
    for f in concern(&loaded) {
        *before.entry((f.rule, f.community.clone())).or_default() += 1;
    }
    for (id, _, _, new) in &texts {
        let Some(old) = loaded.get(id) else {
            continue;
        };
        let dir = old.dir().to_string();
        let body = new.strip_prefix('\u{feff}').unwrap_or(new).to_string();
        loaded.insert(Entry::parse(id, &dir, Ok(body), old.readme));
    }
    let mut after = concern(&loaded);
    let mut counts: HashMap<(RuleId, Option<String>), usize> = HashMap::new();
    for f in &after {
        *counts.entry((f.rule, f.community.clone())).or_default() += 1;
    }
    let adds = |f: &Finding| {
        let key = (f.rule, f.community.clone());
        counts.get(&key).copied().unwrap_or(0) > before.get(&key).copied().unwrap_or(0)
    };
    // Only what the edit adds is reported (and, for strict communities, every error): the
    // findings that were there before are `cop check`'s to report, and never block.
    after.retain(|f| {
        let strict_here = f.community.as_ref().is_some_and(|c| strict.contains(c));
        adds(f) || (strict_here && f.severity == Severity::Error)
    });
    for f in &mut after {
        if f.severity == Severity::Error {
            plan.blocked = true;
            if f.rule == RuleId::MinMembers
                && let Some(id) = &f.community
                && !strict.contains(id)
            {
                f.help = Some(format!(
                    "this edit would leave too few members: enlist more first, set `status: proposed` until there are enough, or end the community with `cop archive {id}`"
                ));
            }
        }
    }
    plan.findings = after;
    for (_, path, old, new) in &texts {
        plan.changes.push(Change {
            path: path.clone(),
            old: old.clone().into_bytes(),
            new: new.clone().into_bytes(),
        });
    }
    plan_regions(registry, &loaded, &ids, &options, &mut plan)?;
    plan.findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Ok(plan)
}

/// Every region of every page with the edited communities, as `cop render` would write them
/// right after. Marker and template problems block; another community that does not parse
/// keeps the regions as they are, which a note says.
fn plan_regions(
    registry: &Registry,
    loaded: &Loaded,
    ids: &[String],
    options: &Options,
    plan: &mut Plan,
) -> Result<()> {
    let rendered = render::plan_with(registry, loaded, &BTreeMap::new())?;
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (concerned, note) =
        check::plan_findings(rendered.findings, &ids, &registry.config, loaded, options);
    plan.blocked |= concerned.fails(false);
    plan.findings.extend(concerned.findings);
    plan.notes.extend(note);
    plan.notes.extend(rendered.notes);
    plan.changes.extend(
        rendered
            .outputs
            .into_iter()
            .filter_map(|o| o.change.map(|c| *c)),
    );
    Ok(())
}

/// A unified diff of every file the plan would change, with git's `a/` and `b/` paths.
pub fn diff(plan: &Plan) -> String {
    plan.changes.iter().map(Change::diff).collect()
}

/// Writes every change in one all-or-nothing batch (atomic and durable, taken back when any
/// file fails).
pub fn write(registry: &Registry, plan: &mut Plan) -> Result<Written> {
    let mut batch = Batch::new(&registry.root);
    for change in &mut plan.changes {
        // The batch keeps the old bytes itself (for undo); the plan's copies can go.
        change.old = Vec::new();
        batch.put(&change.path, std::mem::take(&mut change.new));
    }
    Ok(batch.commit()?)
}

/// Checks, before anything is written, that `--commit` can commit exactly the plan's files:
/// nothing else staged, no uncommitted change of their own in the files to change.
pub fn prepare_commit(
    registry: &Registry,
    plan: &Plan,
    command: &str,
) -> Result<(Workspace, Identity)> {
    let paths: Vec<String> = plan.changes.iter().map(|c| c.path.clone()).collect();
    git_commit::prepare(
        &registry.root,
        &registry.config.communities,
        command,
        &paths,
    )
}
