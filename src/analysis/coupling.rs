//! Co-change across the DS/SE boundary (DESIGN.md §2 "Coupling"): pairs of a file in a `ds`-side
//! area and a file in an `se`-side area that change together, how long a ds change waits for its
//! se port, and which ports are still pending.
//!
//! Definitions (README "Co-change across the boundary" says the same):
//!
//! - **Files**: those at the reference commit, each with its rename-followed history; the side
//!   is its area's. No change of an ignored commit (`ignore_revs`: a reformat is not a port)
//!   takes part; change sets (and so candidates and degree) leave out commits of more than
//!   [`MAX_CHANGE_SET_FILES`] changes (counted in the model: analysed paths, bots excluded),
//!   and no wait opens at one, while a port made in one closes a wait and roles count them.
//!   Nor does a wait open at a ds change whose commit changed se files other than the partner
//!   (it was ported there).
//! - **Change sets** of a pair (d, s): the two files' changes merged in time order; a set begins
//!   at the earliest change not yet in a set and holds every change of either file at most
//!   `window_days` after it (its own commit included). With `window_days = 0` a set is one
//!   commit. `shared` = sets holding both files; `n_d`, `n_s` = sets holding each;
//!   `degree = shared / ((n_d + n_s) / 2)` (code-maat's degree, re-implemented from its
//!   description, with a time window as its temporal variant).
//! - **Candidates**: `[[pairs]]` of the config (source `config`), stems equal across naming
//!   styles (`name`, see [`stem_pairs`]) and history (`history`: shared ≥ `min_shared` (1 or more)
//!   and degree ≥ `min_degree`). `config` and `name` pairs are always kept: a declared
//!   twin's pending port matters at any degree. A pair found by several sources takes the
//!   strongest: config > name > history.
//! - **Port lag**: a wait begins at the first ds change after the partner's previous se change
//!   (or at the first ds change ever) and ends at the next se change at or after it (a change of
//!   both in one commit ends it at once). Lag = end − begin in days; median (the mean of the two
//!   middles for an even count) and p90 (nearest rank: the ⌈0.9·n⌉-th smallest), one decimal.
//! - **Pending since**: the begin of the wait still open at the reference time, when it began
//!   more than `window_days` before it. Pending pairs come first: config, then name, then
//!   history pairs, each by degree (highest first: the stronger the coupling, the more its
//!   absence says), then the oldest.
//! - **Roles** per side: role → changes to that side's file by the people credited with them.

use std::collections::{BTreeMap, HashMap, HashSet};

use globset::Candidate;

use super::classify::Classification;
use crate::config::Config;
use crate::model::{FileIx, Model};

/// Commits with more changes than this are no change set (code-maat's default): a reformat, a
/// package move, a dependency bump tells nothing about which files belong together.
pub const MAX_CHANGE_SET_FILES: usize = 30;

/// A stem shared by more files than this on one side is a generic name (`Suite`, `Reader`):
/// no pair is made from it.
pub const MAX_STEM_FILES: usize = 4;

/// Normalised stems too generic to pair files by (`__init__.py` ↔ `Init.scala`).
const STOP_STEMS: &[&str] = &[
    "init",
    "main",
    "utils",
    "util",
    "package",
    "test",
    "tests",
    "testutils",
    "spec",
    "setup",
    "conftest",
    "config",
    "common",
    "constants",
    "base",
    "core",
    "types",
    "helper",
    "helpers",
    "version",
    "index",
    "build",
    "model",
    "models",
    "data",
    "example",
    "examples",
];

/// Shortest normalised stem that pairs files: `io`, `api`, `cli` are everywhere.
const MIN_STEM_CHARS: usize = 4;

const DAY: i64 = 86_400;

/// Why a pair is reported; ordered by strength (the strongest last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    History,
    Name,
    Config,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::History => "history",
            Source::Name => "name",
            Source::Config => "config",
        }
    }
}

/// One coupled pair, measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub ds: FileIx,
    pub se: FileIx,
    pub source: Source,
    pub shared: u32,
    pub ds_sets: u32,
    pub se_sets: u32,
    /// Not rounded.
    pub degree: f64,
    /// Completed waits, in seconds, in time order.
    pub lags: Vec<i64>,
    /// Median and p90 of `lags`, in days, one decimal; `None` without a completed wait.
    pub lag_days: Option<(f64, f64)>,
    pub pending_since: Option<i64>,
    /// Role → changes to the ds file (resp. the se file) by people of that role.
    pub ds_roles: BTreeMap<String, u64>,
    pub se_roles: BTreeMap<String, u64>,
}

