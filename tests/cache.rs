//! The incremental cache of mined commits (`<git dir>/mlowners/commits-<key>.bin`) must be
//! invisible: whatever happened to the history, the configuration or the cache file itself, the
//! JSON report of a scan that uses the cache is byte for byte the report of `--no-cache`. A cache
//! file that does not check out is reported in one warning line and rebuilt, never trusted.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use common::*;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// One successful scan: the raw JSON report and stderr.
struct Scan {
    json: Vec<u8>,
    stderr: String,
}

impl Scan {
    /// Non-empty stderr lines.
    fn lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect()
    }

    fn head(&self) -> String {
        let v = scan_report(&self.json);
        v["repository"]["head"].as_str().expect("head").to_string()
    }
}

/// `mlowners scan REPO --format json EXTRA`; asserts exit 0 and a JSON report on stdout.
fn scan(f: &Fixture, extra: &[&str]) -> Scan {
    let out = f
        .mlowners()
        .arg("scan")
        .arg(&f.repo)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("run mlowners");
    check_scan(out, extra)
}

fn check_scan(out: std::process::Output, what: &[&str]) -> Scan {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(0),
        "scan {what:?} failed: {:?}\nstderr:\n{stderr}",
        out.status
    );
    scan_report(&out.stdout);
    Scan {
        json: out.stdout,
        stderr,
    }
}

/// A scan that must print nothing on stderr (in particular no cache warning).
fn quiet_scan(f: &Fixture, extra: &[&str]) -> Scan {
    let s = scan(f, extra);
    assert!(
        s.lines().is_empty(),
        "scan {extra:?} printed on stderr:\n{}",
        s.stderr
    );
    s
}

fn no_cache(f: &Fixture) -> Scan {
    quiet_scan(f, &["--no-cache"])
}

/// Asserts two reports are byte for byte equal; on failure shows the first differing line.
fn assert_same(want: &Scan, got: &Scan, what: &str) {
    if want.json == got.json {
        return;
    }
    let a = String::from_utf8_lossy(&want.json);
    let b = String::from_utf8_lossy(&got.json);
    let (a_lines, b_lines): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let i = a_lines
        .iter()
        .zip(&b_lines)
        .position(|(x, y)| x != y)
        .unwrap_or(a_lines.len().min(b_lines.len()));
    let ctx = |l: &[&str]| l[i.saturating_sub(3)..(i + 3).min(l.len())].join("\n");
    panic!(
        "{what}: reports differ at line {}\n--- expected (--no-cache) ---\n{}\n--- got ---\n{}",
        i + 1,
        ctx(&a_lines),
        ctx(&b_lines)
    );
}

fn assert_differ(a: &Scan, b: &Scan, what: &str) {
    assert_ne!(a.json, b.json, "{what}: the reports should differ");
}

fn git_dir(f: &Fixture) -> PathBuf {
    PathBuf::from(f.git_str(&["rev-parse", "--absolute-git-dir"]))
}

fn cache_dir(f: &Fixture) -> PathBuf {
    git_dir(f).join("mlowners")
}

/// Every entry of the cache directory (empty when there is none).
fn cache_entries(f: &Fixture) -> Vec<String> {
    let d = cache_dir(f);
    if d.is_dir() { dir_entries(&d) } else { vec![] }
}

/// The cache files (`commits-*.bin`), sorted.
fn cache_files(f: &Fixture) -> Vec<PathBuf> {
    cache_entries(f)
        .into_iter()
        .filter(|n| n.starts_with("commits-") && n.ends_with(".bin"))
        .map(|n| cache_dir(f).join(n))
        .collect()
}

/// The one cache file; asserts that the cache directory holds it and nothing else (no temporary
/// file left behind).
fn the_cache_file(f: &Fixture) -> PathBuf {
    let entries = cache_entries(f);
    assert!(
        entries.len() == 1 && entries[0].starts_with("commits-") && entries[0].ends_with(".bin"),
        "expected exactly one commits-*.bin in {}, found {entries:?}",
        cache_dir(f).display()
    );
    cache_dir(f).join(&entries[0])
}

/// What changes when a file is rewritten (the cache is replaced through a rename, so a rewrite
/// gives a new inode even within one mtime tick).
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    path: PathBuf,
    ino: u64,
    modified: SystemTime,
    len: u64,
}

fn stamp(path: &Path) -> Stamp {
    let m = fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let ino = 0;
    Stamp {
        path: path.to_path_buf(),
        ino,
        modified: m.modified().unwrap(),
        len: m.len(),
    }
}

