//! `mlowners codeowners`: a CODEOWNERS file from history, and the drift between a declared one
//! and who really knows the code.
//!
//! Above the report layer: everything here reads a finished [`Report`](crate::report::Report)
//! (never the repository) and is pure; the command line reads and writes the files.
//! - [`parse`]: a CODEOWNERS file as GitHub reads it (rules, owners, the lines it skips);
//! - [`pattern`]: one pattern, matched with GitHub's semantics (the last matching rule wins);
//! - [`generate`]: one rule per directory whose active authors differ from the rule above it;
//! - [`drift`]: what a declared file says against history;
//! - [`render`]: text and JSON.

pub mod drift;
pub mod generate;
pub mod parse;
pub mod pattern;
pub mod render;
mod scope;

#[cfg(test)]
mod github_docs;
#[cfg(test)]
mod testkit;

pub use drift::{Drift, DriftOptions, drift};
pub use generate::{GenerateOptions, Generated, generate};
pub use parse::{Codeowners, LineError, Owner, Rule};
pub use pattern::{Pattern, PatternError};
