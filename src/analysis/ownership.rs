//! Degree of authorship (DOA): who knows each file, from the file's rename-followed change history.
//!
//! Avelino et al., "A novel approach for estimating truck factors", ICPC 2016, as their reference
//! implementation computes it: `DOA = 3.293 + 1.098·FA + 0.164·DL − 0.321·ln(1 + AC)`, where FA is 1
//! for the file's creator (author of its first change), DL counts the contributor's deliveries (every
//! later change: edits and renames) and AC the deliveries by everyone else. The creation itself is not
//! a delivery. Units are changes (commits), not lines.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::model::{ContributorIx, FileIx, Model};

/// Constant term of the DOA model.
pub const DOA_BASE: f64 = 3.293;
/// Weight of first authorship (FA).
pub const DOA_FIRST_AUTHORSHIP: f64 = 1.098;
/// Weight of the contributor's own deliveries (DL).
pub const DOA_DELIVERIES: f64 = 0.164;
/// Weight of `ln(1 + AC)`, the deliveries by everyone else.
pub const DOA_ACCEPTANCES: f64 = 0.321;
/// A contributor is an author when `DOA / max DOA` is strictly above this.
pub const AUTHOR_RATIO: f64 = 0.75;

/// Who knows one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileOwnership {
    /// The author of the first change in the file's history (none if it has no change).
    pub creator: Option<ContributorIx>,
    /// The file's authors, by DOA descending, then contributor id.
    pub authors: Vec<ContributorIx>,
    /// Every contributor who changed the file with their DOA, by DOA descending, then contributor id.
    pub doa: Vec<(ContributorIx, f64)>,
}

/// The DOA of a contributor who created the file (`created`), made `deliveries` later changes to it,
/// while everyone else made `others` deliveries.
pub fn doa(created: bool, deliveries: u64, others: u64) -> f64 {
    let fa = if created { 1.0 } else { 0.0 };
    DOA_BASE + DOA_FIRST_AUTHORSHIP * fa + DOA_DELIVERIES * deliveries as f64
        - DOA_ACCEPTANCES * (1.0 + others as f64).ln()
}

/// The authorship criterion: `doa / max_doa > 0.75` and (`doa ≥ 3.293` or the contributor created
/// the file). A file whose best DOA is not positive has no author (the ratio would flip sign).
pub fn is_author(doa: f64, max_doa: f64, created: bool) -> bool {
    max_doa > 0.0 && doa / max_doa > AUTHOR_RATIO && (doa >= DOA_BASE || created)
}

/// Orders `(contributor, doa)` pairs by DOA descending, then contributor id (`rank`: each
/// contributor's place in id order).
fn by_doa_then_id(rank: &[u32], a: &(ContributorIx, f64), b: &(ContributorIx, f64)) -> Ordering {
    b.1.total_cmp(&a.1)
        .then_with(|| rank[a.0 as usize].cmp(&rank[b.0 as usize]))
}

/// Each contributor's place in id order: comparing ids once, not in every file's sort.
fn id_ranks(model: &Model) -> Vec<u32> {
    let mut order: Vec<u32> = (0..model.contributors.len() as u32).collect();
    order.sort_by(|&a, &b| model.contributor(a).id.cmp(&model.contributor(b).id));
    let mut rank = vec![0; order.len()];
    for (r, &who) in order.iter().enumerate() {
        rank[who as usize] = r as u32;
    }
    rank
}

/// The ownership of one file.
fn file_ownership(model: &Model, file: FileIx, rank: &[u32]) -> FileOwnership {
    let mut changes = model.file_changes(file);
    let Some(first) = changes.next() else {
        return FileOwnership::default();
    };
    let creator = first.contributor;
    // Deliveries per contributor; the creator is present even with no delivery. A co-author
    // of the creation delivers it (the rule: co-authors get deliveries, not creations).
    let mut deliveries: BTreeMap<ContributorIx, u64> = BTreeMap::new();
    deliveries.insert(creator, 0);
    let mut total: u64 = 0;
    let co_authors = model.credited(first).skip(1);
    let later = changes
        .filter(|c| c.delivers)
        .flat_map(|c| model.credited(c));
    for who in co_authors.chain(later) {
        *deliveries.entry(who).or_insert(0) += 1;
        total += 1;
    }
    let mut doas: Vec<(ContributorIx, f64)> = deliveries
        .iter()
        .map(|(&who, &dl)| (who, doa(who == creator, dl, total - dl)))
        .collect();
    doas.sort_by(|a, b| by_doa_then_id(rank, a, b));
    let max = doas.first().map_or(0.0, |d| d.1);
    let authors = doas
        .iter()
        .filter(|&&(who, value)| is_author(value, max, who == creator))
        .map(|&(who, _)| who)
        .collect();
    FileOwnership {
        creator: Some(creator),
        authors,
        doa: doas,
    }
}

