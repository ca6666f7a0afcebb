//! The command line as clap derive types, and nothing else: what each flag means is resolved
//! once, in the command that owns it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The exit codes of SPEC §6, for `--help` and the man page.
const EXIT_CODES: &str = "Exit codes:
  0  done; no error findings (and no warnings with --strict)
  1  the registry has a problem: error findings, stale regions, a refused request
  2  cop could not run: bad arguments, no registry, an unreadable file, a failed git operation";

/// Keep communities of practice as plain files in a git repository.
#[derive(Debug, Parser)]
#[command(
    name = "cop",
    version,
    about,
    propagate_version = true,
    after_long_help = EXIT_CODES
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags accepted before or after any subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// Start looking for cop.yaml here instead of the current folder.
    #[arg(short = 'C', long = "registry", value_name = "DIR", global = true)]
    pub registry: Option<PathBuf>,
    /// When to colour the output (auto honours NO_COLOR and CLICOLOR_FORCE).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Print only findings and errors: no summary, no notes.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a registry: cop.yaml, communities/ and a handbook page.
    Init(InitArgs),
    /// Scaffold a new community from the template and update every region.
    New(NewArgs),
    /// Validate the whole registry and report every finding.
    Check(CheckArgs),
    /// Regenerate every region of every page.
    Render(RenderArgs),
    /// List communities.
    List(ListArgs),
    /// Print the JSON Schema (draft-07) of a file kind.
    Schema(SchemaArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Print the man page cop(1) in roff (`cop man > cop.1`).
    Man,
    /// Print an iCalendar (RFC 5545) of every meeting and event.
    Calendar(CalendarArgs),
}

#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// Only these communities (by id); default: every active community's meeting and every
    /// community's events.
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The day the calendar is made on: its DTSTAMP and, without `meeting.start`, where each
    /// series begins (YYYY-MM-DD; default: today in UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: Option<String>,
    /// Write the calendar to FILE (atomically) instead of printing it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the registry in (default: the current folder).
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The community's subject, as the handbook shows it.
    pub subject: Option<String>,
    /// Folder name under communities/ (default: the subject slugged).
    #[arg(long)]
    pub id: Option<String>,
    /// A facilitator's handle (repeatable); facilitators are members too.
    #[arg(long = "facilitator", value_name = "HANDLE")]
    pub facilitators: Vec<String>,
    /// A member's handle (repeatable).
    #[arg(long = "member", value_name = "HANDLE")]
    pub members: Vec<String>,
    /// A contributor's handle (repeatable).
    #[arg(long = "contributor", value_name = "HANDLE")]
    pub contributors: Vec<String>,
    /// Chat channel (default: the channel prefix followed by the id).
    #[arg(long)]
    pub channel: Option<String>,
    /// Meeting cadence: weekly, biweekly, monthly or quarterly (default: monthly).
    #[arg(long)]
    pub cadence: Option<String>,
    /// One-line description.
    #[arg(long)]
    pub description: Option<String>,
    /// URL of the community's project.
    #[arg(long)]
    pub project: Option<String>,
    /// active, proposed or archived (default: active).
    #[arg(long)]
    pub status: Option<String>,
    /// Folder holding community.yaml and README.md templates.
    #[arg(long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Print the files that would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Commit exactly the files written.
    #[arg(long)]
    pub commit: bool,
    /// Never prompt; list every missing value instead.
    #[arg(long)]
    pub no_input: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format of the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Date used by time-based rules (YYYY-MM-DD; default: today in UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Do not run this rule (repeatable).
    #[arg(long = "skip", value_name = "RULE")]
    pub skip: Vec<String>,
    /// Report only communities whose folder differs between REV and the working tree.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Gitlab,
    Sarif,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Write nothing; fail when any region is stale.
    #[arg(long)]
    pub check: bool,
    /// Print a unified diff of every stale file.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only communities with this status (active, proposed, archived).
    #[arg(long, value_parser = ["active", "proposed", "archived"])]
    pub status: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema to print.
    #[arg(value_enum, default_value_t = SchemaKind::Community)]
    pub kind: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Community,
    Config,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to print completions for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}
