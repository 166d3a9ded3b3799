//! The states a timeline snapshots: for each period end, the commit of the analysed branch at
//! that moment and its files; and for each mined commit, the period it landed in. Everything
//! comes from one mining pass: the graph is the cached one, and a blob's line count is read once
//! however many points hold it.

use std::collections::{HashMap, HashSet};

use bstr::BString;
use git2::{Oid, Repository};

use super::attributes::Attributes;
use super::walk;
use super::{MineError, Mining, blame_ignore_revs, head, raw_commit, read_attribute_files};
use crate::model::mined::HeadFile;
use crate::notebook::NotebookLines;

/// What earlier points read: line counts of blobs, by blob, by whether attributes forced
/// binary or text, and by whether it is read as a notebook's cells; and the files under trees.
#[derive(Debug)]
pub struct LineCounts {
    notebooks: NotebookLines,
    lines: HashMap<LineKey, u64>,
    trees: head::TreeMemo,
    /// The last attribute files read, and per path what they say of binary-ness and whether
    /// the path is wanted (both depend on the attributes alone).
    attribute_files: Vec<(Vec<u8>, Vec<u8>)>,
    overrides: HashMap<BString, Option<bool>>,
    wanted: HashMap<BString, bool>,
    /// Blobs that could not be read.
    missing: HashSet<Oid>,
    /// Notebook blobs that did not parse.
    unparsed: HashSet<Oid>,
}

type LineKey = (Oid, Option<bool>, bool);

impl LineCounts {
    pub fn new(notebooks: NotebookLines) -> Self {
        LineCounts {
            notebooks,
            lines: HashMap::new(),
            trees: head::TreeMemo::default(),
            attribute_files: Vec::new(),
            overrides: HashMap::new(),
            wanted: HashMap::new(),
            missing: HashSet::new(),
            unparsed: HashSet::new(),
        }
    }

    fn key(&self, f: &head::TreeFile, binary: Option<bool>) -> LineKey {
        (f.id, binary, self.notebooks.reads_cells(&f.path))
    }
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
    /// Notebook blobs that did not parse (their files count their raw lines).
    pub unparsed: Vec<Oid>,
}

pub fn tree_state(
    repo: &Repository,
    commit: Oid,
    counts: &mut LineCounts,
) -> Result<TreeState, MineError> {
    counts.wanted.clear();
    let listed = list(repo, commit, counts, &|_, _| true)?;
    count(repo, [&listed], counts)?;
    Ok(listed.finish(counts))
}

/// A commit's tree read, its line counts not yet known.
struct Listed {
    files: Vec<head::TreeFile>,
    /// Per file: what the attributes force of its binary-ness.
    binary: Vec<Option<bool>>,
    attributes: Attributes,
    attribute_files: Vec<(Vec<u8>, Vec<u8>)>,
    ignore_revs: Vec<String>,
}

/// Which files of a tree are wanted, given the tree's attributes.
pub type Wanted<'a> = dyn Fn(&[u8], &Attributes) -> bool + 'a;

fn list(
    repo: &Repository,
    commit: Oid,
    counts: &mut LineCounts,
    wanted: &Wanted<'_>,
) -> Result<Listed, MineError> {
    let tree = repo.find_tree(raw_commit::read(repo, commit)?.tree)?;
    let mut files = head::list_files_with(repo, &tree, &mut counts.trees)?;
    let attribute_files = read_attribute_files(repo, &files);
    let attributes = Attributes::from_files(attribute_files.clone());
    let ignore_revs = blame_ignore_revs(repo, &tree);
    // the verdicts kept are those of the last attributes read: forget them when these differ
    if counts.attribute_files != attribute_files {
        counts.overrides.clear();
        counts.wanted.clear();
        counts.attribute_files = attribute_files.clone();
    }
    files.retain(|f| match counts.wanted.get(&f.path) {
        Some(&w) => w,
        None => {
            let w = wanted(&f.path, &attributes);
            counts.wanted.insert(f.path.clone(), w);
            w
        }
    });
    let binary = files
        .iter()
        .map(|f| {
            *counts
                .overrides
                .entry(f.path.clone())
                .or_insert_with(|| attributes.binary_override(&f.path))
        })
        .collect();
    Ok(Listed {
        files,
        binary,
        ignore_revs,
        attributes,
        attribute_files,
    })
}

