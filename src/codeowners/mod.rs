//! `mlowners codeowners`: a CODEOWNERS file from history, and the drift between a declared one
//! and who really knows the code.
//!
//! Above the report layer: everything here reads a finished [`Report`](crate::report::Report)
//! (never the repository) and is pure; the command line reads and writes the files.
//! - [`parse`]: a CODEOWNERS file as GitHub reads it (rules, owners, the lines it skips);
//! - [`pattern`]: one pattern, matched with GitHub's semantics (the last matching rule wins);

pub mod parse;
pub mod pattern;

#[cfg(test)]
mod github_docs;

pub use parse::{Codeowners, LineError, Owner, Rule};
pub use pattern::{Pattern, PatternError};
