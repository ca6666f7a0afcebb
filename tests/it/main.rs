//! Integration tests: every area is a module, compiled into one test binary.

mod calendar;
mod check;
#[cfg(unix)]
mod crash;
mod day2;
mod editors;
mod git;
mod health;
mod hostile;
mod import;
mod messages;
mod new;
mod parse_errors;
mod render;
mod support;