/// One change of a file that takes part.
#[derive(Debug, Clone, Copy)]
struct Event {
    time: i64,
    commit: u32,
    change: u32,
}

/// Every coupled pair of the model: pending ones first (config, name, then history pairs; each
/// by degree, highest first; then the oldest), then the others by degree, then by paths.
pub fn couplings(model: &Model, class: &Classification, config: &Config) -> Vec<Pair> {
    let window = i64::from(config.coupling.window_days) * DAY;
    // a port made in a big commit is a port all the same: waits count every change
    let [sets, every] = events(model);
    let side = |f: usize| {
        class.file_area[f]
            .and_then(|a| class.side_of_area(a))
            .filter(|s| *s == "ds" || *s == "se")
    };
    let ds: Vec<FileIx> = (0..model.files.len())
        .filter(|&f| side(f) == Some("ds"))
        .map(|f| f as FileIx)
        .collect();
    let se: Vec<FileIx> = (0..model.files.len())
        .filter(|&f| side(f) == Some("se"))
        .map(|f| f as FileIx)
        .collect();
    let mut serving_commit = vec![false; model.commits.len()];
    for e in se.iter().flat_map(|&f| &every[f as usize]) {
        serving_commit[e.commit as usize] = true;
    }

    let mut candidates: BTreeMap<(FileIx, FileIx), Source> = BTreeMap::new();
    let mut add = |pair: (FileIx, FileIx), source: Source| {
        let s = candidates.entry(pair).or_insert(source);
        *s = (*s).max(source);
    };
    for pair in history_candidates(&sets, &ds, &se, window, config.coupling.min_shared) {
        add(pair, Source::History);
    }
    for pair in stem_pairs(model, &ds, &se) {
        add(pair, Source::Name);
    }
    for pair in config_pairs(model, config) {
        add(pair, Source::Config);
    }

    let min_shared = config.coupling.min_shared;
    let mut out: Vec<Pair> = candidates
        .into_iter()
        .filter_map(|((d, s), source)| {
            let p = measure(
                model,
                class,
                [&sets, &every],
                &serving_commit,
                (d, s),
                source,
                window,
            );
            let kept = source != Source::History
                || (p.shared >= min_shared && p.degree >= config.coupling.min_degree);
            kept.then_some(p)
        })
        .collect();
    let path = |f: FileIx| &model.files[f as usize].path;
    // pending first: declared twins, then named ones, then history's, each the most coupled
    // first (the stronger the coupling, the more its absence says), then the oldest
    out.sort_by(|a, b| {
        let pending = |p: &Pair| p.pending_since.map_or((1, 0), |_| (0, 3 - p.source as u8));
        pending(a)
            .cmp(&pending(b))
            .then(b.degree.total_cmp(&a.degree))
            .then(a.pending_since.cmp(&b.pending_since))
            .then_with(|| path(a.ds).cmp(path(b.ds)))
            .then_with(|| path(a.se).cmp(path(b.se)))
    });
    out
}

/// Per file, in time order: its changes that take part in change sets (of commits of at most
/// [`MAX_CHANGE_SET_FILES`] changes), and all its changes that take part at all.
fn events(model: &Model) -> [Vec<Vec<Event>>; 2] {
    let mut size = vec![0usize; model.commits.len()];
    for c in &model.changes {
        size[c.commit as usize] += 1;
    }
    let every: Vec<Vec<Event>> = model
        .files
        .iter()
        .map(|f| {
            let mut ev: Vec<Event> = f
                .changes
                .iter()
                .map(|&ix| (ix, &model.changes[ix as usize]))
                .filter(|(_, c)| c.delivers)
                .map(|(ix, c)| Event {
                    time: c.time,
                    commit: c.commit,
                    change: ix,
                })
                .collect();
            ev.sort_by_key(|e| (e.time, e.commit));
            ev
        })
        .collect();
    let sets = every
        .iter()
        .map(|ev| {
            ev.iter()
                .filter(|e| size[e.commit as usize] <= MAX_CHANGE_SET_FILES)
                .copied()
                .collect()
        })
        .collect();
    [sets, every]
}

