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
        report: scan_report(&out.stdout),
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

/// The author of `rev` after the mailmap, as `git log --format=%aN%x00%aE` prints it.
fn git_mapped_author(f: &Fixture, rev: &str) -> (String, String) {
    author_as(f, rev, "--format=%aN%x00%aE")
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

// ---------------------------------------------------------------------------------------------
// 2-4. The mailmap
// ---------------------------------------------------------------------------------------------

/// tiny_repo's train.py by Ana, and a commit by `author` (`Name <email>`).
fn two_authors(author: &str) -> Fixture {
    let f = tiny_repo();
    fs::write(f.repo.join("eval.py"), "print('eval')\n").unwrap();
    f.commit_all(author, "2024-05-02T10:00:00+00:00", "eval");
    f
}

/// Asserts that the report's identities are what `git log` says of each commit after the mailmap
/// (each commit's mapped e-mail is a contributor id, with its mapped name).
fn assert_identities_as_git(f: &Fixture, s: &Scan) {
    for rev in f.git_str(&["rev-list", "HEAD"]).lines() {
        let (name, email) = git_mapped_author(f, rev);
        let c = contributor(&s.report, &email.to_lowercase());
        assert_eq!(c["name"], name.as_str(), "commit {rev}");
    }
    let mut want: Vec<String> = f
        .git_str(&["log", "--format=%aE"])
        .lines()
        .map(str::to_lowercase)
        .collect();
    want.sort();
    want.dedup();
    let mut got = ids(&s.report);
    got.sort();
    assert_eq!(got, want);
}

#[test]
fn a_mailmap_that_is_a_symbolic_link_is_refused_as_git_refuses_it() {
    let f = two_authors("Bo <bo@example.com>");
    let outside = f.dir("outside").join("mailmap");
    fs::write(&outside, "Ana Sato <sato@example.com> <ana@example.com>\n").unwrap();
    std::os::unix::fs::symlink(&outside, f.repo.join(".mailmap")).unwrap();
    let (_, email) = git_mapped_author(&f, "HEAD~1");
    assert_eq!(email, "ana@example.com", "git does not follow the link");

    let s = scan(&f, &["--no-cache"]);
    assert_identities_as_git(&f, &s);
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(
        s.warnings[0].contains(".mailmap is a symbolic link"),
        "{:?}",
        s.warnings
    );

    // a regular .mailmap is read
    fs::remove_file(f.repo.join(".mailmap")).unwrap();
    fs::copy(&outside, f.repo.join(".mailmap")).unwrap();
    let s = scan(&f, &["--no-cache"]);
    assert!(s.warnings.is_empty());
    assert_identities_as_git(&f, &s);
    assert_eq!(ids(&s.report), vec!["bo@example.com", "sato@example.com"]);
}

#[test]
fn mailmap_file_and_blob_apply_in_gits_order() {
    let f = two_authors("Bo <bo@example.com>");
    // the work tree's .mailmap, then mailmap.blob, then mailmap.file: a later line wins
    fs::write(
        f.repo.join(".mailmap"),
        "Tree Name <tree@example.com> <ana@example.com>\nTree Bo <bo@example.com>\n",
    )
    .unwrap();
    fs::create_dir_all(f.repo.join("meta")).unwrap();
    fs::write(
        f.repo.join("meta/blob.map"),
        "Blob Name <blob@example.com> <ana@example.com>\n",
    )
    .unwrap();
    f.commit_all("Bo <bo@example.com>", "2024-05-03T10:00:00+00:00", "maps");
    let file = f.dir("elsewhere").join("file.map");
    fs::write(&file, "<file@example.com> <ana@example.com>\n").unwrap();

    let steps: [(&[&str], &str); 4] = [
        (&[], "tree@example.com"),
        (&["mailmap.blob", "HEAD:meta/blob.map"], "blob@example.com"),
        (
            &["mailmap.file", file.to_str().unwrap()],
            "file@example.com",
        ),
        // a blob name that resolves to nothing is no mailmap (git says nothing)
        (&["mailmap.blob", "HEAD:none"], "file@example.com"),
    ];
    let mut keys = Vec::new();
    for (setting, ana) in steps {
        if !setting.is_empty() {
            f.git(&["config", setting[0], setting[1]]);
        }
        let (_, email) = git_mapped_author(&f, "HEAD~2");
        assert_eq!(email, ana, "git after {setting:?}");
        let s = scan(&f, &[]);
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        assert_identities_as_git(&f, &s);
        keys.push(dir_entries(&f.repo.join(".git/mlowners")));
    }
    assert_eq!(
        keys[1].len(),
        2,
        "a new mailmap source gives a new cache key: {keys:?}"
    );
    assert_eq!(keys[2].len(), 3, "{keys:?}");

    // a changed mailmap.file changes the key too: no stale identities from the cache
    fs::write(&file, "Again <again@example.com> <ana@example.com>\n").unwrap();
    let s = scan(&f, &[]);
    assert_identities_as_git(&f, &s);
    assert_eq!(git_mapped_author(&f, "HEAD~2").1, "again@example.com");

    // a relative mailmap.file is relative to the top of the work tree, as in git
    fs::write(
        f.repo.join("meta/rel.map"),
        "Rel <rel@example.com> <ana@example.com>\n",
    )
    .unwrap();
    f.git(&["config", "mailmap.file", "meta/rel.map"]);
    assert_eq!(git_mapped_author(&f, "HEAD~2").1, "rel@example.com");
    assert_identities_as_git(&f, &scan(&f, &[]));

    // mailmap.blob naming no blob: git complains and goes on
    f.git(&["config", "mailmap.blob", "HEAD"]);
    let s = scan(&f, &[]);
    assert_identities_as_git(&f, &s);
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(s.warnings[0].contains("not a blob"), "{:?}", s.warnings);
}

#[test]
fn a_bare_repository_reads_head_mailmap_unless_mailmap_blob_says_otherwise() {
    let f = two_authors("Bo <bo@example.com>");
    fs::write(
        f.repo.join(".mailmap"),
        "Head Name <head@example.com> <ana@example.com>\n",
    )
    .unwrap();
    fs::write(
        f.repo.join("other.map"),
        "Other <other@example.com> <ana@example.com>\n",
    )
    .unwrap();
    f.commit_all("Bo <bo@example.com>", "2024-05-03T10:00:00+00:00", "maps");
    let bare_dir = f.dir("bare-parent").join("bare.git");
    f.git(&["clone", "-q", "--bare", ".", bare_dir.to_str().unwrap()]);
    let bare = Fixture {
        tmp: tempfile::tempdir().unwrap(),
        repo: bare_dir,
        home: f.home.clone(),
    };
    for blob in [None, Some("HEAD:other.map")] {
        if let Some(b) = blob {
            bare.git(&["config", "mailmap.blob", b]);
        }
        let s = scan(&bare, &["--no-cache"]);
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        assert_identities_as_git(&bare, &s);
    }
    assert_eq!(git_mapped_author(&bare, "HEAD~2").1, "other@example.com");

    // a non-bare repository whose work tree has no .mailmap reads none (not HEAD's)
    fs::remove_file(f.repo.join(".mailmap")).unwrap();
    assert_eq!(git_mapped_author(&f, "HEAD~2").1, "ana@example.com");
    assert_identities_as_git(&f, &scan(&f, &["--no-cache"]));
}

#[test]
fn mailmap_case_folding_is_ascii_only_as_in_git() {
    let f = two_authors("élodie <JOSÉ@Example.com>");
    fs::write(
        f.repo.join(".mailmap"),
        // differs from the commit only in the case of É/é: another address to git
        "Canon <canon@example.com> <josé@example.com>\n\
         Named <named@example.com> Élodie <JOSÉ@EXAMPLE.COM>\n\
         Ana Sato <sato@example.com> <ANA@example.com>\n",
    )
    .unwrap();
    let (name, email) = git_mapped_author(&f, "HEAD");
    assert_eq!(
        (name.as_str(), email.as_str()),
        ("élodie", "JOSÉ@Example.com")
    );
    assert_eq!(git_mapped_author(&f, "HEAD~1").1, "sato@example.com");
    let s = scan(&f, &["--no-cache"]);
    // (the contributor id is the model's lower-cased e-mail)
    let c = contributor(&s.report, "josé@example.com");
    assert_eq!(c["name"], "élodie");
    assert_eq!(
        contributor(&s.report, "sato@example.com")["name"],
        "Ana Sato"
    );
    assert_eq!(ids(&s.report).len(), 2, "{:?}", ids(&s.report));
}

// ---------------------------------------------------------------------------------------------
// 5. info/attributes
// ---------------------------------------------------------------------------------------------

#[test]
fn info_attributes_apply_above_every_gitattributes_file() {
    let f = tiny_repo();
    fs::write(f.repo.join("schema.sql"), "a,b\n1,2\n3,4\n").unwrap();
    fs::write(f.repo.join("notes.txt"), "x\ny\n").unwrap();
    fs::write(f.repo.join("plain.py"), "p = 1\n").unwrap();
    fs::write(f.repo.join(".gitattributes"), "*.txt -diff\n*.sql diff\n").unwrap();
    f.commit_all("Bo <bo@example.com>", "2024-05-02T10:00:00+00:00", "data");
    let ids = [
        ("ana@example.com", "ana@example.com"),
        ("bo@example.com", "bo@example.com"),
    ];
    let who = Identities {
        ids: &ids,
        bots: &[],
        unanalysed: &[],
    };
    let before = scan(&f, &[]);
    assert_contributor_stats(&before.report, &expected_stats(&f, "HEAD", &who));

    fs::write(
        f.repo.join(".git/info/attributes"),
        "*.sql -diff\nnotes.txt diff\n",
    )
    .unwrap();
    let attrs = f.git_str(&[
        "check-attr",
        "diff",
        "--",
        "schema.sql",
        "notes.txt",
        "plain.py",
    ]);
    assert_eq!(
        attrs,
        "schema.sql: diff: unset\nnotes.txt: diff: set\nplain.py: diff: unspecified"
    );
    let numstat = f.git_str(&["log", "-1", "--numstat", "--format=", "--", "schema.sql"]);
    assert_eq!(numstat, "-\t-\tschema.sql");

    // with the cache: the new attributes must give a new key
    let after = scan(&f, &[]);
    assert!(after.warnings.is_empty(), "{:?}", after.warnings);
    let expected = expected_stats(&f, "HEAD", &who);
    assert_contributor_stats(&after.report, &expected);
    for (path, binary) in [
        ("schema.sql", true),
        ("notes.txt", false),
        ("plain.py", false),
    ] {
        let lines = if binary { 0 } else { f.lines_at("HEAD", path) };
        assert_eq!(file(&after.report, path).unwrap()["lines"], lines, "{path}");
    }
    assert_ne!(before.json, after.json);
    assert_eq!(after.json, scan(&f, &["--no-cache"]).json);
}
