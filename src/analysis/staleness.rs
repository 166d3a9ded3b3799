//! Who is still around, which files nobody touches, and which files nobody left knows.
//!
//! Every age is measured from `model.repo.reference_time` (the head commit's time), never the clock.

use crate::analysis::ownership::FileOwnership;
use crate::model::{ContributorIx, FileIx, Model};

const DAY: i64 = 86_400;

/// The earliest time that is still within `days` of the reference time.
fn cutoff(model: &Model, days: u32) -> i64 {
    model
        .repo
        .reference_time
        .saturating_sub(i64::from(days) * DAY)
}

/// Per contributor: made a change at or after `reference_time − active_days`.
pub fn active_contributors(model: &Model, active_days: u32) -> Vec<bool> {
    let since = cutoff(model, active_days);
    let mut active = vec![false; model.contributors.len()];
    for change in &model.changes {
        if change.delivers && change.time >= since {
            for who in model.credited(change) {
                active[who as usize] = true;
            }
        }
    }
    active
}

/// The time of a file's most recent change (by time, not history order), if any.
pub fn last_change(model: &Model, file: FileIx) -> Option<i64> {
    model.file_changes(file).map(|c| c.time).max()
}

/// Per file: its last change is before `reference_time − stale_days` (a file with no change in the
/// mined window is untouched).
pub fn untouched(model: &Model, stale_days: u32) -> Vec<bool> {
    let since = cutoff(model, stale_days);
    (0..model.files.len())
        .map(|f| last_change(model, f as FileIx).is_none_or(|t| t < since))
        .collect()
}

/// Per file: its changes (rename-followed, deliveries only) at or after
/// `reference_time − active_days`: how busy it is.
pub fn recent_changes(model: &Model, active_days: u32) -> Vec<u64> {
    let since = cutoff(model, active_days);
    (0..model.files.len())
        .map(|f| {
            model
                .file_changes(f as FileIx)
                .filter(|c| c.delivers && c.time >= since)
                .count() as u64
        })
        .collect()
}

/// Per file: none of its authors is active (a file with no author is orphaned).
pub fn orphaned(owners: &[FileOwnership], active: &[bool]) -> Vec<bool> {
    owners
        .iter()
        .map(|o| !o.authors.iter().any(|&who| active[who as usize]))
        .collect()
}

/// Per file: the active contributors who are not its authors and changed it (its rename-followed
/// history) at or after `reference_time − active_days`, sorted by contributor id. For an orphaned
/// file they are who keeps it alive without knowing it best (DESIGN.md §2, *maintained*).
pub fn maintained_by(
    model: &Model,
    owners: &[FileOwnership],
    active: &[bool],
    active_days: u32,
) -> Vec<Vec<ContributorIx>> {
    let since = cutoff(model, active_days);
    owners
        .iter()
        .enumerate()
        .map(|(f, o)| {
            let mut who: Vec<ContributorIx> = model
                .file_changes(f as FileIx)
                .filter(|c| c.delivers && c.time >= since)
                .flat_map(|c| model.credited(c))
                .filter(|&p| active[p as usize] && !o.authors.contains(&p))
                .collect();
            who.sort_by(|&a, &b| model.contributor(a).id.cmp(&model.contributor(b).id));
            who.dedup();
            who
        })
        .collect()
}

/// Per file: orphaned, and still changed by an active non-author (`maintained_by` not empty).
/// An orphaned file that is not maintained is the state a lead must see first.
pub fn maintained(orphaned: &[bool], maintained_by: &[Vec<ContributorIx>]) -> Vec<bool> {
    orphaned
        .iter()
        .zip(maintained_by)
        .map(|(&o, by)| o && !by.is_empty())
        .collect()
}

/// A contributor who is the only author of some files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeAtRisk {
    pub contributor: ContributorIx,
    pub active: bool,
    /// The files whose only author is `contributor`, sorted by path.
    pub files: Vec<FileIx>,
}

