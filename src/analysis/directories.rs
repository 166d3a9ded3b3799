//! Directory scopes: each directory with every file of its subtree, for per-directory bus
//! factors, silos and untouched directories.

use std::collections::BTreeMap;

use bstr::BString;

use crate::model::{FileIx, Model};

/// Every directory that holds a file at the reference commit (anywhere in its subtree), with all the
/// files of its subtree in `FileIx` order. Paths have no trailing slash; the repository root (`""`)
/// is not included; sorted by path. Cost: files × depth.
pub fn directories(model: &Model) -> Vec<(BString, Vec<FileIx>)> {
    let mut dirs: BTreeMap<&[u8], Vec<FileIx>> = BTreeMap::new();
    for (f, file) in model.files.iter().enumerate() {
        let path = file.path.as_slice();
        for slash in slashes(path) {
            let dir = &path[..slash];
            if !dir.is_empty() {
                dirs.entry(dir).or_default().push(f as FileIx);
            }
        }
    }
    dirs.into_iter()
        .map(|(dir, files)| (BString::from(dir), files))
        .collect()
}

/// Where the directory separators of `path` are: every proper parent directory ends there.
pub fn slashes(path: &[u8]) -> impl Iterator<Item = usize> + '_ {
    path.iter()
        .enumerate()
        .filter(|(_, b)| **b == b'/')
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testkit::sole_authored;

    #[test]
    fn directories_cover_subtrees() {
        let model = sole_authored(
            &["a@x"],
            &[
                ("README", 0),
                ("ml/a.py", 0),
                ("ml/train/b.py", 0),
                ("ml/train/c.py", 0),
                ("srv/d.scala", 0),
            ],
        );
        let dirs = directories(&model);
        let expected: Vec<(BString, Vec<FileIx>)> = vec![
            ("ml".into(), vec![1, 2, 3]),
            ("ml/train".into(), vec![2, 3]),
            ("srv".into(), vec![4]),
        ];
        assert_eq!(dirs, expected);
    }
}
