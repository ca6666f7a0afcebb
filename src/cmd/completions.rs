//! `cop completions`.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::CompletionsArgs;

pub fn run(args: CompletionsArgs) -> Result<ExitCode> {
    let _ = args;
    super::not_implemented("completions")
}
