//! The data-science / software-engineering boundary: who implements which area, who crosses it.
//!
//! A crossing is a change (creation included) to a path in an area with side S by a contributor
//! whose role is a side other than S. `mixed` and `unknown` people make no crossings, and areas
//! without a side have none. Every role other than `mixed` and `unknown` is a side role.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::classify::{Classification, MIXED, UNKNOWN};
use crate::analysis::ownership::FileOwnership;
use crate::model::{ContributorIx, FileIx, Model};

/// The side a role stands for, or `None` for `mixed` and `unknown`.
fn side_role(class: &Classification, who: ContributorIx) -> Option<&str> {
    let role = class.roles[who as usize].role.as_str();
    (role != MIXED && role != UNKNOWN).then_some(role)
}

/// Per area (index into `class.areas`): the fraction of the area's changes made by each role
/// (roles as assigned, `mixed` and `unknown` included). An area with no change has an empty map.
pub fn role_shares(model: &Model, class: &Classification) -> Vec<BTreeMap<String, f64>> {
    let mut counts: Vec<BTreeMap<&str, u64>> = vec![BTreeMap::new(); class.areas.len()];
    for (change, area) in model.changes.iter().zip(&class.change_area) {
        if let Some(area) = *area {
            for who in model.credited(change) {
                let role = class.roles[who as usize].role.as_str();
                *counts[area].entry(role).or_insert(0) += 1;
            }
        }
    }
    counts
        .into_iter()
        .map(|per_role| {
            let total: u64 = per_role.values().sum();
            per_role
                .into_iter()
                .map(|(role, n)| (role.to_string(), n as f64 / total as f64))
                .collect()
        })
        .collect()
}

/// Crossing counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Crossings {
    /// Per area (index into `class.areas`).
    pub per_area: Vec<u64>,
    /// Per contributor (`ContributorIx`).
    pub per_contributor: Vec<u64>,
    /// Per file (`FileIx`), counting the crossings among the changes of its history.
    pub per_file: Vec<u64>,
}

/// The people credited with one change (index into `model.changes`) for whom it is a crossing:
/// its author and co-authors whose side role is not the area's side.
pub fn crossers<'a>(
    model: &'a Model,
    class: &'a Classification,
    change: usize,
) -> impl Iterator<Item = ContributorIx> + 'a {
    let side = class.change_area[change].and_then(|a| class.side_of_area(a));
    model
        .credited(&model.changes[change])
        .filter(move |&who| side.is_some_and(|s| side_role(class, who).is_some_and(|r| r != s)))
}

/// Every crossing in the mined history, counted per area, per contributor and per head file.
pub fn crossings(model: &Model, class: &Classification) -> Crossings {
    let mut out = Crossings {
        per_area: vec![0; class.areas.len()],
        per_contributor: vec![0; model.contributors.len()],
        per_file: vec![0; model.files.len()],
    };
    // one crossing per person credited: a co-authored crossing by two people is two
    for (ix, change) in model.changes.iter().enumerate() {
        for who in crossers(model, class, ix) {
            if let Some(area) = class.change_area[ix] {
                out.per_area[area] += 1;
            }
            out.per_contributor[who as usize] += 1;
            if let Some(file) = change.file {
                out.per_file[file as usize] += 1;
            }
        }
    }
    out
}

