//! The command line as clap derive types, and nothing else: what each flag means is resolved
//! once, in the command that owns it.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

use crate::community::{Cadence, Status};
use crate::finding::RuleId;

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
    disable_help_flag = true,
    disable_version_flag = true,
    after_long_help = EXIT_CODES
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// The heading of the flags every command takes, so that a command's own options come first.
const GLOBAL: &str = "Global options";

/// Flags accepted before or after any subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// Start looking for cop.yaml here instead of the current folder.
    #[arg(
        short = 'C',
        long = "registry",
        value_name = "DIR",
        global = true,
        help_heading = GLOBAL
    )]
    pub registry: Option<PathBuf>,
    /// When to colour the output (auto honours NO_COLOR and CLICOLOR_FORCE).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, help_heading = GLOBAL)]
    pub color: ColorChoice,
    /// Print only findings and errors: no summary, no notes.
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub quiet: bool,
    /// Print help (more with --help).
    #[arg(short = 'h', long, action = ArgAction::Help, global = true, help_heading = GLOBAL)]
    help: Option<bool>,
    /// Print the version.
    #[arg(short = 'V', long, action = ArgAction::Version, global = true, help_heading = GLOBAL)]
    version: Option<bool>,
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
    #[command(after_help = "Examples:
  cop init handbook        create a registry in ./handbook (and `git init` it)
  cop init                 make the current folder a registry")]
    Init(InitArgs),
    /// Scaffold a new community from the template and update every region.
    #[command(after_help = "Examples:
  cop new \"Infrastructure As Code\" --facilitator @ann --member @bob --member @cy
  cop new Rust --status proposed
  cop new Go --facilitator @ann --member @bob --member @cy --dry-run
  cop new Go --facilitator @ann --member @bob --member @cy --commit")]
    New(NewArgs),
    /// Validate the whole registry and report every finding.
    #[command(
        after_help = CHECK_EXAMPLES,
        after_long_help = crate::rules::explain::check_help(CHECK_EXAMPLES)
    )]
    Check(CheckArgs),
    /// Regenerate every region of every page.
    #[command(after_help = "Examples:
  cop render               rewrite every stale region
  cop render --check       write nothing; exit 1 when a region is stale (for CI)
  cop render --check --diff")]
    Render(RenderArgs),
    /// List communities.
    #[command(after_help = "Examples:
  cop list
  cop list --status proposed
  cop list --format json")]
    List(ListArgs),
    /// Adopt a hand-kept handbook page: its table and lists become communities and regions.
    Import(ImportArgs),
    /// Print the JSON Schema (draft-07) of a file kind.
    #[command(after_help = "Examples:
  cop schema community > community.schema.json
  cop schema config > cop.schema.json")]
    Schema(SchemaArgs),
    /// Print shell completions.
    #[command(after_help = "Examples:
  mkdir -p ~/.local/share/bash-completion/completions
  cop completions bash > ~/.local/share/bash-completion/completions/cop")]
    Completions(CompletionsArgs),
    /// Change who is in a community, editing community.yaml in place.
    #[command(
        subcommand,
        after_help = "Examples:
  cop member add observability @ann @bob
  cop member add observability @ann --role facilitator
  cop member remove observability @bob --dry-run
  cop member remove --everywhere @bob --commit"
    )]
    Member(MemberCommand),
    /// Archive a community: its facilitators and members become alumni.
    #[command(after_help = "Examples:
  cop archive mainframe-modernisation --dry-run
  cop archive mainframe-modernisation --commit")]
    Archive(ArchiveArgs),
    /// Make a proposed or archived community active.
    #[command(after_help = "Examples:
  cop activate rust --facilitator @ann --member @bob --member @cy")]
    Activate(ActivateArgs),
    /// Every community a person is in, with their roles.
    #[command(after_help = "Examples:
  cop person @ann
  cop person ann --format json")]
    Person(PersonArgs),
    /// Every person of the registry, with their communities.
    #[command(after_help = "Examples:
  cop people
  cop people --format csv > people.csv")]
    People(PeopleArgs),
    /// Print the man page cop(1) in roff, covering every command.
    #[command(after_help = "Examples:
  cop man --dir ~/.local/share/man/man1 && man cop
  cop man > cop.1")]
    Man(ManArgs),
    /// Explain a rule: what it checks, why, how to fix and how to waive it.
    #[command(after_help = "Examples:
  cop explain min-members
  cop explain              list every rule
  cop explain --all > docs/rules.md")]
    Explain(ExplainArgs),
    /// Each community's health and maturity, from the files and git history.
    #[command(after_help = "Examples:
  cop health
  cop health --format html -o health.html
  cop health observability --format json --today 2026-12-01")]
    Health(HealthArgs),
    /// Print an iCalendar (RFC 5545) of every meeting and event.
    #[command(after_help = "Examples:
  cop calendar -o public/communities.ics       every active community's meeting and every event
  cop calendar observability --from 2026-12-01")]
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
    /// Write the calendar to FILE (atomically; its folder is created) instead of printing it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

const CHECK_EXAMPLES: &str = "Examples:
  cop check
  cop check --format github --strict          in GitHub Actions
  cop check --format gitlab > gl-code-quality-report.json
  cop check --changed-since origin/main        only what a merge request changed
  cop check --skip stale --today 2026-01-31";

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write cop.1 into this folder (created when missing) instead of printing it.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, such as `min-members` (without it, every rule is listed).
    #[arg(value_parser = rule_ids(), hide_possible_values = true)]
    pub rule: Option<String>,
    /// Print every rule's explanation as one Markdown document (docs/rules.md).
    #[arg(long, conflicts_with = "rule")]
    pub all: bool,
}

