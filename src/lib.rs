//! mlowners: who really knows which part of an ML codebase, from its Git history.
//!
//! Layers (see DESIGN.md): `git` mines (the only user of git2) → `model` → `analysis` (pure) →
//! `report` (one data type, several renderers). `cli` only wires them.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod git;
pub mod model;
pub mod path_filter;
pub mod report;
