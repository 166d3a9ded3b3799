//! Shared helpers for the integration tests: build fixture repositories from their text description
//! in `fixtures/`, run the real `mlowners` binary, parse its JSON report (validated against its
//! committed schema: `schema.rs`), and compute the expected per-contributor numbers independently
//! with `git log`.
#![allow(dead_code)]

mod schema;
pub use schema::*;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};
use std::sync::Mutex;

use serde_json::Value;
use tempfile::TempDir;

/// Variables that would make `git` (or libgit2) look at something other than the fixture.
const GIT_ENV_TO_CLEAR: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
];

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A fixture repository in a temporary directory (deleted on drop).
pub struct Fixture {
    pub tmp: TempDir,
    /// The repository's work tree.
    pub repo: PathBuf,
    /// An empty HOME for git and the binary, so that no user or system configuration leaks in.
    pub home: PathBuf,
}

impl Fixture {
    fn empty() -> Fixture {
        let tmp = tempfile::Builder::new()
            .prefix("mlowners-test-")
            .tempdir()
            .expect("tempdir");
        let home = tmp.path().join("home");
        fs::create_dir_all(&home).unwrap();
        let repo = tmp.path().join("repo");
        Fixture { tmp, repo, home }
    }

    /// A fresh, empty directory inside the fixture's temporary directory.
    pub fn dir(&self, name: &str) -> PathBuf {
        let d = self.tmp.path().join(name);
        fs::create_dir_all(&d).unwrap();
        d
    }

    pub fn git(&self, args: &[&str]) -> Vec<u8> {
        git_in(&self.repo, &self.home, args)
    }

    /// `git` reading notebooks as their cells (through `nb_cells.py` as a textconv): what
    /// `git cat-file --textconv` and `git log -p --textconv` print is what mlowners must count.
    pub fn git_cells(&self, args: &[&str]) -> Vec<u8> {
        let common = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common");
        let attributes = format!(
            "core.attributesFile={}",
            common.join("notebook.gitattributes").display()
        );
        let textconv = format!(
            "diff.ipynb.textconv=python3 {}",
            common.join("nb_cells.py").display()
        );
        let mut all = vec!["-c", &attributes, "-c", &textconv];
        all.extend_from_slice(args);
        self.git(&all)
    }

    pub fn git_str(&self, args: &[&str]) -> String {
        String::from_utf8(self.git(args))
            .expect("git output is UTF-8")
            .trim()
            .to_string()
    }

    /// `mlowners` with a hermetic environment, run in the fixture's temporary directory.
    pub fn mlowners(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.mlowners_process())
    }

    /// Runs `mlowners scan <repo> --format json <extra>`; asserts success; returns the parsed report
    /// and stderr.
    pub fn scan_json(&self, extra: &[&str]) -> (Value, String) {
        let repo = self.repo.to_str().expect("fixture paths are UTF-8");
        let mut args = vec!["scan", repo, "--format", "json"];
        args.extend_from_slice(extra);
        self.run_json(&args)
    }

    /// Runs `mlowners ARGS`; asserts success; returns stdout (UTF-8).
    pub fn run_stdout<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let out = self.mlowners().args(args).output().expect("run mlowners");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "mlowners failed:\n{stderr}");
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Runs `mlowners ARGS`; asserts success; returns stdout parsed as JSON (and validated against
    /// its schema by [`output_json`]), and stderr.
    pub fn run_json(&self, args: &[&str]) -> (Value, String) {
        let out = self.mlowners().args(args).output().expect("run mlowners");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            out.status.code(),
            Some(0),
            "mlowners {args:?} failed: status {:?}\nstderr:\n{stderr}",
            out.status
        );
        if serde_json::from_slice::<Value>(&out.stdout).is_err() {
            panic!(
                "mlowners {args:?}: stdout is not JSON:\n{}\nstderr:\n{stderr}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
        (output_json(args, &out.stdout), stderr)
    }

    /// Number of newline bytes in `path` at `rev` (what `git show REV:path | wc -l` prints); of a
    /// notebook: of its cells' sources.
    pub fn lines_at(&self, rev: &str, path: &str) -> u64 {
        let spec = format!("{rev}:{path}");
        let blob = if path.ends_with(".ipynb") {
            self.git_cells(&["cat-file", "--textconv", &spec])
        } else {
            self.git(&["cat-file", "blob", &spec])
        };
        blob.iter().filter(|&&b| b == b'\n').count() as u64
    }

    /// Commit time of `rev` in UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn commit_time_utc(&self, rev: &str) -> String {
        let mut cmd = git_cmd(&self.repo, &self.home);
        cmd.env("TZ", "UTC").args([
            "show",
            "-s",
            "--format=%cd",
            "--date=format-local:%Y-%m-%dT%H:%M:%SZ",
            rev,
        ]);
        String::from_utf8(run(cmd)).unwrap().trim().to_string()
    }

    /// Loose object file of the blob `rev:path`.
    pub fn loose_object_path(&self, rev: &str, path: &str) -> PathBuf {
        let oid = self.git_str(&["rev-parse", &format!("{rev}:{path}")]);
        let git_dir = self.git_str(&["rev-parse", "--absolute-git-dir"]);
        Path::new(&git_dir)
            .join("objects")
            .join(&oid[..2])
            .join(&oid[2..])
    }
}

