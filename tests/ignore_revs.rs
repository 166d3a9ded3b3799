//! Commits that carry no knowledge (a reformat listed in `.git-blame-ignore-revs` or in
//! `[settings] ignore_revs`): no delivery, nobody active through them; lines still count.

mod common;

use std::fs;

use common::*;

#[test]
fn a_listed_reformat_is_no_delivery_and_makes_nobody_active() {
    let f = tiny_repo(); // Ana creates train.py, 2024-05-01
    fs::write(f.repo.join("b.py"), "x=1\n").unwrap();
    f.commit_all("Dan Roe <dan@x>", "2024-05-02T10:00:00+00:00", "b");
    let mut reformats = Vec::new();
    for (i, text) in ["x = 1\n", "x = 1  # ok\n", "x = (1)\n"].iter().enumerate() {
        fs::write(f.repo.join("b.py"), text).unwrap();
        f.commit_all(
            "Carl Fmt <carl@x>",
            &format!("2024-05-{:02}T10:00:00+00:00", i + 3),
            "fmt",
        );
        reformats.push(f.git_str(&["rev-parse", "HEAD"]));
    }
    // the first two by the committed file, the third by the config
    fs::write(
        f.repo.join(".git-blame-ignore-revs"),
        format!("# black\n{}\n{} # isort\n", reformats[0], reformats[1]),
    )
    .unwrap();
    f.commit_all(
        "Ana <ana@example.com>",
        "2024-05-06T10:00:00+00:00",
        "ignore revs",
    );
    let cfg = f.dir("cfg").join("c.toml");
    fs::write(
        &cfg,
        format!("[settings]\nignore_revs = [\"{}\"]\n", &reformats[2][..12]),
    )
    .unwrap();

    // Before the list was committed, b.py: Dan created it (FA = 1, DL = 0, AC = 3):
    // 3.293 + 1.098 − 0.321·ln 4 = 3.946; Carl's three reformats (DL = 3, AC = 0):
    // 3.293 + 0.164·3 = 3.785, 96 % of the best: an author. Authors by DOA, best first.
    let (counted, _) = f.scan_json(&["--no-cache", "--at", "HEAD~1"]);
    let authors = |r: &serde_json::Value| file(r, "b.py").unwrap()["authors"].clone();
    assert_eq!(authors(&counted), serde_json::json!(["dan@x", "carl@x"]));

    // With the committed list only, one reformat delivers: Dan (AC = 1) 4.391 − 0.321·ln 2 =
    // 4.169, Carl (DL = 1) 3.457, 83 %: still an author.
    let (listed, _) = f.scan_json(&["--no-cache"]);
    assert_eq!(authors(&listed), serde_json::json!(["dan@x", "carl@x"]));

    // Ignored, b.py: no delivery by anyone: Dan alone (AC = 0): 4.391; Carl has no DOA at all.
    let (ignored, _) = f.scan_json(&["--no-cache", "--config", cfg.to_str().unwrap()]);
    assert_eq!(authors(&ignored), serde_json::json!(["dan@x"]));
    let carl = contributor(&ignored, "carl@x");
    assert_eq!(carl["active"], false, "reformats make nobody active");
    assert_eq!(
        carl["commits"], 3,
        "commits and lines stay as git log counts them"
    );
    assert_eq!(carl["lines_added"], 3);
    assert_eq!(contributor(&listed, "carl@x")["active"], true);
    assert_eq!(
        ignored["summary"]["active_contributors"].as_u64().unwrap() + 1,
        listed["summary"]["active_contributors"].as_u64().unwrap()
    );
}

#[test]
fn a_bad_ignore_rev_names_the_line() {
    let f = tiny_repo();
    let cfg = f.dir("cfg").join("c.toml");
    fs::write(
        &cfg,
        "[settings]\nignore_revs = [\n  \"not-a-commit\",\n]\n",
    )
    .unwrap();
    let out = f
        .mlowners()
        .args(["scan", "--config"])
        .arg(&cfg)
        .arg(&f.repo)
        .output()
        .unwrap();
    assert_bad_input(&out, &["c.toml:3:", "ignore_revs", "not a commit id"]);
}
