//! The files at the reference commit: paths, blob ids and line counts.

use std::collections::HashMap;
use std::sync::Arc;

use bstr::BString;
use git2::{Oid, Repository, Tree};
use rayon::prelude::*;

use super::blobs::{Read, count_lines};
use super::tree_diff::{self, MODE_TREE, is_regular};
use crate::notebook::NotebookLines;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    pub path: BString,
    pub id: Oid,
    pub lines: u64,
}

/// Regular files of `tree` (no symlinks, no submodules), sorted by path; lines not yet counted.
/// (git2's `Tree::walk` gives directory names as `&str` and stops at the first that is not
/// UTF-8, so the walk is done here, in bytes.)
pub fn list_files(repo: &Repository, tree: &Tree<'_>) -> Result<Vec<TreeFile>, git2::Error> {
    list_files_with(repo, tree, &mut TreeMemo::default())
}

/// The files under each tree already listed, by tree id: the trees of a timeline's points are
/// mostly the same, and an unchanged subtree is then not read again.
#[derive(Debug, Default)]
pub struct TreeMemo(HashMap<Oid, Arc<[(BString, Oid)]>>);

/// [`list_files`], reusing (and filling) `memo`.
pub fn list_files_with(
    repo: &Repository,
    tree: &Tree<'_>,
    memo: &mut TreeMemo,
) -> Result<Vec<TreeFile>, git2::Error> {
    let mut files: Vec<TreeFile> = subtree(repo, tree, memo)?
        .iter()
        .map(|(path, id)| TreeFile {
            path: path.clone(),
            id: *id,
            lines: 0,
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// The regular files under `tree`, with paths relative to it.
fn subtree(
    repo: &Repository,
    tree: &Tree<'_>,
    memo: &mut TreeMemo,
) -> Result<Arc<[(BString, Oid)]>, git2::Error> {
    if let Some(known) = memo.0.get(&tree.id()) {
        return Ok(known.clone());
    }
    let mut files = Vec::new();
    for entry in tree.iter() {
        let mode = tree_diff::mode(&entry);
        let name = entry.name_bytes();
        if mode & 0o170000 == MODE_TREE {
            let below = subtree(repo, &repo.find_tree(entry.id())?, memo)?;
            for (path, id) in below.iter() {
                let mut full = BString::from(name);
                full.push(b'/');
                full.extend_from_slice(path);
                files.push((full, *id));
            }
        } else if is_regular(mode) {
            files.push((BString::from(name), entry.id()));
        }
    }
    let files: Arc<[(BString, Oid)]> = files.into();
    memo.0.insert(tree.id(), files.clone());
    Ok(files)
}

/// Below this many blobs, opening a repository per thread costs more than the counting.
const PARALLEL_FROM: usize = 256;

pub fn count_file_lines(
    repo: &Repository,
    files: &mut [(TreeFile, Option<bool>)],
    notebooks: NotebookLines,
) -> Result<Vec<(Oid, Unread)>, git2::Error> {
    if files.len() < PARALLEL_FROM {
        return files
            .iter_mut()
            .map(|(f, binary)| count_one(repo, f, *binary, notebooks))
            .filter_map(Result::transpose)
            .collect();
    }
    let repo_path = repo.path();
    files
        .par_iter_mut()
        .map_init(
            || Repository::open(repo_path),
            |repo, (f, binary)| {
                let repo = repo
                    .as_ref()
                    .map_err(|e| git2::Error::from_str(e.message()))?;
                count_one(repo, f, *binary, notebooks)
            },
        )
        .filter_map(Result::transpose)
        .collect()
}

/// Why a blob's lines are not what was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unread {
    /// Not in the repository: 0 lines.
    Missing,
    /// A notebook that does not parse: its raw lines.
    Unparsed,
}

/// Counts one file's lines (`binary`: what the attributes force); says when its blob cannot be
/// read, or is a notebook that does not parse.
fn count_one(
    repo: &Repository,
    f: &mut TreeFile,
    binary: Option<bool>,
    notebooks: NotebookLines,
) -> Result<Option<(Oid, Unread)>, git2::Error> {
    match repo.find_blob(f.id) {
        Ok(blob) => {
            let read = Read::new(blob.content(), &f.path, notebooks);
            f.lines = if read.binary(binary) {
                0
            } else {
                count_lines(read.text())
            };
            Ok(matches!(read, Read::Unparsed(_)).then_some((f.id, Unread::Unparsed)))
        }
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(Some((f.id, Unread::Missing))),
        Err(e) => Err(e),
    }
}
