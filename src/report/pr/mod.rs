//! The pull-request report (`mlowners pr`): what one change does to who knows the code.

use schemars::JsonSchema;
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

/// The report of `mlowners pr --format json` (schema_version 1): what one pull request does to
/// who knows the code. Fields may be added; none is renamed. Times are RFC 3339 in UTC; people
/// are contributor ids.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrReport {
    /// 1; fields may be added, none renamed.
    #[schemars(extend("const" = PR_SCHEMA_VERSION))]
    pub schema_version: u32,
    /// The merge-base of base and head: the history the change is judged against.
    pub merge_base: String,
    /// The pull request's head commit.
    pub head: String,
    /// Commit time of the merge-base: ages and activity are measured from here.
    pub reference_time: String,
    /// The people of the pull request's commits (authors and co-authors), by id.
    pub authors: Vec<PrPerson>,
    /// The one line a reviewer reads first.
    pub verdict: String,
    /// How many things the comment reports (0: nothing worth a comment).
    pub findings: u64,
    /// The lowest bus factor among the touched areas with a side, before the change.
    pub bus_factor_before: Option<u32>,
    /// The lowest bus factor among the touched areas with a side, after the change.
    pub bus_factor_after: Option<u32>,
    /// The changed files that are analysed.
    pub files: Vec<PrFile>,
    /// Changed paths that are not analysed (vendored, generated, excluded).
    pub files_not_analysed: u64,
    /// Notebooks the pull request only re-ran (outputs or metadata changed, no cell): not
    /// judged, as they carry no knowledge.
    pub notebook_reruns: u64,
    /// The touched areas, with their bus factor before and after.
    pub areas: Vec<PrArea>,
    /// Changes of the pull request that cross the DS/SE boundary: one per file and person.
    pub crossings: Vec<PrCrossing>,
    /// Files whose only author is someone else, now edited by a pull request author.
    pub spreads_knowledge: Vec<PrSpread>,
    /// Every touched file with a history has a pull request author as its only author.
    pub deepens_silo: bool,
    /// Suggested reviewers (at most `--reviewers`): active people who know the touched files,
    /// best first.
    pub reviewers: Vec<Reviewer>,
    /// Inactive authors of touched files: what they knew is not there to review.
    pub knowledge_at_risk: Vec<AtRisk>,
    /// For each touched area of bus factor 1 with a side, an active person of its side to learn
    /// the touched files.
    pub learners: Vec<Learner>,
    /// Touched areas of bus factor 1 where no learner was found.
    pub no_learner: Vec<String>,
    /// Coupled DS/SE pairs (co-change in the history up to the merge-base) of which the pull
    /// request changes one file and not the other: a port that may be missing.
    pub one_sided_couplings: Vec<PrCoupling>,
}

/// A coupled pair the pull request changes on one side only.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrCoupling {
    /// The file the pull request changes (its path at the merge-base).
    pub changed: String,
    /// `ds` or `se`: the side of the changed file.
    #[schemars(extend("enum" = ["ds", "se"]))]
    pub side: &'static str,
    /// Its coupled partner, which the pull request leaves as it is.
    pub partner: String,
    /// Why the pair is coupled: `config`, `name` or `history` (as in `scan`'s `couplings`).
    #[schemars(extend("enum" = ["config", "name", "history"]))]
    pub source: String,
    /// Change sets the two files shared up to the merge-base.
    pub shared: u32,
    /// The pair's degree up to the merge-base (three decimals).
    pub degree: f64,
}

/// A person of the pull request.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrPerson {
    /// The contributor id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their GitHub login, or null when unknown.
    pub github: Option<String>,
    /// Their role, as `scan` assigns it (with the pull request's changes).
    pub role: String,
    /// No change before the merge-base.
    pub newcomer: bool,
}

/// A changed file.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrFile {
    /// The file's path at head (for a deletion: at the merge-base).
    pub path: String,
    /// The path at the merge-base, for a rename.
    pub old_path: Option<String>,
    /// `added`, `modified`, `deleted`, `renamed`.
    #[schemars(extend("enum" = ["added", "modified", "deleted", "renamed"]))]
    pub status: &'static str,
    /// Its area, or null.
    pub area: Option<String>,
    /// Its area's side, or null.
    pub side: Option<String>,
    /// Lines the pull request adds to it.
    pub lines_added: u64,
    /// Lines the pull request removes from it.
    pub lines_removed: u64,
    /// Its authors at the merge-base (a rename: under the old path), by DOA.
    pub authors_before: Vec<PrAuthor>,
    /// Its authors with the change (none for a deletion).
    pub authors_after: Vec<String>,
    /// It was untouched at the merge-base (last change older than `stale_days`).
    pub untouched: bool,
    /// It was orphaned at the merge-base (no active author).
    pub orphaned: bool,
    /// Pull request authors for whom this change crosses the boundary.
    pub crossing_by: Vec<String>,
}

/// An author of a file at the merge-base.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrAuthor {
    /// The contributor id.
    pub id: String,
    /// They were active at the merge-base.
    pub active: bool,
}

/// A touched area.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrArea {
    /// The area's name.
    pub name: String,
    /// Its side, or null.
    pub side: Option<String>,
    /// The pull request's files in it.
    pub files_touched: u64,
    /// Its bus factor at the merge-base (null without files).
    pub bus_factor_before: Option<u32>,
    /// Its bus factor with the change (null without files).
    pub bus_factor_after: Option<u32>,
    /// Its key people at the merge-base.
    pub key_people_before: Vec<String>,
    /// Its key people with the change.
    pub key_people_after: Vec<String>,
}

/// One person crossing the boundary with one file.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrCrossing {
    /// The file's path.
    pub path: String,
    /// The pull request person who crosses.
    pub contributor: String,
    /// Their role.
    pub role: String,
    /// The file's area's side, which is not their role.
    pub side: String,
}

/// A file one more person now knows.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrSpread {
    /// The file's path.
    pub path: String,
    /// The pull request person who edits it.
    pub by: String,
    /// The file's only author before.
    pub from: String,
}

/// A suggested reviewer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Reviewer {
    /// The contributor id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their GitHub login, or null when unknown.
    pub github: Option<String>,
    /// Degree of authorship of each touched file (relative to the file's best) times the file's
    /// share of the changed lines, times the recency factor; 0 for a key person named because
    /// nobody active knows the files.
    pub score: f64,
    /// Touched files they author.
    pub files_authored: u64,
    /// Touched files they changed before.
    pub files_changed: u64,
    /// Their last change to the touched files (null for a key person named instead).
    pub last_change: Option<String>,
    /// Why, in words: "authors 4 of the 6 changed files, last change 12 days ago".
    pub reason: String,
}

/// An inactive author of touched files.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AtRisk {
    /// The contributor id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// The touched files they author.
    pub files: Vec<String>,
    /// The time of their last change.
    pub last_change: Option<String>,
}

/// Someone to learn a touched area of bus factor 1.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Learner {
    /// The area.
    pub area: String,
    /// The contributor id.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their GitHub login, or null when unknown.
    pub github: Option<String>,
    /// Why, in words.
    pub reason: String,
}