fn stamps(f: &Fixture) -> Vec<Stamp> {
    cache_files(f).iter().map(|p| stamp(p)).collect()
}

/// Fixed identities and dates (after every fixture commit) for the commits the tests add.
const ANA: &str = "Ana Sato <ana@ds.example.com>";
const ERIN: &str = "Erin Li <erin@platform.example.com>";
const ZED: &str = "Zed Quinn <zed@example.com>";
const BOT: &str = "dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>";

fn write(f: &Fixture, path: &str, text: &str) {
    let p = f.repo.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn append(f: &Fixture, path: &str, text: &str) {
    let p = f.repo.join(path);
    let mut s = fs::read_to_string(&p).unwrap();
    s.push_str(text);
    fs::write(p, s).unwrap();
}

/// Three commits on top of the team fixture: an edit, a new Python file by an SE person (a
/// crossing), and a rename with an edit.
fn add_three_commits(f: &Fixture, day: u32) {
    append(f, "ml/training/train.py", "\n\nEPOCHS = 3\n");
    f.commit_all(ANA, &format!("2025-07-{day:02}T09:00:00+02:00"), "Epochs");
    write(
        f,
        "ml/eval/metrics.py",
        "def auc(y, p):\n    return 0.5\n\n\ndef f1(y, p):\n    return 0.0\n",
    );
    f.commit_all(ERIN, &format!("2025-07-{day:02}T11:30:00+00:00"), "Metrics");
    f.git(&["mv", "ml/features.py", "ml/feature_eng.py"]);
    append(f, "ml/feature_eng.py", "# moved\n");
    f.commit_all(
        ZED,
        &format!("2025-07-{:02}T08:00:00-05:00", day + 1),
        "Move",
    );
}

fn team() -> Fixture {
    build_script("team")
}

// ---------------------------------------------------------------------------------------------
// 1. --no-cache, cold and warm scans agree
// ---------------------------------------------------------------------------------------------

fn cold_warm_and_no_cache_agree(f: &Fixture) {
    let reference = no_cache(f);
    assert!(
        cache_entries(f).is_empty(),
        "--no-cache must not write the cache: {:?}",
        cache_entries(f)
    );
    let cold = quiet_scan(f, &[]);
    let file = the_cache_file(f);
    assert!(
        fs::metadata(&file).unwrap().len() > 44,
        "cache file too small"
    );
    let before = stamp(&file);
    let warm = quiet_scan(f, &[]);
    // Every commit came from the cache: nothing was mined, so nothing was written.
    assert_eq!(
        stamp(&the_cache_file(f)),
        before,
        "a warm scan rewrote the cache"
    );
    let warm_again = quiet_scan(f, &[]);
    assert_same(&reference, &cold, "cold scan");
    assert_same(&reference, &warm, "warm scan");
    assert_same(&reference, &warm_again, "second warm scan");
    // --no-cache with a warm cache neither reads nor touches it.
    assert_same(&reference, &no_cache(f), "--no-cache with a warm cache");
    assert_eq!(stamp(&the_cache_file(f)), before);
}

#[test]
fn cold_warm_and_no_cache_agree_on_team() {
    cold_warm_and_no_cache_agree(&team());
}

#[test]
fn cold_warm_and_no_cache_agree_on_ownership() {
    cold_warm_and_no_cache_agree(&build_script("ownership"));
}

#[test]
fn cold_warm_and_no_cache_agree_on_pipeline() {
    cold_warm_and_no_cache_agree(&build_fast_import("pipeline"));
}

#[test]
fn text_report_is_the_same_warm() {
    let f = team();
    let text = |extra: &[&str]| {
        let out = f
            .mlowners()
            .arg("scan")
            .arg(&f.repo)
            .args(["--all"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let reference = text(&["--no-cache"]);
    assert_eq!(text(&[]), reference, "cold text report");
    assert_eq!(text(&[]), reference, "warm text report");
}

// ---------------------------------------------------------------------------------------------
// 2. New commits
// ---------------------------------------------------------------------------------------------

#[test]
fn new_commits_are_mined_and_cached_rows_reused() {
    let f = team();
    let old = quiet_scan(&f, &[]);
    let before = stamp(&the_cache_file(&f));

    add_three_commits(&f, 1);
    let warm = quiet_scan(&f, &[]);
    let reference = no_cache(&f);
    assert_same(&reference, &warm, "warm scan after three new commits");
    assert_differ(&old, &warm, "three new commits");
    assert_eq!(warm.head(), f.git_str(&["rev-parse", "HEAD"]));
    // The new rows were stored (same key, so the same file, replaced).
    let after = stamp(&the_cache_file(&f));
    assert_eq!(after.path, before.path, "the key must not change");
    assert_ne!(after, before, "the new commits were not stored");
    assert!(after.len > before.len);
    assert_same(&reference, &quiet_scan(&f, &[]), "fully warm scan");
    assert_eq!(stamp(&the_cache_file(&f)), after);

    // A merge of a side branch, a deletion, a bot commit and a binary edit.
    f.git(&["checkout", "-q", "-b", "side"]);
    write(
        &f,
        "serving/src/main/scala/Metrics.scala",
        "package churn.serving\n\nobject Metrics {\n  def start(): Unit = ()\n}\n",
    );
    f.commit_all(ERIN, "2025-07-05T10:00:00+00:00", "Metrics object");
    f.git(&["checkout", "-q", "main"]);
    f.git(&["rm", "-q", "notebooks/explore.ipynb"]);
    f.commit_all(ANA, "2025-07-06T10:00:00+00:00", "Drop the notebook");
    f.git_as(
        ZED,
        "2025-07-07T10:00:00+00:00",
        &[
            "merge",
            "-q",
            "--no-ff",
            "--no-edit",
            "-m",
            "Merge side",
            "side",
        ],
    );
    append(&f, "requirements.txt", "numpy==2.0.0\n");
    f.commit_all(BOT, "2025-07-08T06:00:00+00:00", "Bump numpy");
    fs::write(
        f.repo.join("models/weights.bin"),
        b"MDL\0\x05\x06weights-v3\0",
    )
    .unwrap();
    f.commit_all(ZED, "2025-07-09T10:00:00+00:00", "Retrain");

    let warm = quiet_scan(&f, &[]);
    let reference = no_cache(&f);
    assert_same(
        &reference,
        &warm,
        "warm scan after a merge and four more commits",
    );
    assert_eq!(warm.head(), f.git_str(&["rev-parse", "HEAD"]));
    assert_same(&reference, &quiet_scan(&f, &[]), "fully warm scan");
}

// ---------------------------------------------------------------------------------------------
// 3. History rewrites
// ---------------------------------------------------------------------------------------------

#[test]
fn amended_head_is_mined_again() {
    let f = team();
    let old = quiet_scan(&f, &[]);
    let old_head = f.git_str(&["rev-parse", "HEAD"]);

    // Same message, author and dates as the original HEAD; different content.
    append(
        &f,
        "serving/src/main/scala/Server.scala",
        "// amended\n// twice\n",
    );
    f.git(&["add", "-A"]);
    f.git_as(
        "Dave Okafor <Dave.Okafor@Platform.Example.com>",
        "2025-06-02 17:30:00 -0400",
        &["commit", "-q", "--amend", "--no-edit"],
    );
    let new_head = f.git_str(&["rev-parse", "HEAD"]);
    assert_ne!(new_head, old_head);

    let warm = quiet_scan(&f, &[]);
    let reference = no_cache(&f);
    assert_same(&reference, &warm, "warm scan after an amend");
    assert_differ(&old, &warm, "an amended HEAD");
    assert_eq!(warm.head(), new_head);

    // Amend again, this time to another author: the old row (and the first amend's) must go.
    f.git_as(
        ZED,
        "2025-06-03T09:00:00+00:00",
        &["commit", "-q", "--amend", "--reset-author", "--no-edit"],
    );
    let warm = quiet_scan(&f, &[]);
    assert_same(&no_cache(&f), &warm, "warm scan after a second amend");
}

#[test]
fn reset_and_rebuilt_history_does_not_use_unreachable_rows() {
    let f = team();
    let old = quiet_scan(&f, &[]);
    let old_head = f.git_str(&["rev-parse", "HEAD"]);

    // Drop the last two commits: the cache still holds their rows.
    f.git(&["reset", "-q", "--hard", "HEAD~2"]);
    let warm = quiet_scan(&f, &[]);
    let reference = no_cache(&f);
    assert_same(&reference, &warm, "warm scan after reset --hard HEAD~2");
    assert_differ(&old, &warm, "two commits dropped");

    // Rebuild the same final tree under another author, then one more commit on top.
    f.git(&["checkout", &old_head, "--", "."]);
    f.commit_all(
        ZED,
        "2025-06-10T12:00:00+00:00",
        "Bump pandas; metrics and readiness",
    );
    assert_eq!(
        f.git_str(&["rev-parse", "HEAD^{tree}"]),
        f.git_str(&["rev-parse", &format!("{old_head}^{{tree}}")]),
        "the rebuilt head has the old tree"
    );
    let warm = quiet_scan(&f, &[]);
    let reference = no_cache(&f);
    assert_same(&reference, &warm, "warm scan of the rebuilt history");
    assert_differ(&old, &warm, "the same tree by another author");

    append(&f, "ml/training/train.py", "\n\nLR = 0.1\n");
    f.commit_all(ANA, "2025-06-11T12:00:00+00:00", "Learning rate");
    let warm = quiet_scan(&f, &[]);
    assert_same(
        &no_cache(&f),
        &warm,
        "warm scan after a commit on the rebuilt history",
    );

    // Back to the original history: its rows may come from anywhere, the report may not change.
    f.git(&["reset", "-q", "--hard", &old_head]);
    let warm = quiet_scan(&f, &[]);
    assert_same(&old, &warm, "back to the original head");
    assert_same(
        &no_cache(&f),
        &warm,
        "back to the original head (--no-cache)",
    );
}

#[test]
fn rebased_branch_is_mined_again() {
    let f = team();
    f.git(&["checkout", "-q", "-b", "topic", "HEAD~3"]);
    add_three_commits(&f, 1);
    let topic = quiet_scan(&f, &[]);
    assert_same(&no_cache(&f), &topic, "warm scan of the topic branch");

    // Rebase the topic onto main: same patches and authors, new parents and ids.
    f.git_as(ZED, "2025-07-20T00:00:00+00:00", &["rebase", "-q", "main"]);
    let warm = quiet_scan(&f, &[]);
    let reference = no_cache(&f);
    assert_same(&reference, &warm, "warm scan after a rebase");
    assert_differ(&topic, &warm, "rebased onto main");
}

// ---------------------------------------------------------------------------------------------
// 4. A damaged cache is reported once and rebuilt
// ---------------------------------------------------------------------------------------------

/// Damages the cache with `damage`, then checks: one warning line naming the cache, exit 0, the
/// `--no-cache` report, and a rebuilt cache that the next scan reads without a warning.
fn damaged_cache_is_rebuilt(f: &Fixture, reference: &Scan, what: &str, damage: impl Fn(&Path)) {
    let file = the_cache_file(f);
    damage(&file);
    let damaged = fs::read(&file).unwrap();

    // --no-cache neither reads nor repairs it.
    assert_same(reference, &no_cache(f), &format!("{what}: --no-cache"));
    assert_eq!(
        fs::read(&file).unwrap(),
        damaged,
        "{what}: --no-cache touched the cache"
    );

    let s = scan(f, &[]);
    let lines = s.lines();
    assert_eq!(
        lines.len(),
        1,
        "{what}: expected exactly one warning line, got:\n{}",
        s.stderr
    );
    assert!(
        lines[0].to_lowercase().contains("cache"),
        "{what}: the warning does not mention the cache: {}",
        lines[0]
    );
    assert_same(reference, &s, what);

    assert_ne!(
        fs::read(&file).unwrap(),
        damaged,
        "{what}: the cache was not rebuilt"
    );
    let rebuilt = stamp(&the_cache_file(f));
    let next = quiet_scan(f, &[]);
    assert_same(reference, &next, &format!("{what}: scan after the rebuild"));
    assert_eq!(
        stamp(&the_cache_file(f)),
        rebuilt,
        "{what}: the rebuilt cache was not used"
    );
}

#[test]
fn damaged_truncated_and_foreign_cache_files_are_rebuilt() {
    let f = team();
    let reference = no_cache(&f);
    assert_same(&reference, &quiet_scan(&f, &[]), "cold scan");
    let good = fs::read(the_cache_file(&f)).unwrap();
    const HEADER: usize = 8 + 4 + 20 + 8 + 4;
    assert!(
        good.len() > HEADER + 16,
        "cache file of {} bytes",
        good.len()
    );

    let flip = |at: fn(usize) -> usize| {
        move |p: &Path| {
            let mut b = fs::read(p).unwrap();
            let i = at(b.len());
            b[i] ^= 0x5a;
            fs::write(p, b).unwrap();
        }
    };
    damaged_cache_is_rebuilt(
        &f,
        &reference,
        "byte flipped mid-payload",
        flip(|n| (HEADER + n) / 2),
    );
    damaged_cache_is_rebuilt(
        &f,
        &reference,
        "first payload byte flipped",
        flip(|_| HEADER),
    );
    damaged_cache_is_rebuilt(&f, &reference, "last byte flipped", flip(|n| n - 1));
    damaged_cache_is_rebuilt(&f, &reference, "length field flipped", flip(|_| 32));
    damaged_cache_is_rebuilt(&f, &reference, "checksum flipped", flip(|_| 40));
    damaged_cache_is_rebuilt(&f, &reference, "key flipped", flip(|_| 12));
    damaged_cache_is_rebuilt(&f, &reference, "magic flipped", flip(|_| 0));
    damaged_cache_is_rebuilt(&f, &reference, "format version changed", |p| {
        let mut b = fs::read(p).unwrap();
        b[8..12].copy_from_slice(&999u32.to_le_bytes());
        fs::write(p, b).unwrap();
    });

    let truncate = |keep: fn(usize) -> usize| {
        move |p: &Path| {
            let b = fs::read(p).unwrap();
            fs::write(p, &b[..keep(b.len())]).unwrap();
        }
    };
    damaged_cache_is_rebuilt(
        &f,
        &reference,
        "truncated mid-payload",
        truncate(|n| (HEADER + n) / 2),
    );
    damaged_cache_is_rebuilt(&f, &reference, "last byte cut", truncate(|n| n - 1));
    damaged_cache_is_rebuilt(&f, &reference, "truncated in the header", truncate(|_| 20));
    damaged_cache_is_rebuilt(&f, &reference, "truncated to nothing", truncate(|_| 0));
    damaged_cache_is_rebuilt(&f, &reference, "one byte appended", |p| {
        let mut b = fs::read(p).unwrap();
        b.push(0);
        fs::write(p, b).unwrap();
    });

    damaged_cache_is_rebuilt(&f, &reference, "replaced with text", |p| {
        fs::write(
            p,
            "this is not a cache file, but it is long enough to hold a header\n",
        )
        .unwrap();
    });
    damaged_cache_is_rebuilt(&f, &reference, "replaced with noise", |p| {
        // A deterministic pseudo-random stream (xorshift) as long as the real file.
        let n = fs::metadata(p).unwrap().len() as usize;
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let noise: Vec<u8> = (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        fs::write(p, noise).unwrap();
    });
    // The right magic and version, then garbage: only the checks after the header can tell.
    let good_header = good[..12].to_vec();
    damaged_cache_is_rebuilt(&f, &reference, "right magic, garbage after it", move |p| {
        let mut b = good_header.clone();
        b.extend(std::iter::repeat_n(0xffu8, 200));
        fs::write(p, b).unwrap();
    });

    // A cache file from another repository with other mining options (no .mailmap, no
    // .gitattributes), under this repository's file name.
    let other = build_fast_import("pipeline");
    quiet_scan(&other, &[]);
    let foreign = fs::read(the_cache_file(&other)).unwrap();
    damaged_cache_is_rebuilt(&f, &reference, "a foreign cache file", move |p| {
        fs::write(p, &foreign).unwrap();
    });

    // The same damage with new commits to mine: the rows come from mining, not from the file.
    add_three_commits(&f, 1);
    let reference = no_cache(&f);
    damaged_cache_is_rebuilt(
        &f,
        &reference,
        "byte flipped, new commits",
        flip(|n| (HEADER + n) / 2),
    );
}

#[test]
fn unreadable_cache_file_is_reported_once() {
    // A directory where the cache file should be: it cannot be read (nor replaced).
    let f = team();
    let reference = no_cache(&f);
    quiet_scan(&f, &[]);
    let file = the_cache_file(&f);
    fs::remove_file(&file).unwrap();
    fs::create_dir(&file).unwrap();
    let s = scan(&f, &[]);
    assert_same(&reference, &s, "cache path is a directory");
    assert!(
        !s.lines().is_empty() && s.lines().iter().all(|l| l.to_lowercase().contains("cache")),
        "expected a cache warning, got:\n{}",
        s.stderr
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Threads
// ---------------------------------------------------------------------------------------------

#[test]
fn jobs_do_not_change_the_report() {
    let f = team();
    let reference = quiet_scan(&f, &["--no-cache", "--jobs", "1"]);
    assert_same(
        &reference,
        &quiet_scan(&f, &["--no-cache", "--jobs", "4"]),
        "--no-cache --jobs 4",
    );
    assert!(cache_entries(&f).is_empty());

    // Cold with 4 threads, warm with 1; cold with 1, warm with 4.
    assert_same(
        &reference,
        &quiet_scan(&f, &["--jobs", "4"]),
        "cold --jobs 4",
    );
    let written_by_4 = fs::read(the_cache_file(&f)).unwrap();
    assert_same(
        &reference,
        &quiet_scan(&f, &["--jobs", "1"]),
        "warm --jobs 1",
    );
    assert_same(
        &reference,
        &quiet_scan(&f, &["--jobs", "4"]),
        "warm --jobs 4",
    );
    f.mlowners()
        .args(["cache", "clear"])
        .arg(&f.repo)
        .assert()
        .success();
    assert_same(
        &reference,
        &quiet_scan(&f, &["--jobs", "1"]),
        "cold --jobs 1",
    );
    assert_eq!(
        fs::read(the_cache_file(&f)).unwrap(),
        written_by_4,
        "the cache file depends on the number of threads"
    );
    assert_same(
        &reference,
        &quiet_scan(&f, &["--jobs", "4"]),
        "warm --jobs 4",
    );

    // Partly warm: old rows from the cache, new commits mined with 4 or 1 threads.
    add_three_commits(&f, 1);
    let reference = quiet_scan(&f, &["--no-cache", "--jobs", "1"]);
    assert_same(
        &reference,
        &quiet_scan(&f, &["--no-cache", "--jobs", "4"]),
        "--no-cache --jobs 4",
    );
    assert_same(
        &reference,
        &quiet_scan(&f, &["--jobs", "4"]),
        "partly warm --jobs 4",
    );
    assert_same(
        &reference,
        &quiet_scan(&f, &["--jobs", "1"]),
        "warm --jobs 1",
    );
}

// ---------------------------------------------------------------------------------------------
// 6. What is (not) part of the key
// ---------------------------------------------------------------------------------------------

const ANALYSIS_CONFIG: &str = r#"[settings]
stale_days = 200
active_days = 90

[areas.training]
paths = ["ml/**/*.py"]
side = "ds"

[areas.serving]
paths = ["serving/**/*.scala"]
side = "se"

[roles]
ds = ["*@example.com"]
se = ["*@platform.example.com"]
"#;

const ANALYSIS_CONFIG_2: &str = r#"[settings]
stale_days = 30
active_days = 10
default_excludes = false
exclude = ["notebooks/**"]
merge_same_name = false

[areas.models]
paths = ["models/**"]
side = "ds"

[aliases]
"root@ci-runner-2.example.com" = "alice@example.com"
"#;

#[test]
fn analysis_config_reuses_the_cache_and_mailmap_does_not() {
    let f = team();
    let default = quiet_scan(&f, &[]);
    let file = the_cache_file(&f);
    let original = stamps(&f);

    // Areas, roles and thresholds: same cache file, not rewritten.
    for (i, text) in [ANALYSIS_CONFIG, ANALYSIS_CONFIG_2].iter().enumerate() {
        fs::write(f.repo.join(".mlowners.toml"), text).unwrap();
        let warm = quiet_scan(&f, &[]);
        assert_differ(&default, &warm, &format!("analysis config {i}"));
        assert_same(&no_cache(&f), &warm, &format!("analysis config {i}"));
        assert_eq!(
            stamps(&f),
            original,
            "analysis config {i} changed the cache"
        );
    }
    // The same through --config.
    let cfg = f.dir("config").join("mlowners.toml");
    fs::write(&cfg, ANALYSIS_CONFIG).unwrap();
    fs::remove_file(f.repo.join(".mlowners.toml")).unwrap();
    let cfg = cfg.to_str().unwrap();
    let warm = quiet_scan(&f, &["--config", cfg]);
    assert_same(
        &quiet_scan(&f, &["--no-cache", "--config", cfg]),
        &warm,
        "--config",
    );
    assert_eq!(stamps(&f), original, "--config changed the cache");
    assert_same(&default, &quiet_scan(&f, &[]), "back to the default config");

    // A changed .mailmap (work tree, not committed) changes the mined identities: new key.
    let mailmap = fs::read_to_string(f.repo.join(".mailmap")).unwrap();
    fs::write(
        f.repo.join(".mailmap"),
        format!("{mailmap}Alice Ng <alice@example.com> root <root@ci-runner-1.example.com>\n"),
    )
    .unwrap();
    let warm = quiet_scan(&f, &[]);
    let reference = no_cache(&f);
    assert_same(&reference, &warm, "changed .mailmap");
    assert_differ(&default, &warm, "changed .mailmap");
    let files = cache_files(&f);
    assert_eq!(
        files.len(),
        2,
        "a changed .mailmap must give a new cache file: {files:?}"
    );
    assert!(files.contains(&file));
    assert_eq!(stamp(&file), original[0], "the old key's file was touched");
    assert_same(&reference, &quiet_scan(&f, &[]), "changed .mailmap, warm");

    // Back to the original .mailmap: the original file is used again as it was.
    fs::write(f.repo.join(".mailmap"), &mailmap).unwrap();
    let before = stamps(&f);
    assert_same(&default, &quiet_scan(&f, &[]), "original .mailmap again");
    assert_eq!(stamps(&f), before, "the original cache file was not reused");

    // No .mailmap in the work tree: the committed one is not used either (as git log does).
    fs::remove_file(f.repo.join(".mailmap")).unwrap();
    let warm = quiet_scan(&f, &[]);
    assert_same(&no_cache(&f), &warm, "no .mailmap in the work tree");
    f.git(&["checkout", "--", ".mailmap"]);
}

#[test]
fn bot_rules_and_attributes_are_part_of_the_key() {
    let f = team();
    let default = quiet_scan(&f, &[]);
    assert_eq!(cache_files(&f).len(), 1);

    // [bots] replaces the default patterns: dependabot becomes a person, Erin a bot.
    fs::write(
        f.repo.join(".mlowners.toml"),
        "[bots]\npatterns = [\"erin@*\"]\n",
    )
    .unwrap();
    let warm = quiet_scan(&f, &[]);
    assert_same(&no_cache(&f), &warm, "other bot patterns");
    assert_differ(&default, &warm, "other bot patterns");
    assert_eq!(
        cache_files(&f).len(),
        2,
        "bot patterns must be part of the key"
    );
    fs::remove_file(f.repo.join(".mlowners.toml")).unwrap();

    // A committed .gitattributes that makes Scala files binary: every commit counts again.
    append(&f, ".gitattributes", "*.scala -diff\n");
    f.commit_all(ANA, "2025-07-01T00:00:00+00:00", "Scala diffs are noise");
    let warm = quiet_scan(&f, &[]);
    let reference = no_cache(&f);
    assert_same(&reference, &warm, "*.scala -diff");
    assert_eq!(
        cache_files(&f).len(),
        3,
        ".gitattributes must be part of the key"
    );
    let lines_of = |s: &Scan, id: &str| {
        let v = scan_report(&s.json);
        contributor(&v, id)["lines_added"].as_u64().unwrap()
    };
    assert_eq!(lines_of(&warm, "erin@platform.example.com"), 0);
    assert!(lines_of(&default, "erin@platform.example.com") > 0);
}

// ---------------------------------------------------------------------------------------------
// 7. Concurrent scans
// ---------------------------------------------------------------------------------------------

#[test]
fn concurrent_cold_scans_agree_and_leave_a_good_cache() {
    let f = team();
    let reference = no_cache(&f);
    for (round, n) in [2, 2, 2, 4].into_iter().enumerate() {
        let _ = fs::remove_dir_all(cache_dir(&f));
        let children: Vec<_> = (0..n)
            .map(|_| {
                f.mlowners_process()
                    .arg("scan")
                    .arg(&f.repo)
                    .args(["--format", "json"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn mlowners")
            })
            .collect();
        let scans: Vec<Scan> = children
            .into_iter()
            .map(|c| check_scan(c.wait_with_output().unwrap(), &["concurrent"]))
            .collect();
        for (i, s) in scans.iter().enumerate() {
            assert!(
                s.lines().is_empty(),
                "round {round}, scan {i} printed:\n{}",
                s.stderr
            );
            assert_same(
                &reference,
                s,
                &format!("round {round}, concurrent scan {i}"),
            );
        }
        // One complete file, no temporary file left, read without a warning.
        let file = the_cache_file(&f);
        let before = stamp(&file);
        assert_same(
            &reference,
            &quiet_scan(&f, &[]),
            &format!("round {round}, next scan"),
        );
        assert_eq!(
            stamp(&the_cache_file(&f)),
            before,
            "round {round}: cache not reused"
        );
    }

    // Concurrent warm scans after new commits (both mine the new ones and store).
    add_three_commits(&f, 1);
    let reference = no_cache(&f);
    let children: Vec<_> = (0..2)
        .map(|_| {
            f.mlowners_process()
                .arg("scan")
                .arg(&f.repo)
                .args(["--format", "json"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn mlowners")
        })
        .collect();
    for c in children {
        let s = check_scan(c.wait_with_output().unwrap(), &["concurrent warm"]);
        assert!(s.lines().is_empty(), "{}", s.stderr);
        assert_same(&reference, &s, "concurrent partly warm scan");
    }
    the_cache_file(&f);
    assert_same(
        &reference,
        &quiet_scan(&f, &[]),
        "scan after concurrent partly warm scans",
    );
}

// ---------------------------------------------------------------------------------------------
// 8. cache clear
// ---------------------------------------------------------------------------------------------

#[test]
fn cache_clear_removes_the_directory_once() {
    let f = team();
    let reference = quiet_scan(&f, &[]);
    let dir = cache_dir(&f);
    assert!(dir.is_dir());

    let out = f
        .mlowners()
        .args(["cache", "clear"])
        .arg(&f.repo)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{stderr}");
    assert!(!dir.exists(), "cache clear left {}", dir.display());
    assert!(stderr.contains("removed"), "stderr: {stderr}");

    let out = f
        .mlowners()
        .args(["cache", "clear"])
        .arg(&f.repo)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr:\n{stderr}");
    assert!(
        stderr.to_lowercase().contains("no cache"),
        "stderr: {stderr}"
    );
    assert!(!dir.exists());

    // A scan after the clear rebuilds the same cache; clear from a subdirectory of the work tree.
    assert_same(&reference, &quiet_scan(&f, &[]), "scan after clear");
    assert!(dir.is_dir());
    f.mlowners()
        .args(["cache", "clear"])
        .arg(f.repo.join("ml"))
        .assert()
        .success();
    assert!(
        !dir.exists(),
        "cache clear from a subdirectory left the cache"
    );
    // Without a path: the current directory.
    quiet_scan(&f, &[]);
    f.mlowners()
        .current_dir(&f.repo)
        .args(["cache", "clear"])
        .assert()
        .success();
    assert!(!dir.exists(), "cache clear in the work tree left the cache");
    // The rest of the git directory is untouched.
    assert_eq!(f.git_str(&["rev-parse", "HEAD"]), reference.head());
    assert!(f.git_str(&["fsck", "--no-progress"]).is_empty());

    let out = f
        .mlowners()
        .args(["cache", "clear"])
        .arg(f.dir("not-a-repo"))
        .output()
        .unwrap();
    assert_bad_input(&out, &["not a git repository"]);
}

// ---------------------------------------------------------------------------------------------
// Missing blobs
// ---------------------------------------------------------------------------------------------

/// A partial clone fetches missing blobs later (any `git log -p`, `git checkout` or
/// `git fetch`): once the blob is there, a warm scan must count it as `--no-cache` does.
#[test]
fn a_blob_that_comes_back_is_counted_on_the_next_warm_scan() {
    let f = team();
    let reference = no_cache(&f);
    // features.py as of c04 (changed later, so not at HEAD): only history needs it.
    let object = f.loose_object_path("HEAD~8", "ml/features.py");
    let saved = f.dir("saved").join("object");
    fs::rename(&object, &saved).unwrap();
    let cold = scan(&f, &[]);
    assert!(
        cold.stderr.contains("could not be read"),
        "expected a missing-blob warning, got:\n{}",
        cold.stderr
    );
    assert_differ(&reference, &cold, "a missing blob");
    fs::rename(&saved, &object).unwrap();
    assert_same(&reference, &no_cache(&f), "the blob is back (--no-cache)");
    let warm = scan(&f, &[]);
    assert_same(&reference, &warm, "the blob is back (warm)");
}

#[test]
fn damaged_cache_is_rebuilt_even_when_nothing_needs_mining() {
    let f = team();
    quiet_scan(&f, &[]);
    fs::write(
        the_cache_file(&f),
        b"garbage, not a cache file at all........",
    )
    .unwrap();
    // every commit is older than --since: nothing to mine, but the damage is still repaired
    let first = scan(&f, &["--since", "2031-01-01"]);
    assert_eq!(first.lines().len(), 1, "one warning: {}", first.stderr);
    let again = quiet_scan(&f, &["--since", "2031-01-01"]);
    assert_same(&first, &again, "second scan after the repair");
}
