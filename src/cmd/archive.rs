//! `cop archive ID`: the community ends. Its status becomes `archived`, its facilitators and
//! members (file order, each once) join `alumni`, and both lists become `[]`.

use std::process::ExitCode;

use anyhow::Result;

use super::edit::{self, Request, holds, subject};
use crate::cli::{ArchiveArgs, Global};
use crate::community::Status;
use crate::edit::community::{Op, Role};
use crate::edit::plan::Edit;
use crate::load;
use crate::refusal::Refusal;
use crate::registry::Registry;
use crate::text::handle_key;

pub fn run(args: ArchiveArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    edit::refusals(archive(&args, registry, global))
}

fn archive(args: &ArchiveArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let _lock = registry.lock()?;
    let loaded = load::load(registry)?;
    let (entry, c) = edit::community(&loaded, &args.id)?;
    if c.status() == Status::Archived {
        return Err(Refusal(format!(
            "`{}` is already archived; nothing was written",
            entry.id
        ))
        .into());
    }
    let mut ops = vec![Op::Status(Status::Archived)];
    let mut seen = std::collections::HashSet::new();
    for h in c.facilitators().iter().chain(c.members()) {
        if seen.insert(handle_key(&h.value)) && !holds(c.alumni(), &h.value) {
            ops.push(Op::Append(Role::Alumni, h.value.to_string()));
        }
    }
    ops.push(Op::Clear(Role::Facilitators));
    ops.push(Op::Clear(Role::Members));
    let request = Request {
        edits: vec![Edit {
            id: entry.id.to_string(),
            ops,
        }],
        strict: Vec::new(),
        said: vec![format!("archived `{}`", entry.id)],
        message: format!("Archive {}", subject(entry, c)),
        notes: Vec::new(),
    };
    edit::execute(
        registry,
        global,
        &args.flags,
        "cop archive",
        loaded,
        request,
    )
}
