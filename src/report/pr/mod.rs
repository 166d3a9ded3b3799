//! The pull-request report (`mlowners pr`): what one change does to who knows the code.

use serde::Serialize;

pub mod markdown;
pub mod text;

/// A bus factor, or `none` for a scope without files.
pub fn bus_factor_text(bf: Option<u32>, none: &str) -> String {
    bf.map_or_else(|| none.to_owned(), |v| v.to_string())
}

/// The report as JSON, escaped as the scan report is.
pub fn json(report: &PrReport) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("the report serialises");
    s.push('\n');
    crate::report::escape::json(s)
}

pub const PR_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct PrReport {
    pub schema_version: u32,
    /// The merge-base of base and head: the history the change is judged against.
    pub merge_base: String,
    pub head: String,
    /// Commit time of the merge-base: ages and activity are measured from here.
    pub reference_time: String,
    /// The people of the pull request's commits (authors and co-authors), by id.
    pub authors: Vec<PrPerson>,
    /// The one line a reviewer reads first.
    pub verdict: String,
    /// How many things the comment reports (0: nothing worth a comment).
    pub findings: u64,
    /// The lowest bus factor among the touched areas with a side, before and after the change.
    pub bus_factor_before: Option<u32>,
    pub bus_factor_after: Option<u32>,
    pub files: Vec<PrFile>,
    /// Changed paths that are not analysed (vendored, generated, excluded).
    pub files_not_analysed: u64,
    pub areas: Vec<PrArea>,
    pub crossings: Vec<PrCrossing>,
    /// Files whose only author is someone else, now edited by a pull request author.
    pub spreads_knowledge: Vec<PrSpread>,
    /// Every touched file with a history has a pull request author as its only author.
    pub deepens_silo: bool,
    pub reviewers: Vec<Reviewer>,
    /// Inactive authors of touched files: what they knew is not there to review.
    pub knowledge_at_risk: Vec<AtRisk>,
    pub learners: Vec<Learner>,
    /// Touched areas of bus factor 1 where no learner was found.
    pub no_learner: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrPerson {
    pub id: String,
    pub name: String,
    pub github: Option<String>,
    pub role: String,
    /// No change before the merge-base.
    pub newcomer: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrFile {
    pub path: String,
    /// The path at the merge-base, for a rename.
    pub old_path: Option<String>,
    /// `added`, `modified`, `deleted`, `renamed`.
    pub status: &'static str,
    pub area: Option<String>,
    pub side: Option<String>,
    pub lines_added: u64,
    pub lines_removed: u64,
    /// Its authors at the merge-base (a rename: under the old path), by DOA.
    pub authors_before: Vec<PrAuthor>,
    /// Its authors with the change (none for a deletion).
    pub authors_after: Vec<String>,
    pub untouched: bool,
    pub orphaned: bool,
    /// Pull request authors for whom this change crosses the boundary.
    pub crossing_by: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrAuthor {
    pub id: String,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrArea {
    pub name: String,
    pub side: Option<String>,
    pub files_touched: u64,
    pub bus_factor_before: Option<u32>,
    pub bus_factor_after: Option<u32>,
    pub key_people_before: Vec<String>,
    pub key_people_after: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrCrossing {
    pub path: String,
    pub contributor: String,
    pub role: String,
    pub side: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrSpread {
    pub path: String,
    pub by: String,
    /// The file's only author before.
    pub from: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reviewer {
    pub id: String,
    pub name: String,
    pub github: Option<String>,
    pub score: f64,
    pub files_authored: u64,
    pub files_changed: u64,
    pub last_change: Option<String>,
    /// Why, in words: "authors 4 of the 6 changed files, last change 12 days ago".
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AtRisk {
    pub id: String,
    pub name: String,
    pub files: Vec<String>,
    pub last_change: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Learner {
    pub area: String,
    pub id: String,
    pub name: String,
    pub github: Option<String>,
    pub reason: String,
}
