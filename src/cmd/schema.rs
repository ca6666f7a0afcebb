//! `cop schema`.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::SchemaArgs;

pub fn run(args: SchemaArgs) -> Result<ExitCode> {
    let _ = args;
    super::not_implemented("schema")
}
