//! `cop init`: create a registry in a folder and say what was created.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Global, InitArgs};
use crate::refusal::Refusal;
use crate::report;
use crate::scaffold;

pub fn run(args: InitArgs, global: &Global) -> Result<ExitCode> {
    // `cop -C DIR init` creates the registry in DIR, as a facilitator would expect.
    let dir = args
        .dir
        .as_deref()
        .or(global.registry.as_deref())
        .unwrap_or(Path::new("."));
    let created = match scaffold::init::init(dir) {
        Ok(created) => created,
        Err(e) if e.chain().any(|c| c.is::<Refusal>()) => {
            report::write_stderr(&format!("error: {e:#}\n"));
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e),
    };
    if !global.quiet {
        let mut text = format!("created a cop registry in `{}`\n", dir.display());
        for file in &created.files {
            text.push_str(&format!("  {file}\n"));
        }
        if created.kept_page {
            text.push_str(&format!(
                "kept the existing {}; add the `active` and `suggested` regions to it\n",
                scaffold::init::HANDBOOK_PAGE
            ));
        }
        if created.git_init {
            text.push_str("initialized a git repository\n");
        }
        text.push_str("next: cop new \"Subject\" --facilitator @you --member @them\n");
        report::write_stderr(&text);
    }
    Ok(ExitCode::SUCCESS)
}
