//! Everything cop asks of git, through git2: the only module that touches it.

pub mod commit;
