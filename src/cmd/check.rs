//! `cop check`.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{CheckArgs, Global};
use crate::registry::Registry;

pub fn run(args: CheckArgs, _registry: &Registry, _global: &Global) -> Result<ExitCode> {
    let _ = args;
    super::not_implemented("check")
}
