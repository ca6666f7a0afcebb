//! `cop render`.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Global, RenderArgs};
use crate::registry::Registry;

pub fn run(args: RenderArgs, _registry: &Registry, _global: &Global) -> Result<ExitCode> {
    let _ = args;
    super::not_implemented("render")
}
