//! One module per subcommand, each exposing `run`.

pub mod activate;
pub mod archive;
pub mod calendar;
pub mod check;
pub mod completions;
pub mod edit;
pub mod explain;
pub mod health;
pub mod import;
pub mod init;
pub mod list;
pub mod man;
pub mod member;
pub mod new;
pub mod people;
pub mod person;
pub mod render;
pub mod schema;
