//! The one output data model (serde; JSON schema_version 1) and its renderers.
//!
//! Lists are sorted so that two reports diff cleanly: contributors by id, areas in config order,
//! directories and files by path. Renderers only format; every number is computed before.

pub mod couplings;
pub mod escape;
pub mod gate;
pub mod html;
pub mod identities;
pub mod inline;
pub mod json;
pub mod markdown;
pub mod paths;
pub mod pr;
pub mod schema;
pub mod starter;
pub mod team_shape;
#[cfg(test)]
pub mod testkit;
pub mod text;
pub mod timeline;
pub mod views;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

pub const SCHEMA_VERSION: u32 = 1;

/// The report of `mlowners scan --format json` (schema_version 1): who knows which part of the
/// code, as of the reference commit. Fields may be added; none is renamed. Times are RFC 3339 in
/// UTC; people are contributor ids; paths are the bytes git stores (a path that is not UTF-8 is
/// written quoted, as git's `core.quotePath` writes it). Lists are sorted: contributors by id,
/// areas in config order, directories and files by path.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Report {
    /// 1; fields may be added, none renamed.
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema_version: u32,
    /// The analysed commit and the history mined up to it.
    pub repository: Repository,
    /// The thresholds and sources the numbers depend on.
    pub settings: Settings,
    /// The headline numbers of the whole repository.
    pub summary: Summary,
    /// Every person (identities joined), sorted by id.
    pub contributors: Vec<Contributor>,
    /// The configured (or default) areas, in config order, with or without files.
    pub areas: Vec<Area>,
    /// Every directory over its whole subtree, sorted by path.
    pub directories: Vec<Directory>,
    /// Every analysed file at the reference commit, sorted by path.
    pub files: Vec<File>,
    /// The DS/SE boundary: who crosses it and where.
    pub boundary: Boundary,
    /// Files whose only author is one person: what left, or would leave, with them.
    pub knowledge_at_risk: KnowledgeAtRisk,
    /// The topmost directories (3+ files) whose every file has one and the same single author.
    pub silos: Vec<Silo>,
    /// The topmost directories where every file is untouched.
    pub untouched_directories: Vec<UntouchedDirectory>,
    /// Contributors kept apart that share a handle or a name: candidates for a `.mailmap` line.
    pub identity_near_misses: Vec<NearMiss>,
    /// Pairs of a ds-side file and an se-side file that change together (co-change across the
    /// boundary): pending ports first (declared, named, then history pairs; each by degree, then
    /// the oldest), then the others by degree, highest first.
    pub couplings: Vec<Coupling>,
    /// People × ML-flow stage: who works where in the flow, who specialises.
    pub team_shape: team_shape::TeamShape,
}

/// Two e-mails joined into one contributor, and the rule that joined them.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Join {
    /// The e-mail joined.
    pub email: String,
    /// The e-mail it was joined with.
    pub with: String,
    /// The rule: `alias` (an `[aliases]` entry), `github` (a `[github]` entry), `same_name` (the
    /// same normalised name of two or more words), `same_handle` (a one-word name and the same
    /// handle), `noreply_login` (a noreply login equal to the other's local part).
    #[schemars(extend("enum" = ["alias", "github", "same_name", "same_handle", "noreply_login"]))]
    pub why: String,
}

/// Two contributors kept apart that share something a person would notice.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NearMiss {
    /// One contributor's id.
    pub a: String,
    /// The other contributor's id.
    pub b: String,
    /// What they share, in words: "same handle `x`", "same name `x`", or a login that is the
    /// other's name.
    pub why: String,
}

