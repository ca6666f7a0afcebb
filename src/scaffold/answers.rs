//! The answers of `cop new`: its flags resolved once into the values of the new community,
//! with the contract's defaults, asking on a terminal for what is missing.

use anyhow::{Result, bail};

use crate::cli::NewArgs;
use crate::community::{Cadence, Status};
use crate::config::Config;
use crate::finding::{RuleId, Severity};
use crate::rules::invalid_handle::is_valid_handle;
use crate::text::{self, handle_key};

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

/// Why a subject cannot be used (it is already another community's), or `None`.
pub type Taken<'a> = &'a dyn Fn(&str) -> Option<String>;

impl Answers {
    /// Resolves the flags. Without `ask` (no terminal, or `--no-input`) every missing required
    /// value is listed in one error.
    pub fn resolve(args: &NewArgs, config: &Config, ask: Option<Ask>) -> Result<Answers> {
        Answers::resolve_with(args, config, ask, &|_| None)
    }

    /// Like `resolve`; on a terminal, an answer that breaks a rule (a subject that `taken`
    /// refuses or that makes no id, a handle that is not one, too few members) is asked again
    /// with the reason, so that one bad answer does not throw the others away.
    pub fn resolve_with(
        args: &NewArgs,
        config: &Config,
        mut ask: Option<Ask>,
        taken: Taken,
    ) -> Result<Answers> {
        let status = args.status.unwrap_or(Status::Active);
        let cadence = args.cadence.unwrap_or(Cadence::Monthly);
        let mut subject = args.subject.clone().filter(|s| !s.trim().is_empty());
        let mut facilitators = args.facilitators.clone();
        let mut members = args.members.clone();
        if let Some(ask) = ask.as_mut() {
            if subject.is_none() {
                let check = |answer: &str| subject_problem(answer, args.id.is_some(), taken);
                subject = ask_until(ask, "Subject (the community's name)", check)?;
            }
            if status == Status::Active && facilitators.is_empty() {
                facilitators = split(ask_until(
                    ask,
                    "Facilitators (handles such as @ann, separated by spaces)",
                    |answer| {
                        let handles = split(Some(answer.to_string()));
                        match handles.is_empty() {
                            true => Some("an active community needs a facilitator".to_string()),
                            false => handles_problem(&handles, config),
                        }
                    },
                )?);
                if members.is_empty() {
                    // Only a rule that blocks `cop new` (an error) is a reason to ask again.
                    let min = match config.severity(RuleId::MinMembers) {
                        Severity::Error => config.rules.min_members as usize,
                        _ => 0,
                    };
                    members = split(ask_until(
                        ask,
                        &match min {
                            0 => "Other members (handles, separated by spaces)".to_string(),
                            min => format!(
                                "Other members (handles, separated by spaces; at least {min} people in all)"
                            ),
                        },
                        |answer| {
                            let handles = split(Some(answer.to_string()));
                            let all = unique(
                                facilitators
                                    .iter()
                                    .cloned()
                                    .chain(handles.clone())
                                    .collect(),
                            );
                            handles_problem(&handles, config).or_else(|| {
                                (all.len() < min).then(|| format!(
                                    "an active community needs at least {min} members, and this makes {}; name more (or run `cop new` with --status proposed)",
                                    all.len()
                                ))
                            })
                        },
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

/// Asks `question` until `check` finds nothing wrong with the answer, saying what was wrong
/// each time. When the input ends, the last answer given stands (the run is then refused with
/// its findings, and the command line that repeats it), or `None` when there was none.
fn ask_until(
    ask: &mut dyn FnMut(&str) -> Result<Option<String>>,
    question: &str,
    check: impl Fn(&str) -> Option<String>,
) -> Result<Option<String>> {
    let mut prompt = question.to_string();
    let mut last = None;
    loop {
        let Some(answer) = ask(&prompt)? else {
            return Ok(last.filter(|a: &String| !a.is_empty()));
        };
        let answer = answer.trim().to_string();
        match check(&answer) {
            None => return Ok(Some(answer)),
            Some(reason) => prompt = format!("{reason}\n{question}"),
        }
        last = Some(answer);
    }
}

/// Why a typed subject cannot be used.
fn subject_problem(subject: &str, has_id: bool, taken: Taken) -> Option<String> {
    if subject.is_empty() {
        return Some("the subject is empty".to_string());
    }
    if !has_id && id::slug(subject).is_empty() {
        return Some(format!(
            "`{subject}` makes no id (it has no letters or digits); use a subject with some"
        ));
    }
    taken(subject)
}

/// Why typed handles cannot be used: the first that is not a handle.
fn handles_problem(handles: &[String], config: &Config) -> Option<String> {
    if config.severity(RuleId::InvalidHandle) != Severity::Error {
        return None;
    }
    handles.iter().find(|h| !is_valid_handle(h)).map(|h| {
        let name = h.trim_start_matches('@');
        format!("`{h}` is not a handle; write `@` and the user name, such as `@{name}`")
    })
}

impl Answers {
    /// The `cop new` command line that gives these answers without asking, so that a refused
    /// run loses none of what was typed.
    pub fn command_line(&self, config: &Config) -> String {
        let mut words = vec!["cop".to_string(), "new".to_string(), quote(&self.subject)];
        let mut flag = |name: &str, value: &str| {
            words.push(name.to_string());
            words.push(quote(value));
        };
        if self.id != id::slug(&self.subject) {
            flag("--id", &self.id);
        }
        if self.status != Status::Active {
            flag("--status", self.status.as_str());
        }
        for handle in &self.facilitators {
            flag("--facilitator", handle);
        }
        let facilitators: Vec<_> = self.facilitators.iter().map(|h| handle_key(h)).collect();
        for handle in self
            .members
            .iter()
            .filter(|h| !facilitators.contains(&handle_key(h)))
        {
            flag("--member", handle);
        }
        for handle in &self.contributors {
            flag("--contributor", handle);
        }
        let default_channel = format!("{}{}", config.rules.channel_prefix, self.id);
        if let Some(channel) = self.channel.as_deref().filter(|c| *c != default_channel) {
            flag("--channel", channel);
        }
        if self.cadence != Cadence::Monthly {
            flag("--cadence", self.cadence.as_str());
        }
        if let Some(description) = &self.description {
            flag("--description", description);
        }
        if let Some(project) = &self.project {
            flag("--project", project);
        }
        words.join(" ")
    }
}

/// A word as a POSIX shell reads it back: as it is when it is plain, else single-quoted.
fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@_./:=,+-%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
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
        .filter(|h| seen.insert(text::handle_key(h).into_owned()))
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

    #[test]
    fn a_taken_subject_is_asked_again_with_the_reason() {
        let mut prompts = Vec::new();
        let mut left = vec!["Go", "Go", "Golang", "@ann @bob @cy"].into_iter();
        let mut ask = |question: &str| {
            prompts.push(question.to_string());
            Ok(left.next().map(str::to_string))
        };
        let taken = |subject: &str| {
            (subject == "Go").then(|| "`Go` is already the subject of `go`".to_string())
        };
        let a =
            Answers::resolve_with(&args(&[]), &Config::default(), Some(&mut ask), &taken).unwrap();
        assert_eq!(a.subject, "Golang");
        let subject = "Subject (the community's name)";
        let again = format!("`Go` is already the subject of `go`\n{subject}");
        assert_eq!(prompts[..3], [subject.to_string(), again.clone(), again]);
    }

    #[test]
    fn every_kind_of_bad_answer_is_asked_again() {
        let mut prompts = Vec::new();
        let mut left = vec!["!!!", "Rust", "ann", "@ann", "@bob", "@bob @cy"].into_iter();
        let mut ask = |question: &str| {
            prompts.push(question.to_string());
            Ok(left.next().map(str::to_string))
        };
        let a = Answers::resolve_with(&args(&[]), &Config::default(), Some(&mut ask), &|_| None)
            .unwrap();
        assert_eq!(a.subject, "Rust");
        assert_eq!(a.members, ["@ann", "@bob", "@cy"]);
        let reasons: Vec<&str> = prompts
            .iter()
            .filter_map(|p| p.split_once('\n'))
            .map(|(r, _)| r)
            .collect();
        assert_eq!(
            reasons,
            [
                "`!!!` makes no id (it has no letters or digits); use a subject with some",
                "`ann` is not a handle; write `@` and the user name, such as `@ann`",
                "an active community needs at least 3 members, and this makes 2; name more (or run `cop new` with --status proposed)",
            ]
        );
    }

    #[test]
    fn the_equivalent_command_line_gives_the_same_answers() {
        let line = [
            "Rust & Go",
            "--facilitator",
            "@ann",
            "--member",
            "@bob",
            "--member",
            "@ANN",
            "--channel",
            "#rust",
            "--cadence",
            "weekly",
            "--description",
            "It's fine",
        ];
        let config = Config::default();
        let a = Answers::resolve(&args(&line), &config, None).unwrap();
        let text = a.command_line(&config);
        assert_eq!(
            text,
            "cop new 'Rust & Go' --facilitator @ann --member @bob --channel '#rust' --cadence weekly --description 'It'\\''s fine'"
        );
        // Read back as a shell would: the same answers.
        let words = shell_words(&text);
        let words: Vec<&str> = words.iter().skip(2).map(String::as_str).collect();
        assert_eq!(Answers::resolve(&args(&words), &config, None).unwrap(), a);
    }

    /// Splits a line the way a POSIX shell splits plain and single-quoted words.
    fn shell_words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut quoted = false;
        let mut started = false;
        let mut escaped = false;
        for c in line.chars() {
            if escaped {
                word.push(c);
                escaped = false;
                continue;
            }
            match (c, quoted) {
                ('\'', _) => {
                    quoted = !quoted;
                    started = true;
                }
                ('\\', false) => {
                    escaped = true;
                    started = true;
                }
                (' ', false) => {
                    if started {
                        words.push(std::mem::take(&mut word));
                    }
                    started = false;
                }
                (c, _) => {
                    word.push(c);
                    started = true;
                }
            }
        }
        if started {
            words.push(word);
        }
        words
    }
}