/// Counts, once each and in parallel, the blobs of `listed` whose counts are not known yet.
fn count<'a>(
    repo: &Repository,
    listed: impl IntoIterator<Item = &'a Listed>,
    counts: &mut LineCounts,
) -> Result<(), MineError> {
    let mut todo: Vec<(head::TreeFile, Option<bool>)> = Vec::new();
    let mut queued = HashSet::new();
    for l in listed {
        for (f, &binary) in l.files.iter().zip(&l.binary) {
            let key = counts.key(f, binary);
            if !counts.lines.contains_key(&key) && queued.insert(key) {
                todo.push((f.clone(), binary));
            }
        }
    }
    for (id, why) in head::count_file_lines(repo, &mut todo, counts.notebooks)? {
        match why {
            head::Unread::Missing => counts.missing.insert(id),
            head::Unread::Unparsed => counts.unparsed.insert(id),
        };
    }
    for (f, binary) in todo {
        counts.lines.insert(counts.key(&f, binary), f.lines);
    }
    Ok(())
}

impl Listed {
    fn finish(self, counts: &LineCounts) -> TreeState {
        let files = self
            .files
            .iter()
            .zip(&self.binary)
            .map(|(f, &binary)| HeadFile {
                path: f.path.clone(),
                lines: counts.lines[&counts.key(f, binary)],
            })
            .collect();
        let among = |set: &HashSet<Oid>| -> Vec<Oid> {
            self.files
                .iter()
                .filter(|f| set.contains(&f.id))
                .map(|f| f.id)
                .collect()
        };
        let (missing, unparsed) = (among(&counts.missing), among(&counts.unparsed));
        TreeState {
            files,
            attributes: self.attributes,
            attribute_files: self.attribute_files,
            ignore_revs: self.ignore_revs,
            missing,
            unparsed,
        }
    }
}

/// The state of the branch at one period end.
#[derive(Debug)]
pub struct Point {
    pub commit: String,
    pub tree: TreeState,
}

/// For each instant of `ends` (oldest first): the last first-parent commit of the mined head at
/// or before it, and its tree (only the `wanted` files: the others' blobs are never read);
/// `None` before the history begins.
pub fn points(
    repo: &Repository,
    mining: &mut Mining,
    ends: &[i64],
    wanted: &Wanted<'_>,
) -> Result<Vec<Option<Point>>, MineError> {
    let counts = &mut mining.line_counts;
    counts.wanted.clear();
    let head = Oid::from_str(&mining.history.head)?;
    let graph = &mining.graph;
    let found = walk::first_parent_at(head, ends, |id| {
        Ok::<_, MineError>(
            graph
                .get(&id)
                .map(|n| (n.parents.first().map(walk::oid), n.commit_time)),
        )
    })?;
    let listed: Vec<Option<Listed>> = found
        .iter()
        .map(|c| c.map(|id| list(repo, id, counts, wanted)).transpose())
        .collect::<Result<_, _>>()?;
    count(repo, listed.iter().flatten(), counts)?;
    Ok(listed
        .into_iter()
        .zip(found)
        .map(|(l, id)| {
            Some(Point {
                commit: id?.to_string(),
                tree: l?.finish(counts),
            })
        })
        .collect())
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

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{IndexAddOption, Signature, Time};

    /// Commits the work tree after writing `files` into it.
    fn commit(repo: &Repository, files: &[(&str, &str)], parents: &[Oid], t: i64) -> Oid {
        let root = repo.workdir().unwrap();
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let mut index = repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = Signature::new("A", "a@x", &Time::new(t, 0)).unwrap();
        let parents: Vec<_> = parents
            .iter()
            .map(|p| repo.find_commit(*p).unwrap())
            .collect();
        let refs: Vec<_> = parents.iter().collect();
        repo.commit(None, &sig, &sig, "c", &tree, &refs).unwrap()
    }

    #[test]
    fn each_tree_is_judged_by_its_own_attributes() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let c1 = commit(&repo, &[("gen/a.dat", "x\n"), ("b.py", "y\n")], &[], 1);
        let c2 = commit(&repo, &[(".gitattributes", "gen/** binary\n")], &[c1], 2);
        let wanted = |p: &[u8], a: &Attributes| a.binary_override(p) != Some(true);
        let mut counts = LineCounts::new(NotebookLines::Cells);
        let paths =
            |l: &Listed| -> Vec<String> { l.files.iter().map(|f| f.path.to_string()).collect() };
        let first = list(&repo, c1, &mut counts, &wanted).unwrap();
        assert_eq!(paths(&first), ["b.py", "gen/a.dat"]);
        let second = list(&repo, c2, &mut counts, &wanted).unwrap();
        assert_eq!(paths(&second), [".gitattributes", "b.py"]);
        let again = list(&repo, c1, &mut counts, &wanted).unwrap();
        assert_eq!(paths(&again), ["b.py", "gen/a.dat"]);
    }
}
