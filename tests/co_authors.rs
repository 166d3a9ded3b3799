//! `Co-authored-by` trailers: found as git finds them, credited for authorship, activity and
//! roles, never for commits or lines.

mod common;

use std::collections::BTreeMap;
use std::fs;

use common::*;

/// Per co-author e-mail, the commits that name them, as git says: `%(trailers)` finds the
/// trailers, `check-mailmap` maps them; bots, the author and repeats are dropped as DESIGN says.
fn git_co_authored(f: &Fixture) -> BTreeMap<String, u64> {
    let log = f.git_str(&[
        "log",
        "--no-merges",
        "--use-mailmap",
        "--format=%aE%x00%(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1f)",
    ]);
    let mut counts = BTreeMap::new();
    for line in log.lines() {
        let (author, values) = line.split_once('\0').unwrap();
        let mut seen = Vec::new();
        for value in values.split('\x1f').filter(|v| v.contains('<')) {
            let mapped = f.git_str(&["check-mailmap", value.trim()]);
            let email = mapped
                .trim()
                .rsplit_once('<')
                .unwrap()
                .1
                .trim_end_matches('>');
            let email = email.to_lowercase();
            if email.contains("[bot]") || email == author.to_lowercase() || seen.contains(&email) {
                continue;
            }
            seen.push(email.clone());
            *counts.entry(email).or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn trailers_are_found_as_git_finds_them() {
    let f = build_fast_import("trailers");
    let expected = git_co_authored(&f);
    // what git's rules say of the fixture's shapes (a*@ count, n*@ do not)
    let mut counted: Vec<&str> = expected.keys().map(String::as_str).collect();
    counted.sort_by_key(|e| (e.len(), e.to_string()));
    assert_eq!(
        counted,
        [
            "a1@t.example",
            "a2@t.example",
            "a3@t.example",
            "a4@t.example",
            "a5@t.example",
            "a6@t.example",
            "a7@t.example",
            "a8@t.example",
            "a9@t.example",
            "a10@t.example",
            "a11@t.example",
            "mapped@t.example",
        ]
    );
    let (report, _) = f.scan_json(&["--no-cache"]);
    let got: BTreeMap<String, u64> = contributors(&report)
        .iter()
        .filter(|c| c["co_authored"].as_u64().unwrap() > 0)
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["co_authored"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    let a7 = contributor(&report, "a7@t.example");
    assert_eq!(a7["name"], "Ag Seven", "a folded value is one line");
    assert_eq!(a7["commits"], 0);
    assert_eq!(
        contributor(&report, "mapped@t.example")["name"],
        "Mapped Person"
    );
    assert!(!ids(&report).iter().any(|id| id.contains("[bot]")));
    let dan = contributor(&report, "dan@t.example");
    assert_eq!(
        (dan["commits"].as_u64(), dan["co_authored"].as_u64()),
        (Some(19), Some(0))
    );
}

#[test]
fn co_authors_an_ignored_reformat_and_an_alias_target_worked_by_hand() {
    let f = build_script("credit");
    let cfg = f.dir("cfg").join("c.toml");
    let include = "[settings]\ninclude = [\"ml/**\", \"serving/**\"]\n";
    fs::write(
        &cfg,
        format!("{include}[aliases]\n\"ana.old@home.org\" = \"ana@ds.example.com\"\n"),
    )
    .unwrap();
    let (r, _) = f.scan_json(&["--no-cache", "--config", cfg.to_str().unwrap()]);

    // Ana's id is the alias target, though ana.old@home.org has 3 commits to its 1.
    let ana = contributor(&r, "ana@ds.example.com");
    assert_eq!(
        ana["emails"],
        serde_json::json!(["ana.old@home.org", "ana@ds.example.com"])
    );
    assert_eq!(ana["commits"], 4);

    // ml/features.py: Ana creates (c1) and delivers c2 and c10; Fay's reformat (c8) is ignored.
    //   DOA(Ana) = 3.293 + 1.098 + 0.164·2 − 0.321·ln 1 = 4.719: the only author.
    // ml/train.py: Ana creates; c3–c5 are Carl's, each co-authored by Bea: 3 deliveries each,
    // 6 in all (c8 ignored).
    //   DOA(Ana)  = 4.391 − 0.321·ln 7             = 3.766
    //   DOA(Carl) = 3.293 + 0.164·3 − 0.321·ln 4   = 3.340 (ratio 0.887, ≥ 3.293: an author)
    //   DOA(Bea)  = 3.340, the same: an author through co-authorship alone (ties go by id).
    //   Without the co-author credit Bea would have no DOA, and Carl 3.785 against Ana's 3.946.
    // serving/Model.scala: Carl creates (c6) and delivers c7: 4.555, the only author.
    let authors = |p: &str| file(&r, p).unwrap()["authors"].clone();
    assert_eq!(
        authors("ml/features.py"),
        serde_json::json!(["ana@ds.example.com"])
    );
    assert_eq!(
        authors("ml/train.py"),
        serde_json::json!([
            "ana@ds.example.com",
            "bea@ds.example.com",
            "carl@se.example.com"
        ])
    );
    assert_eq!(
        authors("serving/Model.scala"),
        serde_json::json!(["carl@se.example.com"])
    );
    assert_eq!(
        file(&r, "ml/train.py").unwrap()["creator"],
        "ana@ds.example.com"
    );

    // Bus factor: Ana and Carl author 2 files each, Bea 1. Remove Ana (the tie goes to the
    // smaller id): train.py and Model.scala still have an author, 2 of 3 ≥ half; remove Carl:
    // 1 of 3 (train.py, by Bea) < half. Bus factor 2.
    assert_eq!(r["summary"]["bus_factor"], 2);
    assert_eq!(
        r["summary"]["key_people"],
        serde_json::json!(["ana@ds.example.com", "carl@se.example.com"])
    );

    // Bea: no commit and no line of her own, three co-authored changes, active through them,
    // too few sided changes (3 < 5) for a role.
    let bea = contributor(&r, "bea@ds.example.com");
    assert_eq!(bea["commits"], 0);
    assert_eq!(bea["lines_added"], 0);
    assert_eq!(bea["co_authored"], 3);
    assert_eq!(bea["changes"], 3);
    assert_eq!(bea["active"], true);
    assert_eq!(bea["role"], "unknown");
    assert_eq!(bea["role_evidence"], serde_json::json!({"ds": 3}));
    assert_eq!(bea["files_authored"], 1);
    // Carl keeps his commits and lines; Fay's only change is ignored: she is not active.
    assert_eq!(contributor(&r, "carl@se.example.com")["commits"], 5);
    let fay = contributor(&r, "fay@ops.example.com");
    assert_eq!(
        (fay["active"].as_bool(), fay["commits"].as_u64()),
        (Some(false), Some(1))
    );

    // Without the alias, the e-mail with the most commits is the id.
    fs::write(&cfg, include).unwrap();
    let (plain, _) = f.scan_json(&["--no-cache", "--config", cfg.to_str().unwrap()]);
    assert_eq!(
        file(&plain, "ml/train.py").unwrap()["creator"],
        "ana.old@home.org"
    );
}