/// The analysed commit and the history mined up to it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Repository {
    /// The analysed commit (HEAD, `--at REV` or `--as-of DATE`), full id.
    pub head: String,
    /// The commit time of the analysed commit (or the `--as-of` date): every age is measured from
    /// it, never from the wall clock.
    pub reference_time: String,
    /// Non-merge, non-bot commits mined.
    pub commits_analyzed: u64,
    /// Merge commits left out (their work is in the merged commits).
    pub merges_skipped: u64,
    /// Commits of bots left out of every metric.
    pub bot_commits_excluded: u64,
    /// The clone is shallow: history is cut.
    pub shallow: bool,
    /// Blobs that could not be read (partial clone, stripped mirror); their lines are not counted.
    pub missing_blobs: u64,
    /// Notebook versions (blobs) that are not valid notebook JSON (conflict markers, a truncated
    /// file), of every path mined (analysed or not): counted by their raw lines.
    pub unparsed_notebooks: u64,
}

/// The thresholds and sources the numbers depend on.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Settings {
    /// The configuration file used, or null for the built-in defaults.
    pub config: Option<String>,
    /// `--since`: only commits authored on or after this time count (null: all history).
    pub since: Option<String>,
    /// A file is untouched when its last change is older than this many days.
    pub stale_days: u32,
    /// A contributor is active when they made a change within this many days.
    pub active_days: u32,
    /// The roles the config's `[roles]` declares; every other role is inferred from changes.
    pub roles_configured: Vec<String>,
    /// `cells`: a notebook's lines are its cell sources, and a change to its outputs or metadata
    /// only is a re-run, not a change; `raw`: its JSON lines, as git counts them.
    #[schemars(extend("enum" = ["cells", "raw"]))]
    pub notebook_lines: String,
    /// `[coupling]`: the window and thresholds of co-change across the boundary.
    pub coupling: CouplingSettings,
}

/// The window and thresholds of co-change across the boundary (`[coupling]`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CouplingSettings {
    /// A change set is a commit and every change at most this many days after it.
    pub window_days: u32,
    /// A pair found in history needs at least this many shared change sets.
    pub min_shared: u32,
    /// A pair found in history needs at least this degree.
    pub min_degree: f64,
}

/// The headline numbers of the whole repository.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Summary {
    /// Analysed files at the reference commit.
    pub files: u64,
    /// Their lines.
    pub lines: u64,
    /// The bus factor of the whole repository (null without files).
    pub bus_factor: Option<u32>,
    /// The key people of the bus factor, in the order they were removed.
    pub key_people: Vec<String>,
    /// Key people who are no longer active: the bus factor already lost.
    pub inactive_key_people: Vec<String>,
    /// Files whose last change is older than `stale_days`.
    pub untouched_files: u64,
    /// Files none of whose authors is active.
    pub orphaned_files: u64,
    /// Orphaned files that an active non-author changed within `active_days`.
    pub maintained_files: u64,
    /// People who made a change within `active_days`.
    pub active_contributors: u64,
    /// All people.
    pub contributors: u64,
    /// Files in some area (the ML code).
    pub area_files: u64,
    /// The fraction of area files that are untouched (0 without area files).
    pub area_untouched_share: f64,
    /// The fraction of area files that are orphaned (0 without area files).
    pub area_orphaned_share: f64,
    /// The share of area files that are orphaned and not maintained: nobody active knows them or
    /// still changes them. The text report names it first.
    pub area_orphaned_unmaintained_share: f64,
}

