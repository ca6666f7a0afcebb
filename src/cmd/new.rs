//! `cop new`.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Global, NewArgs};
use crate::registry::Registry;

pub fn run(args: NewArgs, _registry: &Registry, _global: &Global) -> Result<ExitCode> {
    let _ = args;
    super::not_implemented("new")
}
