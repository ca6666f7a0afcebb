//! `cop person HANDLE`: every community a person is in, with their roles, and how many active
//! communities that is against `max_communities_per_person`. In none: exit 1, as grep.

use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use super::edit::handle;
use crate::cli::{PersonArgs, PersonFormat};
use crate::load;
use crate::people::{self, Person, hours};
use crate::registry::Registry;
use crate::report::table::{clean, columns};
use crate::report::{note, write_stderr, write_stdout};
use crate::text::handle_key;

pub fn run(args: PersonArgs, registry: &Registry) -> Result<ExitCode> {
    let loaded = load::load(registry)?;
    for entry in loaded.entries.iter().filter(|e| e.community.is_none()) {
        note(&format!(
            "`{}` does not parse, so it was not searched; run `cop check`",
            entry.path
        ));
    }
    let wanted = handle(&args.handle);
    let key = handle_key(&wanted);
    let Some(person) = people::people(&loaded)
        .into_iter()
        .find(|p| handle_key(&p.handle) == key)
    else {
        write_stderr(&format!("`{wanted}` is in no community\n"));
        return Ok(ExitCode::from(1));
    };
    let config = &registry.config;
    let text = match args.format {
        PersonFormat::Human => human(&person, config.rules.max_communities_per_person as usize),
        PersonFormat::Json => {
            let communities: Vec<_> = person
                .communities
                .iter()
                .map(|m| {
                    json!({
                        "id": m.id,
                        "subject": m.subject,
                        "status": m.status.as_str(),
                        "roles": m.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let value = json!({
                "handle": person.handle,
                "communities": communities,
                "active": person.active(),
                "overcommitted": person.overcommitted(config),
            });
            format!("{value:#}\n")
        }
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn human(person: &Person, max: usize) -> String {
    let header = ["ID", "SUBJECT", "STATUS", "ROLES"];
    let rows: Vec<[String; 4]> = person
        .communities
        .iter()
        .map(|m| {
            let roles: Vec<&str> = m.roles.iter().map(|r| r.as_str()).collect();
            [
                clean(&m.id),
                clean(&m.subject),
                m.status.as_str().to_string(),
                roles.join(", "),
            ]
        })
        .collect();
    let mut out = columns(&header, &rows, anstyle::Style::new().bold());
    let active = person.active();
    let over = if active > max { ": overcommitted" } else { "" };
    out.push_str(&format!(
        "{}: {active} active {} as member or facilitator, at most {max}{over}; about {} at 3-5 hours each\n",
        clean(&person.handle),
        if active == 1 { "community" } else { "communities" },
        hours(active)
    ));
    out
}
