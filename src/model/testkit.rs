//! A hand-built [`Model`] for the analyses' unit tests.

use crate::model::{Change, ChangeKind, Commit, Contributor, ContributorIx, File, FileIx, Model};

pub(crate) struct Builder {
    model: Model,
}

impl Builder {
    /// Contributors get the indices of `ids` in the given order (callers normally pass them
    /// sorted, as the model is; a test may pass them unsorted to prove ties go by id).
    pub(crate) fn new(ids: &[&str]) -> Self {
        let contributors = ids
            .iter()
            .map(|id| Contributor {
                id: id.to_string(),
                name: id.to_string(),
                emails: vec![id.to_string()],
                names: vec![id.to_string()],
                joins: Vec::new(),
                github: None,
            })
            .collect();
        Builder {
            model: Model {
                contributors,
                ..Model::default()
            },
        }
    }

    pub(crate) fn reference_time(mut self, time: i64) -> Self {
        self.model.repo.reference_time = time;
        self
    }

    /// A file at the reference commit; add files in path order.
    pub(crate) fn file(&mut self, path: &str) -> FileIx {
        self.model.files.push(File {
            path: path.into(),
            lines: 10,
            changes: Vec::new(),
        });
        (self.model.files.len() - 1) as FileIx
    }

    /// A change (one commit) at `time` to `file`'s current path: its creation if it is the
    /// file's first change, else an edit.
    pub(crate) fn change(&mut self, file: FileIx, who: ContributorIx, time: i64) -> &mut Self {
        let path = self.model.files[file as usize].path.clone();
        let kind = if self.model.files[file as usize].changes.is_empty() {
            ChangeKind::Added
        } else {
            ChangeKind::Modified
        };
        self.push(Some(file), who, time, &path.to_string(), kind)
    }

    /// A change (one commit) to `file` written at an explicit (earlier) path, of a given kind.
    pub(crate) fn change_at(
        &mut self,
        file: FileIx,
        who: ContributorIx,
        time: i64,
        path: &str,
        kind: ChangeKind,
    ) -> &mut Self {
        self.push(Some(file), who, time, path, kind)
    }

    /// A change to a path that is not a file at the reference commit.
    pub(crate) fn loose_change(&mut self, who: ContributorIx, time: i64, path: &str) -> &mut Self {
        self.push(None, who, time, path, ChangeKind::Modified)
    }

    /// `n` edits by `who` to `file`, at `time`.
    pub(crate) fn edits(
        &mut self,
        file: FileIx,
        who: ContributorIx,
        n: usize,
        time: i64,
    ) -> &mut Self {
        for _ in 0..n {
            self.change(file, who, time);
        }
        self
    }

    fn push(
        &mut self,
        file: Option<FileIx>,
        who: ContributorIx,
        time: i64,
        path: &str,
        kind: ChangeKind,
    ) -> &mut Self {
        let commit = self.model.commits.len() as u32;
        self.model.commits.push(Commit {
            id: format!("{commit:040x}"),
            contributor: who,
            co_authors: Vec::new(),
            time,
            notebook_reruns: 0,
        });
        let ix = self.model.changes.len() as u32;
        self.model.changes.push(Change {
            delivers: true,
            commit,
            contributor: who,
            time,
            path: path.as_bytes().into(),
            kind,
            added: 1,
            removed: 0,
            file,
        });
        if let Some(f) = file {
            self.model.files[f as usize].changes.push(ix);
        }
        self.model.repo.commits_analyzed += 1;
        self
    }

    /// A change to `file` in the last commit (same author and time): commits of many files.
    pub(crate) fn also(&mut self, file: FileIx) -> &mut Self {
        let commit = (self.model.commits.len() - 1) as u32;
        let (who, time) = {
            let c = &self.model.commits[commit as usize];
            (c.contributor, c.time)
        };
        let path = self.model.files[file as usize].path.to_string();
        let kind = if self.model.files[file as usize].changes.is_empty() {
            ChangeKind::Added
        } else {
            ChangeKind::Modified
        };
        let ix = self.model.changes.len() as u32;
        self.model.changes.push(Change {
            delivers: true,
            commit,
            contributor: who,
            time,
            path: path.as_bytes().into(),
            kind,
            added: 1,
            removed: 0,
            file: Some(file),
        });
        self.model.files[file as usize].changes.push(ix);
        self
    }

    /// Names `who` in a `Co-authored-by` trailer of the last commit.
    pub(crate) fn co_author(&mut self, who: ContributorIx) -> &mut Self {
        let commit = self
            .model
            .commits
            .last_mut()
            .expect("a commit to co-author");
        commit.co_authors.push(who);
        self
    }

    pub(crate) fn build(&self) -> Model {
        self.model.clone()
    }
}

/// A model with one file per `(path, sole creator)` pair, each created by that contributor only
/// (so each file's only author is its creator).
pub(crate) fn sole_authored(ids: &[&str], files: &[(&str, ContributorIx)]) -> Model {
    let mut b = Builder::new(ids);
    for &(path, who) in files {
        let f = b.file(path);
        b.change(f, who, 0);
    }
    b.build()
}
