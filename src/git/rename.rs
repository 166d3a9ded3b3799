//! Rename detection with git's own rules (diffcore-rename of git 2.47: renames only, no copies,
//! no break detection), so that `-M` pairs match `git log -M` exactly; libgit2's `find_similar`
//! pairs differently and moves up to a quarter of the lines to the wrong file.

use std::collections::HashMap;

use git2::Oid;

use super::tree_diff::{Side, is_regular};

const MAX_SCORE: u64 = 60_000;
/// git's default `-M` threshold: 50 %.
const MIN_SCORE: u64 = MAX_SCORE / 2;
/// Same-basename pairs are accepted early only above this (git: min + 0.5 · (max − min)).
const MIN_BASENAME_SCORE: u64 = MIN_SCORE + (MAX_SCORE - MIN_SCORE) / 2;
const CANDIDATES_PER_DST: usize = 4;
const HASHBASE: u32 = 107_927;

/// git's default `diff.renameLimit`: inexact detection is skipped above limit² pairs.
pub const DEFAULT_RENAME_LIMIT: u64 = 1000;

/// Access to blob contents for similarity scoring.
pub trait Blobs {
    fn size(&mut self, id: Oid) -> Option<u64>;
    /// The blob's content, and whether git treats `path` holding it as binary (attributes, then
    /// a NUL in the first 8000 bytes).
    fn content(&mut self, path: &[u8], id: Oid) -> Option<(&[u8], bool)>;
}

#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub path: &'a [u8],
    pub side: Side,
}

fn basename(path: &[u8]) -> &[u8] {
    path.rsplit(|&b| b == b'/').next().unwrap_or(path)
}

