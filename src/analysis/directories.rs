//! Directory scopes: each directory with every file of its subtree, for per-directory bus
//! factors, silos and untouched directories.

use std::collections::BTreeMap;

use crate::model::{FileIx, Model};

/// Every directory that holds a file at the reference commit (anywhere in its subtree), with all the
/// files of its subtree in `FileIx` order. Paths have no trailing slash; the repository root (`""`)
/// is not included; sorted by path. Cost: files × depth.
pub fn directories(model: &Model) -> Vec<(String, Vec<FileIx>)> {
    let mut dirs: BTreeMap<&str, Vec<FileIx>> = BTreeMap::new();
    for (f, file) in model.files.iter().enumerate() {
        let path = file.path.as_str();
        for (slash, _) in path.match_indices('/') {
            let dir = &path[..slash];
            if !dir.is_empty() {
                dirs.entry(dir).or_default().push(f as FileIx);
            }
        }
    }
    dirs.into_iter()
        .map(|(dir, files)| (dir.to_string(), files))
        .collect()
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
        let expected: Vec<(String, Vec<FileIx>)> = vec![
            ("ml".into(), vec![1, 2, 3]),
            ("ml/train".into(), vec![2, 3]),
            ("srv".into(), vec![4]),
        ];
        assert_eq!(dirs, expected);
    }
}
