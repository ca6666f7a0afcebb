//! `cop list`.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Global, ListArgs};
use crate::registry::Registry;

pub fn run(args: ListArgs, _registry: &Registry, _global: &Global) -> Result<ExitCode> {
    let _ = args;
    super::not_implemented("list")
}
