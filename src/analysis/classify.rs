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
            Some(f) if model.files[f as usize].path == c.path => file_area[f as usize],
            _ => *past_paths
                .entry(c.path.as_slice())
                .or_insert_with(|| area_of(&c.path)),
        })
        .collect();

    let mut evidence: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); model.contributors.len()];
    for (c, area) in model.changes.iter().zip(&change_area) {
        if let Some(side) = area.and_then(|a| config.areas[a].side.as_ref()) {
            *evidence[c.contributor as usize]
                .entry(side.clone())
                .or_default() += 1;
        }
    }
    let roles = model
        .contributors
        .iter()
        .zip(evidence)
        .map(|(person, changes_per_side)| {
            let configured = config.roles.iter().find(|(_, patterns)| {
                person.emails.iter().any(|e| patterns.matches("", e))
                    || person.names.iter().any(|n| patterns.matches(n, ""))
            });
            match configured {
                Some((role, _)) => RoleAssignment {
                    role: role.clone(),
                    source: RoleSource::Config,
                    changes_per_side,
                },
                None => RoleAssignment {
                    role: infer_role(&changes_per_side),
                    source: RoleSource::Inferred,
                    changes_per_side,
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

/// The side holding at least two thirds of a person's sided changes; else `mixed`; none: `unknown`.
pub fn infer_role(changes_per_side: &BTreeMap<String, u64>) -> String {
    let total: u64 = changes_per_side.values().sum();
    if total == 0 {
        return UNKNOWN.to_owned();
    }
    changes_per_side
        .iter()
        .find(|(_, n)| **n * 3 >= total * 2)
        .map_or_else(|| MIXED.to_owned(), |(side, _)| side.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sides(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs.iter().map(|(s, n)| (s.to_string(), *n)).collect()
    }

    #[test]
    fn exactly_two_thirds_decides() {
        assert_eq!(infer_role(&sides(&[("ds", 2), ("se", 1)])), "ds");
        assert_eq!(infer_role(&sides(&[("ds", 3), ("se", 2)])), MIXED);
        assert_eq!(infer_role(&sides(&[("se", 4)])), "se");
        assert_eq!(infer_role(&sides(&[])), UNKNOWN);
    }
}
