//! A pull request judged against the history up to its merge-base (DESIGN.md §6): whose
//! knowledge it touches, which boundary it crosses, what it does to the bus factor, and who
//! should review it.
//!
//! Two models with the same contributors (identities are built from both histories): `before`
//! holds the history up to the merge-base, `after` adds the pull request's commits.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::bus_factor::bus_factor;
use super::classify::{self, Classification, MIXED, UNKNOWN};
use super::coupling;
use super::ownership::{self, FileOwnership};
use super::stages;
use super::staleness;
use crate::config::Config;
use crate::model::mined::FileChange;
use crate::model::{ChangeKind, ContributorIx, FileIx, Model};
use crate::report::pr::*;
use crate::report::{paths, rfc3339};

const DAY: i64 = 86_400;

pub struct PrInput<'a> {
    pub before: &'a Model,
    pub after: &'a Model,
    pub config: &'a Config,
    /// The changes from the merge-base to head.
    pub diff: &'a [FileChange],
    /// Whether a path is analysed (include/exclude, vendored and generated rules).
    pub analysed: &'a dyn Fn(&[u8]) -> bool,
    pub max_reviewers: usize,
}

/// What one side of the comparison knows.
struct Side<'m> {
    model: &'m Model,
    class: Classification,
    owners: Vec<FileOwnership>,
    active: Vec<bool>,
}

impl<'m> Side<'m> {
    fn new(model: &'m Model, config: &Config) -> Self {
        Side {
            class: classify::classify(model, config),
            owners: ownership::ownership(model),
            active: staleness::active_contributors(model, config.active_days),
            model,
        }
    }

    fn file(&self, path: &[u8]) -> Option<FileIx> {
        let files = &self.model.files;
        files
            .binary_search_by(|f| f.path.as_slice().cmp(path))
            .ok()
            .map(|i| i as FileIx)
    }

    fn area_files(&self, area: usize) -> Vec<FileIx> {
        (0..self.model.files.len() as FileIx)
            .filter(|&f| self.class.file_area[f as usize] == Some(area))
            .collect()
    }

    fn id(&self, who: ContributorIx) -> String {
        self.model.contributor(who).id.clone()
    }
}

/// One changed, analysed file.
struct Touched {
    change: FileChange,
    before: Option<FileIx>,
    after: Option<FileIx>,
    area: Option<usize>,
    /// Pull request people who changed it.
    people: Vec<ContributorIx>,
}

