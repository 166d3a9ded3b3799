//! Files and changes to areas, contributors to roles.

use std::collections::{BTreeMap, HashMap};

use globset::Candidate;
use serde::Serialize;

use crate::config::Config;
use crate::model::Model;

/// Role names that are not sides.
pub const MIXED: &str = "mixed";
pub const UNKNOWN: &str = "unknown";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RoleSource {
    Config,
    Inferred,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAssignment {
    /// A side name (e.g. `ds`, `se`), or [`MIXED`], or [`UNKNOWN`].
    pub role: String,
    pub source: RoleSource,
    /// The evidence: the contributor's changes to files in sided areas, per side.
    pub changes_per_side: BTreeMap<String, u64>,
    /// All the contributor's changes (sided areas or not): the measure of "a quarter".
    pub changes: u64,
}

/// Where every file and change sits, and who plays which role.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Classification {
    /// Area names in config order, with their side.
    pub areas: Vec<(String, Option<String>)>,
    /// Per file (`FileIx`): index into `areas`.
    pub file_area: Vec<Option<usize>>,
    /// Per change (index into `Model::changes`): index into `areas`, from the path the change wrote.
    pub change_area: Vec<Option<usize>>,
    /// Per contributor (`ContributorIx`).
    pub roles: Vec<RoleAssignment>,
}

impl Classification {
    pub fn side_of_area(&self, area: usize) -> Option<&str> {
        self.areas[area].1.as_deref()
    }
}

/// Areas and roles for a model, by the config's rules (DESIGN.md §2).
pub fn classify(model: &Model, config: &Config) -> Classification {
    let area_of = |path: &[u8]| {
        let path = Candidate::from_bytes(path);
        config
            .areas
            .iter()
            .position(|a| a.matcher.is_match_candidate(&path))
    };
    let file_area: Vec<Option<usize>> = model.files.iter().map(|f| area_of(&f.path)).collect();
    let mut past_paths: HashMap<&[u8], Option<usize>> = HashMap::new();
    let change_area: Vec<Option<usize>> = model
        .changes
        .iter()
        .map(|c| match c.file {
            Some(f) if model.files[f as usize].path == *c.path => file_area[f as usize],
            _ => *past_paths
                .entry(&c.path)
                .or_insert_with(|| area_of(&c.path)),
        })
        .collect();

    let mut evidence: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); model.contributors.len()];
    let mut changes = vec![0u64; model.contributors.len()];
    for (c, area) in model.changes.iter().zip(&change_area) {
        let side = area.and_then(|a| config.areas[a].side.as_ref());
        for who in model.credited(c) {
            changes[who as usize] += 1;
            if let Some(side) = side {
                let per_side = &mut evidence[who as usize];
                match per_side.get_mut(side) {
                    Some(n) => *n += 1,
                    None => {
                        per_side.insert(side.clone(), 1);
                    }
                }
            }
        }
    }
    let roles = model
        .contributors
        .iter()
        .zip(evidence)
        .zip(changes)
        .map(|((person, changes_per_side), changes)| {
            let configured = config.roles.iter().find(|(_, patterns)| {
                person.emails.iter().any(|e| patterns.matches("", e))
                    || person.names.iter().any(|n| patterns.matches(n, ""))
            });
            match configured {
                Some((role, _)) => RoleAssignment {
                    role: role.clone(),
                    source: RoleSource::Config,
                    changes_per_side,
                    changes,
                },
                None => RoleAssignment {
                    role: infer_role(&changes_per_side, changes),
                    source: RoleSource::Inferred,
                    changes_per_side,
                    changes,
                },
            }
        })
        .collect();

    Classification {
        areas: config
            .areas
            .iter()
            .map(|a| (a.name.clone(), a.side.clone()))
            .collect(),
        file_area,
        change_area,
        roles,
    }
}

/// Fewest changes to files of sided areas from which a side is inferred.
pub const MIN_SIDED_CHANGES: u64 = 5;