/// One person: identities after `.mailmap`, `[aliases]` and the joining rules.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Contributor {
    /// The contributor id: the lower-cased e-mail of an `[aliases]` target, else the e-mail with
    /// the most commits.
    pub id: String,
    /// The name used on the most commits.
    pub name: String,
    /// Every e-mail joined into this contributor.
    pub emails: Vec<String>,
    /// Every name used under these e-mails.
    pub names: Vec<String>,
    /// Why the e-mails are one person (empty for one e-mail).
    pub joins: Vec<Join>,
    /// The role: a side's role (from `[roles]` or inferred), `mixed` or `unknown`.
    pub role: String,
    /// `config` when `[roles]` gives the role, `inferred` when the changes do.
    #[schemars(extend("enum" = ["config", "inferred"]))]
    pub role_source: String,
    /// The changes to files of sided areas, per side: why the role was inferred.
    pub role_evidence: BTreeMap<String, u64>,
    /// All the contributor's changes, in sided areas or not, co-authored ones included: a side
    /// is inferred only when the sided ones are at least 5 and at least a quarter of these.
    pub changes: u64,
    /// Commits as author (co-authored ones not counted), as `git log` counts them.
    pub commits: u64,
    /// Commits of others that name this contributor in a `Co-authored-by` trailer.
    pub co_authored: u64,
    /// Notebook re-runs in their commits: a notebook's outputs or metadata changed and none of
    /// its cells. Not changes: no authorship, activity or role evidence.
    pub notebook_reruns: u64,
    /// The GitHub login: from `[github]`, else from a noreply address; null when unknown.
    pub github: Option<String>,
    /// Lines added in the contributor's own commits, as `git log --numstat` counts them
    /// (a notebook's: of its cell sources, unless `notebook_lines = "raw"`).
    pub lines_added: u64,
    /// Lines removed in the contributor's own commits, as `git log --numstat` counts them
    /// (a notebook's: of its cell sources, unless `notebook_lines = "raw"`).
    pub lines_removed: u64,
    /// The time of their first change (null without changes).
    pub first_change: Option<String>,
    /// The time of their last change (null without changes).
    pub last_change: Option<String>,
    /// They made a change within `active_days` of the reference time.
    pub active: bool,
    /// Files at the reference commit of which they are an author (degree of authorship).
    pub files_authored: u32,
    /// Their changes to files of an area whose side is another role's.
    pub crossings: u64,
    /// Stage → their changes in it (co-authored ones included), every stage in effect a key.
    pub stages: BTreeMap<String, u64>,
    /// `1 − H / ln K` of their staged changes (H the entropy over the K stages in effect): 1 is
    /// one stage only, 0 an even spread; 3 decimals; null without staged changes.
    pub specialisation: Option<f64>,
}

/// A named set of paths, with the side (role) expected to implement it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Area {
    /// The area's name, as in the config.
    pub name: String,
    /// The role expected to implement it (`ds`, `se`, …), or null for an area without a side.
    pub side: Option<String>,
    /// Analysed files in the area at the reference commit.
    pub files: u64,
    /// Their lines.
    pub lines: u64,
    /// The area's bus factor (null without files).
    pub bus_factor: Option<u32>,
    /// The key people of the bus factor, in order.
    pub key_people: Vec<String>,
    /// Key people who are no longer active.
    pub inactive_key_people: Vec<String>,
    /// Changes to the area's files in the whole history.
    pub changes: u64,
    /// Role → the fraction of the area's changes made by people of that role.
    pub role_shares: BTreeMap<String, f64>,
    /// Changes to the area by people of another side's role.
    pub crossings: u64,
    /// Area files whose last change is older than `stale_days`.
    pub untouched_files: u64,
    /// Their lines.
    pub untouched_lines: u64,
    /// Area files none of whose authors is active.
    pub orphaned_files: u64,
    /// Their lines.
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

/// A directory over its whole subtree.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Directory {
    /// The directory's path (no trailing `/`; the root is not listed).
    pub path: String,
    /// Analysed files in its subtree.
    pub files: u64,
    /// Their lines.
    pub lines: u64,
    /// The subtree's bus factor.
    pub bus_factor: Option<u32>,
    /// The key people of the bus factor, in order.
    pub key_people: Vec<String>,
    /// Files in the subtree whose last change is older than `stale_days`.
    pub untouched_files: u64,
    /// Files in the subtree none of whose authors is active.
    pub orphaned_files: u64,
}