/// The ownership of every file at the reference commit, indexed by `FileIx`.
pub fn ownership(model: &Model) -> Vec<FileOwnership> {
    let rank = id_ranks(model);
    (0..model.files.len())
        .map(|f| file_ownership(model, f as FileIx, &rank))
        .collect()
}

/// Per contributor (`ContributorIx`): the number of files they are an author of.
pub fn files_authored(model: &Model, owners: &[FileOwnership]) -> Vec<u32> {
    let mut counts = vec![0u32; model.contributors.len()];
    for owner in owners {
        for &who in &owner.authors {
            counts[who as usize] += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChangeKind;
    use crate::model::testkit::Builder;

    const EPS: f64 = 1e-9;

    fn doa_of(o: &FileOwnership, who: ContributorIx) -> f64 {
        o.doa.iter().find(|d| d.0 == who).unwrap().1
    }

    #[test]
    fn single_creator_is_sole_author() {
        // a creates, no deliveries: DOA = 3.293 + 1.098 = 4.391; ratio 1 → author.
        let mut b = Builder::new(&["a@x"]);
        let f = b.file("m.py");
        b.change(f, 0, 1);
        let o = &ownership(&b.build())[0];
        assert_eq!(o.creator, Some(0));
        assert_eq!(o.authors, vec![0]);
        assert!((doa_of(o, 0) - 4.391).abs() < EPS);
    }

    #[test]
    fn a_co_author_delivers_the_change_the_creation_included() {
        // a creates co-authored by c; b edits twice, co-authored by c once. Deliveries: c 2, b 2
        // (4 in all). DOA(a) = 4.391 − 0.321·ln 5 = 3.874; b and c: 3.293 + 0.328 − 0.321·ln 3
        // = 3.268 each, ratio 0.844 but below 3.293 and no creators → a alone is an author.
        let mut b = Builder::new(&["a@x", "b@x", "c@x"]);
        let f = b.file("m.py");
        b.change(f, 0, 1).co_author(2);
        b.change(f, 1, 2).co_author(2);
        b.change(f, 1, 3);
        let o = &ownership(&b.build())[0];
        assert_eq!(o.creator, Some(0));
        assert!((doa_of(o, 0) - (4.391 - 0.321 * 5f64.ln())).abs() < EPS);
        assert!((doa_of(o, 2) - (3.621 - 0.321 * 3f64.ln())).abs() < EPS);
        assert!((doa_of(o, 1) - doa_of(o, 2)).abs() < EPS);
        assert_eq!(o.authors, vec![0]);
    }

    #[test]
    fn creator_bypass_below_absolute_threshold() {
        // a creates; 30 others deliver once each (total deliveries 30).
        // DOA(a) = 4.391 − 0.321·ln 31 = 4.391 − 1.102301 = 3.288699 < 3.293, but a is the max → ratio 1,
        // and a created the file → author. Each other: 3.293 + 0.164 − 0.321·ln 30 = 2.365221,
        // ratio 0.7192 → not an author (and below 3.293).
        let ids: Vec<String> = (0..31).map(|i| format!("c{i:02}@x")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut b = Builder::new(&refs);
        let f = b.file("m.py");
        b.change(f, 0, 1);
        for who in 1..31 {
            b.change(f, who, 2);
        }
        let o = &ownership(&b.build())[0];
        let a = doa_of(o, 0);
        assert!((a - (4.391 - 0.321 * 31f64.ln())).abs() < EPS);
        assert!(a < DOA_BASE);
        assert!((doa_of(o, 1) - (3.457 - 0.321 * 30f64.ln())).abs() < EPS);
        assert_eq!(o.authors, vec![0]);
        // Ties among the 30 others are ordered by id.
        let order: Vec<ContributorIx> = o.doa.iter().map(|d| d.0).collect();
        assert_eq!(order, (0..31).collect::<Vec<_>>());
        // Without the creator bypass the same DOA would not qualify.
        assert!(!is_author(a, a, false));
    }

    #[test]
    fn ratio_exactly_three_quarters_is_not_author() {
        // 3.75 / 5.0 is exactly 0.75 in binary floating point (both operands and the quotient are
        // representable): not strictly above → not an author, even for the creator.
        assert!(!is_author(3.75, 5.0, false));
        assert!(!is_author(3.75, 5.0, true));
        // Just above: 3.7500001 / 5.0 = 0.75000002 > 0.75 and 3.7500001 ≥ 3.293 → author.
        assert!(is_author(3.7500001, 5.0, false));
        // Above the ratio but below 3.293 and not the creator → not an author; the creator is.
        assert!(!is_author(3.2, 4.0, false)); // 0.8
        assert!(is_author(3.2, 4.0, true));
        // A best DOA that is not positive gives no author (the ratio would flip sign).
        assert!(!is_author(-1.0, -1.0, true));
    }

    #[test]
    fn ratio_just_below_and_just_above_in_a_history() {
        // Below: a creates + 9 deliveries, b 8 deliveries (17 deliveries in all).
        // DOA(a) = 4.391 + 0.164·9 − 0.321·ln 9 = 5.867 − 0.705309 = 5.161691
        // DOA(b) = 3.293 + 0.164·8 − 0.321·ln 10 = 4.605 − 0.739130 = 3.865870
        // ratio 0.748954 ≤ 0.75 → b not an author although DOA ≥ 3.293.
        let mut b = Builder::new(&["a@x", "b@x"]);
        let f = b.file("m.py");
        b.change(f, 0, 1).edits(f, 0, 9, 2).edits(f, 1, 8, 3);
        let o = &ownership(&b.build())[0];
        assert!((doa_of(o, 0) - 5.161691).abs() < 1e-6);
        assert!((doa_of(o, 1) - 3.865870).abs() < 1e-6);
        assert_eq!(o.authors, vec![0]);

        // Above: a creates + 3 deliveries, b 3 deliveries.
        // DOA(a) = 4.391 + 0.492 − 0.321·ln 4 = 4.883 − 0.445001 = 4.437999
        // DOA(b) = 3.293 + 0.492 − 0.321·ln 4 = 3.339999; ratio 0.752591 > 0.75 → author.
        let mut b = Builder::new(&["a@x", "b@x"]);
        let f = b.file("m.py");
        b.change(f, 0, 1).edits(f, 0, 3, 2).edits(f, 1, 3, 3);
        let o = &ownership(&b.build())[0];
        assert!((doa_of(o, 0) - 4.437999).abs() < 1e-6);
        assert!((doa_of(o, 1) - 3.339999).abs() < 1e-6);
        assert_eq!(o.authors, vec![0, 1]);
    }

    #[test]
    fn renames_are_deliveries_by_the_renamer() {
        // a creates old.py; b renames it to new.py; a edits; c edits. Changes: 1 creation, 3 deliveries.
        // a: FA 1, DL 1, AC 2 → 3.293 + 1.098 + 0.164 − 0.321·ln 3 = 4.555 − 0.352653 = 4.202347
        // b: FA 0, DL 1, AC 2 (the creation is not a delivery) → 3.457 − 0.352653 = 3.104347
        // c: same as b → 3.104347. Ratio 0.7387 → only a is an author.
        let mut b = Builder::new(&["a@x", "b@x", "c@x"]);
        let f = b.file("new.py");
        b.change_at(f, 0, 1, "old.py", ChangeKind::Added)
            .change_at(f, 1, 2, "new.py", ChangeKind::Renamed)
            .change(f, 0, 3)
            .change(f, 2, 4);
        let o = &ownership(&b.build())[0];
        let ln3 = 0.321 * 3f64.ln();
        assert!((doa_of(o, 0) - (4.555 - ln3)).abs() < EPS);
        assert!((doa_of(o, 1) - (3.457 - ln3)).abs() < EPS);
        assert!((doa_of(o, 2) - (3.457 - ln3)).abs() < EPS);
        assert_eq!(o.creator, Some(0));
        assert_eq!(o.authors, vec![0]);
        // b and c tie on DOA: by id.
        assert_eq!(o.doa.iter().map(|d| d.0).collect::<Vec<_>>(), vec![0, 1, 2]);
    }

    #[test]
    fn heavy_editor_overtakes_creator() {
        // a creates; b delivers 10 times.
        // a: 4.391 − 0.321·ln 11 = 4.391 − 0.769723 = 3.621277
        // b: 3.293 + 1.64 − 0 = 4.933; a's ratio 0.7341 → only b, although a created the file.
        let mut b = Builder::new(&["a@x", "b@x"]);
        let f = b.file("m.py");
        b.change(f, 0, 1).edits(f, 1, 10, 2);
        let model = b.build();
        let owners = ownership(&model);
        assert_eq!(owners[0].authors, vec![1]);
        assert_eq!(owners[0].creator, Some(0));
        assert_eq!(files_authored(&model, &owners), vec![0, 1]);
    }

    #[test]
    fn file_without_changes_has_no_owner() {
        let mut b = Builder::new(&["a@x"]);
        b.file("m.py");
        let model = b.build();
        let owners = ownership(&model);
        assert_eq!(owners[0], FileOwnership::default());
        assert_eq!(files_authored(&model, &owners), vec![0]);
    }
}
