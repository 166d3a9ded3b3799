//! Team shape: people × ML-flow stage (DESIGN.md §2, "Stage").
//!
//! A change's stage is the first stage (in the stages' match order) whose globs match the path
//! the change wrote at the time; a file's, that of its path at the reference commit. Changes
//! count as the model has them (non-merge, bots excluded), credited to the author and each
//! co-author; a change of an ignored commit (`ignore_revs`, `.git-blame-ignore-revs`) is no work
//! in a stage and is not counted, nor is a change whose path is in no stage.
//!
//! A person's **specialisation** is `1 − H / ln K`: H the Shannon entropy (natural log) of their
//! staged changes over the stages, K the number of stages in effect (6 for the presets, else
//! the configured count, empty stages included). 1 is one stage only, 0 an even spread over all
//! K. With K ≤ 1 it is 1; without staged changes there is none.

use std::collections::HashMap;

use crate::config::Stages;
use crate::model::{ContributorIx, Model};

/// People with changes in at least this many stages are generalists.
pub const GENERALIST_STAGES: usize = 3;

/// Where the changes and files sit, and who did what in which stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageCounts {
    /// Per file at the reference commit (`FileIx`): its stage.
    pub file_stage: Vec<Option<usize>>,
    /// Per contributor (`ContributorIx`), per stage: credited changes.
    pub per_person: Vec<Vec<u64>>,
    /// Per stage: changes, each once however many people it credits.
    pub changes: Vec<u64>,
}

/// The stage counts of a model.
pub fn count(model: &Model, stages: &Stages) -> StageCounts {
    let k = stages.stages.len();
    let file_stage: Vec<Option<usize>> = model
        .files
        .iter()
        .map(|f| stages.stage_of(&f.path))
        .collect();
    let mut memo: HashMap<&[u8], Option<usize>> = HashMap::new();
    let mut per_person = vec![vec![0u64; k]; model.contributors.len()];
    let mut changes = vec![0u64; k];
    for c in model.changes.iter().filter(|c| c.delivers) {
        let stage = match c.file {
            Some(f) if model.files[f as usize].path == *c.path => file_stage[f as usize],
            _ => *memo
                .entry(&c.path)
                .or_insert_with(|| stages.stage_of(&c.path)),
        };
        let Some(s) = stage else { continue };
        changes[s] += 1;
        for who in model.credited(c) {
            per_person[who as usize][s] += 1;
        }
    }
    StageCounts {
        file_stage,
        per_person,
        changes,
    }
}

/// `1 − H / ln K` of one person's changes per stage (`counts.len()` is K); `None` without any.
pub fn specialisation(counts: &[u64]) -> Option<f64> {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return None;
    }
    if counts.len() <= 1 {
        return Some(1.0);
    }
    let n = total as f64;
    let entropy: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.ln()
        })
        .sum();
    Some((1.0 - entropy / (counts.len() as f64).ln()).clamp(0.0, 1.0))
}

/// To 3 decimals, as reports write specialisations, degrees and scores.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Stages in which a person has changes.
pub fn stages_held(counts: &[u64]) -> usize {
    counts.iter().filter(|&&c| c > 0).count()
}

/// The team's shape in a few numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Changes in at least [`GENERALIST_STAGES`] stages (in contributor order).
    pub generalists: Vec<ContributorIx>,
    /// Staged changes in exactly one stage.
    pub specialists: Vec<ContributorIx>,
    /// The mean specialisation of people with staged changes (rounded to 3 decimals).
    pub mean_specialisation: Option<f64>,
    /// The same over active people only: the team a lead has now.
    pub active_mean_specialisation: Option<f64>,
}

pub fn shape(counts: &StageCounts, active: &[bool]) -> Shape {
    let mut generalists = Vec::new();
    let mut specialists = Vec::new();
    let (mut all, mut now) = (Vec::new(), Vec::new());
    for (who, row) in counts.per_person.iter().enumerate() {
        let Some(s) = specialisation(row) else {
            continue;
        };
        all.push(s);
        if active[who] {
            now.push(s);
        }
        match stages_held(row) {
            1 => specialists.push(who as ContributorIx),
            n if n >= GENERALIST_STAGES => generalists.push(who as ContributorIx),
            _ => {}
        }
    }
    let mean =
        |xs: &[f64]| (!xs.is_empty()).then(|| round3(xs.iter().sum::<f64>() / xs.len() as f64));
    Shape {
        generalists,
        specialists,
        mean_specialisation: mean(&all),
        active_mean_specialisation: mean(&now),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(counts: &[u64]) -> Option<f64> {
        specialisation(counts).map(round3)
    }

    #[test]
    fn specialisation_worked_by_hand() {
        // one stage of six: H = 0
        assert_eq!(spec(&[5, 0, 0, 0, 0, 0]), Some(1.0));
        // even over all six: H = ln 6
        assert_eq!(spec(&[2, 2, 2, 2, 2, 2]), Some(0.0));
        // 3:1 over two of six: H = -(0.75 ln 0.75 + 0.25 ln 0.25) = 0.562335;
        // ln 6 = 1.791759; 1 - 0.313843 = 0.686
        assert_eq!(spec(&[3, 1, 0, 0, 0, 0]), Some(0.686));
        // even over two of six: 1 - ln 2 / ln 6 = 1 - 0.386853 = 0.613
        assert_eq!(spec(&[0, 4, 0, 4, 0, 0]), Some(0.613));
        // even over three of six: 1 - ln 3 / ln 6 = 1 - 0.613147 = 0.387
        assert_eq!(spec(&[1, 1, 1, 0, 0, 0]), Some(0.387));
        // even over both of two configured stages
        assert_eq!(spec(&[7, 7]), Some(0.0));
        // K = 1: one stage is all there is
        assert_eq!(spec(&[4]), Some(1.0));
        // no staged changes: none
        assert_eq!(spec(&[0, 0, 0]), None);
        assert_eq!(spec(&[]), None);
    }

    #[test]
    fn shape_of_a_small_team() {
        let counts = StageCounts {
            file_stage: Vec::new(),
            per_person: vec![
                vec![3, 0, 0, 0, 0, 0], // specialist: 1.0
                vec![1, 1, 1, 0, 0, 0], // generalist: 0.387
                vec![0, 4, 0, 4, 0, 0], // neither: 0.613
                vec![0, 0, 0, 0, 0, 0], // no staged changes
            ],
            changes: vec![4, 5, 1, 4, 0, 0],
        };
        let s = shape(&counts, &[true, false, true, true]);
        assert_eq!(s.specialists, [0]);
        assert_eq!(s.generalists, [1]);
        // (1 + 0.386853 + 0.613147) / 3 = 0.667; active: (1 + 0.613147) / 2 = 0.807
        assert_eq!(s.mean_specialisation, Some(0.667));
        assert_eq!(s.active_mean_specialisation, Some(0.807));
        let none = shape(
            &StageCounts {
                file_stage: Vec::new(),
                per_person: vec![vec![0, 0]],
                changes: vec![0, 0],
            },
            &[true],
        );
        assert_eq!(none.mean_specialisation, None);
        assert_eq!(none.active_mean_specialisation, None);
    }
}
