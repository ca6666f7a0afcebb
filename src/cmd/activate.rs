//! `cop activate ID`: a proposed or archived community becomes active. The people given join
//! it, a missing channel and cadence are filled in as `cop new` would, and then it must pass
//! every rule of an active community, or nothing is written.

use std::process::ExitCode;

use anyhow::{Result, bail};

use super::edit::{self, Request, handle, subject};
use super::member::join_ops;
use crate::cli::{ActivateArgs, Global, MemberRole};
use crate::community::{Cadence, Community, Status};
use crate::edit::community::{self as model, Op};
use crate::edit::plan::Edit;
use crate::load;
use crate::refusal::Refusal;
use crate::registry::Registry;

pub fn run(args: ActivateArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    edit::refusals(activate(&args, registry, global))
}

fn activate(args: &ActivateArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let cadence = match args.cadence.as_deref() {
        None => None,
        Some(text) => match Cadence::parse(text) {
            Some(c) => Some(c),
            None => bail!(
                "unknown cadence `{text}` in --cadence; the cadences are: {}",
                Cadence::ALL.map(Cadence::as_str).join(", ")
            ),
        },
    };
    let _lock = registry.lock()?;
    let loaded = load::load(registry)?;
    let (entry, c) = edit::community(&loaded, &args.id)?;
    if c.status() == Status::Active {
        return Err(Refusal(format!(
            "`{}` is already active; nothing was written",
            entry.id
        ))
        .into());
    }
    let mut ops = vec![Op::Status(Status::Active)];
    // Each join is decided on the model as the ops before it left it.
    let mut now: Community = model::plain(c);
    let people = args
        .facilitators
        .iter()
        .map(|h| (h, MemberRole::Facilitator))
        .chain(args.members.iter().map(|h| (h, MemberRole::Member)));
    for (given, role) in people {
        for op in join_ops(&now, &handle(given), role) {
            model::edit_model(&mut now, &op);
            ops.push(op);
        }
    }
    match &args.channel {
        Some(channel) => ops.push(Op::Channel(channel.clone())),
        None if c.channel.is_none() => ops.push(Op::Channel(format!(
            "{}{}",
            registry.config.rules.channel_prefix, entry.id
        ))),
        None => {}
    }
    match cadence {
        Some(cadence) => ops.push(Op::Cadence(cadence)),
        None if c.cadence().is_none() => ops.push(Op::Cadence(Cadence::Monthly)),
        None => {}
    }
    let request = Request {
        edits: vec![Edit {
            id: entry.id.to_string(),
            ops,
        }],
        strict: vec![entry.id.to_string()],
        said: vec![format!("activated `{}`", entry.id)],
        message: format!("Activate {}", subject(entry, c)),
        notes: Vec::new(),
    };
    edit::execute(
        registry,
        global,
        &args.flags,
        "cop activate",
        loaded,
        request,
    )
}
