//! `cop init`.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Global, InitArgs};

pub fn run(args: InitArgs, _global: &Global) -> Result<ExitCode> {
    let _ = args;
    super::not_implemented("init")
}