/// A person's inferred role (DESIGN.md §2) from their changes to files of sided areas, per side,
/// and all their `changes`: with at least [`MIN_SIDED_CHANGES`] sided changes that are at least a
/// quarter of all their changes, the side holding at least two thirds of the sided changes, else
/// `mixed`; with fewer: `unknown`.
pub fn infer_role(changes_per_side: &BTreeMap<String, u64>, changes: u64) -> String {
    let sided: u64 = changes_per_side.values().sum();
    if sided < MIN_SIDED_CHANGES || sided * 4 < changes {
        return UNKNOWN.to_owned();
    }
    changes_per_side
        .iter()
        .find(|(_, n)| **n * 3 >= sided * 2)
        .map_or_else(|| MIXED.to_owned(), |(side, _)| side.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::testkit::Builder;

    fn sides(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|(s, n)| (s.to_string(), *n)).collect()
    }

    #[test]
    fn exactly_two_thirds_decides() {
        // 10 of 15 sided changes is exactly two thirds: that side; 9 of 14 (0.643) is not.
        assert_eq!(infer_role(&sides(&[("ds", 10), ("se", 5)]), 15), "ds");
        assert_eq!(infer_role(&sides(&[("ds", 9), ("se", 5)]), 14), MIXED);
        // 4 of 6 (two thirds) with a third side holding none of the rest.
        assert_eq!(
            infer_role(&sides(&[("ds", 1), ("ml", 1), ("se", 4)]), 6),
            "se"
        );
        // 3 and 3, or 2, 2 and 2 (plus a change outside areas): nobody holds two thirds.
        assert_eq!(infer_role(&sides(&[("ds", 3), ("se", 3)]), 6), MIXED);
        assert_eq!(
            infer_role(&sides(&[("a", 2), ("b", 2), ("c", 2)]), 7),
            MIXED
        );
        assert_eq!(infer_role(&sides(&[("se", 5)]), 5), "se");
    }

    #[test]
    fn at_least_five_sided_changes() {
        // 4 sided changes are too few, however one-sided; 5 are enough.
        assert_eq!(infer_role(&sides(&[("ds", 4)]), 4), UNKNOWN);
        assert_eq!(infer_role(&sides(&[("ds", 5)]), 5), "ds");
        assert_eq!(infer_role(&sides(&[("ds", 2), ("se", 2)]), 4), UNKNOWN);
        assert_eq!(infer_role(&sides(&[("ds", 3), ("se", 2)]), 5), MIXED);
        assert_eq!(infer_role(&sides(&[]), 0), UNKNOWN);
        assert_eq!(infer_role(&sides(&[]), 40), UNKNOWN);
    }

    #[test]
    fn at_least_a_quarter_of_all_changes() {
        // 5 sided of 20 is exactly a quarter: enough; of 21 it is not (the C++ core developer
        // with a few Python edits stays unknown).
        assert_eq!(infer_role(&sides(&[("ds", 5)]), 20), "ds");
        assert_eq!(infer_role(&sides(&[("ds", 5)]), 21), UNKNOWN);
        assert_eq!(infer_role(&sides(&[("ds", 3), ("se", 3)]), 24), MIXED);
        assert_eq!(infer_role(&sides(&[("ds", 3), ("se", 3)]), 25), UNKNOWN);
    }

    #[test]
    fn classify_counts_evidence_and_all_changes() {
        let config = Config::parse(
            "[areas.training]\npaths = [\"train/**\"]\nside = \"ds\"\n\
             [areas.serving]\npaths = [\"serve/**\"]\nside = \"se\"\n\
             [areas.docs]\npaths = [\"docs/**\"]\n\
             [roles]\nse = [\"f@x\"]\n",
            std::path::Path::new("test.toml"),
        )
        .unwrap();
        let mut b = Builder::new(&["a@x", "b@x", "c@x", "d@x", "e@x", "f@x"]);
        let times = |b: &mut Builder, who, n, path: &str| {
            for t in 0..n {
                b.loose_change(who, t, path);
            }
        };
        // a: 4 training changes: one short of 5 → unknown, whatever the share.
        times(&mut b, 0, 4, "train/a.py");
        // b: 5 training changes of 20 (15 in docs, an area without side): exactly a quarter → ds.
        times(&mut b, 1, 5, "train/b.py");
        times(&mut b, 1, 15, "docs/b.md");
        // c: 5 of 21 (16 outside any area): under a quarter → unknown.
        times(&mut b, 2, 5, "train/c.py");
        times(&mut b, 2, 16, "c.txt");
        // d: 4 training, 2 serving: 4 of 6 sided is exactly two thirds → ds.
        times(&mut b, 3, 4, "train/d.py");
        times(&mut b, 3, 2, "serve/d.scala");
        // e: 3 training, 2 serving: 3 of 5 < two thirds → mixed.
        times(&mut b, 4, 3, "train/e.py");
        times(&mut b, 4, 2, "serve/e.scala");
        // f: configured se, with one docs change and no sided evidence.
        times(&mut b, 5, 1, "docs/f.md");
        let class = classify(&b.build(), &config);
        type Row<'a> = (&'a str, RoleSource, Vec<(&'a str, u64)>, u64);
        let got: Vec<Row> = class
            .roles
            .iter()
            .map(|r| {
                let ev = r
                    .changes_per_side
                    .iter()
                    .map(|(s, n)| (s.as_str(), *n))
                    .collect();
                (r.role.as_str(), r.source, ev, r.changes)
            })
            .collect();
        use RoleSource::{Config as C, Inferred as I};
        assert_eq!(
            got,
            vec![
                (UNKNOWN, I, vec![("ds", 4)], 4),
                ("ds", I, vec![("ds", 5)], 20),
                (UNKNOWN, I, vec![("ds", 5)], 21),
                ("ds", I, vec![("ds", 4), ("se", 2)], 6),
                (MIXED, I, vec![("ds", 3), ("se", 2)], 5),
                ("se", C, vec![], 1),
            ]
        );
    }
}
