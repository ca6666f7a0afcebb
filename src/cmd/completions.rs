//! `cop completions SHELL` and `cop man`: the shell completions and the man page, both made by
//! clap from the same command-line definition, so they list exactly the flags cop accepts.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell as Target;

use crate::cli::{Cli, CompletionsArgs, Shell};
use crate::report::write_stdout;

pub fn run(args: CompletionsArgs) -> Result<ExitCode> {
    write_stdout(&completions(args.shell))?;
    Ok(ExitCode::SUCCESS)
}

/// `cop man`: the roff source of cop(1).
pub fn run_man() -> Result<ExitCode> {
    write_stdout(&man_page()?)?;
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

/// The man page cop(1), in roff.
pub fn man_page() -> Result<String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .context("cannot render the man page")?;
    Ok(String::from_utf8_lossy(&out).into_owned())
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