pub fn judge(input: &PrInput<'_>) -> PrReport {
    let config = input.config;
    let before = Side::new(input.before, config);
    let after = Side::new(input.after, config);
    debug_assert!(
        input
            .before
            .contributors
            .iter()
            .zip(&input.after.contributors)
            .all(|(a, b)| a.id == b.id),
        "both models have the same contributors"
    );
    let now = input.before.repo.reference_time;

    let known: HashSet<&str> = input.before.commits.iter().map(|c| c.id.as_str()).collect();
    let pr_commits: Vec<u32> = (0..input.after.commits.len() as u32)
        .filter(|&c| !known.contains(input.after.commits[c as usize].id.as_str()))
        .collect();
    let pr_set: HashSet<u32> = pr_commits.iter().copied().collect();
    let mut people: BTreeSet<ContributorIx> = BTreeSet::new();
    for &c in &pr_commits {
        let commit = &input.after.commits[c as usize];
        people.insert(commit.contributor);
        people.extend(commit.co_authors.iter().copied());
    }
    // who of the pull request changed each path (and each head file, through its renames)
    let mut by_path: BTreeMap<&[u8], BTreeSet<ContributorIx>> = BTreeMap::new();
    let mut by_file: BTreeMap<FileIx, BTreeSet<ContributorIx>> = BTreeMap::new();
    for ch in input
        .after
        .changes
        .iter()
        .filter(|c| pr_set.contains(&c.commit))
    {
        let credited: Vec<ContributorIx> = input.after.credited(ch).collect();
        by_path.entry(&ch.path[..]).or_default().extend(&credited);
        if let Some(f) = ch.file {
            by_file.entry(f).or_default().extend(&credited);
        }
    }

    let (mut not_analysed, mut reruns) = (0, 0);
    let mut touched: Vec<Touched> = Vec::new();
    for change in input.diff {
        let old = change.old_path.as_ref().unwrap_or(&change.path);
        if !(input.analysed)(&change.path) && !(input.analysed)(old) {
            not_analysed += 1;
            continue;
        }
        if change.rerun {
            reruns += 1;
            continue;
        }
        let before_ix = match change.kind {
            ChangeKind::Added => None,
            _ => before.file(old),
        };
        let after_ix = match change.kind {
            ChangeKind::Deleted => None,
            _ => after.file(&change.path),
        };
        let area = after_ix
            .and_then(|f| after.class.file_area[f as usize])
            .or_else(|| before_ix.and_then(|f| before.class.file_area[f as usize]));
        let mut who: BTreeSet<ContributorIx> = by_path
            .get(change.path.as_slice())
            .cloned()
            .unwrap_or_default();
        if let Some(f) = after_ix.and_then(|f| by_file.get(&f)) {
            who.extend(f);
        }
        if who.is_empty() {
            who = people.clone();
        }
        touched.push(Touched {
            change: change.clone(),
            before: before_ix,
            after: after_ix,
            area,
            people: who.into_iter().collect(),
        });
    }

    let untouched = staleness::untouched(input.before, config.stale_days);
    let orphaned = staleness::orphaned(&before.owners, &before.active);
    let role = |who: ContributorIx| after.class.roles[who as usize].role.as_str();
    let side_role = |who: ContributorIx| Some(role(who)).filter(|r| *r != MIXED && *r != UNKNOWN);

    let mut crossings = Vec::new();
    let mut spreads = Vec::new();
    let mut files = Vec::new();
    for t in &touched {
        let path = paths::text(&t.change.path);
        let side = t.area.and_then(|a| after.class.areas[a].1.clone());
        let crossing_by: Vec<ContributorIx> = t
            .people
            .iter()
            .copied()
            .filter(|&p| {
                side.as_deref()
                    .is_some_and(|s| side_role(p).is_some_and(|r| r != s))
            })
            .collect();
        for &p in &crossing_by {
            crossings.push(PrCrossing {
                path: path.clone(),
                contributor: after.id(p),
                role: role(p).to_owned(),
                side: side.clone().unwrap_or_default(),
            });
        }
        let authors_before: &[ContributorIx] = t
            .before
            .map_or(&[], |f| before.owners[f as usize].authors.as_slice());
        if let [only] = authors_before {
            for &p in t.people.iter().filter(|p| *p != only) {
                spreads.push(PrSpread {
                    path: path.clone(),
                    by: after.id(p),
                    from: before.id(*only),
                });
            }
        }
        files.push(PrFile {
            path,
            old_path: t.change.old_path.as_ref().map(|p| paths::text(p)),
            status: match t.change.kind {
                ChangeKind::Added => "added",
                ChangeKind::Modified => "modified",
                ChangeKind::Deleted => "deleted",
                ChangeKind::Renamed => "renamed",
            },
            area: t.area.map(|a| after.class.areas[a].0.clone()),
            side,
            lines_added: t.change.added,
            lines_removed: t.change.removed,
            authors_before: authors_before
                .iter()
                .map(|&a| PrAuthor {
                    id: before.id(a),
                    active: before.active[a as usize],
                })
                .collect(),
            authors_after: t.after.map_or_else(Vec::new, |f| {
                after.owners[f as usize]
                    .authors
                    .iter()
                    .map(|&a| after.id(a))
                    .collect()
            }),
            untouched: t.before.is_some_and(|f| untouched[f as usize]),
            orphaned: t.before.is_some_and(|f| orphaned[f as usize]),
            crossing_by: crossing_by.iter().map(|&p| after.id(p)).collect(),
        });
    }

    let areas = areas(&before, &after, &touched);
    let sided = |f: fn(&PrArea) -> Option<u32>| {
        areas
            .iter()
            .filter(|a| a.side.is_some())
            .filter_map(f)
            .min()
    };
    let with_history: Vec<&Touched> = touched.iter().filter(|t| t.before.is_some()).collect();
    let deepens_silo = !with_history.is_empty()
        && with_history.iter().all(|t| {
            matches!(before.owners[t.before.unwrap() as usize].authors.as_slice(), [only] if people.contains(only))
        });
    let reviewers = reviewers(
        &before,
        &touched,
        &people,
        now,
        config.active_days,
        input.max_reviewers,
    );
    let mut reviewers = reviewers;
    if reviewers.is_empty() {
        fill_with_key_people(
            &mut reviewers,
            &before,
            &areas,
            &people,
            input.max_reviewers,
        );
    }
    let at_risk = at_risk(&before, &touched);
    let one_sided = one_sided_couplings(&before, config, &touched);
    let (learners, no_learner) = learners(&before, &after, &touched, &areas, &people, &reviewers);

    let mut report = PrReport {
        schema_version: PR_SCHEMA_VERSION,
        merge_base: input.before.repo.head.clone(),
        head: input.after.repo.head.clone(),
        reference_time: rfc3339(now),
        authors: people
            .iter()
            .map(|&p| {
                let c = input.after.contributor(p);
                PrPerson {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    github: c.github.clone(),
                    role: role(p).to_owned(),
                    newcomer: before.class.roles[p as usize].changes == 0,
                }
            })
            .collect(),
        verdict: String::new(),
        findings: 0,
        bus_factor_before: sided(|a| a.bus_factor_before),
        bus_factor_after: sided(|a| a.bus_factor_after),
        files,
        files_not_analysed: not_analysed,
        notebook_reruns: reruns,
        areas,
        crossings,
        spreads_knowledge: spreads,
        deepens_silo,
        reviewers,
        knowledge_at_risk: at_risk,
        learners,
        no_learner,
        one_sided_couplings: one_sided,
    };
    report.findings = findings(&report);
    report.verdict = verdict(&report);
    report
}

