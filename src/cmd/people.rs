//! `cop people`: one row per distinct person with the communities they take part in, and who
//! is overcommitted, as a table, JSON or CSV (RFC 4180).

use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::cli::{PeopleArgs, PeopleFormat};
use crate::load;
use crate::people::{self, Membership, Person, Role};
use crate::registry::Registry;
use crate::report::table::{clean, columns};
use crate::report::{note, write_stdout};

/// The id lists of one person, in the order of the json and csv columns.
fn lists(p: &Person) -> [Vec<String>; 4] {
    let has = |role: Role| move |m: &Membership| m.roles.contains(&role);
    [
        p.ids(|m| {
            m.roles
                .iter()
                .any(|r| matches!(r, Role::Member | Role::Facilitator))
        }),
        p.ids(has(Role::Facilitator)),
        p.ids(has(Role::Contributor)),
        p.ids(has(Role::Alumnus)),
    ]
}

pub fn run(args: PeopleArgs, registry: &Registry) -> Result<ExitCode> {
    let loaded = load::load(registry)?;
    for entry in loaded.entries.iter().filter(|e| e.community.is_none()) {
        note(&format!(
            "`{}` does not parse, so its people are not listed; run `cop check`",
            entry.path
        ));
    }
    let config = &registry.config;
    let people = people::people(&loaded);
    let text = match args.format {
        PeopleFormat::Json => {
            let rows: Vec<_> = people
                .iter()
                .map(|p| {
                    let [member, facilitator, contributor, alumni] = lists(p);
                    json!({
                        "handle": p.handle,
                        "member_of": member,
                        "facilitator_of": facilitator,
                        "contributor_of": contributor,
                        "alumni_of": alumni,
                        "active": p.active(),
                        "overcommitted": p.overcommitted(config),
                    })
                })
                .collect();
            format!("{:#}\n", serde_json::Value::Array(rows))
        }
        PeopleFormat::Csv => {
            let mut out = String::from(
                "handle,member_of,facilitator_of,contributor_of,alumni_of,active,overcommitted\r\n",
            );
            for p in &people {
                let mut cells = vec![p.handle.clone()];
                cells.extend(lists(p).iter().map(|l| l.join(" ")));
                cells.push(p.active().to_string());
                cells.push(p.overcommitted(config).to_string());
                let cells: Vec<String> = cells.iter().map(|c| csv(c)).collect();
                out.push_str(&cells.join(","));
                out.push_str("\r\n");
            }
            out
        }
        PeopleFormat::Table => {
            let header = [
                "HANDLE",
                "ACTIVE IN",
                "FACILITATOR OF",
                "CONTRIBUTOR OF",
                "ALUMNUS OF",
                "OVERCOMMITTED",
            ];
            let rows: Vec<Vec<String>> = people
                .iter()
                .map(|p| {
                    let active = p.ids(Membership::counts);
                    let [_, facilitator, contributor, alumni] = lists(p);
                    let cell = |ids: &[String]| match ids.is_empty() {
                        true => "-".to_string(),
                        false => clean(&ids.join(" ")),
                    };
                    vec![
                        clean(&p.handle),
                        cell(&active),
                        cell(&facilitator),
                        cell(&contributor),
                        cell(&alumni),
                        if p.overcommitted(config) {
                            "yes".into()
                        } else {
                            "-".into()
                        },
                    ]
                })
                .collect();
            columns(&header, &rows, anstyle::Style::new().bold())
        }
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// One CSV field, quoted when RFC 4180 asks (a comma, a quote or a line break in it).
fn csv(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_as_rfc_4180_asks() {
        assert_eq!(csv("@ann"), "@ann");
        assert_eq!(csv("a b"), "a b");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv("a\nb"), "\"a\nb\"");
    }
}