/// (src index, dst index) pairs that git would report as renames.
pub fn find_renames(
    srcs: &[Candidate<'_>],
    dsts: &[Candidate<'_>],
    blobs: &mut dyn Blobs,
    rename_limit: u64,
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    if srcs.is_empty() || dsts.is_empty() {
        return pairs;
    }
    let mut src_used = vec![false; srcs.len()];
    let mut dst_done = vec![false; dsts.len()];

    exact_renames(srcs, dsts, &mut src_used, &mut dst_done, &mut pairs);

    let mut scorer = Scorer::new(srcs, dsts);
    let remaining: Vec<usize> = (0..srcs.len()).filter(|&i| !src_used[i]).collect();
    basename_renames(
        srcs,
        dsts,
        &remaining,
        blobs,
        &mut scorer,
        &mut src_used,
        &mut dst_done,
        &mut pairs,
    );

    let remaining: Vec<usize> = remaining.into_iter().filter(|&i| !src_used[i]).collect();
    let open_dsts: Vec<usize> = (0..dsts.len()).filter(|&i| !dst_done[i]).collect();
    if remaining.is_empty() || open_dsts.is_empty() {
        return pairs;
    }
    let limit = if rename_limit == 0 {
        u64::MAX
    } else {
        rename_limit
    };
    if (open_dsts.len() as u64).saturating_mul(remaining.len() as u64) > limit.saturating_mul(limit)
    {
        return pairs;
    }

    let matrix = score_matrix(srcs, dsts, &remaining, &open_dsts, blobs, &mut scorer);
    take_best(matrix, &mut src_used, &mut dst_done, &mut pairs);
    pairs
}

#[derive(Clone, Copy)]
struct Score {
    src: usize,
    dst: Option<usize>,
    score: u64,
    name_score: i32,
}

/// git's score_compare: unused slots sink, then higher score, then same basename first.
fn score_cmp(a: &Score, b: &Score) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    match (a.dst, b.dst) {
        (None, None) => Equal,
        (None, Some(_)) => Greater,
        (Some(_), None) => Less,
        _ if a.score == b.score => b.name_score.cmp(&a.name_score),
        _ => b.score.cmp(&a.score),
    }
}

/// git's rename matrix: for each open destination, the best [`CANDIDATES_PER_DST`] sources.
fn score_matrix(
    srcs: &[Candidate<'_>],
    dsts: &[Candidate<'_>],
    remaining: &[usize],
    open_dsts: &[usize],
    blobs: &mut dyn Blobs,
    scorer: &mut Scorer<'_>,
) -> Vec<Score> {
    let empty = Score {
        src: 0,
        dst: None,
        score: 0,
        name_score: 0,
    };
    let mut matrix = vec![empty; open_dsts.len() * CANDIDATES_PER_DST];
    for (k, &d) in open_dsts.iter().enumerate() {
        let m = &mut matrix[k * CANDIDATES_PER_DST..(k + 1) * CANDIDATES_PER_DST];
        for &s in remaining {
            let this = Score {
                src: s,
                dst: Some(d),
                score: scorer.similarity(s, d, blobs),
                name_score: basename_same(srcs[s].path, dsts[d].path) as i32,
            };
            let mut worst = 0;
            for i in 1..CANDIDATES_PER_DST {
                if score_cmp(&m[i], &m[worst]).is_gt() {
                    worst = i;
                }
            }
            if score_cmp(&m[worst], &this).is_gt() {
                m[worst] = this;
            }
        }
    }
    matrix
}

/// Pairs from the best scores down, each source and destination used once.
fn take_best(
    mut matrix: Vec<Score>,
    src_used: &mut [bool],
    dst_done: &mut [bool],
    pairs: &mut Vec<(usize, usize)>,
) {
    matrix.sort_by(score_cmp);
    for s in matrix {
        let Some(d) = s.dst else { break };
        if s.score < MIN_SCORE {
            break;
        }
        if dst_done[d] || src_used[s.src] {
            continue;
        }
        dst_done[d] = true;
        src_used[s.src] = true;
        pairs.push((s.src, d));
    }
}

fn exact_renames(
    srcs: &[Candidate<'_>],
    dsts: &[Candidate<'_>],
    src_used: &mut [bool],
    dst_done: &mut [bool],
    pairs: &mut Vec<(usize, usize)>,
) {
    let mut by_id: HashMap<Oid, Vec<usize>> = HashMap::new();
    for (i, s) in srcs.iter().enumerate() {
        by_id.entry(s.side.id).or_default().push(i);
    }
    for (d, dst) in dsts.iter().enumerate() {
        let Some(cands) = by_id.get(&dst.side.id) else {
            continue;
        };
        let (mut best, mut best_score, mut tries) = (None, -1, 100);
        for &s in cands {
            let src = &srcs[s];
            if (!is_regular(src.side.mode) || !is_regular(dst.side.mode))
                && src.side.mode != dst.side.mode
            {
                continue;
            }
            if src_used[s] {
                continue;
            }
            let score = 1 + basename_same(src.path, dst.path) as i32;
            if score > best_score {
                best = Some(s);
                best_score = score;
                if score == 2 {
                    break;
                }
            }
            tries -= 1;
            if tries == 0 {
                break;
            }
        }
        if let Some(s) = best {
            src_used[s] = true;
            dst_done[d] = true;
            pairs.push((s, d));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn basename_renames(
    srcs: &[Candidate<'_>],
    dsts: &[Candidate<'_>],
    remaining: &[usize],
    blobs: &mut dyn Blobs,
    scorer: &mut Scorer,
    src_used: &mut [bool],
    dst_done: &mut [bool],
    pairs: &mut Vec<(usize, usize)>,
) {
    // basename -> index if unique, None if it occurs more than once
    let mut sources: HashMap<&[u8], Option<usize>> = HashMap::new();
    for &i in remaining {
        sources
            .entry(basename(srcs[i].path))
            .and_modify(|v| *v = None)
            .or_insert(Some(i));
    }
    let mut dests: HashMap<&[u8], Option<usize>> = HashMap::new();
    for (i, d) in dsts.iter().enumerate() {
        if !dst_done[i] {
            dests
                .entry(basename(d.path))
                .and_modify(|v| *v = None)
                .or_insert(Some(i));
        }
    }
    for &i in remaining {
        let base = basename(srcs[i].path);
        let (Some(&Some(s)), Some(&Some(d))) = (sources.get(base), dests.get(base)) else {
            continue;
        };
        if dst_done[d] {
            continue;
        }
        if scorer.similarity(s, d, blobs) >= MIN_BASENAME_SCORE {
            src_used[s] = true;
            dst_done[d] = true;
            pairs.push((s, d));
        }
    }
}

/// git's `basename_same`: the paths end in the same component.
fn basename_same(a: &[u8], b: &[u8]) -> bool {
    basename(a) == basename(b)
}

/// Similarity scores with each blob's span-hash computed once.
struct Scorer<'a> {
    src: Vec<Option<Spans>>,
    dst: Vec<Option<Spans>>,
    srcs: &'a [Candidate<'a>],
    dsts: &'a [Candidate<'a>],
}

struct Spans {
    size: u64,
    /// (hash, bytes) sorted by hash; `None` when the blob could not be read.
    counts: Option<Vec<(u32, u64)>>,
}

impl<'a> Scorer<'a> {
    fn new(srcs: &'a [Candidate<'a>], dsts: &'a [Candidate<'a>]) -> Self {
        Self {
            src: (0..srcs.len()).map(|_| None).collect(),
            dst: (0..dsts.len()).map(|_| None).collect(),
            srcs,
            dsts,
        }
    }

    /// git's `estimate_similarity`, 0..=60000.
    fn similarity(&mut self, s: usize, d: usize, blobs: &mut dyn Blobs) -> u64 {
        let (sp, ss) = (self.srcs[s].path, self.srcs[s].side);
        let (dp, ds) = (self.dsts[d].path, self.dsts[d].side);
        if !is_regular(ss.mode) || !is_regular(ds.mode) {
            return 0;
        }
        let (Some(src_size), Some(dst_size)) = (
            size_of(&self.src[s], ss.id, blobs),
            size_of(&self.dst[d], ds.id, blobs),
        ) else {
            return 0;
        };
        let max = src_size.max(dst_size);
        let delta = max - src_size.min(dst_size);
        if max * (MAX_SCORE - MIN_SCORE) < delta * MAX_SCORE {
            return 0;
        }
        let src = self.src[s].get_or_insert_with(|| Spans::load(sp, ss.id, blobs));
        let Some(src_counts) = src.counts.as_ref() else {
            return 0;
        };
        let dst = self.dst[d].get_or_insert_with(|| Spans::load(dp, ds.id, blobs));
        let Some(dst_counts) = dst.counts.as_ref() else {
            return 0;
        };
        if dst.size == 0 {
            return 0;
        }
        copied(src_counts, dst_counts) * MAX_SCORE / max
    }
}

fn size_of(cached: &Option<Spans>, id: Oid, blobs: &mut dyn Blobs) -> Option<u64> {
    match cached {
        Some(s) => s.counts.as_ref().map(|_| s.size),
        None => blobs.size(id),
    }
}

impl Spans {
    fn load(path: &[u8], id: Oid, blobs: &mut dyn Blobs) -> Spans {
        match blobs.content(path, id) {
            Some((data, binary)) => Spans {
                size: data.len() as u64,
                counts: Some(span_hashes(data, !binary)),
            },
            None => Spans {
                size: 0,
                counts: None,
            },
        }
    }
}

/// git's diffcore-delta `hash_chars`: content cut at newlines or every 64 bytes, each chunk's
/// hash weighted by its length.
fn span_hashes(buf: &[u8], is_text: bool) -> Vec<(u32, u64)> {
    let mut map: HashMap<u32, u64> = HashMap::new();
    let (mut n, mut accum1, mut accum2) = (0u64, 0u32, 0u32);
    let mut i = 0;
    while i < buf.len() {
        let c = buf[i] as u32;
        i += 1;
        if is_text && c == b'\r' as u32 && buf.get(i) == Some(&b'\n') {
            continue;
        }
        let old1 = accum1;
        accum1 = (accum1 << 7) ^ (accum2 >> 25);
        accum2 = (accum2 << 7) ^ (old1 >> 25);
        accum1 = accum1.wrapping_add(c);
        n += 1;
        if n < 64 && c != b'\n' as u32 {
            continue;
        }
        let h = accum1.wrapping_add(accum2.wrapping_mul(0x61)) % HASHBASE;
        *map.entry(h).or_default() += n;
        n = 0;
        accum1 = 0;
        accum2 = 0;
    }
    if n > 0 {
        let h = accum1.wrapping_add(accum2.wrapping_mul(0x61)) % HASHBASE;
        *map.entry(h).or_default() += n;
    }
    let mut v: Vec<(u32, u64)> = map.into_iter().collect();
    v.sort_unstable();
    v
}

/// Bytes of `dst` that `src` already holds (git's `src_copied`).
fn copied(src: &[(u32, u64)], dst: &[(u32, u64)]) -> u64 {
    let (mut i, mut j, mut sc) = (0, 0, 0);
    while i < src.len() && j < dst.len() {
        match src[i].0.cmp(&dst[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sc += src[i].1.min(dst[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    sc
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Mem(HashMap<Oid, Vec<u8>>);
    impl Blobs for Mem {
        fn size(&mut self, id: Oid) -> Option<u64> {
            self.0.get(&id).map(|d| d.len() as u64)
        }
        fn content(&mut self, _: &[u8], id: Oid) -> Option<(&[u8], bool)> {
            let d = self.0.get(&id)?;
            Some((d.as_slice(), d[..d.len().min(8000)].contains(&0)))
        }
    }

    fn blob(mem: &mut Mem, text: &str) -> Side {
        let id = Oid::hash_object(git2::ObjectType::Blob, text.as_bytes()).unwrap();
        mem.0.insert(id, text.as_bytes().to_vec());
        Side { id, mode: 0o100644 }
    }

    fn lines(n: usize, tag: &str) -> String {
        (0..n).map(|i| format!("line {i} {tag}\n")).collect()
    }

    #[test]
    fn exact_rename_prefers_same_basename() {
        let mut m = Mem(HashMap::new());
        let a = blob(&mut m, "same\n");
        let srcs = [
            Candidate {
                path: b"x/other.py",
                side: a,
            },
            Candidate {
                path: b"x/f.py",
                side: a,
            },
        ];
        let dsts = [Candidate {
            path: b"y/f.py",
            side: a,
        }];
        assert_eq!(find_renames(&srcs, &dsts, &mut m, 1000), vec![(1, 0)]);
    }

    #[test]
    fn similar_content_pairs_and_dissimilar_does_not() {
        let mut m = Mem(HashMap::new());
        let base = lines(20, "a");
        let edited = format!("{base}one more\n");
        let s = blob(&mut m, &base);
        let d = blob(&mut m, &edited);
        let other = blob(&mut m, &lines(20, "zzzzz"));
        let srcs = [Candidate {
            path: b"old.py",
            side: s,
        }];
        let dsts = [
            Candidate {
                path: b"unrelated.py",
                side: other,
            },
            Candidate {
                path: b"new.py",
                side: d,
            },
        ];
        assert_eq!(find_renames(&srcs, &dsts, &mut m, 1000), vec![(0, 1)]);
    }

    #[test]
    fn rename_limit_stops_inexact_but_not_exact() {
        let mut m = Mem(HashMap::new());
        let s = blob(&mut m, &lines(20, "a"));
        let d = blob(&mut m, &format!("{}x\n", lines(20, "a")));
        let e = blob(&mut m, "exact\n");
        let srcs = [
            Candidate {
                path: b"a/s.py",
                side: s,
            },
            Candidate {
                path: b"a/e.py",
                side: e,
            },
        ];
        let dsts = [
            Candidate {
                path: b"b/t.py",
                side: d,
            },
            Candidate {
                path: b"b/e2.py",
                side: e,
            },
        ];
        assert_eq!(find_renames(&srcs, &dsts, &mut m, 0), vec![(1, 1), (0, 0)]);
        // 1 destination x 1 source left > 0^2 ... a limit of 0 means unlimited, as in git
        let pairs = find_renames(&srcs, &dsts, &mut m, 1);
        assert_eq!(pairs, vec![(1, 1), (0, 0)], "1x1 is within a limit of 1");
    }

    #[test]
    fn crlf_is_ignored_in_text() {
        assert_eq!(span_hashes(b"a\r\nb\n", true), span_hashes(b"a\nb\n", true));
        assert_ne!(
            span_hashes(b"a\r\nb\n", false),
            span_hashes(b"a\nb\n", false)
        );
    }
}