fn areas(before: &Side<'_>, after: &Side<'_>, touched: &[Touched]) -> Vec<PrArea> {
    let mut counts: BTreeMap<usize, u64> = BTreeMap::new();
    for t in touched {
        if let Some(a) = t.area {
            *counts.entry(a).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(a, n)| {
            let b = bus_factor(before.model, &before.owners, &before.area_files(a));
            let f = bus_factor(after.model, &after.owners, &after.area_files(a));
            PrArea {
                name: after.class.areas[a].0.clone(),
                side: after.class.areas[a].1.clone(),
                files_touched: n,
                bus_factor_before: b.value,
                bus_factor_after: f.value,
                key_people_before: b.key_people.iter().map(|&p| before.id(p)).collect(),
                key_people_after: f.key_people.iter().map(|&p| after.id(p)).collect(),
            }
        })
        .collect()
}

/// Active people who know the touched files, by degree of authorship weighted by the lines the
/// pull request changes in each file, times ½ + ½·½^(days since they last changed them /
/// `active_days`). Never the pull request's own people, never the inactive.
fn reviewers(
    before: &Side<'_>,
    touched: &[Touched],
    people: &BTreeSet<ContributorIx>,
    now: i64,
    active_days: u32,
    max: usize,
) -> Vec<Reviewer> {
    let total_lines: f64 = touched
        .iter()
        .filter(|t| t.before.is_some())
        .map(|t| (t.change.added + t.change.removed).max(1) as f64)
        .sum();
    let changed = touched.len();
    // per candidate: score before decay, files authored, files changed, last change to them
    let mut cand: BTreeMap<ContributorIx, (f64, u64, u64, i64)> = BTreeMap::new();
    for t in touched {
        let Some(f) = t.before else { continue };
        let o = &before.owners[f as usize];
        let max_doa = o.doa.first().map_or(0.0, |d| d.1);
        let weight = (t.change.added + t.change.removed).max(1) as f64 / total_lines;
        let mut last: BTreeMap<ContributorIx, i64> = BTreeMap::new();
        for c in before.model.file_changes(f) {
            for who in before.model.credited(c) {
                let l = last.entry(who).or_insert(c.time);
                *l = (*l).max(c.time);
            }
        }
        for &(who, doa) in &o.doa {
            if people.contains(&who) || !before.active[who as usize] || max_doa <= 0.0 || doa <= 0.0
            {
                continue;
            }
            let e = cand.entry(who).or_insert((0.0, 0, 0, i64::MIN));
            e.0 += weight * doa / max_doa;
            e.1 += u64::from(o.authors.contains(&who));
            e.2 += 1;
            e.3 = e.3.max(last.get(&who).copied().unwrap_or(i64::MIN));
        }
    }
    let mut scored: Vec<(f64, ContributorIx, u64, u64, i64)> = cand
        .into_iter()
        .map(|(who, (s, authored, changed, last))| {
            // recency weighs, but never more than authorship: at most half the score
            let days = (now - last).max(0) as f64 / DAY as f64;
            let decay = 0.5 + 0.5 * 0.5f64.powf(days / f64::from(active_days.max(1)));
            (s * decay, who, authored, changed, last)
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| before.id(a.1).cmp(&before.id(b.1)))
    });
    scored
        .into_iter()
        .take(max)
        .map(|(score, who, authored, files_changed, last)| {
            let (total, changed) = (changed, files_changed);
            let c = before.model.contributor(who);
            let days = (now - last).max(0) / DAY;
            let what = if authored > 0 {
                format!("authors {authored} of the {total} changed files")
            } else {
                format!("changed {changed} of the {total} changed files")
            };
            Reviewer {
                id: c.id.clone(),
                name: c.name.clone(),
                github: c.github.clone(),
                score: stages::round3(score),
                files_authored: authored,
                files_changed: changed,
                last_change: Some(rfc3339(last)),
                reason: format!("{what}, last change to them {}", ago(days)),
            }
        })
        .collect()
}

