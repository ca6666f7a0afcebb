//! Integration tests: every area is a module, compiled into one test binary.

mod check;
#[cfg(unix)]
mod crash;
mod editors;
mod git;
mod hostile;
mod messages;
mod new;
mod render;
mod support;
