//! What the generator and the drift check both read from a report: its files as bytes, every
//! directory with the files of its subtree, and who among the active authors knows a set of files.

use std::collections::{BTreeMap, HashMap};

use crate::report::{Contributor, Report, paths};

/// The report's files and people, indexed for the CODEOWNERS questions.
pub struct History<'r> {
    pub report: &'r Report,
    /// `report.files[i].path` as bytes.
    pub paths: Vec<Vec<u8>>,
    people: HashMap<&'r str, &'r Contributor>,
}

impl<'r> History<'r> {
    pub fn new(report: &'r Report) -> History<'r> {
        History {
            paths: report.files.iter().map(|f| paths::bytes(&f.path)).collect(),
            people: report
                .contributors
                .iter()
                .map(|c| (c.id.as_str(), c))
                .collect(),
            report,
        }
    }

    pub fn person(&self, id: &str) -> Option<&'r Contributor> {
        self.people.get(id).copied()
    }

    fn is_active(&self, id: &str) -> bool {
        self.person(id).is_some_and(|c| c.active)
    }

    /// Every directory holding a file (its whole subtree, by index into `report.files`), the
    /// repository root `""` first; sorted by path, so a directory comes after its ancestors.
    pub fn directories(&self) -> BTreeMap<&[u8], Vec<usize>> {
        let mut dirs: BTreeMap<&[u8], Vec<usize>> = BTreeMap::new();
        for (i, path) in self.paths.iter().enumerate() {
            dirs.entry(&[]).or_default().push(i);
            for (at, _) in path.iter().enumerate().filter(|(_, b)| **b == b'/') {
                dirs.entry(&path[..at]).or_default().push(i);
            }
        }
        dirs
    }

    /// The active authors of `files`, most files authored first (then by id), with the count.
    pub fn active_authors(&self, files: &[usize]) -> Vec<(&'r str, usize)> {
        self.authors(files, true)
    }

    /// Every author of `files`, active or not, most files authored first (then by id).
    pub fn authors(&self, files: &[usize], active_only: bool) -> Vec<(&'r str, usize)> {
        let mut count: BTreeMap<&'r str, usize> = BTreeMap::new();
        for &f in files {
            for a in &self.report.files[f].authors {
                if !active_only || self.is_active(a) {
                    *count.entry(a.as_str()).or_default() += 1;
                }
            }
        }
        let mut ranked: Vec<(&'r str, usize)> = count.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        ranked
    }
}

/// The parent directories of `dir`, nearest first, ending with the root `""`.
pub fn ancestors(dir: &[u8]) -> impl Iterator<Item = &[u8]> {
    let cuts = dir
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, b)| **b == b'/')
        .map(|(i, _)| i);
    cuts.map(move |i| &dir[..i])
        .chain((!dir.is_empty()).then_some(&dir[..0]))
}

/// Is `path` inside the directory `dir` (the root `""` holds everything)?
pub fn is_inside(path: &[u8], dir: &[u8]) -> bool {
    dir.is_empty() || (path.len() > dir.len() && path.starts_with(dir) && path[dir.len()] == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_nearest_first() {
        let a: Vec<&[u8]> = ancestors(b"a/b/c").collect();
        assert_eq!(a, vec![&b"a/b"[..], b"a", b""]);
        assert_eq!(ancestors(b"a").collect::<Vec<_>>(), vec![&b""[..]]);
        assert_eq!(ancestors(b"").count(), 0);
        assert!(is_inside(b"a/b", b"a") && !is_inside(b"ab/c", b"a") && is_inside(b"x", b""));
    }
}
