//! The answers of `cop new`: its flags resolved once into the values of the new community,
//! with the contract's defaults, asking on a terminal for what is missing.

use anyhow::{Result, bail};

use crate::cli::NewArgs;
use crate::community::{Cadence, Status};
use crate::config::Config;
use crate::text;

use super::id;

/// Everything the new community's files are made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub subject: String,
    pub id: String,
    pub status: Status,
    pub description: Option<String>,
    pub facilitators: Vec<String>,
    /// The facilitators first, then the other members, each once.
    pub members: Vec<String>,
    pub contributors: Vec<String>,
    pub channel: Option<String>,
    pub cadence: Cadence,
    pub project: Option<String>,
}

/// Asks the person at the terminal: the question, and the answer (`None` at end of input).
pub type Ask<'a> = &'a mut dyn FnMut(&str) -> Result<Option<String>>;

impl Answers {
    /// Resolves the flags. Without `ask` (no terminal, or `--no-input`) every missing required
    /// value is listed in one error.
    pub fn resolve(args: &NewArgs, config: &Config, mut ask: Option<Ask>) -> Result<Answers> {
        let status = match args.status.as_deref() {
            None => Status::Active,
            Some(text) => Status::parse(text).ok_or_else(|| {
                anyhow::anyhow!(
                    "unknown status `{text}` in --status; use active, proposed or archived"
                )
            })?,
        };
        let cadence = match args.cadence.as_deref() {
            None => Cadence::Monthly,
            Some(text) => Cadence::parse(text).ok_or_else(|| {
                anyhow::anyhow!(
                    "unknown cadence `{text}` in --cadence; use weekly, biweekly, monthly or quarterly"
                )
            })?,
        };
        let mut subject = args.subject.clone().filter(|s| !s.trim().is_empty());
        let mut facilitators = args.facilitators.clone();
        let mut members = args.members.clone();
        if let Some(ask) = ask.as_mut() {
            if subject.is_none() {
                subject = ask("Subject (the community's name)")?.filter(|s| !s.is_empty());
            }
            if status == Status::Active && facilitators.is_empty() {
                facilitators = split(ask(
                    "Facilitators (handles such as @ann, separated by spaces)",
                )?);
                if members.is_empty() {
                    members = split(ask(
                        "Other members (handles, separated by spaces; may be empty)",
                    )?);
                }
            }
        }
        let mut missing = Vec::new();
        if subject.is_none() {
            missing.push("SUBJECT, the community's name (the first argument)");
        }
        if status == Status::Active && facilitators.is_empty() {
            missing.push("--facilitator HANDLE: an active community needs at least one facilitator (or pass --status proposed)");
        }
        if !missing.is_empty() {
            let how = if ask.is_some() {
                "no answer given"
            } else {
                "cop asks only on a terminal without --no-input"
            };
            bail!(
                "missing required values ({how}):\n{}",
                missing
                    .iter()
                    .map(|m| format!("  - {m}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        let subject = subject.unwrap_or_default();
        let id = match &args.id {
            Some(id) => id.clone(),
            None => id::slug(&subject),
        };
        let channel = args
            .channel
            .clone()
            .or_else(|| Some(format!("{}{id}", config.rules.channel_prefix)));
        let facilitators = unique(facilitators);
        let members = unique(facilitators.iter().cloned().chain(members).collect());
        Ok(Answers {
            subject,
            id,
            status,
            description: args.description.clone(),
            facilitators,
            members,
            contributors: unique(args.contributors.clone()),
            channel,
            cadence,
            project: args.project.clone(),
        })
    }
}

/// Handles typed on one line, separated by spaces or commas.
fn split(answer: Option<String>) -> Vec<String> {
    answer
        .unwrap_or_default()
        .split([' ', ',', '\t'])
        .filter(|h| !h.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Each handle once (handles compare case-insensitively), the first spelling kept.
fn unique(handles: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    handles
        .into_iter()
        .filter(|h| seen.insert(text::handle_key(h)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(line: &[&str]) -> NewArgs {
        let cli = crate::cli::Cli::parse_from(["cop", "new"].iter().chain(line));
        match cli.command {
            crate::cli::Command::New(args) => args,
            _ => unreachable!(),
        }
    }

    #[test]
    fn defaults_follow_the_contract() {
        let a = Answers::resolve(
            &args(&[
                "Infra As Code",
                "--facilitator",
                "@ann",
                "--member",
                "@bob",
                "--member",
                "@ANN",
            ]),
            &Config::default(),
            None,
        )
        .unwrap();
        assert_eq!(a.id, "infra-as-code");
        assert_eq!(a.channel.as_deref(), Some("#cp_infra-as-code"));
        assert_eq!(a.cadence, Cadence::Monthly);
        assert_eq!(a.status, Status::Active);
        assert_eq!(a.members, ["@ann", "@bob"]);
    }

    #[test]
    fn every_missing_value_is_listed_at_once() {
        let err = Answers::resolve(&args(&[]), &Config::default(), None).unwrap_err();
        let text = format!("{err:#}");
        assert!(
            text.contains("SUBJECT") && text.contains("--facilitator"),
            "{text}"
        );
    }

    #[test]
    fn a_terminal_is_asked() {
        let mut answers = vec![Some("@ann @bob".to_string()), Some("Rust".to_string())];
        let mut ask = |_: &str| Ok(answers.pop().flatten());
        let a = Answers::resolve(
            &args(&["--member", "@cy"]),
            &Config::default(),
            Some(&mut ask),
        )
        .unwrap();
        assert_eq!(a.subject, "Rust");
        assert_eq!(a.facilitators, ["@ann", "@bob"]);
        assert_eq!(a.members, ["@ann", "@bob", "@cy"]);
    }
}