/// Pairs that may share `min_shared` change sets (at least 1), found from the changes rather
/// than by trying every ds × se pair. Two files sharing a change set have a change each within
/// `window` of the other, and distinct shared sets hold distinct ds changes; so the ds changes
/// of d with a change of s within `window` bound the sets they share. Only pairs reaching the
/// bound are measured. Cost: for each ds change, the se changes within `window` of it.
fn history_candidates(
    events: &[Vec<Event>],
    ds: &[FileIx],
    se: &[FileIx],
    window: i64,
    min_shared: u32,
) -> Vec<(FileIx, FileIx)> {
    let mut se_events: Vec<(i64, FileIx)> = se
        .iter()
        .flat_map(|&s| events[s as usize].iter().map(move |e| (e.time, s)))
        .collect();
    se_events.sort_unstable();
    let mut out = Vec::new();
    // per se file: the last ds change that counted it, so that each ds change counts it once
    let mut seen: HashMap<FileIx, (usize, u32)> = HashMap::new();
    for &d in ds {
        seen.clear();
        for (i, e) in events[d as usize].iter().enumerate() {
            let from = se_events.partition_point(|&(t, _)| t < e.time - window);
            for &(t, s) in &se_events[from..] {
                if t > e.time + window {
                    break;
                }
                let n = seen.entry(s).or_insert((usize::MAX, 0));
                if n.0 != i {
                    *n = (i, n.1 + 1);
                }
            }
        }
        let mut found: Vec<FileIx> = seen
            .iter()
            .filter(|(_, (_, n))| *n >= min_shared)
            .map(|(&s, _)| s)
            .collect();
        found.sort_unstable();
        out.extend(found.into_iter().map(|s| (d, s)));
    }
    out
}