/// `program` with nothing of the user's or the system's git setup: an empty HOME, no system or
/// global config, no inherited GIT_* variables, the C locale, no stdin. Every process the tests
/// start (git, the binary, the Python cross-checks) starts from here.
pub fn hermetic(program: impl AsRef<OsStr>, home: &Path) -> StdCommand {
    let mut cmd = StdCommand::new(program);
    for v in GIT_ENV_TO_CLEAR {
        cmd.env_remove(v);
    }
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    cmd
}

fn git_cmd(dir: &Path, home: &Path) -> StdCommand {
    let mut cmd = hermetic("git", home);
    cmd.args([
        "-c",
        "user.name=x",
        "-c",
        "user.email=x@x",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "core.quotepath=false",
    ])
    .current_dir(dir);
    cmd
}

fn run(mut cmd: StdCommand) -> Vec<u8> {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

pub fn git_in(dir: &Path, home: &Path, args: &[&str]) -> Vec<u8> {
    let mut cmd = git_cmd(dir, home);
    cmd.args(args);
    run(cmd)
}

/// Builds `fixtures/<name>.sh` (run as `bash <script> DIR`) and returns a private copy of it.
pub fn build_script(name: &str) -> Fixture {
    let script = fixtures_dir().join(format!("{name}.sh"));
    let template = template(&script, |repo, home| {
        let mut cmd = hermetic("bash", home);
        cmd.arg(&script).arg(repo);
        run(cmd);
    });
    Fixture::copy_of(&template)
}

/// Builds `fixtures/<name>.fi` with `git fast-import`, checks out `main`, and returns a private
/// copy of it.
pub fn build_fast_import(name: &str) -> Fixture {
    let stream_path = fixtures_dir().join(format!("{name}.fi"));
    let template = template(&stream_path, |repo, home| {
        fs::create_dir_all(repo).unwrap();
        git_in(repo, home, &["init", "-q", "-b", "main"]);
        let stream = fs::File::open(&stream_path).expect("fixture stream");
        let mut cmd = git_cmd(repo, home);
        cmd.args(["fast-import", "--quiet"]).stdin(stream);
        run(cmd);
        git_in(repo, home, &["reset", "-q", "--hard", "main"]);
    });
    Fixture::copy_of(&template)
}

impl Fixture {
    fn copy_of(template: &Path) -> Fixture {
        let f = Fixture::empty();
        copy_dir(template, &f.repo);
        f
    }
}

/// Building a fixture runs dozens of git processes; each test gets a copy of a template built once.
/// Templates live under cargo's per-target temporary directory, keyed by the fixture file's
/// content, and are built in a scratch directory then renamed into place (safe against concurrent
/// test processes). The binary is never run on a template.
fn template(fixture_file: &Path, build: impl FnOnce(&Path, &Path)) -> PathBuf {
    use std::hash::{Hash, Hasher};
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());

    let bytes = fs::read(fixture_file)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", fixture_file.display()));
    let mut h = std::collections::hash_map::DefaultHasher::new();
    TEMPLATE_FORMAT.hash(&mut h);
    bytes.hash(&mut h);
    // the scripts source fixtures/lib.sh: a change to it is a change to every script fixture
    if fixture_file.extension().is_some_and(|e| e == "sh") {
        fs::read(fixtures_dir().join("lib.sh"))
            .expect("fixtures/lib.sh")
            .hash(&mut h);
    }
    let stem = fixture_file
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace('.', "-");
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("mlowners-fixtures");
    let dest = root.join(format!("{stem}-{:016x}", h.finish()));
    if dest.join(".git").is_dir() {
        return dest;
    }
    fs::create_dir_all(&root).unwrap();
    let scratch = tempfile::Builder::new()
        .prefix("building-")
        .tempdir_in(&root)
        .unwrap();
    let home = scratch.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let repo = scratch.path().join("repo");
    build(&repo, &home);
    if fs::rename(&repo, &dest).is_err() && !dest.join(".git").is_dir() {
        panic!("cannot move the fixture into {}", dest.display());
    }
    dest
}

