//! mlowners: who really knows which part of an ML codebase, from its Git history.
//!
//! Layers (see DESIGN.md): `git` mines (the only user of git2) → `model` → `analysis` (pure) →
//! `report` (one data type, several renderers). [`scan`] runs them for one report; `cli` parses
//! arguments, calls it and writes what it returns.

pub mod analysis;
pub mod atomic_file;
pub mod cli;
pub mod codeowners;
pub mod config;
pub mod git;
pub mod model;
pub mod notebook;
pub mod output;
pub mod path_filter;
pub mod pipeline;
pub mod report;
pub mod time;

pub use pipeline::{Error, PrRequest, PrScan, Request, Scan, pull_request, scan};