/// Every contributor who is the only author of at least one file, with those files; sorted by
/// number of files descending, then contributor id.
pub fn knowledge_at_risk(
    model: &Model,
    owners: &[FileOwnership],
    active: &[bool],
) -> Vec<KnowledgeAtRisk> {
    let mut sole: Vec<Vec<FileIx>> = vec![Vec::new(); model.contributors.len()];
    for (f, o) in owners.iter().enumerate() {
        if let [only] = o.authors.as_slice() {
            sole[*only as usize].push(f as FileIx);
        }
    }
    let mut out: Vec<KnowledgeAtRisk> = sole
        .into_iter()
        .enumerate()
        .filter(|(_, files)| !files.is_empty())
        .map(|(who, mut files)| {
            files.sort_by(|&a, &b| {
                model.files[a as usize]
                    .path
                    .cmp(&model.files[b as usize].path)
            });
            KnowledgeAtRisk {
                contributor: who as ContributorIx,
                active: active[who],
                files,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.files.len().cmp(&a.files.len()).then_with(|| {
            model
                .contributor(a.contributor)
                .id
                .cmp(&model.contributor(b.contributor).id)
        })
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ownership::ownership;
    use crate::model::testkit::Builder;

    const REF: i64 = 1_000 * DAY;

    #[test]
    fn active_window_is_inclusive() {
        // reference = day 1000, active_days = 10 → active iff some change at time ≥ day 990.
        // a: day 990 exactly → active. b: one second before day 990 → inactive. c: no change.
        let mut b = Builder::new(&["a@x", "b@x", "c@x"]).reference_time(REF);
        b.loose_change(0, 990 * DAY, "x")
            .loose_change(1, 990 * DAY - 1, "y");
        let model = b.build();
        assert_eq!(active_contributors(&model, 10), vec![true, false, false]);
    }

    #[test]
    fn untouched_files() {
        // stale_days = 365 → cutoff day 635. f1 last change day 635 → touched (not older);
        // f2 last change day 635 minus 1 s → untouched; f3 no change → untouched;
        // f4 old creation but recent edit → touched (max time, even if out of history order).
        let mut b = Builder::new(&["a@x"]).reference_time(REF);
        let f1 = b.file("f1");
        let f2 = b.file("f2");
        b.file("f3");
        let f4 = b.file("f4");
        b.change(f1, 0, 635 * DAY)
            .change(f2, 0, 635 * DAY - 1)
            .change(f4, 0, 900 * DAY)
            .change(f4, 0, 10 * DAY);
        let model = b.build();
        assert_eq!(untouched(&model, 365), vec![false, true, true, false]);
        // within 265 days of day 1000 (from day 735): f4's day-900 change only
        assert_eq!(recent_changes(&model, 265), vec![0, 0, 0, 1]);
        assert_eq!(last_change(&model, f4), Some(900 * DAY));
    }

    #[test]
    fn orphaned_with_no_authors() {
        // f1: author a (active) → not orphaned. f2: author b (inactive) → orphaned.
        // f3: no change, no author → orphaned.
        let mut b = Builder::new(&["a@x", "b@x"]).reference_time(REF);
        let f1 = b.file("f1");
        let f2 = b.file("f2");
        b.file("f3");
        b.change(f1, 0, REF).change(f2, 1, 0);
        let model = b.build();
        let owners = ownership(&model);
        assert!(owners[2].authors.is_empty());
        let active = active_contributors(&model, 180);
        assert_eq!(active, vec![true, false]);
        assert_eq!(orphaned(&owners, &active), vec![false, true, true]);
    }

    #[test]
    fn maintained_by_active_non_authors_in_the_window() {
        // reference day 1000, active_days = 10 → window from day 990 (inclusive).
        // a (0): creates f1, f2 and f3 on day 0 (their only author), active by a change on day 995.
        // b (1): creates f4 and edits it 4 times on day 0, never again → inactive.
        // c (2), d (3): active non-authors; e (4): inactive non-author.
        let mut b = Builder::new(&["a@x", "b@x", "c@x", "d@x", "e@x"]).reference_time(REF);
        let f1 = b.file("f1");
        let f2 = b.file("f2");
        let f3 = b.file("f3");
        let f4 = b.file("f4");
        b.file("f5");
        b.change(f1, 0, 0)
            .change(f2, 0, 0)
            .change(f3, 0, 0)
            .change(f4, 1, 0);
        // f1: d on day 990 exactly and c twice (day 999, 995): both, sorted by id, once each;
        // a's own recent edit does not count (an author).
        b.change(f1, 3, 990 * DAY)
            .change(f1, 2, 999 * DAY)
            .change(f1, 2, 995 * DAY)
            .change(f1, 0, 995 * DAY);
        // f2: c changed it one second before the window (c is active by f1, but that change is
        // old) → nobody.
        b.change(f2, 2, 990 * DAY - 1);
        // f3: e changed it before the window and is inactive → nobody.
        b.change(f3, 4, 100 * DAY);
        // f4: b (creator, inactive) and d on day 998; d's DOA 3.457 − .321·ln 5 = 2.940 < 3.293
        // → not an author: maintained by d, and orphaned.
        b.edits(f4, 1, 4, 0).change(f4, 3, 998 * DAY);
        // f5: no change at all.
        let model = b.build();
        let owners = ownership(&model);
        assert_eq!(owners[f1 as usize].authors, vec![0]);
        assert_eq!(owners[f4 as usize].authors, vec![1]);
        let active = active_contributors(&model, 10);
        assert_eq!(active, vec![true, false, true, true, false]);
        let by = maintained_by(&model, &owners, &active, 10);
        assert_eq!(by, vec![vec![2, 3], vec![], vec![], vec![3], vec![]]);
        // orphaned: f4 (b inactive) and f5 (no author); only f4 is maintained.
        let orphaned = orphaned(&owners, &active);
        assert_eq!(orphaned, vec![false, false, false, true, true]);
        assert_eq!(
            maintained(&orphaned, &by),
            vec![false, false, false, true, false]
        );
    }

    #[test]
    fn maintained_by_sorts_by_id_not_index() {
        // Contributors given out of id order: index 0 is "z@x", index 1 "a@x"; both edit f after
        // "m@x" created it: maintained_by lists a@x (index 1) first.
        let mut b = Builder::new(&["z@x", "a@x", "m@x"]).reference_time(REF);
        let f = b.file("f");
        b.change(f, 2, 0)
            .edits(f, 2, 5, 1)
            .change(f, 0, REF)
            .change(f, 1, REF);
        let model = b.build();
        let owners = ownership(&model);
        assert_eq!(owners[0].authors, vec![2]);
        let active = active_contributors(&model, 180);
        assert_eq!(
            maintained_by(&model, &owners, &active, 180),
            vec![vec![1, 0]]
        );
    }

    #[test]
    fn knowledge_at_risk_sole_authors() {
        // b sole author of b1, b2 (2 files, inactive); a sole author of a1 (1 file, active);
        // c sole author of c1 (1 file, inactive); shared has authors a and c (a creates + 3 edits,
        // c 3 edits: ratio 0.7526) → nobody's sole file. Order: b (2), then a, c (1 each, by id).
        let mut b = Builder::new(&["a@x", "b@x", "c@x"]).reference_time(REF);
        let a1 = b.file("a1");
        let b1 = b.file("b1");
        let b2 = b.file("b2");
        let c1 = b.file("c1");
        let shared = b.file("shared");
        b.change(b2, 1, 0)
            .change(b1, 1, 0)
            .change(a1, 0, REF)
            .change(c1, 2, 0);
        b.change(shared, 0, 1)
            .edits(shared, 0, 3, 1)
            .edits(shared, 2, 3, 1);
        let model = b.build();
        let owners = ownership(&model);
        assert_eq!(owners[shared as usize].authors, vec![0, 2]);
        let active = active_contributors(&model, 180);
        let risk = knowledge_at_risk(&model, &owners, &active);
        assert_eq!(
            risk,
            vec![
                KnowledgeAtRisk {
                    contributor: 1,
                    active: false,
                    files: vec![b1, b2]
                },
                KnowledgeAtRisk {
                    contributor: 0,
                    active: true,
                    files: vec![a1]
                },
                KnowledgeAtRisk {
                    contributor: 2,
                    active: false,
                    files: vec![c1]
                },
            ]
        );
    }
}
