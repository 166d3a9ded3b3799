//! The files at the reference commit: paths, blob ids and line counts.

use git2::{Oid, Repository, Tree, TreeWalkMode, TreeWalkResult};
use rayon::prelude::*;

use super::blobs::{count_lines, looks_binary};
use super::tree_diff::is_regular;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    pub path: String,
    pub id: Oid,
    pub lines: u64,
}

/// Regular files of `tree` (no symlinks, no submodules), sorted by path; lines not yet counted.
pub fn list_files(tree: &Tree<'_>) -> Result<Vec<TreeFile>, git2::Error> {
    let mut files = Vec::new();
    tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
        if is_regular(entry.filemode() as u32) {
            files.push(TreeFile {
                path: format!("{dir}{}", String::from_utf8_lossy(entry.name_bytes())),
                id: entry.id(),
                lines: 0,
            });
        }
        TreeWalkResult::Ok
    })?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Counts lines of the given files in parallel; binary files have 0. Returns the ids of blobs
/// that could not be read.
pub fn count_file_lines(
    repo_path: &std::path::Path,
    files: &mut [TreeFile],
    binary_override: &(dyn Fn(&str) -> Option<bool> + Sync),
) -> Result<Vec<Oid>, git2::Error> {
    files
        .par_iter_mut()
        .map_init(
            || Repository::open(repo_path),
            |repo, f| -> Result<Option<Oid>, git2::Error> {
                let repo = repo
                    .as_ref()
                    .map_err(|e| git2::Error::from_str(e.message()))?;
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
            },
        )
        .filter_map(Result::transpose)
        .collect()
}
