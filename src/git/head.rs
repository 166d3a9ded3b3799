//! The files at the reference commit: paths, blob ids and line counts.

use bstr::BString;
use git2::{Oid, Repository, Tree};
use rayon::prelude::*;

use super::blobs::{count_lines, looks_binary};
use super::tree_diff::{self, MODE_TREE, is_regular};

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
    let mut files = Vec::new();
    let mut prefix = Vec::new();
    list_into(repo, tree, &mut prefix, &mut files)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn list_into(
    repo: &Repository,
    tree: &Tree<'_>,
    prefix: &mut Vec<u8>,
    files: &mut Vec<TreeFile>,
) -> Result<(), git2::Error> {
    for entry in tree.iter() {
        let mode = tree_diff::mode(&entry);
        let len = prefix.len();
        prefix.extend_from_slice(entry.name_bytes());
        if mode & 0o170000 == MODE_TREE {
            prefix.push(b'/');
            list_into(repo, &repo.find_tree(entry.id())?, prefix, files)?;
        } else if is_regular(mode) {
            files.push(TreeFile {
                path: BString::from(prefix.as_slice()),
                id: entry.id(),
                lines: 0,
            });
        }
        prefix.truncate(len);
    }
    Ok(())
}

/// Counts lines of the given files in parallel; binary files have 0. Returns the ids of blobs
/// that could not be read.
/// Below this many blobs, opening a repository per thread costs more than the counting.
const PARALLEL_FROM: usize = 256;

pub fn count_file_lines(
    repo: &Repository,
    files: &mut [TreeFile],
    binary_override: &(dyn Fn(&[u8]) -> Option<bool> + Sync),
) -> Result<Vec<Oid>, git2::Error> {
    if files.len() < PARALLEL_FROM {
        return files
            .iter_mut()
            .map(|f| count_one(repo, f, binary_override))
            .filter_map(Result::transpose)
            .collect();
    }
    let repo_path = repo.path();
    files
        .par_iter_mut()
        .map_init(
            || Repository::open(repo_path),
            |repo, f| {
                let repo = repo
                    .as_ref()
                    .map_err(|e| git2::Error::from_str(e.message()))?;
                count_one(repo, f, binary_override)
            },
        )
        .filter_map(Result::transpose)
        .collect()
}

/// Counts one file's lines; returns its blob id when the blob cannot be read.
fn count_one(
    repo: &Repository,
    f: &mut TreeFile,
    binary_override: &(dyn Fn(&[u8]) -> Option<bool> + Sync),
) -> Result<Option<Oid>, git2::Error> {
    match repo.find_blob(f.id) {
        Ok(blob) => {
            let data = blob.content();
            let binary = binary_override(&f.path).unwrap_or_else(|| looks_binary(data));
            f.lines = if binary { 0 } else { count_lines(data) };
            Ok(None)
        }
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(Some(f.id)),
        Err(e) => Err(e),
    }
}
