//! Notebooks counted by their cells (fixtures/notebooks.sh): the numbers worked out by hand, the
//! same numbers from git itself (a textconv written apart from mlowners: tests/common/nb_cells.py),
//! and `notebook_lines = "raw"` against `git log --numstat`.

mod common;

use std::fs;

use common::*;
use serde_json::Value;

const DANA: &str = "dana@ds.example.com";
const SAM: &str = "sam@ds.example.com";
const CHURN: &str = "notebooks/churn_eda.ipynb";

fn notebooks() -> Fixture {
    build_script("notebooks")
}

fn who() -> Identities<'static> {
    Identities {
        ids: &[(DANA, DANA), (SAM, SAM)],
        bots: &[],
        unanalysed: &[],
    }
}

fn with_config(f: &Fixture, text: &str, extra: &[&str]) -> Value {
    let cfg = f.dir("cfg").join("c.toml");
    fs::write(&cfg, text).unwrap();
    let mut args = vec!["--config", cfg.to_str().unwrap()];
    args.extend_from_slice(extra);
    f.scan_json(&args).0
}

const RAW: &str = "[settings]\nnotebook_lines = \"raw\"\n";

#[test]
fn reruns_count_nothing_and_edits_count_their_lines() {
    let f = notebooks();
    let (r, _) = f.scan_json(&[]);
    assert_eq!(r["settings"]["notebook_lines"], "cells");

    // Dana: c1 churn 2 + 3 + 2 cell lines and train.py 4; c3 +1 (its JSON: +2408/-2407);
    // c4 broken.ipynb 5 raw lines (no JSON); c5 legacy_v3.ipynb 1 + 2.
    let dana = contributor(&r, DANA);
    assert_eq!(
        (
            &dana["commits"],
            &dana["lines_added"],
            &dana["lines_removed"]
        ),
        (&4.into(), &20.into(), &0.into())
    );
    assert_eq!(dana["changes"], 5);
    assert_eq!(dana["notebook_reruns"], 0);
    // Sam: c2 re-runs churn (its JSON: +2406/-2406), c6 re-runs it again and adds a train.py
    // line: one change, one line, two re-runs; his commits stay two, as git counts them.
    let sam = contributor(&r, SAM);
    assert_eq!(
        (&sam["commits"], &sam["lines_added"], &sam["lines_removed"]),
        (&2.into(), &1.into(), &0.into())
    );
    assert_eq!(sam["changes"], 1);
    assert_eq!(sam["notebook_reruns"], 2);
    assert_eq!(
        sam["first_change"], "2024-06-01T12:00:00Z",
        "c2 is no change"
    );

    // A re-run is no change: churn's last change is Dana's edit, and Sam is no author of it.
    let churn = file(&r, CHURN).unwrap();
    assert_eq!(churn["lines"], 8, "2 + 4 + 2 cell lines");
    assert_eq!(utc(&churn["last_change"]), "2024-03-01T10:00:00Z");
    assert_eq!(churn["authors"], serde_json::json!([DANA]));
    assert_eq!(file(&r, "notebooks/legacy_v3.ipynb").unwrap()["lines"], 3);
    assert_eq!(file(&r, "notebooks/broken.ipynb").unwrap()["lines"], 5);
    assert_eq!(r["repository"]["unparsed_notebooks"], 1, "broken.ipynb");
}

#[test]
fn cell_lines_are_what_git_shows_through_a_textconv() {
    let f = notebooks();
    let (r, _) = f.scan_json(&[]);
    assert_contributor_stats(&r, &expected_stats(&f, "HEAD", &who()));
    for fl in files(&r) {
        let path = fl["path"].as_str().unwrap();
        assert_eq!(fl["lines"], f.lines_at("HEAD", path), "lines of {path}");
    }
    // git's patch of a re-run has no hunk at all, while its numstat says thousands of lines
    let cells = notebook_cell_lines(&f, "HEAD");
    let rerun = f.git_str(&["rev-parse", "HEAD~4"]);
    assert!(!cells.contains_key(&(rerun.clone(), CHURN.to_string())));
    let numstat = f.git_str(&["show", "--numstat", "--format=", &rerun]);
    assert!(numstat.starts_with("2406\t2406\t"), "{numstat}");

    // at the re-run itself: Sam has a commit and a re-run, and nothing else
    let (at, _) = f.scan_json(&["--at", "HEAD~4"]);
    let sam = contributor(&at, SAM);
    assert_eq!(
        (&sam["changes"], &sam["notebook_reruns"]),
        (&0.into(), &1.into())
    );
    assert_eq!(
        (&sam["lines_added"], &sam["last_change"]),
        (&0.into(), &Value::Null)
    );
}

#[test]
fn raw_lines_are_git_numstat() {
    let f = notebooks();
    let r = with_config(&f, RAW, &[]);
    assert_eq!(r["settings"]["notebook_lines"], "raw");
    assert_contributor_stats(&r, &expected_raw_stats(&f, "HEAD", &who()));
    let churn = file(&r, CHURN).unwrap();
    let raw_lines = f
        .git(&["cat-file", "blob", &format!("HEAD:{CHURN}")])
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    assert_eq!(churn["lines"], raw_lines as u64);
    assert!(raw_lines > 2400, "{raw_lines}");
    // every version of the JSON is a change in git's terms: Sam's re-runs are changes too
    let sam = contributor(&r, SAM);
    assert_eq!(
        (&sam["changes"], &sam["notebook_reruns"]),
        (&3.into(), &0.into())
    );
    assert_eq!(
        r["repository"]["unparsed_notebooks"], 0,
        "nothing is parsed"
    );
}

#[test]
fn the_setting_is_part_of_the_cache_key() {
    let f = notebooks();
    let (cells, _) = f.scan_json(&[]);
    let raw = with_config(&f, RAW, &[]);
    let (again, _) = f.scan_json(&[]);
    let lines = |r: &Value| contributor(r, DANA)["lines_added"].clone();
    assert_eq!(lines(&cells), 20);
    assert_ne!(lines(&raw), lines(&cells));
    assert_eq!(again, cells);
}

#[test]
fn an_unknown_setting_names_its_values() {
    let f = notebooks();
    let cfg = f.dir("cfg").join("c.toml");
    fs::write(&cfg, "[settings]\nnotebook_lines = \"json\"\n").unwrap();
    let out = f
        .mlowners()
        .args([
            "scan",
            "--format",
            "json",
            "--config",
            cfg.to_str().unwrap(),
        ])
        .arg(&f.repo)
        .output()
        .unwrap();
    assert_bad_input(&out, &["c.toml:2", "notebook_lines", "cells", "raw"]);
}