/// An analysed file at the reference commit.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct File {
    /// The file's path.
    pub path: String,
    /// The first area whose paths match it, or null.
    pub area: Option<String>,
    /// Its lines at the reference commit.
    pub lines: u64,
    /// The author of the first change in its rename-followed history.
    pub creator: Option<String>,
    /// Its authors by degree of authorship, sorted by id.
    pub authors: Vec<String>,
    /// Changes in its rename-followed history.
    pub changes: u64,
    /// Changes in the last `active_days` (ignored commits not counted): how busy the file is.
    pub recent_changes: u64,
    /// The time of its last change.
    pub last_change: Option<String>,
    /// Its last change is older than `stale_days`.
    pub untouched: bool,
    /// None of its authors is active (a file without authors is orphaned).
    pub orphaned: bool,
    /// Active non-authors who changed the file within `active_days`, sorted by id.
    pub maintained_by: Vec<String>,
    /// Changes to it by people of another side's role.
    pub crossings: u64,
}

/// The DS/SE boundary: who crosses it and where.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Boundary {
    /// All crossings: changes to a sided area by people of another side's role.
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

/// A person who crosses the DS/SE line.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Crosser {
    /// The contributor id.
    pub id: String,
    /// Their role.
    pub role: String,
    /// Their crossings.
    pub crossings: u64,
}

/// A file where the DS/SE line is crossed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CrossedFile {
    /// The file's path.
    pub path: String,
    /// Its area.
    pub area: Option<String>,
    /// The crossings in its history.
    pub crossings: u64,
}

/// Files whose only author is one person.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KnowledgeAtRisk {
    /// Inactive people who are the only author of files: what left with them.
    pub departed: Vec<SoleAuthor>,
    /// Active people who are the only author of files: what would leave with them.
    pub sole_owners: Vec<SoleAuthor>,
}

/// One person and the files they are the only author of.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SoleAuthor {
    /// The contributor id.
    pub id: String,
    /// The time of their last change.
    pub last_change: Option<String>,
    /// The files they alone author, largest first.
    pub files: Vec<String>,
    /// The lines of those files.
    pub lines: u64,
}

/// A directory (3+ files) whose every file has one and the same single author.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Silo {
    /// The directory's path.
    pub directory: String,
    /// The one author.
    pub owner: String,
    /// Its files.
    pub files: u64,
}

/// A directory where every file is untouched.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct UntouchedDirectory {
    /// The directory's path.
    pub path: String,
    /// Its files.
    pub files: u64,
    /// Their lines.
    pub lines: u64,
    /// The time of the last change to any of its files.
    pub last_change: Option<String>,
}

/// A ds-side file and an se-side file that change together.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Coupling {
    /// The file in a `ds`-side area (training code).
    pub ds_path: String,
    /// The file in an `se`-side area (serving code).
    pub se_path: String,
    /// Why the pair is reported: `config` (a `[[pairs]]` entry), `name` (the same stem across
    /// naming styles) or `history` (they change together often); the strongest when several.
    #[schemars(extend("enum" = ["config", "name", "history"]))]
    pub source: String,
    /// Change sets holding both files.
    pub shared: u32,
    /// Change sets holding the ds file.
    pub ds_change_sets: u32,
    /// Change sets holding the se file.
    pub se_change_sets: u32,
    /// shared ÷ the average of the two files' change sets, from 0 to 1 (three decimals).
    pub degree: f64,
    /// Role → the changes to the ds file by people of that role.
    pub ds_roles: BTreeMap<String, u64>,
    /// Role → the changes to the se file by people of that role.
    pub se_roles: BTreeMap<String, u64>,
    /// Completed waits: ds changes followed by an se change of the partner.
    pub ports: u32,
    /// The time from a ds change to the partner's next se change, in days; null without a
    /// completed wait.
    pub port_lag_days: Option<PortLag>,
    /// When the ds file changed after the se file's last change, more than `window_days` before
    /// the reference time: the first such ds change (the training/serving skew risk); else null.
    pub pending_since: Option<String>,
    /// Whole days from `pending_since` to the reference time; null when not pending.
    pub pending_days: Option<u64>,
}

/// Port lag in days, one decimal.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PortLag {
    /// The median wait (the mean of the two middle ones for an even count).
    pub median: f64,
    /// The 90th percentile, nearest rank: the ⌈0.9·n⌉-th smallest wait.
    pub p90: f64,
}

pub use crate::time::rfc3339;