/// A file's stem (its name without the last extension), lower-cased, without `_`, `-`, `.`:
/// `user_age_bucket.py` and `UserAgeBucket.scala` are both `useragebucket`.
pub fn normalised_stem(path: &[u8]) -> String {
    let name = path.rsplit(|&b| b == b'/').next().unwrap_or(path);
    let stem = match name.iter().rposition(|&b| b == b'.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    String::from_utf8_lossy(stem)
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Two directory names that say the same: equal, or one (of 4 characters or more) inside the
/// other (`pyspark` and `spark`).
fn related_directories(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    a == b || short.len() >= 4 && long.contains(short)
}

/// Whether a path's directories mark it as a test (its name may too: [`subject`]).
fn is_test(dirs: &[String]) -> bool {
    dirs.iter()
        .any(|d| matches!(d.as_str(), "test" | "tests" | "spec" | "specs"))
}

/// The normalised stem of what a file tests, by the conventions of pytest (`test_x.py`,
/// `x_test.py`) and of ScalaTest and JUnit (`XSuite`, `XSpec`, `XTest`, `TestX`): a Python
/// test and its Scala twin (`test_openai_defaults.py`, `OpenAIDefaultsSuite.scala`) share it.
/// Other files keep their stem.
fn subject(path: &[u8]) -> String {
    let name = path.rsplit(|&b| b == b'/').next().unwrap_or(path);
    let stem = match name.iter().rposition(|&b| b == b'.') {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    let stem = String::from_utf8_lossy(stem);
    let camel = |rest: &str, at_end: bool| {
        let next = if at_end {
            rest.chars().next_back()
        } else {
            rest.chars().next()
        };
        next.is_some_and(|c| {
            if at_end {
                !c.is_uppercase()
            } else {
                c.is_uppercase()
            }
        })
    };
    let mut s: &str = &stem;
    for p in ["test_", "tests_"] {
        s = s.strip_prefix(p).unwrap_or(s);
    }
    if let Some(rest) = s.strip_prefix("Test").filter(|r| camel(r, false)) {
        s = rest;
    }
    for t in ["_test", "_tests"] {
        s = s.strip_suffix(t).unwrap_or(s);
    }
    for t in ["Suite", "Spec", "Test", "Tests"] {
        if let Some(rest) = s.strip_suffix(t).filter(|r| camel(r, true)) {
            s = rest;
        }
    }
    normalised_stem(s.as_bytes())
}

/// The directory names of a path, normalised as stems are.
fn directories(path: &[u8]) -> Vec<String> {
    let mut parts: Vec<&[u8]> = path.split(|&b| b == b'/').collect();
    parts.pop();
    parts.into_iter().map(normalised_stem).collect()
}

/// ds and se files whose normalised stems are equal. Guards against noise: stems in a stop list
/// (`__init__`, `utils`, `main`, `package`, `test`, …) or shorter than 4 characters pair
/// nothing, nor does a stem held by more than [`MAX_STEM_FILES`] files on a side (a generic
/// name). Tests pair by what they test ([`subject`]: `test_x.py` with `XSuite.scala`). A test
/// (named so, or under a `test`, `tests`, `spec` or `specs` directory) pairs only with a test,
/// other files only with other files. When a stem is held by several files on a side,
/// only mutual closest files pair: d's closest se files share the most directory names with it
/// (see [`related_directories`]),
/// and d must be among their closest ds files in turn. A tie pairs all of the tied (at most
/// [`MAX_STEM_FILES`]): MLeap's `math_unary.py` has two Scala twins, its Spark transformer and
/// its runtime one, and both are ports of it.
pub fn stem_pairs(model: &Model, ds: &[FileIx], se: &[FileIx]) -> Vec<(FileIx, FileIx)> {
    let mut by_stem: BTreeMap<String, (Vec<FileIx>, Vec<FileIx>)> = BTreeMap::new();
    for (files, is_se) in [(ds, false), (se, true)] {
        for &f in files {
            let stem = subject(&model.files[f as usize].path);
            if stem.chars().count() < MIN_STEM_CHARS || STOP_STEMS.contains(&stem.as_str()) {
                continue;
            }
            let e = by_stem.entry(stem).or_default();
            if is_se { &mut e.1 } else { &mut e.0 }.push(f);
        }
    }
    let mut out = Vec::new();
    for (ds, se) in by_stem.values() {
        if ds.is_empty() || se.is_empty() || ds.len() > MAX_STEM_FILES || se.len() > MAX_STEM_FILES
        {
            continue;
        }
        let dirs = |f: FileIx| directories(&model.files[f as usize].path);
        let closeness = |a: &[String], b: &[String]| {
            a.iter()
                .filter(|x| b.iter().any(|y| related_directories(x, y)))
                .count()
        };
        // the closest of `among` to `from` (ties all), of its kind: a test pairs with a test
        let test = |f: FileIx| {
            let path = &model.files[f as usize].path;
            is_test(&dirs(f)) || subject(path) != normalised_stem(path)
        };
        let closest = |from: FileIx, among: &[FileIx]| -> Vec<FileIx> {
            let here = dirs(from);
            let scored: Vec<(usize, FileIx)> = among
                .iter()
                .filter(|&&g| test(g) == test(from))
                .map(|&g| (closeness(&here, &dirs(g)), g))
                .collect();
            let best = scored.iter().map(|s| s.0).max().unwrap_or(0);
            scored
                .into_iter()
                .filter(|s| s.0 == best)
                .map(|s| s.1)
                .collect()
        };
        for &d in ds {
            for s in closest(d, se) {
                if closest(s, ds).contains(&d) {
                    out.push((d, s));
                }
            }
        }
    }
    out
}

/// The twins an entry declares, whatever their areas: when either glob matches one file, that
/// file with every file the other matches; when both match several (`ml/features/**/*.py` and
/// `serving/**/features/*.scala`), each ds file with the se files of its name ([`subject`]), as
/// a directory of features and its port pair up file by file. A file is never its own twin.
fn config_pairs(model: &Model, config: &Config) -> Vec<(FileIx, FileIx)> {
    let mut out = Vec::new();
    for p in &config.pairs {
        let matching = |m: &globset::GlobMatcher| -> Vec<FileIx> {
            (0..model.files.len() as FileIx)
                .filter(|&f| {
                    m.is_match_candidate(&Candidate::from_bytes(&model.files[f as usize].path))
                })
                .collect()
        };
        let (ds, se) = (matching(&p.ds_matcher), matching(&p.se_matcher));
        let by_name = ds.len() > 1 && se.len() > 1;
        let name = |f: FileIx| subject(&model.files[f as usize].path);
        for &d in &ds {
            let twins = se
                .iter()
                .filter(|&&s| s != d && (!by_name || name(s) == name(d)));
            out.extend(twins.map(|&s| (d, s)));
        }
    }
    out
}

/// The change sets, lags, pending port and roles of one pair.
fn measure(
    model: &Model,
    class: &Classification,
    [sets, every]: [&[Vec<Event>]; 2],
    serving_commit: &[bool],
    (d, s): (FileIx, FileIx),
    source: Source,
    window: i64,
) -> Pair {
    let (shared, ds_sets, se_sets) = change_sets(&sets[d as usize], &sets[s as usize], window);
    let (de, se) = (&every[d as usize], &every[s as usize]);
    let degree = if ds_sets + se_sets == 0 {
        0.0
    } else {
        f64::from(shared) / (f64::from(ds_sets + se_sets) / 2.0)
    };
    // A big commit (a reformat, an import sort) opens no wait, but a port made in one closes
    // it; nor does a ds change whose commit changed other se files and not this one: it was
    // ported in that commit, elsewhere (feathr's feature-name check went to FeathrClient.scala,
    // not to the FeathrConfigLoader.scala that usually follows _synapse_submission.py).
    let partner: HashSet<u32> = se.iter().map(|e| e.commit).collect();
    let opening: Vec<Event> = sets[d as usize]
        .iter()
        .filter(|e| !serving_commit[e.commit as usize] || partner.contains(&e.commit))
        .copied()
        .collect();
    let (lags, open) = waits(&opening, se);
    let now = model.repo.reference_time;
    let roles = |ev: &[Event]| {
        let mut m: BTreeMap<String, u64> = BTreeMap::new();
        for e in ev {
            for who in model.credited(&model.changes[e.change as usize]) {
                *m.entry(class.roles[who as usize].role.clone()).or_default() += 1;
            }
        }
        m
    };
    Pair {
        ds: d,
        se: s,
        source,
        shared,
        ds_sets,
        se_sets,
        degree,
        lag_days: lag_days(&lags),
        lags,
        pending_since: open.filter(|&b| now - b > window),
        ds_roles: roles(de),
        se_roles: roles(se),
    }
}

/// (shared, n_d, n_s) over the change sets of two files' changes (module docs).
fn change_sets(d: &[Event], s: &[Event], window: i64) -> (u32, u32, u32) {
    let mut all: Vec<(i64, u32, bool)> = d
        .iter()
        .map(|e| (e.time, e.commit, false))
        .chain(s.iter().map(|e| (e.time, e.commit, true)))
        .collect();
    all.sort_unstable();
    let (mut shared, mut nd, mut ns) = (0, 0, 0);
    let mut i = 0;
    while i < all.len() {
        let (start, commit, _) = all[i];
        let (mut has_d, mut has_s) = (false, false);
        while i < all.len() {
            let (t, c, is_s) = all[i];
            let inside = if window == 0 {
                c == commit
            } else {
                t - start <= window
            };
            if !inside {
                break;
            }
            if is_s {
                has_s = true;
            } else {
                has_d = true;
            }
            i += 1;
        }
        nd += u32::from(has_d);
        ns += u32::from(has_s);
        shared += u32::from(has_d && has_s);
    }
    (shared, nd, ns)
}

/// The completed waits (seconds) and the begin of the one still open.
fn waits(d: &[Event], s: &[Event]) -> (Vec<i64>, Option<i64>) {
    // at equal times the ds change comes first: one commit of both ports at once
    let mut all: Vec<(i64, bool)> = d
        .iter()
        .map(|e| (e.time, false))
        .chain(s.iter().map(|e| (e.time, true)))
        .collect();
    all.sort_unstable();
    let mut lags = Vec::new();
    let mut open: Option<i64> = None;
    for (t, is_s) in all {
        match (is_s, open) {
            (false, None) => open = Some(t),
            (true, Some(begin)) => {
                lags.push(t - begin);
                open = None;
            }
            _ => {}
        }
    }
    (lags, open)
}

/// Median and p90 (nearest rank) of waits in seconds, in days with one decimal.
pub fn lag_days(lags: &[i64]) -> Option<(f64, f64)> {
    if lags.is_empty() {
        return None;
    }
    let mut v = lags.to_vec();
    v.sort_unstable();
    let n = v.len();
    let median = if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    };
    let p90 = v[(9 * n).div_ceil(10) - 1] as f64;
    let days = |x: f64| (x / DAY as f64 * 10.0).round() / 10.0;
    Some((days(median), days(p90)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::classify::classify;
    use crate::model::testkit::Builder;

    const D: i64 = DAY;

    fn config(extra: &str) -> Config {
        Config::parse(
            &format!(
                "[areas.training]\npaths = [\"**/*.py\"]\nside = \"ds\"\n\
                 [areas.serving]\npaths = [\"**/*.scala\"]\nside = \"se\"\n{extra}"
            ),
            std::path::Path::new("t.toml"),
        )
        .unwrap()
    }

    fn run(b: &Builder, cfg: &Config) -> (Model, Vec<Pair>) {
        let m = b.build();
        let class = classify(&m, cfg);
        let pairs = couplings(&m, &class, cfg);
        (m, pairs)
    }

    fn names(m: &Model, p: &[Pair]) -> Vec<(String, String, &'static str)> {
        p.iter()
            .map(|p| {
                (
                    m.files[p.ds as usize].path.to_string(),
                    m.files[p.se as usize].path.to_string(),
                    p.source.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn the_planted_pair_worked_out_by_hand() {
        // ds edits on days 0, 30, 60, 100; se ports on days 5, 39, 80; reference day 200.
        // Window 14: sets {d0 s5} {d30 s39} {d60} {s80} {d100}: shared 2, n_d 4, n_s 3,
        // degree 2 / 3.5 = 0.5714. Waits 0→5, 30→39, 60→80: 5, 9, 20 days (median 9, p90 the
        // ⌈2.7⌉ = 3rd smallest: 20); 100 is open and 100 days old > 14: pending since day 100.
        let mut b = Builder::new(&["ds@x", "se@x"]).reference_time(200 * D);
        let py = b.file("ml/features/user_age_bucket.py");
        let sc = b.file("serving/features/UserAgeBucket.scala");
        for (day, f, who) in [
            (0, py, 0),
            (5, sc, 1),
            (30, py, 0),
            (39, sc, 1),
            (60, py, 0),
            (80, sc, 1),
            (100, py, 0),
        ] {
            b.change(f, who, day * D);
        }
        let (m, p) = run(&b, &config(""));
        assert_eq!(names(&m, &p).len(), 1);
        let p = &p[0];
        assert_eq!(p.source, Source::Name);
        assert_eq!((p.shared, p.ds_sets, p.se_sets), (2, 4, 3));
        assert!((p.degree - 2.0 / 3.5).abs() < 1e-12);
        assert_eq!(p.lags, vec![5 * D, 9 * D, 20 * D]);
        assert_eq!(p.lag_days, Some((9.0, 20.0)));
        assert_eq!(p.pending_since, Some(100 * D));
        // unknown roles: 4 and 3 changes, fewer than 5 sided each
        assert_eq!(p.ds_roles, BTreeMap::from([("unknown".into(), 4)]));
        assert_eq!(p.se_roles, BTreeMap::from([("unknown".into(), 3)]));

        // a reference only 10 days after day 100 is within the window: not pending yet
        let mut early = b.build();
        early.repo.reference_time = 110 * D;
        let cfg = config("");
        let p = couplings(&early, &classify(&early, &cfg), &cfg);
        assert_eq!(p[0].pending_since, None);
        // window 0: every commit its own set: shared 0, n_d 4, n_s 3 (lags do not change)
        let (_, p) = run(&b, &config("[coupling]\nwindow_days = 0\n"));
        assert_eq!((p[0].shared, p[0].ds_sets, p[0].se_sets), (0, 4, 3));
        assert_eq!(p[0].lag_days, Some((9.0, 20.0)));
    }

    #[test]
    fn history_pairs_need_both_thresholds_and_big_commits_do_not_count() {
        let mut b = Builder::new(&["a@x", "b@x"]).reference_time(400 * D);
        let x = b.file("a/x.py");
        let big: Vec<FileIx> = (0..30).map(|i| b.file(&format!("b/f{i:02}.txt"))).collect();
        let y = b.file("s/Y.scala");
        let z = b.file("s/Z.scala");
        // x and Y together (one commit) on days 0, 20, 40: 3 shared of 3 and 3: degree 1
        for day in [0, 20, 40] {
            b.change(x, 0, day * D).also(y);
        }
        // x and Z three times, but in commits of 32 changes (over 30): ignored
        for day in [60, 80, 100] {
            b.change(x, 0, day * D).also(z);
            for &f in &big {
                b.also(f);
            }
        }
        // one more x alone on day 120: x has 4 sets, Y 3, shared 3: degree 3 / 3.5
        b.change(x, 0, 120 * D);
        let (m, p) = run(&b, &config(""));
        assert_eq!(
            names(&m, &p),
            vec![("a/x.py".into(), "s/Y.scala".into(), "history")]
        );
        assert_eq!((p[0].shared, p[0].ds_sets, p[0].se_sets), (3, 4, 3));
        // the big commits open no wait (a reformat is no change to port): pending since day 120
        assert_eq!(p[0].pending_since, Some(120 * D));
        assert_eq!(p[0].lag_days, Some((0.0, 0.0)));
        // min_shared 4 drops it; min_degree 0.9 too (0.857)
        let (_, p) = run(&b, &config("[coupling]\nmin_shared = 4\n"));
        assert!(p.is_empty());
        let (_, p) = run(&b, &config("[coupling]\nmin_degree = 0.9\n"));
        assert!(p.is_empty());
    }

    #[test]
    fn a_ds_change_ported_elsewhere_in_its_commit_waits_for_nothing() {
        let mut b = Builder::new(&["a@x"]).reference_time(200 * D);
        let x = b.file("ml/x.py");
        let y = b.file("serving/Y.scala");
        let z = b.file("serving/Z.scala");
        b.change(x, 0, 0).also(y);
        // day 50: x changes with Z, not Y: ported in that commit, no wait opens
        b.change(x, 0, 50 * D).also(z);
        let cfg = config("[[pairs]]\nds = \"ml/x.py\"\nse = \"serving/Y.scala\"\n");
        let (_, p) = run(&b, &cfg);
        assert_eq!((p[0].pending_since, p[0].lags.len()), (None, 1));
        // day 100: x alone: pending since then
        b.change(x, 0, 100 * D);
        let (_, p) = run(&b, &cfg);
        assert_eq!(p[0].pending_since, Some(100 * D));
    }

    #[test]
    fn config_pairs_are_kept_at_any_degree_and_win_over_other_sources() {
        let mut b = Builder::new(&["a@x"]).reference_time(10 * D);
        let f = b.file("ml/click_rate.py");
        let g = b.file("ml/score.py");
        let h = b.file("serving/ClickRate.scala");
        let k = b.file("serving/Scorer.scala");
        b.change(f, 0, 0)
            .change(g, 0, D)
            .change(h, 0, 2 * D)
            .change(k, 0, 3 * D);
        let cfg = config(
            "[[pairs]]\nds = \"ml/click_rate.py\"\nse = \"serving/*.scala\"\n\
             [[pairs]]\nds = \"ml/score.py\"\nse = \"serving/Scorer.scala\"\n",
        );
        let (m, p) = run(&b, &cfg);
        let mut got = names(&m, &p);
        got.sort();
        assert_eq!(
            got,
            vec![
                (
                    "ml/click_rate.py".into(),
                    "serving/ClickRate.scala".into(),
                    "config"
                ),
                (
                    "ml/click_rate.py".into(),
                    "serving/Scorer.scala".into(),
                    "config"
                ),
                (
                    "ml/score.py".into(),
                    "serving/Scorer.scala".into(),
                    "config"
                ),
            ]
        );
        // both globs matching several files: twins by name, not every ds file with every se one
        let cfg = config("[[pairs]]\nds = \"ml/*.py\"\nse = \"serving/*.scala\"\n");
        let (m, p) = run(&b, &cfg);
        assert_eq!(
            names(&m, &p),
            vec![(
                "ml/click_rate.py".into(),
                "serving/ClickRate.scala".into(),
                "config"
            )]
        );
    }

    #[test]
    fn stems_match_across_naming_styles_and_noise_does_not() {
        assert_eq!(normalised_stem(b"ml/user_age_bucket.py"), "useragebucket");
        assert_eq!(normalised_stem(b"s/UserAgeBucket.scala"), "useragebucket");
        assert_eq!(normalised_stem(b"a/user-age.bucket.py"), "useragebucket");
        assert_eq!(normalised_stem(b".hidden"), "hidden");
        assert_eq!(subject(b"t/test_OpenAIDefaults.py"), "openaidefaults");
        assert_eq!(subject(b"t/OpenAIDefaultsSuite.scala"), "openaidefaults");
        assert_eq!(subject(b"t/math_unary_test.py"), "mathunary");
        assert_eq!(subject(b"t/TestScorer.java"), "scorer");
        assert_eq!(subject(b"t/test.py"), "test");
        assert_eq!(subject(b"t/Contest.scala"), "contest");
        assert_eq!(subject(b"t/Testament.scala"), "testament");
        assert_eq!(subject(b"t/LoadTest.scala"), "load");
        let mut b = Builder::new(&["a@x"]);
        let paths = [
            "a/feat/click_rate.py",   // 0: closest to x/feat/ClickRate.scala
            "b/other/click_rate.py",  // 1: farther: no pair
            "ml/__init__.py",         // 2: stop list
            "ml/io.py",               // 3: too short
            "ml/utils.py",            // 4: stop list
            "p/one/sampler.py",       // 5: tie between two se files: both pair
            "x/feat/ClickRate.scala", // 6
            "x/feat/Init.scala",      // 7
            "x/feat/IO.scala",        // 8
            "x/feat/Utils.scala",     // 9
            "y/one/Sampler.scala",    // 10
            "z/one/Sampler.scala",    // 11
        ];
        for p in paths {
            b.file(p);
        }
        // a test pairs with a test only, by what it tests
        b.file("q/src/main/scala/Scorer.scala"); // 12
        b.file("q/src/test/scala/ScorerSuite.scala"); // 13
        b.file("py/tests/test_scorer.py"); // 14
        // MLeap: the pyspark wrapper's twin is the Spark transformer, not the runtime one
        b.file("python/mleap/pyspark/feature/string_map.py"); // 15
        b.file("spark-ext/scala/org/apache/spark/ml/mleap/feature/StringMap.scala"); // 16
        b.file("runtime/scala/ml/combust/mleap/runtime/transformer/feature/StringMap.scala"); // 17
        let m = b.build();
        let ds: Vec<FileIx> = (0..6).chain([14, 15]).collect();
        let se: Vec<FileIx> = (6..14).chain([16, 17]).collect();
        assert_eq!(
            stem_pairs(&m, &ds, &se),
            vec![(0, 6), (5, 10), (5, 11), (14, 13), (15, 16)]
        );
    }

    #[test]
    fn many_files_of_one_stem_pair_nothing() {
        let mut b = Builder::new(&["a@x"]);
        for i in 0..5 {
            b.file(&format!("d{i}/reader.py"));
        }
        b.file("d0/Reader.scala");
        let m = b.build();
        assert_eq!(stem_pairs(&m, &[0, 1, 2, 3, 4], &[5]), vec![]);
        assert_eq!(stem_pairs(&m, &[0, 1, 2, 3], &[5]), vec![(0, 5)]);
    }

    #[test]
    fn lag_statistics() {
        assert_eq!(lag_days(&[]), None);
        assert_eq!(lag_days(&[3 * D]), Some((3.0, 3.0)));
        // even count: the mean of the two middles; p90 of 4 is the ⌈3.6⌉ = 4th
        assert_eq!(lag_days(&[D, 2 * D, 4 * D, 10 * D]), Some((3.0, 10.0)));
        // ten lags 1..=10 days: median 5.5, p90 the 9th
        let ten: Vec<i64> = (1..=10).map(|d| d * D).collect();
        assert_eq!(lag_days(&ten), Some((5.5, 9.0)));
        // one decimal: 36 hours is 1.5 days, 1 hour is 0.0
        assert_eq!(lag_days(&[36 * 3600]), Some((1.5, 1.5)));
        assert_eq!(lag_days(&[3600]), Some((0.0, 0.0)));
    }

    #[test]
    fn sort_pending_first_then_degree() {
        let mut b = Builder::new(&["a@x"]).reference_time(300 * D);
        let a = b.file("a/alpha_one.py");
        let c = b.file("a/gamma_two.py");
        let a2 = b.file("s/AlphaOne.scala");
        let c2 = b.file("s/GammaTwo.scala");
        // alpha: together twice, no pending (degree 1)
        b.change(a, 0, 0).also(a2).change(a, 0, 50 * D).also(a2);
        // gamma: together once, then ds alone on day 100: pending since 100 (degree 2/3)
        b.change(c, 0, 10 * D).also(c2).change(c, 0, 100 * D);
        let (m, p) = run(&b, &config(""));
        let got: Vec<String> = p
            .iter()
            .map(|p| m.files[p.ds as usize].path.to_string())
            .collect();
        assert_eq!(got, ["a/gamma_two.py", "a/alpha_one.py"]);
    }
}
