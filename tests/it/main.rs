//! Integration tests: every area is a module, compiled into one test binary.

mod check;
mod editors;
mod git;
mod hostile;
mod new;
mod render;
mod support;
