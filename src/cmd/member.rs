//! `cop member add|remove`: who is in a community, as SPEC §7 says. The decisions (who moves
//! from which list to which) are made here on the model; the edit plan makes them in place.

use std::process::ExitCode;

use anyhow::Result;

use super::edit::{self, Request, handle, holds, subject};
use crate::cli::{Global, MemberAddArgs, MemberCommand, MemberRemoveArgs, MemberRole};
use crate::community::Community;
use crate::edit::community::{Op, Role};
use crate::edit::plan::Edit;
use crate::load;
use crate::refusal::Refusal;
use crate::registry::Registry;
use crate::text::handle_key;

pub fn run(command: MemberCommand, registry: &Registry, global: &Global) -> Result<ExitCode> {
    edit::refusals(match command {
        MemberCommand::Add(args) => add(&args, registry, global),
        MemberCommand::Remove(args) => remove(&args, registry, global),
    })
}

fn role_word(role: MemberRole) -> &'static str {
    match role {
        MemberRole::Member => "member",
        MemberRole::Facilitator => "facilitator",
        MemberRole::Contributor => "contributor",
    }
}

/// The ops that give `h` the list `role`, leaving the lists it replaces.
pub fn join_ops(c: &Community, h: &str, role: MemberRole) -> Vec<Op> {
    let mut ops = Vec::new();
    match role {
        MemberRole::Facilitator => {
            ops.push(Op::Add(Role::Facilitators, h.to_string()));
            if !holds(c.members(), h) {
                ops.push(Op::Add(Role::Members, h.to_string()));
            }
        }
        MemberRole::Member => ops.push(Op::Add(Role::Members, h.to_string())),
        MemberRole::Contributor => ops.push(Op::Add(Role::Contributors, h.to_string())),
    }
    if role != MemberRole::Contributor && holds(c.contributors(), h) {
        ops.push(Op::Remove(Role::Contributors, h.to_string()));
    }
    if holds(c.alumni(), h) {
        ops.push(Op::Remove(Role::Alumni, h.to_string()));
    }
    ops
}

fn add(args: &MemberAddArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let _lock = registry.lock()?;
    let loaded = load::load(registry)?;
    let (entry, c) = edit::community(&loaded, &args.id)?;
    let word = role_word(args.role);
    let mut ops = Vec::new();
    let mut said = Vec::new();
    let mut added = Vec::new();
    for given in &args.handles {
        let h = handle(given);
        let list = match args.role {
            MemberRole::Member => c.members(),
            MemberRole::Facilitator => c.facilitators(),
            MemberRole::Contributor => c.contributors(),
        };
        if holds(list, &h)
            || added
                .iter()
                .any(|a: &String| a.to_lowercase() == h.to_lowercase())
        {
            said.push(format!("`{h}` is already a {word} of `{}`", entry.id));
            continue;
        }
        ops.extend(join_ops(c, &h, args.role));
        said.push(format!("added `{h}` to `{}` as a {word}", entry.id));
        added.push(h);
    }
    let role = match args.role {
        MemberRole::Member => String::new(),
        other => format!(" as {}", role_word(other)),
    };
    let request = Request {
        edits: vec![Edit {
            id: entry.id.to_string(),
            ops,
        }],
        strict: Vec::new(),
        said,
        message: format!("Add {} to {}{role}", added.join(", "), subject(entry, c)),
        notes: Vec::new(),
    };
    edit::execute(
        registry,
        global,
        &args.flags,
        "cop member add",
        loaded,
        request,
    )
}