/// Files whose authors include people of at least two different side roles, sorted by path.
pub fn boundary_files(
    model: &Model,
    owners: &[FileOwnership],
    class: &Classification,
) -> Vec<FileIx> {
    let mut files: Vec<FileIx> = owners
        .iter()
        .enumerate()
        .filter(|(_, o)| {
            let sides: BTreeSet<&str> = o
                .authors
                .iter()
                .filter_map(|&who| side_role(class, who))
                .collect();
            sides.len() >= 2
        })
        .map(|(f, _)| f as FileIx)
        .collect();
    files.sort_by(|&a, &b| {
        model.files[a as usize]
            .path
            .cmp(&model.files[b as usize].path)
    });
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::classify::{RoleAssignment, RoleSource};
    use crate::analysis::ownership::ownership;
    use crate::model::testkit::Builder;

    fn role(r: &str) -> RoleAssignment {
        RoleAssignment {
            role: r.to_string(),
            source: RoleSource::Config,
            changes_per_side: BTreeMap::new(),
            changes: 0,
        }
    }

    /// Areas: 0 training (ds), 1 inference (se), 2 docs (no side); area by path prefix.
    fn classify(model: &Model, roles: &[&str]) -> Classification {
        let area_of = |path: &[u8]| {
            if path.starts_with(b"train/") {
                Some(0)
            } else if path.starts_with(b"serve/") {
                Some(1)
            } else if path.starts_with(b"docs/") {
                Some(2)
            } else {
                None
            }
        };
        Classification {
            areas: vec![
                ("training".into(), Some("ds".into())),
                ("inference".into(), Some("se".into())),
                ("docs".into(), None),
            ],
            file_area: model.files.iter().map(|f| area_of(&f.path)).collect(),
            change_area: model.changes.iter().map(|c| area_of(&c.path)).collect(),
            roles: roles.iter().map(|r| role(r)).collect(),
        }
    }

    /// d = ds, s = se, m = mixed, u = unknown.
    fn fixture() -> (Model, Classification) {
        let mut b = Builder::new(&["d@x", "m@x", "s@x", "u@x"]);
        let docs = b.file("docs/guide.md");
        let infer = b.file("serve/api.scala");
        let train = b.file("train/model.py");
        // training: d creates + 2 edits, s 1 edit, m 1 edit, u 1 edit (6 changes).
        b.change(train, 0, 0)
            .edits(train, 0, 2, 1)
            .change(train, 2, 2)
            .change(train, 1, 3)
            .change(train, 3, 4);
        // inference: s creates, d 1 edit, m 1 edit (3 changes).
        b.change(infer, 2, 0)
            .change(infer, 0, 1)
            .change(infer, 1, 2);
        // docs (no side): s creates, d edits.
        b.change(docs, 2, 0).change(docs, 0, 1);
        // A deleted file in training touched by s: a crossing with no head file.
        b.loose_change(2, 5, "train/old.py");
        // Outside every area.
        b.loose_change(2, 6, "README");
        let model = b.build();
        let class = classify(&model, &["ds", "mixed", "se", "unknown"]);
        (model, class)
    }

    #[test]
    fn role_shares_per_area() {
        // training: 7 changes (6 to train/model.py + train/old.py): ds 3, se 2, mixed 1, unknown 1.
        // inference: 3 changes: se 1, ds 1, mixed 1. docs: 2 changes: se 1, ds 1.
        let (model, class) = fixture();
        let shares = role_shares(&model, &class);
        let get = |a: usize, r: &str| shares[a].get(r).copied();
        assert_eq!(get(0, "ds"), Some(3.0 / 7.0));
        assert_eq!(get(0, "se"), Some(2.0 / 7.0));
        assert_eq!(get(0, "mixed"), Some(1.0 / 7.0));
        assert_eq!(get(0, "unknown"), Some(1.0 / 7.0));
        assert_eq!(shares[1].len(), 3);
        assert_eq!(get(1, "se"), Some(1.0 / 3.0));
        assert_eq!(shares[2].len(), 2);
        assert_eq!(get(2, "ds"), Some(0.5));
        // An area with no change: empty map.
        let mut class = class;
        class.areas.push(("empty".into(), Some("ds".into())));
        assert!(role_shares(&model, &class)[3].is_empty());
    }

    #[test]
    fn crossings_skip_mixed_unknown_and_unsided() {
        // training (ds): s's edit to model.py + s's change to train/old.py = 2 (m, u make none).
        // inference (se): d's edit = 1 (m none). docs (no side): none.
        // Per contributor: d 1, m 0, s 2, u 0. Per file: docs 0, api.scala 1, model.py 1
        // (train/old.py belongs to no head file).
        let (model, class) = fixture();
        let c = crossings(&model, &class);
        assert_eq!(c.per_area, vec![2, 1, 0]);
        assert_eq!(c.per_contributor, vec![1, 0, 2, 0]);
        assert_eq!(c.per_file, vec![0, 1, 1]);
    }

    #[test]
    fn creation_is_a_crossing() {
        // s creates a training file: 1 crossing.
        let mut b = Builder::new(&["s@x"]);
        let f = b.file("train/x.py");
        b.change(f, 0, 0);
        let model = b.build();
        let class = classify(&model, &["se"]);
        assert_eq!(crossings(&model, &class).per_area, vec![1, 0, 0]);
    }

    #[test]
    fn boundary_files_need_two_side_roles() {
        // Each file: creator + 3 edits, second person 3 edits → both authors (ratio 0.7526).
        // train/a.py: d + s → boundary. serve/b.scala: s + m → one side only → not.
        // docs/c.md: s + d → boundary (sides of people, whatever the area). train/d.py: u + d → not.
        let mut b = Builder::new(&["d@x", "m@x", "s@x", "u@x"]);
        let c = b.file("docs/c.md");
        let sb = b.file("serve/b.scala");
        let ta = b.file("train/a.py");
        let td = b.file("train/d.py");
        for (f, first, second) in [(ta, 0, 2), (sb, 2, 1), (c, 2, 0), (td, 3, 0)] {
            b.change(f, first, 0)
                .edits(f, first, 3, 1)
                .edits(f, second, 3, 2);
        }
        let model = b.build();
        let class = classify(&model, &["ds", "mixed", "se", "unknown"]);
        let owners = ownership(&model);
        assert!(owners.iter().all(|o| o.authors.len() == 2));
        assert_eq!(boundary_files(&model, &owners, &class), vec![c, ta]);
    }
}
