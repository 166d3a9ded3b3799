//! The one output data model (serde; JSON schema_version 1) and its renderers.
//!
//! Lists are sorted so that two reports diff cleanly: contributors by id, areas in config order,
//! directories and files by path. Renderers only format; every number is computed before.

pub mod escape;
pub mod gate;
pub mod html;
pub mod identities;
pub mod inline;
pub mod json;
pub mod markdown;
pub mod paths;
pub mod pr;
pub mod starter;
#[cfg(test)]
pub mod testkit;
pub mod text;
pub mod timeline;
pub mod views;

use std::collections::BTreeMap;

use serde::Serialize;

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub repository: Repository,
    pub settings: Settings,
    pub summary: Summary,
    pub contributors: Vec<Contributor>,
    pub areas: Vec<Area>,
    pub directories: Vec<Directory>,
    pub files: Vec<File>,
    pub boundary: Boundary,
    pub knowledge_at_risk: KnowledgeAtRisk,
    pub silos: Vec<Silo>,
    pub untouched_directories: Vec<UntouchedDirectory>,
    /// Contributors kept apart that share a handle or a name: candidates for a `.mailmap` line.
    pub identity_near_misses: Vec<NearMiss>,
}

/// Two e-mails joined into one contributor, and the rule: `alias`, `same_name`, `same_handle`,
/// `noreply_login`.
#[derive(Debug, Clone, Serialize)]
pub struct Join {
    pub email: String,
    pub with: String,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NearMiss {
    pub a: String,
    pub b: String,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Repository {
    pub head: String,
    pub reference_time: String,
    pub commits_analyzed: u64,
    pub merges_skipped: u64,
    pub bot_commits_excluded: u64,
    pub shallow: bool,
    /// Blobs that could not be read (partial clone, stripped mirror); their lines are not counted.
    pub missing_blobs: u64,
}

/// The thresholds and sources the numbers depend on.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub config: Option<String>,
    pub since: Option<String>,
    pub stale_days: u32,
    pub active_days: u32,
    /// Roles given by the config's `[roles]`, and those inferred from changes.
    pub roles_configured: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub files: u64,
    pub lines: u64,
    pub bus_factor: Option<u32>,
    pub key_people: Vec<String>,
    /// Key people who are no longer active: the bus factor already lost.
    pub inactive_key_people: Vec<String>,
    pub untouched_files: u64,
    pub orphaned_files: u64,
    /// Orphaned files that an active non-author changed within `active_days`.
    pub maintained_files: u64,
    pub active_contributors: u64,
    pub contributors: u64,
    /// Files in some area (the ML code), and the shares of them untouched and orphaned.
    pub area_files: u64,
    pub area_untouched_share: f64,
    pub area_orphaned_share: f64,
    /// The share of area files that are orphaned and not maintained: nobody active knows them or
    /// still changes them. The text report names it first.
    pub area_orphaned_unmaintained_share: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Contributor {
    pub id: String,
    pub name: String,
    pub emails: Vec<String>,
    /// Every name used under these e-mails.
    pub names: Vec<String>,
    /// Why the e-mails are one person (empty for one e-mail).
    pub joins: Vec<Join>,
    pub role: String,
    pub role_source: String,
    /// The changes to files of sided areas, per side: why the role was inferred.
    pub role_evidence: BTreeMap<String, u64>,
    /// All the contributor's changes, in sided areas or not: a side is inferred only when the
    /// sided ones are at least 5 and at least a quarter of these.
    /// Co-authored changes included.
    pub changes: u64,
    /// Commits and lines are the author's alone, as `git log --numstat` counts them.
    pub commits: u64,
    /// Commits of others that name this contributor in a `Co-authored-by` trailer.
    pub co_authored: u64,
    /// The GitHub login: from `[github]`, else from a noreply address.
    pub github: Option<String>,
    pub lines_added: u64,
    pub lines_removed: u64,
    pub first_change: Option<String>,
    pub last_change: Option<String>,
    pub active: bool,
    pub files_authored: u32,
    pub crossings: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Area {
    pub name: String,
    pub side: Option<String>,
    pub files: u64,
    pub lines: u64,
    pub bus_factor: Option<u32>,
    pub key_people: Vec<String>,
    pub inactive_key_people: Vec<String>,
    pub changes: u64,
    pub role_shares: BTreeMap<String, f64>,
    pub crossings: u64,
    pub untouched_files: u64,
    pub untouched_lines: u64,
    pub orphaned_files: u64,
    pub orphaned_lines: u64,
    /// Orphaned files that an active non-author changed within `active_days`.
    pub maintained_files: u64,
}

impl Area {
    /// Orphaned files nobody active changed within `active_days`.
    pub fn orphaned_unmaintained_files(&self) -> u64 {
        self.orphaned_files.saturating_sub(self.maintained_files)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Directory {
    pub path: String,
    pub files: u64,
    pub lines: u64,
    pub bus_factor: Option<u32>,
    pub key_people: Vec<String>,
    pub untouched_files: u64,
    pub orphaned_files: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct File {
    pub path: String,
    pub area: Option<String>,
    pub lines: u64,
    pub creator: Option<String>,
    pub authors: Vec<String>,
    pub changes: u64,
    /// Changes in the last `active_days` (ignored commits not counted): how busy the file is.
    pub recent_changes: u64,
    pub last_change: Option<String>,
    pub untouched: bool,
    pub orphaned: bool,
    /// Active non-authors who changed the file within `active_days`, sorted by id.
    pub maintained_by: Vec<String>,
    pub crossings: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Boundary {
    pub crossings: u64,
    /// People with crossings, most first.
    pub crossers: Vec<Crosser>,
    /// Files with crossings in their history, most first.
    pub crossed_files: Vec<CrossedFile>,
    /// Files whose authors include people of two sides.
    pub boundary_files: Vec<String>,
    /// People whose changes span sides (no side holds two thirds): they do the whole flow.
    pub mixed_people: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Crosser {
    pub id: String,
    pub role: String,
    pub crossings: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CrossedFile {
    pub path: String,
    pub area: Option<String>,
    pub crossings: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct KnowledgeAtRisk {
    /// Inactive people who are the only author of files: what left with them.
    pub departed: Vec<SoleAuthor>,
    /// Active people who are the only author of files: what would leave with them.
    pub sole_owners: Vec<SoleAuthor>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SoleAuthor {
    pub id: String,
    pub last_change: Option<String>,
    pub files: Vec<String>,
    pub lines: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Silo {
    pub directory: String,
    pub owner: String,
    pub files: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct UntouchedDirectory {
    pub path: String,
    pub files: u64,
    pub lines: u64,
    pub last_change: Option<String>,
}

pub use crate::time::rfc3339;