/// Bump when the way templates are built changes.
const TEMPLATE_FORMAT: u32 = 1;

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let ty = entry.file_type().unwrap();
        let target = to.join(entry.file_name());
        if ty.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if ty.is_file() {
            fs::copy(entry.path(), &target).unwrap();
        } else {
            panic!("unexpected entry in a fixture: {}", entry.path().display());
        }
    }
}

/// A repository with one commit (`train.py`), for the bad-input tests.
pub fn tiny_repo() -> Fixture {
    let f = Fixture::empty();
    fs::create_dir_all(&f.repo).unwrap();
    f.git(&["init", "-q", "-b", "main"]);
    fs::write(f.repo.join("train.py"), "print('train')\n").unwrap();
    f.commit_all(
        "Ana <ana@example.com>",
        "2024-05-01T10:00:00+00:00",
        "first",
    );
    f
}

impl Fixture {
    /// `git add -A && git commit` with a fixed author/committer.
    pub fn commit_all(&self, author: &str, date: &str, message: &str) {
        let (name, email) = author.split_once(" <").expect("Name <email>");
        let email = email.trim_end_matches('>');
        self.git(&["add", "-A"]);
        let mut cmd = git_cmd(&self.repo, &self.home);
        cmd.env("GIT_AUTHOR_NAME", name)
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_NAME", name)
            .env("GIT_COMMITTER_EMAIL", email)
            .env("GIT_COMMITTER_DATE", date)
            .args(["commit", "-q", "-m", message]);
        run(cmd);
    }
}

// ---------------------------------------------------------------------------------------------
// Expected numbers from `git log`
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Stats {
    pub commits: u64,
    pub lines_added: u64,
    pub lines_removed: u64,
}

/// The independent statement of the identity rules for one fixture.
pub struct Identities<'a> {
    /// Raw author e-mail (exactly as committed) -> expected contributor id.
    pub ids: &'a [(&'a str, &'a str)],
    /// Raw author e-mails of bots: their commits are left out entirely.
    pub bots: &'a [&'a str],
    /// Paths that are not analysed (vendored, generated) or not files (gitlinks): their lines are
    /// not counted (the commit still is).
    pub unanalysed: &'a [&'a str],
}

/// Per-contributor commits and lines from
/// `git log --no-merges --use-mailmap -M --numstat <rev>`, grouped by `who.ids`.
/// Panics on an e-mail that is neither in `ids` nor in `bots`.
/// Notebooks' lines are their cells' (through git's textconv: [`notebook_cell_lines`]).
pub fn expected_stats(f: &Fixture, rev: &str, who: &Identities) -> BTreeMap<String, Stats> {
    stats_from_git(f, rev, who, true)
}

/// As [`expected_stats`], notebooks counted by their JSON lines (`notebook_lines = "raw"`).
pub fn expected_raw_stats(f: &Fixture, rev: &str, who: &Identities) -> BTreeMap<String, Stats> {
    stats_from_git(f, rev, who, false)
}

