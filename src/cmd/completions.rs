//! `cop completions SHELL`: shell completions made by clap from the command-line definition
//! itself, so they offer exactly the subcommands, flags and values cop accepts.

use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell as Target;

use crate::cli::{Cli, CompletionsArgs, Shell};
use crate::report::write_stdout;

pub fn run(args: CompletionsArgs) -> Result<ExitCode> {
    write_stdout(&completions(args.shell))?;
    Ok(ExitCode::SUCCESS)
}

/// The completion script of `shell`.
pub fn completions(shell: Shell) -> String {
    let target = match shell {
        Shell::Bash => Target::Bash,
        Shell::Zsh => Target::Zsh,
        Shell::Fish => Target::Fish,
        Shell::Powershell => Target::PowerShell,
        Shell::Elvish => Target::Elvish,
    };
    let mut out = Vec::new();
    clap_complete::generate(target, &mut Cli::command(), "cop", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Powershell,
            Shell::Elvish,
        ] {
            let script = completions(shell);
            assert!(
                script.contains("check") && script.contains("render"),
                "{shell:?}"
            );
        }
    }
}
