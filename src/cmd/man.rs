//! `cop man`: the man page cop(1) in roff, made by clap from the command-line definition, so it
//! documents exactly the subcommands and flags cop accepts. A command rather than a build step:
//! it needs no build script, and an installed cop can always print its own page.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::Cli;
use crate::report::write_stdout;

pub fn run() -> Result<ExitCode> {
    write_stdout(&man_page()?)?;
    Ok(ExitCode::SUCCESS)
}

/// The roff source of cop(1).
pub fn man_page() -> Result<String> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .context("cannot render the man page")?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}
