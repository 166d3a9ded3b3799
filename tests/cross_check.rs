//! Cross-check against scripts/truck_factor.py, an independent implementation of DOA and bus factor
//! from `git log` alone: per-file creator and authors, the repository's bus factor and key people.
//!
//! Both run with `default_excludes = false`, so that both consider every regular file at HEAD;
//! files are compared where both report them, and the bus factor only when both report the same
//! files. Skipped (with a note) when python3 (3.11+, for tomllib) is not available.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::process::{Command, Stdio};

use common::*;
use serde_json::Value;

const ALL_FILES: &str = "[settings]\ndefault_excludes = false\n";

fn python_ok() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import tomllib"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("note: python3 with tomllib (3.11+) not found; cross-check skipped");
    }
    ok
}

/// Runs truck_factor.py on the fixture with a hermetic git environment.
fn truck_factor(f: &Fixture, config: &std::path::Path) -> Value {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/truck_factor.py");
    let out = hermetic("python3", &f.home)
        .arg(&script)
        .arg(&f.repo)
        .arg("--config")
        .arg(config)
        .output()
        .expect("run truck_factor.py");
    assert!(
        out.status.success(),
        "truck_factor.py failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("truck_factor.py prints JSON")
}

fn sorted_strs(v: &Value) -> Vec<String> {
    let mut s: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    s.sort();
    s
}

/// path -> (creator, sorted authors)
fn per_file(v: &Value) -> BTreeMap<String, (Value, Vec<String>)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                (f["creator"].clone(), sorted_strs(&f["authors"])),
            )
        })
        .collect()
}

/// Compares mlowners and truck_factor.py on `f`; returns the number of files compared.
fn cross_check(f: &Fixture) -> usize {
    let config = f.dir("cross-check").join("all.toml");
    fs::write(&config, ALL_FILES).unwrap();
    let (ours, _) = f.scan_json(&["--config", config.to_str().unwrap()]);
    let theirs = truck_factor(f, &config);

    let a = per_file(&ours["files"]);
    let b = per_file(&theirs["files"]);
    let both: BTreeSet<&String> = a.keys().filter(|p| b.contains_key(*p)).collect();
    let mut diffs = Vec::new();
    for p in &both {
        if a[*p] != b[*p] {
            diffs.push(format!(
                "{p}: mlowners {:?}, truck_factor.py {:?}",
                a[*p], b[*p]
            ));
        }
    }
    assert!(
        diffs.is_empty(),
        "creator/authors differ:\n{}",
        diffs.join("\n")
    );
    let only_ours: Vec<&String> = a.keys().filter(|p| !b.contains_key(*p)).collect();
    let only_theirs: Vec<&String> = b.keys().filter(|p| !a.contains_key(*p)).collect();
    if only_ours.is_empty() && only_theirs.is_empty() {
        assert_eq!(
            ours["summary"]["bus_factor"], theirs["bus_factor"],
            "bus factor"
        );
        // Key people in removal order.
        assert_eq!(
            ours["summary"]["key_people"], theirs["key_people"],
            "key people"
        );
    } else {
        eprintln!(
            "note: bus factor not compared: only mlowners has {only_ours:?}, only truck_factor.py \
             has {only_theirs:?}"
        );
    }
    eprintln!(
        "cross-check: {} files, bus factor {} {}",
        both.len(),
        ours["summary"]["bus_factor"],
        ours["summary"]["key_people"]
    );
    both.len()
}

#[test]
fn ownership_fixture_agrees() {
    if !python_ok() {
        return;
    }
    let f = build_script("ownership");
    assert_eq!(cross_check(&f), 14);
}

#[test]
fn team_fixture_agrees() {
    if !python_ok() {
        return;
    }
    let f = build_script("team");
    assert!(cross_check(&f) >= 9);
}

#[test]
fn pipeline_fixture_agrees() {
    if !python_ok() {
        return;
    }
    let f = build_fast_import("pipeline");
    assert!(cross_check(&f) >= 4);
}

/// A deterministic pseudo-random history: 6 people, 48 commits that create, edit (1–3 files),
/// rename (pure `git mv`, sometimes into another directory) or delete files. File contents are
/// unique per file, so git and libgit2 find the same renames.
fn generated() -> Fixture {
    let tmp = tempfile::Builder::new()
        .prefix("mlowners-test-")
        .tempdir()
        .unwrap();
    let home = tmp.path().join("home");
    fs::create_dir_all(&home).unwrap();
    let repo = tmp.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    let f = Fixture { tmp, repo, home };
    f.git(&["init", "-q", "-b", "main"]);

    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rnd = move |n: usize| -> usize {
        // xorshift64*
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    };
    const PEOPLE: &[&str] = &[
        "Ana Ruiz <ana@ex.com>",
        "Ben Cho <ben@ex.com>",
        "Cy Dee <cy@ex.com>",
        "Di Fox <di@ex.com>",
        "Ed Gil <ed@ex.com>",
        "Flo Ham <flo@ex.com>",
    ];
    const DIRS: &[&str] = &["ml", "ml/train", "serving", "docs"];
    let mut live: Vec<String> = Vec::new();
    let mut next = 0usize;
    let start: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z
    for c in 0..48 {
        // People 0–2 write most of the code.
        let who = if rnd(3) == 0 { rnd(6) } else { rnd(3) };
        let action = if live.len() < 4 { 0 } else { rnd(10) };
        match action {
            0 | 1 => {
                let dir = DIRS[rnd(DIRS.len())];
                let path = format!("{dir}/f{next:02}.py");
                fs::create_dir_all(f.repo.join(dir)).unwrap();
                fs::write(
                    f.repo.join(&path),
                    format!(
                        "# file {next}\nNAME = \"f{next:02}\"\n{}\n",
                        "x = 1\n".repeat(3)
                    ),
                )
                .unwrap();
                next += 1;
                live.push(path);
            }
            2 => {
                let i = rnd(live.len());
                let dir = DIRS[rnd(DIRS.len())];
                let path = format!("{dir}/r{next:02}.py");
                next += 1;
                fs::create_dir_all(f.repo.join(dir)).unwrap();
                f.git(&["mv", &live[i], &path]);
                live[i] = path;
            }
            3 => {
                let i = rnd(live.len());
                let path = live.remove(i);
                f.git(&["rm", "-q", &path]);
            }
            _ => {
                let n = 1 + rnd(3.min(live.len()));
                let mut picked = BTreeSet::new();
                while picked.len() < n {
                    picked.insert(rnd(live.len()));
                }
                for i in picked {
                    let p = f.repo.join(&live[i]);
                    let mut text = fs::read_to_string(&p).unwrap();
                    text.push_str(&format!("edit_{c} = {who}\n"));
                    fs::write(&p, text).unwrap();
                }
            }
        }
        let date = format!("{} +0000", start + c as i64 * 86_400 * 5);
        f.commit_all(PEOPLE[who], &date, &format!("commit {c}"));
    }
    f
}

#[test]
fn generated_history_agrees() {
    if !python_ok() {
        return;
    }
    let f = generated();
    // The history exercises what it is meant to: renames (followed) and deletions.
    let count = |filter: &str| {
        f.git_str(&["log", "-M", "--format=", "--name-status", filter])
            .lines()
            .filter(|l| !l.is_empty())
            .count()
    };
    assert!(count("--diff-filter=R") >= 2, "too few renames");
    assert!(count("--diff-filter=D") >= 1, "no deletion");
    let n = cross_check(&f);
    assert!(n >= 10, "only {n} files compared");
}
