//! Read what git reads, refuse what git refuses: commits libgit2 cannot parse, odd tree modes,
//! the mailmap sources git applies (and the one it refuses), git's ASCII-only case folding, and
//! `info/attributes`. Every expected answer comes from the real `git` run on the same fixture.

mod common;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};

use serde_json::Value;

use common::*;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Writes `bytes` as an object of `kind` exactly as given (`git hash-object --literally`, which
/// takes what `git commit` and `git mktree` would refuse); returns its id.
fn write_object(f: &Fixture, kind: &str, bytes: &[u8]) -> String {
    let dir = f.dir("literal-objects");
    let path = dir.join(format!("object-{}", dir_entries(&dir).len()));
    fs::write(&path, bytes).unwrap();
    let path = path.to_str().expect("UTF-8 temporary path");
    f.git_str(&["hash-object", "-t", kind, "--literally", "-w", path])
}

/// A tree object with entries (mode as written, name, id), in the order given.
fn write_tree(f: &Fixture, entries: &[(&str, &str, &str)]) -> String {
    let mut bytes = Vec::new();
    for (mode, name, id) in entries {
        bytes.extend_from_slice(format!("{mode} {name}\0").as_bytes());
        bytes.extend(
            (0..40)
                .step_by(2)
                .map(|i| u8::from_str_radix(&id[i..i + 2], 16).unwrap()),
        );
    }
    write_object(f, "tree", &bytes)
}

fn write_blob(f: &Fixture, text: &str) -> String {
    write_object(f, "blob", text.as_bytes())
}

/// `git log` succeeds on `rev` (it panics inside the helper when git fails).
fn git_reads(f: &Fixture, rev: &str) -> bool {
    catch_unwind(AssertUnwindSafe(|| f.git(&["log", "--numstat", rev]))).is_ok()
}

/// One scan: the JSON report (raw and parsed) and the non-empty stderr lines.
struct Scan {
    json: Vec<u8>,
    report: Value,
    warnings: Vec<String>,
}

fn scan(f: &Fixture, extra: &[&str]) -> Scan {
    let out = f
        .mlowners()
        .arg("scan")
        .arg(&f.repo)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "scan failed:\n{stderr}");
    Scan {
        report: serde_json::from_slice(&out.stdout).expect("JSON report"),
        json: out.stdout,
        warnings: stderr
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

/// The author of `rev` as `git log --format=%an%x00%ae` prints it (no mailmap).
fn git_author(f: &Fixture, rev: &str) -> (String, String) {
    author_as(f, rev, "--format=%an%x00%ae")
}

fn author_as(f: &Fixture, rev: &str, format: &str) -> (String, String) {
    let out = f.git_str(&["log", "-1", format, rev]);
    let (n, e) = out.split_once('\0').expect("name and e-mail");
    (n.to_owned(), e.to_owned())
}

/// The date `git log --format=fuller --date=unix` shows on the line `label` (`AuthorDate` or
/// `CommitDate`), as UTC; git shows no line when the identity does not split, and then
/// mlowners takes the epoch, the date git gives a commit with no readable date.
fn git_date(f: &Fixture, rev: &str, label: &str) -> String {
    let out = f.git_str(&["log", "-1", "--format=fuller", "--date=unix", rev]);
    let secs = out
        .lines()
        .find_map(|l| l.strip_prefix(label)?.strip_prefix(':'))
        .map_or(0, |s| s.trim().parse::<i64>().expect("a unix date"));
    jiff::Timestamp::from_second(secs).unwrap().to_string()
}

fn ana_and(email: &str) -> Vec<(&str, &str)> {
    vec![
        ("ana@example.com", "ana@example.com"),
        (email, email),
        ("bo@example.com", "bo@example.com"),
    ]
}

// ---------------------------------------------------------------------------------------------
// 1. Commits libgit2 cannot parse
// ---------------------------------------------------------------------------------------------

const COMMITTER: &str = "committer Ci <ci@example.com> 1714600000 +0000";

/// Ana's first commit (tiny_repo), then commit M written literally with `author` and
/// `committer` lines (it adds lines to train.py and a file of its own), then Bo's ordinary
/// commit on top, which main points at. Returns the fixture and M.
fn history_with(author: &str, committer: &str) -> (Fixture, String) {
    let f = tiny_repo();
    fs::write(
        f.repo.join("train.py"),
        "print('train')\nprint('more')\nprint('again')\n",
    )
    .unwrap();
    fs::write(f.repo.join("eval.py"), "print('eval')\n").unwrap();
    f.git(&["add", "-A"]);
    let tree = f.git_str(&["write-tree"]);
    let parent = f.git_str(&["rev-parse", "HEAD"]);
    let m = write_object(
        &f,
        "commit",
        format!("tree {tree}\nparent {parent}\n{author}\n{committer}\n\nmalformed\n").as_bytes(),
    );
    fs::write(f.repo.join("serve.py"), "serve()\n").unwrap();
    f.git(&["add", "-A"]);
    let tree = f.git_str(&["write-tree"]);
    let top = String::from_utf8(f.git_as(
        "Bo <bo@example.com>",
        "2024-05-03T10:00:00+00:00",
        &["commit-tree", "-p", &m, "-m", "on top", &tree],
    ))
    .unwrap();
    f.git(&["update-ref", "refs/heads/main", top.trim()]);
    (f, m)
}

#[test]
fn commits_libgit2_cannot_parse_are_read_as_git_reads_them() {
    let cases = [
        (
            "author Mal <mal@example.com> notanumber +0000",
            COMMITTER,
            "malformed author line",
        ),
        (
            "author Mal mal@example.com 1714600000 +0000",
            COMMITTER,
            "malformed author line",
        ),
        (
            "author Mal <mal@example.com> 99999999999999999999 +0000",
            COMMITTER,
            "malformed author line",
        ),
        (
            "author Mal <mal@example.com> 1714600000 +0000",
            "committer Ci ci@example.com 1714600000 +0000",
            "malformed committer line",
        ),
    ];
    for (author, committer, why) in cases {
        let (f, m) = history_with(author, committer);
        assert!(git_reads(&f, "HEAD"), "git log reads {author:?}");
        // (`%aN` would print itself, literally, for an author line that does not split)
        let (name, email) = git_author(&f, &m);
        let warning = format!("warning: commit {m}: {why}; read as git reads it");

        let cold = scan(&f, &[]);
        assert_eq!(cold.warnings, vec![warning.clone()], "{author:?}");
        let ids = ana_and(&email);
        let expected = expected_stats(
            &f,
            "HEAD",
            &Identities {
                ids: &ids,
                bots: &[],
                unanalysed: &[],
            },
        );
        assert_eq!(expected[&email].commits, 1, "{author:?}");
        assert_contributor_stats(&cold.report, &expected);
        let mal = contributor(&cold.report, &email);
        assert_eq!(mal["name"], name.as_str(), "{author:?}");
        assert_eq!(
            utc(&mal["first_change"]),
            git_date(&f, &m, "AuthorDate"),
            "{author:?}"
        );

        // warm: the cached rows and graph give the same report and the same warning
        let warm = scan(&f, &[]);
        assert_eq!(warm.warnings, vec![warning.clone()], "warm {author:?}");
        assert_eq!(cold.json, warm.json, "warm report of {author:?}");

        // the malformed commit as the reference commit, by id and by a branch name
        f.git(&["branch", "malformed", &m]);
        for at in [m.as_str(), "malformed"] {
            let at_m = scan(&f, &["--at", at, "--no-cache"]);
            assert_eq!(at_m.warnings, vec![warning.clone()], "--at {at}");
            assert_eq!(at_m.report["repository"]["head"], m.as_str());
            assert_eq!(
                utc(&at_m.report["repository"]["reference_time"]),
                git_date(&f, &m, "CommitDate"),
                "reference time of {committer:?}"
            );
        }
        f.git(&["checkout", "-q", "malformed"]);
        let head_m = scan(&f, &["--no-cache"]);
        assert_eq!(head_m.report["repository"]["head"], m.as_str());
        assert_eq!(head_m.warnings, vec![warning]);
    }
}

#[test]
fn several_author_lines_are_read_as_git_reads_them_the_last_one() {
    let (f, m) = history_with(
        "author Mal <mal@example.com> 1714600000 +0000\nauthor Other <other@example.com> 1714600100 +0000",
        COMMITTER,
    );
    let (_, email) = git_author(&f, &m);
    assert_eq!(
        email, "other@example.com",
        "git log shows the last author line"
    );
    let s = scan(&f, &["--no-cache"]);
    assert_eq!(
        s.warnings,
        vec![format!(
            "warning: commit {m}: several author lines; read as git reads it"
        )]
    );
    let ids = ana_and(&email);
    let who = Identities {
        ids: &ids,
        bots: &[],
        unanalysed: &[],
    };
    assert_contributor_stats(&s.report, &expected_stats(&f, "HEAD", &who));
}

#[test]
fn a_commit_git_refuses_is_refused_naming_it() {
    let f = tiny_repo();
    let tree = f.git_str(&["rev-parse", "HEAD^{tree}"]);
    let parent = f.git_str(&["rev-parse", "HEAD"]);
    let bad = write_object(
        &f,
        "commit",
        format!("tree zzzz\nparent {parent}\nauthor A <a@x> 1 +0000\n{COMMITTER}\n\nbad\n")
            .as_bytes(),
    );
    let top = write_object(
        &f,
        "commit",
        format!("tree {tree}\nparent {bad}\nauthor A <a@x> 2 +0000\n{COMMITTER}\n\ntop\n")
            .as_bytes(),
    );
    f.git(&["update-ref", "refs/heads/main", &top]);
    assert!(!git_reads(&f, "HEAD"), "git refuses a commit with no tree");
    let out = f
        .mlowners()
        .arg("scan")
        .arg(&f.repo)
        .arg("--no-cache")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "a commit git refuses fails the scan");
    assert!(
        stderr.contains(&format!("commit {bad}: bogus commit object")),
        "the error names the commit: {stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// 1b. Odd tree modes
// ---------------------------------------------------------------------------------------------

#[test]
fn odd_tree_modes_are_read_as_git_reads_them() {
    let f = tiny_repo();
    let base = f.git_str(&["rev-parse", "HEAD"]);
    let one = write_blob(&f, "one\n");
    let two = write_blob(&f, "one\ntwo\n");
    let three = write_blob(&f, "one\ntwo\nthree\n");
    let sub1 = write_tree(&f, &[("100644", "in.py", &one)]);
    let sub2 = write_tree(&f, &[("100644", "in.py", &two)]);
    let train = f.git_str(&["rev-parse", "HEAD:train.py"]);
    // 100775 is a regular executable file to git (100755), 040000 a tree (40000)
    let trees = [
        write_tree(
            &f,
            &[
                ("100644", "f.py", &one),
                ("40000", "sub", &sub1),
                ("100644", "train.py", &train),
            ],
        ),
        write_tree(
            &f,
            &[
                ("100775", "f.py", &two),
                ("040000", "sub", &sub2),
                ("100644", "train.py", &train),
            ],
        ),
        write_tree(
            &f,
            &[
                ("100775", "f.py", &three),
                ("040000", "sub", &sub2),
                ("100644", "train.py", &train),
            ],
        ),
    ];
    let mut parent = base;
    for (i, tree) in trees.iter().enumerate() {
        let date = format!("2024-05-0{}T10:00:00+00:00", i + 2);
        let id = f.git_as(
            "Bo <bo@example.com>",
            &date,
            &["commit-tree", "-p", &parent, "-m", "modes", tree],
        );
        parent = String::from_utf8(id).unwrap().trim().to_owned();
    }
    f.git(&["update-ref", "refs/heads/main", &parent]);
    f.git(&["reset", "-q", "--hard"]);

    let s = scan(&f, &["--no-cache"]);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let ids = [
        ("ana@example.com", "ana@example.com"),
        ("bo@example.com", "bo@example.com"),
    ];
    let who = Identities {
        ids: &ids,
        bots: &[],
        unanalysed: &[],
    };
    assert_contributor_stats(&s.report, &expected_stats(&f, "HEAD", &who));
    for path in ["f.py", "sub/in.py"] {
        let changes = f
            .git_str(&["log", "--format=%H", "--", path])
            .lines()
            .count();
        let file = file(&s.report, path).unwrap_or_else(|| panic!("{path} is a file"));
        assert_eq!(file["changes"], changes as u64, "{path}");
        assert_eq!(file["lines"], f.lines_at("HEAD", path), "{path}");
    }
}