/// Every rule id, for clap to complete and to suggest from.
fn rule_ids() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(RuleId::ALL.map(RuleId::as_str))
}

/// What every editing command (`member`, `archive`, `activate`) accepts.
#[derive(Debug, Args)]
pub struct EditFlags {
    /// Print a unified diff of every file that would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Commit exactly the files written.
    #[arg(long, conflicts_with = "dry_run")]
    pub commit: bool,
}

#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Add people to a community (as members unless --role says otherwise).
    #[command(after_help = "Examples:
  cop member add observability @ann @bob
  cop member add observability ann --role facilitator --commit")]
    Add(MemberAddArgs),
    /// Take people out of a community (or, with --everywhere, out of every community).
    #[command(after_help = "Examples:
  cop member remove observability @bob
  cop member remove observability @ann --role facilitator
  cop member remove --everywhere @bob --forget --dry-run")]
    Remove(MemberRemoveArgs),
}

/// A role a person takes in a community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MemberRole {
    Member,
    Facilitator,
    Contributor,
}

#[derive(Debug, Args)]
pub struct MemberAddArgs {
    /// The community's id (its folder name).
    pub id: String,
    /// Handles to add (`@ann`; the `@` may be left out).
    #[arg(required = true, value_name = "HANDLE")]
    pub handles: Vec<String>,
    /// The role to give them.
    #[arg(long, value_enum, default_value_t = MemberRole::Member)]
    pub role: MemberRole,
    #[command(flatten)]
    pub flags: EditFlags,
}

#[derive(Debug, Args)]
pub struct MemberRemoveArgs {
    /// The community's id, then the handles to remove (with --everywhere: only handles).
    #[arg(required = true, value_name = "ID|HANDLE")]
    pub args: Vec<String>,
    /// Only step down from this role (facilitator: stays a member).
    #[arg(long, value_enum, conflicts_with = "everywhere")]
    pub role: Option<MemberRole>,
    /// Do not list them in `alumni` (and take them out of it).
    #[arg(long)]
    pub forget: bool,
    /// Remove them from every community that lists them.
    #[arg(long)]
    pub everywhere: bool,
    #[command(flatten)]
    pub flags: EditFlags,
}

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// The community's id (its folder name).
    pub id: String,
    #[command(flatten)]
    pub flags: EditFlags,
}

#[derive(Debug, Args)]
pub struct ActivateArgs {
    /// The community's id (its folder name).
    pub id: String,
    /// A facilitator's handle (repeatable); facilitators are members too.
    #[arg(long = "facilitator", value_name = "HANDLE")]
    pub facilitators: Vec<String>,
    /// A member's handle (repeatable).
    #[arg(long = "member", value_name = "HANDLE")]
    pub members: Vec<String>,
    /// Chat channel, when the community has none (default: the channel prefix and the id).
    #[arg(long)]
    pub channel: Option<String>,
    /// Meeting cadence, when the community has none (default: monthly).
    #[arg(long)]
    pub cadence: Option<String>,
    #[command(flatten)]
    pub flags: EditFlags,
}

#[derive(Debug, Args)]
pub struct PersonArgs {
    /// The person's handle (`@ann`; the `@` may be left out).
    pub handle: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = PersonFormat::Human)]
    pub format: PersonFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PersonFormat {
    Human,
    Json,
}

#[derive(Debug, Args)]
pub struct PeopleArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = PeopleFormat::Table)]
    pub format: PeopleFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PeopleFormat {
    Table,
    Json,
    Csv,
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
    /// Meeting cadence (default: monthly).
    #[arg(long, value_enum)]
    pub cadence: Option<Cadence>,
    /// One-line description.
    #[arg(long)]
    pub description: Option<String>,
    /// URL of the community's project.
    #[arg(long)]
    pub project: Option<String>,
    /// The community's status (default: active).
    #[arg(long, value_enum)]
    pub status: Option<Status>,
    /// Folder holding community.yaml and README.md templates.
    #[arg(long, value_name = "DIR")]
    pub template: Option<PathBuf>,
    /// Print a unified diff of every file that would be written, and write nothing.
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
    /// Do not run this rule (repeatable; `cop explain` lists the rules).
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
pub struct ImportArgs {
    /// The Markdown page to adopt, inside the registry.
    pub page: PathBuf,
    /// Who facilitates an imported active community: nobody, or its first member.
    #[arg(long, value_enum, default_value_t = ImportFacilitators::None)]
    pub facilitators: ImportFacilitators,
    /// Print every file that would be written and the page's diff, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Commit exactly the files written.
    #[arg(long)]
    pub commit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFacilitators {
    None,
    First,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only communities with this status (active, proposed, archived).
    #[arg(long, value_enum)]
    pub status: Option<Status>,
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
pub struct HealthArgs {
    /// Report only these communities, by id (default: every one).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The day the report is for (YYYY-MM-DD; default: today in UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// The window, in days ending on --today, for joins, leaves, events and authors.
    #[arg(long, value_name = "DAYS", default_value_t = 365,
          value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub window: u32,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HealthFormat::Human)]
    pub format: HealthFormat,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HealthFormat {
    Human,
    Json,
    Markdown,
    Html,
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
