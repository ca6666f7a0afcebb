//! One module per subcommand, each exposing `run`.

pub mod check;
pub mod completions;
pub mod explain;
pub mod init;
pub mod list;
pub mod man;
pub mod new;
pub mod render;
pub mod schema;
