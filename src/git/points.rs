//! The states a timeline snapshots: for each period end, the commit of the analysed branch at
//! that moment and its files; and for each mined commit, the period it landed in. Everything
//! comes from one mining pass: the graph is the cached one, and a blob's line count is read once
//! however many points hold it.

use std::collections::HashMap;

use git2::{Oid, Repository};

use super::attributes::Attributes;
use super::walk;
use super::{MineError, Mining, blame_ignore_revs, head, raw_commit, read_attribute_files};
use crate::model::mined::HeadFile;

/// What earlier points read: line counts of blobs, by blob and by whether attributes forced
/// binary or text; and the files under trees.
#[derive(Debug, Default)]
pub struct LineCounts {
    lines: HashMap<(Oid, Option<bool>), u64>,
    trees: head::TreeMemo,
}

/// What a commit's tree says: its regular files with their line counts, its attributes and its
/// `.git-blame-ignore-revs`.
#[derive(Debug)]
pub struct TreeState {
    pub files: Vec<HeadFile>,
    pub attributes: Attributes,
    /// `.gitattributes` files (and `info/attributes`) as (path, text): part of the cache key.
    pub attribute_files: Vec<(Vec<u8>, Vec<u8>)>,
    pub ignore_revs: Vec<String>,
    /// Blobs that could not be read (their files count 0 lines).
    pub missing: Vec<Oid>,
}

pub fn tree_state(
    repo: &Repository,
    commit: Oid,
    counts: &mut LineCounts,
) -> Result<TreeState, MineError> {
    let tree = repo.find_tree(raw_commit::read(repo, commit)?.tree)?;
    let mut files = head::list_files_with(repo, &tree, &mut counts.trees)?;
    let attribute_files = read_attribute_files(repo, &files);
    let attributes = Attributes::from_files(attribute_files.clone());
    let key = |f: &head::TreeFile| (f.id, attributes.binary_override(&f.path));
    let mut todo: Vec<head::TreeFile> = Vec::new();
    for f in &mut files {
        match counts.lines.get(&key(f)) {
            Some(&n) => f.lines = n,
            None => todo.push(f.clone()),
        }
    }
    let missing = head::count_file_lines(repo, &mut todo, &|p| attributes.binary_override(p))?;
    for f in &todo {
        if !missing.contains(&f.id) {
            counts.lines.insert(key(f), f.lines);
        }
    }
    let counted: HashMap<&[u8], u64> = todo.iter().map(|f| (&f.path[..], f.lines)).collect();
    let files = files
        .iter()
        .map(|f| HeadFile {
            path: f.path.clone(),
            lines: counted.get(&f.path[..]).copied().unwrap_or(f.lines),
        })
        .collect();
    Ok(TreeState {
        files,
        ignore_revs: blame_ignore_revs(repo, &tree),
        attributes,
        attribute_files,
        missing,
    })
}

/// The state of the branch at one period end.
#[derive(Debug)]
pub struct Point {
    pub commit: String,
    pub tree: TreeState,
}

/// For each instant of `ends` (oldest first): the last first-parent commit of the mined head at
/// or before it, and its tree; `None` before the history begins.
pub fn points(
    repo: &Repository,
    mining: &mut Mining,
    ends: &[i64],
) -> Result<Vec<Option<Point>>, MineError> {
    let counts = &mut mining.line_counts;
    let head = Oid::from_str(&mining.history.head)?;
    let graph = &mining.graph;
    let found = walk::first_parent_at(head, ends, |id| {
        Ok::<_, MineError>(
            graph
                .get(&id)
                .map(|n| (n.parents.first().map(walk::oid), n.commit_time)),
        )
    })?;
    // newest first: the head's counts are known, and each point shares most blobs with the next
    let mut out: Vec<Option<Point>> = found
        .into_iter()
        .rev()
        .map(|c| {
            c.map(|id| {
                Ok(Point {
                    commit: id.to_string(),
                    tree: tree_state(repo, id, counts)?,
                })
            })
            .transpose()
        })
        .collect::<Result<_, MineError>>()?;
    out.reverse();
    Ok(out)
}

/// For each commit of the mined history (in its order): the index of the first of `points`
/// whose history holds it, if any.
pub fn landed(mining: &Mining, points: &[&str]) -> Result<Vec<Option<usize>>, MineError> {
    let ids: Vec<Oid> = points
        .iter()
        .map(|p| Oid::from_str(p))
        .collect::<Result<_, _>>()?;
    let landed = walk::landed(&mining.graph, &ids);
    mining
        .history
        .commits
        .iter()
        .map(|c| Ok(landed.get(&Oid::from_str(&c.id)?).copied()))
        .collect()
}