fn stats_from_git(
    f: &Fixture,
    rev: &str,
    who: &Identities,
    cells: bool,
) -> BTreeMap<String, Stats> {
    let ids: BTreeMap<&str, &str> = who.ids.iter().copied().collect();
    let bots: BTreeSet<&str> = who.bots.iter().copied().collect();
    let unanalysed: BTreeSet<&str> = who.unanalysed.iter().copied().collect();
    let raw = f.git(&[
        "log",
        "--no-merges",
        "--use-mailmap",
        "-M",
        "--numstat",
        "-z",
        "--format=%x01%H%x00%ae",
        rev,
    ]);
    let cell_lines = if cells {
        notebook_cell_lines(f, rev)
    } else {
        BTreeMap::new()
    };
    let mut stats: BTreeMap<String, Stats> = BTreeMap::new();
    for chunk in raw.split(|&b| b == 1).filter(|c| !c.is_empty()) {
        let mut tokens = chunk.split(|&b| b == 0);
        let hash = String::from_utf8_lossy(tokens.next().unwrap()).into_owned();
        let email = String::from_utf8_lossy(tokens.next().expect("e-mail")).into_owned();
        if bots.contains(email.as_str()) {
            continue;
        }
        let id = *ids
            .get(email.as_str())
            .unwrap_or_else(|| panic!("e-mail {email:?} is not in the test's identity map"));
        let s = stats.entry(id.to_string()).or_default();
        s.commits += 1;
        // numstat records: "A\tR\tpath" or, for a rename, "A\tR\t" followed by old and new path.
        let rest: Vec<&[u8]> = tokens.collect();
        let mut i = 0;
        while i < rest.len() {
            let rec = String::from_utf8_lossy(rest[i])
                .trim_start_matches('\n')
                .to_string();
            i += 1;
            if rec.is_empty() {
                continue;
            }
            let mut parts = rec.splitn(3, '\t');
            let added = parts.next().unwrap();
            let removed = parts.next().expect("numstat removed");
            let mut path = parts.next().expect("numstat path").to_string();
            if path.is_empty() {
                // rename: old path, new path
                let _old = &rest[i];
                path = String::from_utf8_lossy(rest[i + 1]).into_owned();
                i += 2;
            }
            if unanalysed.contains(path.as_str()) {
                continue;
            }
            let (added, removed) = if cells && path.ends_with(".ipynb") {
                cell_lines
                    .get(&(hash.clone(), path))
                    .copied()
                    .unwrap_or((0, 0))
            } else {
                // "-" for binary: 0
                (added.parse().unwrap_or(0), removed.parse().unwrap_or(0))
            };
            s.lines_added += added;
            s.lines_removed += removed;
        }
    }
    stats
}

/// Per (commit, notebook path): the cell-source lines added and removed, counted in the patch of
/// `git log -p --textconv` (git's numstat never applies a textconv). A re-run has no hunk.
pub fn notebook_cell_lines(f: &Fixture, rev: &str) -> BTreeMap<(String, String), (u64, u64)> {
    let raw = f.git_cells(&[
        "log",
        "--no-merges",
        "--full-history",
        "-M",
        "-p",
        "--textconv",
        // not -U0: without context git trims the texts' common tail before diffing, which can
        // pair lines otherwise than numstat (and libgit2) do
        "-U1",
        "--format=%x01%H",
        rev,
        "--",
        "*.ipynb",
    ]);
    let mut out = BTreeMap::new();
    let (mut hash, mut path, mut in_hunk) = (String::new(), String::new(), false);
    for line in String::from_utf8_lossy(&raw).lines() {
        if let Some(h) = line.strip_prefix('\u{1}') {
            hash = h.to_string();
        } else if line.starts_with("diff --git ") {
            in_hunk = false;
        } else if !in_hunk && let Some(p) = line.strip_prefix("--- a/") {
            // git ends the label of a name with a space in a tab
            path = p.trim_end_matches('\t').to_string();
        } else if !in_hunk && let Some(p) = line.strip_prefix("+++ b/") {
            path = p.trim_end_matches('\t').to_string();
        } else if line.starts_with("@@") {
            in_hunk = true;
        } else if line.starts_with(' ') || line.starts_with('\\') {
            // context, or "\ No newline at end of file"
        } else if in_hunk && (line.starts_with('+') || line.starts_with('-')) {
            let e: &mut (u64, u64) = out.entry((hash.clone(), path.clone())).or_default();
            if line.starts_with('+') {
                e.0 += 1;
            } else {
                e.1 += 1;
            }
        }
    }
    out
}

/// Asserts that the report's contributors are exactly `expected` (ids, commits, lines).
pub fn assert_contributor_stats(report: &Value, expected: &BTreeMap<String, Stats>) {
    let mut actual = BTreeMap::new();
    for c in contributors(report) {
        let id = c["id"].as_str().expect("contributor id").to_string();
        actual.insert(
            id,
            Stats {
                commits: c["commits"].as_u64().expect("commits"),
                lines_added: c["lines_added"].as_u64().expect("lines_added"),
                lines_removed: c["lines_removed"].as_u64().expect("lines_removed"),
            },
        );
    }
    assert_eq!(
        actual.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "contributor ids"
    );
    for (id, want) in expected {
        assert_eq!(&actual[id], want, "commits/lines of {id}");
    }
}

// ---------------------------------------------------------------------------------------------
// Report access
// ---------------------------------------------------------------------------------------------