/// When nobody active knows the changed files themselves, the active key people of the touched
/// areas are the next best reviewers: say so rather than suggest nobody.
fn fill_with_key_people(
    reviewers: &mut Vec<Reviewer>,
    before: &Side<'_>,
    areas: &[PrArea],
    people: &BTreeSet<ContributorIx>,
    max: usize,
) {
    for a in areas {
        for id in &a.key_people_before {
            if reviewers.len() >= max {
                return;
            }
            let Some(who) = before.model.contributors.iter().position(|c| c.id == *id) else {
                continue;
            };
            let who = who as ContributorIx;
            if people.contains(&who)
                || !before.active[who as usize]
                || reviewers.iter().any(|r| r.id == *id)
            {
                continue;
            }
            let c = before.model.contributor(who);
            reviewers.push(Reviewer {
                id: c.id.clone(),
                name: c.name.clone(),
                github: c.github.clone(),
                score: 0.0,
                files_authored: 0,
                files_changed: 0,
                last_change: None,
                reason: format!(
                    "a key person of the {} area (nobody active outside this pull request knows the changed files)",
                    a.name
                ),
            });
        }
    }
}

fn ago(days: i64) -> String {
    match days {
        0 => "the same day".into(),
        1 => "1 day ago".into(),
        d => format!("{d} days ago"),
    }
}

