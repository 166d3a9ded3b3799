//! Knowledge silos: directories where one person is the only author of every file.

use bstr::BString;

use crate::analysis::directories::slashes;
use std::collections::HashMap;

use crate::analysis::ownership::FileOwnership;
use crate::model::{ContributorIx, FileIx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Silo {
    pub directory: BString,
    pub owner: ContributorIx,
    pub files: usize,
}

/// The single author shared by every file of `files`, if each has exactly that one author.
fn sole_owner(owners: &[FileOwnership], files: &[FileIx]) -> Option<ContributorIx> {
    let mut owner = None;
    for &f in files {
        let [only] = owners[f as usize].authors.as_slice() else {
            return None;
        };
        match owner {
            None => owner = Some(*only),
            Some(o) if o == *only => {}
            Some(_) => return None,
        }
    }
    owner
}

/// Directories (from [`crate::analysis::directories::directories`]) with at least `min_files` files
/// whose every file has exactly one author, the same person. Only the topmost such directory is
/// reported (a silo inside a silo of the same owner is dropped). Sorted by files descending, then
/// path.
pub fn silos(
    owners: &[FileOwnership],
    dirs: &[(BString, Vec<FileIx>)],
    min_files: usize,
) -> Vec<Silo> {
    let found: HashMap<&[u8], (ContributorIx, usize)> = dirs
        .iter()
        .filter(|(_, files)| !files.is_empty() && files.len() >= min_files)
        .filter_map(|(dir, files)| {
            sole_owner(owners, files).map(|owner| (dir.as_slice(), (owner, files.len())))
        })
        .collect();
    let mut out: Vec<Silo> = found
        .iter()
        .filter(|&(dir, &(owner, _))| {
            !slashes(dir).any(|slash| found.get(&dir[..slash]).is_some_and(|a| a.0 == owner))
        })
        .map(|(dir, &(owner, files))| Silo {
            directory: BString::from(*dir),
            owner,
            files,
        })
        .collect();
    out.sort_by(|a, b| {
        b.files
            .cmp(&a.files)
            .then_with(|| a.directory.cmp(&b.directory))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::directories::directories;
    use crate::analysis::ownership::ownership;
    use crate::model::Model;
    use crate::model::testkit::{Builder, sole_authored};

    fn run(model: &Model, min_files: usize) -> Vec<Silo> {
        silos(&ownership(model), &directories(model), min_files)
    }

    fn silo(dir: &str, owner: ContributorIx, files: usize) -> Silo {
        Silo {
            directory: dir.into(),
            owner,
            files,
        }
    }

    #[test]
    fn topmost_only() {
        // ml/ (4 files, all a) is a silo; ml/train (2 files, a) is a silo inside it → dropped
        // (ml/train/deep has 1 file < 2). srv/ mixes a and b → not; srv/b (2 files, b) is a silo → reported.
        // lib/ (1 file, c) is below min_files = 2 → not.
        // Sorted: ml (4), then srv/b (2).
        let model = sole_authored(
            &["a@x", "b@x", "c@x"],
            &[
                ("lib/x.py", 2),
                ("ml/a.py", 0),
                ("ml/b.py", 0),
                ("ml/train/c.py", 0),
                ("ml/train/deep/d.py", 0),
                ("srv/a.scala", 0),
                ("srv/b/x.scala", 1),
                ("srv/b/y.scala", 1),
            ],
        );
        assert_eq!(run(&model, 2), vec![silo("ml", 0, 4), silo("srv/b", 1, 2)]);
        // min_files = 1 adds lib (1 file, c); ml/train/deep is still inside ml → dropped.
        assert_eq!(
            run(&model, 1),
            vec![silo("ml", 0, 4), silo("srv/b", 1, 2), silo("lib", 2, 1)]
        );
    }

    #[test]
    fn shared_or_unowned_files_break_a_silo() {
        // d/ has f1 (a only) and f2 (a and b authors) → not a silo.
        // e/ has g1 (a) and g2 (no change, no author) → not a silo.
        let mut b = Builder::new(&["a@x", "b@x"]);
        let f1 = b.file("d/f1");
        let f2 = b.file("d/f2");
        let g1 = b.file("e/g1");
        b.file("e/g2");
        b.change(f1, 0, 0).change(g1, 0, 0);
        b.change(f2, 0, 0).edits(f2, 0, 3, 1).edits(f2, 1, 3, 2);
        let model = b.build();
        assert!(run(&model, 1).is_empty());
    }
}
