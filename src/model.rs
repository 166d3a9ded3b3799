//! The mined history as the analyses see it: interned contributors and paths, the change table,
//! and the files at the reference commit with their rename-followed history.
//!
//! Nothing here does I/O; `crate::git` fills [`mined`], [`build`] turns it into a [`Model`],
//! `crate::analysis` reads that.

mod build;
pub mod identity;
pub mod mined;
#[cfg(test)]
pub(crate) mod testkit;

pub use build::{BuildOptions, Selection, Table, build};
pub use mined::{ChangeKind, History};

use std::sync::Arc;

use bstr::BString;
use serde::Serialize;

/// Index into [`Model::contributors`].
pub type ContributorIx = u32;
/// Index into [`Model::files`].
pub type FileIx = u32;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contributor {
    /// Lower-cased e-mail: for a merged contributor, the e-mail with the most commits (ties: smallest).
    pub id: String,
    /// Display name: the name used on the most commits.
    pub name: String,
    /// Every (lower-cased) e-mail merged into this contributor, sorted.
    pub emails: Vec<String>,
    /// Every name merged into this contributor, sorted.
    pub names: Vec<String>,
    /// Why its e-mails are one person: each join, in the order the rules made them.
    #[serde(skip)]
    pub joins: Vec<Join>,
    /// The GitHub login: from `[github]`, else from a noreply address.
    pub github: Option<String>,
}

/// Two e-mails found to be one person, and the rule that said so (DESIGN.md §2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Join {
    pub email: String,
    pub with: String,
    pub why: JoinReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinReason {
    /// an `[aliases]` entry
    Alias,
    /// the same normalised name of two or more words
    SameName,
    /// a one-word name and the same handle (local part or noreply login)
    SameHandle,
    /// a noreply login equal to the other's local part, names sharing a word
    NoreplyLogin,
    /// a `[github]` entry: e-mails mapped to one login, or to the login of a noreply address
    GithubLogin,
}

impl JoinReason {
    pub fn as_str(self) -> &'static str {
        match self {
            JoinReason::Alias => "alias",
            JoinReason::SameName => "same_name",
            JoinReason::SameHandle => "same_handle",
            JoinReason::NoreplyLogin => "noreply_login",
            JoinReason::GithubLogin => "github",
        }
    }
}

/// One (non-merge commit, file path) pair, bots excluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Index into [`Model::commits`].
    pub commit: u32,
    pub contributor: ContributorIx,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// The path the change wrote (for a deletion: the path removed); shared with every other
    /// change to it, and with every timeline point's model.
    pub path: Arc<[u8]>,
    pub kind: ChangeKind,
    pub added: u64,
    pub removed: u64,
    /// The file at the reference commit whose history this change belongs to, if any.
    pub file: Option<FileIx>,
    /// False for a commit in `.git-blame-ignore-revs` or `ignore_revs` (a reformat, a package
    /// move): no delivery, and it makes nobody active. A creation stays a creation.
    pub delivers: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    pub contributor: ContributorIx,
    /// Its `Co-authored-by` people other than the author, each once: credited with its changes
    /// for authorship, activity and roles, not with its commit or lines.
    pub co_authors: Vec<ContributorIx>,
    pub time: i64,
    /// Analysed notebooks it re-ran (outputs or metadata changed, no cell): not changes.
    pub notebook_reruns: u32,
}

/// A file present at the reference commit (and analysed: include/exclude already applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: BString,
    pub lines: u64,
    /// Indices into [`Model::changes`], oldest first; the first one is the file's creation
    /// (unless `--since` cut its history).
    pub changes: Vec<u32>,
}

/// Facts about the mined repository that the report states as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepoFacts {
    pub head: String,
    /// Commit time of the analysed head: every "age" is measured from here, never the wall clock.
    pub reference_time: i64,
    pub commits_analyzed: u64,
    pub merges_skipped: u64,
    pub bot_commits_excluded: u64,
    pub shallow: bool,
    /// Blobs that could not be read (partial clone, stripped mirror): their lines are not counted.
    pub missing_blobs: u64,
    /// Notebook blobs that did not parse: counted by their raw lines.
    pub unparsed_notebooks: u64,
}

/// Everything the analyses need. Changes are in history order (parents before children),
/// contributors sorted by id, files sorted by path.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub repo: RepoFacts,
    pub contributors: Vec<Contributor>,
    pub commits: Vec<Commit>,
    pub changes: Vec<Change>,
    pub files: Vec<File>,
}

impl Model {
    pub fn contributor(&self, ix: ContributorIx) -> &Contributor {
        &self.contributors[ix as usize]
    }

    /// Who a change is credited to for authorship: its author, then its co-authors.
    pub fn credited(&self, change: &Change) -> impl Iterator<Item = ContributorIx> + '_ {
        let co = &self.commits[change.commit as usize].co_authors;
        std::iter::once(change.contributor).chain(co.iter().copied())
    }

    /// The changes of a file's rename-followed history, oldest first.
    pub fn file_changes(&self, file: FileIx) -> impl Iterator<Item = &Change> + '_ {
        self.files[file as usize]
            .changes
            .iter()
            .map(|&c| &self.changes[c as usize])
    }
}