/// Inactive authors of touched files, with those files.
fn at_risk(before: &Side<'_>, touched: &[Touched]) -> Vec<AtRisk> {
    let mut gone: BTreeMap<ContributorIx, Vec<String>> = BTreeMap::new();
    for t in touched {
        let Some(f) = t.before else { continue };
        for &a in &before.owners[f as usize].authors {
            if !before.active[a as usize] {
                gone.entry(a).or_default().push(paths::text(&t.change.path));
            }
        }
    }
    // their last changes, in one pass over the history rather than one per person
    let mut last: BTreeMap<ContributorIx, i64> = BTreeMap::new();
    if !gone.is_empty() {
        for ch in &before.model.changes {
            for who in before.model.credited(ch).filter(|p| gone.contains_key(p)) {
                let t = last.entry(who).or_insert(ch.time);
                *t = (*t).max(ch.time);
            }
        }
    }
    let mut out: Vec<AtRisk> = gone
        .into_iter()
        .map(|(who, files)| {
            let c = before.model.contributor(who);
            let last = last.get(&who).copied();
            AtRisk {
                id: c.id.clone(),
                name: c.name.clone(),
                files,
                last_change: last.map(rfc3339),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.files
            .len()
            .cmp(&a.files.len())
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// For each touched area of bus factor 1 with a side: one active person of that side who knows
/// none of its touched files yet (most changes to the area first), to learn them.
fn learners(
    before: &Side<'_>,
    after: &Side<'_>,
    touched: &[Touched],
    areas: &[PrArea],
    people: &BTreeSet<ContributorIx>,
    reviewers: &[Reviewer],
) -> (Vec<Learner>, Vec<String>) {
    let (mut found, mut none) = (Vec::new(), Vec::new());
    for area in areas.iter().filter(|a| a.bus_factor_before == Some(1)) {
        let Some(side) = area.side.as_deref() else {
            continue;
        };
        let Some(ax) = after.class.areas.iter().position(|(n, _)| *n == area.name) else {
            continue;
        };
        let knows: BTreeSet<ContributorIx> = touched
            .iter()
            .filter(|t| t.area == Some(ax))
            .filter_map(|t| t.before)
            .flat_map(|f| before.owners[f as usize].authors.iter().copied())
            .collect();
        let mut changes: BTreeMap<ContributorIx, u64> = BTreeMap::new();
        for (ch, a) in before.model.changes.iter().zip(&before.class.change_area) {
            if *a == Some(ax) {
                for who in before.model.credited(ch) {
                    *changes.entry(who).or_default() += 1;
                }
            }
        }
        let best = (0..before.model.contributors.len() as ContributorIx)
            .filter(|&p| before.active[p as usize] && before.class.roles[p as usize].role == side)
            .filter(|p| !knows.contains(p) && !people.contains(p))
            .filter(|&p| !reviewers.iter().any(|r| r.id == before.id(p)))
            .max_by(|&a, &b| {
                let (ca, cb) = (changes.get(&a).unwrap_or(&0), changes.get(&b).unwrap_or(&0));
                ca.cmp(cb).then_with(|| before.id(b).cmp(&before.id(a)))
            });
        match best {
            Some(p) => {
                let c = before.model.contributor(p);
                let n = changes.get(&p).copied().unwrap_or(0);
                found.push(Learner {
                    area: area.name.clone(),
                    id: c.id.clone(),
                    name: c.name.clone(),
                    github: c.github.clone(),
                    reason: format!(
                        "active on the {side} side, {n} earlier changes to {}, author of none of the touched files",
                        area.name
                    ),
                });
            }
            None => none.push(area.name.clone()),
        }
    }
    (found, none)
}

/// Coupled pairs of the history up to the merge-base (as `scan` finds them) of which the pull
/// request changes exactly one file, strongest source first, then by degree.
fn one_sided_couplings(before: &Side<'_>, config: &Config, touched: &[Touched]) -> Vec<PrCoupling> {
    let changed: HashSet<FileIx> = touched.iter().filter_map(|t| t.before).collect();
    if changed.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<(coupling::Source, PrCoupling)> =
        coupling::couplings(before.model, &before.class, config)
            .into_iter()
            .filter(|p| changed.contains(&p.ds) != changed.contains(&p.se))
            .map(|p| {
                let (f, side, partner) = if changed.contains(&p.ds) {
                    (p.ds, "ds", p.se)
                } else {
                    (p.se, "se", p.ds)
                };
                let path = |f: FileIx| paths::text(&before.model.files[f as usize].path);
                (
                    p.source,
                    PrCoupling {
                        changed: path(f),
                        side,
                        partner: path(partner),
                        source: p.source.as_str().into(),
                        shared: p.shared,
                        degree: stages::round3(p.degree),
                    },
                )
            })
            .collect();
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.degree.total_cmp(&a.1.degree))
            .then_with(|| a.1.changed.cmp(&b.1.changed))
            .then_with(|| a.1.partner.cmp(&b.1.partner))
    });
    out.into_iter().map(|(_, c)| c).collect()
}

fn findings(r: &PrReport) -> u64 {
    let bf_moves = r
        .areas
        .iter()
        .filter(|a| a.bus_factor_before != a.bus_factor_after)
        .count();
    let revived = r.files.iter().filter(|f| f.orphaned || f.untouched).count();
    (r.crossings.len()
        + r.spreads_knowledge.len()
        + usize::from(r.deepens_silo)
        + r.knowledge_at_risk.len()
        + bf_moves
        + revived
        + r.one_sided_couplings.len()) as u64
}

fn verdict(r: &PrReport) -> String {
    if r.findings == 0 {
        return format!(
            "no finding: {} analysed file{} changed, no crossing, bus factor unchanged",
            r.files.len(),
            if r.files.len() == 1 { "" } else { "s" }
        );
    }
    let mut parts = Vec::new();
    if !r.crossings.is_empty() {
        let files: BTreeSet<&str> = r.crossings.iter().map(|c| c.path.as_str()).collect();
        parts.push(format!(
            "crosses the DS/SE boundary in {} file{}",
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        ));
    }
    for a in r.areas.iter().filter(|a| a.side.is_some()) {
        if a.bus_factor_before != a.bus_factor_after {
            parts.push(format!(
                "{} bus factor {} → {}",
                a.name,
                bus_factor_text(a.bus_factor_before, "none"),
                bus_factor_text(a.bus_factor_after, "none")
            ));
        } else if a.bus_factor_after == Some(1) {
            parts.push(format!("{} bus factor stays 1", a.name));
        }
    }
    if r.deepens_silo {
        parts.push("deepens a silo: its author is the only author of every touched file".into());
    } else if !r.spreads_knowledge.is_empty() {
        let files: BTreeSet<&str> = r
            .spreads_knowledge
            .iter()
            .map(|s| s.path.as_str())
            .collect();
        parts.push(format!(
            "spreads knowledge of {} single-author file{}",
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        ));
    }
    let orphaned = r.files.iter().filter(|f| f.orphaned).count();
    if orphaned > 0 {
        parts.push(format!(
            "touches {orphaned} orphaned file{}",
            if orphaned == 1 { "" } else { "s" }
        ));
    }
    let untouched = r
        .files
        .iter()
        .filter(|f| f.untouched && !f.orphaned)
        .count();
    if untouched > 0 {
        parts.push(format!(
            "revives {untouched} untouched file{}",
            if untouched == 1 { "" } else { "s" }
        ));
    }
    let one_sided = r.one_sided_couplings.len();
    if one_sided > 0 {
        parts.push(format!(
            "changes one side of {one_sided} coupled DS/SE pair{} without the other",
            if one_sided == 1 { "" } else { "s" }
        ));
    }
    let gone = r.knowledge_at_risk.len();
    if gone > 0 {
        parts.push(format!(
            "{gone} inactive author{} of touched files (knowledge at risk)",
            if gone == 1 { "" } else { "s" }
        ));
    }
    parts.join("; ")
}
