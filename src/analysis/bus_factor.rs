//! Bus factor (Avelino et al.'s greedy truck factor) of a scope.
//!
//! Take the scope's files; while at least half of them still have an author, remove the contributor
//! who is author of the most of them (ties: smallest id). The bus factor is the number removed, the
//! key people those removed, in order. As in the reference implementation, "author of the most of
//! them" counts every file of the scope the contributor authors (not only those still covered), so
//! the removal order is fixed up front; coverage is then updated incrementally per removal.

use std::collections::HashMap;

use crate::analysis::ownership::FileOwnership;
use crate::model::{ContributorIx, FileIx, Model};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusFactor {
    /// `None` for a scope without files.
    pub value: Option<u32>,
    /// The contributors removed, in removal order.
    pub key_people: Vec<ContributorIx>,
}

/// The bus factor of the scope made of `files` (distinct files at the reference commit).
///
/// Cost: O(authorships in the scope + k log k) for k distinct authors; nothing is proportional to
/// the number of contributors or files outside the scope.
pub fn bus_factor(model: &Model, owners: &[FileOwnership], files: &[FileIx]) -> BusFactor {
    let total = files.len();
    if total == 0 {
        return BusFactor::default();
    }
    // Per scope file: authors left. Per author: the scope files (positions in `files`) they author.
    let mut left: Vec<u32> = Vec::with_capacity(total);
    let mut authored: HashMap<ContributorIx, Vec<usize>> = HashMap::new();
    for (pos, &f) in files.iter().enumerate() {
        let authors = &owners[f as usize].authors;
        left.push(authors.len() as u32);
        for &who in authors {
            authored.entry(who).or_default().push(pos);
        }
    }
    let mut covered = left.iter().filter(|&&n| n > 0).count();

    let mut order: Vec<(ContributorIx, Vec<usize>)> = authored.into_iter().collect();
    order.sort_by(|a, b| {
        b.1.len()
            .cmp(&a.1.len())
            .then_with(|| model.contributor(a.0).id.cmp(&model.contributor(b.0).id))
    });

    let mut key_people = Vec::new();
    for (who, positions) in order {
        if covered * 2 < total {
            break;
        }
        key_people.push(who);
        for pos in positions {
            left[pos] -= 1;
            if left[pos] == 0 {
                covered -= 1;
            }
        }
    }
    BusFactor {
        value: Some(key_people.len() as u32),
        key_people,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ownership::ownership;
    use crate::model::testkit::{Builder, sole_authored};

    fn run(model: &Model, files: &[FileIx]) -> BusFactor {
        bus_factor(model, &ownership(model), files)
    }

    fn all(model: &Model) -> Vec<FileIx> {
        (0..model.files.len() as FileIx).collect()
    }

    #[test]
    fn empty_scope_has_none() {
        let model = sole_authored(&["a@x"], &[("f1", 0)]);
        assert_eq!(
            run(&model, &[]),
            BusFactor {
                value: None,
                key_people: vec![]
            }
        );
    }

    #[test]
    fn one_author_everywhere() {
        // 3 files all by a: coverage 3/3 ≥ 50 % → remove a → 0/3 < 50 % → stop. Value 1.
        let model = sole_authored(&["a@x", "b@x"], &[("f1", 0), ("f2", 0), ("f3", 0)]);
        let bf = run(&model, &all(&model));
        assert_eq!(
            bf,
            BusFactor {
                value: Some(1),
                key_people: vec![0]
            }
        );
    }

    #[test]
    fn ties_remove_smallest_id_first() {
        // Contributors deliberately out of id order: index 0 = "zed@x", index 1 = "amy@x",
        // index 2 = "bob@x". Files: zed 2, amy 2, bob 1 (5 files).
        // Coverage 5/5 → remove amy (tie 2 vs 2 with zed, "amy" < "zed") → 3/5 ≥ 50 %
        // → remove zed → 1/5 < 50 % → stop. Value 2, key people [amy, zed].
        let model = sole_authored(
            &["zed@x", "amy@x", "bob@x"],
            &[("f1", 0), ("f2", 0), ("f3", 1), ("f4", 1), ("f5", 2)],
        );
        let bf = run(&model, &all(&model));
        assert_eq!(
            bf,
            BusFactor {
                value: Some(2),
                key_people: vec![1, 0]
            }
        );
    }

    #[test]
    fn exactly_half_coverage_continues() {
        // 4 files: a 2, b 1, c 1. Start 4/4 → remove a → 2/4 = exactly 50 %: the loop continues
        // → remove b (tie with c, "b@x" < "c@x") → 1/4 < 50 % → stop. Value 2.
        let model = sole_authored(
            &["a@x", "b@x", "c@x"],
            &[("f1", 0), ("f2", 0), ("f3", 1), ("f4", 2)],
        );
        let bf = run(&model, &all(&model));
        assert_eq!(
            bf,
            BusFactor {
                value: Some(2),
                key_people: vec![0, 1]
            }
        );
    }

    #[test]
    fn files_without_authors_from_the_start() {
        // Two files with no change at all → no author → coverage 0/2 < 50 % → value 0.
        let mut b = Builder::new(&["a@x"]);
        b.file("f1");
        b.file("f2");
        let model = b.build();
        assert_eq!(
            run(&model, &all(&model)),
            BusFactor {
                value: Some(0),
                key_people: vec![]
            }
        );

        // 3 files, only 1 authored (by a): 1/3 < 50 % from the start → value 0.
        let mut b = Builder::new(&["a@x"]);
        let f1 = b.file("f1");
        b.file("f2");
        b.file("f3");
        b.change(f1, 0, 0);
        let model = b.build();
        assert_eq!(
            run(&model, &all(&model)),
            BusFactor {
                value: Some(0),
                key_people: vec![]
            }
        );
    }

    #[test]
    fn shared_files_need_all_their_authors_removed() {
        // f1, f2 authored by both a and b (a creates + 3 edits, b 3 edits: ratio 0.7526, see
        // ownership tests); f3 by c only. Counts: a 2, b 2, c 1.
        // 3/3 → remove a (tie with b) → still 3/3 (b covers f1, f2) → remove b → 1/3 < 50 % → 2.
        let mut b = Builder::new(&["a@x", "b@x", "c@x"]);
        let f1 = b.file("f1");
        let f2 = b.file("f2");
        let f3 = b.file("f3");
        for f in [f1, f2] {
            b.change(f, 0, 0).edits(f, 0, 3, 1).edits(f, 1, 3, 2);
        }
        b.change(f3, 2, 0);
        let model = b.build();
        let owners = ownership(&model);
        assert_eq!(owners[0].authors, vec![0, 1]);
        let bf = bus_factor(&model, &owners, &[f1, f2, f3]);
        assert_eq!(
            bf,
            BusFactor {
                value: Some(2),
                key_people: vec![0, 1]
            }
        );
        // A sub-scope: only f3 → remove c → 0/1 → 1.
        let bf = bus_factor(&model, &owners, &[f3]);
        assert_eq!(
            bf,
            BusFactor {
                value: Some(1),
                key_people: vec![2]
            }
        );
    }
}