/// The ops that take `h` out of `c` as `role` asks (`None`: every role), or `None` when `h`
/// has none of the roles asked.
fn leave_ops(c: &Community, h: &str, role: Option<MemberRole>, forget: bool) -> Option<Vec<Op>> {
    let (f, m, k, a) = (
        holds(c.facilitators(), h),
        holds(c.members(), h),
        holds(c.contributors(), h),
        holds(c.alumni(), h),
    );
    let op = |role: Role| Op::Remove(role, h.to_string());
    let mut ops = Vec::new();
    match role {
        Some(MemberRole::Facilitator) => {
            if !f {
                return None;
            }
            ops.push(op(Role::Facilitators));
        }
        Some(MemberRole::Contributor) => {
            if !k {
                return None;
            }
            ops.push(op(Role::Contributors));
        }
        Some(MemberRole::Member) | None => {
            let contributors = role.is_none() && k;
            if !(f || m || contributors || (forget && a && role.is_none())) {
                return None;
            }
            ops.push(op(Role::Facilitators));
            ops.push(op(Role::Members));
            if role.is_none() {
                ops.push(op(Role::Contributors));
            }
            if forget {
                ops.push(op(Role::Alumni));
            } else if (f || m) && !a {
                // As the file writes it, not as it was typed.
                let key = handle_key(h);
                let written = c
                    .facilitators()
                    .iter()
                    .chain(c.members())
                    .find(|x| handle_key(&x.value) == key)
                    .map_or(h, |x| x.value.as_str());
                ops.push(Op::Append(Role::Alumni, written.to_string()));
            }
        }
    }
    Some(ops)
}

fn remove(args: &MemberRemoveArgs, registry: &Registry, global: &Global) -> Result<ExitCode> {
    let _lock = registry.lock()?;
    let loaded = load::load(registry)?;
    let (ids, handles): (Vec<String>, Vec<String>) = if args.everywhere {
        (Vec::new(), args.args.iter().map(|h| handle(h)).collect())
    } else {
        let Some((id, rest)) = args.args.split_first().filter(|(_, rest)| !rest.is_empty()) else {
            anyhow::bail!(
                "name the community and at least one handle: `cop member remove ID HANDLE...` (or `--everywhere HANDLE...`)"
            );
        };
        edit::community(&loaded, id)?;
        (vec![id.clone()], rest.iter().map(|h| handle(h)).collect())
    };
    let mut edits = Vec::new();
    let mut said = Vec::new();
    let mut notes = Vec::new();
    let mut subjects = Vec::new();
    for h in &handles {
        let mut found = false;
        for (entry, c) in loaded.communities() {
            if !args.everywhere && !ids.iter().any(|id| *id == entry.id) {
                continue;
            }
            let Some(ops) = leave_ops(c, h, args.role, args.forget) else {
                continue;
            };
            found = true;
            let what = match args.role {
                Some(MemberRole::Facilitator) => "stepped down as facilitator of",
                Some(MemberRole::Contributor) => "removed as contributor from",
                _ => "removed from",
            };
            said.push(format!("`{h}` {what} `{}`", entry.id));
            if !subjects.contains(&subject(entry, c).to_string()) {
                subjects.push(subject(entry, c).to_string());
            }
            match edits.iter_mut().find(|e: &&mut Edit| e.id == entry.id) {
                Some(edit) => edit.ops.extend(ops),
                None => edits.push(Edit {
                    id: entry.id.to_string(),
                    ops,
                }),
            }
        }
        if !found {
            let place = match args.everywhere {
                true => "any community".to_string(),
                false => format!("`{}`", ids[0]),
            };
            let role = match args.role {
                Some(role) => format!(" as a {}", role_word(role)),
                None => String::new(),
            };
            return Err(Refusal(format!(
                "`{h}` is not in {place}{role}; nothing was written"
            ))
            .into());
        }
    }
    if args.everywhere {
        for entry in loaded.entries.iter().filter(|e| e.community.is_none()) {
            notes.push(format!(
                "`{}` does not parse, so it was not searched; run `cop check`",
                entry.path
            ));
        }
    }
    let from = match args.everywhere {
        true => "every community".to_string(),
        false => subjects.join(", "),
    };
    let verb = match args.role {
        Some(MemberRole::Facilitator) => "Step down",
        _ => "Remove",
    };
    let message = match args.role {
        Some(MemberRole::Facilitator) => {
            format!("{} steps down as facilitator of {from}", handles.join(", "))
        }
        _ => format!("{verb} {} from {from}", handles.join(", ")),
    };
    let request = Request {
        edits,
        strict: Vec::new(),
        said,
        message,
        notes,
    };
    edit::execute(
        registry,
        global,
        &args.flags,
        "cop member remove",
        loaded,
        request,
    )
}