pub fn contributors(report: &Value) -> &Vec<Value> {
    report["contributors"]
        .as_array()
        .expect("contributors is an array")
}

pub fn files(report: &Value) -> &Vec<Value> {
    report["files"].as_array().expect("files is an array")
}

pub fn areas(report: &Value) -> &Vec<Value> {
    report["areas"].as_array().expect("areas is an array")
}

pub fn contributor<'a>(report: &'a Value, id: &str) -> &'a Value {
    contributors(report)
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no contributor {id:?} in {:#?}", ids(report)))
}

pub fn ids(report: &Value) -> Vec<String> {
    contributors(report)
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

pub fn file<'a>(report: &'a Value, path: &str) -> Option<&'a Value> {
    files(report).iter().find(|f| f["path"] == path)
}

pub fn file_paths(report: &Value) -> Vec<String> {
    files(report)
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

pub fn area<'a>(report: &'a Value, name: &str) -> &'a Value {
    areas(report)
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no area {name:?}"))
}

/// An RFC 3339 UTC time in the form `YYYY-MM-DDTHH:MM:SSZ` (accepts `+00:00` and fractions of
/// seconds that are zero).
pub fn utc(v: &Value) -> String {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("time is not a string: {v}"));
    let s = s
        .strip_suffix("+00:00")
        .map(|p| format!("{p}Z"))
        .unwrap_or_else(|| s.to_string());
    assert!(s.ends_with('Z'), "time {s:?} is not in UTC");
    let body = &s[..s.len() - 1];
    let body = match body.split_once('.') {
        Some((whole, frac)) => {
            assert!(
                frac.chars().all(|c| c == '0'),
                "unexpected fraction in {s:?}"
            );
            whole
        }
        None => body,
    };
    format!("{body}Z")
}

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------

/// Asserts exit code 2 and exactly one non-empty line on stderr that contains every keyword
/// (case-insensitive). Returns that line.
pub fn assert_bad_input(out: &Output, keywords: &[&str]) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected exit code 2, got {:?}; stderr:\n{stderr}",
        out.status
    );
    let lines = stderr_lines(out);
    assert_eq!(
        lines.len(),
        1,
        "expected exactly one line on stderr, got:\n{stderr}"
    );
    let line = lines[0].to_string();
    for k in keywords {
        assert!(
            line.to_lowercase().contains(&k.to_lowercase()),
            "stderr line does not mention {k:?}: {line}"
        );
    }
    line
}

/// The non-empty lines on stderr.
pub fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// Entries of a directory (to check that no report or temporary file was left behind).
pub fn dir_entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

pub fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

// ---------------------------------------------------------------------------------------------
// Cache tests
// ---------------------------------------------------------------------------------------------

impl Fixture {
    /// `git ARGS` with a fixed author and committer (`Name <email>`) and date, for commits made by
    /// other commands than `commit_all` (amend, merge).
    pub fn git_as(&self, author: &str, date: &str, args: &[&str]) -> Vec<u8> {
        let (name, email) = author.split_once(" <").expect("Name <email>");
        let email = email.trim_end_matches('>');
        let mut cmd = git_cmd(&self.repo, &self.home);
        cmd.env("GIT_AUTHOR_NAME", name)
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_NAME", name)
            .env("GIT_COMMITTER_EMAIL", email)
            .env("GIT_COMMITTER_DATE", date)
            .args(args);
        run(cmd)
    }

    /// The hermetic `mlowners` as a `std::process::Command` (which, unlike assert_cmd's, can be
    /// spawned to run concurrently with another).
    pub fn mlowners_process(&self) -> StdCommand {
        let mut cmd = hermetic(env!("CARGO_BIN_EXE_mlowners"), &self.home);
        cmd.env("NO_COLOR", "1").current_dir(self.tmp.path());
        cmd
    }
}

/// The hand-worked ownership fixture (fixtures/ownership.sh).
pub fn ownership() -> Fixture {
    build_script("ownership")
}

/// Areas with sides (training, inference), an area without one (legacy), and configured roles
/// for the ownership fixture: Max is a data scientist by configuration, so his changes to
/// serving/ are crossings.
pub const OWNERSHIP_CONFIG: &str = r#"
[areas.training]
paths = ["ml/**/*.py"]
side = "ds"

[areas.inference]
paths = ["serving/**/*.scala"]
side = "se"

[areas.legacy]
paths = ["legacy/**"]

[roles]
ds = ["*@ds.example.com", "Max Field"]
se = ["*@platform.example.com"]
"#;
