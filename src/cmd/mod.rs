//! One module per subcommand, each exposing `run`.

pub mod check;
pub mod completions;
pub mod init;
pub mod list;
pub mod man;
pub mod new;
pub mod render;
pub mod schema;

/// The answer of a command that a later piece of work delivers.
pub(crate) fn not_implemented(command: &str) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("`cop {command}` is not implemented yet")
}
