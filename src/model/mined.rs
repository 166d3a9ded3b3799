//! The rows mining produces and the model consumes. They live here, not in `crate::git`, so that
//! neither layer owns the other: mining writes them (and caches them), the model reads them.

use bstr::BString;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
    Renamed,
}

/// One path a commit changed, as `git log -M --numstat` reports it. Paths are the bytes git
/// stores (not always UTF-8), so two different paths never become one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    pub path: BString,
    /// The path before a rename.
    pub old_path: Option<BString>,
    pub kind: ChangeKind,
    pub added: u64,
    pub removed: u64,
    /// A notebook whose cells are as they were: only outputs or metadata changed (a re-run).
    pub rerun: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinedCommit {
    pub id: String,
    /// Author after the mailmap.
    pub name: String,
    pub email: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// `Co-authored-by` (name, e-mail) pairs after the mailmap, bots dropped, each once.
    pub co_authors: Vec<(String, String)>,
    pub changes: Vec<FileChange>,
    /// Ids of blobs this commit needed that could not be read.
    pub missing_blobs: Vec<String>,
    /// Ids of notebook blobs that did not parse (counted by their raw lines).
    pub unparsed_notebooks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mined {
    Merge,
    Bot,
    Commit(MinedCommit),
}

/// A regular file at the reference commit and its line count (0 for binary files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadFile {
    pub path: BString,
    pub lines: u64,
}

/// Everything mining learns; commits are in history order (parents first).
#[derive(Debug, Default)]
pub struct History {
    pub head: String,
    pub reference_time: i64,
    pub shallow: bool,
    pub merges_skipped: u64,
    pub bot_commits_excluded: u64,
    pub missing_blobs: u64,
    /// Notebook blobs (of the history and the reference tree) that did not parse, each once.
    pub unparsed_notebooks: u64,
    pub commits: Vec<MinedCommit>,
    pub head_files: Vec<HeadFile>,
    /// Things the user should know (a damaged cache, an unwritable cache directory).
    pub warnings: Vec<String>,
    /// The ids listed in `.git-blame-ignore-revs` at the reference commit.
    pub ignore_revs: Vec<String>,
}
