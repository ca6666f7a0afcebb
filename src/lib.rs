//! cop keeps communities of practice as plain files in a git repository: `cop check` enforces
//! the rules, `cop render` keeps handbook pages true, `cop new` scaffolds a community.

pub mod bounds;
pub mod calendar;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod community;
pub mod config;
pub mod date;
pub mod edit;
pub mod events;
pub mod file;
pub mod finding;
pub mod git;
pub mod health;
pub mod import;
pub mod keypath;
pub mod load;
pub mod named;
pub mod parallel;
pub mod people;
pub mod read;
pub mod refusal;
pub mod registry;
pub mod render;
pub mod report;
pub mod rules;
pub mod scaffold;
pub mod scalar;
pub mod span;
pub mod suggest;
pub mod text;
pub mod tree;
pub mod write;
pub mod yaml;

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use cli::{Cli, ColorChoice, Command};
use registry::Registry;

/// Runs one command line. `Err` means cop could not run (exit 2); findings and stale regions
/// come back as `Ok` with exit code 1.
pub fn run(cli: Cli) -> Result<ExitCode> {
    set_color(cli.global.color);
    let start = cli.global.registry.as_deref().unwrap_or(Path::new("."));
    let registry = || Registry::discover(start);
    let global = &cli.global;
    match cli.command {
        Command::Init(args) => cmd::init::run(args, global),
        Command::New(args) => cmd::new::run(args, &registry()?, global),
        Command::Check(args) => cmd::check::run(args, &registry()?, global),
        Command::Render(args) => cmd::render::run(args, &registry()?, global),
        Command::List(args) => cmd::list::run(args, &registry()?, global),
        Command::Import(args) => cmd::import::run(args, &registry()?, global),
        Command::Schema(args) => cmd::schema::run(args),
        Command::Completions(args) => cmd::completions::run(args),
        Command::Member(command) => cmd::member::run(command, &registry()?, global),
        Command::Archive(args) => cmd::archive::run(args, &registry()?, global),
        Command::Activate(args) => cmd::activate::run(args, &registry()?, global),
        Command::Person(args) => cmd::person::run(args, &registry()?),
        Command::People(args) => cmd::people::run(args, &registry()?),
        Command::Man(args) => cmd::man::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Health(args) => cmd::health::run(args, &registry()?, global),
        Command::Calendar(args) => cmd::calendar::run(args, &registry()?, global),
    }
}

/// `--color always|never` wins over the environment; `auto` leaves anstream to honour
/// `NO_COLOR`, `CLICOLOR_FORCE` and whether the output is a terminal.
fn set_color(choice: ColorChoice) {
    let choice = match choice {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    };
    choice.write_global();
}
