//! `cop man`: one man page, cop(1), in roff, made by clap from the command-line definition, so it
//! documents exactly the commands and flags cop accepts. Every command's synopsis, options and
//! examples are on that one page, so it refers to no other page that might not be installed.
//! A command rather than a build step: an installed cop can always print its own page.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::Man;

use crate::cli::{Cli, ManArgs};
use crate::report::write_stdout;

pub fn run(args: ManArgs) -> Result<ExitCode> {
    let page = man_page()?;
    match &args.dir {
        None => write_stdout(&page)?,
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
            let path = dir.join("cop.1");
            crate::write::write_atomic(&path, page.as_bytes())
                .with_context(|| format!("cannot write `{}`", path.display()))?;
            crate::report::write_stderr(&format!("wrote {}\n", path.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The roff source of cop(1): the top-level sections, then one section per command (its
/// description, synopsis, options and examples) where clap would list `cop-<command>(1)`.
pub fn man_page() -> Result<String> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let man = Man::new(cli.clone());
    let mut out = Vec::new();
    let render = |out: &mut Vec<u8>,
                  man: &Man,
                  part: fn(&Man, &mut dyn std::io::Write) -> std::io::Result<()>| {
        part(man, out).context("cannot render the man page")
    };
    render(&mut out, &man, Man::render_title)?;
    render(&mut out, &man, Man::render_name_section)?;
    render(&mut out, &man, Man::render_synopsis_section)?;
    render(&mut out, &man, Man::render_description_section)?;
    render(&mut out, &man, Man::render_options_section)?;
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = sub
            .get_display_name()
            .unwrap_or(sub.get_name())
            .replace('-', " ");
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        // The global flags are described once, at the top; each command shows its own.
        let own = ["registry", "color", "quiet", "help", "version"]
            .into_iter()
            .fold(sub.clone(), |cmd, id| cmd.mut_arg(id, |arg| arg.hide(true)));
        let sub_man = Man::new(own);
        let mut part = Vec::new();
        render(&mut part, &sub_man, Man::render_description_section)?;
        render(&mut part, &sub_man, Man::render_synopsis_section)?;
        render(&mut part, &sub_man, Man::render_options_section)?;
        if sub.get_after_help().is_some() || sub.get_after_long_help().is_some() {
            render(&mut part, &sub_man, Man::render_extra_section)?;
        }
        // Within the command's section its parts are subsections; clap's "extra" text is
        // the command's examples.
        let part = String::from_utf8_lossy(&part)
            .replace("\n.SH ", "\n.SS ")
            .replace("\n.SS EXTRA\n", "\n.SS EXAMPLES\n");
        let part = part
            .strip_prefix(".SH ")
            .map_or(part.clone(), |rest| format!(".SS {rest}"));
        out.extend_from_slice(part.as_bytes());
    }
    if cli.get_after_long_help().is_some() {
        let mut part = Vec::new();
        render(&mut part, &man, Man::render_extra_section)?;
        // The top-level extra text is the exit codes.
        let part =
            String::from_utf8_lossy(&part).replacen(".SH EXTRA\n", ".SH \"EXIT STATUS\"\n", 1);
        out.extend_from_slice(part.as_bytes());
    }
    render(&mut out, &man, Man::render_version_section)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}
